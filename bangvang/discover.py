"""Find the site's sources: articles, pages, registries and published files. Reads only metadata.

The walk is sorted (deterministic on every filesystem), never follows a symlinked folder, and refuses
a symlinked file that points outside content/.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import WARNING, Problem
from .text import nfc

ARTICLES_DIR = "tin-tuc"
PAGES_DIR = "trang"
REGISTRY_NAMES = ("units.yaml", "campaigns.yaml", "awards.yaml")
PUBLISHED_EXTENSIONS = frozenset({
    ".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".heic", ".heif", ".pdf", ".doc", ".docx", ".xls", ".xlsx",
    ".ppt", ".pptx", ".odt", ".ods", ".odp", ".txt", ".csv", ".mp3", ".mp4", ".zip",
})
# Active content served from the site's own origin could run script as the site.
REFUSED_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".svg", ".svgz", ".js", ".mjs", ".css", ".xml",
                                ".php", ".swf"})
JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"})


@dataclass(frozen=True, slots=True)
class SourceFile:
    rel: str  # posix path relative to content/
    display: str  # how messages name it: "content/tin-tuc/2021/bai.md"
    file: str  # its path on disk (a str: a Path per file costs a no-change rebuild of 10,000 articles 35 ms)
    size: int
    mtime_ns: int
    ctime_ns: int = 0  # changes on every write, also when a tool puts the old mtime back

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def stamp(self) -> tuple[int, int, int]:
        """What the cache compares to decide a file is unchanged without reading it."""
        return self.size, self.mtime_ns, self.ctime_ns


@dataclass
class Sources:
    articles: list[SourceFile] = field(default_factory=list)
    pages: list[SourceFile] = field(default_factory=list)
    registries: dict[str, SourceFile] = field(default_factory=dict)
    assets: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def is_junk(name: str) -> bool:
    lower = name.lower()
    return (lower in JUNK_NAMES or name.startswith((".", "~$", "_")) or name.endswith(("~", ".swp", ".tmp"))
            or name.startswith(".#"))


def _suffix(rel: str) -> str:
    """Path(rel).suffix, lower case, without making a Path."""
    dot = rel.rfind(".")
    return rel[dot:].lower() if rel.rfind("/") + 1 < dot < len(rel) - 1 else ""


def find_sources(content_dir: Path, display_prefix: str = "content/") -> Sources:
    """Walk content/ in sorted order and classify every file."""
    return _Walker(content_dir.resolve(), display_prefix).walk()


class _Walker:
    def __init__(self, root: Path, prefix: str):
        self.root = root
        self.prefix = prefix
        self.sources = Sources()

    def walk(self) -> Sources:
        # os.scandir: its entries carry the file type and, after one stat, the size and time, which
        # matters when a 10,000-article site is walked on every save in the dev server.
        self._walk(self.root, "")
        return self.sources

    def _walk(self, folder: Path, prefix: str) -> None:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
        for entry in entries:
            if is_junk(entry.name):
                continue
            rel = prefix + nfc(entry.name)  # a name saved on macOS (NFD) publishes under its NFC twin
            if entry.is_dir(follow_symlinks=False):
                self._walk(Path(entry.path), rel + "/")
            elif entry.is_symlink():
                self._symlink(Path(entry.path), rel)
            elif entry.is_file(follow_symlinks=False):
                stat = entry.stat(follow_symlinks=False)
                self._classify(entry.path, rel, stat)

    def _symlink(self, path: Path, rel: str) -> None:
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # RuntimeError: a loop, on Python 3.11
            looped = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40
            self._problem(rel, "Liên kết tượng trưng vòng (trỏ lại chính nó)." if looped else
                          "Liên kết tượng trưng trỏ tới tệp không tồn tại.",
                          "Xoá liên kết và chép tệp thật vào content/.", "symlink")
            return
        if path.is_dir():
            self._problem(rel, "Thư mục liên kết tượng trưng không được đọc.",
                          "Chép thư mục thật vào content/ thay vì tạo liên kết.", "symlink", WARNING)
        elif not target.is_relative_to(self.root):
            self._problem(rel, "Tệp là liên kết tượng trưng trỏ ra ngoài thư mục nội dung.",
                          "Chép tệp thật vào content/.", "symlink")
        else:
            try:
                stat = path.stat()
            except OSError as exc:
                self._problem(rel, f"Không đọc được tệp ({exc.strerror}).", code="io")
                return
            if path.is_file():
                self._classify(str(path), rel, stat)

    def _problem(self, rel: str, message: str, hint: str | None = None, code: str = "",
                 severity: str = "error") -> None:
        self.sources.problems.append(Problem(self.prefix + rel, None, message, hint=hint, code=code,
                                             severity=severity))

    def _classify(self, file: str, rel: str, stat: os.stat_result) -> None:
        found = SourceFile(rel, self.prefix + rel, file, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        suffix = _suffix(rel)
        top = rel.split("/", 1)[0]
        sources = self.sources
        if "/" not in rel and rel in REGISTRY_NAMES:
            sources.registries[rel.removesuffix(".yaml")] = found
        elif suffix == ".md" and top == ARTICLES_DIR:
            sources.articles.append(found)
        elif suffix == ".md" and top == PAGES_DIR and rel.count("/") == 1:
            sources.pages.append(found)
        elif suffix in (".md", ".markdown"):
            self._problem(rel, "Tệp Markdown nằm ngoài tin-tuc/ và trang/ nên không được xuất bản.",
                          "Chuyển bài viết vào content/tin-tuc/, trang riêng vào content/trang/.",
                          "stray-md", WARNING)
        elif suffix in PUBLISHED_EXTENSIONS:
            sources.assets.append(found)
        elif suffix in REFUSED_EXTENSIONS:
            self._problem(rel, f"Không xuất bản tệp {suffix} từ thư mục nội dung vì lý do an toàn.",
                          "Ảnh dùng .jpg, .png hoặc .webp; tài liệu dùng .pdf.", "refused-file")
        elif suffix in (".yaml", ".yml") and "/" not in rel:
            self._problem(rel, "Tệp YAML này không được dùng.",
                          "Danh mục phải tên là units.yaml, campaigns.yaml hoặc awards.yaml.",
                          "stray-yaml", WARNING)
        else:
            self._problem(rel, f"Loại tệp {suffix or '(không đuôi)'} không được xuất bản.",
                          code="unknown-file", severity=WARNING)


def outside_links(folder: Path, project: Path, display_prefix: str) -> list[Problem]:
    """Symlinks in a site's templates/ or theme/ that leave the project (or loop): refused, never read.
    Templates and the theme are trusted, but a link out of the project would publish (or run) a file
    that nobody reviewing the site's folder can see."""
    problems = []
    if not folder.is_dir():
        return problems
    for path in sorted(folder.rglob("*")):
        if not path.is_symlink():
            continue
        display = display_prefix + path.relative_to(folder).as_posix()
        try:
            inside = path.resolve(strict=True).is_relative_to(project)
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            problems.append(Problem(display, None, "Tệp là liên kết tượng trưng trỏ ra ngoài dự án (hoặc tới tệp không có).",
                                    hint="Chép tệp thật vào thư mục của trang.", code="symlink"))
    return problems


def read_bytes(source: SourceFile) -> bytes:
    return source.path.read_bytes()
