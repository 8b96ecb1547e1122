"""Honour-roll aggregation (bangvang/assemble.py) as pure unit tests: no files, no rendering.

Awardees grouped into one person (same id, or same name and unit), awardee slugs that never clash,
sub-unit roll-ups, and the honour-roll order (year newest first, award rank, Vietnamese names with
people by given name, then family name, then middle name; printed order inside one article).
"""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta, timezone

import pytest

from bangvang.assemble import (_awardee_keys, _awardee_slugs, _gather_awardees, _unit_rollups, honour_order,
                               make_site)
from bangvang.config import SiteConfig
from bangvang.model import COLLECTIVE, INDIVIDUAL, Article, Honour, Period
from bangvang.registry import parse_registries
from bangvang.urls import Urls

UNITS = """\
- id: tong
  name: Tổng Liên đoàn Lao động Việt Nam
- id: tinh
  name: Liên đoàn Lao động tỉnh Mẫu
  parent: tong
- id: huyen-a
  name: Liên đoàn Lao động huyện A
  parent: tinh
- id: huyen-b
  name: Liên đoàn Lao động huyện B
  parent: tinh
- id: cdcs-a1
  name: Công đoàn cơ sở A1
  parent: huyen-a
- id: cdcs-a2
  name: Công đoàn cơ sở A2
  parent: huyen-a
- id: cdcs-b1
  name: Công đoàn cơ sở B1
  parent: huyen-b
"""
CAMPAIGNS = """\
- id: ldg
  name: Lao động giỏi, lao động sáng tạo
"""
AWARDS = """\
- id: huan-chuong
  name: Huân chương Lao động hạng Ba
  kind: khen-thuong
- id: bang-khen
  name: Bằng khen
  kind: khen-thuong
- id: giay-khen
  name: Giấy khen
  kind: khen-thuong
"""
TZ = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def registry():
    found, problems = parse_registries(
        {"units": UNITS.encode(), "campaigns": CAMPAIGNS.encode(), "awards": AWARDS.encode()},
        lambda text, path: text)
    assert problems == []
    return found


@pytest.fixture(scope="module")
def urls():
    return Urls(SiteConfig())


def honour(name: str = "", *, article: str = "tin-tuc/a.md", index: int = 0, award: str = "bang-khen",
           kind: str = INDIVIDUAL, year: int | tuple[int, int] = 2021, unit: str = "cdcs-a1", person_id: str = "",
           counts: tuple[tuple[str, int], ...] = ()) -> Honour:
    start, end = year if isinstance(year, tuple) else (year, year)
    return Honour(article, index, award, kind, name, counts, Period(start, end), unit, "ldg", None, "", "", "",
                  person_id, index + 1)


def article(source: str, when: datetime, units: tuple[str, ...], honours: tuple[Honour, ...] = ()) -> Article:
    slug = source.rsplit("/", 1)[-1].removesuffix(".md")
    return Article(source, slug, f"Bài {slug}", when, units, ("ldg",), "", "", "", "", "", (), False,
                   zlib.compress(b"<p>x</p>"), honours)


def published(honours) -> dict[str, float]:
    """Article → a publication time: in the tests, articles are published in the order of their names."""
    return {source: float(i) for i, source in enumerate(sorted({h.article for h in honours}))}


def gather(honours, registry):
    honours = tuple(honours)
    return _gather_awardees(honours, _awardee_keys(honours), published(honours), registry)


def slugs_of(groups, registry):
    return _awardee_slugs(groups, published([h for members in groups.values() for h in members]), registry)


def groups_of(honours, registry) -> dict[str, list[tuple[str, int]]]:
    """slug → [(article, index), ...] as _gather_awardees groups them."""
    awardees, awardee_of = gather(honours, registry)
    for slug, awardee in awardees.items():
        assert all(awardee_of[(h.article, h.index)] == slug for h in awardee.honours)
    return {slug: [(h.article, h.index) for h in a.honours] for slug, a in awardees.items()}


# -- one person across articles ----------------------------------------------------------------------------

def test_same_name_and_unit_is_one_person(registry):
    found = groups_of([honour("Lê Văn Thịnh", article="tin-tuc/a.md"),
                       honour("Lê Văn Thịnh", article="tin-tuc/b.md")], registry)
    assert found == {"le-van-thinh": [("tin-tuc/a.md", 0), ("tin-tuc/b.md", 0)]}


