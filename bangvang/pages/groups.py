"""Units and campaigns: one family driven by a table of the two kinds of group.

A group has a page (its articles, paginated, with a preview of its honour roll on the first page), an
Atom feed, open data and, when its roll is longer than the preview, roll pages of its own (rolls.py). The
index pages list every group: the unit tree, the campaigns with their counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from ..assemble import unit_lineage
from ..chart import honours_chart
from ..urls import Urls
from ..views import ENDED_LABELS, DataLinks, HonourRow, Link, UnitNode, Views, chunks, pager
from ..vnformat import format_date_long, format_number
from .plan import ARTICLES, HONOURS, REGISTRY, Family, Plan, Work, each, single


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
    ended: str = ""  # sap-nhap, giai-the or doi-ten for a historical unit
    own: tuple[HonourRow, ...] = ()  # honours the unit received itself (kind don-vi)
    predecessors: tuple["Predecessor", ...] = ()  # units merged into or renamed to this one


@dataclass(frozen=True, slots=True)
class Predecessor:
    """A unit merged into or renamed to the unit of the page: its link, how and when it ended, and the honours
    it received itself (its roll's honours are on the successor's roll, marked with its name)."""

    link: Link
    ended: str  # "đã sáp nhập", "đã đổi tên"
    until: str
    own: tuple[HonourRow, ...]


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


@dataclass(frozen=True)
class GroupKind:
    """What differs between units and campaigns; everything else about their pages is shared."""

    name: str  # the template name and context key: "unit" or "campaign"
    entries: Callable[[Any], dict]  # registry → {id: unit or campaign}, in registry order
    articles: Callable[[Any], dict]  # site → {id: article sources, newest first}
    honours: Callable[[Any], dict]  # site → {id: honours, roll order}
    places: Callable[[Any], dict]  # site → {id: the places of its honours in the site's roll}
    url: Callable[[Urls, str, int], str]
    roll_url: Callable[[Urls, str, int], str]
    feed_url: Callable[[Urls, str], str]
    data_url: Callable[[Urls, str, str], str]
    page_description: Callable[[Any], str]
    feed_subtitle: Callable[[Any], str]
    view: Callable[[Plan, str, Any, int, int], Any]  # (plan, id, entry, article count, honour total)
    crumbs: Callable[[Plan, str], tuple[Link, ...]]  # of the group's page
    link: Callable[[Views, str], Link]
    roll: Callable[[Views, Any], tuple]  # the roll preview's groups
    index: Callable[[Plan], Any]  # the index page's job


def unit_view(plan: Plan, unit_id: str, unit, article_count: int, honour_total: int) -> UnitView:
    views, site = plan.views, plan.site
    registry = site.registry
    predecessors = []
    for pid in registry.predecessors(unit_id):
        before = registry.units[pid]
        predecessors.append(Predecessor(views.unit_link(pid), ENDED_LABELS.get(before.ended, ""),
                                        format_date_long(before.until) if before.until else "",
                                        views.rows(site.unit_own.get(pid, ()))))
    return UnitView(unit.id, unit.name, unit.short, unit.description_html, unit.historical,
                    format_date_long(unit.until) if unit.until else "",
                    views.unit_link(unit.successor) if unit.successor else None,
                    views.unit_link(unit.parent) if unit.parent else None,
                    tuple(views._unit_node(c) for c in registry.children.get(unit_id, ())),
                    article_count, honour_total, unit.ended if unit.historical else "",
                    views.rows(site.unit_own.get(unit_id, ())), tuple(predecessors))


def campaign_view(plan: Plan, cid: str, campaign, article_count: int, honour_total: int) -> CampaignView:
    return CampaignView(cid, campaign.name, campaign.short, campaign.period.label if campaign.period else "",
                        plan.views.unit_link(campaign.launched_by) if campaign.launched_by else None,
                        campaign.description_html, article_count, honour_total)


def campaign_items(plan: Plan) -> tuple[CampaignItem, ...]:
    site = plan.site
    return tuple(CampaignItem(plan.views.campaign_link(cid), c.period.label if c.period else "",
                              len(site.campaign_articles[cid]), site.total(site.campaign_honours[cid]))
                 for cid, c in site.registry.campaigns.items())


def units_index(plan: Plan):
    urls = plan.urls
    return plan.job(urls.units(), "units.html",
                    plan.meta("Đơn vị", urls.units(), "Các cấp công đoàn, số bài viết và số lượt vinh danh.",
                              "units", plan.crumbs()), tree=plan.views.unit_tree())


def campaigns_index(plan: Plan):
    urls = plan.urls
    return plan.job(urls.campaigns(), "campaigns.html",
                    plan.meta("Phong trào thi đua", urls.campaigns(),
                              "Các phong trào thi đua và số lượt vinh danh.", "campaigns", plan.crumbs()),
                    campaigns=campaign_items(plan))


UNITS = GroupKind(
    "unit", lambda registry: registry.units, lambda site: site.unit_articles, lambda site: site.unit_honours,
    lambda site: site.unit_places, Urls.unit, Urls.unit_roll, Urls.unit_feed, Urls.unit_honours_data,
    lambda unit: f"Tin tức và bảng vàng của {unit.name}.", lambda unit: f"Tin mới của {unit.name}.",
    unit_view, lambda plan, uid: plan.views.breadcrumbs_for_unit(uid), Views.unit_link, Views.roll_by_year,
    units_index)
CAMPAIGNS = GroupKind(
    "campaign", lambda registry: registry.campaigns, lambda site: site.campaign_articles,
    lambda site: site.campaign_honours, lambda site: site.campaign_places, Urls.campaign, Urls.campaign_roll,
    Urls.campaign_feed, Urls.campaign_honours_data,
    lambda campaign: f"Phong trào thi đua “{campaign.name}”: tin tức và bảng vàng.",
    lambda campaign: f"Tin mới về phong trào “{campaign.name}”.",
    campaign_view, lambda plan, cid: plan.crumbs(Link("Phong trào", plan.urls.campaigns()), plan.views.campaign_link(cid)),
    Views.campaign_link,
    Views.roll_by_unit, campaigns_index)
GROUP_KINDS = (UNITS, CAMPAIGNS)


def downloads(kind: GroupKind, urls: Urls, gid: str) -> DataLinks:
    return DataLinks(kind.data_url(urls, gid, "csv"), kind.data_url(urls, gid, "json"))


def data_is_the_sites(site, kind: GroupKind, gid: str) -> bool:
    """Whether a group's open data would be the site's, row for row: the top unit of the registry, whose
    roll and proposed and planned honours are all of the site's. It has no files of its own (at N=10,000
    they repeated the site's 240 MB, remade on every edit of an honoured article); its page links the site's."""
    if kind is not UNITS or len(kind.honours(site)[gid]) != len(site.honours):
        return False
    lineage = site.unit_lineage or unit_lineage(site.registry)
    return all(gid in lineage[h.unit] for h in site.pending)


def roll_preview(plan: Plan, honours, url: str) -> Link | None:
    """A link to the full roll pages when a group's roll is longer than its page shows."""
    if len(honours) <= plan.site.config.roll_preview:
        return None
    return Link(f"Xem toàn bộ {format_number(len(honours))} dòng của bảng vàng", url)


