"""Honour rolls: the roll pages (the site's, each year's, and each unit's and campaign's when longer than
its page's preview), the awardee pages, and the awardee index behind the name search."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Iterator

from ..model import KIND_LABELS, UNIT_AWARDEE, Honour, roll_section
from ..search import RollIndexStream
from ..views import DataLinks, HonourRow, Link, chunks, pager
from ..vnformat import format_number
from .groups import CAMPAIGNS, GROUP_KINDS, UNITS, downloads
from .plan import ARTICLES, HONOURS, REGISTRY, Family, PageJob, Plan, StreamJob, Work, each, single


@dataclass(frozen=True, slots=True)
class AwardeeView:
    name: str
    kind_label: str
    unit: Link
    honours: tuple[HonourRow, ...]


def roll_work(plan: Plan, touching: frozenset[str] | None) -> Iterator[Work]:
    """Every honour-roll page in the order of the place of its first row in the site's roll.

    All rolls list their rows in roll order, so once a page starting at place p is made, no page still
    to come lists a row placed before p: those rows are let go (Views.keep_rows_from), and a row shown
    on several rolls is rendered and hashed once while at most about a page of rows per roll is kept."""
    site, views, urls = plan.site, plan.views, plan.urls
    years = site.years()
    year_links = tuple(Link(str(y), urls.honours_year(y)) for y in years)
    rolls = [roll_stream(plan, site.honours, range(len(site.honours)), None, year_links, urls.honours)]
    start = 0
    for year in years:
        end = start
        while end < len(site.honours) and site.honours[end].period.end == year:
            end += 1
        rolls.append(roll_stream(plan, site.honours[start:end], range(start, end), year, year_links,
                                 lambda n, y=year: urls.honours_year(y, n)))
        start = end
    for kind in GROUP_KINDS:
        for gid, entry in kind.entries(site.registry).items():
            honours = kind.honours(site)[gid]
            if len(honours) <= site.config.roll_preview or (kind is UNITS and len(honours) == len(site.honours)):
                continue  # the page's preview shows it all, or it is the site's roll
            crumbs = kind.crumbs(plan, gid)  # they end with the unit or campaign: the page is its "Bảng vàng"
            scope = ({"scope_units": " ".join(site.registry.descendants(gid)),
                      "show_former": bool(site.registry.predecessors(gid))} if kind is UNITS
                     else {"scope_campaign": gid})
            rolls.append(roll_stream(plan, honours, kind.places(site)[gid], None, (),
                                     lambda n, k=kind, g=gid: k.roll_url(urls, g, n), heading=f"Bảng vàng: {entry.name}",
                                     crumbs=crumbs, downloads=downloads(kind, urls, gid), **scope))
    for first, _, _, make in heapq.merge(*rolls):
        def unit(first=first, make=make):
            views.keep_rows_from(first)
            return (make(),)
        yield unit


def roll_stream(plan: Plan, honours, places, year: int | None, year_links, url_for, *, heading: str = "",
                crumbs: tuple[Link, ...] | None = None, downloads: DataLinks | None = None,
                scope_units: str = "", scope_campaign: str = "", show_former: bool = False):
    """A roll split into pages (the site's, a year's, or a group's: heading, scope_*, show_former for a unit
    whose roll holds its predecessors' honours), as (place of the
    page's first row, roll number, page number, function making the page's job)."""
    size = plan.site.config.roll_page_size
    pages = chunks(honours, size)
    number = next(plan.roll_numbers)
    base_title = heading or ("Bảng vàng" if year is None else f"Bảng vàng năm {year}")
    if crumbs is None:
        crumbs = plan.crumbs() if year is None else plan.crumbs(Link("Bảng vàng", plan.urls.honours()))
    scope = {"heading": heading, "scope_units": scope_units, "scope_campaign": scope_campaign, "show_former": show_former}

    def whole() -> tuple[dict, tuple]:  # made once (Plan.by_shape), by the first of the roll's pages made
        return plan.by_shape(("roll", url_for(1)), lambda: (roll_stats(plan.site, honours, year), plan.facets(honours)))

    def make(n: int, chunk) -> PageJob:
        stats, facets = whole()
        url = url_for(n)
        title = base_title if n == 1 else f"{base_title} – trang {n}"
        description = "Danh sách tập thể, cá nhân được khen thưởng, vinh danh" + (f" năm {year}." if year else ".")
        page = plan.meta(title, url, description, "roll", crumbs, pager(len(pages), n, url_for),
                         modified=plan.newest_of_honours(chunk),
                         crumb=("Bảng vàng" if heading else f"Năm {year}" if year else "") + (f" – trang {n}" if n > 1 and (heading or year) else ""))
        chunk_places = places[(n - 1) * size:(n - 1) * size + len(chunk)]
        return plan.job(url, "roll.html", page, roll=plan.views.roll_by_year(chunk, chunk_places),
                        years=year_links, year=year or 0, stats=stats,
                        downloads=downloads or plan.site_downloads(), facets=facets,
                        roll_index=plan.urls.honours_index(), **scope)

    for n, chunk in enumerate(pages, 1):
        first = places[(n - 1) * size] if chunk else 0
        yield first, number, n, lambda n=n, chunk=chunk: make(n, chunk)


def roll_stats(site, honours, year: int | None) -> dict:
    """The numbers above a roll: honours named and counted, the total, and what they count (roll_summary)."""
    return {"named": sum(1 for h in honours if not h.is_counted), "total": site.total(honours), "rows": len(honours),
            "summary": roll_summary(site, honours, year)}


@dataclass(frozen=True, slots=True)
class UnitPeers:
    """The "same unit" block of an awardee page: other awardees honoured in the awardee's unit."""

    unit: Link
    rows: tuple[HonourRow, ...]  # one per awardee (their first honour in roll order), at most PEERS_SHOWN


