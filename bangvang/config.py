"""The one typed configuration: site.yaml merged over defaults, plus paths and build options."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import time
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import yamlstrict
from .errors import ConfigError, Problem
from .schema import FieldReader
from .yamlstrict import YMap, YSeq

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
class MenuItem:
    title: str
    url: str  # as written: an internal path ("/bang-vang/", under the base path) or a full http(s) URL


@dataclass(frozen=True, slots=True)
class Branding:
    """The union's own look (site.yaml `branding:`); every field is optional."""

    logo: str = ""  # path relative to the site root ("theme/logo.svg"), published at the same path
    logo_line: int = 0  # in site.yaml, for the message about a missing file
    logo_size: tuple[int, int] = (0, 0)  # width and height read from the file (kept for no layout shift)
    logo_digest: str = ""  # the file's bytes change the output without any path changing
    colors: tuple[tuple[str, str], ...] = ()  # (name, "#rrggbb") in COLOR_ROLES order
    menu: tuple[MenuItem, ...] = ()
    footer: str = ""
    social: tuple[tuple[str, str], ...] = ()  # (network, URL) in SOCIAL_NETWORKS order


# What each colour paints, and the text it must stay readable against (WCAG AA, 4.5:1 for body text).
# The page background (#fdfcf8) is the lightest text primary carries and the darkest it sits on.
COLOR_ROLES = {
    "primary": ("#fdfcf8", "chữ trắng trên nền màu này (đầu trang, nút bấm) và chữ liên kết màu này trên nền trang",
                "Chọn màu sẫm hơn."),
    "accent": ("#1d1b16", "chữ sẫm trên nền màu này (tiêu đề bảng, chữ được đánh dấu)", "Chọn màu sáng hơn."),
}
SOCIAL_NETWORKS = {"facebook": "Facebook", "zalo": "Zalo", "youtube": "YouTube", "tiktok": "TikTok"}
BRANDING_KEYS = ("logo", "colors", "menu", "footer", "social")
MIN_CONTRAST = 4.5
_HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_FULL_URL = re.compile(r"^https?://[^/\s]+(/\S*)?$")


@dataclass(frozen=True, slots=True)
class ImageSettings:
    """site.yaml `images:`: how article photos are resized and published (bangvang/imaging.py)."""

    widths: tuple[int, ...] = (480, 960, 1600)  # responsive widths; an image is never made wider than it is
    quality: int = 80  # WebP, JPEG and AVIF quality, 1-100
    avif: bool = False  # also publish AVIF variants (smaller, slower to make)
    originals: bool = False  # also publish the full-size photo (metadata stripped like every other file)
    max_megapixels: int = 50  # a larger image (or a decompression bomb) is refused
    check_max_kb: int = 8000  # `check` warns about a source photo larger than this


@functools.lru_cache(maxsize=256)  # content_prefix names every page's origin: thousands of calls per build
def _display_in(path: Path, root: Path) -> str:
    """SiteConfig.display of an absolute path (paths in the config are resolved already)."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


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
    branding: Branding = field(default_factory=Branding)
    images: ImageSettings = field(default_factory=ImageSettings)
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
        return _display_in(path if path.is_absolute() else path.resolve(), self.root)

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
             "roll_page_size", "roll_preview", "publisher", "prefixes", "limits", "publish", "branding", "images")
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
        settings = parse_site_yaml(config_path.read_bytes(), display, root)
    elif config_path != Path("site.yaml"):
        raise ConfigError([Problem(display, None, "Không tìm thấy tệp cấu hình.",
                                   hint="Kiểm tra đường dẫn sau --config.")])
    content = (content_dir or root / "content").resolve()
    if not content.is_dir():
        from .usage import program_name

        hint = "Chỉ đúng thư mục bằng --content."
        if content_dir is None and not config_path.is_file():  # no site here at all: say how to start one
            hint = (f"Chạy lệnh trong thư mục của trang (có site.yaml và content/), hoặc bắt đầu một trang mới: "
                    f"{program_name()} init --unit \"Tên công đoàn của bạn\".")
        raise ConfigError([Problem(_display(content), None, "Không tìm thấy thư mục nội dung.", hint=hint)])
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


def parse_site_yaml(data: bytes, path: str, site_root: Path | None = None) -> dict:
    """site.yaml → keyword arguments for SiteConfig. Pure, but for the logo file when site_root is given:
    a missing logo is then said with the file's other mistakes, in line order."""
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
    found = problems + reader.problems
    if site_root is not None and settings.get("branding"):
        settings["branding"], logo_problems = _with_logo_file(settings["branding"], site_root, path)
        for problem in logo_problems:
            at = next((i for i, other in enumerate(found) if (other.line or 0) > (problem.line or 0)), len(found))
            found.insert(at, problem)
    if found:
        raise ConfigError(found)
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
    branding = _read_branding(reader, root.get("branding"))
    if branding is not None:
        out["branding"] = branding
    out.update(_read_group(reader, root, "prefixes", Prefixes, _check_prefix))
    out.update(_read_group(reader, root, "limits", Limits, None))
    images = _read_images(reader, root)
    if images is not None:
        out["images"] = images
    return out


