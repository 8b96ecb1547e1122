"""Plain, complete template contexts built from the Site.

A template sees only these frozen values (strings, numbers, tuples of views): it cannot reach back
into the Site. That makes the context of a page a full description of its output, which is what the
incremental build hashes to decide whether a page must be rendered again.
"""

from __future__ import annotations

import heapq
import html
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence, dataclass_transform

from .assemble import Site
from .cache import SHARED_VIEW_TYPES
from .config import SOCIAL_NETWORKS
from .markup import REF_SCHEME
from .photos import card_rel, output_rel
from .model import (COLLECTIVE, COLLECTIVE_KINDS, GRANTED, HOUSEHOLD, INDIVIDUAL, KIND_LABELS, STATUS_LABELS, UNIT_AWARDEE,
                    UNSPLIT, Article, Honour, Unit, roll_section)
from .text import fold
from .vnformat import format_date_long, format_date_short, format_number, iso_datetime

COUNTED = "so-luong"  # the kind id of a counted line in data files and roll filters
_REF = re.compile(r'(href|src)="' + re.escape(REF_SCHEME) + r'([^"#]*)(#[^"]*)?"')
_BODY_IMG = re.compile(r'<img [^>]*src="' + re.escape(REF_SCHEME) + r'[^"]*"[^>]*>')
_REF_SRC = re.compile(r'src="' + re.escape(REF_SCHEME) + r'([^"#]*)"')
_ALT = re.compile(r'alt="([^"]*)"')
# How wide a photo is drawn, so the browser picks a file before the CSS is known: the article column
# (42rem) on wide screens, the whole width on phones.
BODY_SIZES = "(min-width: 48rem) 42rem, 100vw"
LEAD_SIZES = "(min-width: 48rem) 46rem, 100vw"
FALLBACK_WIDTH = 960  # the <img src> of browsers without srcset
# How a unit with a successor ended, as a roll marks its honours and pages say it (CONTENT_FORMAT.md: never
# "giải thể" for a merger).
ENDED_SHORT = {"sap-nhap": "đã sáp nhập", "doi-ten": "đã đổi tên"}
ENDED_LABELS = {**ENDED_SHORT, "giai-the": "đã giải thể"}
ENDED_BEFORE = {"sap-nhap": "trước sáp nhập", "doi-ten": "trước khi đổi tên"}


@dataclass_transform(frozen_default=True)
def shared_view(cls: type) -> type:
    """A view shown on many pages (an honour row is on up to eight, an article card on dozens): render keys
    hash each once while it lives (cache.RenderKeys holds it by weak reference, as the rendered-row cache does)."""
    cls = dataclass(frozen=True, slots=True, weakref_slot=True)(cls)
    SHARED_VIEW_TYPES.add(cls)
    return cls


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Picture:
    """A processed photo as <picture>: one srcset per format, the fallback <img>, its size and placeholder."""

    src: str  # the JPEG fallback (960 wide, or the widest under it)
    width: int  # of the largest published width: with height, the box the browser reserves (no layout shift)
    height: int
    sources: tuple[tuple[str, str], ...]  # (MIME type, srcset), best format first; JPEG last
    colour: str  # the dominant colour, shown while the photo loads
    alt: str


@shared_view
class ArticleCard:
    title: str
    url: str
    date_iso: str
    date: str
    summary: str
    units: tuple[Link, ...]
    campaigns: tuple[Link, ...]
    picture: Picture | None = None  # the lead photo as the card's thumbnail (empty alt: the title says it)