def work(plan: Plan, touching: frozenset[str] | None) -> Iterator[Work]:
    for kind in GROUP_KINDS:
        yield single(lambda kind=kind: kind.index(plan))
        yield from each(kind.entries(plan.site.registry).items(), lambda item, kind=kind: group_pages(plan, kind, *item))


def group_pages(plan: Plan, kind: GroupKind, gid: str, entry) -> Iterator:
    site, views, urls = plan.site, plan.views, plan.urls
    sources = kind.articles(site)[gid]
    honours = kind.honours(site)[gid]
    pages = chunks(sources, plan.per_page)
    total, chart, facets, roll_newest = plan.by_shape((kind.name, gid), lambda: (
        site.total(honours), honours_chart(((h.period.end, n) for h, n in site.weights(honours)), name=entry.name),
        plan.facets(honours), plan.newest_source(h.article for h in honours)))
    view = kind.view(plan, gid, entry, len(sources), total)
    whole_site = kind is UNITS and len(honours) == len(site.honours)  # the top unit: its roll is the site's
    preview = roll_preview(plan, honours, urls.honours() if whole_site else kind.roll_url(urls, gid, 1))
    roll = kind.roll(views, honours[:site.config.roll_preview])
    feeds = (Link(f"{entry.name}: tin mới", kind.feed_url(urls, gid)),)
    data = plan.site_downloads() if data_is_the_sites(site, kind, gid) else downloads(kind, urls, gid)
    crumbs = kind.crumbs(plan, gid)
    for n, chunk in enumerate(pages, 1):
        url = kind.url(urls, gid, n)
        first = n == 1
        page = plan.meta(entry.name if first else f"{entry.name} – trang {n}", url, kind.page_description(entry),
                         kind.name, crumbs, pager(len(pages), n, lambda k: kind.url(urls, gid, k)), feeds=feeds,
                         modified=plan.newest((*chunk, roll_newest if first else None)), crumb="" if first else f"Trang {n}")
        yield plan.job(url, f"{kind.name}.html", page, **{kind.name: view}, articles=views.cards(chunk),
                       roll=roll if first else (), roll_more=preview if first else None, feed=feeds[0].url,
                       downloads=data, chart=chart if first else None, facets=facets if first else ())


FAMILY = Family("groups", frozenset({ARTICLES, HONOURS, REGISTRY}), work)
