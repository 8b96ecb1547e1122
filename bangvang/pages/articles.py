"""Article pages and stand-alone pages (giới thiệu, liên hệ)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Mapping

from ..model import GRANTED, PLANNED, PROPOSED, Article
from ..related import related as related_sources
from ..search import article_aliases, dd_aliases
from ..views import ArticleCard, HonourRow, Link, Picture
from ..vnformat import format_date_long
from .plan import ARTICLES, BODIES, HONOURS, PAGES, REGISTRY, Family, Plan, Work, each


@dataclass(frozen=True, slots=True)
class HonourSection:
    """The honours of an article with one status: granted ones, then proposed, then planned ones."""

    status: str  # da-trao, de-nghi or du-kien
    heading: str
    anchor: str
    note: str  # what a reader must know about these honours ("" for granted ones)
    rows: tuple[HonourRow, ...]
    total: int  # honours counted (a counted line stands for its number, a covered named entry adds nothing)


# Headings and notes of the sections of an article's honours (CONTENT_FORMAT.md, Version 2: `status`).
SECTION_TEXTS = {
    GRANTED: ("Danh sách được vinh danh", "danh-sach-khen", ""),
    PROPOSED: ("Được đề nghị khen thưởng", "de-nghi-khen", "Đã được đề nghị lên cấp trên, chưa có quyết định "
               "khen thưởng: không tính vào bảng vàng và các số liệu tổng hợp."),
    PLANNED: ("Dự kiến trao tặng", "du-kien-trao", "Sẽ được trao trong một dịp sau: chưa tính vào bảng vàng và "
              "các số liệu tổng hợp."),
}


@dataclass(frozen=True, slots=True)
class ArticleView:
    title: str
    url: str
    date_long: str
    date_text: str
    date_iso: str
    year_url: str  # the archive of the articles of its year
    author: str
    summary: str
    units: tuple[Link, ...]
    campaigns: tuple[Link, ...]
    tags: tuple[Link, ...]
    image: str  # the photo's 1200×630 crop, for sharing (og:image, JSON-LD)
    image_caption: str
    image_credit: str
    body: str
    honours: tuple[HonourRow, ...]
    honour_total: int
    newer: ArticleCard | None
    older: ArticleCard | None
    related: tuple[ArticleCard, ...]
    extra: Mapping[str, object]  # the editor's own fields, for a site's own templates
    picture: Picture | None = None  # the lead photo, shown at the top (alt: the caption, else the title)
    sections: tuple[HonourSection, ...] = ()  # `honours` by status, in the order of SECTION_TEXTS


def long_datetime(when) -> str:
    """"19:51, ngày 6 tháng 6 năm 2021", or just the date when no time was given."""
    day = format_date_long(when)
    return day if (when.hour, when.minute) == (0, 0) else f"{when:%H:%M}, {day}"


def article_work(plan: Plan, touching: frozenset[str] | None) -> Iterator[Work]:
    """Every article's page; for a text edit, only the edited articles'."""
    indexed = enumerate(plan.site.articles)
    if touching is not None:
        indexed = ((i, a) for i, a in indexed if a.source in touching)

    def make(item):
        index, article = item
        view = article_view(plan, article, index)
        crumbs = plan.crumbs(*(view.units[:1]))
        page = plan.meta(article.title, view.url, article.summary, "article", crumbs, image=view.image,
                         image_alt=view.image_caption or view.title, image_size=plan.views.image_size(article), published=view.date_iso, modified=view.date_iso)
        yield plan.job(view.url, "article.html", page, plan.origin(article.source), article=view,
                       search_aliases=article_aliases(view))

    return each(indexed, make)


def article_view(plan: Plan, article: Article, index: int) -> ArticleView:
    site, views = plan.site, plan.views
    newer = views.card(site.articles[index - 1].source) if index > 0 else None
    older = views.card(site.articles[index + 1].source) if index + 1 < len(site.articles) else None
    tags = tuple(Link(name, plan.urls.tag(slug)) for slug, name in site.article_tags[article.source])
    card = views.card(article.source)
    rows = tuple(views.row(h) for h in article.honours)
    sections = honour_sections(article, rows)
    return ArticleView(
        article.title, card.url, format_date_long(article.date), long_datetime(article.date),
        card.date_iso, plan.urls.archive(article.date.year), article.author, article.summary, card.units, card.campaigns, tags,
        views.image_url(article), article.image_caption, article.image_credit, views.body(article.body_html),
        rows, sections[0].total if sections and sections[0].status == GRANTED else 0, newer, older,
        related(plan, article), article.extra,
        views.picture(article.image, article.image_caption or article.title) if article.image else None, sections)


def honour_sections(article: Article, rows: tuple[HonourRow, ...]) -> tuple[HonourSection, ...]:
    """The article's honours by status, each in the order printed; sections with no honour left out."""
    sections = []
    for status, (heading, anchor, note) in SECTION_TEXTS.items():
        picked = [(h, r) for h, r in zip(article.honours, rows) if h.status == status]
        if picked:
            total = sum(h.total for h, _ in picked if h.covered_by < 0)
            sections.append(HonourSection(status, heading, anchor, note, tuple(r for _, r in picked), total))
    return tuple(sections)


def related(plan: Plan, article: Article, limit: int = 4) -> tuple[ArticleCard, ...]:
    """The articles sharing the most awardees, campaigns, units and tags; newest first among equals."""
    return plan.views.cards(related_sources(article.source, plan.related_index, limit))


def page_work(plan: Plan, touching: frozenset[str] | None) -> Iterator[Work]:
    """Stand-alone pages; for a text edit, only the edited ones."""
    pages = [p for p in plan.site.pages if touching is None or p.source in touching]

    def make(p):
        url = plan.urls.page(p.slug)
        body = plan.views.body(p.body_html)
        yield plan.job(url, "page.html", plan.meta(p.title, url, p.summary, "page", plan.crumbs()),
                       plan.origin(p.source), body=body, extra=p.extra, search_aliases=dd_aliases(p.title, body))

    return each(pages, make)


ARTICLE_PAGES = Family("articles", frozenset({BODIES, ARTICLES, HONOURS, REGISTRY}), article_work)
STANDALONE_PAGES = Family("pages", frozenset({BODIES, PAGES}), page_work)
