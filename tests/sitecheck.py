"""Helpers that inspect a built site: internal link crawl, NFC check. Used by several test modules."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

_ATTR = re.compile(r'\s(?:href|src)="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')


def internal_targets(page_html: str) -> list[str]:
    """href/src values that point inside the site (no scheme, not protocol-relative)."""
    out = []
    for raw in _ATTR.findall(page_html):
        value = html.unescape(raw)
        if not value or value.startswith(("#", "//", "mailto:", "tel:")) or urlsplit(value).scheme:
            continue
        out.append(value)
    return out


def broken_links(output: Path, base_path: str = "/") -> list[str]:
    """Every internal link or fragment in every HTML page that points at nothing in the output."""
    problems = []
    ids_cache: dict[Path, set[str]] = {}
    for page in sorted(output.rglob("*.html")):
        text = page.read_text("utf-8")
        for link in internal_targets(text):
            parts = urlsplit(link)
            path = unquote(parts.path)
            if not path.startswith(base_path):
                problems.append(f"{page.relative_to(output)}: {link} (outside base path {base_path})")
                continue
            target = output / path[len(base_path):]
            if path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{page.relative_to(output)}: {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = ids_cache.get(target)
                if ids is None:
                    ids = set(_ID.findall(target.read_text("utf-8")))
                    ids_cache[target] = ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{page.relative_to(output)}: {link} (no #{parts.fragment})")
        for fragment in re.findall(r'\shref="#([^"]+)"', text):
            if fragment not in set(_ID.findall(text)):
                problems.append(f"{page.relative_to(output)}: #{fragment}")
    return problems


def non_nfc_files(output: Path) -> list[str]:
    bad = []
    for path in sorted(output.rglob("*")):
        if path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):
            text = path.read_text("utf-8-sig")
            if unicodedata.normalize("NFC", text) != text:
                bad.append(str(path.relative_to(output)))
    return bad


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


_URL_ATTR = re.compile(r"""\s(?:href|src|action|formaction|poster|data|xlink:href|srcset|content)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""",
                       re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*([^)]*)\)", re.IGNORECASE)
_JSON_URL = re.compile(r'"(?:url|href|src|@id|image|sameAs)"\s*:\s*"([^"]*)"')
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:", "livescript:")


def _is_script_url(value: str) -> bool:
    """What a browser would see: entities decoded, then whitespace and control characters dropped
    (browsers strip them from URL schemes, so `java&#09;script:` still runs)."""
    value = html.unescape(html.unescape(value.strip("\"'")))
    value = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
    return value.startswith(UNSAFE_SCHEMES)


def script_urls(output: Path) -> list[str]:
    """Every javascript:/vbscript:/data:/file: URL in an attribute, a CSS url() or a JSON URL field of
    any text file of the output; XML is unescaped once first, so HTML carried in feeds is seen too."""
    found = []
    for path in sorted(output.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".xml", ".json", ".csv", ".txt", ".css", ".js"):
            continue
        text = path.read_text("utf-8-sig", errors="replace")
        if path.suffix == ".xml":
            text = html.unescape(text)
        values = _URL_ATTR.findall(text) + _CSS_URL.findall(text)
        if path.suffix == ".json":
            values += _JSON_URL.findall(text)
        for value in values:
            if _is_script_url(value):
                found.append(f"{path.relative_to(output)}: {value[:80]}")
    return found
