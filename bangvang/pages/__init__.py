"""Every output of a site, family by family (one module per kind of page), and the driver that hands the
work to the build's workers.

A family (plan.Family) declares what it reads of the site and yields units of work; it neither knows nor
cares which process renders them. `shard_jobs` walks every family in the order of FAMILIES and keeps
every n-th unit for worker n of N, so each worker builds only its own pages' contexts and the split is
even. The order of the units must depend only on the site: every worker walks the same list.

Adding a kind of page: a module with a Family, listed in FAMILIES; its URLs in urls.py; its template.

Template contexts, by template (each page's context is plain view data, see views.py):
- every template: `site` (SiteInfo), `page` (PageMeta)
- index.html: `articles` (cards), `honours` (rows), `campaigns` (CampaignItem), `archive` (URL of /tin-tuc/)
- article.html: `article` (articles.ArticleView);  page.html: `body`, `extra`
- archive.html: `heading`, `year` (0 for every year), `years` (links), `everything` (URL), `total`, `articles`
- units.html: `tree`;  unit.html: `unit` (groups.UnitView), `articles`, `roll` (year groups, first page only)
- campaigns.html: `campaigns`;  campaign.html: `campaign` (groups.CampaignView), `articles`, `roll` (unit groups)
  (unit.html and campaign.html extend _partials/group.html, which reads `group`, set by them)
- roll.html: `roll` (year groups), `years` (links), `year`, `stats`, `heading`, `scope_units`, `scope_campaign`,
  `show_former`
- awardee.html: `awardee` (rolls.AwardeeView), `same_unit` (rolls.UnitPeers);  tags.html: `tags`;  tag.html: `tag`, `articles`;  404.html
- index.html, unit.html, campaign.html, roll.html also: `downloads` (DataLinks of the roll's open data);
  unit.html and campaign.html: `feed` (URL of their Atom feed), `roll_more` (link to the full roll or None)
- reader search (search.py, chart.py): roll.html `facets` (search.Facet, the filter form) and `roll_index`
  (URL of the JSON awardee index); unit.html and campaign.html `facets` and `chart` (chart.Chart or None,
  first page only); article.html and page.html `search_aliases` (đ→d forms for Pagefind); search.html
  `bundle` (URL of pagefind.js), `bundles`, `roll_index` (names found beside articles) and `filters`
  (machine.SearchFilter)
Machine-readable outputs (context `site` plus): feed.xml: `feed` (FeedView); sitemap.xml: `entries`
(SitemapEntry, sorted); sitemap-index.xml: `parts` (absolute URLs); robots.txt: `sitemap` (absolute
URL); serializers "csv" and "json" (exports.py): `data` (HonourData); serializer "roll-index"
(search.awardee_index): `rows` (every HonourRow, roll order).
"""

from __future__ import annotations

from typing import Iterator

from ..assemble import Site
from ..views import SitemapEntry
from . import archives, articles, groups, home, machine, rolls, tags
from .plan import BODIES, Family, Job, PageJob, Plan, StreamJob

FAMILIES: tuple[Family, ...] = (
    home.FAMILY, articles.ARTICLE_PAGES, articles.STANDALONE_PAGES, archives.FAMILY, groups.FAMILY, rolls.ROLLS,
    rolls.AWARDEES, tags.FAMILY, machine.SEARCH, machine.NOT_FOUND, machine.FEEDS, machine.OPEN_DATA,
    rolls.AWARDEE_INDEX,
)


class UnitLog:
    """What a walk of the families records for the dependency index (deps.DepIndex): how many units each
    family has, and for each unit walked, (its number, its URLs, the keys it read, its sitemap entries,
    the keys each of its pages read). A page's keys are those read from the moment the page before it was
    rendered to the moment it was: what the unit's work did in between to make it, and its rendering. The
    first page's keys also hold what the work read before making any page. Recorded only for a unit of
    two pages or more, all of them PageJobs (else ())."""

    def __init__(self) -> None:
        self.counts: tuple[tuple[str, int], ...] = ()
        self.units: list[tuple[int, tuple[str, ...], set[int], tuple[SitemapEntry, ...], tuple[set[int], ...]]] = []
        self.streams: set[int] = set()  # the units whose jobs are StreamJobs


