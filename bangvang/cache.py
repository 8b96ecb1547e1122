"""The build cache: what the last successful build read and wrote, so the next one redoes only
what changed. It lives outside the output folder, is safe to delete, and is thrown away whole when
the generator's code changes; a change of templates, theme or configuration drops the rendered
pages but keeps the parsed articles (they depend only on their own bytes).

Correctness does not depend on the cache being right about *what* changed: a parsed article is
reused only for identical bytes, and a page is skipped only when its complete template context
hashes the same as the one that produced the file now in the output.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import json
import os
import pickle
import time
import weakref
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

from .config import BUILTIN_TEMPLATES, BUILTIN_THEME, SiteConfig
from .discover import SourceFile, Sources, find_sources
from .ledger import ledger_path
from .model import PerClass, field_values
from .write import write_bytes_atomic

if TYPE_CHECKING:  # parse pulls in Markdown and nh3: a no-change build must not pay for importing them
    from .parse import ParsedDoc

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA = 2
# What the output also depends on besides our own code: a new Markdown or sanitiser release changes pages.
OUTPUT_LIBRARIES = ("jinja2", "markdown", "nh3", "pyyaml", "babel", "python-slugify", "text-unidecode", "pagefind",
                    "pagefind-bin")
# A file whose modification time is this close to the moment the cache recorded it may be saved again
# within the same timestamp tick (FAT and exFAT keep 2 s, HFS+ 1 s) without its size or time changing:
# such "racy" files are trusted only after their bytes are compared (git's racy-clean rule).
RACY_NS = 2_500_000_000


@functools.cache
def code_digest() -> str:
    """Digest of the generator's own source: any code change invalidates every cached value.

    Computed once per process: what runs is the code that was imported, so a long-running dev server
    whose package files are edited on disk keeps its cache (it still runs the old code)."""
    from importlib import metadata

    h = hashlib.blake2b(digest_size=16)
    h.update(f"schema {SCHEMA}".encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):  # subpackages too (bangvang/pages/)
        h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        h.update(path.read_bytes())
    for name in OUTPUT_LIBRARIES:
        try:
            h.update(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} -".encode())
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
        h.update(f"{src.rel}\0{src.size}\0{src.mtime_ns}\0{src.ctime_ns}\n".encode())
    roots = (config.templates_dir, config.theme_dir, BUILTIN_TEMPLATES, BUILTIN_THEME, config.static_dir)
    for root in dict.fromkeys(r for r in roots if r is not None):
        for path in sorted(root.rglob("*")) if root.is_dir() else ():
            try:
                stat = path.stat()
            except OSError:  # a dangling or looping symlink: the build reports it (site_file_links)
                stat = path.lstat()
            h.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    h.update(config_digest(config).encode())
    return h.hexdigest()


# View types that many pages share (an honour row is on up to eight pages, an article card on dozens):
# views.py registers them. RenderKeys hashes each such object once and keys a page on the digests.
SHARED_VIEW_TYPES: set[type] = set()


def _shared(digest: bytes) -> None:
    """Stands for a shared view object in a render key; only ever pickled by name, never called."""


class RenderKeys(pickle.Pickler):
    """Render keys for one build: `key(template, context)` is the identity of a page's output, its
    template name and complete (plain) context, hashed.

    The context is pickled with each shared view object replaced by the digest of its own pickle,
    computed once per object while it lives (the digest is dropped with the object, through a weak
    reference, so that the memo never holds views the build has let go of). Pickled
    without pickle's memo ("fast" mode): with it, two equal values that happen to be one shared object
    in one build and two objects in the next would pickle, and so key, differently."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        super().__init__(self.buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self.fast = True
        self.digests: dict[int, tuple[Any, bytes]] = {}  # id → (weak reference to the object, digest)
        self._inner: RenderKeys | None = None

    def key(self, template: str, context: dict[str, Any]) -> bytes:
        return self._digest((template, context))

    def view_digest(self, obj: Any) -> bytes:
        """The digest a shared view object stands for in render keys (for outputs keyed row by row)."""
        return self.reducer_override(obj)[1][0]

    def _digest(self, value: Any) -> bytes:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.dump(value)
        return hashlib.blake2b(self.buffer.getbuffer(), digest_size=16).digest()

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        values = _FIELD_VALUES[cls]
        if not values:
            return NotImplemented
        if cls not in SHARED_VIEW_TYPES:
            return cls, values(obj)
        key = id(obj)
        hit = self.digests.get(key)
        if hit is not None and hit[0]() is obj:
            return _shared, (hit[1],)
        if self._inner is None:  # this pickler is busy with the page: the object gets one of its own
            self._inner = RenderKeys()
            self._inner.digests = self.digests
        digest = self._inner._digest((cls, values(obj)))
        digests = self.digests
        try:
            ref = weakref.ref(obj, lambda dead, key=key: digests.get(key, (None,))[0] is dead and digests.pop(key))
        except TypeError:  # a type without weak references: hashed again each time
            return _shared, (digest,)
        digests[key] = (ref, digest)
        return _shared, (digest,)


