"""Seeded generator of a synthetic Bảng Vàng site, written three ways from one data set.

    python bench/generate.py --articles N --seed S --out DIR [--photos [WxH]]

writes DIR/ours/ (our content format, shared/CONTENT_FORMAT.md), DIR/hugo/ (a Hugo site with
layouts of our own, copied from bench/hugo_layouts/), DIR/hugo-same/ (the same Hugo site doing the
work ours does: also a term page per awardee and per honour year) and DIR/pelican/ (a Pelican site
with the default theme). The data set is built once in memory; the writers only format it. Same N and
seed give byte-identical trees. Standard library only, except --photos: one camera-sized JPEG per
article of ours/ (its `image:`, made with Pillow, EXIF and GPS included), for bench/photos.py.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import random
import re
import shutil
import string
import struct
import sys
import time
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable, Iterator, Sequence, Union

if __package__ in (None, ""):  # run as a script: make the repo root importable for `bench.textbank`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import textbank as tb  # noqa: E402

SITE_TITLE = "Bảng Vàng Công đoàn (dữ liệu thử)"
BASE_URL = "https://bangvang.example/"
FIRST_DAY = datetime(2016, 1, 1)
DAYS = (date(2025, 12, 31) - date(2016, 1, 1)).days + 1
DISSOLVED_ON = "2025-06-30"  # district federations were wound up with the 2025 two-tier reform
LAYOUTS_DIR = Path(__file__).resolve().parent / "hugo_layouts"
HREF = "\x00href\x00"  # placeholder for an internal link target; each writer substitutes its own form

# --- small text helpers -------------------------------------------------------------------------


def vi_slug(text: str) -> str:
    """ASCII slug: strip tones and vowel marks, đ -> d, runs of anything else -> '-'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")


def vi_number(n: int) -> str:
    """Vietnamese digit grouping: 12.345."""
    return f"{n:,}".replace(",", ".")


_WORD = re.compile(r"[^\s]*[^\W_][^\s]*")


def word_count(text: str) -> int:
    """Words a reader sees: whitespace tokens with a letter or digit (drops '##', '-')."""
    return len(_WORD.findall(text))


_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f\u0085\u2028\u2029]')


def q(text: str) -> str:
    """A YAML double-quoted scalar. JSON strings are valid YAML and escape what must be escaped."""
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False)


_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}


def yaml_plain(text: str, flow: bool = False) -> str:
    """Write `text` unquoted when YAML would read it back as the same string, quoted otherwise."""
    risky = (
        not text
        or text[0] in "-?:,[]{}#&*!|>'\"%@` "
        or text[-1] in ": "
        or ": " in text
        or " #" in text
        or text.lower() in _YAML_WORDS
        or re.fullmatch(r"[-+0-9.:_eE]+", text) is not None
        or (flow and any(c in text for c in ",[]{}"))
    )
    return q(text) if risky else text


