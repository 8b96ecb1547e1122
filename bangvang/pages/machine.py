"""Outputs for machines and tools: Atom feeds, open data, the search page, the 404 page, the sitemap and
robots.txt. The sitemap and robots.txt close a build: they are made from every other family's pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..assemble import unit_lineage
from ..exports import DataStream, LineEncoder
from ..search import PAGEFIND_DIR, search_parts
from ..text import vi_key
from ..views import SitemapEntry
from .groups import GROUP_KINDS, data_is_the_sites
from .plan import (ARTICLES, BODIES, HONOURS, PAGES, REGISTRY, Family, PageJob, Plan, StreamJob, Work, each,
                   single)

FEED_SIZE = 20  # newest articles in each Atom feed
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org); more make /sitemap.xml an index


def feed_work(plan: Plan, touching: frozenset[str] | None) -> Iterator[Work]:
    """Atom feeds of the newest articles, with their full texts: the site's, each unit's (sub-units
    included), each campaign's. For a text edit, only the feeds that carry an edited article."""
    site, views, urls, info = plan.site, plan.views, plan.urls, plan.views.info
    feeds = [(urls.feed(), info.title, info.description, urls.home(), tuple(a.source for a in site.articles[:FEED_SIZE]))]
    for kind in GROUP_KINDS:
        members = kind.articles(site)
        feeds += [(kind.feed_url(urls, gid), f"{entry.name} – {info.title}", kind.feed_subtitle(entry),
                   kind.url(urls, gid, 1), members[gid]) for gid, entry in kind.entries(site.registry).items()]
    if touching is not None:
        feeds = [f for f in feeds if not touching.isdisjoint(f[4][:FEED_SIZE])]

    def make(feed):
        url, title, subtitle, page_url, sources = feed
        yield PageJob(url, "feed.xml", {"site": info, "feed": views.feed(title, subtitle, url, page_url, sources,
                                                                         FEED_SIZE)})

    return each(feeds, make)


def data_scopes(plan: Plan) -> list[tuple]:
    """(scope, id, name, page URL, URL of its file by format, honours): the site's, each unit's, each campaign's
    (but the top unit's, which are the site's: groups.data_is_the_sites). A scope's honours are its roll's,
    then its proposed and planned ones (in roll order: site.pending)."""
    site, urls = plan.site, plan.urls
    lineage = site.unit_lineage or unit_lineage(site.registry)
    pending: dict[tuple[str, str], list] = {}
    for h in site.pending:
        for up in lineage[h.unit]:
            pending.setdefault(("unit", up), []).append(h)
        if h.campaign:
            pending.setdefault(("campaign", h.campaign), []).append(h)
    scopes = [("site", "", site.config.title, urls.honours(), urls.honours_data, site.honours + site.pending)]
    for kind in GROUP_KINDS:
        honours = kind.honours(site)
        scopes += [(kind.name, gid, entry.name, kind.url(urls, gid, 1),
                    lambda fmt, k=kind, g=gid: k.data_url(urls, g, fmt),
                    honours[gid] + tuple(pending.get((kind.name, gid), ())))
                   for gid, entry in kind.entries(site.registry).items() if not data_is_the_sites(site, kind, gid)]
    return scopes


def data_work(plan: Plan, touching: frozenset[str] | None) -> Iterator[Work]:
    """The honour roll as CSV and JSON: the whole site's, each unit's (sub-units included), each campaign's.
    Streamed: one job per format, every file of that format in one pass over the roll, so each honour's
    line is made once for the site's, its units' and its campaign's files."""
    if not plan.streamed:
        def files(scope):
            kind, scope_id, name, page_url, url_for, honours = scope
            data = plan.views.honour_data(kind, scope_id, name, page_url, honours)
            return [PageJob(url_for(fmt), fmt, {"site": plan.views.info, "data": data}) for fmt in ("csv", "json")]

        yield from each(data_scopes(plan), files)
        return
    for fmt in ("csv", "json"):
        yield single(lambda fmt=fmt: data_stream(plan, fmt))


def data_stream(plan: Plan, fmt: str) -> StreamJob:
    site, views = plan.site, plan.views
    scopes = data_scopes(plan)
    heads = tuple(views.honour_data(scope, scope_id, name, page_url, ()) for scope, scope_id, name, page_url, _, _ in scopes)
    index = {(scope, scope_id): i for i, (scope, scope_id, *_) in enumerate(scopes)}
    lineage = site.unit_lineage or unit_lineage(site.registry)
    unit_files = {u: tuple(index["unit", up] for up in ups if ("unit", up) in index) for u, ups in lineage.items()}
    campaign_files = {c: (index["campaign", c],) for c in site.registry.campaigns}

    roll = site.honours + site.pending  # the roll, then what is proposed or planned, as data_scopes

    def row(i: int):
        h = roll[i]
        return views.data_row(h), (0, *unit_files[h.unit], *(campaign_files[h.campaign] if h.campaign else ()))

    def streams():
        encoder = LineEncoder()
        return (encoder.csv if fmt == "csv" else encoder.json), [DataStream(fmt, head) for head in heads]

    return StreamJob(fmt, tuple(url_for(fmt) for *_, url_for, _ in scopes), heads, len(roll), row, streams,
                     plan.reads)


