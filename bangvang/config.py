"""The one typed configuration: site.yaml merged over defaults, plus paths and build options."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import yamlstrict
from .errors import ConfigError, Problem
from .schema import FieldReader
from .yamlstrict import YMap

GENERATOR_ROOT = Path(__file__).resolve().parent.parent
BUILTIN_TEMPLATES = GENERATOR_ROOT / "templates"
BUILTIN_THEME = GENERATOR_ROOT / "theme"
_SLUG_SEGMENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Prefixes:
    """First URL segment of each page family; Vietnamese by default."""

    articles: str = "tin-tuc"
    units: str = "don-vi"
    campaigns: str = "phong-trao"
    honours: str = "bang-vang"
    awardees: str = "vinh-danh"
    tags: str = "chu-de"
    search: str = "tim-kiem"
    pagination: str = "trang"


@dataclass(frozen=True, slots=True)
class Limits:
    """Input limits that keep a hostile or broken file from stalling a build."""

    # A national campaign's roll of 50,000 names is about 2.7 MB of front matter: it must build.
    max_file_bytes: int = 4_000_000
    max_front_matter_bytes: int = 3_000_000
    max_awardees: int = 50_000
    # Python-Markdown's inline parser is quadratic in unclosed openers within one block and recursive
    # in nesting depth (bench: 4,000 unclosed "[" in a paragraph take 2.5 s, 16,000 would take 40 s;
    # 1,000 nested list levels overflow the stack). Under these limits any body renders in a few seconds.
    max_markup_per_block: int = 3_000  # "[" and "<" in one paragraph (HTML blocks such as tables excepted)
    max_nesting: int = 16  # levels of quotes (>) and lists


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str = "Bảng Vàng"
    description: str = ""
    base_url: str = "http://localhost:8000/"
    language: str = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    per_page: int = 10
    roll_page_size: int = 500
    roll_preview: int = 100  # rows of a unit's or campaign's roll shown on its own page; the rest on roll pages
    publisher: str = ""
    prefixes: Prefixes = field(default_factory=Prefixes)
    limits: Limits = field(default_factory=Limits)
    root: Path = Path(".")
    content_dir: Path = Path("content")
    templates_dir: Path = BUILTIN_TEMPLATES
    theme_dir: Path = BUILTIN_THEME
    static_dir: Path | None = None  # static/ beside content/: copied as it is to the output's root
    output_dir: Path = Path("output")
    cache_dir: Path = Path(".bangvang-cache")
    config_path: Path | None = None
    drafts: bool = False
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of base_url ("/" or "/congdoan/"): every internal link starts with it."""
        after_host = self.base_url.split("://", 1)[-1]
        return "/" + after_host.split("/", 1)[1] if "/" in after_host else "/"

    @property
    def content_prefix(self) -> str:
        """How messages name the content folder: relative to the site root ("content/") when inside it."""
        return self.display(self.content_dir) + "/"

    def display(self, path: Path) -> str:
        """A path as messages show it: relative to the site root when inside it."""
        path = path if path.is_absolute() else path.resolve()  # paths in the config are resolved already
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

    def protected_paths(self) -> dict[str, Path]:
        """What an output folder must never contain or be (its replacement would destroy them)."""
        paths = {"thư mục nội dung": self.content_dir, "thư mục mẫu": self.templates_dir,
                 "thư mục giao diện": self.theme_dir, "thư mục bộ nhớ đệm": self.cache_dir}
        if self.static_dir:
            paths["thư mục tĩnh"] = self.static_dir
        if self.config_path:
            paths["tệp cấu hình"] = self.config_path
        return paths

    @property
    def origin(self) -> str:
        return self.base_url[: len(self.base_url) - len(self.base_path)]


SITE_KEYS = ("title", "description", "base_url", "language", "timezone", "per_page",
             "roll_page_size", "roll_preview", "publisher", "prefixes", "limits", "publish")
# `publish:` (where the built site goes) is read and checked by the publish command only (bangvang/publish/).


def build_now() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so reproducible builds can pin it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else time.time()
    return datetime.fromtimestamp(seconds, timezone.utc)