@shared_view
class HonourRow:
    name: str  # the awardee's name, or the counted label ("33 tập thể, 106 cá nhân")
    url: str  # awardee page, "" for counted lines
    counted: bool
    kind: str
    kind_label: str
    award: str
    award_id: str
    unit: Link
    unit_id: str
    campaign: Link | None
    campaign_id: str
    year: str
    year_end: int
    article: Link
    awarded_by: Link | None
    awarded_by_text: str
    position: str
    achievement: str
    total: int
    search: str  # accent-free, đ = d: what the roll's name search matches
    status: str = ""  # a proposed or planned honour: its status label ("đề nghị", "dự kiến"); "" when granted
    honorific: str = ""
    posthumous: bool = False
    organisation: str = ""
    prize: str = ""
    edition: str = ""
    category: str = ""
    more_issuers: tuple[Link, ...] = ()  # joint issuers after the first (url "" for free text)
    presented_by: str = ""
    decision: str = ""  # "Quyết định số 95/QĐ-LĐLĐ ngày 12/03/2024"
    achieved: str = ""  # the period of the achievement when it is not the year of the award ("năm 2022")
    includes_named: bool = False  # a counted line whose number holds the named entries of its article
    more_articles: tuple[Link, ...] = ()  # the other articles reporting the same honour, in report order
    former: str = ""  # the honour's unit merged or was renamed ("đã sáp nhập"), or was under one ("thuộc … trước sáp nhập")


@dataclass(frozen=True, slots=True)
class RollGroup:
    heading: str
    anchor: str
    rows: tuple[HonourRow, ...]
    groups: tuple["RollGroup", ...] = ()
    total: int = 0


@dataclass(frozen=True, slots=True)
class Pager:
    current: int
    count: int
    prev_url: str
    next_url: str
    pages: tuple[tuple[int, str], ...]  # (number, URL) in order; (0, "") marks skipped pages


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str
    url: str
    canonical: str
    description: str
    kind: str
    breadcrumbs: tuple[Link, ...] = ()
    pager: Pager | None = None
    image: str = ""  # og:image / twitter:image: the page's photo at 1200×630, else the site's sharing card
    extra_head: tuple[tuple[str, str], ...] = field(default=())
    image_alt: str = ""
    image_width: int = 0
    image_height: int = 0
    published: str = ""  # RFC 3339, articles only (article:published_time, JSON-LD)
    modified: str = ""  # RFC 3339 date of the newest content the page shows ("" when none): sitemap lastmod
    feeds: tuple[Link, ...] = ()  # the page's own Atom feeds (a unit's, a campaign's); the site feed is always linked
    crumb: str = ""  # the page in its breadcrumbs when the crumbs before it name what it belongs to ("Trang 2"); else title


@dataclass(frozen=True, slots=True)
class UnitNode:
    link: Link
    name: str
    articles: int
    honours: int
    historical: bool
    until: str
    children: tuple["UnitNode", ...]
    ended: str = ""  # how a historical unit ended: "đã sáp nhập", "đã giải thể" or "đã đổi tên"


@shared_view
class SiteInfo:
    title: str
    description: str
    language: str
    base_path: str
    origin: str
    nav: tuple[Link, ...]
    publisher: str
    home: str
    search: str
    honours: str
    units: str
    campaigns: str
    tags: str
    feed: str = ""  # the site's Atom feed
    logo: str = ""  # URL of the union's logo (branding.logo), with its intrinsic size
    logo_width: int = 0
    logo_height: int = 0
    colors: tuple[tuple[str, str], ...] = ()  # (role, "#rrggbb"): CSS custom properties --brand-<role>
    footer: str = ""
    social: tuple[Link, ...] = ()  # (network name, URL)


@dataclass(frozen=True, slots=True)
class DataLinks:
    """Where an honour roll's open data files are: the "Tải dữ liệu: CSV · JSON" links."""

    csv: str
    json: str


@shared_view
class FeedEntry:
    """One Atom entry: absolute URLs, RFC 3339 dates, text already safe for XML 1.0."""

    id: str  # the article's absolute canonical URL: stable across builds
    title: str
    url: str
    published: str
    updated: str
    author: str
    summary: str
    content: str  # the article body as HTML with absolute links; escaped by the template (type="html")


@dataclass(frozen=True, slots=True)
class FeedView:
    id: str  # the feed's own absolute URL
    title: str
    subtitle: str
    self_url: str
    page_url: str  # absolute URL of the HTML page the feed follows
    updated: str  # newest entry's date; a fixed date for a feed with no entries (never the build time)
    author: str
    language: str
    entries: tuple[FeedEntry, ...]


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    loc: str
    lastmod: str = ""