def search_pages(plan: Plan) -> list[str]:
    """Output paths of the pages site search indexes: stand-alone pages, then articles oldest first."""
    urls = plan.urls
    return ([urls.output_path(urls.page(p.slug)) for p in plan.site.pages]
            + [urls.output_path(urls.article(a.slug)) for a in reversed(plan.site.articles)])


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """One filter of the search page: a Pagefind filter of the article pages (article.html) and its values."""

    name: str
    label: str
    values: tuple[str, ...]


def search_filters(plan: Plan) -> tuple[SearchFilter, ...]:
    """The filters with a choice (two values or more), in the page's HTML so that nothing moves when
    Pagefind has loaded: the articles' units and campaigns as their chips say them, and their years."""
    views = plan.views
    units: set[str] = set()
    campaigns: set[str] = set()
    years: set[str] = set()
    for a in plan.site.articles:
        units.update(views.unit_link(u).text for u in a.units)
        campaigns.update(views.campaign_link(c).text for c in a.campaigns)
        years.add(f"{a.date.year:04d}")
    filters = (SearchFilter("don-vi", "Đơn vị", tuple(sorted(units, key=vi_key))),
               SearchFilter("phong-trao", "Phong trào", tuple(sorted(campaigns, key=vi_key))),
               SearchFilter("nam", "Năm", tuple(sorted(years, reverse=True))))
    return tuple(f for f in filters if len(f.values) >= 2)


def search_work(plan: Plan, touching: frozenset[str] | None) -> Iterator[Work]:
    """The site search page: Pagefind's index of the articles, read by theme/js/search.js."""
    def make():
        urls = plan.urls
        url = urls.search()
        bundles = tuple(urls.site(f"{PAGEFIND_DIR}/{name}/") for name, _ in search_parts(search_pages(plan)))
        return plan.job(url, "search.html",
                        plan.meta("Tìm kiếm", url, "Tìm bài viết trên trang, gõ có dấu hay không dấu đều được.",
                                  "search", plan.crumbs()),
                        bundle=(bundles[0] if bundles else urls.site(f"{PAGEFIND_DIR}/p000/")) + "pagefind.js",
                        bundles=bundles, roll_index=urls.honours_index(), filters=search_filters(plan))

    yield single(make)


def not_found_work(plan: Plan, touching: frozenset[str] | None) -> Iterator[Work]:
    url = plan.urls.site("404.html")
    yield single(lambda: plan.job(url, "404.html", plan.meta("Không tìm thấy trang", url, "", "404")))


def closing_jobs(plan: Plan, entries: list[SitemapEntry]) -> Iterator[PageJob]:
    """sitemap.xml of the given pages sorted by URL (past SITEMAP_LIMIT, an index of numbered parts), and
    robots.txt."""
    entries = sorted(entries, key=lambda e: e.loc)
    info, urls, limit = plan.views.info, plan.urls, SITEMAP_LIMIT
    if len(entries) <= limit:
        yield PageJob(urls.sitemap(), "sitemap.xml", {"site": info, "entries": tuple(entries)})
    else:
        parts = []
        for n, start in enumerate(range(0, len(entries), limit), 1):
            parts.append(urls.absolute(urls.sitemap(n)))
            yield PageJob(urls.sitemap(n), "sitemap.xml", {"site": info, "entries": tuple(entries[start:start + limit])})
        yield PageJob(urls.sitemap(), "sitemap-index.xml", {"site": info, "parts": tuple(parts)})
    yield PageJob(urls.robots(), "robots.txt", {"site": info, "sitemap": urls.absolute(urls.sitemap())})


SEARCH = Family("search page", frozenset({ARTICLES, PAGES, REGISTRY}), search_work)
NOT_FOUND = Family("404 page", frozenset(), not_found_work, in_sitemap=False)
FEEDS = Family("feeds", frozenset({BODIES, ARTICLES, REGISTRY}), feed_work, in_sitemap=False)
OPEN_DATA = Family("open data", frozenset({ARTICLES, HONOURS, REGISTRY}), data_work, in_sitemap=False)
