"""Reader search: the honour-roll filters and awardee index, and the site's full-text index (Pagefind).

Two engines, each for what it does best (shared/research/DOMAIN.md §3.4):
- Honour rolls are filtered in the browser by theme/js/roll.js from the rows' data-* attributes; a
  paginated roll searches every honour through a compact JSON index made here (`awardee_index`).
  Names match with the same fold as Python's text.fold (accents dropped, đ = d).
- Articles are searched with Pagefind, run on the written site (`search_bundle`, which the pipeline writes through its writer). Pagefind folds tones
  and vowel marks but not đ, which has no Unicode decomposition: "doan" would not find "đoàn". Each
  indexed page therefore carries a hidden block with the đ→d forms of its own đ-words
  (`dd_aliases`), so an accent-free query finds them and a query typed with đ still matches the
  original word.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from .errors import BuildFailed, Problem
from .text import fold

PAGEFIND_VERSION = "1.5.2"
PAGEFIND_DIR = "pagefind"
# The bundle files the theme's search page uses; Pagefind's ready-made UIs (≈ 420 KB) are removed.
PAGEFIND_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                   "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")

KIND_OPTIONS = (("ca-nhan", "Cá nhân"), ("tap-the", "Tập thể"), ("ho-gia-dinh", "Hộ gia đình"),
                ("so-luong", "Chỉ ghi số lượng"))
COUNTED_KIND = "so-luong"
# A registered unit honoured itself (don-vi) is a collective for the kind filter, as for totals and sections.
FILTER_KINDS = {"don-vi": "tap-the"}


def filter_kind(counted: bool, kind: str) -> str:
    """The value of the kind filter ("loai") a roll row answers to."""
    return COUNTED_KIND if counted else FILTER_KINDS.get(kind, kind)

_WORD = re.compile(r"\w+")
_DD_WORD = re.compile(r"\w*[đĐ]\w*")
_TAG = re.compile(r"<[^>]+>")


# -- site search: đ aliases ----------------------------------------------------------------------------
def dd_aliases(*texts: str) -> str:
    """The accent-free forms of the words that contain đ/Đ, deduplicated and sorted, space-separated.

    `dd_aliases("Công đoàn Đồng Nai", "đoàn")` → "doan dong". Text may be HTML: tags are dropped and
    entities decoded first. Other words need no alias because Pagefind folds their marks itself."""
    words: set[str] = set()
    for text in texts:
        if not text or ("đ" not in text and "Đ" not in text and "&" not in text):
            continue
        plain = html.unescape(_TAG.sub(" ", text)) if "<" in text or "&" in text else text
        plain = unicodedata.normalize("NFC", plain)
        words.update(_DD_WORD.findall(plain))
    return " ".join(sorted({_fold_word(word) for word in words}))


# The same đ-words come back in every article (đoàn, động, được …).
_fold_word = functools.lru_cache(maxsize=1 << 16)(fold)


def article_aliases(article: Any) -> str:
    """`dd_aliases` over the text article.html indexes for an ArticleView: its data-pagefind-body minus the
    data-pagefind-ignore parts (date, author, unit and campaign chips, which are filters instead; the
    "also in" links of an honour row, which are other articles' titles: those are found on their own)."""
    texts = [article.title, article.image_caption, article.image_credit, article.body]
    texts += [link.text for link in article.tags]
    for row in article.honours:
        texts += [row.name, row.kind_label, row.award, row.awarded_by_text, row.position, row.achievement,
                  row.unit.text, row.honorific, row.organisation, row.prize, row.edition, row.category,
                  row.presented_by, row.decision, *(link.text for link in row.more_issuers)]
        if row.awarded_by:
            texts.append(row.awarded_by.text)
    return dd_aliases(*texts)


# -- site search: Pagefind -----------------------------------------------------------------------------
def pagefind_command(site: Path, output: Path, language: str = "vi") -> list[str]:
    """The Pagefind run: this interpreter's `pagefind` package, one forced language, an explicit output folder."""
    return [*_pagefind_executable(), "--site", str(site), "--output-path", str(output),
            "--force-language", language or "vi", "--silent"]


@functools.cache
def _pagefind_executable() -> tuple[str, ...]:
    """The binary that `python -m pagefind` would exec, run directly (a large site is indexed in many
    parts, and each part paid for starting an interpreter); the module itself if it cannot be found."""
    try:
        from pagefind_bin import get_executable

        return (str(get_executable().resolve()),)
    except Exception:  # not installed, or another layout: the module reports what is wrong
        return (sys.executable, "-m", "pagefind")


# Pagefind holds a whole index in memory (about 400 KB per article page with 1.5.2, so 10,000 articles would
# need 4 GB: Pagefind/pagefind#842). The articles are therefore indexed in parts of this many pages, oldest
# first so that a new article touches only the last part; the search page merges the parts in the browser
# (Pagefind's mergeIndex), and a build re-indexes only the parts whose pages changed.
SEARCH_PART_SIZE = 500


def search_parts(pages: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
    """[(part name, output paths of its pages)], for pages given oldest first."""
    return [(f"p{n:03d}", tuple(pages[start:start + SEARCH_PART_SIZE]))
            for n, start in enumerate(range(0, len(pages), SEARCH_PART_SIZE))]


_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.I)
_TITLE = re.compile(rb"<title\b[^>]*>.*?</title\s*>", re.I | re.S)
_BODY_START = re.compile(rb"<([a-zA-Z][\w-]*)\b[^>]*\sdata-pagefind-body\b[^>]*>")
_PAGEFIND_ATTRIBUTE = b"data-pagefind-"


def indexed_digest(page: bytes) -> bytes | None:
    """Digest of what Pagefind reads of a page whose indexed content is marked with data-pagefind-body: its
    <html> tag (the language), its <title> and every marked element, less the elements in them it does not
    index (data-pagefind-ignore, unless they hold metadata or filters), and less the targets of its links
    (Pagefind reads a link's text, not where it goes). A page differing only outside what is left
    (related-article cards, previous and next links, the menu, an honour row's links to the other articles
    that report it, a link in the text to an article whose title gave it a new address) needs no
    re-indexing. None when nothing is marked or a data-pagefind- attribute stands outside the marked
    elements (metadata and filters are read anywhere on a page): then only the whole page's digest stands
    for it."""
    kept: list[bytes] = []
    outside: list[bytes] = []
    pos = 0
    for start in _BODY_START.finditer(page):
        if start.start() < pos:
            continue  # inside an element already kept
        end = _element_end(page, start)
        if end is None:
            return None
        outside.append(page[pos:start.start()])
        kept.append(_LINK_TAG.sub(_without_target, _without_ignored(page[start.start():end],
                                                                     start.end() - start.start())))
        pos = end
    outside.append(page[pos:])
    if not kept or any(_PAGEFIND_ATTRIBUTE in part for part in outside):
        return None
    head = [m.group(0) for m in (_HTML_TAG.search(page), _TITLE.search(page)) if m is not None]
    h = hashlib.blake2b(digest_size=16)
    for part in (*head, *kept):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()


_LINK_TAG = re.compile(rb"<a\b[^>]*>", re.I)
_HREF = re.compile(rb"""\shref\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)


def _without_target(tag: re.Match) -> bytes:
    return _HREF.sub(b" href", tag.group(0))


_IGNORED_START = re.compile(rb"<([a-zA-Z][\w-]*)\b[^>]*\sdata-pagefind-ignore\b[^>]*>")


def _without_ignored(element: bytes, inside: int) -> bytes:
    """A marked element without the elements in it (from offset `inside`) that Pagefind leaves out of the
    index and that carry no other data-pagefind- attribute, each left as a mark of its place."""
    parts: list[bytes] = []
    pos = inside
    for start in _IGNORED_START.finditer(element, inside):
        if start.start() < pos:
            continue  # inside an element already left out
        end = _element_end(element, start)
        if end is None:
            return element
        if element.count(_PAGEFIND_ATTRIBUTE, start.start(), end) > 1:
            continue  # metadata or filters, which Pagefind reads even there
        parts += [element[pos:start.start()], b"<\0>"]
        pos = end
    return element[:inside] + b"".join(parts) + element[pos:]


def _element_end(page: bytes, start: re.Match) -> int | None:
    """The end of the element whose start tag is `start` (its closing tag counted through nested ones of the
    same name), None when it is not closed."""
    name = re.escape(start.group(1))
    depth = 1
    for tag in re.finditer(rb"<(/?)" + name + rb"\b[^>]*>", page[start.end():], re.I):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return start.end() + tag.end()
    return None


def search_bundle(folder: Path, config: Any = None, threads: int | None = None) -> dict[str, bytes]:
    """Pagefind's search bundle for the written site in `folder`: {output path ("pagefind/…"): bytes}.

    For a pipeline that writes every file through its own writer (manifest, hard links, in-place dev
    folder): Pagefind writes into a temporary folder, and nothing in `folder` changes. Deterministic: no
    network, no pagefind.yml or PAGEFIND_* variables picked up (it runs in an empty working folder with
    those variables removed), one forced language, filter files sorted (canonical_filters); the same HTML
    gives the same bytes. Raises BuildFailed with a Vietnamese message when Pagefind is missing or fails.
    `threads`: how many it may use (its thread pool, rayon, takes every core by default)."""
    language = getattr(config, "language", "vi") if config is not None else "vi"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    if threads is not None:
        env["RAYON_NUM_THREADS"] = str(threads)
    with tempfile.TemporaryDirectory(prefix="bangvang-pagefind-") as tmp:
        bundle = Path(tmp) / PAGEFIND_DIR
        try:
            done = subprocess.run(pagefind_command(Path(folder).resolve(), bundle, language), cwd=tmp, env=env,
                                  capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise _pagefind_failed(str(exc)) from exc
        if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
            output = (done.stderr or done.stdout or "").strip()
            if "No module named pagefind" in output:
                raise BuildFailed([Problem("pagefind", None, "Chưa cài Pagefind nên không tạo được chỉ mục tìm kiếm.",
                                           hint=f"Cài bằng: pip install 'pagefind[bin]=={PAGEFIND_VERSION}'.",
                                           code="search")])
            raise _pagefind_failed(output.splitlines()[-1] if output else f"mã thoát {done.returncode}")
        for name in PAGEFIND_UNUSED:
            (bundle / name).unlink(missing_ok=True)
        canonical_filters(bundle)
        return {f"{PAGEFIND_DIR}/{path.relative_to(bundle).as_posix()}": path.read_bytes()
                for path in sorted(bundle.rglob("*")) if path.is_file()}


# Pagefind 1.5.2 writes each filter's values in Rust HashMap order, which is seeded at random per run: the
# filter files, their names (content hashes) and the metadata file that lists them change from one build
# to the next although they mean the same. Everything else it writes is stable. canonical_filters sorts
# the values and renames the files after their new content, so the same site gives the same bytes.
# The files are gzip("pagefind_dcd" + CBOR); a filter file is [name, [[value, [page, …]], …]], the
# metadata [version, pages, index chunks, [[filter name, file hash], …], sorts, meta fields].
_SIGNATURE = b"pagefind_dcd"


def canonical_filters(bundle: Path) -> bool:
    """Make Pagefind's filter files and metadata byte-stable; False (files untouched) if the format is not
    the one this code knows (another Pagefind version): the bundle then still works, only not byte-stable."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text("utf-8"))
        plan: list[tuple[Path, Path, bytes]] = []  # (old file, new file, new bytes)
        for language in entry["languages"].values():
            meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
            meta = _read_cbor(meta_path)
            renamed: dict[str, str] = {}
            for item in meta[3]:
                name, old_hash = item
                path = bundle / "filter" / f"{old_hash}.pf_filter"
                data = _read_cbor(path)
                if not (isinstance(data, list) and len(data) == 2 and data[0] == name):
                    return False
                values = sorted(([value, sorted(pages)] for value, pages in data[1]), key=lambda v: v[0])
                payload = _pack([name, values])
                new_hash = _short_hash(old_hash, payload, 7)
                renamed[old_hash] = new_hash
                plan.append((path, path.with_name(f"{new_hash}.pf_filter"), payload))
            meta[3] = sorted(([name, renamed[old]] for name, old in meta[3]), key=lambda f: f[0])
            payload = _pack(meta)
            new_meta = _short_hash(language["hash"], payload, 10)
            plan.append((meta_path, meta_path.with_name(f"pagefind.{new_meta}.pf_meta"), payload))
            language["hash"] = new_meta
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return False
    for old, new, payload in plan:
        old.unlink()
        new.write_bytes(payload)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return True


def _short_hash(old: str, payload: bytes, digits: int) -> str:
    prefix = old.rsplit("_", 1)[0] + "_" if "_" in old else ""
    return prefix + hashlib.sha256(payload).hexdigest()[:digits]


def _read_cbor(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind file")
    value, end = _cbor_decode(raw, len(_SIGNATURE))
    if end != len(raw) or _cbor_encode(value) != raw[len(_SIGNATURE):]:
        raise ValueError(f"{path.name}: CBOR this code does not round-trip")
    return value


def _pack(value: Any) -> bytes:
    return gzip.compress(_SIGNATURE + _cbor_encode(value), compresslevel=9, mtime=0)


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | extra]) + n.to_bytes(size, "big")
    raise ValueError("integer too large")


def _cbor_encode(value: Any) -> bytes:
    """The CBOR subset Pagefind writes: unsigned integers, text, byte strings and arrays, shortest heads."""
    if isinstance(value, bool) or value is None:
        raise ValueError("unexpected CBOR value")
    if isinstance(value, int):
        if value < 0:
            return _cbor_head(1, -1 - value)
        return _cbor_head(0, value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _cbor_head(3, len(data)) + data
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
    raise ValueError(f"unexpected CBOR value {type(value).__name__}")


def _cbor_decode(raw: bytes, pos: int) -> tuple[Any, int]:
    first = raw[pos]
    major, info = first >> 5, first & 31
    pos += 1
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n = int.from_bytes(raw[pos:pos + size], "big")
        pos += size
    else:
        raise ValueError("indefinite or reserved CBOR length")
    if major == 0:
        return n, pos
    if major == 1:
        return -1 - n, pos
    if major == 2:
        return raw[pos:pos + n], pos + n
    if major == 3:
        return raw[pos:pos + n].decode("utf-8"), pos + n
    if major == 4:
        items = []
        for _ in range(n):
            item, pos = _cbor_decode(raw, pos)
            items.append(item)
        return items, pos
    raise ValueError(f"unexpected CBOR major type {major}")


def _pagefind_failed(detail: str) -> BuildFailed:
    return BuildFailed([Problem("pagefind", None, f"Không tạo được chỉ mục tìm kiếm: {detail}",
                                hint="Chạy lại với --debug; kiểm tra gói pagefind[bin] đã cài đúng phiên bản.",
                                code="search")])


# -- honour rolls: filters and the awardee index ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Facet:
    """One <select> of a roll's filter form: URL parameter, label and (value, text) options."""

    name: str
    label: str
    options: tuple[tuple[str, str], ...]
    # per option, the values it stands for when more than itself: a unit and its sub-units ("" otherwise)
    members: tuple[str, ...] = ()


def roll_facets(rows: Sequence[Any], unit_order: Sequence[str] = (), campaign_order: Sequence[str] = (),
                award_order: Sequence[str] = (),
                ancestors: Mapping[str, tuple[tuple[str, str], ...]] | None = None) -> tuple[Facet, ...]:
    """The filters worth offering for these HonourRows: every facet with two or more values.

    Years newest first; units, campaigns and awards in the given orders (registry order: tree,
    campaign list, award rank), any others after them in first-seen order. With `ancestors` (unit id →
    its ancestors as (id, name)), choosing a unit also finds its sub-units' honours, as its own page
    does, and units above the roll's units are offered when they narrow it."""
    years: dict[str, str] = {}
    units: dict[str, str] = {}
    campaigns: dict[str, str] = {}
    awards: dict[str, str] = {}
    kinds: set[str] = set()
    for r in rows:
        years[str(r.year_end)] = str(r.year_end)
        units.setdefault(r.unit_id, r.unit.text)
        if r.campaign_id and r.campaign:
            campaigns.setdefault(r.campaign_id, r.campaign.text)
        awards.setdefault(r.award_id, r.award)
        kinds.add(filter_kind(r.counted, r.kind))

    def ordered(found: dict[str, str], order: Sequence[str]) -> tuple[tuple[str, str], ...]:
        rank = {key: i for i, key in enumerate(order)}
        seen = {key: i for i, key in enumerate(found)}
        return tuple((k, found[k]) for k in sorted(found, key=lambda k: (rank.get(k, len(rank)), seen[k])))

    own_units = list(units)
    members: dict[str, list[str]] = {unit: [unit] for unit in own_units}
    if ancestors:
        for unit in own_units:
            for above, name in ancestors.get(unit, ()):
                members.setdefault(above, []).append(unit)
                units.setdefault(above, name)
        for above in [u for u in units if u not in own_units and len(members[u]) == len(own_units)]:
            del units[above]  # above every unit of the roll: the same as no filter
    unit_options = ordered(units, unit_order)
    facets = (
        Facet("nam", "Năm", tuple((y, y) for y in sorted(years, key=int, reverse=True))),
        Facet("don-vi", "Đơn vị", unit_options,
              tuple(" ".join(members[u]) if len(members[u]) > 1 else "" for u, _ in unit_options)),
        Facet("phong-trao", "Phong trào", ordered(campaigns, campaign_order)),
        Facet("danh-hieu", "Danh hiệu", ordered(awards, award_order)),
        Facet("loai", "Tập thể / cá nhân", tuple(o for o in KIND_OPTIONS if o[0] in kinds)),
    )
    return tuple(f for f in facets if len(f.options) > 1)


_INDEX_KINDS = {"ca-nhan": "cá nhân", "tap-the": "tập thể", "ho-gia-dinh": "hộ gia đình", COUNTED_KIND: "số lượng"}
INDEX_FIELDS = ("search", "name", "url", "kind", "award", "unit", "campaign", "year", "yearEnd", "article",
                "total", "position")


def awardee_index(context: dict[str, Any]) -> bytes:
    """Serializer "roll-index": every honour of the site as compact JSON for roll.js's name search.

    context["rows"] is the HonourRows in roll order. Names of units, campaigns, awards and articles
    are stored once in lookup tables; each row is a list in INDEX_FIELDS order."""
    rows = context["rows"]
    stream = RollIndexStream(*index_tables(rows))
    return b"".join([stream.head(), *(stream.add(r, stream.line(r)) for r in rows), stream.tail()])


def index_tables(rows) -> tuple[list[list[str]], dict[str, str], dict[str, list[str]]]:
    """(articles in order of first appearance as [title, URL], award id → name, campaign id → [name, URL])."""
    articles: dict[str, list[str]] = {}
    awards: dict[str, str] = {}
    campaigns: dict[str, list[str]] = {}
    for r in rows:
        articles.setdefault(r.article.url, [r.article.text, r.article.url])
        awards.setdefault(r.award_id, r.award)
        if r.campaign_id and r.campaign:
            campaigns.setdefault(r.campaign_id, [r.campaign.text, r.campaign.url])
    return list(articles.values()), awards, campaigns


# One encoder for every row: json.dumps with options builds a new encoder on each call.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def _compact(value: Any) -> bytes:
    # < > & as JSON escapes, like the open-data JSON: no raw markup in any output, whatever a name holds.
    text = _COMPACT(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


class RollIndexStream:
    """The awardee index in pieces, one row at a time (a large site's index is too big to build whole):
    the lookup tables that come before the rows are given up front (index_tables), the units after them
    are gathered on the way. The bytes are those of one json.dumps of the whole index, keys sorted."""

    def __init__(self, articles: list[list[str]], awards: dict[str, str], campaigns: dict[str, list[str]]):
        self.articles, self.awards, self.campaigns = articles, awards, campaigns
        self.article_index = {url: i for i, (_, url) in enumerate(articles)}
        self.units: dict[str, list[str]] = {}
        self.count = 0

    def head(self) -> bytes:
        return (b'{"articles":' + _compact(self.articles) + b',"awards":' + _compact(self.awards)
                + b',"campaigns":' + _compact(self.campaigns) + b',"fields":' + _compact(list(INDEX_FIELDS))
                + b',"kinds":' + _compact(_INDEX_KINDS)
                + b',"rows":[')

    def line(self, r: Any) -> bytes:
        return _compact([r.search, r.name, r.url, filter_kind(r.counted, r.kind), r.award_id, r.unit_id,
                         r.campaign_id, r.year, r.year_end, self.article_index[r.article.url], r.total, r.position])

    def add(self, r: Any, line: bytes) -> bytes:
        self.units.setdefault(r.unit_id, [r.unit.text, r.unit.url])
        self.count += 1
        return line if self.count == 1 else b"," + line

    @staticmethod
    def state(r: Any) -> tuple:
        """What add() gathers of a row for the tail."""
        return (r.unit_id, r.unit.text, r.unit.url)

    def tail(self) -> bytes:
        return b'],"units":' + _compact(self.units) + b',"version":1}\n'


__all__ = ["dd_aliases", "article_aliases", "search_bundle", "indexed_digest", "pagefind_command", "Facet", "roll_facets",
           "awardee_index", "RollIndexStream", "index_tables", "PAGEFIND_DIR"]