@shared_view
class DataRow:
    """One honour as open data (CSV and JSON); field order is the column order (exports.COLUMNS)."""

    year: str
    award: str
    award_id: str
    kind: str
    kind_id: str
    name: str
    collectives: int
    individuals: int
    unit: str
    unit_id: str
    campaign: str
    campaign_id: str
    awarded_by: str
    awarded_by_id: str
    position: str
    achievement: str
    article: str
    article_date: str
    article_url: str
    awardee_url: str
    # format version 2, after the version 1 columns (which keep their places)
    households: int
    unsplit: int  # a total the article does not split into collectives and individuals (count: {tong: n})
    status: str
    status_id: str
    decision: str
    decision_date: str  # ISO date, "" when not given
    period: str  # of the achievement, when it is not the year of the award
    prize: str
    edition: str
    category: str
    organisation: str
    honorific: str
    posthumous: bool
    presented_by: str
    articles: str  # absolute URLs of every article that reports the honour, first report first, space-separated
    id: str  # the row's id: the reporting article's slug, "#", the entry's number in its awardees list
    included_in: str  # a named entry that an `includes_named` line's number holds: that line's id

    @property
    def granted(self) -> bool:
        return self.status_id == GRANTED


@dataclass(frozen=True, slots=True)
class HonourData:
    """Context of one open-data file: the rows of one honour roll, in roll order."""

    scope: str  # "site", "unit" or "campaign"
    scope_id: str
    scope_name: str
    page_url: str  # absolute URL of the HTML page showing the same roll
    site_title: str
    site_url: str
    rows: tuple[DataRow, ...]

# An Atom feed needs an `updated`; one with no entries gets this fixed instant rather than the build time.
EMPTY_FEED_UPDATED = "1970-01-01T00:00:00+00:00"
# Characters XML 1.0 forbids; YAML escapes ("\x0b") can put them in a title.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src))="(/(?!/)[^"]*)"')


# Article cards and feed entries kept for reuse: the newest ones are on many pages at once (home, units,
# campaigns, related articles, feeds); more would make memory grow with the site.
CARDS_KEPT = 4096
ENTRIES_KEPT = 512
# Honour rows kept for reuse outside the roll pages: an awardee page lists up to eight other awardees of
# its unit (rolls.unit_peers), the same few rows for every awardee of that unit.
ROWS_KEPT = 4096


