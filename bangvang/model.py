"""The content model: frozen dataclasses, no I/O, no Jinja.

Relationships run one way and by id: an Honour names its award, unit and campaign ids; the Site
holds the lookups. Templates receive these objects (or views built from them), never raw YAML.
"""

from __future__ import annotations

import functools
import sys
import zlib

from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Mapping

INDIVIDUAL = "ca-nhan"
COLLECTIVE = "tap-the"
KINDS = (INDIVIDUAL, COLLECTIVE)
KIND_LABELS = MappingProxyType({INDIVIDUAL: "cá nhân", COLLECTIVE: "tập thể"})


@dataclass(frozen=True, slots=True)
class Reference:
    """An internal link or image in a body, as written and as resolved against content/."""

    written: str
    target: str  # content-relative path ("tin-tuc/2021/bai.md"), "@/path" for site paths, "" if outside
    fragment: str
    is_image: bool
    line: int = 0


@dataclass(frozen=True, slots=True)
class Period:
    start: int
    end: int

    def __reduce__(self):
        return shared_period, (self.start, self.end)

    @property
    def label(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"

    @property
    def slug(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    name: str
    short: str
    aliases: tuple[str, ...]
    parent: str | None
    until: date | None
    successor: str | None
    description_html: str
    line: int

    @property
    def label(self) -> str:
        return self.short or self.name

    @property
    def historical(self) -> bool:
        return self.until is not None


@dataclass(frozen=True, slots=True)
class Campaign:
    id: str
    name: str
    short: str
    aliases: tuple[str, ...]
    launched_by: str | None
    period: Period | None
    description_html: str
    line: int

    @property
    def label(self) -> str:
        return self.short or self.name


@dataclass(frozen=True, slots=True)
class Award:
    id: str
    name: str
    kind: str  # "danh-hieu" or "khen-thuong"
    aliases: tuple[str, ...]
    for_kinds: frozenset[str]
    rank: int
    line: int


@dataclass(frozen=True, slots=True)
class Honour:
    """One line of an honour roll: a named awardee, or a counted group (`counts`)."""

    article: str  # Article.source
    index: int  # position in the article's awardees list: the printed order
    award: str
    kind: str
    name: str
    counts: tuple[tuple[str, int], ...]
    period: Period
    unit: str
    campaign: str | None
    awarded_by_unit: str | None
    awarded_by_text: str
    position: str
    achievement: str
    person_id: str
    line: int

    def __reduce__(self):
        return compact_honour, (self.article, self.index, self.award, self.kind, self.name, self.counts, self.period,
                         self.unit, self.campaign, self.awarded_by_unit, self.awarded_by_text, self.position,
                         self.achievement, self.person_id, self.line)

    @property
    def is_counted(self) -> bool:
        return bool(self.counts)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts) if self.counts else 1


@dataclass(frozen=True, slots=True)
class Article:
    source: str  # content-relative path, the article's identity
    slug: str
    title: str
    date: datetime
    units: tuple[str, ...]
    campaigns: tuple[str, ...]
    summary: str
    author: str
    image: str  # content-relative asset path or ""
    image_caption: str
    image_credit: str
    tags: tuple[str, ...]
    draft: bool
    body_z: bytes  # sanitised HTML, zlib-compressed (see body_html)
    honours: tuple[Honour, ...]
    extra: Mapping[str, object] = field(default_factory=dict)
    digest: str = ""
    references: tuple[Reference, ...] = ()

    def __reduce__(self):
        return _article, (self.source, self.slug, self.title, self.date, self.units, self.campaigns, self.summary,
                          self.author, self.image, self.image_caption, self.image_credit, self.tags, self.draft,
                          self.body_z, self.honours, self.extra, self.digest, self.references)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def body_html(self) -> str:
        return zlib.decompress(self.body_z).decode("utf-8")

    @property
    def meta_digest(self) -> tuple:
        """Everything but the body: equal for two versions of an article means only its text changed."""
        return (self.source, self.slug, self.title, self.date, self.units, self.campaigns, self.summary, self.author,
                self.image, self.image_caption, self.image_credit, self.tags, self.draft, self.honours,
                tuple(sorted(self.extra.items(), key=lambda kv: kv[0])) if self.extra else (), self.references)


@dataclass(frozen=True, slots=True)
class StandalonePage:
    source: str
    slug: str
    title: str
    summary: str
    body_z: bytes
    digest: str = ""
    references: tuple[Reference, ...] = ()
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def body_html(self) -> str:
        return zlib.decompress(self.body_z).decode("utf-8")


@dataclass(frozen=True, slots=True)
class Tag:
    slug: str
    name: str
    articles: tuple[str, ...]  # Article.source, newest first


@dataclass(frozen=True, slots=True)
class Awardee:
    """A person or collective, gathered across articles (same id, or same name and unit)."""

    key: str
    slug: str
    name: str
    kind: str
    unit: str
    honours: tuple[Honour, ...]  # newest first


# Articles and honours are made in parsing workers and reach the main process pickled (as they do from the
# stored cache): one copy of each repeated text (names, positions, units, authors) and of each period, instead of one
# per honour, halves the memory a large site takes. The same values, only shared.
def _text(value):
    return sys.intern(value) if type(value) is str else value


@functools.lru_cache(maxsize=4096)
def shared_period(start: int, end: int) -> Period:
    return Period(start, end)


def compact_honour(article, index, award, kind, name, counts, period, unit, campaign, awarded_by_unit, awarded_by_text,
            position, achievement, person_id, line) -> Honour:
    return Honour(_text(article), index, _text(award), _text(kind), _text(name), counts, period, _text(unit),
                  _text(campaign), _text(awarded_by_unit), _text(awarded_by_text), _text(position),
                  _text(achievement), _text(person_id), line)


def _article(source, slug, title, date, units, campaigns, summary, author, image, image_caption, image_credit, tags,
             draft, body_z, honours, extra, digest, references) -> Article:
    return Article(_text(source), slug, title, date, tuple(map(_text, units)), tuple(map(_text, campaigns)), summary,
                   _text(author), _text(image), _text(image_caption), _text(image_credit), tuple(map(_text, tags)),
                   draft, body_z, honours, extra, digest, references)
