"""Site → page jobs (URL, template, complete context) → HTML bytes.

`plan_pages` yields jobs lazily so memory stays flat; each job's context is plain view data (see
views.py). Template contexts, by template:
- every template: `site` (SiteInfo), `page` (PageMeta)
- index.html: `articles` (cards), `honours` (rows), `campaigns` (links with counts)
- article.html: `article` (ArticleView)
- page.html: `body`
- units.html: `tree`;  unit.html: `unit` (UnitView), `articles`, `roll` (year groups, first page only)
- campaigns.html: `campaigns`;  campaign.html: `campaign` (CampaignView), `articles`, `roll` (unit groups)
- roll.html: `roll` (year groups), `years` (links), `year`, `stats`
- awardee.html: `awardee` (AwardeeView);  tags.html: `tags`;  tag.html: `tag`, `articles`;  404.html
- index.html, unit.html, campaign.html, roll.html also: `downloads` (DataLinks of the roll's open data);
  unit.html and campaign.html: `feed` (URL of their Atom feed)
- reader search (search.py, chart.py): roll.html `facets` (search.Facet, the filter form) and `roll_index`
  (URL of the JSON awardee index); unit.html and campaign.html `facets` and `chart` (chart.Chart or None,
  first page only); article.html and page.html `search_aliases` (đ→d forms for Pagefind); search.html
  `bundle` (URL of pagefind.js)
Machine-readable outputs (context `site` plus): feed.xml: `feed` (FeedView); sitemap.xml: `entries`
(SitemapEntry, sorted); sitemap-index.xml: `parts` (absolute URLs); robots.txt: `sitemap` (absolute
URL); serializers "csv" and "json" (exports.py): `data` (HonourData); serializer "roll-index"
(search.awardee_index): `rows` (every HonourRow, roll order).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import weakref
from dataclasses import dataclass
from functools import cache
from itertools import islice
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, Mapping

import jinja2
from markupsafe import Markup

from .assemble import Site, unit_lineage
from .config import BUILTIN_TEMPLATES, SiteConfig
from .errors import BuildFailed, Problem
from .chart import honours_chart
from .exports import DataStream, LineEncoder, honours_csv, honours_json
from .model import KIND_LABELS, Article, Honour
from .search import (PAGEFIND_DIR, RollIndexStream, article_aliases, awardee_index, dd_aliases,
                     roll_facets, search_parts)
from .urls import Urls
from .views import (ArticleCard, DataLinks, HonourRow, Link, PageMeta, RollGroup, SitemapEntry, UnitNode, Views,
                    chunks, pager)
from .vnformat import (format_date_long, format_date_short, format_datetime, format_number, iso_datetime)


@dataclass(frozen=True, slots=True)
class PageJob:
    """One output file: a Jinja template (.html, .xml, .txt) or a serializer name from SERIALIZERS
    ("csv", "json"), and the complete context it is made from."""

    url: str
    template: str
    context: dict[str, Any]
    origin: str = ""  # the content the page is made from, for error messages ("content/…/bai.md")


@dataclass(frozen=True, slots=True)
class StreamJob:
    """Outputs made in one pass over the site's roll, each too large to hold at once (the open data,
    the awardee index): written piece by piece, and keyed row by row (pipeline.write_stream).

    `rows()` yields (view, indexes of the files that list it) in roll order; `streams()` gives the
    line encoder of a view and one piece maker per file (head(), add(view, line), tail()). A file's
    render key is that of its head followed by the digests of its rows."""

    template: str  # "csv", "json" or "roll-index"
    urls: tuple[str, ...]
    heads: tuple[Any, ...]
    rows: Callable[[], Iterator[tuple[Any, tuple[int, ...]]]]
    streams: Callable[[], tuple[Callable[[Any], bytes], list[Any]]]


# Non-template outputs: name (PageJob.template) → function(context) → bytes.
SERIALIZERS: Mapping[str, Callable[[dict[str, Any]], bytes]] = MappingProxyType(
    {"csv": honours_csv, "json": honours_json, "roll-index": awardee_index})


@dataclass(frozen=True, slots=True)
class ArticleView:
    title: str
    url: str
    date_long: str
    date_text: str
    date_iso: str
    author: str
    summary: str
    units: tuple[Link, ...]
    campaigns: tuple[Link, ...]
    tags: tuple[Link, ...]
    image: str
    image_caption: str
    image_credit: str
    body: str
    honours: tuple[HonourRow, ...]
    honour_total: int
    newer: ArticleCard | None
    older: ArticleCard | None
    related: tuple[ArticleCard, ...]
    extra: Mapping[str, object]  # the editor's own fields, for a site's own templates


@dataclass(frozen=True, slots=True)
class UnitView:
    id: str
    name: str
    short: str
    description: str
    historical: bool
    until: str
    successor: Link | None
    parent: Link | None
    children: tuple[UnitNode, ...]
    article_count: int
    honour_total: int


@dataclass(frozen=True, slots=True)
class CampaignView:
    id: str
    name: str
    short: str
    period: str
    launched_by: Link | None
    description: str
    article_count: int
    honour_total: int


@dataclass(frozen=True, slots=True)
class CampaignItem:
    link: Link
    period: str
    articles: int
    honours: int


@dataclass(frozen=True, slots=True)
class AwardeeView:
    name: str
    kind_label: str
    unit: Link
    honours: tuple[HonourRow, ...]


@dataclass(frozen=True, slots=True)
class TagItem:
    link: Link
    count: int


def long_datetime(when) -> str:
    """"19:51, ngày 6 tháng 6 năm 2021", or just the date when no time was given."""
    day = format_date_long(when)
    return day if (when.hour, when.minute) == (0, 0) else f"{when:%H:%M}, {day}"


def css_string(text: str) -> Markup:
    """Text for a double-quoted CSS string inside <style> (print headers): quotes, backslashes, line
    breaks and < > & are hex-escaped, so nothing can end the string or the element."""
    return Markup("".join(f"\\{ord(ch):x} " if ch in '"\\<>&\'\n\r\f' or ord(ch) < 32 else ch for ch in str(text)))


def make_env(config: SiteConfig) -> jinja2.Environment:
    """Autoescaping, StrictUndefined Jinja environment with the Vietnamese filters."""
    urls = Urls(config)
    env = jinja2.Environment(
        # A site's own templates override the built-in ones file by file.
        loader=jinja2.FileSystemLoader(list(dict.fromkeys([str(config.templates_dir), str(BUILTIN_TEMPLATES)]))),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    start_build(env)
    env.filters.update(css_string=css_string, number=format_number, date_long=format_date_long, date_short=format_date_short,
                       datetime=format_datetime, iso=iso_datetime)
    env.globals.update(url=urls.site, asset=urls.theme, absolute=urls.absolute)
    return env


def start_build(env: jinja2.Environment) -> None:
    """A fresh per-build cache of rendered roll rows in an environment that is kept from build to build
    (the dev server's, while templates and configuration are unchanged)."""
    env.globals["roll_row"] = RowCache(env)


class RowCache:
    """roll_row(r, …) for templates: each honour-roll row rendered once per set of columns while it lives.

    Rolls list the same honour on up to eight pages (the site's roll, its year, its units', its
    campaign's): rendering it once made large builds much faster. The planner keeps a roll row for as
    long as roll pages still to come list it (Views.keep_rows_from) and the HTML goes with the row (a
    weak reference), so the cache holds only the rows of the roll pages in progress."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self.rendered: dict[int, tuple[Any, dict[tuple[bool, bool, bool], Any]]] = {}  # id → (weak ref, HTML by columns)
        self.macro = None

    def __call__(self, row: Any, show_year: bool, show_award: bool, show_unit: bool):
        key = id(row)
        rendered = self.rendered
        hit = rendered.get(key)
        if hit is None or hit[0]() is not row:
            ref = weakref.ref(row, lambda dead, key=key: rendered.get(key, (None,))[0] is dead and rendered.pop(key))
            hit = rendered[key] = (ref, {})
        columns = (show_year, show_award, show_unit)
        html = hit[1].get(columns)
        if html is None:
            if self.macro is None:
                self.macro = self.env.get_template("_partials/roll_row.html").module.row
            html = hit[1][columns] = self.macro(row, show_year, show_award, show_unit)
        return html


def render_job(env: jinja2.Environment, job: PageJob) -> bytes:
    serializer = SERIALIZERS.get(job.template)
    if serializer is not None:
        return serializer(job.context)
    try:
        return env.get_template(job.template).render(job.context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise BuildFailed([Problem(f"templates/{exc.name or job.template}", exc.lineno,
                                   f"Lỗi cú pháp mẫu: {exc.message}", code="template")]) from exc
    except jinja2.TemplateError as exc:
        line, name = _template_line(exc, job.template)
        origin = f" (từ {job.origin})" if job.origin else ""
        raise BuildFailed([Problem(f"templates/{name}", line, f"Lỗi khi dựng trang {job.url}{origin}: {exc}",
                                   hint="Mẫu giao diện dùng một giá trị không có trong ngữ cảnh của trang.",
                                   code="template")]) from exc


# Environments whose templates were all compiled, with what that found: templates do not change under
# an environment (auto_reload is off), so an environment the dev server keeps is checked once.
_CHECKED: "weakref.WeakKeyDictionary[jinja2.Environment, tuple[Problem, ...]]" = weakref.WeakKeyDictionary()


def template_problems(env: jinja2.Environment) -> list[Problem]:
    """Compile every template up front: a syntax error is reported even in a template that no page of
    this build uses yet (a tag page before the first tag), and all of them in one run."""
    if env in _CHECKED:
        return list(_CHECKED[env])
    problems = []
    for name in env.list_templates(extensions=("html", "xml", "txt")):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(f"templates/{exc.name or name}", exc.lineno, f"Lỗi cú pháp mẫu: {exc.message}",
                                    hint="Kiểm tra các cặp {% … %} và {{ … }} ở dòng này.", code="template"))
    _CHECKED[env] = tuple(problems)
    return problems


def _template_line(exc: Exception, default: str) -> tuple[int | None, str]:
    tb = exc.__traceback__
    found: tuple[int | None, str] = (None, default)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            found = (tb.tb_lineno, filename.rsplit("/", 1)[-1])
        tb = tb.tb_next
    return found


class Planner:
    """Yields every page of the site as a PageJob, family by family."""

    FEED_SIZE = 20  # newest articles in each Atom feed
    SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org); more make /sitemap.xml an index

    def __init__(self, site: Site, shard: int = 0, shards: int = 1):
        self.site = site
        self.shard, self.shards = shard, shards
        self._turn = -1
        self.views = Views(site)
        self.urls = site.urls
        self.per_page = site.config.per_page
        self._rank = {a.source: i for i, a in enumerate(site.articles)}  # 0 = newest
        self._roll_numbers = itertools.count()  # each roll stream's number breaks ties in the merge

    def mine(self) -> bool:
        """Whether the next unit of work belongs to this shard. Parallel workers each walk every family in
        the same order and take every n-th item, so no context is built twice and the split is even."""
        self._turn += 1
        return self._turn % self.shards == self.shard

    def jobs(self) -> Iterator[PageJob]:
        """Every output: the HTML pages, then feeds, open data, the sitemap of those pages and robots.txt."""
        entries: list[SitemapEntry] = []
        yield from self.shard_jobs(entries, streamed=False)
        yield from self.closing_jobs(entries)

    def shard_jobs(self, entries: list[SitemapEntry], streamed: bool = True) -> Iterator[PageJob | StreamJob]:
        """This shard's pages, feeds and data files; collects the sitemap entries of its HTML pages.
        streamed: the open data and the awardee index as StreamJobs (one file at a time otherwise)."""
        for job in self.html_pages():
            page = job.context["page"]
            if page.kind != "404":
                entries.append(SitemapEntry(page.canonical, page.modified))
            yield job
        yield from self.feeds()
        if streamed:
            yield from self.data_streams()
            if self.mine():
                yield self.roll_index_stream()
        else:
            yield from self.data_files()
            if self.mine():
                yield self.roll_index()

    def closing_jobs(self, entries: list[SitemapEntry]) -> Iterator[PageJob]:
        """The outputs made from every shard's pages: the sitemap and robots.txt."""
        yield from self.sitemap(entries)
        yield self.robots()

    def html_pages(self) -> Iterator[PageJob]:
        """Every HTML page; each one except the 404 page goes into the sitemap."""
        yield from self.home()
        yield from self.articles()
        yield from self.pages()
        yield from self.units()
        yield from self.campaigns()
        yield from self.roll_pages_in_place_order()
        yield from self.awardees()
        yield from self.tags()
        if self.mine():
            yield self.search()
        if self.mine():
            yield self.job(self.urls.site("404.html"), "404.html",
                           self.meta("Không tìm thấy trang", self.urls.site("404.html"), "", "404"))

    def job(self, url: str, template: str, page: PageMeta, origin: str = "", **context: Any) -> PageJob:
        return PageJob(url, template, {"site": self.views.info, "page": page, **context}, origin)

    def origin(self, source: str, honour: Honour | None = None) -> str:
        """How an error names the content of a page: the file, and the awardee entry it comes from."""
        where = self.site.config.content_prefix + source
        return f"{where}:{honour.line} awardees[{honour.index + 1}]" if honour is not None else where

    def meta(self, title: str, url: str, description: str, kind: str, crumbs: tuple[Link, ...] = (),
             pager_=None, image: str = "", *, image_alt: str = "", published: str = "", modified: str = "",
             feeds: tuple[Link, ...] = ()) -> PageMeta:
        return PageMeta(title, url, self.urls.absolute(url), description, kind, crumbs, pager_, image,
                        image_alt=image_alt, published=published, modified=modified, feeds=feeds)

    def newest(self, sources: Iterable[str | None]) -> str:
        """RFC 3339 date of the newest of these articles, "" for none (a page's sitemap lastmod)."""
        best = self.newest_source(s for s in sources if s)
        return self.views.card(best).date_iso if best is not None else ""

    def newest_source(self, sources: Iterable[str]) -> str | None:
        return min(sources, key=self._rank.__getitem__, default=None)

    def newest_of_honours(self, honours: Iterable) -> str:
        return self.newest([self.newest_source(h.article for h in honours)])

    def site_downloads(self) -> DataLinks:
        return DataLinks(self.urls.honours_data("csv"), self.urls.honours_data("json"))

    def crumbs(self, *links: Link) -> tuple[Link, ...]:
        return (Link("Trang chủ", self.urls.home()),) + links

    # -- home and articles -------------------------------------------------------------------------
    def home(self) -> Iterator[PageJob]:
        site, views = self.site, self.views
        sources = [a.source for a in site.articles]
        pages = chunks(sources, self.per_page)
        latest = tuple(views.row(h) for h in islice((h for h in site.honours if not h.is_counted), 8))
        campaigns = self.campaign_items()
        for n, chunk in enumerate(pages, 1):
            if not self.mine():
                continue
            url = self.urls.home(n)
            title = site.config.title if n == 1 else f"{site.config.title} – trang {n}"
            page = self.meta(title, url, site.config.description, "home",
                             pager_=pager(len(pages), n, self.urls.home), modified=self.newest(chunk))
            yield self.job(url, "index.html", page, articles=views.cards(chunk),
                           honours=latest if n == 1 else (), campaigns=campaigns if n == 1 else (),
                           downloads=self.site_downloads())

    def articles(self, only: frozenset[str] | None = None) -> Iterator[PageJob]:
        """Article pages; with `only`, just those articles (the dev server's text-only edits)."""
        for i, article in enumerate(self.site.articles):
            if not self.mine() or (only is not None and article.source not in only):
                continue
            view = self.article_view(article, i)
            crumbs = self.crumbs(*(view.units[:1]))
            page = self.meta(article.title, view.url, article.summary, "article", crumbs, image=view.image,
                             image_alt=view.image_caption or view.title, published=view.date_iso,
                             modified=view.date_iso)
            yield self.job(view.url, "article.html", page, self.origin(article.source), article=view,
                           search_aliases=article_aliases(view))

    def article_view(self, article: Article, index: int) -> ArticleView:
        site, views = self.site, self.views
        newer = views.card(site.articles[index - 1].source) if index > 0 else None
        older = views.card(site.articles[index + 1].source) if index + 1 < len(site.articles) else None
        tags = tuple(Link(name, self.urls.tag(slug)) for slug, name in site.article_tags[article.source])
        card = views.card(article.source)
        rows = tuple(views.row(h) for h in article.honours)
        return ArticleView(
            article.title, card.url, format_date_long(article.date), long_datetime(article.date),
            card.date_iso, article.author, article.summary, card.units, card.campaigns, tags,
            views.image_url(article), article.image_caption, article.image_credit, views.body(article.body_html),
            rows, sum(r.total for r in rows), newer, older, self.related(article), article.extra)

    def related(self, article: Article, limit: int = 4) -> tuple[ArticleCard, ...]:
        """Nearest in time among articles of the same units and campaigns (cheap at any size)."""
        groups = [("u", u, self.site.unit_articles[u]) for u in article.units]
        groups += [("c", c, self.site.campaign_articles[c]) for c in article.campaigns]
        candidates: dict[str, float] = {}
        stamp = article.date.timestamp()
        rank = self._rank
        for kind, key, members in groups:
            i = bisect.bisect_left(members, rank[article.source], key=rank.__getitem__)  # members are newest first
            for source in (*members[max(0, i - 2):i], *members[i + 1:i + 3]):
                distance = abs(self.site.article(source).date.timestamp() - stamp)
                candidates[source] = min(distance, candidates.get(source, distance))
        best = sorted(candidates, key=lambda s: (candidates[s], s))[:limit]
        return self.views.cards(sorted(best, key=self._rank.__getitem__))

    def pages(self, only: frozenset[str] | None = None) -> Iterator[PageJob]:
        for p in self.site.pages:
            if not self.mine() or (only is not None and p.source not in only):
                continue
            url = self.urls.page(p.slug)
            body = self.views.body(p.body_html)
            yield self.job(url, "page.html", self.meta(p.title, url, p.summary, "page", self.crumbs()),
                           self.origin(p.source), body=body, extra=p.extra,
                           search_aliases=dd_aliases(p.title, body))

    # -- units and campaigns -----------------------------------------------------------------------
    def units(self) -> Iterator[PageJob]:
        site, views, urls = self.site, self.views, self.urls
        if self.mine():
            yield self.job(urls.units(), "units.html",
                       self.meta("Đơn vị", urls.units(), "Các cấp công đoàn và số bài viết, số người được vinh danh.",
                                 "units", self.crumbs()), tree=views.unit_tree())
        for unit_id, unit in site.registry.units.items():
            if not self.mine():
                continue
            sources = site.unit_articles[unit_id]
            pages = chunks(sources, self.per_page)
            honours = site.unit_honours[unit_id]
            view = UnitView(
                unit.id, unit.name, unit.short, unit.description_html, unit.historical,
                format_date_long(unit.until) if unit.until else "",
                views.unit_link(unit.successor) if unit.successor else None,
                views.unit_link(unit.parent) if unit.parent else None,
                tuple(views._unit_node(c) for c in site.registry.children.get(unit_id, ())),
                len(sources), sum(h.total for h in honours))
            whole_site = len(honours) == len(site.honours)  # the top unit: its roll is the site's roll
            preview = self.roll_preview(honours, urls.honours() if whole_site else urls.unit_roll(unit_id))
            roll = views.roll_by_year(honours[:self.site.config.roll_preview])
            chart = honours_chart(((h.period.end, h.total) for h in honours), name=unit.name)
            facets = self.facets(honours)
            feeds = (Link(f"{unit.name}: tin mới", urls.unit_feed(unit_id)),)
            downloads = DataLinks(urls.unit_honours_data(unit_id, "csv"), urls.unit_honours_data(unit_id, "json"))
            roll_newest = self.newest_source(h.article for h in honours)
            for n, chunk in enumerate(pages, 1):
                url = urls.unit(unit_id, n)
                page = self.meta(unit.name if n == 1 else f"{unit.name} – trang {n}", url,
                                 f"Tin tức và bảng vàng của {unit.name}.", "unit", views.breadcrumbs_for_unit(unit_id),
                                 pager(len(pages), n, lambda k, u=unit_id: urls.unit(u, k)), feeds=feeds,
                                 modified=self.newest((*chunk, roll_newest if n == 1 else None)))
                yield self.job(url, "unit.html", page, unit=view, articles=views.cards(chunk),
                               roll=roll if n == 1 else (), roll_more=preview if n == 1 else None,
                               feed=feeds[0].url, downloads=downloads,
                               chart=chart if n == 1 else None, facets=facets if n == 1 else ())

    def campaign_items(self) -> tuple[CampaignItem, ...]:
        site = self.site
        return tuple(CampaignItem(self.views.campaign_link(cid), c.period.label if c.period else "",
                                  len(site.campaign_articles[cid]), sum(h.total for h in site.campaign_honours[cid]))
                     for cid, c in site.registry.campaigns.items())

    def campaigns(self) -> Iterator[PageJob]:
        site, views, urls = self.site, self.views, self.urls
        if self.mine():
            yield self.job(urls.campaigns(), "campaigns.html",
                       self.meta("Phong trào thi đua", urls.campaigns(), "Các phong trào thi đua và số người được vinh danh.",
                                 "campaigns", self.crumbs()), campaigns=self.campaign_items())
        for cid, campaign in site.registry.campaigns.items():
            if not self.mine():
                continue
            sources = site.campaign_articles[cid]
            honours = site.campaign_honours[cid]
            view = CampaignView(cid, campaign.name, campaign.short, campaign.period.label if campaign.period else "",
                                views.unit_link(campaign.launched_by) if campaign.launched_by else None,
                                campaign.description_html, len(sources), sum(h.total for h in honours))
            pages = chunks(sources, self.per_page)
            preview = self.roll_preview(honours, urls.campaign_roll(cid))
            roll = views.roll_by_unit(honours[:self.site.config.roll_preview])
            chart = honours_chart(((h.period.end, h.total) for h in honours), name=campaign.name)
            facets = self.facets(honours)
            crumbs = self.crumbs(Link("Phong trào", urls.campaigns()))
            feeds = (Link(f"{campaign.name}: tin mới", urls.campaign_feed(cid)),)
            downloads = DataLinks(urls.campaign_honours_data(cid, "csv"), urls.campaign_honours_data(cid, "json"))
            roll_newest = self.newest_source(h.article for h in honours)
            for n, chunk in enumerate(pages, 1):
                url = urls.campaign(cid, n)
                page = self.meta(campaign.name if n == 1 else f"{campaign.name} – trang {n}", url,
                                 f"Phong trào thi đua “{campaign.name}”: tin tức và bảng vàng.", "campaign", crumbs,
                                 pager(len(pages), n, lambda k, c=cid: urls.campaign(c, k)), feeds=feeds,
                                 modified=self.newest((*chunk, roll_newest if n == 1 else None)))
                yield self.job(url, "campaign.html", page, campaign=view, articles=views.cards(chunk),
                               roll=roll if n == 1 else (), roll_more=preview if n == 1 else None,
                               feed=feeds[0].url, downloads=downloads,
                               chart=chart if n == 1 else None, facets=facets if n == 1 else ())

    # -- honour rolls, awardees, tags --------------------------------------------------------------
    def roll_pages_in_place_order(self) -> Iterator[PageJob]:
        """Every honour-roll page (the site's, each year's, each unit's and each campaign's) in the order of
        the place of its first row in the site's roll.

        All rolls list their rows in roll order, so once a page starting at place p is made, no page still
        to come lists a row placed before p: those rows are let go (Views.keep_rows_from), and a row shown
        on several rolls is rendered and hashed once while at most about a page of rows per roll is kept."""
        site, views, urls = self.site, self.views, self.urls
        years = site.years()
        year_links = tuple(Link(str(y), urls.honours_year(y)) for y in years)
        rolls = [self.roll_stream(site.honours, range(len(site.honours)), None, year_links, urls.honours)]
        start = 0
        for year in years:
            end = start
            while end < len(site.honours) and site.honours[end].period.end == year:
                end += 1
            rolls.append(self.roll_stream(site.honours[start:end], range(start, end), year, year_links,
                                          lambda n, y=year: urls.honours_year(y, n)))
            start = end
        for unit_id, unit in site.registry.units.items():
            honours = site.unit_honours[unit_id]
            if len(honours) > site.config.roll_preview and len(honours) != len(site.honours):
                rolls.append(self.roll_stream(
                    honours, site.unit_places[unit_id], None, (), lambda n, u=unit_id: urls.unit_roll(u, n),
                    heading=f"Bảng vàng: {unit.name}",
                    crumbs=views.breadcrumbs_for_unit(unit_id) + (views.unit_link(unit_id),),
                    downloads=DataLinks(urls.unit_honours_data(unit_id, "csv"), urls.unit_honours_data(unit_id, "json")),
                    scope_units=site.registry.descendants(unit_id)))
        for cid, campaign in site.registry.campaigns.items():
            honours = site.campaign_honours[cid]
            if len(honours) > site.config.roll_preview:
                rolls.append(self.roll_stream(
                    honours, site.campaign_places[cid], None, (), lambda n, c=cid: urls.campaign_roll(c, n),
                    heading=f"Bảng vàng: {campaign.name}",
                    crumbs=self.crumbs(Link("Phong trào", urls.campaigns())) + (views.campaign_link(cid),),
                    downloads=DataLinks(urls.campaign_honours_data(cid, "csv"), urls.campaign_honours_data(cid, "json")),
                    scope_campaign=cid))
        for first, _, _, make in heapq.merge(*rolls):
            if self.mine():
                views.keep_rows_from(first)
                yield make()

    def roll_preview(self, honours, url: str) -> Link | None:
        """A link to the full roll pages when a unit's or campaign's roll is longer than its page shows."""
        if len(honours) <= self.site.config.roll_preview:
            return None
        return Link(f"Xem toàn bộ {format_number(len(honours))} dòng của bảng vàng", url)

    def roll_stream(self, honours, places, year: int | None, year_links, url_for, *, heading: str = "",
                    crumbs: tuple[Link, ...] | None = None, downloads: DataLinks | None = None,
                    scope_units: tuple[str, ...] = (), scope_campaign: str = ""):
        """A roll split into pages (the site's, a year's, or a unit's or campaign's: heading, scope_*), as
        (place of the page's first row, roll number, page number, function making the page's job)."""
        size = self.site.config.roll_page_size
        pages = chunks(honours, size)
        number = next(self._roll_numbers)
        base_title = heading or ("Bảng vàng" if year is None else f"Bảng vàng năm {year}")
        if crumbs is None:
            crumbs = self.crumbs() if year is None else self.crumbs(Link("Bảng vàng", self.urls.honours()))
        scope = {"heading": heading, "scope_units": " ".join(scope_units), "scope_campaign": scope_campaign}

        @cache
        def whole() -> tuple[dict, tuple]:  # made once, by the first of the roll's pages this shard makes
            named = sum(1 for h in honours if not h.is_counted)
            return {"named": named, "total": sum(h.total for h in honours), "rows": len(honours)}, self.facets(honours)

        def make(n: int, chunk) -> PageJob:
            stats, facets = whole()
            url = url_for(n)
            title = base_title if n == 1 else f"{base_title} – trang {n}"
            description = "Danh sách tập thể, cá nhân được khen thưởng, vinh danh" + (f" năm {year}." if year else ".")
            page = self.meta(title, url, description, "roll", crumbs, pager(len(pages), n, url_for),
                             modified=self.newest_of_honours(chunk))
            chunk_places = places[(n - 1) * size:(n - 1) * size + len(chunk)]
            return self.job(url, "roll.html", page, roll=self.views.roll_by_year(chunk, chunk_places),
                            years=year_links, year=year or 0, stats=stats,
                            downloads=downloads or self.site_downloads(), facets=facets,
                            roll_index=self.urls.honours_index(), **scope)

        for n, chunk in enumerate(pages, 1):
            first = places[(n - 1) * size] if chunk else 0
            yield first, number, n, lambda n=n, chunk=chunk: make(n, chunk)

    def facets(self, honours):
        """The filter form of a roll of these honours (search.roll_facets, in registry order)."""
        registry, views = self.site.registry, self.views
        units = [u for root in registry.roots() for u in registry.descendants(root)]
        # the facets depend on a few values of each row: one stand-in row per distinct combination, in order
        combos = dict.fromkeys((h.period.end, h.unit, h.campaign or "", h.award, h.is_counted, h.kind) for h in honours)
        rows = [_FacetRow(end, unit, views.unit_link(unit), campaign, views.campaign_link(campaign) if campaign else None,
                          award, registry.awards[award].name, counted, kind)
                for end, unit, campaign, award, counted, kind in combos]
        return roll_facets(rows, units, list(registry.campaigns), list(registry.awards))

    def roll_index(self) -> PageJob:
        """Every honour as compact JSON: the name search of a paginated roll (theme/js/roll.js)."""
        return PageJob(self.urls.honours_index(), "roll-index", {"rows": self.views.rows(self.site.honours)})

    def roll_index_stream(self) -> StreamJob:
        """roll_index as a stream: the index's lookup tables first, then one row at a time."""
        site, views, urls, registry = self.site, self.views, self.urls, self.site.registry
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

        def rows():
            for h in site.honours:
                yield views.row(h), (0,)

        def streams():
            stream = RollIndexStream(*tables)
            return stream.line, [stream]

        return StreamJob("roll-index", (urls.honours_index(),), (tables,), rows, streams)

    def data_streams(self) -> Iterator[StreamJob]:
        """data_files as streams, one per format: every file of that format in one pass over the roll, so
        each honour's line is made once for the site's, its units' and its campaign's files."""
        site, views, urls = self.site, self.views, self.urls
        scopes = self.data_scopes()
        heads = tuple(views.honour_data(scope, scope_id, name, page_url, ()) for scope, scope_id, name, page_url, _, _ in scopes)
        index = {(scope, scope_id): i for i, (scope, scope_id, *_) in enumerate(scopes)}
        lineage = site.unit_lineage or unit_lineage(site.registry)
        unit_files = {u: tuple(index["unit", up] for up in ups) for u, ups in lineage.items()}
        campaign_files = {c: (index["campaign", c],) for c in site.registry.campaigns}

        def rows():
            for h in site.honours:
                yield views.data_row(h), (0, *unit_files[h.unit], *(campaign_files[h.campaign] if h.campaign else ()))

        for fmt in ("csv", "json"):
            if not self.mine():
                continue

            def streams(fmt=fmt):
                encoder = LineEncoder()
                return (encoder.csv if fmt == "csv" else encoder.json), [DataStream(fmt, head) for head in heads]

            yield StreamJob(fmt, tuple(url_for(fmt) for *_, url_for, _ in scopes), heads, rows, streams)

    def search(self) -> PageJob:
        """The site search page: Pagefind's index of the articles, read by theme/js/search.js."""
        url = self.urls.search()
        bundles = tuple(self.urls.site(f"{PAGEFIND_DIR}/{name}/") for name, _ in search_parts(self.search_pages()))
        return self.job(url, "search.html", self.meta("Tìm kiếm", url, "Tìm bài viết trên trang, gõ có dấu hay không dấu đều được.",
                                                      "search", self.crumbs()),
                        bundle=(bundles[0] if bundles else self.urls.site(f"{PAGEFIND_DIR}/p000/")) + "pagefind.js",
                        bundles=bundles)

    def search_pages(self) -> list[str]:
        """Output paths of the pages site search indexes: stand-alone pages, then articles oldest first."""
        urls = self.urls
        return ([urls.output_path(urls.page(p.slug)) for p in self.site.pages]
                + [urls.output_path(urls.article(a.slug)) for a in reversed(self.site.articles)])

    def awardees(self) -> Iterator[PageJob]:
        site, views, urls = self.site, self.views, self.urls
        for slug, awardee in site.awardees.items():
            if not self.mine():
                continue
            url = urls.awardee(slug)
            rows = views.rows(awardee.honours)
            view = AwardeeView(awardee.name, KIND_LABELS[awardee.kind], views.unit_link(awardee.unit), rows)
            description = f"Các danh hiệu, hình thức khen thưởng của {awardee.name}."
            yield self.job(url, "awardee.html", self.meta(awardee.name, url, description, "awardee",
                                                          self.crumbs(Link("Bảng vàng", urls.honours())),
                                                          modified=self.newest_of_honours(awardee.honours)),
                           self.origin(awardee.honours[0].article, awardee.honours[0]), awardee=view)

    def tags(self) -> Iterator[PageJob]:
        site, views, urls = self.site, self.views, self.urls
        items = tuple(TagItem(Link(t.name, urls.tag(slug)), len(t.articles)) for slug, t in site.tags.items())
        if self.mine():
            yield self.job(urls.tags(), "tags.html", self.meta("Chủ đề", urls.tags(), "Các chủ đề bài viết.", "tags",
                                                               self.crumbs()), tags=items)
        for slug, tag in site.tags.items():
            if not self.mine():
                continue
            pages = chunks(tag.articles, self.per_page)
            for n, chunk in enumerate(pages, 1):
                url = urls.tag(slug, n)
                page = self.meta(f"Chủ đề: {tag.name}" + (f" – trang {n}" if n > 1 else ""), url,
                                 f"Bài viết về {tag.name}.", "tag", self.crumbs(Link("Chủ đề", urls.tags())),
                                 pager(len(pages), n, lambda k, s=slug: urls.tag(s, k)), modified=self.newest(chunk))
                yield self.job(url, "tag.html", page, tag=Link(tag.name, urls.tag(slug)), articles=views.cards(chunk))

    # -- machine-readable outputs: feeds, open data, sitemap, robots.txt ----------------------------
    def feeds(self, touching: frozenset[str] | None = None) -> Iterator[PageJob]:
        """Atom feeds of the newest articles: the site's, each unit's (sub-units included), each campaign's.
        With `touching`, only the feeds that carry one of those articles."""
        site, views, urls, info = self.site, self.views, self.urls, self.views.info
        sources = tuple(a.source for a in site.articles[:self.FEED_SIZE])

        def wanted(members) -> bool:
            return self.mine() and (touching is None or not touching.isdisjoint(members[:self.FEED_SIZE]))

        if wanted(sources):
            yield self.feed_job(urls.feed(), views.feed(info.title, info.description, urls.feed(), urls.home(), sources,
                                                        self.FEED_SIZE))
        for unit_id, unit in site.registry.units.items():
            if not wanted(site.unit_articles[unit_id]):
                continue
            yield self.feed_job(urls.unit_feed(unit_id), views.feed(
                f"{unit.name} – {info.title}", f"Tin mới của {unit.name}.", urls.unit_feed(unit_id),
                urls.unit(unit_id), site.unit_articles[unit_id], self.FEED_SIZE))
        for cid, campaign in site.registry.campaigns.items():
            if not wanted(site.campaign_articles[cid]):
                continue
            yield self.feed_job(urls.campaign_feed(cid), views.feed(
                f"{campaign.name} – {info.title}", f"Tin mới về phong trào “{campaign.name}”.",
                urls.campaign_feed(cid), urls.campaign(cid), site.campaign_articles[cid], self.FEED_SIZE))

    def feed_job(self, url: str, feed) -> PageJob:
        return PageJob(url, "feed.xml", {"site": self.views.info, "feed": feed})

    def data_files(self) -> Iterator[PageJob]:
        """The honour roll as CSV and JSON: the whole site's, each unit's (sub-units included), each campaign's."""
        views = self.views
        for scope, scope_id, name, page_url, url_for, honours in self.data_scopes():
            if not self.mine():
                continue
            data = views.honour_data(scope, scope_id, name, page_url, honours)
            for fmt in ("csv", "json"):
                yield PageJob(url_for(fmt), fmt, {"site": views.info, "data": data})

    def data_scopes(self) -> list[tuple]:
        """(scope, id, name, page URL, URL of its file by format, honours): the site's, each unit's, each campaign's."""
        site, urls = self.site, self.urls
        scopes = [("site", "", site.config.title, urls.honours(), urls.honours_data, site.honours)]
        scopes += [("unit", uid, unit.name, urls.unit(uid), lambda fmt, u=uid: urls.unit_honours_data(u, fmt),
                    site.unit_honours[uid]) for uid, unit in site.registry.units.items()]
        scopes += [("campaign", cid, c.name, urls.campaign(cid), lambda fmt, c_=cid: urls.campaign_honours_data(c_, fmt),
                    site.campaign_honours[cid]) for cid, c in site.registry.campaigns.items()]
        return scopes

    def sitemap(self, entries: list[SitemapEntry]) -> Iterator[PageJob]:
        """sitemap.xml of the given pages sorted by URL; past SITEMAP_LIMIT, an index of numbered parts."""
        entries = sorted(entries, key=lambda e: e.loc)
        info, urls, limit = self.views.info, self.urls, self.SITEMAP_LIMIT
        if len(entries) <= limit:
            yield PageJob(urls.sitemap(), "sitemap.xml", {"site": info, "entries": tuple(entries)})
            return
        parts = []
        for n, start in enumerate(range(0, len(entries), limit), 1):
            parts.append(urls.absolute(urls.sitemap(n)))
            yield PageJob(urls.sitemap(n), "sitemap.xml", {"site": info, "entries": tuple(entries[start:start + limit])})
        yield PageJob(urls.sitemap(), "sitemap-index.xml", {"site": info, "parts": tuple(parts)})

    def robots(self) -> PageJob:
        return PageJob(self.urls.robots(), "robots.txt",
                       {"site": self.views.info, "sitemap": self.urls.absolute(self.urls.sitemap())})


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


def roll_groups_count(groups: tuple[RollGroup, ...]) -> int:
    return sum(len(g.rows) + roll_groups_count(g.groups) for g in groups)
