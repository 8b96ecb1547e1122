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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

import jinja2

from .assemble import Site
from .config import SiteConfig
from .errors import BuildFailed, Problem
from .model import KIND_LABELS, Article
from .urls import Urls
from .views import ArticleCard, HonourRow, Link, PageMeta, RollGroup, UnitNode, Views, chunks, pager
from .vnformat import (format_date_long, format_date_short, format_datetime, format_number, iso_datetime)


@dataclass(frozen=True, slots=True)
class PageJob:
    """One output file: a Jinja template (.html, .xml, .txt) or a serializer name from SERIALIZERS
    ("csv", "json"), and the complete context it is made from."""

    url: str
    template: str
    context: dict[str, Any]


# Non-template outputs: name → function(context) → bytes. Registered by the modules that own them.
SERIALIZERS: dict[str, Callable[[dict[str, Any]], bytes]] = {}


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


def make_env(config: SiteConfig) -> jinja2.Environment:
    """Autoescaping, StrictUndefined Jinja environment with the Vietnamese filters."""
    urls = Urls(config)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(config.templates_dir)]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(number=format_number, date_long=format_date_long, date_short=format_date_short,
                       datetime=format_datetime, iso=iso_datetime)
    env.globals.update(url=urls.site, asset=urls.theme, absolute=urls.absolute)
    return env


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
        raise BuildFailed([Problem(f"templates/{name}", line, f"Lỗi khi dựng trang {job.url}: {exc}",
                                   hint="Mẫu giao diện dùng một giá trị không có trong ngữ cảnh của trang.",
                                   code="template")]) from exc


def _template_line(exc: Exception, default: str) -> tuple[int | None, str]:
    tb = exc.__traceback__
    found: tuple[int | None, str] = (None, default)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") or filename.endswith(".xml"):
            found = (tb.tb_lineno, filename.rsplit("/", 1)[-1])
        tb = tb.tb_next
    return found