# class → function giving a dataclass instance's field values as a tuple (False for other classes).
# Slotted dataclasses pickle through a Python-level __getstate__ that looks the fields up every time.
_FIELD_VALUES = PerClass(lambda cls: dataclasses.is_dataclass(cls) and field_values[cls])


# Where a BuildCache field is stored (field metadata): with the small state read by every build, or with
# the bulk read only once a build has something to do. Fields without it live in memory only.
STATE = MappingProxyType({"stored": "state"})
BULK = MappingProxyType({"stored": "bulk"})


@dataclass
class BuildCache:
    """Kept in memory by the dev server between rebuilds; stored in the cache folder by `build`."""

    code: str = field(default="", metadata=STATE)
    env: str = field(default="", metadata=STATE)
    fingerprint: str = field(default="", metadata=STATE)
    started_ns: int = 0  # wall-clock start of the build being made (or, stored, of the one that was made)
    # Articles and pages saved just before the stored build began (rel → digest of the bytes it used):
    # the fingerprint alone cannot vouch for them. None: a racy registry or asset, nothing vouches.
    racy: dict[str, str] | None = field(default_factory=dict, metadata=STATE)
    # the earliest scheduled article: the site changes then
    next_change: datetime | None = field(default=None, metadata=STATE)
    # rel → (stamp, trusted, doc): trusted when the file was older than RACY_NS when recorded
    docs: dict[str, tuple[tuple[int, int, int], bool, ParsedDoc]] = field(default_factory=dict, metadata=BULK)
    # rel → (doc digest, registries+config digest, stage-B result): typing and resolving is redone only
    # when the file or what it refers to changed.
    results: dict[str, tuple[str, str, Any]] = field(default_factory=dict, metadata=BULK)
    renders: dict[str, bytes] = field(default_factory=dict, metadata=BULK)  # output rel → render key
    outputs: dict[str, str] = field(default_factory=dict, metadata=BULK)  # output rel → digest of the file written
    output_stamp: list[int] = field(default_factory=list, metadata=STATE)
    warnings: tuple = field(default=(), metadata=STATE)  # of the last build, repeated when nothing changed
    # search index part → digest of its pages
    search_parts: dict[str, str] = field(default_factory=dict, metadata=BULK)
    # indexed page → (digest of its file, search.indexed_digest or that digest): what a part's digest is made of
    search_keys: dict[str, tuple[str, bytes]] = field(default_factory=dict, metadata=BULK)
    # photo content path → (stamp, trusted, source digest, settings key, ImageInfo or refusal): photos.py
    images: dict[str, tuple] = field(default_factory=dict, metadata=BULK)
    # what each unit of page work read and wrote (deps.DepIndex), for the output `renders` describes
    deps: Any = field(default=None, metadata=BULK)
    # article or page source → (file digest, context, its shape and content digests): deps.site_shape
    shapes: dict[str, tuple] = field(default_factory=dict, metadata=BULK)
    parsed: int = 0  # statistics of the current build
    rendered: int = 0
    site: Any = None  # the last Site, in memory only (the dev server's text-only edits start from it)
    jinja: Any = None  # the Jinja environment of `env`, in memory only (compiling the templates takes 0.15 s)
    # (shape digest, pages/plan.Plan.shaped), in memory only: what the pages make of the site's shape alone
    # (related articles, roll statistics, filter forms, charts). At N=10,000 remaking them took most of the
    # seconds between a title edit and the whole site consistent.
    shaped: Any = None
    # stream job → what its files hold row by row (streams.StreamMemo), in memory only: the dev server splices
    streams: dict[str, Any] = field(default_factory=dict)
    # article source → ((file digest, its photos, content prefix), its missing-alt warnings), in memory only:
    # photos.missing_alt decompresses every body with a photo, 0.2 s of a save at N=1,000
    alt: dict = field(default_factory=dict)
    # ((digest of the registries' bytes, their files), Registry, problems), in memory only: read_registries
    registry: Any = None
    # search parts Pagefind began on during the dev server's last edit (pipeline.EarlySearch), in memory only:
    # refresh_after_edit puts them in
    early_search: Any = None
    bulk_file: Path | None = None  # stored bulk (docs … search_parts) not read yet: see load_bulk
    spilled: bool = False  # the articles' documents were stored early and dropped from memory (spill_docs)
    results_spilled: bool = False  # the articles' results were stored early and dropped (spill_results)

    STATE: ClassVar[tuple[str, ...]]  # the names of the fields stored with the state, and with the bulk
    BULK: ClassVar[tuple[str, ...]]

    def load_bulk(self) -> None:
        """Read the stored bulk of the cache, once a build needs more than the fingerprint check."""
        path, self.bulk_file = self.bulk_file, None
        if path is None:
            return
        try:
            with open(path, "rb") as handle:
                bulk = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return
        if not isinstance(bulk, dict) or bulk.get("code") != self.code:
            return
        for name in self.BULK:
            if name in ("renders", "deps") and bulk.get("env") != self.env:
                continue
            setattr(self, name, bulk.get(name, getattr(self, name)))
        spilled = _read_pickle(path.with_name(path.name.replace(".bulk.", ".docs.")))
        if isinstance(spilled, dict) and spilled.get("code") == self.code:
            self.docs = {**spilled["docs"], **self.docs}
        spilled = _read_pickle(path.with_name(path.name.replace(".bulk.", ".results.")))
        if isinstance(spilled, dict) and spilled.get("code") == self.code:
            self.results = {**spilled["results"], **self.results}

    def spill_docs(self, config: SiteConfig) -> None:
        """Store the articles' parsed documents now and let go of them: a build needs them again only
        to save the cache, and at 100,000 articles they take a fifth of the memory. Safe to store
        before the build succeeds: a document stands for the bytes of its file, whatever the output."""
        articles = {rel: self.docs[rel] for rel in self.results if rel in self.docs}
        config.cache_dir.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(cache_file(config, "docs"),
                           pickle.dumps({"code": self.code, "docs": articles}, protocol=pickle.HIGHEST_PROTOCOL))
        self.docs = {rel: doc for rel, doc in self.docs.items() if rel not in articles}
        self.spilled = True

    def spill_results(self, config: SiteConfig) -> None:
        """Store the articles' results now and let go of them: they are most of the model, which a build
        needs no more once its pages are written, and the search index (Pagefind) is made after that, at
        the build's peak. Safe to store before the build succeeds, as spill_docs is: a result stands for
        its document's digest and the context it was made in."""
        config.cache_dir.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(cache_file(config, "results"),
                           pickle.dumps({"code": self.code, "results": self.results}, protocol=pickle.HIGHEST_PROTOCOL))
        self.results = {}
        self.results_spilled = True

    def prepare(self, config: SiteConfig) -> None:
        """Drop what the current code, templates, theme and configuration make stale."""
        code = code_digest()
        trees = tree_digest(config.templates_dir, config.theme_dir, BUILTIN_TEMPLATES, BUILTIN_THEME)
        env = hashlib.blake2b((trees + config_digest(config)).encode(), digest_size=16).hexdigest()
        if code != self.code:
            self.fingerprint = ""  # a new generator (or library) remakes the site even when no input changed
            self.bulk_file = None
            self.search_parts.clear()
            self.search_keys.clear()
            self.docs.clear()
            self.results.clear()
            self.renders.clear()
            self.deps = None
            self.shapes.clear()
            self.images.clear()
            self.site = self.jinja = self.shaped = None
            self.streams = {}
        elif env != self.env:
            self.renders.clear()
            self.deps = None
            self.site = self.jinja = self.shaped = None
            self.streams = {}
        self.code, self.env = code, env
        self.parsed = self.rendered = 0

    def is_fresh(self, fingerprint: str, config: SiteConfig, sources: Sources) -> bool:
        """True when the inputs and the output folder are exactly as the last build left them."""
        if not fingerprint or fingerprint != self.fingerprint or self.racy is None:
            return False
        if self.next_change is not None and config.now >= self.next_change:
            return False
        if not self.output_stamp or self.output_stamp != output_stamp(config.output_dir):
            return False
        if self.racy:  # the few files the metadata cannot vouch for: compare their bytes
            by_rel = {src.rel: src for src in (*sources.registries.values(), *sources.assets, *sources.articles,
                                               *sources.pages)}
            for rel, digest in self.racy.items():
                try:
                    if _digest(by_rel[rel].path.read_bytes()) != digest:
                        return False
                except (KeyError, OSError):
                    return False
        return True

    def known(self, src: SourceFile) -> bool:
        """Whether the source is, from its metadata alone, the file the cached document was made from."""
        cached = self.docs.get(src.rel)
        return bool(cached) and cached[0] == src.stamp and cached[1]

    def trusted(self, src: SourceFile) -> bool:
        """Whether the file's metadata can stand for its bytes from now on (it is not racy)."""
        return src.mtime_ns < self.started_ns - RACY_NS

    def remember(self, src: SourceFile, doc: ParsedDoc) -> None:
        self.docs[src.rel] = (src.stamp, self.trusted(src), doc)

    def document(self, src: SourceFile, read, parse) -> ParsedDoc:
        """The parsed document for a source: reused when its bytes are unchanged."""
        if self.known(src):
            return self.docs[src.rel][2]
        cached = self.docs.get(src.rel)
        try:
            data = read(src)
        except OSError as exc:
            from .parse import unreadable
            return unreadable(src.rel, src.display, exc)
        if cached and cached[2].digest == _digest(data):
            self.remember(src, cached[2])
            return cached[2]
        doc = parse(data)
        self.parsed += 1
        self.remember(src, doc)
        return doc

    def result(self, doc: ParsedDoc, context: str, make):
        """The stage-B result for a document: reused while the document and its context are unchanged."""
        cached = self.results.get(doc.rel)
        if cached and cached[0] == doc.digest and cached[1] == context:
            return cached[2]
        value = make(doc)
        self.results[doc.rel] = (doc.digest, context, value)
        return value

    def forget_missing(self, present: set[str]) -> None:
        for rel in set(self.docs) - present:
            del self.docs[rel]
        for rel in set(self.results) - present:
            del self.results[rel]


