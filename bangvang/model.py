"""The content model: frozen dataclasses, no I/O, no Jinja.

Relationships run one way and by id: an Honour names its award, unit and campaign ids; the Site
holds the lookups. Templates receive these objects (or views built from them), never raw YAML.

Each field list is written once, in the class. What else needs the fields (pickling, the shared texts,
the digest of an article's metadata) is derived from dataclasses.fields() once per class, and told
about a field by its metadata (SHARED, BODY), so a new field cannot be left out of any of them.
"""

from __future__ import annotations

import functools
import sys
import zlib

from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

from .text import fold

INDIVIDUAL = "ca-nhan"
COLLECTIVE = "tap-the"
HOUSEHOLD = "ho-gia-dinh"
UNIT_AWARDEE = "don-vi"  # a registered unit honoured itself: a collective whose name is a units.yaml reference
KINDS = (INDIVIDUAL, COLLECTIVE, HOUSEHOLD, UNIT_AWARDEE)
FOR_KINDS = (INDIVIDUAL, COLLECTIVE, HOUSEHOLD)  # what an award's `for` names; don-vi counts as tap-the
COLLECTIVE_KINDS = frozenset({COLLECTIVE, UNIT_AWARDEE})
UNSPLIT = "tong"  # a counted total not split by kind ("201 tập thể, cá nhân")
COUNT_KINDS = (COLLECTIVE, INDIVIDUAL, HOUSEHOLD, UNSPLIT)
KIND_LABELS = MappingProxyType({INDIVIDUAL: "cá nhân", COLLECTIVE: "tập thể", HOUSEHOLD: "hộ gia đình",
                                UNIT_AWARDEE: "đơn vị", UNSPLIT: "tập thể, cá nhân"})

GRANTED = "da-trao"
PROPOSED = "de-nghi"
PLANNED = "du-kien"
STATUSES = (GRANTED, PROPOSED, PLANNED)
STATUS_LABELS = MappingProxyType({GRANTED: "đã trao", PROPOSED: "đề nghị", PLANNED: "dự kiến"})

# Contest placings, highest first; any other text ranks after them.
PRIZES = ("Giải Đặc biệt", "Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích")
UNIT_ENDINGS = ("sap-nhap", "giai-the", "doi-ten")


_PRIZE_KEYS = {key: rank for rank, known in enumerate(PRIZES, start=1)
               for key in (fold(known), fold(known).removeprefix("giai "))}


@functools.lru_cache(maxsize=1024)
def prize_rank(prize: str) -> int:
    """0 for no placing; then the placings in PRIZES order; other text last. Case and accents are not
    compared: editors type "nhat" or "GIẢI NHÌ" for a placing, and no other text folds to one."""
    if not prize:
        return 0
    return _PRIZE_KEYS.get(fold(prize), len(PRIZES) + 1)


def roll_section(kind: str) -> int:
    """Official lists print collectives, then individuals, then households."""
    return 0 if kind in COLLECTIVE_KINDS else 2 if kind == HOUSEHOLD else 1

# Called with the source of every article or page text read while pages/plan.Reads records (None otherwise).
text_reader: Callable[[str], None] | None = None

# Field metadata. SHARED: a text, or a tuple of texts, that many objects repeat (ids, names, positions):
# objects made by `compact` (parsing, unpickling) keep one copy of each. BODY: follows from the body text
# of an article or page (its bytes' digest too): `meta_digest` leaves it out.
SHARED = MappingProxyType({"shared": True})
BODY = MappingProxyType({"body": True})


class PerClass(dict):
    """class → make(class), worked out on first use: per-class field tuples cost nothing per object."""

    def __init__(self, make: Callable[[type], Any]):
        super().__init__()
        self.make = make

    def __missing__(self, cls: type) -> Any:
        value = self[cls] = self.make(cls)
        return value


def _compiled(params: str, body: str, names: Mapping[str, Any]) -> Callable:
    """A function written out from a class's field names, as dataclasses writes __init__ and __eq__: plain
    attribute loads, which the interpreter specialises for slots, run three times as fast as attrgetter's."""
    return eval(f"lambda {params}: {body}", dict(names))  # the names are a dataclass's own identifiers


