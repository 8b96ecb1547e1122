"""`new`: a new article with its front matter filled in and checked against the registries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .config import SiteConfig
from .discover import ARTICLES_DIR, find_sources
from .errors import BuildFailed, Problem
from .markup import MarkdownRenderer
from .pipeline import read_registries
from .registry import Registry, suggestion_text
from .parse import TITLE_SLUG_MAX
from .text import slugify
from .write import create_new_file

TEMPLATE = """\
---
title: {title}
date: {date}
{slug}draft: true                       # xoá dòng này (hoặc đổi thành false) khi bài sẵn sàng đăng
unit: {unit}
{campaign}summary: ""                       # tóm tắt ngắn; bỏ trống thì lấy đoạn đầu bài
author: ""
tags: []
# Danh sách người, tập thể được vinh danh, theo thứ tự trong bài (bỏ dấu # ở đầu dòng để dùng):
# awardees:
#   - name: "Nguyễn Văn A"           # họ và tên, hoặc tên tập thể
#     kind: ca-nhan                  # ca-nhan, tap-the, ho-gia-dinh hoặc don-vi (đơn vị trong units.yaml)
#     award: bang-khen               # mã hoặc tên trong content/awards.yaml
#     status: da-trao                # da-trao (đã trao), de-nghi (mới đề nghị), du-kien (sẽ trao)
#     awarded_by: {unit_id}  # đơn vị tặng (mã trong units.yaml) hoặc chữ tự do
#     year: {year}
#     position: "Chủ tịch Công đoàn cơ sở"
#     achievement: "Sáng kiến ..."
#   - count: {{tap-the: 5, ca-nhan: 10}}   # khen thưởng chỉ nêu số lượng
#     award: giay-khen
---
Viết đoạn mở đầu ở đây.

## Tiêu đề mục

Nội dung bài viết.
"""


@dataclass(frozen=True)
class NewArticle:
    path: Path
    text: str
    preview: str  # the article's path on the preview server


def plan_article(title: str, units: list[str], campaigns: list[str], registry: Registry, config: SiteConfig,
                 now: datetime, slug: str | None = None) -> NewArticle:
    """The file to create (pure); raises BuildFailed naming each unknown unit or campaign."""
    problems: list[Problem] = []
    title = " ".join(title.split())
    if not title:
        problems.append(Problem("new", None, "Tiêu đề trống.", hint="Ghi tiêu đề trong ngoặc kép sau lệnh new."))
    unit_ids = [_resolve(registry.unit_lookup, u, "đơn vị", "--unit", problems) for u in units]
    campaign_ids = [_resolve(registry.campaign_lookup, c, "phong trào", "--campaign", problems) for c in campaigns]
    if not units:
        problems.append(Problem("new", None, "Thiếu đơn vị.", hint="Thêm --unit <mã hoặc tên đơn vị>."))
    name = slug or slugify(title) or "bai-viet"
    if slug and slugify(slug) != slug:
        suggestion = slugify(slug)
        problems.append(Problem("new", None, f"Đường dẫn “{slug}” (--slug) không hợp lệ.",
                                hint="Chỉ dùng chữ thường không dấu, số và dấu gạch ngang"
                                     + (f", ví dụ {suggestion}." if suggestion else ".")))
    if problems:
        raise BuildFailed(problems)
    local = now.astimezone(config.tz)
    campaign = ""
    if campaign_ids:
        campaign = "campaign:\n" + "".join(f"  - {c}\n" for c in campaign_ids)
    slug_line = f"slug: {slug}                  # đường dẫn của bài: /{config.prefixes.articles}/{slug}/\n" if slug else ""
    text = TEMPLATE.format(title=_quote(title), date=f"{local:%Y-%m-%d %H:%M}", unit=_yaml_list(unit_ids),
                           campaign=campaign, unit_id=unit_ids[0], year=local.year, slug=slug_line)
    path = config.content_dir / ARTICLES_DIR / str(local.year) / f"{name}.md"
    return NewArticle(path, text, preview_path(config, slug or slugify(title, TITLE_SLUG_MAX) or name))


def preview_path(config: SiteConfig, slug: str) -> str:
    """The article's address on the preview server, from the site root (serve shows drafts)."""
    return f"/{config.prefixes.articles}/{slug}/"


def create_article(config: SiteConfig, title: str, units: list[str], campaigns: list[str],
                   slug: str | None = None) -> NewArticle:
    sources = find_sources(config.content_dir, config.content_prefix)
    registry, problems, _, _ = read_registries(sources, MarkdownRenderer())
    errors = [p for p in problems if p.is_error]
    if errors:
        raise BuildFailed(errors)
    planned = plan_article(title, units, campaigns, registry, config, config.now, slug)
    if planned.path.exists():
        raise BuildFailed([Problem(config.display(planned.path), None, "Tệp đã có; không ghi đè.",
                                   hint="Đổi tiêu đề, hoặc đặt tên tệp khác bằng --slug.", code="exists")])
    create_new_file(planned.path, planned.text.encode("utf-8"))
    return planned


def _resolve(lookup, text: str, noun: str, option: str, problems: list[Problem]) -> str:
    found = lookup.resolve(text)
    if found is None:
        problems.append(Problem("new", None, f"Không tìm thấy {noun} “{text}” ({option}).",
                                hint=suggestion_text(lookup.suggest(text)), code="unknown"))
        return ""
    return found


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml_list(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else "[" + ", ".join(ids) + "]"