def _read_images(reader: FieldReader, root: YMap) -> ImageSettings | None:
    node = reader.mapping(root.get("images"), "images")
    if node is None:
        return None
    names = tuple(f.name for f in fields(ImageSettings))
    reader.check_keys(node, names, prefix="images.")
    values: dict = {}
    widths = reader.text_list(node.get("widths"), "images.widths")
    if widths:
        numbers = []
        for i, (text, item) in enumerate(widths):
            number = reader.integer(item, f"images.widths[{i + 1}]", minimum=16)
            if number is not None and number > 8000:
                reader.error(item, f"images.widths[{i + 1}]", "Chiều rộng ảnh tối đa là 8000 điểm ảnh.")
            elif number is not None:
                numbers.append(number)
        values["widths"] = tuple(sorted(set(numbers)))
    for name in ("quality", "max_megapixels", "check_max_kb"):
        number = reader.integer(node.get(name), f"images.{name}", minimum=1)
        if number is not None and name == "quality" and number > 100:
            reader.error(node.get(name), "images.quality", "Chất lượng ảnh từ 1 đến 100.", "Thường dùng 75–85.")
        elif number is not None:
            values[name] = number
    for name in ("avif", "originals"):
        if node.get(name) is not None:
            values[name] = reader.flag(node.get(name), f"images.{name}")
    return ImageSettings(**values)


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


def _read_branding(reader: FieldReader, node) -> Branding | None:
    branding = reader.mapping(node, "branding")
    if branding is None:
        return None
    reader.check_keys(branding, BRANDING_KEYS, prefix="branding.")
    logo = reader.text(branding.get("logo"), "branding.logo") or ""
    if logo:
        logo = logo.replace("\\", "/").strip()
        parts = logo.split("/")
        if logo.startswith("/") or re.match(r"^[A-Za-z]:", logo) or ".." in parts or not logo.lower().endswith(
                (".svg", ".png")):
            reader.error(branding.get("logo"), "branding.logo", f"Logo “{logo}” không hợp lệ.",
                         "Chỉ dùng tệp .svg hoặc .png nằm trong thư mục của site.yaml, ví dụ theme/logo.svg.")
            logo = ""
    return Branding(logo=logo, logo_line=branding.get("logo").line if logo else 0,
                    colors=_read_colors(reader, branding.get("colors")), menu=_read_menu(reader, branding.get("menu")),
                    footer=(reader.text(branding.get("footer"), "branding.footer") or "").strip(),
                    social=_read_social(reader, branding.get("social")))


def _read_colors(reader: FieldReader, node) -> tuple[tuple[str, str], ...]:
    colors = reader.mapping(node, "branding.colors")
    if colors is None:
        return ()
    reader.check_keys(colors, tuple(COLOR_ROLES), prefix="branding.colors.")
    out = []
    for name, (text_color, where, hint) in COLOR_ROLES.items():
        field_name = f"branding.colors.{name}"
        value = reader.text(colors.get(name), field_name)
        if value is None:
            continue
        value = value.strip()
        if not _HEX_COLOR.match(value):
            reader.error(colors.get(name), field_name, f"Màu “{value}” không hợp lệ.",
                         "Viết mã màu dạng #rrggbb trong ngoặc kép, ví dụ \"#0b5394\".")
            continue
        value = _long_hex(value)
        ratio = contrast_ratio(value, text_color)
        if ratio < MIN_CONTRAST:
            reader.error(colors.get(name), field_name,
                         f"Màu “{value}” không đủ tương phản cho {where}: {ratio:.2f}:1, cần ít nhất "
                         f"{MIN_CONTRAST}:1 (WCAG AA).",
                         hint)
            continue
        out.append((name, value))
    return tuple(out)