def _getter(names: Iterable[str]) -> Callable[[Any], tuple]:
    return _compiled("obj", "(" + "".join(f"obj.{name}, " for name in names) + ")", {})


def _maker(cls: type) -> Callable[..., Any]:
    params = [f"v{i}" for i in range(len(fields(cls)))]
    args = [f"shared({v})" if f.metadata.get("shared") else v for v, f in zip(params, fields(cls))]
    # the trailing fields with a plain default may be left out, as the class's own __init__ allows
    defaults: dict[str, Any] = {}
    for i, f in reversed(list(enumerate(fields(cls)))):
        if f.default is MISSING:
            break
        defaults[f"d{i}"] = f.default
    written = [f"{v}=d{i}" if f"d{i}" in defaults else v for i, v in enumerate(params)]
    return _compiled(", ".join(written), f"cls({', '.join(args)})", {"cls": cls, "shared": _shared, **defaults})


# class → function giving an instance's field values as a tuple, in field order (astuple without its deep copy)
field_values: PerClass = PerClass(lambda cls: _getter(f.name for f in fields(cls)))
# class → function giving the values of its fields but the BODY ones
_meta_values: PerClass = PerClass(lambda cls: _getter(f.name for f in fields(cls) if not f.metadata.get("body")))
_makers: PerClass = PerClass(_maker)  # class → function making an instance from its field values (see compact)


class Fields:
    """Pickled as `compact(class, *field values)`: made again with its shared texts shared."""

    __slots__ = ()

    def __reduce__(self):
        cls = type(self)
        return compact, (cls, *field_values[cls](self))


@dataclass(frozen=True, slots=True)
class Reference(Fields):
    """An internal link or image in a body, as written and as resolved against content/."""

    written: str
    target: str  # content-relative path ("tin-tuc/2021/bai.md"), "@/path" for site paths, "" if outside
    fragment: str
    is_image: bool
    line: int = 0