def walk_units(plan: Plan) -> Iterator[tuple[int, Family, Work]]:
    """Every unit of work of every family, numbered in walk order (the same for every worker)."""
    turn = 0
    for family in FAMILIES:
        for work in family.work(plan, None):
            yield turn, family, work
            turn += 1


def run_unit(plan: Plan, family: Family, work: Work, entries: list[SitemapEntry],
             log: UnitLog | None = None, turn: int = 0) -> Iterator[Job]:
    """The jobs of one unit, each rendered by the caller before the next is made; with a log, what the
    unit reads while its jobs are made and rendered (a stream job reads its rows as it is rendered)."""
    if log is None:
        for job in work():
            if family.in_sitemap:
                page = job.context["page"]
                entries.append(SitemapEntry(page.canonical, page.modified))
            yield job
        return
    own: list[SitemapEntry] = []
    urls: list[str] = []
    pages: list[set[int]] = []
    keys: set[int] = set()
    reads = plan.reads
    reads.start()
    try:
        for job in work():
            if family.in_sitemap:
                page = job.context["page"]
                own.append(SitemapEntry(page.canonical, page.modified))
            if isinstance(job, StreamJob):
                log.streams.add(turn)
                urls.extend(job.urls)
            else:
                urls.append(job.url)
            yield job
            read = reads.take()  # made and rendered: what this page read
            keys |= read
            pages.append(read)
    finally:
        keys |= reads.stop()
    entries += own
    per_page = tuple(pages) if len(pages) > 1 and turn not in log.streams else ()
    log.units.append((turn, tuple(urls), keys, tuple(own), per_page))


def shard_jobs(plan: Plan, entries: list[SitemapEntry], shard: int = 0, shards: int = 1,
               log: UnitLog | None = None) -> Iterator[Job]:
    """Worker `shard`'s share of every family's work; collects the sitemap entries of its HTML pages (and,
    given a log, what each of its units read)."""
    walked = []
    for turn, family, work in walk_units(plan):
        walked.append(family)
        if turn % shards == shard:
            yield from run_unit(plan, family, work, entries, log, turn)
    if log is not None:
        log.counts = family_counts(walked)


def family_counts(families: list[Family]) -> tuple[tuple[str, int], ...]:
    """(family name, units) in FAMILIES order, given the family of each unit walked."""
    counts = dict.fromkeys((family.name for family in FAMILIES), 0)
    for family in families:
        counts[family.name] += 1
    return tuple(counts.items())


def closing_jobs(plan: Plan, entries: list[SitemapEntry]) -> Iterator[PageJob]:
    """The outputs made from every worker's pages: the sitemap and robots.txt."""
    return machine.closing_jobs(plan, entries)


def all_jobs(site: Site) -> Iterator[Job]:
    """Every output in one process, each data file as a job of its own (check, tools and tests)."""
    plan = Plan(site, streamed=False)
    entries: list[SitemapEntry] = []
    yield from shard_jobs(plan, entries)
    yield from closing_jobs(plan, entries)


def text_edit_jobs(site: Site, touching: frozenset[str]) -> Iterator[Job]:
    """The outputs an edit of these articles' or stand-alone pages' texts alone can change: the work of
    every family that reads BODIES, narrowed to what those texts reach."""
    plan = Plan(site)
    for family in FAMILIES:
        if BODIES in family.reads:
            for work in family.work(plan, touching):
                yield from work()


def search_pages(site: Site) -> list[str]:
    return machine.search_pages(Plan(site))


__all__ = ["FAMILIES", "Family", "Job", "PageJob", "Plan", "StreamJob", "UnitLog", "all_jobs", "closing_jobs", "family_counts",
           "run_unit", "search_pages", "shard_jobs", "text_edit_jobs", "walk_units"]
