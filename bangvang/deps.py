"""Per-page dependencies: what each unit of page work read, so that an edit re-plans only what reads it.

The site's *shape* is everything that decides which pages exist and what they list: the configuration, the
registries, the published files and photos, the order of the articles and every article field but the
CONTENT ones below (dates, units, campaigns, tags, honours), and the stand-alone pages but their texts.
While the shape is unchanged, the walk of the page families yields the same units of work in the same
order, and a page differs from the last build's only through the content of the articles and pages it
read. Each unit's reads are recorded as it is planned and rendered (pages/plan.Reads: which articles'
cards, honour rows, feed entries, link targets and texts); an edit then re-plans the units that read a
changed field, and carries every other output over. Anything else that changes (the shape) plans
everything, as a clean build does. When in doubt a field is shape: only the fields listed here are not.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from array import array
from dataclasses import dataclass, field, fields
from typing import Any, Iterable

from .model import Article, StandalonePage
from .pages.plan import CARD, ENTRY, LINK, OWN, READ_KINDS, ROW, TEXT

# Article fields that no page's existence or place depends on, with the reads that show them.
ARTICLE_CONTENT: dict[str, tuple[int, ...]] = {
    "slug": (OWN, CARD, ROW, ENTRY, LINK),
    "title": (OWN, CARD, ROW, ENTRY),
    "summary": (OWN, CARD, ENTRY),
    "author": (OWN, ENTRY),
    "image": (OWN, CARD),
    "image_caption": (OWN,),
    "image_credit": (OWN,),
    "extra": (OWN,),
    "body_z": (OWN, ENTRY, TEXT),
    "references": (OWN, ENTRY, TEXT),
    "digest": (),  # of the file's bytes: shown nowhere
}
PAGE_CONTENT: dict[str, tuple[int, ...]] = {
    "body_z": (OWN, TEXT),
    "references": (OWN, TEXT),
    "extra": (OWN,),
    "digest": (),
}
ARTICLE_SHAPE = tuple(f.name for f in fields(Article) if f.name not in ARTICLE_CONTENT)
PAGE_SHAPE = tuple(f.name for f in fields(StandalonePage) if f.name not in PAGE_CONTENT)


def _digest(value: Any) -> bytes:
    """Digest of a value's pickle, made without pickle's memo: equal values give equal bytes whether or
    not they share objects (a freshly parsed article shares fewer strings than one read from the cache)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=12).digest()


def item_shape(item: Article | StandalonePage) -> tuple[bytes, tuple[bytes, ...]]:
    """(digest of its shape fields, digest of each content field in CONTENT order)."""
    shape, content = (ARTICLE_SHAPE, ARTICLE_CONTENT) if isinstance(item, Article) else (PAGE_SHAPE, PAGE_CONTENT)
    return (_digest(tuple(getattr(item, name) for name in shape)),
            tuple(_digest(getattr(item, name)) for name in content))


@dataclass
class SiteShape:
    shape: bytes  # digest of everything but the content fields
    sources: tuple[str, ...]  # articles in site order, then pages: a source's id is its place here
    articles: int  # how many of `sources` are articles
    content: dict[str, tuple[bytes, ...]]  # source → digests of its content fields


def site_shape(site, context: str, memo: dict) -> SiteShape:
    """The shape of a Site. `context` stands for what else the articles were made from (registries and
    configuration); `memo` (source → (file digest, context, item_shape)) spares hashing unchanged articles."""
    h = hashlib.blake2b(digest_size=16)
    h.update(context.encode())
    h.update(_digest((site.assets, dict(site.images), getattr(site, "share_card", None))))
    content: dict[str, tuple[bytes, ...]] = {}
    for item in (*site.articles, *site.pages):
        kept = memo.get(item.source)
        if kept is not None and item.digest and kept[0] == item.digest and kept[1] == context:
            shape = kept[2]
        else:
            shape = item_shape(item)
            memo[item.source] = (item.digest, context, shape)
        h.update(item.source.encode() + b"\0" + shape[0])
        content[item.source] = shape[1]
    h.update(f"{len(site.articles)} {len(site.pages)}".encode())
    for gone in set(memo) - content.keys():
        del memo[gone]
    sources = tuple(a.source for a in site.articles) + tuple(p.source for p in site.pages)
    return SiteShape(h.digest(), sources, len(site.articles), content)


@dataclass
class DepIndex:
    """What the last build's units of work read and wrote, for the site (shape and content) it was made for."""

    site: SiteShape
    counts: tuple[tuple[str, int], ...]  # (family name, units) in FAMILIES order
    # per unit, in walk order: (output paths, keys read (pages/plan.Reads), its sitemap entries, the keys
    # each of its pages read, in the order of the paths (pages.UnitLog; () for a unit of one page or of streams))
    units: list[tuple[tuple[str, ...], array, tuple, tuple[array, ...]]] = field(default_factory=list)
    closing: tuple[str, ...] = ()  # the outputs made from every unit's pages (sitemap, robots.txt)
    streams: frozenset[int] = frozenset()  # units whose jobs are StreamJobs (open data, the awardee index)
    # stream units the dev server left to do after its reload signal (their outputs still show the last
    # build's content): done by pipeline.finish_deferred, or by the next build
    deferred: frozenset[int] = frozenset()

    def changed_keys(self, new: SiteShape) -> set[int] | None:
        """The read keys an edit from the indexed site to `new` affects; None when the shape changed."""
        return changed_keys(self.site, new)

    def readers(self, keys: set[int]) -> list[int]:
        """The units that read any of these keys, in walk order."""
        if not keys:
            return []
        return [n for n, (_, read, _, _) in enumerate(self.units) if not keys.isdisjoint(read)]


def changed_keys(old: SiteShape, new: SiteShape) -> set[int] | None:
    """The read keys an edit from one site to another affects; None when the shape changed."""
    if new.shape != old.shape or new.sources != old.sources or new.articles != old.articles:
        return None
    keys: set[int] = set()
    for i, source in enumerate(new.sources):
        before, after = old.content[source], new.content[source]
        if before == after:
            continue
        names = ARTICLE_CONTENT if i < new.articles else PAGE_CONTENT
        for kinds, was, now in zip(names.values(), before, after, strict=True):
            if was != now:
                keys.update(i * READ_KINDS + kind for kind in kinds)
    return keys


def keys_array(keys: Iterable[int]) -> array:
    return array("L", sorted(keys))