def test_names_compare_after_case_and_spacing_normalisation_not_after_accents(registry):
    found = groups_of([honour("Lê Văn Thịnh", article="tin-tuc/a.md"),
                       honour("lê  văn THỊNH", article="tin-tuc/b.md"),
                       honour("Le Van Thinh", article="tin-tuc/c.md")], registry)
    assert sorted(map(len, found.values())) == [1, 2]  # "Le Van Thinh" is another spelling, not the same name


def test_same_name_in_another_unit_is_another_person(registry):
    found = groups_of([honour("Nguyễn Văn An", unit="cdcs-a1", article="tin-tuc/a.md"),
                       honour("Nguyễn Văn An", unit="cdcs-b1", article="tin-tuc/b.md")], registry)
    # the first published keeps the plain slug; the later namesake gets its unit added
    assert found == {"nguyen-van-an": [("tin-tuc/a.md", 0)], "nguyen-van-an-cdcs-b1": [("tin-tuc/b.md", 0)]}


def test_a_person_and_a_collective_of_the_same_name_are_two_awardees(registry):
    found = groups_of([honour("Hoa Sen", kind=INDIVIDUAL, article="tin-tuc/a.md"),
                       honour("Hoa Sen", kind=COLLECTIVE, article="tin-tuc/b.md")], registry)
    assert len(found) == 2


def test_same_id_is_one_person_whatever_the_name_and_unit(registry):
    found = groups_of([honour("Lê Văn Thịnh", unit="cdcs-a1", person_id="thinh-kiem-dinh", article="tin-tuc/a.md"),
                       honour("Lê V. Thịnh", unit="cdcs-b1", person_id="thinh-kiem-dinh", article="tin-tuc/b.md")],
                      urls)
    assert found == {"thinh-kiem-dinh": [("tin-tuc/a.md", 0), ("tin-tuc/b.md", 0)]}


def test_an_id_claims_the_entries_without_id_of_the_same_name_and_unit(registry):
    awardees, _ = gather((honour("Lê Văn Thịnh", person_id="le-van-thinh", article="tin-tuc/a.md"),
                                    honour("Lê Văn Thịnh", article="tin-tuc/b.md"),
                                    honour("Lê Văn Thịnh", unit="cdcs-b1", article="tin-tuc/c.md")), registry)
    assert sorted(awardees) == ["le-van-thinh", "le-van-thinh-cdcs-b1"]
    claimed = awardees["le-van-thinh"]
    assert claimed.key == "id:le-van-thinh"
    assert [h.article for h in claimed.honours] == ["tin-tuc/a.md", "tin-tuc/b.md"]


def test_two_ids_on_one_name_and_unit_leave_the_entry_without_id_on_its_own(registry):
    """Ambiguous: the entry without an id cannot be given to either person."""
    found = groups_of([honour("Nguyễn Văn An", person_id="an-cha", article="tin-tuc/a.md"),
                       honour("Nguyễn Văn An", person_id="an-con", article="tin-tuc/b.md"),
                       honour("Nguyễn Văn An", article="tin-tuc/c.md")], registry)
    assert found["an-cha"] == [("tin-tuc/a.md", 0)] and found["an-con"] == [("tin-tuc/b.md", 0)]
    assert [v for k, v in found.items() if k not in ("an-cha", "an-con")] == [[("tin-tuc/c.md", 0)]]


def test_counted_lines_are_nobody(registry):
    awardees, awardee_of = gather((honour(counts=(("ca-nhan", 12),)),
                                             honour("Đào Thu Hà", index=1)), registry)
    assert list(awardees) == ["dao-thu-ha"] and list(awardee_of) == [("tin-tuc/a.md", 1)]


# -- slugs --------------------------------------------------------------------------------------------------

def test_hung_and_hung_with_horn_get_distinct_slugs(registry):
    """"Hùng" and "Hưng" are different names whose slugs are the same: each gets a page of its own."""
    awardees, awardee_of = gather((honour("Nguyễn Văn Hùng", unit="cdcs-a1", article="tin-tuc/a.md"),
                                             honour("Nguyễn Văn Hưng", unit="cdcs-b1", article="tin-tuc/b.md")),
                                            registry)
    names = {slug: a.name for slug, a in awardees.items()}
    assert names == {"nguyen-van-hung": "Nguyễn Văn Hùng", "nguyen-van-hung-cdcs-b1": "Nguyễn Văn Hưng"}
    assert awardee_of == {("tin-tuc/a.md", 0): "nguyen-van-hung", ("tin-tuc/b.md", 0): "nguyen-van-hung-cdcs-b1"}