PEERS_SHOWN = 8  # the unit's page lists them all


def unit_peers(site) -> dict[str, dict[str, Honour]]:
    """Unit → awardee slug → that awardee's first honour in the unit (not its sub-units), for the first
    PEERS_SHOWN + 1 awardees in roll order: one more than shown, since a page leaves out its own."""
    peers: dict[str, dict[str, Honour]] = {}
    for h in site.honours:
        slug = site.awardee_of.get((h.article, h.index))
        if slug is None:  # counted lines, and units honoured themselves (their own page says it)
            continue
        found = peers.setdefault(h.unit, {})
        if len(found) <= PEERS_SHOWN and slug not in found:
            found[slug] = h
    return peers


def roll_summary(site, honours, year: int | None) -> str:
    """What a roll's numbers count (CONTENT_FORMAT.md, "Honour rolls"): honours (lượt), then who received the
    named ones, each kind apart (a person honoured twice is one person), and the counted lines."""
    named = covered = counted = lines = 0
    awardees: dict[int, set] = {0: set(), 1: set(), 2: set()}
    for h, weight in site.weights(honours):
        if h.is_counted:
            lines += 1
            counted += weight
            continue
        named += 1
        covered += weight == 0
        who = ("unit", h.awardee_unit) if h.kind == UNIT_AWARDEE else site.awardee_of.get((h.article, h.index), (h.article, h.index))
        awardees[roll_section(h.kind)].add(who)
    text = f"Tổng cộng {format_number(site.total(honours))} lượt vinh danh"
    if year:
        text += f" trong năm {year} (kể cả giai đoạn kết thúc năm {year})"
    parts = []
    if named:
        whom = ", ".join(f"{format_number(len(awardees[k]))} {label}" for k, label in
                         ((0, "tập thể"), (1, "cá nhân"), (2, "hộ gia đình")) if awardees[k])
        parts.append(f"{format_number(named)} lượt nêu tên của {whom}"
                     + (f" (trong đó {format_number(covered)} lượt đã tính trong dòng số lượng)" if covered else ""))
    if lines:
        parts.append(f"{format_number(counted)} lượt theo {format_number(lines)} dòng số lượng")
    return text + (": " + " và ".join(parts) if parts else "") + "."


def awardee_work(plan: Plan, touching: frozenset[str] | None) -> Iterator[Work]:
    views, urls = plan.views, plan.urls

    def peers() -> dict[str, dict[str, Honour]]:  # made once (Plan.by_shape), by the first awardee page made
        return plan.by_shape("unit_peers", lambda: unit_peers(plan.site))

    def make(item):
        slug, awardee = item
        url = urls.awardee(slug)
        view = AwardeeView(awardee.name, KIND_LABELS[awardee.kind], views.unit_link(awardee.unit),
                           views.rows(awardee.honours))
        others = [h for s, h in peers().get(awardee.unit, {}).items() if s != slug][:PEERS_SHOWN]
        same_unit = UnitPeers(views.unit_link(awardee.unit), views.rows(others))
        description = f"Các danh hiệu, hình thức khen thưởng của {awardee.name}."
        yield plan.job(url, "awardee.html", plan.meta(awardee.name, url, description, "awardee",
                                                      plan.crumbs(Link("Bảng vàng", urls.honours())),
                                                      modified=plan.newest_of_honours(awardee.honours)),
                       plan.origin(awardee.honours[0].article, awardee.honours[0]), awardee=view,
                       same_unit=same_unit)

    return each(plan.site.awardees.items(), make)


def index_work(plan: Plan, touching: frozenset[str] | None) -> Iterator[Work]:
    """Every honour as compact JSON: the name search of a paginated roll (theme/js/roll.js)."""
    if plan.streamed:
        yield single(lambda: roll_index_stream(plan))
    else:
        yield single(lambda: PageJob(plan.urls.honours_index(), "roll-index",
                                     {"rows": plan.views.rows(plan.site.honours)}))


def roll_index_stream(plan: Plan) -> StreamJob:
    """The awardee index as a stream: its lookup tables first, then one row at a time."""
    site, views, urls, registry = plan.site, plan.views, plan.urls, plan.site.registry
    articles: dict[str, list[str]] = {}
    awards: dict[str, str] = {}
    campaigns: dict[str, list[str]] = {}
    for h in site.honours:  # the tables search.index_tables would gather from the rows
        if h.article not in articles:
            article = site.article(h.article)
            articles[h.article] = [article.title, urls.article(article.slug)]
        awards.setdefault(h.award, registry.awards[h.award].name)
        if h.campaign and h.campaign not in campaigns:
            link = views.campaign_link(h.campaign)
            campaigns[h.campaign] = [link.text, link.url]
    tables = (list(articles.values()), awards, campaigns)

    def row(i: int):
        return views.row(site.honours[i]), (0,)

    def streams():
        stream = RollIndexStream(*tables)
        return stream.line, [stream]

    return StreamJob("roll-index", (urls.honours_index(),), (tables,), len(site.honours), row, streams, plan.reads)


ROLLS = Family("rolls", frozenset({ARTICLES, HONOURS, REGISTRY}), roll_work)
AWARDEES = Family("awardees", frozenset({ARTICLES, HONOURS, REGISTRY}), awardee_work)
AWARDEE_INDEX = Family("awardee index", frozenset({ARTICLES, HONOURS, REGISTRY}), index_work, in_sitemap=False)