class Planner:
    """Yields every page of the site as a PageJob, family by family."""

    def __init__(self, site: Site):
        self.site = site
        self.views = Views(site)
        self.urls = site.urls
        self.per_page = site.config.per_page
        self._positions: dict[tuple[str, str], dict[str, int]] = {}

    def jobs(self) -> Iterator[PageJob]:
        yield from self.home()
        yield from self.articles()
        yield from self.pages()
        yield from self.units()
        yield from self.campaigns()
        yield from self.rolls()
        yield from self.awardees()
        yield from self.tags()
        yield self.job(self.urls.site("404.html"), "404.html", self.meta("Không tìm thấy trang", self.urls.site("404.html"),
                                                                     "", "404"))

    def job(self, url: str, template: str, page: PageMeta, **context: Any) -> PageJob:
        return PageJob(url, template, {"site": self.views.info, "page": page, **context})

    def meta(self, title: str, url: str, description: str, kind: str, crumbs: tuple[Link, ...] = (),
             pager_=None, image: str = "") -> PageMeta:
        return PageMeta(title, url, self.urls.absolute(url), description, kind, crumbs, pager_, image)

    def crumbs(self, *links: Link) -> tuple[Link, ...]:
        return (Link("Trang chủ", self.urls.home()),) + links

    # -- home and articles -------------------------------------------------------------------------
    def home(self) -> Iterator[PageJob]:
        site, views = self.site, self.views
        sources = [a.source for a in site.articles]
        pages = chunks(sources, self.per_page)
        latest = tuple(views.row(h) for h in site.honours if not h.is_counted)[:8]
        campaigns = self.campaign_items()
        for n, chunk in enumerate(pages, 1):
            url = self.urls.home(n)
            title = site.config.title if n == 1 else f"{site.config.title} – trang {n}"
            page = self.meta(title, url, site.config.description, "home",
                             pager_=pager(len(pages), n, self.urls.home))
            yield self.job(url, "index.html", page, articles=views.cards(chunk),
                           honours=latest if n == 1 else (), campaigns=campaigns if n == 1 else ())

    def articles(self) -> Iterator[PageJob]:
        for i, article in enumerate(self.site.articles):
            view = self.article_view(article, i)
            crumbs = self.crumbs(*(view.units[:1]))
            page = self.meta(article.title, view.url, article.summary, "article", crumbs, image=view.image)
            yield self.job(view.url, "article.html", page, article=view)

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
            rows, sum(r.total for r in rows), newer, older, self.related(article))

    def related(self, article: Article, limit: int = 4) -> tuple[ArticleCard, ...]:
        """Nearest in time among articles of the same units and campaigns (cheap at any size)."""
        groups = [("u", u, self.site.unit_articles[u]) for u in article.units]
        groups += [("c", c, self.site.campaign_articles[c]) for c in article.campaigns]
        candidates: dict[str, float] = {}
        stamp = article.date.timestamp()
        for kind, key, members in groups:
            positions = self._positions.get((kind, key))
            if positions is None:
                positions = {source: i for i, source in enumerate(members)}
                self._positions[(kind, key)] = positions
            i = positions[article.source]
            for source in (*members[max(0, i - 2):i], *members[i + 1:i + 3]):
                distance = abs(self.site.article(source).date.timestamp() - stamp)
                candidates[source] = min(distance, candidates.get(source, distance))
        best = sorted(candidates, key=lambda s: (candidates[s], s))[:limit]
        ordered = [a.source for a in self.site.articles if a.source in set(best)] if len(best) > 1 else best
        return self.views.cards(ordered)

    def pages(self) -> Iterator[PageJob]:
        for p in self.site.pages:
            url = self.urls.page(p.slug)
            yield self.job(url, "page.html", self.meta(p.title, url, p.summary, "page", self.crumbs()),
                           body=self.views.body(p.body_html))

    # -- units and campaigns -----------------------------------------------------------------------
    def units(self) -> Iterator[PageJob]:
        site, views, urls = self.site, self.views, self.urls
        yield self.job(urls.units(), "units.html",
                       self.meta("Đơn vị", urls.units(), "Các cấp công đoàn và số bài viết, số người được vinh danh.",
                                 "units", self.crumbs()), tree=views.unit_tree())
        for unit_id, unit in site.registry.units.items():
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
            roll = views.roll_by_year(honours)
            for n, chunk in enumerate(pages, 1):
                url = urls.unit(unit_id, n)
                page = self.meta(unit.name if n == 1 else f"{unit.name} – trang {n}", url,
                                 f"Tin tức và bảng vàng của {unit.name}.", "unit", views.breadcrumbs_for_unit(unit_id),
                                 pager(len(pages), n, lambda k, u=unit_id: urls.unit(u, k)))
                yield self.job(url, "unit.html", page, unit=view, articles=views.cards(chunk),
                               roll=roll if n == 1 else ())

    def campaign_items(self) -> tuple[CampaignItem, ...]:
        site = self.site
        return tuple(CampaignItem(self.views.campaign_link(cid), c.period.label if c.period else "",
                                  len(site.campaign_articles[cid]), sum(h.total for h in site.campaign_honours[cid]))
                     for cid, c in site.registry.campaigns.items())

    def campaigns(self) -> Iterator[PageJob]:
        site, views, urls = self.site, self.views, self.urls
        yield self.job(urls.campaigns(), "campaigns.html",
                       self.meta("Phong trào thi đua", urls.campaigns(), "Các phong trào thi đua và số người được vinh danh.",
                                 "campaigns", self.crumbs()), campaigns=self.campaign_items())
        for cid, campaign in site.registry.campaigns.items():
            sources = site.campaign_articles[cid]
            honours = site.campaign_honours[cid]
            view = CampaignView(cid, campaign.name, campaign.short, campaign.period.label if campaign.period else "",
                                views.unit_link(campaign.launched_by) if campaign.launched_by else None,
                                campaign.description_html, len(sources), sum(h.total for h in honours))
            pages = chunks(sources, self.per_page)
            roll = views.roll_by_unit(honours)
            crumbs = self.crumbs(Link("Phong trào", urls.campaigns()))
            for n, chunk in enumerate(pages, 1):
                url = urls.campaign(cid, n)
                page = self.meta(campaign.name if n == 1 else f"{campaign.name} – trang {n}", url,
                                 f"Phong trào thi đua “{campaign.name}”: tin tức và bảng vàng.", "campaign", crumbs,
                                 pager(len(pages), n, lambda k, c=cid: urls.campaign(c, k)))
                yield self.job(url, "campaign.html", page, campaign=view, articles=views.cards(chunk),
                               roll=roll if n == 1 else ())

    # -- honour rolls, awardees, tags --------------------------------------------------------------
    def rolls(self) -> Iterator[PageJob]:
        site, urls = self.site, self.urls
        years = site.years()
        year_links = tuple(Link(str(y), urls.honours_year(y)) for y in years)
        yield from self.roll_pages(site.honours, None, year_links, urls.honours)
        for year in years:
            honours = tuple(h for h in site.honours if h.period.end == year)
            yield from self.roll_pages(honours, year, year_links, lambda n, y=year: urls.honours_year(y, n))

    def roll_pages(self, honours, year: int | None, year_links, url_for) -> Iterator[PageJob]:
        pages = chunks(honours, self.site.config.roll_page_size)
        named = sum(1 for h in honours if not h.is_counted)
        stats = {"named": named, "total": sum(h.total for h in honours), "rows": len(honours)}
        base_title = "Bảng vàng" if year is None else f"Bảng vàng năm {year}"
        crumbs = self.crumbs() if year is None else self.crumbs(Link("Bảng vàng", self.urls.honours()))
        for n, chunk in enumerate(pages, 1):
            url = url_for(n)
            title = base_title if n == 1 else f"{base_title} – trang {n}"
            description = "Danh sách tập thể, cá nhân được khen thưởng, vinh danh" + (f" năm {year}." if year else ".")
            page = self.meta(title, url, description, "roll", crumbs, pager(len(pages), n, url_for))
            yield self.job(url, "roll.html", page, roll=self.views.roll_by_year(chunk), years=year_links,
                           year=year or 0, stats=stats)

    def awardees(self) -> Iterator[PageJob]:
        site, views, urls = self.site, self.views, self.urls
        for slug, awardee in site.awardees.items():
            url = urls.awardee(slug)
            rows = views.rows(awardee.honours)
            view = AwardeeView(awardee.name, KIND_LABELS[awardee.kind], views.unit_link(awardee.unit), rows)
            description = f"Các danh hiệu, hình thức khen thưởng của {awardee.name}."
            yield self.job(url, "awardee.html", self.meta(awardee.name, url, description, "awardee",
                                                          self.crumbs(Link("Bảng vàng", urls.honours()))),
                           awardee=view)

    def tags(self) -> Iterator[PageJob]:
        site, views, urls = self.site, self.views, self.urls
        items = tuple(TagItem(Link(t.name, urls.tag(slug)), len(t.articles)) for slug, t in site.tags.items())
        yield self.job(urls.tags(), "tags.html", self.meta("Chủ đề", urls.tags(), "Các chủ đề bài viết.", "tags",
                                                           self.crumbs()), tags=items)
        for slug, tag in site.tags.items():
            pages = chunks(tag.articles, self.per_page)
            for n, chunk in enumerate(pages, 1):
                url = urls.tag(slug, n)
                page = self.meta(f"Chủ đề: {tag.name}" + (f" – trang {n}" if n > 1 else ""), url,
                                 f"Bài viết về {tag.name}.", "tag", self.crumbs(Link("Chủ đề", urls.tags())),
                                 pager(len(pages), n, lambda k, s=slug: urls.tag(s, k)))
                yield self.job(url, "tag.html", page, tag=Link(tag.name, urls.tag(slug)), articles=views.cards(chunk))


def roll_groups_count(groups: tuple[RollGroup, ...]) -> int:
    return sum(len(g.rows) + roll_groups_count(g.groups) for g in groups)