def template_fields(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


Template = tuple[str, tuple[str, ...]]


def compile_all(templates: Sequence[str]) -> tuple[Template, ...]:
    return tuple((t, template_fields(t)) for t in templates)


# --- the data set -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    female: bool
    position: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    name: str
    short: str
    parent: str | None
    level: int
    place: str  # how prose names its area: "tỉnh Thanh Hóa", "huyện Thường Tín"
    bare_place: str  # "Thanh Hóa", "Thường Tín"
    province: str | None  # id part of its province ("thanh-hoa"); None for the root
    weight: int
    leader: Person
    aliases: tuple[str, ...] = ()
    until: str | None = None
    successor: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Campaign:
    id: str
    name: str
    short: str
    launched_by: str
    period: str
    first_year: int
    last_year: int
    scope: str  # province id part, or "" for everywhere
    weight: int


@dataclass(frozen=True, slots=True)
class Award:
    id: str
    name: str
    kind: str
    for_: str  # "ca-nhan", "tap-the" or "" for both
    w_person: float
    w_collective: float
    issuer: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NamedHonour:
    name: str
    collective: bool
    award: str  # award id
    award_ref: str  # as an editor wrote it: id, name or alias
    awarded_by: str | None  # unit id, or free text when awarded_by_unit is False
    awarded_by_unit: bool
    year: str | None  # None: the article's year
    unit: str | None
    campaign: str | None
    position: str | None
    achievement: str | None
    person_id: str | None
    write_kind: bool  # ca-nhan is the default; editors write it only sometimes


@dataclass(frozen=True, slots=True)
class CountedHonour:
    tap_the: int
    ca_nhan: int
    award: str
    award_ref: str
    awarded_by: str | None
    awarded_by_unit: bool
    year: str | None


Honour = Union[NamedHonour, CountedHonour]


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Para:
    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    intro: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Image:
    caption: str
    year: int


@dataclass(frozen=True, slots=True)
class LinkPara:
    text: str  # contains HREF once
    target: int  # index of the linked article


Block = Union[Heading, Para, Bullets, Image, LinkPara]


@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    slug_explicit: bool
    title: str
    when: datetime
    units: tuple[str, ...]
    unit_refs: tuple[str, ...]
    campaigns: tuple[str, ...]
    summary: str | None
    author: str
    tags: tuple[str, ...]
    awardees: tuple[Honour, ...]
    body: tuple[Block, ...]

    @property
    def year(self) -> int:
        return self.when.year


@dataclass(frozen=True, slots=True)
class DataSet:
    seed: int
    units: tuple[Unit, ...]
    campaigns: tuple[Campaign, ...]
    awards: tuple[Award, ...]
    articles: tuple[Article, ...]
    unit_by_ref: dict[str, Unit]  # id and short name -> unit (awarded_by may use either)
    campaign_by_id: dict[str, Campaign]
    award_by_id: dict[str, Award]

    def unit(self, unit_id: str) -> Unit:
        return self.unit_by_ref[unit_id]

    def award(self, award_id: str) -> Award:
        return self.award_by_id[award_id]

    def campaign(self, campaign_id: str) -> Campaign:
        return self.campaign_by_id[campaign_id]

# --- people and names ---------------------------------------------------------------------------

_FAMILY_CUM = tuple(sum(w for _, w in tb.FAMILY_NAMES[: i + 1]) for i in range(len(tb.FAMILY_NAMES)))
_FAMILIES = tuple(name for name, _ in tb.FAMILY_NAMES)


def person_name(rng: random.Random, female: bool | None = None) -> tuple[str, bool]:
    if female is None:
        female = rng.random() < 0.45
    family = rng.choices(_FAMILIES, cum_weights=_FAMILY_CUM)[0]
    middle = rng.choice(tb.MIDDLE_NAMES_FEMALE if female else tb.MIDDLE_NAMES_MALE)
    given = rng.choice(tb.GIVEN_NAMES_FEMALE if female else tb.GIVEN_NAMES_MALE)
    return f"{family} {middle} {given}", female


def enterprise(rng: random.Random) -> str:
    return f"{rng.choice(tb.COMPANY_FORMS)} {rng.choice(tb.COMPANY_TRADES)} {rng.choice(tb.COMPANY_BRANDS)}"


def numbered(rng: random.Random, pattern: str) -> str:
    return pattern.format(n=rng.randint(1, 12))


def initiative(rng: random.Random) -> str:
    verb = rng.choice(tb.INITIATIVE_VERBS)
    return f"{verb} {rng.choice(tb.INITIATIVE_OBJECTS)} nhằm {rng.choice(tb.INITIATIVE_GOALS)}"


def money(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return f"{rng.randint(50, 950)} triệu đồng"
    if roll < 0.75:
        return f"{rng.randint(1, 25)} tỷ đồng"
    return f"{rng.randint(1, 40)},{rng.randint(1, 9)} tỷ đồng"


def worker_ref(rng: random.Random, female: bool | None = None) -> str:
    name, is_female = person_name(rng, female)
    return f"{'chị' if is_female else 'anh'} {name}"


# Slots a template may use that change on every use. Each takes the article's rng.
RANDOM_SLOTS: dict[str, Callable[[random.Random], str]] = {
    "n_tiny": lambda r: str(r.randint(2, 9)),
    "n_small": lambda r: str(r.randint(3, 45)),
    "n_small2": lambda r: str(r.randint(5, 60)),
    "n_mid": lambda r: str(r.randint(40, 950)),
    "n_big": lambda r: vi_number(r.randint(1000, 48000)),
    "pct": lambda r: str(r.randint(62, 99)),
    "meal": lambda r: str(r.randint(22, 45)),
    "money": money,
    "enterprise": enterprise,
    "initiative": initiative,
    "worker_ref": worker_ref,
    "worker_f_ref": lambda r: worker_ref(r, female=True),
    "school": lambda r: f"{r.choice(tb.SCHOOL_KINDS)} {r.choice(tb.SCHOOL_NAMES)}",
    "team": lambda r: numbered(r, r.choice(tb.TEAMS)),
    "department": lambda r: numbered(r, r.choice(tb.DEPARTMENTS)),
    "agency": lambda r: r.choice(tb.AGENCIES),
    "ward": lambda r: r.choice(tb.HOSPITAL_WARDS),
    "photo": lambda r: r.choice(tb.PHOTO_CREDITS),
}


def fill(rng: random.Random, template: Template, fixed: dict[str, str]) -> str:
    text, fields = template
    values = {f: fixed[f] if f in fixed else RANDOM_SLOTS[f](rng) for f in fields}
    return text.format(**values)


def sentence(rng: random.Random, template: Template, fixed: dict[str, str]) -> str:
    """A filled template as a sentence: slots like {awardee_ref} ("đồng chí …") may open it."""
    text = fill(rng, template, fixed)
    return text[:1].upper() + text[1:]


def position_text(rng: random.Random, place: dict[str, str]) -> str:
    return fill(rng, rng.choice(_POSITIONS), place)


def collective_name(rng: random.Random, place: dict[str, str]) -> str:
    return fill(rng, rng.choice(_COLLECTIVES), place)


_POSITIONS = compile_all(tb.POSITION_PATTERNS)
_COLLECTIVES = compile_all(tb.COLLECTIVE_PATTERNS)
_ACHIEVEMENTS = compile_all(tb.ACHIEVEMENT_PATTERNS)

# --- registries ---------------------------------------------------------------------------------


def place_slots(unit: Unit, province_label: str) -> dict[str, str]:
    """Slots for workplace names: a hospital takes the local name, a Sở the province's."""
    return {"bare_place": unit.bare_place, "province": province_label}


def province_label(rng: random.Random, by_id: dict[str, Unit], unit: Unit) -> str:
    if unit.province is None:  # the root: its people work somewhere in one of the provinces
        return rng.choice(tb.PROVINCES)[1]
    return by_id[f"ldld-{unit.province}"].place


def make_leader(rng: random.Random, short: str, used_ids: set[str]) -> Person:
    name, female = person_name(rng)
    person_id = unique_id(f"{vi_slug(name)}-{vi_slug(short)}", used_ids)
    return Person(name, female, f"Chủ tịch {short}", person_id)


def unique_id(base: str, used: set[str]) -> str:
    candidate, k = base, 2
    while candidate in used:
        candidate, k = f"{base}-{k}", k + 1
    used.add(candidate)
    return candidate


def build_units(rng: random.Random, person_ids: set[str]) -> tuple[Unit, ...]:
    root_short = "Tổng LĐLĐ Việt Nam"
    units = [Unit(
        id="tong-ldld-vn", name="Tổng Liên đoàn Lao động Việt Nam", short=root_short, parent=None,
        level=1, place="cả nước", bare_place="Việt Nam", province=None, weight=2,
        leader=make_leader(rng, root_short, person_ids), aliases=("Tổng LĐLĐ VN", "TLĐ"),
        description="Tổ chức chính trị - xã hội của giai cấp công nhân và người lao động Việt Nam.",
    )]
    for prov_id, label, bare, subunits in tb.PROVINCES:
        units.append(province_unit(rng, prov_id, label, bare, person_ids))
        units.extend(sub_unit(rng, prov_id, label, bare, kind, place, person_ids) for kind, place in subunits)
    return tuple(units)


def province_unit(rng: random.Random, prov_id: str, label: str, bare: str, person_ids: set[str]) -> Unit:
    short = f"LĐLĐ {label}"
    aliases = (f"LĐLĐ {bare}",) + (("LĐLĐ TP Hà Nội",) if prov_id == "ha-noi" else ())
    return Unit(
        id=f"ldld-{prov_id}", name=f"Liên đoàn Lao động {label}", short=short, parent="tong-ldld-vn",
        level=2, place=label, bare_place=bare, province=prov_id, weight=6,
        leader=make_leader(rng, short, person_ids), aliases=aliases,
        description=f"Lãnh đạo các cấp công đoàn trên địa bàn {label}." if rng.random() < 0.5 else None,
    )


def sub_unit(rng: random.Random, prov_id: str, label: str, bare: str, kind: str, place: str,
             person_ids: set[str]) -> Unit:
    parent = f"ldld-{prov_id}"
    if kind == "huyen":
        bare_place = place.split(" ", 1)[1].removeprefix("xã ").removeprefix("phố ")
        short = f"LĐLĐ {place}"
        return Unit(
            id=f"ldld-{vi_slug(bare_place)}", name=f"Liên đoàn Lao động {place}", short=short,
            parent=parent, level=3, place=place, bare_place=bare_place, province=prov_id, weight=4,
            leader=make_leader(rng, short, person_ids), until=DISSOLVED_ON, successor=parent,
        )
    prefix, name_pattern, short_pattern = tb.SECTOR_UNITS[kind]
    short = short_pattern.format(label=label)
    dissolved = kind == "vc" and prov_id in ("thanh-hoa", "bac-ninh")
    return Unit(
        id=f"{prefix}-{prov_id}", name=name_pattern.format(label=label), short=short, parent=parent,
        level=3, place=label, bare_place=bare, province=prov_id, weight=4,
        leader=make_leader(rng, short, person_ids),
        until=DISSOLVED_ON if dissolved else None, successor=parent if dissolved else None,
    )


def build_campaigns() -> tuple[Campaign, ...]:
    campaigns = []
    for cid, name, short, launched_by, period, scope, weight in tb.CAMPAIGNS:
        first, last = (int(y) for y in period.split("-")) if period else (2000, 2100)
        launcher = launched_by or "tong-ldld-vn"
        campaigns.append(Campaign(cid, name, short, launcher, period, first, last, scope, weight))
    return tuple(campaigns)


def build_awards() -> tuple[Award, ...]:
    return tuple(
        Award(aid, name, kind, for_, wp, wc, issuer, tb.AWARD_ALIASES.get(aid, ()))
        for aid, name, kind, for_, wp, wc, issuer in tb.AWARDS
    )


def build_recurring(rng: random.Random, units: Sequence[Unit], n_articles: int,
                    person_ids: set[str]) -> dict[str, tuple[Person, ...]]:
    """People who are honoured again and again, with a stable id, a few per unit."""
    per_unit = max(3, n_articles // (len(units) * 6))
    by_id = {u.id: u for u in units}
    pools: dict[str, tuple[Person, ...]] = {}
    for unit in units:
        people = []
        for _ in range(per_unit):
            name, female = person_name(rng)
            pid = unique_id(f"{vi_slug(name)}-{unit.id.split('-', 1)[1]}", person_ids)
            slots = place_slots(unit, province_label(rng, by_id, unit))
            people.append(Person(name, female, position_text(rng, slots), pid))
        pools[unit.id] = tuple(people)
    return pools


# --- articles -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Registry:
    """What article generation needs to look up, precomputed once."""
    units: tuple[Unit, ...]
    by_id: dict[str, Unit]
    children: dict[str, tuple[str, ...]]
    campaigns: tuple[Campaign, ...]
    campaigns_by_id: dict[str, Campaign]
    awards: tuple[Award, ...]
    awards_by_id: dict[str, Award]
    person_awards: tuple[tuple[Award, ...], tuple[float, ...]]
    collective_awards: tuple[tuple[Award, ...], tuple[float, ...]]
    counted_awards: tuple[tuple[Award, ...], tuple[float, ...]]
    recurring: dict[str, tuple[Person, ...]]


def cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return tuple(out)


def make_registry(units: tuple[Unit, ...], campaigns: tuple[Campaign, ...], awards: tuple[Award, ...],
                  recurring: dict[str, tuple[Person, ...]]) -> Registry:
    def pick(weight: Callable[[Award], float]) -> tuple[tuple[Award, ...], tuple[float, ...]]:
        chosen = tuple(a for a in awards if weight(a) > 0)
        return chosen, cumulative([weight(a) for a in chosen])

    counted_ids = {"bang-khen": 5.0, "giay-khen": 4.0, "bang-khen-tong-ldld": 1.0}
    return Registry(
        units=units,
        by_id={u.id: u for u in units},
        children={u.id: tuple(c.id for c in units if c.parent == u.id) for u in units},
        campaigns=campaigns,
        campaigns_by_id={c.id: c for c in campaigns},
        awards=awards,
        awards_by_id={a.id: a for a in awards},
        person_awards=pick(lambda a: a.w_person),
        collective_awards=pick(lambda a: a.w_collective),
        counted_awards=pick(lambda a: counted_ids.get(a.id, 0.0)),
        recurring=recurring,
    )


def active(unit: Unit, day: date) -> bool:
    return unit.until is None or day.isoformat() <= unit.until


def random_dates(rng: random.Random, n: int) -> list[datetime]:
    stamps = [
        FIRST_DAY + timedelta(days=rng.randrange(DAYS), hours=rng.randint(6, 21), minutes=rng.randrange(60))
        for _ in range(n)
    ]
    return sorted(stamps)


def choose_units(rng: random.Random, reg: Registry, when: datetime,
                 cache: dict[bool, tuple[tuple[Unit, ...], tuple[float, ...]]]) -> tuple[str, ...]:
    after = when.date().isoformat() > DISSOLVED_ON
    if after not in cache:
        live = tuple(u for u in reg.units if active(u, when.date()))
        cache[after] = (live, cumulative([u.weight for u in live]))
    live, cum = cache[after]
    first = rng.choices(live, cum_weights=cum)[0]
    if rng.random() < 0.1 and first.parent is not None:
        return first.id, first.parent
    return (first.id,)


def unit_ref(rng: random.Random, unit: Unit) -> str:
    """Editors mostly write ids, sometimes the short or the full name."""
    roll = rng.random()
    if roll < 0.85:
        return unit.id
    return unit.short if roll < 0.95 else unit.name


def choose_campaigns(rng: random.Random, reg: Registry, unit: Unit, year: int) -> tuple[str, ...]:
    if rng.random() < 0.1:
        return ()
    open_ = [c for c in reg.campaigns
             if c.first_year <= year <= c.last_year and c.scope in ("", unit.province or "")]
    cum = cumulative([c.weight for c in open_])
    chosen: list[str] = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        cid = rng.choices(open_, cum_weights=cum)[0].id
        if cid not in chosen:
            chosen.append(cid)
    return tuple(chosen)


def award_ref(rng: random.Random, award: Award) -> str:
    roll = rng.random()
    if roll < 0.85:
        return award.id
    if roll < 0.97 or not award.aliases:
        return award.name
    return rng.choice(award.aliases)


def awarded_by(rng: random.Random, award: Award, unit: Unit, reg: Registry,
               collective: bool) -> tuple[str | None, bool]:
    """(unit id or short name, True) or (free text, False), or (None, False) when not given."""
    if rng.random() < 0.4:
        return None, False
    province = reg.by_id.get(f"ldld-{unit.province}") if unit.province else None
    if award.issuer == "nuoc":
        return "Chủ tịch nước", False
    if award.issuer == "tt":
        return "Thủ tướng Chính phủ", False
    if award.issuer == "tld":
        return ("tong-ldld-vn", True) if rng.random() < 0.8 else ("Tổng LĐLĐ Việt Nam", True)
    if award.issuer == "tinh":
        if province is not None and rng.random() < 0.75:
            return province.id, True
        return f"Chủ tịch UBND {province_label(rng, reg.by_id, unit)}", False
    if not collective and rng.random() < 0.2:
        return f"Giám đốc {enterprise(rng)}", False
    return unit.id, True


def honour_year(rng: random.Random, year: int) -> str | None:
    roll = rng.random()
    if roll < 0.75:
        return None
    if roll < 0.87:
        return str(year - 1)
    if year in (2020, 2021):
        return "2015-2020"
    return "2020-2025" if year >= 2025 else str(year)


def honour_unit(rng: random.Random, reg: Registry, unit: Unit, when: datetime) -> str | None:
    if rng.random() >= 0.12:
        return None
    kids = [k for k in reg.children[unit.id] if active(reg.by_id[k], when.date())]
    return rng.choice(kids) if kids else unit.id


@dataclass(frozen=True, slots=True)
class ArticleFrame:
    """What an article is about, decided before its awardees and body."""
    index: int
    when: datetime
    units: tuple[str, ...]
    campaigns: tuple[str, ...]


def make_named(rng: random.Random, reg: Registry, frame: ArticleFrame, collective: bool,
               used_people: set[str]) -> NamedHonour:
    unit = reg.by_id[frame.units[0]]
    slots = place_slots(unit, province_label(rng, reg.by_id, unit)) | {"year": str(frame.when.year)}
    awards, cum = reg.collective_awards if collective else reg.person_awards
    award = rng.choices(awards, cum_weights=cum)[0]
    person = None
    if not collective and rng.random() < 0.15:
        person = rng.choice(reg.recurring[unit.id])
        if person.id in used_people:
            person = None
        else:
            used_people.add(person.id or "")
    if collective:
        name, position = collective_name(rng, slots), None
    elif person is not None:
        name, position = person.name, person.position
    else:
        name = person_name(rng)[0]
        position = position_text(rng, slots) if rng.random() < 0.75 else None
    campaign_name = reg.campaigns_by_id[frame.campaigns[0]].name if frame.campaigns else reg.campaigns[0].name
    achievement = None
    if award.id == "bang-lao-dong-sang-tao":
        achievement = f"Sáng kiến “{initiative(rng)}”, làm lợi {money(rng)}"
    elif rng.random() < (0.2 if collective else 0.35):
        achievement = fill(rng, rng.choice(_ACHIEVEMENTS), slots | {"campaign": campaign_name})
    by, by_unit = awarded_by(rng, award, unit, reg, collective)
    return NamedHonour(
        name=name, collective=collective, award=award.id, award_ref=award_ref(rng, award),
        awarded_by=by, awarded_by_unit=by_unit, year=honour_year(rng, frame.when.year),
        unit=honour_unit(rng, reg, unit, frame.when),
        campaign=rng.choice(frame.campaigns) if frame.campaigns and rng.random() < 0.12 else None,
        position=position, achievement=achievement, person_id=person.id if person else None,
        write_kind=collective or rng.random() < 0.5,
    )


def make_counted(rng: random.Random, reg: Registry, frame: ArticleFrame) -> CountedHonour:
    unit = reg.by_id[frame.units[0]]
    awards, cum = reg.counted_awards
    award = rng.choices(awards, cum_weights=cum)[0]
    roll = rng.random()
    tap_the = 0 if roll < 0.2 else rng.randint(1, 40)
    ca_nhan = 0 if 0.2 <= roll < 0.3 else rng.randint(1, 150)
    by, by_unit = awarded_by(rng, award, unit, reg, collective=True)
    return CountedHonour(tap_the, ca_nhan, award.id, award_ref(rng, award), by, by_unit,
                         honour_year(rng, frame.when.year))


def make_awardees(rng: random.Random, reg: Registry, frame: ArticleFrame) -> tuple[Honour, ...]:
    # triangular(0, 31, 2) floors to 0..30 with mean ≈ 10.5 entries, skewed to short lists.
    count = min(30, int(rng.triangular(0, 31, 2)))
    used_people: set[str] = set()
    honours: list[Honour] = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.08:
            honours.append(make_counted(rng, reg, frame))
        else:
            honours.append(make_named(rng, reg, frame, collective=roll < 0.33, used_people=used_people))
    return tuple(honours)


# --- article text -------------------------------------------------------------------------------

_TITLES = compile_all(tb.TITLES)
_LEAD = compile_all(tb.LEAD)
_SENTENCES = {topic: compile_all(items) for topic, items in tb.SENTENCES.items()}
_HEADINGS = {topic: compile_all(items) for topic, items in tb.HEADINGS.items()}
_CLOSING = compile_all(tb.CLOSING)
_BULLET_INTROS = compile_all(tb.BULLET_INTROS)
_BULLETS = compile_all(tb.BULLETS)
_CAPTIONS = compile_all(tb.IMAGE_CAPTIONS)
_INTERNAL = compile_all(tb.INTERNAL_LINKS)
_EXTERNAL = compile_all(tb.EXTERNAL_LINKS)
_SUMMARIES = compile_all(tb.SUMMARIES)
MIDDLE_TOPICS = ("trien_khai", "sang_kien", "cham_lo", "nu", "atvsld")


def article_slots(rng: random.Random, reg: Registry, frame: ArticleFrame,
                  awardees: Sequence[Honour]) -> dict[str, str]:
    """Values fixed for one article: who, where, when, which campaign, which awardee."""
    unit = reg.by_id[frame.units[0]]
    parent = reg.by_id[unit.parent].short if unit.parent else "Đảng, Nhà nước"
    campaigns = [reg.campaigns_by_id[c] for c in frame.campaigns] or [reg.campaigns[0]]
    other = next((c for c in reg.campaigns if c.scope == "" and c.id != campaigns[0].id))
    province = province_label(rng, reg.by_id, unit)
    named = [h for h in awardees if isinstance(h, NamedHonour)]
    person = next((h for h in named if not h.collective), None)
    group = next((h for h in named if h.collective), None)
    counted = next((h for h in awardees if isinstance(h, CountedHonour)), None)
    person_ref = f"đồng chí {person.name}" if person else worker_ref(rng)
    year = frame.when.year
    return {
        "unit": unit.name, "unit_short": unit.short, "place": unit.place, "parent": parent,
        "bare_place": unit.bare_place, "province": province,
        "year": str(year), "prev_year": str(year - 1), "next_year": str(year + 1),
        "day": str(frame.when.day), "month": str(frame.when.month),
        "roman": rng.choice(("III", "IV", "V", "VI")),
        "campaign": campaigns[0].name, "campaign_short": campaigns[0].short or campaigns[0].name,
        "campaign2": campaigns[1].name if len(campaigns) > 1 else other.name,
        "leader": unit.leader.name, "leader_title": unit.leader.position or "",
        "enterprise": enterprise(rng),
        "awardee_ref": person_ref,
        "person_name": person.name if person else person_name(rng)[0],
        "awardee_desc": f"{person_ref}, {person.position}" if person and person.position else person_ref,
        "award_name": reg.awards_by_id[person.award].name if person
        else "Bằng khen của Tổng Liên đoàn Lao động Việt Nam",
        "collective": group.name if group else collective_name(rng, place_slots(unit, province)),
        "n_tt": str(counted.tap_the if counted and counted.tap_the else rng.randint(3, 30)),
        "n_cn": str(counted.ca_nhan if counted and counted.ca_nhan else rng.randint(5, 90)),
    }


class SentenceSource:
    """Draws a topic's sentences without repeats; falls back to the shared pool, then repeats."""

    def __init__(self, rng: random.Random, topic: str) -> None:
        self._rng = rng
        self._queue = rng.sample(_SENTENCES[topic], len(_SENTENCES[topic]))
        self._topic = topic
        self._used_shared = False

    def next(self) -> Template:
        if not self._queue:
            pool = _SENTENCES["chung"] if not self._used_shared else _SENTENCES[self._topic]
            self._used_shared = True
            self._queue = self._rng.sample(pool, len(pool))
        return self._queue.pop()


def choose_topics(rng: random.Random, has_awardees: bool) -> list[str]:
    sections = rng.randint(2, 4)
    tail = (["khen_thuong"] if has_awardees else []) + (["phuong_huong"] if rng.random() < 0.5 else [])
    tail = tail[: sections - 1]
    return rng.sample(MIDDLE_TOPICS, sections - len(tail)) + tail


def link_paragraph(rng: random.Random, frame: ArticleFrame, target: ArticleFrame | None,
                   target_title: str, reg: Registry) -> Block:
    external = fill(rng, rng.choice(_EXTERNAL), {})
    if target is None:
        return Para(external)
    internal = fill(rng, rng.choice(_INTERNAL), {
        "other_unit": reg.by_id[target.units[0]].short, "other_title": target_title, "href": HREF,
        "other_date": target.when.strftime("%d/%m/%Y"),
    })
    text = f"{internal} {external}" if rng.random() < 0.5 else internal
    return LinkPara(text, target.index)


def make_body(rng: random.Random, frame: ArticleFrame, fixed: dict[str, str], has_awardees: bool,
              link: Block) -> tuple[Block, ...]:
    target_words = rng.randint(600, 860)  # every sentence is < 40 words, so the total stays ≤ 900
    lead = Para(" ".join(sentence(rng, t, fixed) for t in rng.sample(_LEAD, 2)))
    topics = choose_topics(rng, has_awardees)
    headings = [fill(rng, rng.choice(_HEADINGS[t]), fixed) for t in topics]
    items = [fill(rng, t, fixed) for t in rng.sample(_BULLETS, rng.randint(3, 6))]
    items[-1] = items[-1].removesuffix(";") + "."
    bullets = Bullets(fill(rng, rng.choice(_BULLET_INTROS), fixed), tuple(items))
    image = Image(fill(rng, rng.choice(_CAPTIONS), fixed), frame.when.year)
    closing = Para(sentence(rng, rng.choice(_CLOSING), fixed))
    fixed_words = sum(word_count(t) for t in [lead.text, closing.text, bullets.intro, *bullets.items,
                                              image.caption, *headings, link.text])
    sections = fill_sections(rng, topics, fixed, target_words - fixed_words)
    bullet_at, image_at = rng.randrange(len(topics)), rng.randrange(len(topics))
    blocks: list[Block] = [lead]
    for i, (heading, paragraphs) in enumerate(zip(headings, sections)):
        blocks.append(Heading(heading))
        for j, paragraph in enumerate(paragraphs):
            blocks.append(Para(paragraph))
            if j == 0 and i == image_at:
                blocks.append(image)
            if j == 0 and i == bullet_at:
                blocks.append(bullets)
    blocks.extend((link, closing))
    return tuple(blocks)


def fill_sections(rng: random.Random, topics: Sequence[str], fixed: dict[str, str],
                  words_needed: int) -> list[list[str]]:
    """Deal sentences to the sections in turn until the article is long enough."""
    sources = [SentenceSource(rng, t) for t in topics]
    paragraphs: list[list[list[str]]] = [[[]] for _ in topics]
    limits = [rng.randint(3, 5) for _ in topics]
    words, turn = 0, 0
    while words < words_needed or any(not p[0] for p in paragraphs):
        k = turn % len(topics)
        current = paragraphs[k][-1]
        if len(current) >= limits[k]:
            current = []
            paragraphs[k].append(current)
            limits[k] = rng.randint(3, 5)
        text = sentence(rng, sources[k].next(), fixed)
        current.append(text)
        words += word_count(text)
        turn += 1
    return [[" ".join(p) for p in section] for section in paragraphs]


def link_target(rng: random.Random, frame: ArticleFrame, by_unit: dict[str, list[int]], n: int) -> int | None:
    earlier = by_unit.get(frame.units[0], [])
    if earlier:
        return rng.choice(earlier[-5:])
    if frame.index > 0:
        return rng.randrange(frame.index)
    return rng.randrange(1, n) if n > 1 else None


# Our generator's slug of a title (bangvang.text.slugify, python-slugify underneath): a comma between
# digits is dropped ("1,1 tỷ" → "11-ty"), and the slug is cut to whole words of at most 150 characters.
# Two titles that differ only there would otherwise get one URL.
TITLE_SLUG_MAX = 150
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")


def title_slug(title: str) -> str:
    slug = vi_slug(_DIGIT_COMMA.sub("", title))
    if len(slug) <= TITLE_SLUG_MAX:
        return slug
    cut = slug[:TITLE_SLUG_MAX + 1].rsplit("-", 1)[0]
    return cut or slug[:TITLE_SLUG_MAX]


def unique_slugs(titles: Sequence[str]) -> list[tuple[str, bool]]:
    """Slug from the title, as our generator derives it; clashes get '-2', '-3'… written explicitly."""
    bases = [title_slug(t) for t in titles]
    taken = set(bases)
    seen: set[str] = set()
    out = []
    for base in bases:
        if base not in seen:
            seen.add(base)
            out.append((base, False))
            continue
        k = 2
        while f"{base}-{k}" in taken:
            k += 1
        taken.add(f"{base}-{k}")
        out.append((f"{base}-{k}", True))
    return out


def build_articles(rng: random.Random, reg: Registry, n: int) -> tuple[Article, ...]:
    frames, unit_cache = [], {}
    for i, when in enumerate(random_dates(rng, n)):
        units = choose_units(rng, reg, when, unit_cache)
        campaigns = choose_campaigns(rng, reg, reg.by_id[units[0]], when.year)
        frames.append(ArticleFrame(i, when, units, campaigns))
    awardees = [make_awardees(rng, reg, f) for f in frames]
    slots = [article_slots(rng, reg, f, a) for f, a in zip(frames, awardees)]
    titles = [fill(rng, rng.choice(_TITLES), s) for s in slots]
    slugs = unique_slugs(titles)
    by_unit: dict[str, list[int]] = {}
    articles = []
    for frame, honours, fixed, title, (slug, explicit) in zip(frames, awardees, slots, titles, slugs):
        target = link_target(rng, frame, by_unit, n)
        link = link_paragraph(rng, frame, frames[target] if target is not None else None,
                              titles[target] if target is not None else "", reg)
        by_unit.setdefault(frame.units[0], []).append(frame.index)
        articles.append(Article(
            slug=slug, slug_explicit=explicit, title=title, when=frame.when, units=frame.units,
            unit_refs=tuple(unit_ref(rng, reg.by_id[u]) for u in frame.units), campaigns=frame.campaigns,
            summary=fill(rng, rng.choice(_SUMMARIES), fixed) if rng.random() < 0.8 else None,
            author=rng.choice(tb.AUTHORS),
            tags=tuple(rng.sample(tb.TAGS, rng.randint(1, 3))) if rng.random() < 0.7 else (),
            awardees=honours, body=make_body(rng, frame, fixed, bool(honours), link),
        ))
    return tuple(articles)


def build_dataset(n: int, seed: int) -> DataSet:
    # Separate streams, so that changing how articles are drawn leaves the registries as they were.
    reg_rng = random.Random(f"bangvang-bench:{seed}:registries")
    person_ids: set[str] = set()
    units = build_units(reg_rng, person_ids)
    campaigns, awards = build_campaigns(), build_awards()
    recurring = build_recurring(reg_rng, units, n, person_ids)
    reg = make_registry(units, campaigns, awards, recurring)
    articles = build_articles(random.Random(f"bangvang-bench:{seed}:articles"), reg, n)
    unit_by_ref = {u.short: u for u in units} | {u.id: u for u in units}
    return DataSet(seed, units, campaigns, awards, articles, unit_by_ref,
                   {c.id: c for c in campaigns}, {a.id: a for a in awards})


# --- writing files ------------------------------------------------------------------------------


class TreeWriter:
    """Writes files under one root and counts them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0
        self.bytes = 0
        self._dirs: set[Path] = set()

    def write(self, rel: str, data: str | bytes) -> None:
        path = self.root / rel
        if path.parent not in self._dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(path.parent)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path.write_bytes(raw)
        self.files += 1
        self.bytes += len(raw)


def png(width: int, height: int, rng: random.Random) -> bytes:
    """A small RGB gradient with some noise: a thumbnail-like file of a few KB."""
    tint = (rng.randint(120, 220), rng.randint(60, 160), rng.randint(40, 120))
    previous, rows = bytes(3 * width), bytearray()
    for y in range(height):
        noise = rng.getrandbits(width // 4 + 1)
        row = bytearray()
        for x in range(width):
            jitter = 10 * ((noise >> (x // 4)) & 1)
            red, green, blue = tint[0] + x // 2, tint[1] + y // 2 + jitter, tint[2] + (x + y) // 4
            row += bytes((red & 255, green & 255, blue & 255))
        # PNG filter 2 ("Up") stores each row as its difference from the one above, which deflate
        # squeezes far better than raw gradient rows (≈ 2 KB instead of ≈ 30 KB).
        rows.append(2)
        rows += bytes((a - b) & 255 for a, b in zip(row, previous))
        previous = bytes(row)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + chunk(b"IEND", b""))


def year_images(data: DataSet) -> dict[int, bytes]:
    years = sorted({a.year for a in data.articles})
    return {y: png(160, 90, random.Random(f"bangvang-bench:{data.seed}:png:{y}")) for y in years}


# --photos: what a phone camera gives an editor (12 MP, about 2 MB), one per article.
PHOTO_SIZE = (4000, 3000)
PHOTO_QUALITY = 88


@functools.lru_cache(maxsize=2)
def _grain(width: int, height: int):
    """A sensor-noise layer (the same for every photo: made once): it gives the JPEG a camera's weight."""
    from PIL import Image, ImageFilter

    tile = Image.frombytes("L", (256, 256), random.Random("bangvang-bench:grain").randbytes(256 * 256))
    tile = tile.filter(ImageFilter.GaussianBlur(0.6))
    layer = Image.new("L", (width, height))
    for y in range(0, height, 256):
        for x in range(0, width, 256):
            layer.paste(tile, (x, y))
    return layer.convert("RGB")


def camera_photo(seed: str, size: tuple[int, int] = PHOTO_SIZE) -> bytes:
    """A deterministic JPEG that looks to the image step like a phone's photo of an event: sky and floor,
    a crowd of shapes, sensor grain, and the camera's EXIF with a GPS position."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    width, height = size
    scene = Image.new("RGB", size)
    draw = ImageDraw.Draw(scene)
    sky = (rng.randint(120, 200), rng.randint(150, 210), rng.randint(190, 250))
    floor = (rng.randint(60, 140), rng.randint(50, 120), rng.randint(30, 90))
    horizon = max(1, int(height * rng.uniform(0.35, 0.6)))
    for y in range(0, height, 4):
        top = y < horizon
        start, end = (sky, (240, 240, 235)) if top else (floor, (30, 30, 30))
        t = y / horizon if top else (y - horizon) / max(1, height - horizon)
        draw.rectangle((0, y, width, y + 3), fill=tuple(int(a + (b - a) * t * 0.5) for a, b in zip(start, end)))
    for _ in range(rng.randint(12, 24)):  # people, banners, a stage
        x, y = rng.randrange(width), rng.randrange(horizon // 2, height)
        s = rng.randint(max(2, width // 30), max(3, width // 8))
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse((x, y - s, x + s // 2, y + s), fill=colour)
        else:
            draw.rectangle((x, y, x + s, y + s // 3), fill=colour)
    picture = Image.blend(scene, _grain(width, height), 0.10)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "BenchPhone", "Model 12", 1
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 42.6), 3: "E", 4: (105.0, 51.0, 14.0)}
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=PHOTO_QUALITY, exif=exif.tobytes())
    return out.getvalue()


def photo_name(article: Article) -> str:
    return f"anh/{article.slug}.jpg"


def image_name(year: int) -> str:
    return f"tin-tuc-{year}.png"


def render_body(body: Sequence[Block], href: Callable[[int], str], image: Callable[[int], str]) -> str:
    parts = []
    for block in body:
        if isinstance(block, Heading):
            parts.append(f"## {block.text}")
        elif isinstance(block, Para):
            parts.append(block.text)
        elif isinstance(block, LinkPara):
            parts.append(block.text.replace(HREF, href(block.target)))
        elif isinstance(block, Bullets):
            parts.append(block.intro + "\n\n" + "\n".join(f"- {item}" for item in block.items))
        else:
            parts.append(f"![{block.caption}]({image(block.year)})")
    return "\n\n".join(parts) + "\n"


def honour_year_text(honour: Honour, article: Article) -> str:
    return honour.year or str(article.year)


def awarded_by_text(data: DataSet, honour: Honour) -> str:
    if honour.awarded_by is None:
        return ""
    if honour.awarded_by_unit:
        return data.unit(honour.awarded_by).short
    return honour.awarded_by


def count_text(honour: CountedHonour) -> str:
    parts = [f"{honour.tap_the} tập thể"] if honour.tap_the else []
    parts += [f"{honour.ca_nhan} cá nhân"] if honour.ca_nhan else []
    return ", ".join(parts)


# --- our format ---------------------------------------------------------------------------------


def write_ours(data: DataSet, root: Path, photos: tuple[int, int] | None = None) -> TreeWriter:
    """Our site; with photos=(width, height), each article also has its own photo of that size."""
    out = TreeWriter(root)
    out.write("site.yaml", site_yaml())
    out.write("content/units.yaml", units_yaml(data.units))
    out.write("content/campaigns.yaml", campaigns_yaml(data.campaigns))
    out.write("content/awards.yaml", awards_yaml(data.awards))
    for year, image in year_images(data).items():
        out.write(f"content/tin-tuc/{year}/anh/{image_name(year)}", image)
    articles = data.articles
    for article in articles:
        # render_body calls these at once, so the loop variable is the right one
        body = render_body(article.body, lambda t: relative_md(article, articles[t]),
                           lambda y: f"anh/{image_name(y)}")
        front = ours_front_matter(article)
        if photos:
            front += f"image: {photo_name(article)}\nimage_caption: {q('Ảnh: ' + article.title)}\n"
            out.write(f"content/tin-tuc/{article.year}/{photo_name(article)}",
                      camera_photo(f"bangvang-bench:{data.seed}:photo:{article.slug}", photos))
        out.write(f"content/tin-tuc/{article.year}/{article.slug}.md", f"---\n{front}---\n{body}")
    return out


def relative_md(here: Article, other: Article) -> str:
    """A link as an editor writes it: the other article's file, relative to this one's folder."""
    return f"{other.slug}.md" if other.year == here.year else f"../{other.year}/{other.slug}.md"


def site_yaml() -> str:
    return (f"title: {q(SITE_TITLE)}\nbase_url: {BASE_URL}\nlanguage: vi\n"
            "timezone: Asia/Ho_Chi_Minh\nper_page: 10\n")


def flow_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(yaml_plain(i, flow=True) for i in items) + "]"


def units_yaml(units: Sequence[Unit]) -> str:
    lines = []
    for u in units:
        lines += [f"- id: {u.id}", f"  name: {yaml_plain(u.name)}", f"  short: {yaml_plain(u.short)}"]
        if u.aliases:
            lines.append(f"  aliases: {flow_list(u.aliases)}")
        if u.parent:
            lines.append(f"  parent: {u.parent}")
        if u.until:
            lines += [f"  until: {u.until}", f"  successor: {u.successor}"]
        if u.description:
            lines.append(f"  description: {q(u.description)}")
    return "\n".join(lines) + "\n"


def campaigns_yaml(campaigns: Sequence[Campaign]) -> str:
    lines = []
    for c in campaigns:
        lines += [f"- id: {c.id}", f"  name: {q(c.name)}"]
        if c.short:
            lines.append(f"  short: {q(c.short)}")
        lines.append(f"  launched_by: {c.launched_by}")
        if c.period:
            lines.append(f"  period: {q(c.period)}")
    return "\n".join(lines) + "\n"


def awards_yaml(awards: Sequence[Award]) -> str:
    lines = ["# In rank order, highest first."]
    for a in awards:
        lines += [f"- id: {a.id}", f"  name: {yaml_plain(a.name)}", f"  kind: {a.kind}"]
        if a.aliases:
            lines.append(f"  aliases: {flow_list(a.aliases)}")
        if a.for_:
            lines.append(f"  for: {a.for_}")
    return "\n".join(lines) + "\n"


def ours_front_matter(a: Article) -> str:
    lines = [f"title: {q(a.title)}", f"date: {a.when:%Y-%m-%d %H:%M}"]
    refs = [yaml_plain(r, flow=True) for r in a.unit_refs]
    lines.append(f"unit: {refs[0]}" if len(refs) == 1 else f"unit: [{', '.join(refs)}]")
    if a.campaigns:
        lines.append("campaign:")
        lines += [f"  - {c}" for c in a.campaigns]
    if a.summary:
        lines.append(f"summary: {q(a.summary)}")
    lines.append(f"author: {q(a.author)}")
    if a.tags:
        lines.append(f"tags: {flow_list(a.tags)}")
    if a.slug_explicit:
        lines.append(f"slug: {a.slug}")
    if a.awardees:
        lines.append("awardees:")
        lines += [line for h in a.awardees for line in ours_awardee(h)]
    return "\n".join(lines) + "\n"


def ours_awardee(h: Honour) -> Iterator[str]:
    if isinstance(h, CountedHonour):
        counts = [f"tap-the: {h.tap_the}"] if h.tap_the else []
        counts += [f"ca-nhan: {h.ca_nhan}"] if h.ca_nhan else []
        yield f"  - count: {{{', '.join(counts)}}}"
    else:
        yield f"  - name: {q(h.name)}"
        if h.write_kind:
            yield f"    kind: {'tap-the' if h.collective else 'ca-nhan'}"
    yield f"    award: {yaml_plain(h.award_ref)}"
    if h.awarded_by is not None:
        plain = h.awarded_by_unit and h.awarded_by.isascii()  # a unit id
        yield f"    awarded_by: {h.awarded_by if plain else q(h.awarded_by)}"
    if h.year is not None:
        yield f"    year: {h.year}"
    if isinstance(h, NamedHonour):
        if h.unit:
            yield f"    unit: {h.unit}"
        if h.campaign:
            yield f"    campaign: {h.campaign}"
        if h.position:
            yield f"    position: {q(h.position)}"
        if h.achievement:
            yield f"    achievement: {q(h.achievement)}"
        if h.person_id:
            yield f"    id: {h.person_id}"


# --- Hugo ---------------------------------------------------------------------------------------

HUGO_CONFIG = f"""\
baseURL: {BASE_URL}
# `locale` replaced `languageCode` in Hugo 0.158 (the old key still works, with a deprecation warning).
locale: vi
defaultContentLanguage: vi
title: {q(SITE_TITLE)}
timeZone: Asia/Ho_Chi_Minh
taxonomies:
  unit: units
  campaign: campaigns
pagination:
  pagerSize: 10
# Our layouts render articles, the paginated home page, the two taxonomy lists and term pages.
# RSS (on by default for home, every taxonomy and every term), the sitemap and robots.txt are off so
# that Hugo is not timed on files the Pelican side does not write either; the section page
# /tin-tuc/ is off because neither other site has an equivalent listing.
disableKinds: [rss, sitemap, robotsTXT, section]
"""

# Hugo doing the same work as our build: besides units and campaigns, a term page per awardee (person or
# collective, like our /vinh-danh/<slug>/ pages) and per honour year (like our year rolls). Term names are
# the awardees' display names, kept as written (no title case) and with ASCII paths, as ours are.
HUGO_SAME_CONFIG = HUGO_CONFIG.replace(
    "  campaign: campaigns\n", "  campaign: campaigns\n  person: people\n  year: years\n") + """\
capitalizeListTitles: false
removePathAccents: true
"""


def write_hugo(data: DataSet, root: Path, same_work: bool = False) -> TreeWriter:
    """The Hugo site; with same_work, also awardee and year taxonomies (`person_terms`)."""
    out = TreeWriter(root)
    out.write("hugo.yaml", HUGO_SAME_CONFIG if same_work else HUGO_CONFIG)
    for layout in sorted(LAYOUTS_DIR.rglob("*.html")):
        out.write(f"layouts/{layout.relative_to(LAYOUTS_DIR).as_posix()}", layout.read_bytes())
    for year, image in year_images(data).items():
        out.write(f"static/anh/{image_name(year)}", image)
    out.write("content/units/_index.md", f"---\ntitle: {q('Đơn vị')}\n---\n")
    out.write("content/campaigns/_index.md", f"---\ntitle: {q('Phong trào thi đua')}\n---\n")
    if same_work:
        out.write("content/people/_index.md", f"---\ntitle: {q('Vinh danh')}\n---\n")
        out.write("content/years/_index.md", f"---\ntitle: {q('Bảng vàng theo năm')}\n---\n")
    for u in data.units:
        out.write(f"content/units/{u.id}/_index.md", f"---\ntitle: {q(u.name)}\n---\n{u.description or ''}\n")
    for c in data.campaigns:
        out.write(f"content/campaigns/{c.id}/_index.md", f"---\ntitle: {q(c.name)}\n---\n")
    terms = person_terms(data) if same_work else None
    articles = data.articles
    for article in articles:
        body = render_body(article.body, lambda t: f'{{{{< relref "/tin-tuc/{articles[t].slug}.md" >}}}}',
                           lambda y: f"/anh/{image_name(y)}")
        out.write(f"content/tin-tuc/{article.slug}.md", f"---\n{hugo_front_matter(data, article, terms)}---\n{body}")
    return out


def awardee_key(h: NamedHonour, a: Article) -> tuple[str, ...]:
    """One awardee, as our build tells them apart: the same id, or the same name and unit."""
    return ("id", h.person_id) if h.person_id else ("name", h.name, h.unit or a.units[0])


def person_terms(data: DataSet) -> dict[tuple[str, ...], str]:
    """A distinct term name per awardee: the name; the unit's short name added for a later namesake (as our
    addresses do), and a number if that is taken too. Distinct after folding, so no two share a Hugo path."""
    terms: dict[tuple[str, ...], str] = {}
    taken: set[str] = set()
    for a in data.articles:  # in date order: the earlier awardee keeps the plain name
        for h in a.awardees:
            if isinstance(h, CountedHonour) or awardee_key(h, a) in terms:
                continue
            term = h.name
            if vi_slug(term) in taken:
                term = f"{h.name}, {data.unit(h.unit or a.units[0]).short}"
            base, k = term, 2
            while vi_slug(term) in taken:
                term, k = f"{base} ({k})", k + 1
            taken.add(vi_slug(term))
            terms[awardee_key(h, a)] = term
    return terms


def hugo_front_matter(data: DataSet, a: Article, terms: dict[tuple[str, ...], str] | None = None) -> str:
    lines = [
        f"title: {q(a.title)}",
        f"date: {a.when:%Y-%m-%dT%H:%M:00}+07:00",
        f"units: [{', '.join(a.units)}]",
        f"campaigns: [{', '.join(a.campaigns)}]",
    ]
    if terms is not None:
        people = dict.fromkeys(terms[awardee_key(h, a)] for h in a.awardees if isinstance(h, NamedHonour))
        years = sorted({honour_year_text(h, a) for h in a.awardees})
        lines += [f"people: [{', '.join(q(p) for p in people)}]", f"years: [{', '.join(q(y) for y in years)}]"]
    if a.summary:
        lines.append(f"summary: {q(a.summary)}")
    lines += ["params:", f"  author: {q(a.author)}", f"  tags: [{', '.join(q(t) for t in a.tags)}]"]
    if a.awardees:
        lines.append("  awardees:")
        for h in a.awardees:
            lines += [f"    {line}" for line in hugo_awardee(data, a, h, terms)]
    return "\n".join(lines) + "\n"


def hugo_awardee(data: DataSet, a: Article, h: Honour, terms: dict[tuple[str, ...], str] | None = None) -> list[str]:
    """Display values, resolved here: the layout prints them and does no registry look-ups. With terms, a
    named awardee also carries its person term, which the article, person and year pages link by."""
    first = f"- count: {q(count_text(h))}" if isinstance(h, CountedHonour) else f"- name: {q(h.name)}"
    fields = {"award": data.award(h.award).name, "awarded_by": awarded_by_text(data, h),
              "year": honour_year_text(h, a)}
    if isinstance(h, NamedHonour):
        fields |= {"kind": "tap-the" if h.collective else "ca-nhan", "position": h.position or "",
                   "achievement": h.achievement or "", "id": h.person_id or ""}
        if terms is not None:
            fields["person"] = terms[awardee_key(h, a)]
    return [first] + [f"  {k}: {q(v)}" for k, v in fields.items() if v]


# --- Pelican ------------------------------------------------------------------------------------

PELICAN_CONFIG = f"""\
# Generated by bench/generate.py: the Pelican side of the build benchmark, default theme.
AUTHOR = "Ban Biên tập"
SITENAME = {q(SITE_TITLE)}
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_PAGINATION = 10
STATIC_PATHS = ["anh"]

ARTICLE_URL = "tin-tuc/{{slug}}/"
ARTICLE_SAVE_AS = "tin-tuc/{{slug}}/index.html"
CATEGORY_URL = "units/{{slug}}/"
CATEGORY_SAVE_AS = "units/{{slug}}/index.html"
CATEGORIES_SAVE_AS = "units/index.html"
TAG_URL = "campaigns/{{slug}}/"
TAG_SAVE_AS = "campaigns/{{slug}}/index.html"
TAGS_SAVE_AS = "campaigns/index.html"
PAGINATION_PATTERNS = (
    (1, "{{url}}", "{{save_as}}"),
    (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"),
)

# Same page set as the Hugo side: no feeds, no per-author pages, no archives page.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "categories"]
# No reStructuredText sources; the rst reader would only warn that docutils has no 'vi' locale.
READERS = {{"rst": None}}
"""


def write_pelican(data: DataSet, root: Path) -> TreeWriter:
    out = TreeWriter(root)
    out.write("pelicanconf.py", PELICAN_CONFIG)
    for year, image in year_images(data).items():
        out.write(f"content/anh/{image_name(year)}", image)
    articles = data.articles
    for article in articles:
        body = render_body(article.body, lambda t: f"{{filename}}/{articles[t].slug}.md",
                           lambda y: f"{{static}}/anh/{image_name(y)}")
        table = pelican_table(data, article)
        out.write(f"content/{article.slug}.md", f"{pelican_metadata(data, article)}\n{body}{table}")
    return out


def pelican_metadata(data: DataSet, a: Article) -> str:
    # Campaign names contain commas; Pelican splits tags on ';' whenever one is present.
    tags = "".join(f"{data.campaign(c).name}; " for c in a.campaigns).rstrip()
    lines = [f"Title: {a.title}", f"Date: {a.when:%Y-%m-%d %H:%M}", f"Category: {data.unit(a.units[0]).name}"]
    if tags:
        lines.append(f"Tags: {tags}")
    lines += [f"Slug: {a.slug}", f"Author: {a.author}"]
    if a.summary:
        lines.append(f"Summary: {a.summary}")
    return "\n".join(lines) + "\n"


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def pelican_table(data: DataSet, a: Article) -> str:
    """Pelican has no structured field for awardees, so they go into the body as a table."""
    if not a.awardees:
        return ""
    rows = ["", "## Danh sách khen thưởng", "",
            "| TT | Tập thể, cá nhân | Chức vụ, đơn vị | Hình thức | Cấp khen | Năm | Thành tích |",
            "|---|---|---|---|---|---|---|"]
    for i, h in enumerate(a.awardees, 1):
        who = count_text(h) if isinstance(h, CountedHonour) else h.name
        position = (h.position or "") if isinstance(h, NamedHonour) else ""
        achievement = (h.achievement or "") if isinstance(h, NamedHonour) else ""
        values = (str(i), who, position, data.award(h.award).name, awarded_by_text(data, h),
                  honour_year_text(h, a), achievement)
        rows.append("| " + " | ".join(cell(v) for v in values) + " |")
    return "\n".join(rows) + "\n"


# --- statistics and entry points ----------------------------------------------------------------


def dataset_stats(data: DataSet) -> dict[str, int | float]:
    named = [h for a in data.articles for h in a.awardees if isinstance(h, NamedHonour)]
    counted = [h for a in data.articles for h in a.awardees if isinstance(h, CountedHonour)]
    individuals = [h for h in named if not h.collective]
    recurring = {h.person_id for h in individuals if h.person_id}
    one_off = sum(1 for h in individuals if not h.person_id)
    n = len(data.articles)
    return {
        "articles": n,
        "honours": len(named),
        "named_individuals": len(individuals),
        "named_collectives": len(named) - len(individuals),
        "named_per_article": round(len(named) / n, 3) if n else 0.0,
        "counted_lines": len(counted),
        "counted_honours": sum(h.tap_the + h.ca_nhan for h in counted),
        "recurring_people": len(recurring),
        "distinct_people": len(recurring) + one_off,
        "distinct_person_names": len({h.name for h in individuals}),
        "units": len(data.units),
        "campaigns": len(data.campaigns),
        "awards": len(data.awards),
    }


def generate(n: int, seed: int, out: Path, photos: tuple[int, int] | None = None,
             only: Sequence[str] = ()) -> dict[str, int | float]:
    """Write out/ours, out/hugo, out/hugo-same and out/pelican (each replaced whole; only: just these) and
    return counts. photos=(width, height): ours/ gets one photo per article."""
    data = build_dataset(n, seed)
    out = Path(out)
    stats = dataset_stats(data)
    total_bytes = total_files = 0
    writers: dict[str, Callable[[DataSet, Path], TreeWriter]] = {
        "ours": lambda d, r: write_ours(d, r, photos), "hugo": write_hugo, "hugo-same": lambda d, r: write_hugo(d, r, same_work=True),
        "pelican": write_pelican}
    for name, writer in writers.items():
        if only and name not in only:
            continue
        root = out / name
        if root.exists():
            shutil.rmtree(root)  # a smaller N into the same DIR must not leave old articles behind
        tree = writer(data, root)
        stats[f"bytes_{name}"], stats[f"files_{name}"] = tree.bytes, tree.files
        total_bytes, total_files = total_bytes + tree.bytes, total_files + tree.files
    stats["bytes"], stats["files"] = total_bytes, total_files
    return stats


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, help="number of articles (N)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True,
                        help="DIR; writes DIR/ours, DIR/hugo, DIR/hugo-same, DIR/pelican")
    parser.add_argument("--photos", nargs="?", const=f"{PHOTO_SIZE[0]}x{PHOTO_SIZE[1]}", metavar="WxH",
                        help=f"one JPEG photo per article in ours/ (default size {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]}; "
                             "needs Pillow)")
    parser.add_argument("--only", default="", help="comma-separated trees to write (default: all four)")
    args = parser.parse_args(argv)
    photos = None
    if args.photos:
        try:
            width, height = (int(v) for v in args.photos.lower().split("x"))
        except ValueError:
            parser.error("--photos takes WIDTHxHEIGHT, e.g. 4000x3000")
        photos = (width, height)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    started = time.perf_counter()
    only = [name for name in args.only.split(",") if name]
    stats = generate(args.articles, args.seed, args.out, photos, only)
    stats["seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(stats, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
