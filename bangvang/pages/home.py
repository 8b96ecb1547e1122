"""The home page: the latest articles (paginated), and on its first page the latest honours and the campaigns."""

from __future__ import annotations

from itertools import islice
from typing import Iterator

from ..views import chunks, pager
from .groups import campaign_items
from .plan import ARTICLES, HONOURS, REGISTRY, Family, Plan, Work

LATEST_HONOURS = 8


def work(plan: Plan, touching: frozenset[str] | None) -> Iterator[Work]:
    site, views, urls = plan.site, plan.views, plan.urls
    pages = chunks([a.source for a in site.articles], plan.per_page)

    def make(n: int, chunk):
        url = urls.home(n)
        title = site.config.title if n == 1 else f"{site.config.title} – trang {n}"
        page = plan.meta(title, url, site.config.description, "home",
                         pager_=pager(len(pages), n, urls.home), modified=plan.newest(chunk))
        first = n == 1
        latest = tuple(views.row(h) for h in islice((h for h in site.honours if not h.is_counted), LATEST_HONOURS)
                       ) if first else ()
        yield plan.job(url, "index.html", page, articles=views.cards(chunk),
                       honours=latest, campaigns=campaign_items(plan) if first else (),
                       downloads=plan.site_downloads(), archive=urls.archive())

    for n, chunk in enumerate(pages, 1):
        yield lambda n=n, chunk=chunk: make(n, chunk)


FAMILY = Family("home", frozenset({ARTICLES, HONOURS, REGISTRY}), work)
