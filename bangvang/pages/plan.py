"""What every page family shares: the job types, the family record, and the Plan (the site, its views,
and the helpers that make page metadata)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterable, Iterator

from .. import model
from ..assemble import Site
from ..markup import REF_SCHEME
from ..model import Honour
from ..related import RelatedIndex, index_site
from ..search import roll_facets
from ..views import _REF, DataLinks, FeedEntry, HonourRow, Link, PageMeta, Views


@dataclass(frozen=True, slots=True)
class PageJob:
    """One output file: a Jinja template (.html, .xml, .txt) or a serializer name from render.SERIALIZERS
    ("csv", "json", "roll-index"), and the complete context it is made from."""

    url: str
    template: str
    context: dict[str, Any]
    origin: str = ""  # the content the page is made from, for error messages ("content/…/bai.md")


@dataclass(frozen=True, slots=True)
class StreamJob:
    """Outputs made in one pass over the site's roll, each too large to hold at once (the open data,
    the awardee index): written piece by piece, and keyed row by row (pipeline.write_stream).

    `row(i)` gives the i-th of `size` rows in roll order: (view, indexes of the files that list it);
    `streams()` gives the line encoder of a view and one piece maker per file (head(), add(view, line),
    tail(), state(view)). A file's render key is that of its head followed by the digests of its rows.

    What the dev server's splice of changed rows (bangvang/streams.py) relies on: a row's line depends on
    its view and the heads alone; add() returns its line after bytes that depend only on the row's place
    in the file; tail() depends only on what state() gives of each row, in order."""

    template: str  # "csv", "json" or "roll-index"
    urls: tuple[str, ...]
    heads: tuple[Any, ...]
    size: int
    row: Callable[[int], tuple[Any, tuple[int, ...]]]
    streams: Callable[[], tuple[Callable[[Any], bytes], list[Any]]]
    reads: "Reads | None" = None  # the recorder the rows' views note their reads in

    def rows(self) -> Iterator[tuple[Any, tuple[int, ...]]]:
        return map(self.row, range(self.size))


Job = PageJob | StreamJob
# A unit of work: called by the worker it falls to, it builds the contexts and yields the jobs. Making
# one must be cheap, since every worker makes every family's units and keeps only its own share.
Work = Callable[[], Iterable[Job]]

# What a family reads of the site, for deciding what an edit makes stale.
BODIES = "bodies"  # the text of articles and stand-alone pages (everything else about them is ARTICLES/PAGES)
ARTICLES = "articles"  # article front matter: titles, dates, summaries, units, campaigns, tags, images
PAGES = "pages"  # stand-alone pages' titles and slugs
HONOURS = "honours"  # the honour rows and awardees
REGISTRY = "registry"  # units, campaigns, awards


# What a page reads of one article or stand-alone page, recorded per unit of work as it is planned and
# rendered (Reads), so that an edit of an article's title, summary or text re-plans only the units that
# read it (see bangvang/deps.py for which fields each kind of read shows). A key is source id * READ_KINDS + kind.
OWN = 0  # made from it (its own page; an awardee page names its first honour's article): every field
CARD = 1  # its card in a list (title, URL, date, summary, units, campaigns, photo)
ROW = 2  # the article link of one of its honour rows, or its open-data row (title, URL, date)
ENTRY = 3  # its feed entry (title, URL, date, author, summary, text)
LINK = 4  # a link to it from a text (its URL)
TEXT = 5  # its text, read directly (Article.body_html)
READ_KINDS = 8


class Reads:
    """The recorder: the keys the current unit of work has read (None while nothing is recorded)."""

    def __init__(self, site: Site):
        sources = [a.source for a in site.articles] + [p.source for p in site.pages]
        self.ids = {source: i for i, source in enumerate(sources)}
        self.keys: set[int] | None = None

    def note(self, source: str, kind: int) -> None:
        if self.keys is not None:
            self.keys.add(self.ids[source] * READ_KINDS + kind)

    def note_text(self, source: str) -> None:
        """model.text_reader while recording: a text read outside the views (ids has every source)."""
        if self.keys is not None and source in self.ids:
            self.keys.add(self.ids[source] * READ_KINDS + TEXT)

    def start(self) -> None:
        self.keys = set()
        model.text_reader = self.note_text

    def take(self) -> set[int]:
        """The keys read since the last take (or start); recording goes on."""
        keys, self.keys = self.keys or set(), set()
        return keys

    def stop(self) -> set[int]:
        keys, self.keys = self.keys or set(), None
        model.text_reader = None
        return keys


class RecordingViews(Views):
    """Views that note, for the unit of work being recorded, which articles' cards, rows, feed entries and
    link targets it reads. Noted on every use, cached or not: a cached card is read by many pages."""

    def __init__(self, site: Site, reads: Reads):
        super().__init__(site)
        self.reads = reads
        self._entry_reads: dict[str, set[int]] = {}  # source → what making its feed entry read

    def card(self, source: str):
        self.reads.note(source, CARD)
        return super().card(source)

    def note_honour(self, h: Honour) -> None:
        """A row shows its article, and may link every article reporting the honour and the counted line
        that holds it."""
        note, site = self.reads.note, self.site
        note(h.article, ROW)
        key = (h.article, h.index)
        if key in site.reports:
            for source, _ in site.reports[key]:
                note(source, ROW)
        cover = site.cover_of.get(key)
        if cover is not None:
            note(cover[0], ROW)

    def row(self, h: Honour) -> HonourRow:
        if self.reads.keys is not None:
            self.note_honour(h)
        return super().row(h)

    def roll_rows(self, honours, places):
        if self.reads.keys is not None:
            for h in honours:
                self.note_honour(h)
        return super().roll_rows(honours, places)

    def feed_entry(self, source: str) -> FeedEntry:
        """A feed entry's text links to other articles: what making it read is replayed when it is reused
        from the cache (a card or a row reads nothing but its own article)."""
        reads = self.reads
        reads.note(source, ENTRY)
        if reads.keys is None:
            return super().feed_entry(source)
        nested = self._entry_reads.get(source)
        if nested is not None and source in self._entries:
            reads.keys |= nested
            return super().feed_entry(source)
        self._entries.pop(source, None)  # made while nothing was recorded: made again
        outer, reads.keys = reads.keys, set()
        try:
            entry = super().feed_entry(source)
        finally:
            nested, reads.keys = reads.keys, outer
        self._entry_reads[source] = nested
        outer |= nested
        return entry

    def data_row(self, h: Honour):
        if self.reads.keys is not None:
            self.note_honour(h)
        return super().data_row(h)

    def body(self, html: str, pictures: bool = True) -> str:
        if self.reads.keys is not None and REF_SCHEME in html:
            ids = self.reads.ids
            for match in _REF.finditer(html):
                if match.group(2) in ids:
                    self.reads.note(match.group(2), LINK)
        return super().body(html, pictures)


@dataclass(frozen=True)
class Family:
    """One kind of page. `work(plan, touching)` yields units of work in an order that depends only on the
    site. `touching` is None for a whole build; for an edit of article or page texts alone it is the set
    of their sources, and a family that reads BODIES may then yield only the work those texts reach (a
    family that does not narrow is planned whole, which is slower but never stale)."""

    name: str
    reads: frozenset[str]
    work: Callable[["Plan", frozenset[str] | None], Iterator[Work]]
    in_sitemap: bool = True  # its HTML pages are listed in the sitemap


class Plan:
    """The site as the page families see it: views, URLs and the helpers every family uses."""

    def __init__(self, site: Site, streamed: bool = True, shaped: dict | None = None):
        self.site = site
        # What depends on the site's shape alone (deps.py), by name: the dev server hands the same dict to
        # the next build while the shape is unchanged, so an edit of a title does not remake roll statistics,
        # filter forms and charts over every honour. Nothing made through it may note reads (Reads).
        self.shaped = {} if shaped is None else shaped
        self.streamed = streamed  # open data and the awardee index as StreamJobs, else one job per file
        self.reads = Reads(site)
        self.views = RecordingViews(site, self.reads)
        self.urls = site.urls
        self.per_page = site.config.per_page
        self.rank = {a.source: i for i, a in enumerate(site.articles)}  # 0 = newest
        self.roll_numbers = itertools.count()  # each roll stream's number breaks ties in the roll merge
        self.content_prefix = site.config.content_prefix  # worked out from paths: once, not per page

    @cached_property
    def related_index(self) -> RelatedIndex:
        """What each article shares with the others (built on first use: only article pages need it)."""
        return self.by_shape("related", lambda: index_site(self.site))

    def by_shape(self, key: Any, make: Callable[[], Any]) -> Any:
        """make(), kept under `key` for as long as the site's shape is unchanged (see `shaped`)."""
        try:
            return self.shaped[key]
        except KeyError:
            value = self.shaped[key] = make()
            return value

    def job(self, url: str, template: str, page: PageMeta, origin: str = "", **context: Any) -> PageJob:
        return PageJob(url, template, {"site": self.views.info, "page": page, **context}, origin)

    def origin(self, source: str, honour: Honour | None = None) -> str:
        """How an error names the content of a page: the file, and the awardee entry it comes from."""
        self.reads.note(source, OWN)
        where = self.content_prefix + source
        return f"{where}:{honour.line} awardees[{honour.index + 1}]" if honour is not None else where

    def meta(self, title: str, url: str, description: str, kind: str, crumbs: tuple[Link, ...] = (),
             pager_=None, image: str = "", *, image_alt: str = "", image_size: tuple[int, int] = (0, 0),
             published: str = "", modified: str = "", feeds: tuple[Link, ...] = (), crumb: str = "") -> PageMeta:
        """A page's head; one without a photo of its own is shared with the site's card."""
        if not image:
            image, *image_size = self.share_card  # type: ignore[assignment]
            image_alt = f"Biểu trưng vinh danh của {self.site.config.title}" if image else ""
        return PageMeta(title, url, self.urls.absolute(url), description, kind, crumbs, pager_, image,
                        image_alt=image_alt, image_width=image_size[0], image_height=image_size[1],
                        published=published, modified=modified, feeds=feeds, crumb=crumb)

    @cached_property
    def share_card(self) -> tuple[str, int, int]:
        return self.views.share_card()

    def newest(self, sources: Iterable[str | None]) -> str:
        """RFC 3339 date of the newest of these articles, "" for none (a page's sitemap lastmod)."""
        best = self.newest_source(s for s in sources if s)
        return self.views.card(best).date_iso if best is not None else ""

    def newest_source(self, sources: Iterable[str]) -> str | None:
        return min(sources, key=self.rank.__getitem__, default=None)

    def newest_of_honours(self, honours: Iterable) -> str:
        return self.newest([self.newest_source(h.article for h in honours)])

    def site_downloads(self) -> DataLinks:
        return DataLinks(self.urls.honours_data("csv"), self.urls.honours_data("json"))

    def crumbs(self, *links: Link) -> tuple[Link, ...]:
        return (Link("Trang chủ", self.urls.home()),) + links

    def facets(self, honours):
        """The filter form of a roll of these honours (search.roll_facets, in registry order)."""
        registry, views = self.site.registry, self.views
        units = [u for root in registry.roots() for u in registry.descendants(root)]
        # the facets depend on a few values of each row: one stand-in row per distinct combination, in order
        combos = dict.fromkeys((h.period.end, h.unit, h.campaign or "", h.award, h.is_counted, h.kind) for h in honours)
        rows = [_FacetRow(end, unit, views.unit_link(unit), campaign, views.campaign_link(campaign) if campaign else None,
                          award, registry.awards[award].name, counted, kind)
                for end, unit, campaign, award, counted, kind in combos]
        ancestors = {u: tuple((a, views.unit_link(a).text) for a in registry.ancestors(u))
                     for u in dict.fromkeys(u for _, u, *_ in combos)}
        return roll_facets(rows, units, list(registry.campaigns), list(registry.awards), ancestors)


@dataclass(frozen=True, slots=True)
class _FacetRow:
    """What search.roll_facets reads of a HonourRow."""

    year_end: int
    unit_id: str
    unit: Link
    campaign_id: str
    campaign: Link | None
    award_id: str
    award: str
    counted: bool
    kind: str


def each(items: Iterable, make: Callable[..., Iterable[Job]]) -> Iterator[Work]:
    """One unit of work per item: make(item) is called only by the worker the unit falls to."""
    for item in items:
        yield lambda item=item: make(item)


def single(make: Callable[[], Job]) -> Work:
    """A unit of work of one job."""
    return lambda: (make(),)