def load_config(config_path: Path | None = None, *, content_dir: Path | None = None,
                output_dir: Path | None = None, cache_dir: Path | None = None, drafts: bool = False) -> SiteConfig:
    """Read site.yaml (optional) and resolve every path; raises ConfigError with all problems."""
    if config_path is None:
        config_path = Path("site.yaml")
    root = config_path.resolve().parent
    display = _display(config_path)
    settings: dict = {}
    if config_path.is_file():
        settings = parse_site_yaml(config_path.read_bytes(), display)
    elif config_path != Path("site.yaml"):
        raise ConfigError([Problem(display, None, "Không tìm thấy tệp cấu hình.",
                                   hint="Kiểm tra đường dẫn sau --config.")])
    content = (content_dir or root / "content").resolve()
    if not content.is_dir():
        raise ConfigError([Problem(_display(content), None, "Không tìm thấy thư mục nội dung.",
                                   hint="Chỉ đúng thư mục bằng --content.")])
    templates = root / "templates"
    theme = root / "theme"
    static = root / "static"
    return SiteConfig(
        **settings,
        root=root,
        content_dir=content,
        templates_dir=(templates if templates.is_dir() else BUILTIN_TEMPLATES).resolve(),
        theme_dir=(theme if theme.is_dir() else BUILTIN_THEME).resolve(),
        static_dir=static.resolve() if static.is_dir() else None,
        output_dir=(output_dir or root / "output").resolve(),
        cache_dir=(cache_dir or root / ".bangvang-cache").resolve(),
        config_path=config_path.resolve() if config_path.is_file() else None,
        drafts=drafts,
        now=build_now(),
    )


def parse_site_yaml(data: bytes, path: str) -> dict:
    """site.yaml → keyword arguments for SiteConfig (pure)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError([Problem(path, None, "Tệp cấu hình không phải UTF-8.",
                                   hint="Lưu lại tệp với bảng mã UTF-8.")]) from None
    tree, problems = yamlstrict.load(text.replace("\r\n", "\n"), path)
    if tree is None:
        if problems:
            raise ConfigError(problems)
        return {}
    reader = FieldReader(path)
    root = reader.mapping(tree, "site.yaml")
    settings = _read_settings(reader, root) if root else {}
    if problems or reader.problems:
        raise ConfigError(problems + reader.problems)
    return settings


def _read_settings(reader: FieldReader, root: YMap) -> dict:
    reader.check_keys(root, SITE_KEYS)
    out: dict = {}
    for key in ("title", "description", "publisher", "language"):
        value = reader.text(root.get(key), key)
        if value is not None:
            out[key] = value
    for key in ("per_page", "roll_page_size", "roll_preview"):
        number = reader.integer(root.get(key), key, minimum=1)
        if number is not None:
            out[key] = number
    base = reader.text(root.get("base_url"), "base_url")
    if base is not None:
        if not re.match(r"^https?://[^/\s]+(/[^\s?#]*)?$", base):
            reader.error(root.get("base_url"), "base_url", f"“{base}” không phải địa chỉ web đầy đủ.",
                         "Viết đầy đủ, ví dụ https://congdoan.example.org/ hoặc https://example.org/congdoan/.")
        else:
            out["base_url"] = base if base.endswith("/") else base + "/"
    tz = reader.text(root.get("timezone"), "timezone")
    if tz is not None:
        try:
            ZoneInfo(tz)
            out["timezone"] = tz
        except (ZoneInfoNotFoundError, ValueError):
            reader.error(root.get("timezone"), "timezone", f"Không biết múi giờ “{tz}”.",
                         "Dùng tên IANA, ví dụ Asia/Ho_Chi_Minh.")
    out.update(_read_group(reader, root, "prefixes", Prefixes, _check_prefix))
    out.update(_read_group(reader, root, "limits", Limits, None))
    return out


def _read_group(reader: FieldReader, root: YMap, key: str, cls: type, check) -> dict:
    node = reader.mapping(root.get(key), key)
    if node is None:
        return {}
    names = tuple(f.name for f in fields(cls))
    reader.check_keys(node, names, prefix=f"{key}.")
    values = {}
    for name in names:
        child = node.get(name)
        if child is None:
            continue
        if cls is Limits:
            value = reader.integer(child, f"{key}.{name}", minimum=1)
        else:
            value = reader.text(child, f"{key}.{name}")
            if value is not None and check and not check(reader, child, f"{key}.{name}", value):
                value = None
        if value is not None:
            values[name] = value
    return {key: cls(**values)}


def _check_prefix(reader: FieldReader, node, field_name: str, value: str) -> bool:
    if _SLUG_SEGMENT.match(value):
        return True
    reader.error(node, field_name, f"Tiền tố đường dẫn “{value}” không hợp lệ.",
                 "Chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ tin-tuc.")
    return False


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
