"""zip targets: the whole site as one archive that also works opened from the disk (an office intranet,
a USB stick), like Hugo's relativeURLs: every internal link in the pages is rewritten relative to the
page, and a link to a folder points at its index.html, since a browser reading files shows a folder as
a listing. The archive is written beside and renamed into place, byte for byte the same for the same site.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from pathlib import Path

from ..config import SiteConfig
from ..errors import Problem, PublishError
from .site import BuiltSite
from .sync import Summary
from .targets import Target

_ATTRIBUTE = re.compile(rb'(\s(?:href|src|poster|action)=")([^"]*)(")')
_SRCSET = re.compile(rb'(\ssrcset=")([^"]*)(")')
_REFRESH = re.compile(rb'(<meta http-equiv="refresh" content="\d+;\s*url=)([^"]*)(")')
_CSS_URL = re.compile(rb'(url\(["\']?)([^"\')]*)(["\']?\))')
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def relative_url(url: str, page: str, base: str) -> str:
    """An internal URL ("/tin-tuc/bai/", with the base path) as seen from the page at output path `page`."""
    if not url.startswith(base) or url.startswith("//"):
        return url
    path, mark, rest = url[len(base):].partition("#")
    path, query, tail = path.partition("?")
    if path == "" or path.endswith("/"):
        path += "index.html"
    relative = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return relative + query + tail + mark + rest


def relative_links(data: bytes, page: str, base: str) -> bytes:
    def one(match: re.Match) -> bytes:
        url = match.group(2).decode("utf-8")
        return match.group(1) + relative_url(url, page, base).encode("utf-8") + match.group(3)

    def srcset(match: re.Match) -> bytes:
        parts = []
        for item in match.group(2).decode("utf-8").split(","):
            words = item.strip().split(" ", 1)
            parts.append(" ".join([relative_url(words[0], page, base), *words[1:]]))
        return match.group(1) + ", ".join(parts).encode("utf-8") + match.group(3)

    if page.endswith(".css"):
        return _CSS_URL.sub(one, data)
    return _REFRESH.sub(one, _SRCSET.sub(srcset, _ATTRIBUTE.sub(one, data)))


def archive_path(config: SiteConfig, target: Target) -> Path:
    path = Path(os.path.expanduser(target.get("path") or f"{target.name}.zip"))
    path = path if path.is_absolute() else config.root / path
    if path.resolve().is_relative_to(config.output_dir.resolve()):
        raise PublishError([Problem("site.yaml", target.line, "Tệp nén không được nằm trong thư mục output/.",
                                    hint="Ghi path: ra ngoài, ví dụ ban-in/congdoan.zip.", code="zip-path")])
    return path


def publish(target: Target, site: BuiltSite, *, dry_run: bool, progress, config: SiteConfig) -> Summary:
    path = archive_path(config, target)
    summary = Summary(sent=len(site.files), note=f"Tệp nén: {config.display(path)}.")
    if dry_run:
        summary.sent_bytes = site.total_bytes
        return summary
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    base = config.base_path
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for i, file in enumerate(site.files, 1):
                data = file.path.read_bytes()
                if file.rel.endswith((".html", ".css")):
                    data = relative_links(data, file.rel, base)
                info = zipfile.ZipInfo(file.rel, FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
                progress(i, len(site.files))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    summary.sent_bytes = path.stat().st_size
    return summary
