"""`init`: a new site of the editor's own, beside nothing: site.yaml, the three registries (the awards
registry is the example's, which follows the union's rules of commendation), a first stand-alone page,
static/ and a .gitignore. Never writes over a file that is already there."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import GENERATOR_ROOT
from .errors import BuildFailed, Problem
from .text import slugify
from .usage import program_name
from .write import create_new_file

SITE_YAML = """\
# Cấu hình trang (mọi khoá đều không bắt buộc; xem README, mục site.yaml).
title: "{title}"
description: "Tin tức và bảng vàng thi đua, khen thưởng của {name}."
# Địa chỉ thật của trang: sửa trước khi xuất bản (lệnh publish từ chối địa chỉ mẫu này).
base_url: "https://congdoan.example.vn/"
timezone: Asia/Ho_Chi_Minh
publisher: "{name}"
branding:
  footer: "{name}"
# Nơi xuất bản (xem README, mục Xuất bản). Ví dụ: một tệp nén mở được từ USB.
# publish:
#   - name: usb
#     type: zip
#     path: ban-in/trang.zip
"""

UNITS_YAML = """\
# Danh mục đơn vị (cây tổ chức công đoàn). Mỗi đơn vị: id (chữ thường không dấu, số, gạch ngang), name;
# không bắt buộc: short (tên ngắn), aliases (tên khác), parent (đơn vị cấp trên: mã hoặc tên; nhiều tuyến
# lãnh đạo thì ghi danh sách, tuyến trực tiếp trước: [ldld-tinh, cd-nganh]), until (ngày cuối hoạt động),
# successor (đơn vị kế tục), ended (sap-nhap, giai-the hoặc doi-ten).
- id: {unit_id}
  name: {name}
# - id: cdcs-vi-du
#   name: Công đoàn cơ sở Ví dụ
#   parent: {unit_id}
"""

CAMPAIGNS_YAML = """\
# Danh mục phong trào thi đua: id, name; không bắt buộc: short, aliases, launched_by (id đơn vị),
# period ("2021-2025"), description. Bỏ dấu # ở các dòng dưới để dùng.
# - id: lao-dong-gioi
#   name: Lao động giỏi, lao động sáng tạo
#   launched_by: {unit_id}
[]
"""

ABOUT_MD = """\
---
title: "Giới thiệu"
---
{name}: giới thiệu ngắn về đơn vị, địa chỉ, điện thoại liên hệ.
"""

GITIGNORE = """\
output/
.bangvang-cache/
"""


@dataclass(frozen=True)
class Started:
    folder: Path
    files: tuple[Path, ...]
    unit_id: str


# Short ids as unions write them: Liên đoàn Lao động tỉnh Nghệ An → ldld-nghe-an.
ID_PREFIXES = (("lien-doan-lao-dong-", "ldld-"), ("cong-doan-vien-chuc-", "cdvc-"), ("cong-doan-", "cd-"))
ID_LEVELS = ("tinh-", "thanh-pho-", "quan-", "huyen-", "thi-xa-")


def unit_id_for(name: str) -> str:
    slug = slugify(name) or "don-vi"
    for long, short in ID_PREFIXES:
        if slug.startswith(long):
            rest = slug.removeprefix(long)
            for level in ID_LEVELS:
                if rest.startswith(level) and len(rest) > len(level):
                    rest = rest.removeprefix(level)
                    break
            return short + rest
    return slug


def plan_site(name: str) -> dict[str, str]:
    """The files of a new site (path in the folder → text); pure."""
    name = " ".join(name.split())
    unit_id = unit_id_for(name)
    values = {"name": name, "title": name, "unit_id": unit_id}
    awards = (GENERATOR_ROOT / "content/awards.yaml").read_text(encoding="utf-8")
    return {
        "site.yaml": SITE_YAML.format(**values),
        "content/units.yaml": UNITS_YAML.format(**values),
        "content/campaigns.yaml": CAMPAIGNS_YAML.format(**values),
        "content/awards.yaml": awards,
        "content/trang/gioi-thieu.md": ABOUT_MD.format(**values),
        ".gitignore": GITIGNORE,
    }


def start_site(folder: Path, name: str) -> Started:
    """Write a new site into `folder` (made if missing); refuses, writing nothing, when a file of the new
    site is already there or the name is empty."""
    problems: list[Problem] = []
    if not " ".join(name.split()):
        problems.append(Problem("init", None, "Thiếu tên đơn vị của trang.",
                                hint='Thêm --unit "Liên đoàn Lao động tỉnh …" (tên đầy đủ của công đoàn).',
                                code="init"))
        raise BuildFailed(problems)
    files = plan_site(name)
    for rel in files:
        if (folder / rel).exists() or (rel == "site.yaml" and (folder / "content").exists()):
            problems.append(Problem(_display(folder / rel), None, "Thư mục đã có một trang (tệp này đã có); không ghi đè.",
                                    hint=f"Chọn một thư mục trống: {program_name()} init ten-thu-muc-moi --unit \"…\".",
                                    code="exists"))
            break
    if problems:
        raise BuildFailed(problems)
    written = []
    for rel, text in files.items():
        create_new_file(folder / rel, text.encode("utf-8"))
        written.append(folder / rel)
    for empty in ("content/tin-tuc", "static"):
        (folder / empty).mkdir(parents=True, exist_ok=True)
    return Started(folder, tuple(written), unit_id_for(" ".join(name.split())))


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
