"""Tag pages: the list of tags and each tag's articles (paginated)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..views import Link, chunks, pager
from .plan import ARTICLES, Family, Plan, Work, each, single


@dataclass(frozen=True, slots=True)
class TagItem:
    link: Link
    count: int


def work(plan: Plan, touching: frozenset[str] | None) -> Iterator[Work]:
    site, views, urls = plan.site, plan.views, plan.urls

    def index():
        items = tuple(TagItem(Link(t.name, urls.tag(slug)), len(t.articles)) for slug, t in site.tags.items())
        return plan.job(urls.tags(), "tags.html", plan.meta("Chủ đề", urls.tags(), "Các chủ đề bài viết.", "tags",
                                                            plan.crumbs()), tags=items)

    def tag_pages(item):
        slug, tag = item
        pages = chunks(tag.articles, plan.per_page)
        for n, chunk in enumerate(pages, 1):
            url = urls.tag(slug, n)
            page = plan.meta(f"Chủ đề: {tag.name}" + (f" – trang {n}" if n > 1 else ""), url,
                             f"Bài viết về {tag.name}.", "tag", plan.crumbs(Link("Chủ đề", urls.tags())),
                             pager(len(pages), n, lambda k: urls.tag(slug, k)), modified=plan.newest(chunk),
                             crumb=tag.name + (f" – trang {n}" if n > 1 else ""))
            yield plan.job(url, "tag.html", page, tag=Link(tag.name, urls.tag(slug)), articles=views.cards(chunk))

    yield single(index)
    yield from each(site.tags.items(), tag_pages)


FAMILY = Family("tags", frozenset({ARTICLES}), work)
