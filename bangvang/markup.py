"""Markdown → sanitised HTML, with internal references turned into placeholders.

Links to other `.md` files and to files next to the article are rewritten to `bv-ref:<content path>`
here and resolved to final URLs at render time, so this stage depends only on the article's own
bytes and can be cached. Raw HTML is allowed in Markdown but always goes through nh3.
"""

from __future__ import annotations

import html
import posixpath
import re
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

from .model import Reference
from .text import slugify

REF_SCHEME = "bv-ref:"
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "ol": {"start"},
    "abbr": set(),
    "q": {"cite"},
}
# Removed with their content, not just unwrapped: their text is never reader-facing.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript",
                                  "template", "svg", "math", "form", "textarea", "select"})

_UNSAFE = re.compile(r"<\s*(script|iframe|object|embed|style|form|svg|math)\b|\bon[a-z]+\s*=|"
                     r"\b(javascript|vbscript|data)\s*:", re.IGNORECASE)
_SCHEME_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class Rendered:
    html_z: bytes  # the sanitised HTML, compressed: a 10,000-article site keeps every body in memory
    references: tuple[Reference, ...]
    unsafe_removed: bool
    summary: str
    neutralised: tuple[str, ...] = ()  # links whose scheme was not allowed, as written
    removed: tuple[str, ...] = ()  # what the sanitiser dropped besides unsafe code: "thẻ <font>", …

    @property
    def html(self) -> str:
        return unpack(self.html_z)


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def unpack(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8")


class _RefCollector(Treeprocessor):
    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.source_dir = ""
        self.references: list[Reference] = []
        self.neutralised: list[str] = []  # URLs with a scheme that is not allowed, as written

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag == "h1":  # the page title is the only h1; a "# heading" in the body is a section
                element.tag = "h2"
            elif element.tag == "a" and element.get("href") is not None:
                self._rewrite(element, "href", is_image=False)
            elif element.tag == "img" and element.get("src") is not None:
                self._rewrite(element, "src", is_image=True)

    def _rewrite(self, element: Element, attr: str, is_image: bool) -> None:
        written = element.get(attr, "").strip()
        new = resolve_reference(written, self.source_dir)
        if new is None:
            return
        if isinstance(new, Reference):
            self.references.append(Reference(written, new.target, new.fragment, is_image))
            frag = f"#{new.fragment}" if new.fragment else ""
            element.set(attr, f"{REF_SCHEME}{new.target}{frag}")
        else:
            element.set(attr, new)
            if not _LOCAL_TARGET.match(written):  # a file on the editor's disk is an error of its own
                self.neutralised.append(written)


def resolve_reference(written: str, source_dir: str) -> Reference | str | None:
    """None keeps the URL; a string replaces it; a Reference becomes a placeholder."""
    if not written or written.startswith("#"):
        return None
    # The scheme as a browser reads it: entities decoded, tabs, newlines and controls dropped
    # (`java&#09;script:` runs as javascript:).
    scheme = urlsplit(_SCHEME_NOISE.sub("", html.unescape(written))).scheme
    if scheme:
        return None if scheme.lower() in SAFE_SCHEMES else "#"
    parts = urlsplit(written)
    if written.startswith("//"):
        return None
    path = unquote(parts.path)
    if "\\" in path:
        path = path.replace("\\", "/")
    if path.startswith("/"):
        return Reference(written, "@" + path, parts.fragment, False)
    joined = posixpath.normpath(posixpath.join(source_dir, path))
    target = "" if joined == ".." or joined.startswith("../") or joined.startswith("/") else joined
    return Reference(written, target, parts.fragment, False)


class _RefExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - library API
        md.treeprocessors.register(_RefCollector(md), "bangvang_refs", 1)


def _heading_slug(value: str, separator: str) -> str:
    return slugify(value) or "muc"


def make_markdown() -> markdown.Markdown:
    """One configured instance; reuse it with reset() (it is not thread-safe)."""
    return markdown.Markdown(
        extensions=["tables", "footnotes", "attr_list", "sane_lists", "def_list", "abbr",
                    TocExtension(slugify=_heading_slug, permalink=False),
                    _RefExtension()],
        output_format="html",
    )


def make_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(SAFE_SCHEMES) | {REF_SCHEME.rstrip(":")},
        link_rel=None,
        filter_style_properties={"text-align"},
    )


class MarkdownRenderer:
    """Markdown + sanitiser pair, created once per process."""

    def __init__(self) -> None:
        self.md = make_markdown()
        self.cleaner = make_cleaner()
        self._collector: _RefCollector = self.md.treeprocessors["bangvang_refs"]  # type: ignore[assignment]

    def render(self, body: str, source_rel: str) -> Rendered:
        self.md.reset()
        self._collector.source_dir = posixpath.dirname(source_rel)
        self._collector.references = []
        self._collector.neutralised = []
        raw = self.md.convert(body)
        clean = self.cleaner.clean(raw)
        neutralised = tuple(self._collector.neutralised)
        # Markdown's own output is all allowed: only raw HTML and {: attribute lists} can lose anything.
        removed = tuple(removed_markup(raw)) if "<" in body or "{:" in body else ()
        return Rendered(pack(clean), tuple(self._collector.references), bool(_UNSAFE.search(body) or neutralised),
                        first_paragraph_text(clean), neutralised, removed)