BuildCache.STATE = tuple(f.name for f in fields(BuildCache) if f.metadata.get("stored") == "state")
BuildCache.BULK = tuple(f.name for f in fields(BuildCache) if f.metadata.get("stored") == "bulk")


def _read_pickle(path: Path) -> Any:
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:  # replaced or removed meanwhile
        return 0


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def output_stamp(output: Path) -> list[int]:
    """Identity of the output folder: a swap, or a hand edit at its top level, changes it."""
    try:
        stat = output.stat()
    except OSError:
        return []
    return [stat.st_ino, stat.st_mtime_ns]


def read_ledger_file(config: SiteConfig) -> bytes:
    """The address ledger's bytes (b"" when the site has none yet)."""
    try:
        return ledger_path(config.root).read_bytes()
    except OSError:
        return b""


def with_ledger(fingerprint: str, ledger: bytes) -> str:
    """The fingerprint with the address ledger's bytes in: the build rewrites the ledger itself, so it is
    keyed by what it holds, as the build left it, rather than by when it was saved."""
    return hashlib.blake2b(f"{fingerprint}\0{_digest(ledger)}".encode(), digest_size=16).hexdigest()


def check_unchanged(config: SiteConfig, cache: BuildCache) -> tuple[bool, Sources, str]:
    """(nothing changed since the last build, the sources, their fingerprint), from file metadata.
    The fingerprint returned is that of the inputs without the ledger (see with_ledger)."""
    cache.prepare(config)
    started_ns = time.time_ns()
    sources = find_sources(config.content_dir, config.content_prefix)
    files = [*sources.registries.values(), *sources.articles, *sources.pages, *sources.assets]
    fingerprint = input_fingerprint(config, files)
    fresh = cache.is_fresh(with_ledger(fingerprint, read_ledger_file(config)), config, sources) \
        and not sources.problems
    cache.started_ns = started_ns  # the build that may follow: what it records is judged against its start
    return fresh, sources, fingerprint