def _read_menu(reader: FieldReader, node) -> tuple[MenuItem, ...]:
    if node is None:
        return ()
    if not isinstance(node, YSeq):
        reader.error(node, "branding.menu", "Cần một danh sách mục menu, mỗi mục có title và url.",
                     "Ví dụ: - {title: \"Bảng vàng\", url: /bang-vang/}")
        return ()
    items = []
    for i, item in enumerate(node.items, 1):
        field_name = f"branding.menu[{i}]"
        entry = reader.mapping(item, field_name)
        if entry is None:
            continue
        reader.check_keys(entry, ("title", "url"), prefix=f"{field_name}.")
        title = reader.require(entry, "title", f"{field_name}.title")
        url = reader.require(entry, "url", f"{field_name}.url")
        title_text = reader.text(title, f"{field_name}.title")
        url_text = (reader.text(url, f"{field_name}.url") or "").strip()
        if url_text and not (_FULL_URL.match(url_text) or re.match(r"^/(?!/)[^\s]*$", url_text)):
            reader.error(url, f"{field_name}.url", f"Địa chỉ “{url_text}” không hợp lệ.",
                         "Viết đường dẫn trong trang bắt đầu bằng / (ví dụ /bang-vang/) hoặc địa chỉ đầy đủ "
                         "https://….")
            continue
        if title_text and url_text:
            items.append(MenuItem(title_text.strip(), url_text))
    return tuple(items)


def _read_social(reader: FieldReader, node) -> tuple[tuple[str, str], ...]:
    social = reader.mapping(node, "branding.social")
    if social is None:
        return ()
    reader.check_keys(social, tuple(SOCIAL_NETWORKS), prefix="branding.social.")
    out = []
    for name in SOCIAL_NETWORKS:
        value = reader.text(social.get(name), f"branding.social.{name}")
        if value is None:
            continue
        if not _FULL_URL.match(value.strip()):
            reader.error(social.get(name), f"branding.social.{name}", f"Địa chỉ “{value}” không hợp lệ.",
                         "Viết địa chỉ đầy đủ, ví dụ https://www.facebook.com/congdoan.")
            continue
        out.append((name, value.strip()))
    return tuple(out)


def _long_hex(color: str) -> str:
    color = color.lower()
    return "#" + "".join(ch * 2 for ch in color[1:]) if len(color) == 4 else color


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    def luminance(color: str) -> float:
        channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _with_logo_file(branding: Branding, root: Path, display: str) -> tuple[Branding, list[Problem]]:
    """The logo checked on disk: present, inside the site folder, a real SVG or PNG; with its size."""
    if not branding.logo:
        return branding, []
    rel = branding.logo
    path = root / rel
    problem = None
    try:
        inside = path.resolve().is_relative_to(root.resolve())
        data = path.read_bytes() if inside and path.is_file() else None
    except OSError:
        inside, data = True, None
    if not inside:
        problem = f"Logo “{rel}” nằm ngoài thư mục của site.yaml."
    elif data is None:
        problem = f"Không tìm thấy tệp logo “{rel}”."
    else:
        size = image_size(data, rel.lower().endswith(".svg"))
        if size is None:
            problem = f"Tệp logo “{rel}” không phải ảnh {'SVG' if rel.lower().endswith('.svg') else 'PNG'} hợp lệ."
    if problem:
        return branding, [Problem(display, branding.logo_line or None, problem, field="branding.logo",
                                  hint="Đặt tệp .svg hoặc .png cạnh site.yaml (ví dụ theme/logo.svg) và ghi "
                                       "đường dẫn tương đối tới nó.")]
    digest = hashlib.blake2b(data, digest_size=8).hexdigest()
    return replace(branding, logo=rel, logo_size=size, logo_digest=digest), []


_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.S)
_SVG_ATTR = re.compile(rb"""\s(width|height|viewBox)\s*=\s*["']([^"']*)["']""")


def image_size(data: bytes, svg: bool) -> tuple[int, int] | None:
    """Width and height of a PNG (its IHDR) or an SVG (width/height, else viewBox); None if not one."""
    if not svg:
        if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
            return None
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    tag = _SVG_TAG.search(data[:4096])
    if tag is None:
        return None
    attrs = {k.decode(): v.decode() for k, v in _SVG_ATTR.findall(tag.group(0))}
    try:
        if "width" in attrs and "height" in attrs and not attrs["width"].endswith("%"):
            return round(float(attrs["width"].removesuffix("px"))), round(float(attrs["height"].removesuffix("px")))
        if "viewBox" in attrs:
            _, _, w, h = (float(v) for v in attrs["viewBox"].replace(",", " ").split())
            return round(w), round(h)
    except ValueError:
        return None
    return 1, 1


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