class _MarkupLister(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, None] = {}
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT or re.match(r"on[a-z]+$", tag):
            return  # unsafe code has its own warning
        if tag not in ALLOWED_TAGS:
            self.found[f"thẻ <{tag}>"] = None
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"]
        for name, value in attrs:
            if name.startswith("on"):
                continue
            if name not in allowed:
                self.found[f"thuộc tính {name} của <{tag}>"] = None
            elif name in ("href", "src", "cite") and value and not _LOCAL_TARGET.match(value):
                scheme = urlsplit(_SCHEME_NOISE.sub("", value)).scheme.lower()
                if scheme and scheme not in SAFE_SCHEMES and scheme not in ("javascript", "vbscript", "data", "bv-ref"):
                    self.found[f"địa chỉ “{value[:40]}”"] = None
            elif name == "style" and any(p.split(":")[0].strip().lower() not in ("text-align", "")
                                         for p in (value or "").split(";")):
                self.found[f"kiểu chữ (style) của <{tag}>"] = None

    handle_startendtag = handle_starttag


def removed_markup(raw: str, limit: int = 6) -> list[str]:
    """The tags and attributes of this HTML that the sanitiser drops (unsafe code aside), in Vietnamese."""
    lister = _MarkupLister()
    lister.feed(raw)
    lister.close()
    return list(lister.found)[:limit]


_LOCAL_TARGET = re.compile(r"^\s*<?\s*(file:|[A-Za-z]:[\\/]|\\\\)", re.IGNORECASE)
_HTML_TARGET = re.compile(r"""<(\w+)[^>]*?\b(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_MD_TARGET = re.compile(r"(!?)\[[^\]\n]*\]\(\s*(<[^>\n]*>|[^)\n]*?)\s*(?:\"[^\"\n]*\")?\)|^ {0,3}\[[^\]\n]+\]:\s*(\S+)",
                        re.MULTILINE)


@dataclass(frozen=True, slots=True)
class LocalFile:
    """A picture or link pointing at a file on the editor's own computer (`file:`, `C:\\`, `\\\\server`)."""

    written: str
    name: str  # the file's name, for the message
    is_image: bool
    offset: int  # in the body


def local_files(body: str) -> list[LocalFile]:
    """Targets that only work on the computer the article was written on (a paste from Word, a browse)."""
    if "file:" not in body.lower() and ":\\" not in body and ":/" not in body and "\\\\" not in body:
        return []
    found = []
    for match in _HTML_TARGET.finditer(body):
        target = html.unescape(next(g for g in match.groups()[1:] if g is not None))
        if _LOCAL_TARGET.match(target):
            found.append(LocalFile(target, _file_name(target), match.group(1).lower() == "img", match.start()))
    for match in _MD_TARGET.finditer(body):
        target = (match.group(2) or match.group(3) or "").strip("<> ")
        if _LOCAL_TARGET.match(target):
            found.append(LocalFile(target, _file_name(target), match.group(1) == "!", match.start()))
    return sorted(found, key=lambda f: f.offset)


def _file_name(target: str) -> str:
    return unquote(target).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or target


def first_paragraph_text(fragment: str, limit: int = 300) -> str:
    """Plain text of the first paragraph that has text, cut at a word boundary."""
    for match in _PARAGRAPH.finditer(fragment):
        text = " ".join(html.unescape(_TAG.sub("", match.group(1))).split())
        if text:
            return shorten(text, limit)
    return ""


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def unsafe_found(body: str, neutralised: tuple[str, ...] = (), limit: int = 4) -> list[str]:
    """What the warning names: the first few distinct unsafe tags, attributes and link schemes."""
    found = dict.fromkeys(" ".join(m.group().lower().split()) for m in _UNSAFE.finditer(body))
    found.update(dict.fromkeys(url[:40] for url in neutralised))
    return list(found)[:limit]


def unsafe_line(body: str, first_line: int, neutralised: tuple[str, ...] = ()) -> int:
    """Line (in the file) of the first unsafe-looking HTML or link in the body, for the warning."""
    starts = [match.start()] if (match := _UNSAFE.search(body)) else []
    starts += [i for i in (body.find(url) for url in neutralised) if i >= 0]
    return first_line + body.count("\n", 0, min(starts)) if starts else first_line


def line_of(body: str, needle: str, first_line: int) -> int:
    index = body.find(needle)
    return first_line + (body.count("\n", 0, index) if index >= 0 else 0)