def racy_inputs(cache: BuildCache, sources: Sources, used: dict[str, str]) -> dict[str, str] | None:
    """The inputs modified too close to this build's start for their metadata to stand for their
    bytes next time, with the digest of the bytes this build used (None if one is not known).
    `used`: the digests of the registries and published files that the build read."""
    racy = {}
    for src in (*sources.registries.values(), *sources.assets, *sources.articles, *sources.pages):
        if not cache.trusted(src):
            cached = cache.docs.get(src.rel)
            result = cache.results.get(src.rel)  # the documents of articles may be spilled (spill_docs)
            digest = used.get(src.rel) or (cached[2].digest if cached else result[0] if result else None)
            if digest is None:
                return None
            racy[src.rel] = digest
    return racy


def cache_file(config: SiteConfig, part: str = "state") -> Path:
    key = hashlib.blake2b(f"{config.output_dir}\0{config.drafts}".encode(), digest_size=8).hexdigest()
    return config.cache_dir / f"build-{key}.{part}.pickle"


def load_cache(config: SiteConfig) -> BuildCache:
    """The stored cache for this output folder, or an empty one if missing or unreadable. Only the
    small state is read here; a no-change rebuild needs nothing more (see BuildCache.load_bulk)."""
    try:
        with open(cache_file(config), "rb") as handle:
            state = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return BuildCache()
    if not isinstance(state, dict):
        return BuildCache()
    cache = BuildCache(**{name: state[name] for name in BuildCache.STATE if name in state})
    cache.bulk_file = cache_file(config, "bulk")
    return cache