def picture_html(picture: Picture, sizes: str, lead: bool = False) -> str:
    """<picture> markup for article bodies (templates make the same with _partials/picture.html). The
    lead photo of a page is fetched first; every other one loads when scrolled near."""
    esc = html.escape
    sources = "".join(f'<source type="{mime}" srcset="{esc(srcset)}" sizes="{sizes}">'
                      for mime, srcset in picture.sources[:-1])
    loading = 'fetchpriority="high"' if lead else 'loading="lazy" decoding="async"'
    return (f'<picture>{sources}<img src="{esc(picture.src)}" srcset="{esc(picture.sources[-1][1])}" '
            f'sizes="{sizes}" width="{picture.width}" height="{picture.height}" alt="{esc(picture.alt)}" '
            f'{loading} style="background-color:{picture.colour}"></picture>')


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 cannot carry removed (feeds must stay well-formed)."""
    return _NOT_XML.sub("", text)


class Views:
    """Builds view values for one Site; caches the per-article and per-honour ones."""

    def __init__(self, site: Site):
        self.site = site
        self.urls = site.urls
        self._cards: dict[str, ArticleCard] = {}  # the most recently used, oldest first
        self._rows: dict[int, HonourRow] = {}  # place in the site's roll → row, for the roll pages (keep_rows_from)
        self._row_places: list[int] = []  # heap of the places in _rows
        self._recent_rows: dict[int, tuple[Honour, HonourRow]] = {}  # id → (the honour, its row), oldest first
        self._entries: dict[str, FeedEntry] = {}
        self._unit_folds: dict[str, str] = {}
        self._unit_links: dict[str, Link] = {}  # one per registry entry: every row and card links its unit
        self._campaign_links: dict[str, Link] = {}
        self._formers: dict[str, str] = {}
        self.info = self._site_info()

    def _site_info(self) -> SiteInfo:
        cfg, urls = self.site.config, self.urls
        brand = cfg.branding
        if brand.menu:
            nav = tuple(Link(item.title, urls.site(item.url) if item.url.startswith("/") else item.url)
                        for item in brand.menu)
        else:
            nav = (Link("Trang chủ", urls.home()), Link("Đơn vị", urls.units()),
                   Link("Phong trào", urls.campaigns()), Link("Bảng vàng", urls.honours()),
                   Link("Tìm kiếm", urls.search()))
            nav += tuple(Link(p.title, urls.page(p.slug)) for p in self.site.pages)
        return SiteInfo(cfg.title, cfg.description, cfg.language, cfg.base_path, cfg.origin, nav,
                        cfg.publisher or cfg.title, urls.home(), urls.search(), urls.honours(), urls.units(),
                        urls.campaigns(), urls.tags(), urls.feed(),
                        logo=urls.site(brand.logo) if brand.logo else "", logo_width=brand.logo_size[0],
                        logo_height=brand.logo_size[1], colors=brand.colors, footer=brand.footer,
                        social=tuple(Link(SOCIAL_NETWORKS[name], url) for name, url in brand.social))

    def unit_link(self, unit_id: str) -> Link:
        link = self._unit_links.get(unit_id)
        if link is None:
            link = self._unit_links[unit_id] = Link(self.site.registry.units[unit_id].label, self.urls.unit(unit_id))
        return link

    def campaign_link(self, campaign_id: str) -> Link:
        link = self._campaign_links.get(campaign_id)
        if link is None:
            link = self._campaign_links[campaign_id] = Link(self.site.registry.campaigns[campaign_id].label,
                                                            self.urls.campaign(campaign_id))
        return link

    def card(self, source: str) -> ArticleCard:
        cards = self._cards
        cached = cards.pop(source, None)
        if cached is None:
            a = self.site.article(source)
            cached = ArticleCard(a.title, self.urls.article(a.slug), iso_datetime(a.date), format_date_long(a.date),
                                 a.summary, tuple(self.unit_link(u) for u in a.units),
                                 tuple(self.campaign_link(c) for c in a.campaigns),
                                 self.picture(a.image, "") if a.image else None)
            if len(cards) >= CARDS_KEPT:
                del cards[next(iter(cards))]
        cards[source] = cached
        return cached

    def cards(self, sources: Iterable[str]) -> tuple[ArticleCard, ...]:
        return tuple(self.card(s) for s in sources)

    def row(self, h: Honour) -> HonourRow:
        """The row of an honour; one of the most recently used is reused (the honour is held with it, so
        its id stands for it while kept)."""
        recent = self._recent_rows
        kept = recent.pop(id(h), None)
        if kept is None or kept[0] is not h:
            kept = (h, self._make_row(h))
            if len(recent) >= ROWS_KEPT:
                del recent[next(iter(recent))]
        recent[id(h)] = kept
        return kept[1]

    def roll_rows(self, honours: Sequence[Honour], places: Sequence[int]) -> tuple[HonourRow, ...]:
        """The rows of a roll page, given each honour's place in the site's roll; kept for the next roll
        pages until keep_rows_from lets them go."""
        rows, out = self._rows, []
        for h, place in zip(honours, places):
            row = rows.get(place)
            if row is None:
                row = rows[place] = self._make_row(h)
                heapq.heappush(self._row_places, place)
            out.append(row)
        return tuple(out)

    def keep_rows_from(self, place: int) -> None:
        """Let go of the kept roll rows placed before `place`: no roll page still to come lists them."""
        heap, rows = self._row_places, self._rows
        while heap and heap[0] < place:
            del rows[heapq.heappop(heap)]

    def _make_row(self, h: Honour) -> HonourRow:
        site = self.site
        article = site.article(h.article)
        award = site.registry.awards[h.award]
        if h.is_counted:
            name = ", ".join(f"{format_number(n)} {KIND_LABELS[k]}" for k, n in h.counts)
            url = ""
        else:
            name = h.name
            url = self.awardee_url(h)
        unit = self.unit_link(h.unit)
        by = self.unit_link(h.awarded_by_unit) if h.awarded_by_unit else None
        more_issuers = tuple(self.unit_link(uid) if uid else Link(text, "") for uid, text in h.more_issuers)
        return HonourRow(
            name, url, h.is_counted, h.kind, KIND_LABELS[h.kind] if not h.is_counted else "số lượng",
            award.name, award.id, unit, h.unit,
            self.campaign_link(h.campaign) if h.campaign else None, h.campaign or "",
            h.period.label, h.period.end, Link(article.title, self.urls.article(article.slug)),
            by, h.awarded_by_text, h.position, h.achievement, h.total,
            _joined(fold(h.name), self._unit_fold(h.unit)),
            "" if h.granted else STATUS_LABELS[h.status], h.honorific, h.posthumous, h.organisation, h.prize,
            h.edition, h.category, more_issuers, h.presented_by, decision_text(h.decision, h.decision_date),
            achieved_text(h.achieved) if h.achieved and h.achieved != h.period else "", h.includes_named,
            self._more_articles(h), self._former(h.unit))

    def _more_articles(self, h: Honour) -> tuple[Link, ...]:
        """The other articles that report this honour (one honour reported by several articles), in report order."""
        site = self.site
        if not site.reports or not h.granted:
            return ()
        kept = site.merged_into.get((h.article, h.index), (h.article, h.index))
        reports = site.reports.get(kept, ())
        links = []
        for source in dict.fromkeys(src for src, _ in reports if src != h.article):
            other = self.site.article(source)
            links.append(Link(other.title, self.urls.article(other.slug)))
        return tuple(links)

    def _former(self, unit_id: str) -> str:
        """How a roll marks an honour of a unit that merged or was renamed, or of a unit under one: the
        predecessor's name and how it ended (its honours are on its successor's roll)."""
        note = self._formers.get(unit_id)
        if note is None:
            registry = self.site.registry
            note = ""
            for uid in (unit_id,) + registry.ancestors(unit_id):
                unit = registry.units[uid]
                if unit.successor and unit.ended in ENDED_SHORT:
                    note = ENDED_SHORT[unit.ended] if uid == unit_id else f"thuộc {unit.label} {ENDED_BEFORE[unit.ended]}"
                    break
            self._formers[unit_id] = note
        return note

    def awardee_url(self, h: Honour) -> str:
        """The awardee's page: a registered unit's own page, a person's or collective's /vinh-danh/ page;
        "" for an honour not granted (no page lists it)."""
        if h.kind == UNIT_AWARDEE:
            return self.urls.unit(h.awardee_unit)
        slug = self.site.awardee_of.get((h.article, h.index))
        return self.urls.awardee(slug) if slug else ""

    def _unit_fold(self, unit_id: str) -> str:
        """fold() of the unit's name and short name: the unit half of every row's search key."""
        folded = self._unit_folds.get(unit_id)
        if folded is None:
            unit = self.site.registry.units[unit_id]
            folded = self._unit_folds[unit_id] = fold(f"{unit.name} {unit.short}")
        return folded

    def rows(self, honours: Iterable[Honour]) -> tuple[HonourRow, ...]:
        return tuple(self.row(h) for h in honours)

    def roll_by_year(self, honours: Sequence[Honour], places: Sequence[int] | None = None) -> tuple[RollGroup, ...]:
        """Year groups (newest first), each split by award in rank order; honours arrive in roll order.
        With their places in the site's roll, the rows are kept for the next roll pages (roll_rows)."""
        years: list[RollGroup] = []
        rows = self.rows(honours) if places is None else self.roll_rows(honours, places)
        weighted = tuple(zip(rows, (n for _, n in self.site.weights(honours))))
        for year_label, year_rows in _runs(weighted, lambda rw: rw[0].year):
            awards = tuple(RollGroup(award, f"{_anchor(year_label)}-{pairs[0][0].award_id}",
                                     tuple(r for r, _ in pairs), _sections(pairs), total=sum(n for _, n in pairs))
                           for award, pairs in _runs(year_rows, lambda rw: rw[0].award))
            years.append(RollGroup(year_label, f"nam-{_anchor(year_label)}", (), awards,
                                   sum(n for _, n in year_rows)))
        return tuple(years)

    def roll_by_unit(self, honours: Sequence[Honour]) -> tuple[RollGroup, ...]:
        """Unit groups in registry tree order; honours inside keep roll order."""
        by_unit: dict[str, list[Honour]] = {}
        for h in honours:
            by_unit.setdefault(h.unit, []).append(h)
        order = [u for root in self.site.registry.roots() for u in self.site.registry.descendants(root)]
        groups = []
        for unit_id in order:
            if unit_id in by_unit:
                rows = self.rows(by_unit[unit_id])
                pairs = tuple(zip(rows, (n for _, n in self.site.weights(by_unit[unit_id]))))
                groups.append(RollGroup(self.site.registry.units[unit_id].name, f"don-vi-{unit_id}", rows,
                                        _sections(pairs, by_award=True), total=sum(n for _, n in pairs)))
        return tuple(groups)

    def unit_tree(self) -> tuple[UnitNode, ...]:
        return tuple(self._unit_node(u) for u in self.site.registry.roots())

    def _unit_node(self, unit_id: str) -> UnitNode:
        unit: Unit = self.site.registry.units[unit_id]
        return UnitNode(
            Link(unit.name, self.urls.unit(unit_id)), unit.name,
            len(self.site.unit_articles[unit_id]), self.site.total(self.site.unit_honours[unit_id]),
            unit.historical, format_date_long(unit.until) if unit.until else "",
            tuple(self._unit_node(c) for c in self.site.registry.children.get(unit_id, ())),
            ENDED_LABELS.get(unit.ended, "") if unit.historical else "")

    def breadcrumbs_for_unit(self, unit_id: str) -> tuple[Link, ...]:
        chain = (unit_id,) + self.site.registry.ancestors(unit_id)
        return (Link("Trang chủ", self.urls.home()), Link("Đơn vị", self.urls.units())) + tuple(
            self.unit_link(u) for u in reversed(chain))

    def body(self, html: str, pictures: bool = True) -> str:
        """Placeholders for internal links become final URLs (resolved when the Site is known), and the
        site's photos responsive <picture>s (pictures=False: one sized <img>, for feed readers)."""
        if REF_SCHEME not in html:
            return html
        targets, urls = self.site.link_targets, self.urls

        def swap(match: re.Match) -> str:
            target, fragment = match.group(2), match.group(3) or ""
            url = urls.site(target[1:]) if target.startswith("@") else targets.get(target, "#")
            return f'{match.group(1)}="{url}{fragment}"'

        if self.site.images:
            html = _BODY_IMG.sub(lambda m: self._body_picture(m, pictures), html)
        return _REF.sub(swap, html)

    def _body_picture(self, match: re.Match, full: bool) -> str:
        tag = match.group(0)
        source = _REF_SRC.search(tag)
        if source is None or source.group(1) not in self.site.images:
            return tag
        alt = _ALT.search(tag)
        picture = self.picture(source.group(1), html.unescape(alt.group(1)) if alt else "")
        assert picture is not None
        if not full:
            esc = html.escape
            return (f'<img src="{esc(picture.src)}" width="{picture.width}" height="{picture.height}" '
                    f'alt="{esc(picture.alt)}">')
        return picture_html(picture, BODY_SIZES)

    def picture(self, rel: str, alt: str) -> Picture | None:
        """The <picture> of a photo of the site (None for a file that is not one)."""
        info = self.site.images.get(rel)
        if info is None:
            return None
        site = self.urls.site
        sources = []
        for fmt, mime in (("avif", "image/avif"), ("webp", "image/webp"), ("jpg", "image/jpeg")):
            variants = info.widths(fmt)
            if variants:
                sources.append((mime, ", ".join(f"{site(output_rel(rel, info, v))} {v.width}w" for v in variants)))
        jpegs = info.widths("jpg")
        fallback = next((v for v in reversed(jpegs) if v.width <= FALLBACK_WIDTH), jpegs[0])
        largest = jpegs[-1]
        return Picture(site(output_rel(rel, info, fallback)), largest.width, largest.height, tuple(sources),
                       info.colour, alt)

    def image_url(self, article: Article) -> str:
        """The article's photo for sharing (og:image, twitter:image, JSON-LD): its 1200×630 crop."""
        info = self.site.images.get(article.image) if article.image else None
        return self.urls.site(output_rel(article.image, info, info.share)) if info else ""

    def image_size(self, article: Article) -> tuple[int, int]:
        """Width and height of image_url's file ((0, 0) without a photo)."""
        info = self.site.images.get(article.image) if article.image else None
        return (info.share.width, info.share.height) if info else (0, 0)

    def share_card(self) -> tuple[str, int, int]:
        """The site's sharing card: (URL, width, height), ("", 0, 0) when there is none."""
        card = self.site.share_card
        return (self.urls.site(card_rel(card)), card.share.width, card.share.height) if card else ("", 0, 0)

    # -- feeds and open data -----------------------------------------------------------------------
    def feed_entry(self, source: str) -> FeedEntry:
        """An article as an Atom entry (cached: one article is in the site, unit and campaign feeds)."""
        entries = self._entries
        cached = entries.pop(source, None)
        if cached is None:
            a = self.site.article(source)
            card = self.card(source)
            url = self.urls.absolute(card.url)
            origin = self.site.config.origin
            content = _ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}="{origin}{m.group(2)}"',
                                         self.body(a.body_html, pictures=False))
            cached = FeedEntry(url, xml_text(a.title), url, card.date_iso, card.date_iso,
                               xml_text(a.author or self.info.publisher), xml_text(a.summary), xml_text(content))
            if len(entries) >= ENTRIES_KEPT:
                del entries[next(iter(entries))]
        entries[source] = cached
        return cached

    def feed(self, title: str, subtitle: str, feed_url: str, page_url: str, sources: Sequence[str],
             limit: int = 20) -> FeedView:
        """A feed of the newest `limit` articles of `sources` (newest first, as the Site orders them)."""
        entries = tuple(self.feed_entry(s) for s in sources[:limit])
        absolute = self.urls.absolute(feed_url)
        return FeedView(absolute, xml_text(title), xml_text(subtitle), absolute, self.urls.absolute(page_url),
                        entries[0].updated if entries else EMPTY_FEED_UPDATED, xml_text(self.info.publisher),
                        self.info.language, entries)

    def data_row(self, h: Honour) -> DataRow:
        """An honour, granted or not, as open data: its numbers by kind (a named entry is one of its kind)."""
        site, urls, registry = self.site, self.urls, self.site.registry
        article = site.article(h.article)
        if h.is_counted:
            counts = dict(h.counts)
            kind_id, awardee_url = COUNTED, ""
        else:
            counts = {COLLECTIVE if h.kind in COLLECTIVE_KINDS else h.kind: 1}
            kind_id = h.kind
            awardee_url = urls.absolute(self.awardee_url(h)) if self.awardee_url(h) else ""
        campaign = registry.campaigns[h.campaign] if h.campaign else None
        issuers = h.issuers
        by = "; ".join(registry.units[u].name if u else text for u, text in issuers)
        by_ids = ";".join(u for u, _ in issuers) if any(u for u, _ in issuers) else ""
        cover = site.cover_of.get((h.article, h.index)) or ((h.article, h.covered_by) if h.covered_by >= 0 else None)
        return DataRow(
            h.period.label, registry.awards[h.award].name, h.award, KIND_LABELS.get(kind_id, "số lượng"), kind_id,
            "" if h.is_counted else h.name, counts.get(COLLECTIVE, 0), counts.get(INDIVIDUAL, 0),
            registry.units[h.unit].name, h.unit, campaign.name if campaign else "", h.campaign or "",
            by, by_ids, h.position, h.achievement,
            article.title, article.date.date().isoformat(), urls.absolute(urls.article(article.slug)), awardee_url,
            counts.get(HOUSEHOLD, 0), counts.get(UNSPLIT, 0), STATUS_LABELS[h.status], h.status,
            h.decision, h.decision_date.isoformat() if h.decision_date else "",
            h.achieved_period.label if h.achieved_period else "", h.prize, h.edition, h.category, h.organisation,
            h.honorific, h.posthumous, h.presented_by,
            " ".join(urls.absolute(urls.article(site.article(src).slug)) for src in site.report_sources(h)),
            self.row_id(h.article, h.index), self.row_id(*cover) if cover else "")

    def row_id(self, source: str, index: int) -> str:
        """An honour's id in open data: its article's slug and its number in that article's list."""
        return f"{self.site.article(source).slug}#{index + 1}"

    def honour_data(self, scope: str, scope_id: str, scope_name: str, page_url: str,
                    honours: Iterable[Honour]) -> HonourData:
        return HonourData(scope, scope_id, scope_name, self.urls.absolute(page_url), self.info.title,
                          self.urls.absolute(self.urls.home()), tuple(self.data_row(h) for h in honours))


