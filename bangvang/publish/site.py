"""What is about to be published, checked before anything is sent: a fresh and complete build of the
published site (no drafts, a real base_url), its files with their digests, and the host's limits."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..cache import check_unchanged, load_cache
from ..config import SiteConfig
from ..errors import ConfigError, Problem
from ..text import is_safe_path, safe_path
from ..usage import program_name
from ..vnformat import format_number
from .targets import HostLimits

EXAMPLE_HOSTS = ("example.org", "example.com", "example.net", "example.vn", "localhost", "127.0.0.1")
MANIFEST_NAME = ".bangvang-manifest.json"


@dataclass(frozen=True)
class SiteFile:
    rel: str
    path: Path
    size: int
    digest: str


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    files: tuple[SiteFile, ...]  # sorted by rel

    @property
    def manifest(self) -> dict[str, str]:
        return {f.rel: f.digest for f in self.files}

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    def by_rel(self) -> dict[str, SiteFile]:
        return {f.rel: f for f in self.files}


def _problem(config: SiteConfig, message: str, hint: str, code: str) -> ConfigError:
    where = config.display(config.config_path) if config.config_path else "site.yaml"
    return ConfigError([Problem(where, None, message, hint=hint, code=code)])


def check_base_url(config: SiteConfig) -> None:
    host = (urlsplit(config.base_url).hostname or "").lower()
    if any(host == h or host.endswith("." + h) for h in EXAMPLE_HOSTS):
        raise _problem(config, f"base_url vẫn là địa chỉ mẫu ({config.base_url}): liên kết, nguồn tin và sơ đồ "
                               "trang sẽ trỏ sai chỗ.",
                       "Sửa base_url trong site.yaml thành địa chỉ thật của trang (ví dụ https://congdoan.example.vn/ "
                       "thay bằng tên miền của đơn vị), dựng lại rồi xuất bản.", "example-base-url")


def check_fresh(config: SiteConfig) -> dict[str, str]:
    """The digests the last build recorded for output/, refusing a build that is stale, made with
    drafts, or missing (publish never builds by itself: what is sent is what the editor previewed)."""
    if not config.output_dir.is_dir():
        raise _problem(config, f"Chưa có bản dựng trong {config.display(config.output_dir)}/.",
                       f"Chạy {program_name()} trước rồi xuất bản.", "not-built")
    cache = load_cache(config)
    fresh, _, _ = check_unchanged(config, cache)
    if not fresh:
        drafts = replace(config, drafts=True)
        if check_unchanged(drafts, load_cache(drafts))[0]:
            raise _problem(config, "Bản dựng trong output/ có cả bản nháp và bài hẹn giờ (dựng với --drafts).",
                           f"Chạy {program_name()} (không có --drafts) rồi xuất bản.", "drafts-built")
        raise _problem(config, "Bản dựng trong output/ đã cũ: nội dung, mẫu hoặc cấu hình đã đổi sau lần dựng "
                               "cuối (hoặc thư mục output/ bị sửa tay).",
                       f"Chạy {program_name()} rồi xuất bản lại.", "stale-build")
    cache.load_bulk()
    return dict(cache.outputs)


def read_built_site(config: SiteConfig, recorded: dict[str, str]) -> BuiltSite:
    """Every file of output/ with its digest, checked against what the build recorded: a file added,
    removed or changed by hand since (an incomplete copy, a stray edit) refuses the publish."""
    root = config.output_dir
    files = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            files.append(SiteFile(rel, path, path.stat().st_size, _digest_file(path)))
    files.sort(key=lambda f: f.rel)
    found = {f.rel: f.digest for f in files}
    if found != recorded:
        changed = sorted(set(found) ^ set(recorded) | {r for r in found if r in recorded and found[r] != recorded[r]})
        raise _problem(config, f"Thư mục output/ không khớp với lần dựng cuối ({format_number(len(changed))} tệp "
                               f"khác, ví dụ {changed[0]}).",
                       "Đừng sửa tay trong output/ (tệp riêng như CNAME đặt trong static/); chạy "
                       f"{program_name()} rồi xuất bản lại.", "output-edited")
    return BuiltSite(root, tuple(files))


def _digest_file(path: Path) -> str:
    """The digest write.file_digest gives the same bytes (what the build recorded)."""
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def unsafe_names(site: BuiltSite) -> list[str]:
    return [f.rel for f in site.files if not is_safe_path(f.rel)]


def check_names(config: SiteConfig, site: BuiltSite) -> None:
    """File names with spaces or accents, which FTP servers and some hosts mangle: refused, each named
    with the name to use (the build has warned about them at their files)."""
    bad = unsafe_names(site)
    if bad:
        shown = ", ".join(f"{rel} → {safe_path(rel)}" for rel in bad[:5]) + \
            (f" và {format_number(len(bad) - 5)} tệp khác" if len(bad) > 5 else "")
        raise _problem(config, f"Có tệp tên chứa dấu cách hoặc chữ có dấu, máy chủ có thể làm hỏng tên: {shown}.",
                       "Đổi tên các tệp đó trong content/ hoặc static/ thành chữ thường không dấu, nối bằng gạch "
                       "ngang như tên gợi ý, sửa liên kết tới chúng trong bài, dựng lại rồi xuất bản.",
                       "unsafe-name")


def _size(n: int) -> str:
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= factor:
            return f"{n / factor:.1f}".replace(".", ",") + " " + unit
    return f"{n} B"


format_size = _size


def _limit_size(n: int) -> str:
    """A limit as the host and the README state it: 25 MiB stays 25 MiB (not 26,2 MB)."""
    for unit, factor in (("GiB", 2**30), ("MiB", 2**20)):
        if n >= factor and n % factor == 0:
            return f"{format_number(n // factor)} {unit}"
    return _size(n)


def limit_problems(site: BuiltSite, limits: HostLimits) -> list[str]:
    """What does not fit the host, each said plainly with what is too big."""
    out = []
    if limits.files is not None and len(site.files) > limits.files:
        out.append(f"{format_number(len(site.files))} tệp, quá giới hạn {format_number(limits.files)} tệp")
    total = site.total_bytes
    if limits.bytes is not None and total > limits.bytes:
        folders = Counter()
        for f in site.files:
            folders[f.rel.split("/", 1)[0] if "/" in f.rel else "(thư mục gốc)"] += f.size
        biggest = ", ".join(f"{name}/ {_size(size)}" for name, size in folders.most_common(3))
        out.append(f"tổng dung lượng {_size(total)}, quá giới hạn {_limit_size(limits.bytes)} (lớn nhất: {biggest})")
    if limits.file_bytes is not None:
        big = sorted((f for f in site.files if f.size > limits.file_bytes), key=lambda f: -f.size)
        if big:
            shown = ", ".join(f"{f.rel} ({_size(f.size)})" for f in big[:3])
            out.append(f"{format_number(len(big))} tệp lớn hơn {_limit_size(limits.file_bytes)} mỗi tệp: {shown}")
    if limits.per_folder is not None:
        per = Counter(f.rel.rsplit("/", 1)[0] if "/" in f.rel else "" for f in site.files)
        for folder, count in per.most_common():
            if count <= limits.per_folder:
                break
            out.append(f"{'thư mục ' + folder + '/' if folder else 'thư mục gốc'} có {format_number(count)} tệp, quá giới hạn "
                       f"{format_number(limits.per_folder)} tệp một thư mục")
    return out


def check_limits(config: SiteConfig, site: BuiltSite, limits: HostLimits | None, target_name: str) -> None:
    if limits is None:
        return
    found = limit_problems(site, limits)
    if found:
        raise _problem(config, f"Trang không vừa giới hạn {limits.name} (nơi xuất bản “{target_name}”): "
                               + "; ".join(found) + ". Chưa gửi gì.", limit_hint(site, limits), "over-limits")


def limit_hint(site: BuiltSite, limits: HostLimits) -> str:
    """What can be done, for the limits actually passed: a large attachment is not helped by fewer pages."""
    per_folder = Counter(f.rel.rsplit("/", 1)[0] if "/" in f.rel else "" for f in site.files)
    steps = []
    if limits.file_bytes is not None and any(f.size > limits.file_bytes for f in site.files):
        steps.append("nén nhỏ hoặc chia các tệp quá lớn (video, PDF dày: đăng ở nơi khác rồi đặt liên kết)")
    if limits.bytes is not None and site.total_bytes > limits.bytes:
        steps.append("bớt ảnh và tệp đính kèm lớn")
    if (limits.files is not None and len(site.files) > limits.files) or \
            (limits.per_folder is not None and max(per_folder.values(), default=0) > limits.per_folder):
        steps.append("tăng roll_page_size để bảng vàng ít trang hơn")
    steps.append("hoặc xuất bản lên máy chủ riêng (rsync, SFTP) không có giới hạn này")
    text = ", ".join(steps)
    return text[0].upper() + text[1:] + "."
