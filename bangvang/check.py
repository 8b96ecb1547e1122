"""`check`: everything a build validates, and more, without writing anything.

Beyond the build's own checks: site-absolute links and #fragments in article bodies, every link the
templates produce (pages are rendered in memory and crawled), images without a text alternative, source
photos over a size, and possible duplicate people (the same name without accents in the same unit, spelt differently).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass
from urllib.parse import unquote, urlsplit

from .assemble import Site
from .config import SiteConfig
from .errors import WARNING, BangVangError, Problem, sorted_problems
from .model import KIND_LABELS, Reference
from .pages import all_jobs
from .photos import image_uses, missing_alt, photo_outputs
from .pipeline import load_site, static_files, theme_files
from .publish.targets import publish_problems
from .render import make_env, render_job
from .text import fold, ref_key
from .vnformat import format_number

_ID = re.compile(r'\sid="([^"]+)"')
_LINK = re.compile(r'\s(?:href|src)="([^"]*)"')


@dataclass(frozen=True)
class CheckResult:
    problems: tuple[Problem, ...]
    articles: int
    pages: int
    merges: tuple[str, ...] = ()  # one honour reported by several articles, counted once: what was joined

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def check_site(config: SiteConfig) -> CheckResult:
    try:
        loaded = load_site(config, env=make_env(config), keep_photos=False)
    except BangVangError as exc:
        return CheckResult(exc.problems, 0, 0)
    site = loaded.site
    problems = list(loaded.warnings)
    pages, broken = crawl(site, config)
    body_problems, body_links = check_body_links(site, pages)
    problems += body_problems
    problems += [p for (page, link), p in broken.items() if (page, link) not in body_links]
    problems += possible_duplicates(site)
    problems += oversized_photos(site, loaded.asset_paths)
    problems += missing_alt(site, everywhere=True)
    problems += publish_problems(config)
    return CheckResult(tuple(sorted_problems(problems)), len(site.articles), len(pages), merges_made(site))


def merges_made(site: Site) -> tuple[str, ...]:
    """Each honour that several articles report, with where: an editor can see what was counted once."""
    prefix = site.config.content_prefix
    lines = []
    for honour in site.honours:
        reports = site.reports.get((honour.article, honour.index))
        if not reports:
            continue
        award = site.registry.awards[honour.award].name
        who = f"“{honour.name}”" if not honour.is_counted else "dòng số lượng " + ", ".join(
            f"{format_number(n)} {KIND_LABELS[k]}" for k, n in honour.counts)
        places = " và ".join(f"{prefix}{source}:{site.article(source).honours[index].line}" for source, index in reports)
        lines.append(f"Gộp làm một lượt vinh danh: {who}, {award} năm {honour.period.label} ({places}).")
    return tuple(lines)


def crawl(site: Site, config: SiteConfig) -> tuple[dict[str, set[str]], dict[tuple[str, str], Problem]]:
    """Render every page in memory; return {output path: ids} and {(page, link): problem} for broken links."""
    env = make_env(config)
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    for job in all_jobs(site):
        rel = site.urls.output_path(job.url)
        data = render_job(env, job)
        if rel.endswith(".html"):
            text = data.decode("utf-8")
            ids[rel] = set(_ID.findall(text))
            links += [(rel, html.unescape(link)) for link in _LINK.findall(text)]
        else:
            ids[rel] = set()
    # the site's theme laid over the built-in one, static/, files next to articles, the photos' processed files
    known = set(ids) | set(theme_files(config)) | set(site.assets) | set(static_files(config)) | photo_outputs(site)
    problems = {}
    for page, link in sorted(set(links)):
        missing = _missing_target(site, link, known, ids)
        if missing:
            problems[(page, link)] = Problem(f"(trang) {page}", None, f"Liên kết “{link}” hỏng: {missing}.",
                                             hint="Lỗi trong mẫu giao diện (templates/).", code="template-link")
    return ids, problems


def _missing_target(site: Site, link: str, known: set[str], ids: dict[str, set[str]]) -> str:
    parts = urlsplit(link)
    if parts.scheme or link.startswith("//") or not parts.path:
        return ""
    base = site.urls.base
    path = unquote(parts.path)
    if not path.startswith(base):
        return "nằm ngoài địa chỉ gốc của trang"
    rel = site.urls.output_path(path)
    if rel not in known:
        return "không có trang này"
    if parts.fragment and rel in ids and unquote(parts.fragment) not in ids[rel]:
        return f"trang không có mục #{parts.fragment}"
    return ""


def check_body_links(site: Site, ids: dict[str, set[str]]) -> tuple[list[Problem], set[tuple[str, str]]]:
    """Site paths ("/bang-vang/") and #fragments written in Markdown, reported at their line.
    Also returns the (page, URL) pairs they cover, so the page crawl does not report them again."""
    problems, covered = [], set()
    for item in (*site.articles, *site.pages):
        display = site.config.content_prefix + item.source
        page_url = site.link_targets[item.source]
        for ref in item.references:
            message, url = _body_link_problem(site, ref, ids)
            if message:
                problems.append(Problem(display, ref.line or None, message, code="link",
                                        hint="Sửa đường dẫn; liên kết tới bài khác nên viết đường dẫn tới tệp .md."))
                covered.add((site.urls.output_path(page_url), url))
    return problems, covered


def _body_link_problem(site: Site, ref: Reference, ids: dict[str, set[str]]) -> tuple[str, str]:
    """(message, the URL as rendered) for a broken body link; ("", "") when it is fine."""
    if ref.target.startswith("@"):
        url = site.urls.site(ref.target[1:])
    elif ref.target in site.link_targets:
        url = site.link_targets[ref.target]
    else:
        return "", ""  # missing files are the build's own error
    rendered = url + (f"#{ref.fragment}" if ref.fragment else "")
    rel = site.urls.output_path(url)
    if rel not in ids and not rel.startswith("theme/") and rel not in site.assets and rel not in photo_outputs(site):
        return f"Liên kết “{ref.written}” trỏ tới trang không có trên site.", rendered
    if ref.fragment and rel in ids and ref.fragment not in ids[rel]:
        return f"Liên kết “{ref.written}”: trang đích không có mục #{ref.fragment}.", rendered
    return "", ""


def possible_duplicates(site: Site) -> list[Problem]:
    """Same name without accents, same unit, different spellings: often one person typed twice."""
    groups: dict[tuple[str, str], dict[str, tuple[str, int]]] = {}
    for honour in site.honours:
        if not honour.is_counted:
            spellings = groups.setdefault((fold(honour.name), honour.unit), {})
            spellings.setdefault(honour.name, (honour.article, honour.line))
    problems = []
    prefix = site.config.content_prefix
    for (_, unit), spellings in sorted(groups.items()):
        if len({ref_key(name) for name in spellings}) < 2:
            continue
        names = sorted(spellings)
        places = ", ".join(f"{prefix}{spellings[n][0]}:{spellings[n][1]}" for n in names)
        article, line = spellings[names[0]]
        problems.append(Problem(
            prefix + article, line,
            "Có thể là cùng một người/tập thể viết khác nhau: " + ", ".join(f"“{n}”" for n in names)
            + f" (đơn vị {site.registry.units[unit].name}; {places}).",
            hint="Nếu là một người, sửa cho cùng cách viết hoặc thêm cùng một id; nếu khác người, bỏ qua.",
            severity=WARNING, code="duplicate-person"))
    return problems


def oversized_photos(site: Site, asset_paths) -> list[Problem]:
    """Source photos over images.check_max_kb: published resized either way, but they bloat the site's folder
    (and its git history) and slow every upload."""
    limit = site.config.images.check_max_kb
    uses = image_uses(site)
    problems = []
    for rel in site.images:
        size = asset_paths[rel].stat().st_size
        if size > limit * 1000:
            use = uses[rel][0]
            problems.append(Problem(use.display, use.line, f"Ảnh “{use.written}” nặng {format_number(size // 1000)} KB, "
                                    f"quá {format_number(limit)} KB (images.check_max_kb trong site.yaml).",
                                    field=use.field, hint="Ảnh được thu nhỏ khi dựng, nhưng tệp gốc nặng làm kho nội "
                                    "dung phình to: thu nhỏ còn khoảng 3000 điểm ảnh chiều ngang trước khi đưa lên.",
                                    severity=WARNING, code="image-size"))
    return problems


def as_json(result: CheckResult) -> str:
    payload = {
        "ok": result.errors == 0,
        "errors": result.errors,
        "warnings": result.warnings,
        "articles": result.articles,
        "pages": result.pages,
        "problems": [asdict(p) for p in result.problems],
        "merges": list(result.merges),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True)