# Pages linked around the current one; the first and last are always linked, gaps shown as "…". Listing
# every page made a 1,000-page list 1,000 links long on each of its pages (45 MB for the home pages alone).
PAGER_WINDOW = 2


# The small headings of an award's rows on a roll, in the order official lists print them (model.roll_section),
# the counted lines last.
SECTION_HEADINGS = ("Tập thể", "Cá nhân", "Hộ gia đình", "Theo số lượng")


def row_section(row: HonourRow) -> int:
    return 3 if row.counted else roll_section(row.kind)


def _sections(pairs: tuple, by_award: bool = False) -> tuple[RollGroup, ...]:
    """An award's rows (with their weights) under small headings: each placing, then collectives, individuals,
    households and the counted lines ("Giải Nhất – Cá nhân"). by_award: rows of several awards and years (a
    unit's on a campaign's roll), each award and year apart ("Bằng khen, 2021 – Cá nhân")."""
    out = []
    for (award, year, prize, section), run in _runs(pairs, lambda rw: (
            rw[0].award if by_award else "", rw[0].year if by_award else "", rw[0].prize, row_section(rw[0]))):
        heading = " – ".join(part for part in (f"{award}, {year}" if by_award else "", prize,
                                               SECTION_HEADINGS[section]) if part)
        out.append(RollGroup(heading, "", tuple(r for r, _ in run), total=sum(n for _, n in run)))
    return tuple(out)


