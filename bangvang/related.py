"""Related articles: the ones sharing the most with an article (awardees, campaigns, units, tags), newest
first among equals. Pure: plain sources and feature keys in, sources out.

A feature is a string "a:<awardee>", "c:<campaign>", "u:<unit>" or "t:<tag>". Shared awardees weigh most
(the same people), then campaigns and units, then tags. Work per article is bounded whatever the site's
size: candidates are every member of the article's smallest feature lists (up to CANDIDATE_BUDGET, which
is where the rare overlaps are: the same person, a small tag) plus the newest NEWEST members of each
list; each candidate is then scored on all its features.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Iterable, Mapping

WEIGHTS = {"a": 3, "c": 2, "u": 2, "t": 1}
CANDIDATE_BUDGET = 32
NEWEST = 8


@dataclass(frozen=True)
class RelatedIndex:
    members: Mapping[str, tuple[str, ...]]  # feature → sources having it, newest first
    features: Mapping[str, frozenset[str]]  # source → its features
    rank: Mapping[str, int]  # source → position, newest first


def build_index(articles: Iterable[tuple[str, Iterable[str]]]) -> RelatedIndex:
    """The index of (source, features) pairs given newest first."""
    members: dict[str, list[str]] = {}
    features: dict[str, frozenset[str]] = {}
    rank: dict[str, int] = {}
    for position, (source, feats) in enumerate(articles):
        own = frozenset(feats)
        features[source], rank[source] = own, position
        for feature in own:
            members.setdefault(feature, []).append(source)
    return RelatedIndex({k: tuple(v) for k, v in members.items()}, features, rank)


def score(a: frozenset[str], b: frozenset[str]) -> int:
    return sum(WEIGHTS[f[0]] for f in a & b)


def _weights(own: frozenset[str]) -> dict[str, int]:
    return {f: WEIGHTS[f[0]] for f in own}


def related(source: str, index: RelatedIndex, limit: int = 4) -> tuple[str, ...]:
    """Up to `limit` sources sharing something with `source`: most shared first, then newest."""
    own = index.features.get(source, frozenset())
    lists = sorted((index.members[f] for f in own), key=len)
    candidates: set[str] = set()
    budget = CANDIDATE_BUDGET
    for members in lists:
        if len(members) <= budget:
            candidates.update(members)
            budget -= len(members)
        else:
            candidates.update(members[:NEWEST + 1])
    candidates.discard(source)
    rank, features, weight = index.rank, index.features, _weights(own)
    best = heapq.nsmallest(limit, candidates,
                           key=lambda s: (-sum(map(weight.__getitem__, own & features[s])), rank[s]))
    return tuple(best)


def article_features(units: Iterable[str], campaigns: Iterable[str], awardees: Iterable[str],
                     tags: Iterable[str]) -> tuple[str, ...]:
    return (*(f"u:{u}" for u in units), *(f"c:{c}" for c in campaigns), *(f"a:{a}" for a in awardees),
            *(f"t:{t}" for t in tags))


def index_site(site) -> RelatedIndex:
    """The index of an assembled Site (assemble.Site): direct units, campaigns, awardees, tags."""
    def features(article):
        awardees = {site.awardee_of[(h.article, h.index)] for h in article.honours
                    if (h.article, h.index) in site.awardee_of}
        tags = (slug for slug, _ in site.article_tags.get(article.source, ()))
        return article_features(article.units, article.campaigns, sorted(awardees), tags)

    return build_index((a.source, features(a)) for a in site.articles)