@dataclass(frozen=True, slots=True)
class Period(Fields):
    start: int
    end: int

    def __reduce__(self):  # one object per distinct period
        return shared_period, field_values[Period](self)

    @property
    def label(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"

    @property
    def slug(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Unit(Fields):
    id: str
    name: str
    short: str
    aliases: tuple[str, ...]
    parent: str | None  # the line of direct leadership (breadcrumbs, the unit tree)
    until: date | None
    successor: str | None
    description_html: str
    line: int
    parents: tuple[str, ...] = ()  # every line of leadership, the direct one first
    ended: str = ""  # how a unit with `until` ended: sap-nhap, giai-the or doi-ten

    @property
    def label(self) -> str:
        return self.short or self.name

    @property
    def historical(self) -> bool:
        return self.until is not None


@dataclass(frozen=True, slots=True)
class Campaign(Fields):
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
class Award(Fields):
    id: str
    name: str
    kind: str  # "danh-hieu" or "khen-thuong"
    aliases: tuple[str, ...]
    for_kinds: frozenset[str]
    rank: int
    line: int


@dataclass(frozen=True, slots=True)
class Honour(Fields):
    """One line of an honour roll: a named awardee, or a counted group (`counts`)."""

    article: str = field(metadata=SHARED)  # Article.source
    index: int  # position in the article's awardees list: the printed order
    award: str = field(metadata=SHARED)
    kind: str = field(metadata=SHARED)
    name: str = field(metadata=SHARED)
    counts: tuple[tuple[str, int], ...]
    period: Period
    unit: str = field(metadata=SHARED)
    campaign: str | None = field(metadata=SHARED)
    awarded_by_unit: str | None = field(metadata=SHARED)
    awarded_by_text: str = field(metadata=SHARED)
    position: str = field(metadata=SHARED)
    achievement: str = field(metadata=SHARED)
    person_id: str = field(metadata=SHARED)
    line: int
    status: str = field(default=GRANTED, metadata=SHARED)
    # joint issuers after the first: (unit id, "") or ("", text)
    more_issuers: tuple[tuple[str, str], ...] = ()
    presented_by: str = field(default="", metadata=SHARED)
    decision: str = field(default="", metadata=SHARED)
    decision_date: date | None = None
    achieved: Period | None = None  # the period of the achievement, when it is not the year of the award
    prize: str = field(default="", metadata=SHARED)
    edition: str = field(default="", metadata=SHARED)
    category: str = field(default="", metadata=SHARED)
    organisation: str = field(default="", metadata=SHARED)
    honorific: str = field(default="", metadata=SHARED)
    posthumous: bool = False
    includes_named: bool = False  # a counted line whose number includes named entries of its article
    covered_by: int = -1  # a named entry inside a counted line of its article: that line's index
    awardee_unit: str = field(default="", metadata=SHARED)  # kind don-vi: the registered unit honoured

    @property
    def is_counted(self) -> bool:
        return bool(self.counts)

    @property
    def achieved_period(self) -> Period | None:
        """The period of the achievement: `period`, or a period written in `year` as version 1 allows
        (year: "2015-2020" means the award of 2020 for 2015-2020, as year: 2020, period: 2015-2020 does)."""
        return self.achieved or (self.period if self.period.start != self.period.end else None)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts) if self.counts else 1

    @property
    def granted(self) -> bool:
        return self.status == GRANTED

    @property
    def issuers(self) -> tuple[tuple[str, str], ...]:
        """Every issuer in the order written: (unit id, "") for a registered unit, ("", text) otherwise."""
        first = ((self.awarded_by_unit or "", self.awarded_by_text),) if (
            self.awarded_by_unit or self.awarded_by_text) else ()
        return first + self.more_issuers


@dataclass(frozen=True, slots=True)
class Article(Fields):
    source: str = field(metadata=SHARED)  # content-relative path, the article's identity
    slug: str
    title: str
    date: datetime
    units: tuple[str, ...] = field(metadata=SHARED)
    campaigns: tuple[str, ...] = field(metadata=SHARED)
    summary: str
    author: str = field(metadata=SHARED)
    image: str = field(metadata=SHARED)  # content-relative asset path or ""
    image_caption: str = field(metadata=SHARED)
    image_credit: str = field(metadata=SHARED)
    tags: tuple[str, ...] = field(metadata=SHARED)
    draft: bool
    body_z: bytes = field(metadata=BODY)  # sanitised HTML, zlib-compressed (see body_html)
    honours: tuple[Honour, ...]
    extra: Mapping[str, object] = field(default_factory=dict)
    digest: str = field(default="", metadata=BODY)  # of the file's bytes
    references: tuple[Reference, ...] = ()

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def body_html(self) -> str:
        if text_reader is not None:
            text_reader(self.source)
        return zlib.decompress(self.body_z).decode("utf-8")

    @property
    def meta_digest(self) -> tuple:
        """Every field but the BODY ones: equal for two versions of an article means only its text changed."""
        return _meta_values[Article](self)


@dataclass(frozen=True, slots=True)
class StandalonePage(Fields):
    source: str
    slug: str
    title: str
    summary: str
    body_z: bytes = field(metadata=BODY)
    digest: str = field(default="", metadata=BODY)
    references: tuple[Reference, ...] = ()
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def body_html(self) -> str:
        if text_reader is not None:
            text_reader(self.source)
        return zlib.decompress(self.body_z).decode("utf-8")

    @property
    def meta_digest(self) -> tuple:
        """Every field but the BODY ones: equal for two versions of a page means only its text changed."""
        return _meta_values[StandalonePage](self)


@dataclass(frozen=True, slots=True)
class Tag(Fields):
    slug: str
    name: str
    articles: tuple[str, ...]  # Article.source, newest first


@dataclass(frozen=True, slots=True)
class Awardee(Fields):
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


def _shared(value):
    return sys.intern(value) if type(value) is str else tuple(map(_text, value)) if type(value) is tuple else value


def compact(cls: type, *values):
    """An instance of `cls` from its field values in field order, its SHARED fields' texts shared."""
    return _makers[cls](*values)


@functools.lru_cache(maxsize=4096)
def shared_period(*values) -> Period:
    return Period(*values)
