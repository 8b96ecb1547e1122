"""Published articles + registries → the Site: orderings, roll-ups, honour rolls, awardees, tags.

Pure and deterministic: every list handed on is sorted with an explicit key.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, Sequence

from .config import SiteConfig
from .errors import Problem
from .model import (COLLECTIVE_KINDS, PRIZES, UNIT_AWARDEE, Article, Awardee, Honour, Reference, StandalonePage, Tag,
                    prize_rank, roll_section)
from .registry import Registry
from .text import collective_key, person_key, ref_key, slugify, vi_key
from .urls import Urls

if TYPE_CHECKING:
    from .imaging import ImageInfo


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    registry: Registry
    urls: Urls
    articles: tuple[Article, ...]  # newest first
    pages: tuple[StandalonePage, ...]
    by_source: Mapping[str, Article]
    unit_articles: Mapping[str, tuple[str, ...]]  # unit and its sub-units, newest first
    campaign_articles: Mapping[str, tuple[str, ...]]
    honours: tuple[Honour, ...]  # roll order
    unit_honours: Mapping[str, tuple[Honour, ...]]  # unit and its sub-units, roll order
    campaign_honours: Mapping[str, tuple[Honour, ...]]
    awardees: Mapping[str, Awardee]  # slug → awardee, in roll-name order
    awardee_of: Mapping[tuple[str, int], str]  # (article source, index) → awardee slug
    tags: Mapping[str, Tag]  # slug → tag, alphabetical
    article_tags: Mapping[str, tuple[tuple[str, str], ...]]  # source → ((slug, name), ...)
    assets: tuple[str, ...]  # content-relative paths of published files
    link_targets: Mapping[str, str]  # content path of a page or asset → URL
    honour_total: int = 0  # honours counted (a counted line stands for many)
    # unit (sub-units included) / campaign → the places of its honours in `honours`, in roll order
    unit_places: Mapping[str, Sequence[int]] = field(default_factory=dict)
    campaign_places: Mapping[str, Sequence[int]] = field(default_factory=dict)
    # unit → the units whose rolls list its honours: itself, every unit above it by any line, its successors
    unit_lineage: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # content path of a photo pages use → its processed files (bangvang/photos.py, after assembly)
    images: Mapping[str, ImageInfo] = field(default_factory=dict)
    share_card: ImageInfo | None = None  # og:image of a page without a photo of its own (photos.prepare_share_card)
    pending: tuple[Honour, ...] = ()  # proposed and planned honours (never in rolls or totals), roll order
    unit_own: Mapping[str, tuple[Honour, ...]] = field(default_factory=dict)  # don-vi awardee unit → its honours
    # one honour reported by several articles: (source, index) of the honour kept → every report, first first
    reports: Mapping[tuple[str, int], tuple[tuple[str, int], ...]] = field(default_factory=dict)
    merged_into: Mapping[tuple[str, int], tuple[str, int]] = field(default_factory=dict)  # report → honour kept
    # a named entry inside an `includes_named` line: (source, index) → the kept line's (source, index)
    cover_of: Mapping[tuple[str, int], tuple[str, int]] = field(default_factory=dict)

    def article(self, source: str) -> Article:
        return self.by_source[source]

    def weights(self, honours: Iterable[Honour]) -> Iterator[tuple[Honour, int]]:
        """Each honour with what it adds to a total of exactly these honours: a named entry whose
        `includes_named` line is among them adds nothing (the line's number holds it)."""
        honours = honours if isinstance(honours, (tuple, list)) else tuple(honours)
        cover_of = self.cover_of
        lines = {(h.article, h.index) for h in honours if h.includes_named} if cover_of else ()
        for h in honours:
            line = cover_of.get((h.article, h.index)) if lines else None
            yield h, 0 if line is not None and line in lines else h.total

    def total(self, honours: Iterable[Honour]) -> int:
        """Honours counted (a counted line stands for its number; one award counts once)."""
        return sum(n for _, n in self.weights(honours))

    def report_sources(self, honour: Honour) -> tuple[str, ...]:
        """The articles that report this honour, the first report first."""
        reports = self.reports.get((honour.article, honour.index))
        return tuple(dict.fromkeys(src for src, _ in reports)) if reports else (honour.article,)

    def years(self) -> tuple[int, ...]:
        """Years that have honours, newest first (a period counts for its last year)."""
        return tuple(sorted({h.period.end for h in self.honours}, reverse=True))


def article_order(article: Article) -> tuple:
    return (-article.date.timestamp(), vi_key(article.title), article.source)


def honour_order(honour: Honour, article_dates: Mapping[str, float], rank: Mapping[str, int],
                 name_keys: dict | None = None) -> tuple:
    """Year (newest first), award rank, placing, then collectives, individuals, households and the counted
    lines, each in Vietnamese name order (people by given name), then source order.
    name_keys: a memo of name sort keys shared by the calls of one assembly."""
    if honour.is_counted:
        name = (3, b"")
    else:
        name = (roll_section(honour.kind), _name_key(honour, {} if name_keys is None else name_keys))
    # a counted line without a placing follows every placing of its award (its number holds them all)
    placing = prize_rank(honour.prize) if honour.prize or not honour.is_counted else len(PRIZES) + 2
    return (-honour.period.end, -honour.period.start, rank[honour.award], placing, honour.prize,
            name, -article_dates[honour.article], honour.article, honour.index)


def make_site(config: SiteConfig, registry: Registry, articles: Iterable[Article],
              pages: Iterable[StandalonePage], assets: Iterable[str]) -> tuple[Site, list[Problem]]:
    """Assemble everything published; returns problems for links, images and URL collisions."""
    urls = Urls(config)
    ordered = tuple(sorted(articles, key=article_order))
    pages = tuple(sorted(pages, key=lambda p: (vi_key(p.title), p.source)))
    by_source = MappingProxyType({a.source: a for a in ordered})
    dates = {a.source: a.date.timestamp() for a in ordered}
    rank = {award_id: award.rank for award_id, award in registry.awards.items()}
    # Names repeat (615,000 awardees share 79,000 names at 100,000 articles) and a collation key is dear:
    # each is made once here, where text.py's bounded caches would be swept over and over.
    name_keys: dict[tuple[bool, str], bytes] = {}

    def roll(honours: Iterable[Honour]) -> tuple[Honour, ...]:
        return tuple(sorted(honours, key=lambda h: honour_order(h, dates, rank, name_keys)))

    reported = roll(h for a in ordered for h in a.honours)
    granted = tuple(h for h in reported if h.granted)
    pending = tuple(h for h in reported if not h.granted)
    identities = _awardee_keys(granted)
    kept, reports, merged_into = _merge_reports(granted, identities, dates)
    all_honours = roll(kept) if reports else granted  # a merge may fill a placing in: sort again
    cover_of = _covers(all_honours, merged_into)
    lineage = unit_lineage(registry)
    unit_articles, unit_honours = _unit_rollups(registry, ordered, all_honours)
    unit_places = _unit_places(lineage, all_honours)
    campaign_articles: dict[str, list[str]] = {c: [] for c in registry.campaigns}
    for article in ordered:
        for campaign in article.campaigns:
            campaign_articles[campaign].append(article.source)
    campaign_honours: dict[str, list[Honour]] = {c: [] for c in registry.campaigns}
    campaign_places: dict[str, array] = {c: array("L") for c in registry.campaigns}
    for place, honour in enumerate(all_honours):
        if honour.campaign:
            campaign_honours[honour.campaign].append(honour)
            campaign_places[honour.campaign].append(place)
    awardees, awardee_of = _gather_awardees(all_honours, identities, dates, registry, name_keys, reports)
    for report, kept_as in merged_into.items():
        if kept_as in awardee_of:
            awardee_of[report] = awardee_of[kept_as]
    unit_own: dict[str, list[Honour]] = {}
    for h in all_honours:
        if h.kind == UNIT_AWARDEE:
            unit_own.setdefault(h.awardee_unit, []).append(h)
    tags, article_tags = _gather_tags(ordered)
    asset_list = tuple(sorted(assets))
    link_targets = {a.source: urls.article(a.slug) for a in ordered}
    link_targets.update({p.source: urls.page(p.slug) for p in pages})
    link_targets.update({rel: urls.asset(rel) for rel in asset_list})
    site = Site(
        config, registry, urls, ordered, pages, by_source,
        MappingProxyType(unit_articles), _freeze(campaign_articles),
        all_honours, MappingProxyType(unit_honours), _freeze(campaign_honours),
        MappingProxyType(awardees), MappingProxyType(awardee_of), MappingProxyType(tags),
        MappingProxyType(article_tags), asset_list, MappingProxyType(link_targets),
        0, MappingProxyType(unit_places), MappingProxyType(campaign_places),
        MappingProxyType(lineage), pending=pending, unit_own=_freeze(unit_own), reports=MappingProxyType(reports),
        merged_into=MappingProxyType(merged_into), cover_of=MappingProxyType(cover_of))
    site = replace(site, honour_total=site.total(all_honours))
    return site, site_problems(site)


def site_problems(site: Site) -> list[Problem]:
    """Links and images that do not resolve, and URL collisions."""
    return _check_references(site) + _check_collisions(site)


def _freeze(groups: dict[str, list]) -> Mapping[str, tuple]:
    return MappingProxyType({k: tuple(v) for k, v in groups.items()})


def unit_lineage(registry: Registry) -> dict[str, tuple[str, ...]]:
    """Each unit with the units whose rolls include its honours (every line above it, its successors)."""
    return {u: registry.roll_owners(u) for u in registry.units}


def _unit_rollups(registry: Registry, articles: tuple[Article, ...], honours: tuple[Honour, ...]):
    """Each unit's articles (its sub-units' by any line included) and honours (also its predecessors'),
    in the order given; each once however many lines lead to it."""
    above = {u: (u,) + registry.above(u) for u in registry.units}
    owners = unit_lineage(registry)
    unit_articles: dict[str, list[str]] = {u: [] for u in registry.units}
    for article in articles:
        seen: set[str] = set()
        for unit in article.units:
            for up in above[unit]:
                if up not in seen:
                    seen.add(up)
                    unit_articles[up].append(article.source)
    unit_honours: dict[str, list[Honour]] = {u: [] for u in registry.units}
    for honour in honours:
        for up in owners[honour.unit]:
            unit_honours[up].append(honour)
    return ({k: tuple(v) for k, v in unit_articles.items()}, {k: tuple(v) for k, v in unit_honours.items()})


def _unit_places(lineage: Mapping[str, tuple[str, ...]], honours: tuple[Honour, ...]) -> dict[str, array]:
    """Each unit's honours (its sub-units' and predecessors' included) as their places in `honours`."""
    places: dict[str, array] = {u: array("L") for u in lineage}
    for place, honour in enumerate(honours):
        for up in lineage[honour.unit]:
            places[up].append(place)
    return places


def _identity(honour: Honour, ref_keys: dict[str, str]) -> str:
    key = ref_keys.get(honour.name)
    if key is None:
        key = ref_keys[honour.name] = ref_key(honour.name)
    return f"{honour.kind}|{key}|{honour.unit}"


def _awardee_keys(honours: tuple[Honour, ...]) -> dict[tuple[str, int], str]:
    """(source, index) of each named honour → who received it: "id:<id>" when an `id` is given or claims
    the name (same name and unit), "unit:<id>" for a registered unit, else kind, name and unit."""
    ref_keys: dict[str, str] = {}
    named = [(h, _identity(h, ref_keys)) for h in honours if not h.is_counted and h.kind != UNIT_AWARDEE]
    ids_for_identity: dict[str, set[str]] = {}
    for h, identity in named:
        if h.person_id:
            ids_for_identity.setdefault(identity, set()).add(h.person_id)
    keys: dict[tuple[str, int], str] = {}
    for h, identity in named:
        if h.person_id:
            key = "id:" + h.person_id
        else:
            claimed = ids_for_identity.get(identity, set())
            key = "id:" + next(iter(claimed)) if len(claimed) == 1 else identity
        keys[h.article, h.index] = key
    for h in honours:
        if h.kind == UNIT_AWARDEE and not h.is_counted:
            keys[h.article, h.index] = "unit:" + h.awardee_unit
    return keys


# Fields a later report of an honour can add when the first report left them out.
_FILLED = ("position", "achievement", "presented_by", "decision", "decision_date", "achieved", "prize", "edition",
           "category", "organisation", "honorific", "campaign")


def _merge_reports(honours: tuple[Honour, ...], identities: Mapping[tuple[str, int], str],
                   dates: Mapping[str, float]):
    """One honour reported by several articles becomes one: same awardee (or, for counted lines, the same
    unit and numbers), award, year and issuers, never two different decision numbers, at most one report
    per article. Returns the honours kept (the first report, or the one an `includes_named` line covers,
    with what the others add), the reports of each kept honour, and report → kept honour."""
    clusters: dict[tuple, list[Honour]] = {}
    for h in honours:
        who = ("counted", h.unit, h.counts, h.prize, h.category) if h.is_counted else identities[h.article, h.index]
        clusters.setdefault((who, h.award, h.period.end, h.issuers), []).append(h)
    kept: list[Honour] = []
    reports: dict[tuple[str, int], tuple[tuple[str, int], ...]] = {}
    merged_into: dict[tuple[str, int], tuple[str, int]] = {}
    for members in clusters.values():
        if len(members) == 1:
            kept.append(members[0])
            continue
        members.sort(key=lambda h: (dates[h.article], h.article, h.index))  # first report first
        for group in _report_groups(members):
            if len(group) == 1:
                kept.append(group[0])
                continue
            main = next((h for h in group if h.covered_by >= 0), group[0])
            additions = {}
            for name in _FILLED:
                if not getattr(main, name):
                    value = next((getattr(h, name) for h in group if getattr(h, name)), None)
                    if value:
                        additions[name] = value
            if main.achieved_period is None:  # a period another report wrote in `year` (version 1)
                period = next((h.achieved_period for h in group if h.achieved_period), None)
                if period:
                    additions["achieved"] = period
            if any(h.posthumous for h in group) and not main.posthumous:
                additions["posthumous"] = True
            kept.append(replace(main, **additions) if additions else main)
            key = (main.article, main.index)
            reports[key] = tuple((h.article, h.index) for h in group)
            for h in group:
                if h is not main:
                    merged_into[h.article, h.index] = key
    return kept, reports, merged_into


def _report_groups(members: list[Honour]) -> list[list[Honour]]:
    """Reports of one honour (one award year): a different decision number, placing or period of the
    achievement is a different honour; reports without one join the only one given (with two given they stay
    apart); one article reports an honour once."""
    decisions = list(dict.fromkeys(_decision_key(h.decision) for h in members if h.decision))
    prizes = list(dict.fromkeys(h.prize for h in members if h.prize))
    periods = list(dict.fromkeys(h.achieved_period for h in members if h.achieved_period))
    groups: list[list[Honour]] = []
    by_decision: dict[tuple, list[list[Honour]]] = {}
    for h in members:
        decision = _decision_key(h.decision) if h.decision else (decisions[0] if len(decisions) == 1 else "")
        prize = h.prize or (prizes[0] if len(prizes) == 1 else "")
        period = h.achieved_period or (periods[0] if len(periods) == 1 else None)
        buckets = by_decision.setdefault((decision, prize, period), [])
        target = next((b for b in buckets if all(m.article != h.article for m in b)), None)
        if target is None:
            target = []
            buckets.append(target)
            groups.append(target)
        target.append(h)
    return groups


def _decision_key(decision: str) -> str:
    return "".join(ref_key(decision).split())


def _covers(honours: tuple[Honour, ...], merged_into: Mapping[tuple[str, int], tuple[str, int]]):
    """Named entry → the kept `includes_named` line holding it (a line merged into another's report counts
    as that one)."""
    out: dict[tuple[str, int], tuple[str, int]] = {}
    for h in honours:
        if h.covered_by >= 0:
            line = (h.article, h.covered_by)
            out[h.article, h.index] = merged_into.get(line, line)
    return out


def _gather_awardees(honours: tuple[Honour, ...], identities: Mapping[tuple[str, int], str],
                     dates: Mapping[str, float], registry: Registry, name_keys: dict | None = None,
                     reports: Mapping[tuple[str, int], tuple[tuple[str, int], ...]] | None = None):
    """Group named honours by person: same `id`, or same name and unit (an id claims its name too).
    A registered unit honoured itself (don-vi) has its unit page instead."""
    name_keys = {} if name_keys is None else name_keys
    groups: dict[str, list[Honour]] = {}
    for h in honours:
        if not h.is_counted and h.kind != UNIT_AWARDEE:
            groups.setdefault(identities[h.article, h.index], []).append(h)
    slugs = _awardee_slugs(groups, dates, registry, reports)
    awardees: dict[str, Awardee] = {}
    awardee_of: dict[tuple[str, int], str] = {}
    for key in sorted(groups, key=lambda k: (_name_key(groups[k][0], name_keys), slugs[k])):
        members = tuple(groups[key])  # already in roll order: newest first
        first = members[0]
        slug = slugs[key]
        awardees[slug] = Awardee(key, slug, first.name, first.kind, first.unit, members)
        for h in members:
            awardee_of[(h.article, h.index)] = slug
    return awardees, awardee_of


def _name_key(honour: Honour, memo: dict) -> bytes:
    collective = honour.kind in COLLECTIVE_KINDS
    key = memo.get((collective, honour.name))
    if key is None:
        key = memo[collective, honour.name] = collective_key(honour.name) if collective else person_key(honour.name)
    return key


def _awardee_slugs(groups: dict[str, list[Honour]], dates: Mapping[str, float], registry: Registry,
                   reports: Mapping[tuple[str, int], tuple[tuple[str, int], ...]] | None = None) -> dict[str, str]:
    """An `id` is the slug; otherwise the name's slug, kept by the namesake whose first granted honour was
    published first; a later namesake gets its unit's short name added. Content added later never moves an
    address: its awardees come after every existing one here."""
    reports = reports or {}

    def first_report(key: str) -> tuple:
        # every report of a merged honour: a later article that becomes the report kept (a summary whose
        # number holds the honour) must not make the awardee newer than it is
        return min((dates[article], article, index) for h in groups[key]
                   for article, index in reports.get((h.article, h.index), ((h.article, h.index),)))

    out: dict[str, str] = {}
    used: set[str] = set()
    ids = sorted(k for k in groups if k.startswith("id:"))
    for key in ids:
        out[key] = key[3:]
        used.add(key[3:])
    for key in sorted((k for k in groups if not k.startswith("id:")), key=lambda k: (first_report(k), k)):
        member = groups[key][0]
        base = slugify(member.name) or "khong-ten"
        slug = base
        if slug in used:
            unit = registry.units[member.unit]
            slug = f"{base}-{slugify(unit.short) or unit.id}"
        candidate, n = slug, 2
        while candidate in used:
            candidate, n = f"{slug}-{n}", n + 1
        used.add(candidate)
        out[key] = candidate
    return out


def _gather_tags(articles: tuple[Article, ...]):
    names: dict[str, dict[str, int]] = {}
    members: dict[str, list[str]] = {}
    article_tags: dict[str, tuple[tuple[str, str], ...]] = {}
    for article in articles:
        pairs = []
        for tag in article.tags:
            slug = slugify(tag)
            if not slug:
                continue
            names.setdefault(slug, {}).setdefault(tag, 0)
            names[slug][tag] += 1
            if article.source not in members.setdefault(slug, []):
                members[slug].append(article.source)
            pairs.append(slug)
        article_tags[article.source] = tuple(dict.fromkeys(pairs))
    display = {slug: min(variants, key=lambda v: (-variants[v], vi_key(v))) for slug, variants in names.items()}
    tags = {slug: Tag(slug, display[slug], tuple(members[slug]))
            for slug in sorted(display, key=lambda s: (vi_key(display[s]), s))}
    article_tags = {src: tuple((s, display[s]) for s in slugs) for src, slugs in article_tags.items()}
    return tags, article_tags


def _check_references(site: Site) -> list[Problem]:
    """Images and links to other .md files or files next to the article must exist and be published."""
    problems: list[Problem] = []
    lower_assets = {a.lower(): a for a in site.assets}
    for item in (*site.articles, *site.pages):
        display = _display(site, item.source)
        for ref in item.references:
            problems += _check_reference(site, display, ref, lower_assets)
    return problems


def _check_reference(site: Site, display: str, ref: Reference, lower_assets: Mapping[str, str],
                     field: str | None = None) -> list[Problem]:
    target = ref.target
    if target.startswith("@"):
        return []  # a site-absolute link: checked on the built site by `check`
    if not target:
        return [Problem(display, ref.line or None, f"Liên kết “{ref.written}” trỏ ra ngoài thư mục nội dung.",
                        field=field, hint="Chỉ liên kết tới bài viết hoặc tệp trong content/.", code="link")]
    if target in site.link_targets:
        return []
    if target.endswith(".md"):
        return [Problem(display, ref.line or None, f"Liên kết tới bài “{ref.written}” không tồn tại "
                        "hoặc chưa xuất bản (bản nháp, hẹn giờ).", field=field,
                        hint="Kiểm tra tên tệp và thư mục; đường dẫn tính từ thư mục của bài này.", code="link")]
    wrong_case = lower_assets.get(target.lower())
    if wrong_case:
        return [Problem(display, ref.line or None, f"Tệp “{ref.written}” khác chữ hoa/thường với tệp có thật "
                        f"“{wrong_case}”.", field=field,
                        hint="Máy chủ web phân biệt chữ hoa và chữ thường; sửa cho khớp tên tệp.", code="case")]
    noun = "Ảnh" if ref.is_image or field == "image" else "Tệp"
    return [Problem(display, ref.line or None, f"{noun} “{ref.written}” không có trong thư mục nội dung.",
                    field=field, hint="Đặt tệp cạnh bài viết và kiểm tra lại tên tệp.", code="missing-file")]


def _check_collisions(site: Site) -> list[Problem]:
    """Two pages that would write the same URL (also differing only in case) are an error."""
    owners: dict[str, list[str]] = {}
    urls = site.urls
    for article in site.articles:
        owners.setdefault(urls.article(article.slug).lower(), []).append(_display(site, article.source))
    for page in site.pages:
        owners.setdefault(urls.page(page.slug).lower(), []).append(_display(site, page.source))
    reserved = {urls.units(): "trang đơn vị", urls.campaigns(): "trang phong trào", urls.honours(): "bảng vàng",
                urls.tags(): "trang chủ đề", urls.search(): "trang tìm kiếm",
                urls.site(f"{site.config.prefixes.awardees}/"): "trang vinh danh",
                urls.site(f"{site.config.prefixes.articles}/"): "thư mục tin tức",
                urls.site("theme/"): "thư mục giao diện"}
    for url, what in reserved.items():
        if url.lower() in owners:
            owners[url.lower()].append(f"({what})")
    problems = []
    for url, sources in owners.items():
        if len(sources) > 1:
            problems.append(Problem(sources[0], None, f"Hai trang cùng ghi ra địa chỉ {url}: " + ", ".join(sources) + ".",
                                    hint="Đặt đường dẫn khác nhau cho các bài này (thêm dòng slug: ten-khac vào "
                                         "phần đầu một bài).", code="collision"))
    return problems


def _display(site: Site, source: str) -> str:
    return site.config.content_prefix + source
