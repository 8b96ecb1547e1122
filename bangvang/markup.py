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
        return Rendered(pack(clean), tuple(self._collector.references), bool(_UNSAFE.search(body) or neutralised),
                        first_paragraph_text(clean), neutralised)


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