def seed_documents(cache: BuildCache, cache_dir: Path) -> int:
    """Lend an empty cache the parsed documents of every cache stored in cache_dir by the current code
    (the site's `build`, an earlier preview), newest first; returns how many. A document stands for the
    bytes of its file whatever the output folder, and is used only while its file is unchanged."""
    if cache.outputs or cache.code not in ("", code_digest()):
        return 0
    cache.code = code_digest()
    stored = sorted(cache_dir.glob("build-*.bulk.pickle"), key=_mtime, reverse=True)
    lent = 0
    for bulk in stored:
        for path in (bulk, bulk.with_name(bulk.name.replace(".bulk.", ".docs."))):
            data = _read_pickle(path)
            if not isinstance(data, dict) or data.get("code") != cache.code or not isinstance(data.get("docs"), dict):
                continue
            for rel, entry in data["docs"].items():
                if rel not in cache.docs:
                    cache.docs[rel] = entry
                    lent += 1
    return lent


def save_cache(config: SiteConfig, cache: BuildCache) -> None:
    config.cache_dir.mkdir(parents=True, exist_ok=True)
    tag = config.cache_dir / "CACHEDIR.TAG"
    if not tag.exists():
        write_bytes_atomic(tag, b"Signature: 8a477f597d28d172789f06886806bc55\n"
                                b"# Bang Vang build cache: safe to delete.\n")
    cache.load_bulk()  # a build that stopped at the fingerprint check must not lose the stored bulk
    if not cache.spilled:  # every document is in the bulk: an earlier spill is out of date
        cache_file(config, "docs").unlink(missing_ok=True)
    if not cache.results_spilled:  # likewise every result
        cache_file(config, "results").unlink(missing_ok=True)
    bulk = {name: getattr(cache, name) for name in BuildCache.BULK} | {"code": cache.code, "env": cache.env}
    write_bytes_atomic(cache_file(config, "bulk"), pickle.dumps(bulk, protocol=pickle.HIGHEST_PROTOCOL))
    state = {name: getattr(cache, name) for name in BuildCache.STATE}
    write_bytes_atomic(cache_file(config), pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