def achieved_text(period) -> str:
    """"năm 2022" or "giai đoạn 2015–2020": the period of an achievement, after "thành tích"."""
    return ("năm " if period.start == period.end else "giai đoạn ") + period.label


def decision_text(number: str, when) -> str:
    """"Quyết định số 95/QĐ-LĐLĐ ngày 12/03/2024", or the part given; "" for neither."""
    if not number and when is None:
        return ""
    return "Quyết định" + (f" số {number}" if number else "") + (f" ngày {format_date_short(when)}" if when else "")


def _joined(*folded: str) -> str:
    """fold(a + " " + b) from fold(a) and fold(b): folding never joins words across a space."""
    return " ".join(f for f in folded if f)


def pager(count: int, current: int, url_for) -> Pager | None:
    """Previous/next and a window of page links; a gap in the numbers is the entry (0, "")."""
    if count <= 1:
        return None
    shown = sorted({1, count, *range(max(1, current - PAGER_WINDOW), min(count, current + PAGER_WINDOW) + 1)})
    pages: list[tuple[int, str]] = []
    for n in shown:
        if pages and n > pages[-1][0] + 1:
            pages.append((0, "") if n > pages[-1][0] + 2 else (n - 1, url_for(n - 1)))
        pages.append((n, url_for(n)))
    return Pager(current, count, url_for(current - 1) if current > 1 else "",
                 url_for(current + 1) if current < count else "", tuple(pages))


def chunks(items: Sequence, size: int) -> list[Sequence]:
    """Pages of `size` items; at least one (possibly empty) page."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]


def _runs(items: Iterable, key) -> list[tuple[str, tuple]]:
    runs: list[tuple[str, list]] = []
    for item in items:
        k = key(item)
        if runs and runs[-1][0] == k:
            runs[-1][1].append(item)
        else:
            runs.append((k, [item]))
    return [(k, tuple(v)) for k, v in runs]


def _anchor(label: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", label.lower()).strip("-")


__all__ = ["Views", "Link", "ArticleCard", "HonourRow", "RollGroup", "Pager", "PageMeta", "UnitNode",
           "SiteInfo", "DataLinks", "FeedEntry", "FeedView", "SitemapEntry", "DataRow", "HonourData", "pager",
           "chunks", "xml_text", "COLLECTIVE", "COUNTED"]
