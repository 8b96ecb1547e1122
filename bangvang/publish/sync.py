"""Sending a site file by file to a store that cannot swap a whole folder at once (FTP, S3, a folder
over SFTP), in an order that keeps the live site whole: new and changed assets first, then pages, then
feeds and sitemaps, deletions last. Only files whose digest differs from the store's manifest are sent;
the manifest is saved as the upload goes, so an interrupted publish resumes where it stopped."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Callable, Protocol

from ..errors import ConfigError, Problem
from ..vnformat import format_number
from .site import MANIFEST_NAME, BuiltSite, SiteFile

SAVE_EVERY = 2.0  # seconds between saves of the manifest during an upload
DEFAULT_MAX_DELETIONS = 500  # deletions on a live store (FTP, S3) refused above this without --allow-deletions


class Store(Protocol):
    def read(self, rel: str) -> bytes | None: ...
    # Replaces the file at once (temporary name, rename); `sent(n)`, when given, is told of each block sent.
    def put(self, rel: str, file: SiteFile, sent: Callable[[int], None] | None = None) -> None: ...
    def put_bytes(self, rel: str, data: bytes) -> None: ...
    def delete(self, rel: str) -> None: ...


@dataclass
class Summary:
    sent: int = 0
    sent_bytes: int = 0
    unchanged: int = 0
    deleted: int = 0
    started: float = field(default_factory=time.monotonic)
    note: str = ""  # said after the counts: where an archive was written

    def line(self, target: str, dry_run: bool = False) -> str:
        from .site import format_size

        seconds = f"{time.monotonic() - self.started:.1f}".replace(".", ",")
        verb = "Sẽ gửi" if dry_run else "Đã xuất bản lên"
        head = f"{verb} “{target}”: " if not dry_run else f"Thử (--dry-run) “{target}”: sẽ gửi "
        if dry_run:
            return (head + f"{format_number(self.sent)} tệp ({format_size(self.sent_bytes)}), giữ nguyên "
                    f"{format_number(self.unchanged)}, xoá {format_number(self.deleted)}. Chưa gửi gì.")
        line = (head + f"gửi {format_number(self.sent)} tệp ({format_size(self.sent_bytes)}), giữ nguyên "
                f"{format_number(self.unchanged)}, xoá {format_number(self.deleted)} · {seconds} giây.")
        if self.sent == 0 and self.deleted == 0:
            line += " Trang trên máy chủ đã là bản mới nhất: không có gì thay đổi."
        return line + (" " + self.note if self.note else "")


Progress = Callable[[int, int], None]


def order_key(rel: str) -> tuple[int, str]:
    """Assets (theme, images, search index) before the pages that use them; feeds and sitemaps, which
    announce pages, after the pages."""
    name = rel.rsplit("/", 1)[-1]
    if name.startswith("sitemap") and name.endswith(".xml") or name in ("feed.xml", "robots.txt"):
        return 2, rel
    if name.endswith(".html") or name in ("_redirects", "_headers", ".htaccess"):
        return 1, rel
    return 0, rel


def read_manifest(store: Store) -> dict[str, str]:
    data = store.read(MANIFEST_NAME)
    if not data:
        return {}
    try:
        value = json.loads(data)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.get("files", {}).items()} if isinstance(value, dict) else {}


def write_manifest(store: Store, files: dict[str, str]) -> None:
    data = json.dumps({"generator": "bangvang", "files": dict(sorted(files.items()))}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    store.put_bytes(MANIFEST_NAME, data)


def plan(site: BuiltSite, have: dict[str, str]) -> tuple[list[SiteFile], list[str], int]:
    """(files to send in order, paths to delete, files unchanged)."""
    send = sorted((f for f in site.files if have.get(f.rel) != f.digest), key=lambda f: order_key(f.rel))
    wanted = site.manifest
    delete = sorted((rel for rel in have if rel not in wanted), key=lambda rel: (-order_key(rel)[0], rel))
    return send, delete, len(site.files) - len(send)


def check_deletions(delete: list[str], cap: int | None, allowed: bool, target: str) -> None:
    if cap is not None and len(delete) > cap and not allowed:
        raise ConfigError([Problem("site.yaml", None, f"Lần xuất bản này sẽ xoá {format_number(len(delete))} tệp trên "
                                   f"“{target}”, nhiều hơn mức cho phép {format_number(cap)}. Chưa gửi gì.",
                                   hint="Kiểm tra lại bản dựng (có đúng thư mục, đúng nội dung?). Nếu đúng là muốn xoá, "
                                        "chạy lại với --allow-deletions hoặc tăng max_deletions.",
                                   code="too-many-deletions")])


def sync(store: Store, site: BuiltSite, progress: Progress, *, dry_run: bool = False, cap: int | None = None,
         allow_deletions: bool = False, target: str = "") -> Summary:
    have = read_manifest(store)
    send, delete, unchanged = plan(site, have)
    summary = Summary(unchanged=unchanged)
    check_deletions(delete, cap, allow_deletions, target)
    if dry_run:
        summary.sent, summary.sent_bytes, summary.deleted = len(send), sum(f.size for f in send), len(delete)
        return summary
    saved = time.monotonic()
    # Progress in bytes, so that one large attachment moves the bar as it goes; a deletion counts as one.
    total = sum(f.size for f in send) + len(delete)
    done = 0

    def sent(n: int) -> None:
        progress(min(done + n, total), total)

    for file in send:
        blocks = _Blocks(sent)
        store.put(file.rel, file, blocks)
        have[file.rel] = file.digest
        summary.sent += 1
        summary.sent_bytes += file.size
        done += file.size
        progress(done, total)
        if time.monotonic() - saved > SAVE_EVERY:
            write_manifest(store, have)
            saved = time.monotonic()
    write_manifest(store, have)
    for rel in delete:
        store.delete(rel)
        del have[rel]
        summary.deleted += 1
        done += 1
        progress(done, total)
    if delete:
        write_manifest(store, have)
    return summary


class _Blocks:
    """Adds up the blocks of one file as they are sent and reports the running count."""

    def __init__(self, report: Callable[[int], None]):
        self.report, self.count = report, 0

    def __call__(self, n: int) -> None:
        self.count += n
        self.report(self.count)
