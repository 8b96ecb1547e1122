"""The build cache: what the last successful build read and wrote, so the next one redoes only
what changed. It lives outside the output folder, is safe to delete, and is thrown away whole when
the generator's code changes; a change of templates, theme or configuration drops the rendered
pages but keeps the parsed articles (they depend only on their own bytes).

Correctness does not depend on the cache being right about *what* changed: a parsed article is
reused only for identical bytes, and a page is skipped only when its complete template context
hashes the same as the one that produced the file now in the output.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from .config import BUILTIN_TEMPLATES, BUILTIN_THEME, SiteConfig
from .discover import SourceFile
from .parse import ParsedDoc
from .write import write_bytes_atomic

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA = 1


def code_digest() -> str:
    """Digest of the generator's own source: any code change invalidates every cached value."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"schema {SCHEMA}".encode())
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def tree_digest(*roots: Path) -> str:
    """Digest of every file under the given folders (templates, theme): names and bytes."""
    h = hashlib.blake2b(digest_size=16)
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(root).as_posix().encode())
                h.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return h.hexdigest()


def config_digest(config: SiteConfig) -> str:
    """Everything in the configuration that can change output (not the clock, not the paths' cache)."""
    values = {f.name: repr(getattr(config, f.name)) for f in fields(config) if f.name not in ("now", "cache_dir")}
    return hashlib.blake2b(json.dumps(values, sort_keys=True).encode(), digest_size=16).hexdigest()


def input_fingerprint(config: SiteConfig, files: Iterable[SourceFile]) -> str:
    """Cheap identity of all inputs from file metadata only: equal means nothing needs doing."""
    h = hashlib.blake2b(digest_size=16)
    for src in files:
        h.update(f"{src.rel}\0{src.size}\0{src.mtime_ns}\n".encode())
    for root in dict.fromkeys((config.templates_dir, config.theme_dir, BUILTIN_TEMPLATES, BUILTIN_THEME)):
        for path in sorted(root.rglob("*")) if root.is_dir() else ():
            stat = path.stat()
            h.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    h.update(config_digest(config).encode())
    return h.hexdigest()


def render_key(template: str, context: dict[str, Any]) -> bytes:
    """Identity of a page's output: its template name and complete (plain) context."""
    payload = pickle.dumps((template, context), protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.blake2b(payload, digest_size=16).digest()


@dataclass
class BuildCache:
    """Kept in memory by the dev server between rebuilds; stored in the cache folder by `build`."""

    code: str = ""
    env: str = ""
    fingerprint: str = ""
    next_change: datetime | None = None  # the earliest scheduled article: the site changes then
    docs: dict[str, tuple[int, int, ParsedDoc]] = field(default_factory=dict)  # rel → (size, mtime_ns, doc)
    renders: dict[str, bytes] = field(default_factory=dict)  # output rel → render key
    outputs: dict[str, str] = field(default_factory=dict)  # output rel → digest of the file written
    output_stamp: list[int] = field(default_factory=list)
    warnings: tuple = ()  # of the last build, repeated when nothing changed
    parsed: int = 0  # statistics of the current build
    rendered: int = 0

    def prepare(self, config: SiteConfig) -> None:
        """Drop what the current code, templates, theme and configuration make stale."""
        code = code_digest()
        trees = tree_digest(config.templates_dir, config.theme_dir, BUILTIN_TEMPLATES, BUILTIN_THEME)
        env = hashlib.blake2b((trees + config_digest(config)).encode(), digest_size=16).hexdigest()
        if code != self.code:
            self.docs.clear()
            self.renders.clear()
        elif env != self.env:
            self.renders.clear()
        self.code, self.env = code, env
        self.parsed = self.rendered = 0

    def is_fresh(self, fingerprint: str, config: SiteConfig) -> bool:
        """True when the inputs and the output folder are exactly as the last build left them."""
        if not fingerprint or fingerprint != self.fingerprint:
            return False
        if self.next_change is not None and config.now >= self.next_change:
            return False
        return bool(self.output_stamp) and self.output_stamp == output_stamp(config.output_dir)

    def document(self, src: SourceFile, read, parse) -> ParsedDoc:
        """The parsed document for a source: reused when its bytes are unchanged."""
        cached = self.docs.get(src.rel)
        if cached and cached[0] == src.size and cached[1] == src.mtime_ns:
            return cached[2]
        data = read(src)
        if cached and cached[2].digest == _digest(data):
            self.docs[src.rel] = (src.size, src.mtime_ns, cached[2])
            return cached[2]
        doc = parse(data)
        self.parsed += 1
        self.docs[src.rel] = (src.size, src.mtime_ns, doc)
        return doc

    def forget_missing(self, present: set[str]) -> None:
        for rel in set(self.docs) - present:
            del self.docs[rel]


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def output_stamp(output: Path) -> list[int]:
    """Identity of the output folder: a swap, or a hand edit at its top level, changes it."""
    try:
        stat = output.stat()
    except OSError:
        return []
    return [stat.st_ino, stat.st_mtime_ns]


def cache_file(config: SiteConfig) -> Path:
    key = hashlib.blake2b(f"{config.output_dir}\0{config.drafts}".encode(), digest_size=8).hexdigest()
    return config.cache_dir / f"build-{key}.pickle"


def load_cache(config: SiteConfig) -> BuildCache:
    """The stored cache for this output folder, or an empty one if missing or unreadable."""
    try:
        with open(cache_file(config), "rb") as handle:
            cache = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return BuildCache()
    return cache if isinstance(cache, BuildCache) else BuildCache()


def save_cache(config: SiteConfig, cache: BuildCache) -> None:
    config.cache_dir.mkdir(parents=True, exist_ok=True)
    tag = config.cache_dir / "CACHEDIR.TAG"
    if not tag.exists():
        write_bytes_atomic(tag, b"Signature: 8a477f597d28d172789f06886806bc55\n"
                                b"# Bang Vang build cache: safe to delete.\n")
    write_bytes_atomic(cache_file(config), pickle.dumps(cache, protocol=pickle.HIGHEST_PROTOCOL))


def drop_cache(config: SiteConfig) -> None:
    try:
        os.remove(cache_file(config))
    except OSError:
        pass
