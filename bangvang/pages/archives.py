"""Article archives: every published article, newest first (/tin-tuc/), and each year's (/tin-tuc/2021/),
paginated."""

from __future__ import annotations

from itertools import groupby
from typing import Iterator

from ..views import Link, chunks, pager
from .plan import ARTICLES, Family, Plan, Work, each


def work(plan: Plan, touching: frozenset[str] | None) -> Iterator[Work]:
    site, views, urls = plan.site, plan.views, plan.urls
    by_year = [(year, tuple(a.source for a in group))
               for year, group in groupby(site.articles, key=lambda a: a.date.year)]  # articles are newest first
    years = tuple(Link(str(year), urls.archive(year)) for year, _ in by_year)
    archives = [(0, tuple(a.source for a in site.articles))] + by_year

    def make(item):
        year, sources = item
        pages = chunks(sources, plan.per_page)
        heading = f"Tin bài năm {year}" if year else "Tất cả tin bài"
        crumbs = plan.crumbs(Link("Tin bài", urls.archive())) if year else plan.crumbs()
        for n, chunk in enumerate(pages, 1):
            url = urls.archive(year, n)
            page = plan.meta(heading if n == 1 else f"{heading} – trang {n}", url,
                             f"Các bài viết đã đăng{f' năm {year}' if year else ''}, mới nhất trước.", "archive",
                             crumbs, pager(len(pages), n, lambda k: urls.archive(year, k)), modified=plan.newest(chunk),
                             crumb=f"Năm {year}" + (f" – trang {n}" if n > 1 else "") if year else "")
            yield plan.job(url, "archive.html", page, heading=heading, year=year, years=years,
                           everything=urls.archive(), total=len(sources), articles=views.cards(chunk))

    return each(archives, make)


FAMILY = Family("archives", frozenset({ARTICLES}), work)