def test_slug_clash_in_the_same_unit_is_numbered(registry):
    awardees, _ = gather((honour("Nguyễn Văn Hùng", article="tin-tuc/a.md"),
                                    honour("Nguyễn Văn Hưng", article="tin-tuc/b.md")), registry)
    assert sorted(awardees) == ["nguyen-van-hung", "nguyen-van-hung-cdcs-a1"]
    assert {a.name for a in awardees.values()} == {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng"}


def test_ids_claim_their_slug_before_names_do(registry):
    groups = {"ca-nhan|nguyen van hung|cdcs-a1": [honour("Nguyễn Văn Hùng")],
              "id:nguyen-van-hung": [honour("Nguyễn Văn Hưng", person_id="nguyen-van-hung", unit="cdcs-b1")]}
    slugs = slugs_of(groups, registry)
    assert slugs == {"id:nguyen-van-hung": "nguyen-van-hung",
                     "ca-nhan|nguyen van hung|cdcs-a1": "nguyen-van-hung-cdcs-a1"}


def test_a_name_without_letters_still_gets_a_slug(registry):
    assert slugs_of({"ca-nhan|…|cdcs-a1": [honour("…")]}, registry) == {"ca-nhan|…|cdcs-a1": "khong-ten"}


def test_slugs_do_not_depend_on_input_order(registry):
    honours = [honour("Nguyễn Văn Hùng", article="tin-tuc/a.md"), honour("Nguyễn Văn Hưng", article="tin-tuc/b.md"),
               honour("Nguyễn Văn Hừng", article="tin-tuc/c.md")]
    first = gather(tuple(honours), registry)[1]
    again = gather(tuple(reversed(honours)), registry)[1]
    assert first == again and len(set(first.values())) == 3


# -- sub-unit roll-ups --------------------------------------------------------------------------------------

def test_unit_rollups_include_every_sub_unit_and_nothing_beside(registry):
    when = datetime(2021, 5, 1, tzinfo=TZ)
    a1 = honour("Đào Thu Hà", unit="cdcs-a1", article="tin-tuc/a.md")
    b1 = honour("Hà Văn Ơn", unit="cdcs-b1", article="tin-tuc/b.md")
    up = honour("Liên đoàn Lao động huyện A", kind=COLLECTIVE, unit="huyen-a", article="tin-tuc/c.md")
    articles = (article("tin-tuc/a.md", when, ("cdcs-a1", "huyen-a")),  # both in one chain: counted once
                article("tin-tuc/b.md", when, ("cdcs-b1",)),
                article("tin-tuc/c.md", when, ("huyen-a", "cdcs-b1")))
    unit_articles, unit_honours = _unit_rollups(registry, articles, (a1, b1, up))
    assert set(unit_articles) == set(unit_honours) == set(registry.units)  # every unit, even an empty one
    assert unit_articles["cdcs-a1"] == ("tin-tuc/a.md",)
    assert unit_articles["cdcs-a2"] == () and unit_honours["cdcs-a2"] == ()
    assert unit_articles["huyen-a"] == ("tin-tuc/a.md", "tin-tuc/c.md")
    assert unit_articles["huyen-b"] == ("tin-tuc/b.md", "tin-tuc/c.md")
    assert unit_articles["tinh"] == unit_articles["tong"] == ("tin-tuc/a.md", "tin-tuc/b.md", "tin-tuc/c.md")
    assert unit_honours["cdcs-a1"] == (a1,)
    assert unit_honours["huyen-a"] == (a1, up)
    assert unit_honours["huyen-b"] == (b1,)  # an article's unit list does not move its honours
    assert unit_honours["tinh"] == unit_honours["tong"] == (a1, b1, up)  # in the order given


# -- honour-roll order --------------------------------------------------------------------------------------

def order(honours, registry, dates=None) -> list[Honour]:
    dates = dates or {h.article: 0.0 for h in honours}
    rank = {award_id: award.rank for award_id, award in registry.awards.items()}
    return sorted(honours, key=lambda h: honour_order(h, dates, rank))


def test_years_newest_first_and_a_single_year_before_a_period_ending_then(registry):
    honours = [honour("A", year=2019), honour("B", year=(2015, 2020)), honour("C", year=2020),
               honour("D", year=2021), honour("E", year=(2018, 2019))]
    assert [h.name for h in order(honours, registry)] == ["D", "C", "B", "A", "E"]


def test_award_rank_comes_before_the_name(registry):
    honours = [honour("An", award="giay-khen"), honour("Yến", award="huan-chuong"), honour("Bình", award="bang-khen")]
    assert [h.award for h in order(honours, registry)] == ["huan-chuong", "bang-khen", "giay-khen"]


def test_people_sort_by_given_name_then_family_then_middle(registry):
    names = ["Trần Văn Bình", "Nguyễn Văn An", "Lê Văn An", "Nguyễn Thị An", "Đặng Ân", "Phạm Minh Đức",
             "Bùi Dũng", "Hoàng Tuấn Anh", "Vũ Hoàng Ánh", "Lê Thị Ánh"]
    got = [h.name for h in order([honour(n, index=i) for i, n in enumerate(names)], registry)]
    assert got == ["Lê Văn An", "Nguyễn Thị An", "Nguyễn Văn An",  # An: family Lê < Nguyễn, then middle Thị < Văn
                   "Hoàng Tuấn Anh", "Lê Thị Ánh", "Vũ Hoàng Ánh",  # Anh < Ánh: tones after letters
                   "Đặng Ân",  # â is a letter after a
                   "Trần Văn Bình", "Bùi Dũng", "Phạm Minh Đức"]  # d before đ


def test_collectives_sort_by_their_whole_name_and_counted_lines_come_last(registry):
    honours = [honour(counts=(("tap-the", 3),), index=0), honour("Trường Tiểu học Hoa Sữa", kind=COLLECTIVE, index=1),
               honour("Công đoàn phường Trung Văn", kind=COLLECTIVE, index=2), honour("Ân Văn Yên", index=3)]
    got = [h.name or "(số lượng)" for h in order(honours, registry)]
    assert got[-1] == "(số lượng)"
    assert got.index("Công đoàn phường Trung Văn") < got.index("Trường Tiểu học Hoa Sữa")


def test_printed_order_is_kept_inside_one_article(registry):
    """Entries that tie on year, award and name keep the order the article prints them in."""
    printed = [honour(counts=(("ca-nhan", 22),), index=0), honour(counts=(("tap-the", 3),), index=1),
               honour(counts=(("ca-nhan", 5),), index=2)]
    assert [h.index for h in order(list(reversed(printed)), registry)] == [0, 1, 2]
    twins = [honour("Nguyễn Văn An", unit="cdcs-b1", index=4), honour("Nguyễn Văn An", unit="cdcs-a1", index=1)]
    assert [h.index for h in order(twins, registry)] == [1, 4]


def test_ties_across_articles_put_the_newer_article_first(registry):
    older = honour(counts=(("ca-nhan", 1),), article="tin-tuc/cu.md")
    newer = honour(counts=(("ca-nhan", 1),), article="tin-tuc/moi.md")
    dates = {"tin-tuc/cu.md": 1000.0, "tin-tuc/moi.md": 2000.0}
    assert order([older, newer], registry, dates) == [newer, older]


def test_make_site_orders_rolls_and_keeps_each_article_in_printed_order(registry):
    printed = (honour("Trần Văn Bình", article="tin-tuc/a.md", index=0, unit="cdcs-a1"),
               honour("Lê Văn An", article="tin-tuc/a.md", index=1, unit="cdcs-b1"),
               honour(counts=(("ca-nhan", 7),), article="tin-tuc/a.md", index=2, unit="cdcs-a1", year=2022))
    later = (honour("Lê Văn An", article="tin-tuc/b.md", index=0, unit="cdcs-b1", award="huan-chuong", year=2021),)
    site, problems = make_site(SiteConfig(), registry,
                               [article("tin-tuc/a.md", datetime(2022, 1, 15, 8, 30, tzinfo=TZ), ("cdcs-a1",), printed),
                                article("tin-tuc/b.md", datetime(2023, 3, 1, tzinfo=TZ), ("cdcs-b1",), later)],
                               [], [])
    assert problems == []
    assert site.article("tin-tuc/a.md").honours == printed  # the article page lists them as printed
    assert [(h.article, h.index) for h in site.honours] == [
        ("tin-tuc/a.md", 2),  # 2022 first
        ("tin-tuc/b.md", 0),  # 2021: Huân chương outranks Bằng khen
        ("tin-tuc/a.md", 1), ("tin-tuc/a.md", 0)]  # then An before Bình
    assert [(h.article, h.index) for h in site.unit_honours["huyen-b"]] == [("tin-tuc/b.md", 0), ("tin-tuc/a.md", 1)]
    assert [(h.article, h.index) for h in site.unit_honours["tinh"]] == [(h.article, h.index) for h in site.honours]
    assert site.years() == (2022, 2021)
    an = site.awardees["le-van-an"]  # one person in two articles, newest honour first
    assert [(h.article, h.award) for h in an.honours] == [("tin-tuc/b.md", "huan-chuong"), ("tin-tuc/a.md", "bang-khen")]
    assert list(site.awardees) == ["le-van-an", "tran-van-binh"]  # awardees in roll-name order
