"""Content format version 2 (CONTENT_FORMAT.md, "Version 2"): honours as real articles report them.

Articles are parsed from their text and assembled into a Site, as a build does, without writing pages:
statuses, households, unsplit totals, `includes_named`, one honour reported by several articles, contest
placings, roll sections, units with several lines of leadership and merged units, stable awardee
addresses, and the message of every new mistake.
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bangvang.assemble import make_site
from bangvang.config import SiteConfig
from bangvang.markup import MarkdownRenderer
from bangvang.parse import make_article, read_document
from bangvang.registry import parse_registries

UNITS = """\
- id: tong
  name: Tổng Liên đoàn Lao động Việt Nam
  short: Tổng LĐLĐ Việt Nam
- id: ldld-hn
  name: Liên đoàn Lao động thành phố Hà Nội
  short: LĐLĐ Hà Nội
  parent: tong
- id: cd-xd-vn
  name: Công đoàn Xây dựng Việt Nam
  parent: tong
- id: cd-xd-hn
  name: Công đoàn ngành Xây dựng Hà Nội
  parent: [ldld-hn, cd-xd-vn]
- id: cdcs-xd1
  name: Công đoàn Công ty Xây dựng Số 1
  parent: cd-xd-hn
- id: ldld-tinh-a
  name: Liên đoàn Lao động tỉnh A
  short: LĐLĐ tỉnh A
  parent: tong
  until: 2025-06-30
  successor: ldld-tinh-c
- id: ldld-tinh-b
  name: Liên đoàn Lao động tỉnh B
  short: LĐLĐ tỉnh B
  parent: tong
  until: 2025-06-30
  successor: ldld-tinh-c
- id: ldld-tinh-c
  name: Liên đoàn Lao động tỉnh C
  short: LĐLĐ tỉnh C
  parent: tong
- id: ldld-huyen-d
  name: Liên đoàn Lao động huyện D
  parent: ldld-tinh-a
  until: 2025-06-30
  ended: giai-the
"""
CAMPAIGNS = """\
- id: ldg
  name: Lao động giỏi, lao động sáng tạo
"""
AWARDS = """\
- id: co-thi-dua
  name: Cờ thi đua
  kind: danh-hieu
  for: tap-the
- id: bang-khen
  name: Bằng khen
  kind: khen-thuong
- id: giai-thuong
  name: Giải thưởng Tôn Đức Thắng
  kind: khen-thuong
  for: ca-nhan
- id: hoi-thi
  name: Hội thi sáng tạo kỹ thuật
  kind: khen-thuong
- id: gia-dinh-van-hoa
  name: Gia đình văn hóa tiêu biểu
  kind: danh-hieu
  for: ho-gia-dinh
"""
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CONFIG = SiteConfig(now=datetime(2026, 1, 1, tzinfo=TZ))
RENDERER = MarkdownRenderer()


def registry_of(units: str = UNITS, awards: str = AWARDS):
    return parse_registries({"units": units.encode(), "campaigns": CAMPAIGNS.encode(), "awards": awards.encode()},
                            lambda text, rel: text)


REGISTRY, REGISTRY_PROBLEMS = registry_of()


def text(awardees: str, *, date: str = "2024-05-01 08:00", unit: str = "ldld-hn", title: str = "Bài") -> str:
    block = textwrap.indent(textwrap.dedent(awardees).strip("\n"), "  ")
    return f'---\ntitle: "{title}"\ndate: {date}\nunit: {unit}\ncampaign: ldg\nawardees:\n{block}\n---\nNội dung.\n'


def parse(source: str, rel: str = "tin-tuc/bai.md", registry=REGISTRY):
    doc = read_document(rel, "content/" + rel, source.encode(), CONFIG.limits, RENDERER)
    return make_article(doc, registry, CONFIG)


def article(awardees: str, rel: str = "tin-tuc/bai.md", **kw):
    kw.setdefault("title", "Bài " + rel.rsplit("/", 1)[-1].removesuffix(".md"))
    found, problems = parse(text(awardees, **kw), rel)
    assert [p for p in problems if p.is_error] == [], problems
    return found


def site_of(*articles, registry=REGISTRY):
    site, problems = make_site(CONFIG, registry, articles, [], [])
    assert problems == []
    return site


def errors(awardees: str, **kw) -> list:
    found, problems = parse(text(awardees, **kw))
    assert found is None
    return [p for p in problems if p.is_error]


def test_the_registry_of_these_tests_is_valid():
    assert REGISTRY_PROBLEMS == []


# -- status -------------------------------------------------------------------------------------------------

def test_proposed_and_planned_honours_are_in_no_roll_total_or_awardee_page():
    a = article("""
        - name: "Công đoàn Công ty Xây dựng Số 1"
          kind: tap-the
          award: co-thi-dua
          status: de-nghi
        - name: "Nguyễn Văn An"
          award: bang-khen
          status: du-kien
        - name: "Lê Thị Bình"
          award: bang-khen
        - count: {ca-nhan: 12}
          award: bang-khen
          status: de-nghi
    """)
    assert [h.status for h in a.honours] == ["de-nghi", "du-kien", "da-trao", "de-nghi"]
    site = site_of(a)
    assert [h.name for h in site.honours] == ["Lê Thị Bình"]
    assert site.honour_total == 1 and site.total(site.unit_honours["tong"]) == 1
    assert list(site.awardees) == ["le-thi-binh"]
    assert [h.index for h in site.pending] == [0, 1, 3]  # kept, with their status, for open data


def test_an_unknown_status_is_an_error_with_a_did_you_mean():
    [problem] = errors("""
        - name: "Lê Thị Bình"
          award: bang-khen
          status: de-nghii
    """)
    assert problem.field == "awardees[1].status" and (problem.line, problem.column) == (9, 13)
    assert "“de-nghi”" in problem.hint and "de-nghii" in problem.message


# -- kinds: households, registered units; unsplit totals -----------------------------------------------------

def test_households_are_a_kind_an_award_can_be_for_and_a_countable_kind():
    a = article("""
        - name: "Hộ ông Nguyễn Văn Cường"
          kind: ho-gia-dinh
          award: gia-dinh-van-hoa
        - count: {ho-gia-dinh: 5}
          award: gia-dinh-van-hoa
    """)
    site = site_of(a)
    assert site.honour_total == 6
    assert [h.kind for h in site.honours] == ["ho-gia-dinh", "tap-the"]  # the counted line last
    assert dict(site.honours[1].counts) == {"ho-gia-dinh": 5}
    [problem] = errors("""
        - name: "Nguyễn Văn An"
          award: gia-dinh-van-hoa
    """)
    assert problem.field == "awardees[1].kind" and "hộ gia đình" in problem.message


def test_an_award_without_for_allows_every_kind_and_tap_the_allows_a_registered_unit():
    a = article("""
        - name: "Hộ bà Lê Thị Dung"
          kind: ho-gia-dinh
          award: bang-khen
        - name: LĐLĐ Hà Nội
          kind: don-vi
          award: co-thi-dua
    """)
    assert [h.kind for h in a.honours] == ["ho-gia-dinh", "don-vi"]


def test_a_registered_unit_is_a_collective_for_an_awards_for():
    for award, allowed in (("giai-thuong", "cá nhân"), ("gia-dinh-van-hoa", "hộ gia đình")):
        [problem] = errors(f"""
            - name: LĐLĐ Hà Nội
              kind: don-vi
              award: {award}
        """)
        assert problem.field == "awardees[1].kind" and problem.message.endswith(f"chỉ dành cho {allowed}."), award


def test_a_registered_unit_honoured_itself_is_on_its_own_unit_page_not_an_awardee_page():
    a = article("""
        - name: Công đoàn ngành Xây dựng Hà Nội
          kind: don-vi
          award: co-thi-dua
          awarded_by: tong
    """, unit="tong")
    [h] = a.honours
    assert (h.awardee_unit, h.unit, h.name) == ("cd-xd-hn", "cd-xd-hn", "Công đoàn ngành Xây dựng Hà Nội")
    site = site_of(a)
    assert site.awardees == {} and site.unit_own["cd-xd-hn"] == (h,)
    assert site.honour_total == 1 and site.unit_honours["ldld-hn"] == (h,)  # a collective in rolls and totals


def test_a_don_vi_name_not_in_the_registry_is_an_error_with_the_closest_matches():
    [problem] = errors("""
        - name: Công đoàn ngành Xây dựng Hà Nộii
          kind: don-vi
          award: co-thi-dua
    """)
    assert problem.field == "awardees[1].name" and "“Công đoàn ngành Xây dựng Hà Nội”" in problem.hint


def test_tong_is_a_total_not_split_by_kind_and_cannot_go_with_other_kinds():
    site = site_of(article("""
        - count: {tong: 201}
          award: bang-khen
    """))
    assert site.honour_total == 201
    [problem] = errors("""
        - count: {tong: 201, ca-nhan: 5}
          award: bang-khen
    """)
    assert problem.field == "awardees[1].count.tong" and "tong" in problem.message


# -- includes_named ------------------------------------------------------------------------------------------

def test_a_number_that_includes_the_named_entries_is_counted_once():
    a = article("""
        - count: {ca-nhan: 35}
          award: bang-khen
          awarded_by: ldld-hn
          includes_named: true
        - name: "Phạm Thị Chuyển"
          award: bang-khen
          awarded_by: ldld-hn
        - name: "Lê Văn Đông"
          award: bang-khen
          awarded_by: "UBND thành phố"
    """)
    assert [h.covered_by for h in a.honours] == [-1, 0, -1]  # another issuer: another honour
    site = site_of(a)
    assert site.honour_total == 35 + 1
    assert len(site.awardees) == 2  # named entries keep their pages


def test_includes_named_with_prizes_and_categories_covers_each_placing_separately():
    a = article("""
        - count: {ca-nhan: 3}
          award: hoi-thi
          prize: Giải Nhất
          includes_named: true
        - count: {ca-nhan: 9}
          award: hoi-thi
          prize: nhì
          category: khối doanh nghiệp
          includes_named: true
        - name: "Trần Văn Hải"
          award: hoi-thi
          prize: Giải Nhất
        - name: "Ngô Thị Hạnh"
          award: hoi-thi
          prize: Giải Nhì
          category: khối doanh nghiệp
        - name: "Vũ Văn Khánh"
          award: hoi-thi
          prize: Giải Nhì
          category: khối hành chính
    """)
    assert a.honours[1].prize == "Giải Nhì"  # a known placing is written as the contract spells it
    assert [h.covered_by for h in a.honours] == [-1, -1, 0, 1, -1]
    assert site_of(a).honour_total == 3 + 9 + 1


def test_a_covered_entry_of_another_unit_counts_on_its_own_roll_and_once_where_both_are():
    a = article("""
        - count: {ca-nhan: 35}
          award: bang-khen
          includes_named: true
        - name: "Phạm Thị Chuyển"
          award: bang-khen
          unit: cdcs-xd1
    """)
    site = site_of(a)
    assert site.total(site.unit_honours["cdcs-xd1"]) == 1  # the line is not on this roll: the entry counts
    assert site.total(site.unit_honours["ldld-hn"]) == 35  # both on this roll: once, inside the number
    assert site.honour_total == 35


def test_more_named_entries_than_the_number_is_an_error():
    [problem] = errors("""
        - count: {ca-nhan: 1}
          award: bang-khen
          includes_named: true
        - name: "Phạm Thị Chuyển"
          award: bang-khen
        - name: "Lê Văn Đông"
          award: bang-khen
    """)
    assert problem.field == "awardees[1].includes_named" and problem.line == 9
    assert "2 mục" in problem.message and "1 cá nhân" in problem.message


def test_includes_named_belongs_on_a_counted_line():
    [problem] = errors("""
        - name: "Lê Văn Đông"
          award: bang-khen
          includes_named: true
    """)
    assert problem.field == "awardees[1].includes_named"


# -- one honour in several articles --------------------------------------------------------------------------

DECISION = """
- name: "Nguyễn Thị Lan"
  award: bang-khen
  awarded_by: tong
  year: 2024
  decision: "{decision}"
- count: {{ca-nhan: 19}}
  award: bang-khen
  awarded_by: tong
  year: 2024
  decision: "{decision}"
"""
CEREMONY = """
- name: "Nguyễn Thị Lan"
  award: bang-khen
  awarded_by: Tổng LĐLĐ Việt Nam
  year: 2024
  presented_by: "Phó Chủ tịch Tổng LĐLĐ Việt Nam"
- count: {ca-nhan: 19}
  award: bang-khen
  awarded_by: tong
  year: 2024
"""


def test_the_same_honour_in_two_articles_is_listed_and_counted_once_with_both_articles():
    news = article(DECISION.format(decision="95/QĐ-TLĐ"), "tin-tuc/quyet-dinh.md", date="2024-05-01 08:00")
    ceremony = article(CEREMONY, "tin-tuc/trao-tang.md", date="2024-06-01 08:00")
    site = site_of(news, ceremony)
    assert site.honour_total == 1 + 19
    named = [h for h in site.honours if not h.is_counted]
    [lan] = named
    assert (lan.article, lan.decision, lan.presented_by) == ("tin-tuc/quyet-dinh.md", "95/QĐ-TLĐ",
                                                             "Phó Chủ tịch Tổng LĐLĐ Việt Nam")  # what each adds
    assert site.report_sources(lan) == ("tin-tuc/quyet-dinh.md", "tin-tuc/trao-tang.md")
    [counted] = [h for h in site.honours if h.is_counted]
    assert site.report_sources(counted) == ("tin-tuc/quyet-dinh.md", "tin-tuc/trao-tang.md")
    assert site.awardees["nguyen-thi-lan"].honours == (lan,)
    assert site.awardee_of[("tin-tuc/trao-tang.md", 0)] == "nguyen-thi-lan"


def test_two_different_decisions_are_two_honours():
    first = article(DECISION.format(decision="95/QĐ-TLĐ"), "tin-tuc/a.md", date="2024-05-01 08:00")
    second = article(DECISION.format(decision="120/QĐ-TLĐ"), "tin-tuc/b.md", date="2024-09-01 08:00")
    site = site_of(first, second)
    assert site.honour_total == 2 * (1 + 19)
    assert len(site.awardees["nguyen-thi-lan"].honours) == 2  # one awardee with two honours


def test_the_same_id_is_the_same_awardee_for_a_merge_even_in_another_unit():
    first = article('- name: "Nguyễn Thị Lan"\n  id: nguyen-thi-lan-xd\n  award: bang-khen\n  year: 2024\n',
                    "tin-tuc/a.md", date="2024-05-01 08:00")
    second = article('- name: "Nguyễn Thị Lan"\n  id: nguyen-thi-lan-xd\n  award: bang-khen\n  year: 2024\n'
                     '  unit: cdcs-xd1\n', "tin-tuc/b.md", date="2024-06-01 08:00")
    site = site_of(first, second)
    [lan] = site.honours
    assert site.honour_total == 1 and site.report_sources(lan) == ("tin-tuc/a.md", "tin-tuc/b.md")
    assert site.awardees["nguyen-thi-lan-xd"].honours == (lan,)


def test_counted_lines_with_other_numbers_or_another_unit_are_other_honours():
    line = "- count: {{ca-nhan: {n}}}\n  award: bang-khen\n  year: 2024\n  unit: {unit}\n"
    first = article(line.format(n=19, unit="ldld-hn"), "tin-tuc/a.md")
    same = article(line.format(n=19, unit="ldld-hn"), "tin-tuc/b.md")
    more = article(line.format(n=20, unit="ldld-hn"), "tin-tuc/c.md")
    elsewhere = article(line.format(n=19, unit="cdcs-xd1"), "tin-tuc/d.md")
    assert site_of(first, same).honour_total == 19
    assert site_of(first, more).honour_total == 19 + 20
    assert site_of(first, elsewhere).honour_total == 19 + 19


def test_two_equal_entries_of_one_article_are_two_honours():
    # one article printing a name twice with one award means two namesakes, never one honour reported twice
    a = article('- name: "Nguyễn Văn An"\n  award: bang-khen\n- name: "Nguyễn Văn An"\n  award: bang-khen\n')
    assert site_of(a).honour_total == 2


def test_two_different_placings_are_two_honours_and_a_report_without_one_joins_the_only_one():
    entry = '- name: "Trần Văn Hải"\n  award: hoi-thi\n  year: 2024\n'
    first = article(entry + "  prize: Giải Nhất\n", "tin-tuc/a.md", date="2024-05-01 08:00")
    other = article(entry + "  prize: Giải Ba\n  category: khối hành chính\n", "tin-tuc/b.md", date="2024-06-01 08:00")
    plain = article(entry, "tin-tuc/c.md", date="2024-07-01 08:00")
    site = site_of(first, other)
    assert site.honour_total == 2 and sorted(h.prize for h in site.honours) == ["Giải Ba", "Giải Nhất"]
    site = site_of(first, plain)
    [hai] = site.honours
    assert hai.prize == "Giải Nhất" and site.report_sources(hai) == ("tin-tuc/a.md", "tin-tuc/c.md")


def test_another_year_or_issuer_is_another_honour():
    first = article('- name: "Nguyễn Thị Lan"\n  award: bang-khen\n  year: 2023\n', "tin-tuc/a.md")
    second = article('- name: "Nguyễn Thị Lan"\n  award: bang-khen\n  year: 2024\n', "tin-tuc/b.md")
    third = article('- name: "Nguyễn Thị Lan"\n  award: bang-khen\n  year: 2024\n  awarded_by: tong\n', "tin-tuc/c.md")
    assert site_of(first, second, third).honour_total == 3


def test_a_period_written_in_year_means_the_award_year_and_the_period_of_the_achievement():
    old_style = article('- name: "Nguyễn Thị Lan"\n  award: bang-khen\n  year: "2015-2020"\n', "tin-tuc/a.md",
                        date="2020-07-01 08:00")
    new_style = article('- name: "Nguyễn Thị Lan"\n  award: bang-khen\n  year: 2020\n  period: 2015-2020\n',
                        "tin-tuc/b.md", date="2020-08-01 08:00")
    site = site_of(old_style, new_style)
    [lan] = site.honours
    assert site.honour_total == 1 and site.report_sources(lan) == ("tin-tuc/a.md", "tin-tuc/b.md")
    plain = article('- name: "Nguyễn Thị Lan"\n  award: bang-khen\n  year: 2020\n', "tin-tuc/0.md", date="2020-06-01 08:00")
    [lan] = site_of(plain, old_style).honours  # the first report, with the period the other wrote in `year`
    assert (lan.article, lan.achieved.label) == ("tin-tuc/0.md", "2015–2020")
    other = article('- name: "Nguyễn Thị Lan"\n  award: bang-khen\n  year: 2020\n  period: 2019\n', "tin-tuc/c.md",
                    date="2020-09-01 08:00")
    assert site_of(old_style, other).honour_total == 2  # another achievement, another honour of that year
    covered = article("""
        - count: {ca-nhan: 35}
          award: bang-khen
          year: 2020
          period: 2015-2020
          includes_named: true
        - name: "Phạm Thị Chuyển"
          award: bang-khen
          year: "2015-2020"
        - name: "Lê Văn Đông"
          award: bang-khen
          year: 2020
          period: 2019
    """, "tin-tuc/d.md")
    assert [h.covered_by for h in covered.honours] == [-1, 0, -1]


def test_a_merged_entry_covered_by_an_includes_named_line_stays_inside_that_number():
    summary = article("""
        - count: {ca-nhan: 35}
          award: bang-khen
          includes_named: true
        - name: "Phạm Thị Chuyển"
          award: bang-khen
    """, "tin-tuc/b.md", date="2024-06-01 08:00")
    profile = article('- name: "Phạm Thị Chuyển"\n  award: bang-khen\n', "tin-tuc/a.md", date="2024-05-01 08:00")
    site = site_of(profile, summary)
    assert site.honour_total == 35


# -- placings and roll sections ------------------------------------------------------------------------------

def test_placings_rank_in_contract_order_then_other_text_and_sections_run_collectives_individuals_households():
    a = article("""
        - name: "An"
          award: hoi-thi
          prize: Giải Khuyến khích
        - name: "Bình"
          award: hoi-thi
          prize: Giải phong cách
        - name: "Chi"
          award: hoi-thi
          prize: Giải Ba
        - name: "Dũng"
          award: hoi-thi
          prize: Giải Nhất
        - name: "Em"
          award: hoi-thi
          prize: Giải Đặc biệt
        - name: "Giang"
          award: hoi-thi
          prize: Giải Nhì
        - count: {ca-nhan: 4}
          award: bang-khen
        - name: "Hộ ông Hà"
          kind: ho-gia-dinh
          award: bang-khen
        - name: "Yên"
          award: bang-khen
        - name: "Tổ Cơ khí"
          kind: tap-the
          award: bang-khen
    """)
    site = site_of(a)
    assert [h.name or "số lượng" for h in site.honours] == [
        "Tổ Cơ khí", "Yên", "Hộ ông Hà", "số lượng",  # Bằng khen outranks the contest in this registry
        "Em", "Dũng", "Giang", "Chi", "An", "Bình"]


def test_a_placing_typed_without_accents_or_in_capitals_is_that_placing():
    written = ("nhat", "giai nhi", "GIẢI BA", "dac biet", "Khuyen khich", "Giải phong cách", "nhất nhì")
    a = article("".join(f'- name: "Người {i}"\n  award: hoi-thi\n  prize: "{p}"\n' for i, p in enumerate(written)))
    assert [h.prize for h in a.honours] == ["Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Đặc biệt", "Giải Khuyến khích",
                                            "Giải phong cách", "nhất nhì"]
    assert [h.name for h in site_of(a).honours] == ["Người 3", "Người 0", "Người 1", "Người 2", "Người 4",
                                                    "Người 5", "Người 6"]


def test_honorific_is_shown_but_never_sorts_or_identifies():
    first = article('- name: "Nguyễn Văn Yên"\n  honorific: "Thượng tá"\n  award: bang-khen\n', "tin-tuc/a.md")
    second = article('- name: "Nguyễn Văn Yên"\n  award: bang-khen\n  year: 2023\n  posthumous: true\n',
                     "tin-tuc/b.md")
    site = site_of(first, second)
    assert list(site.awardees) == ["nguyen-van-yen"]
    assert {h.honorific for h in site.honours} == {"Thượng tá", ""}
    assert [h.posthumous for h in second.honours] == [True]


def test_every_new_field_is_read_as_written():
    a = article("""
        - name: "Trần Thị Mai"
          award: bang-khen
          awarded_by: [UBND thành phố Hải Phòng, ldld-hn]
          presented_by: "Chủ tịch UBND thành phố"
          decision: "95/QĐ-UBND"
          decision_date: 2024-04-20
          year: 2024
          period: 2019-2023
          edition: lần thứ 3
          category: khối công đoàn cấp huyện
          organisation: Công ty TNHH Vonfram Masan Thái Nguyên
          honorific: Anh hùng Lao động
    """)
    [h] = a.honours
    assert h.issuers == (("", "UBND thành phố Hải Phòng"), ("ldld-hn", ""))
    assert (h.presented_by, h.decision, h.decision_date.isoformat()) == (
        "Chủ tịch UBND thành phố", "95/QĐ-UBND", "2024-04-20")
    assert (h.period.label, h.achieved.label, h.edition, h.category) == (
        "2024", "2019–2023", "lần thứ 3", "khối công đoàn cấp huyện")
    assert (h.organisation, h.honorific, h.posthumous) == ("Công ty TNHH Vonfram Masan Thái Nguyên",
                                                           "Anh hùng Lao động", False)


def test_the_new_fields_of_a_counted_line_are_read_as_written():
    a = article("""
        - count: {ca-nhan: 12}
          award: hoi-thi
          status: du-kien
          decision: "12/QĐ-LĐLĐ"
          decision_date: 2024-04-20
          period: 2023
          prize: Giải Ba
          edition: lần thứ 2
          category: khối doanh nghiệp
          presented_by: "Chủ tịch LĐLĐ thành phố"
          organisation: Công ty TNHH Cơ khí Đông Anh
    """)
    [h] = a.honours
    assert (h.status, h.decision, h.decision_date.isoformat(), h.achieved.label) == (
        "du-kien", "12/QĐ-LĐLĐ", "2024-04-20", "2023")
    assert (h.prize, h.edition, h.category, h.presented_by, h.organisation) == (
        "Giải Ba", "lần thứ 2", "khối doanh nghiệp", "Chủ tịch LĐLĐ thành phố", "Công ty TNHH Cơ khí Đông Anh")


def test_an_issuer_written_like_a_unit_id_that_is_not_in_the_registry_is_a_warning():
    found, problems = parse(text('- name: "A"\n  award: bang-khen\n  awarded_by: [UBND thành phố, ldld-hnn]\n'))
    [warning] = problems
    assert not warning.is_error and warning.field == "awardees[1].awarded_by" and (warning.line, warning.column) == (9, 34)
    assert "“ldld-hnn”" in warning.message and "Liên đoàn Lao động thành phố Hà Nội" in warning.hint
    assert found.honours[0].issuers == (("", "UBND thành phố"), ("", "ldld-hnn"))  # still free text, as written


def test_new_fields_are_checked_like_the_old_ones_all_in_one_run():
    problems = errors("""
        - name: "Trần Thị Mai"
          award: bang-khen
          decision_date: 31/02/2024
          period: "2019 đến 2023"
          posthumous: hmm
          stauts: de-nghi
        - count: {ca-nhan: 3}
          award: bang-khen
          posthumous: true
          honorific: "Thượng tá"
    """)
    fields = {p.field for p in problems}
    assert fields == {"awardees[1].decision_date", "awardees[1].period", "awardees[1].posthumous",
                      "awardees[1].stauts", "awardees[2].posthumous", "awardees[2].honorific"}
    assert all(p.line and p.column for p in problems)
    assert "“status”" in next(p.hint for p in problems if p.field == "awardees[1].stauts")


# -- units: several lines of leadership, mergers -------------------------------------------------------------

def test_a_unit_under_two_parents_is_on_both_rolls_and_counted_once_above_them():
    a = article('- name: "Đỗ Văn Tú"\n  award: bang-khen\n', unit="cdcs-xd1")
    site = site_of(a)
    for unit in ("cdcs-xd1", "cd-xd-hn", "ldld-hn", "cd-xd-vn", "tong"):
        assert len(site.unit_honours[unit]) == 1 and site.total(site.unit_honours[unit]) == 1, unit
        assert site.unit_articles[unit] == ("tin-tuc/bai.md",), unit
    assert REGISTRY.units["cd-xd-hn"].parent == "ldld-hn"  # the direct line: breadcrumbs and the unit tree
    assert REGISTRY.children["ldld-hn"] == ("cd-xd-hn",) and "cd-xd-hn" not in REGISTRY.children.get("cd-xd-vn", ())
    assert site.unit_lineage["cdcs-xd1"].count("tong") == 1


def test_a_successor_includes_the_honours_of_every_predecessor():
    a = article('- name: "Hà Văn Ơn"\n  award: bang-khen\n', "tin-tuc/a.md", unit="ldld-tinh-a")
    b = article('- name: "Lò Thị Pấu"\n  award: bang-khen\n', "tin-tuc/b.md", unit="ldld-tinh-b")
    d = article('- name: "Vi Văn Quý"\n  award: bang-khen\n', "tin-tuc/d.md", unit="ldld-huyen-d")
    c = article('- name: "Cầm Văn Sơn"\n  award: bang-khen\n', "tin-tuc/c.md", unit="ldld-tinh-c")
    site = site_of(a, b, c, d)
    assert {h.name for h in site.unit_honours["ldld-tinh-c"]} == {"Hà Văn Ơn", "Lò Thị Pấu", "Cầm Văn Sơn",
                                                                 "Vi Văn Quý"}  # a's sub-unit came along
    assert {h.name for h in site.unit_honours["ldld-tinh-a"]} == {"Hà Văn Ơn", "Vi Văn Quý"}
    assert site.total(site.unit_honours["tong"]) == 4  # once, though two ways lead up
    assert REGISTRY.predecessors("ldld-tinh-c") == ("ldld-tinh-a", "ldld-tinh-b")
    assert [REGISTRY.units[u].ended for u in ("ldld-tinh-a", "ldld-huyen-d", "ldld-tinh-c")] == [
        "sap-nhap", "giai-the", ""]


def registry_errors(units: str) -> list:
    _, problems = registry_of(units=units)
    return [p for p in problems if p.is_error]


def test_an_unknown_parent_or_successor_is_a_content_error_with_the_closest_matches_not_a_crash():
    units = UNITS + "- id: x\n  name: Công đoàn X\n  parent: [ldld-hn, Liên đoàn Lao động tỉnh Cc]\n" \
                    "  until: 2025-07-01\n  successor: ldld-tinh-cc\n"
    problems = registry_errors(units)
    assert {p.field for p in problems} == {"x.parent[2]", "x.successor"}
    assert all(p.line and "“Liên đoàn Lao động tỉnh C”" in p.hint for p in problems)
    registry, _ = registry_of(units=units)  # what is left still assembles: no KeyError anywhere
    site, _ = make_site(CONFIG, registry, [article('- name: "A"\n  award: bang-khen\n', unit="ldld-hn")], [], [])
    assert site.unit_lineage["x"] == ("x", "ldld-hn", "tong")


def test_a_parent_is_matched_by_name_short_name_or_alias_as_other_references_are():
    registry, problems = registry_of(units=UNITS + "- id: x\n  name: Công đoàn X\n  parent: LĐLĐ Hà Nội\n")
    assert problems == [] and registry.units["x"].parents == ("ldld-hn",)


def test_a_cycle_through_a_second_line_is_an_error():
    units = UNITS.replace("  parent: tong\n- id: cd-xd-hn", "  parent: [tong, cdcs-xd1]\n- id: cd-xd-hn")
    problems = registry_errors(units)
    assert problems and all(p.code == "cycle" for p in problems)
    assert any("cd-xd-vn → cdcs-xd1 → cd-xd-hn → cd-xd-vn" in p.message for p in problems)


def test_a_cycle_of_successors_is_an_error_and_a_unit_merged_into_the_unit_above_it_is_not():
    units = UNITS.replace("  until: 2025-06-30\n  ended: giai-the\n", "  until: 2025-06-30\n  successor: ldld-tinh-a\n")
    assert registry_errors(units) == []  # a district merged into its province
    units = UNITS.replace("  parent: tong\n- id: ldld-huyen-d", "  parent: tong\n  until: 2025-06-30\n"
                          "  successor: ldld-tinh-a\n- id: ldld-huyen-d")
    problems = registry_errors(units)
    assert {p.field for p in problems} == {"ldld-tinh-a.successor", "ldld-tinh-c.successor"}
    assert all(p.code == "cycle" and p.line for p in problems)
    assert any("ldld-tinh-a → ldld-tinh-c → ldld-tinh-a" in p.message for p in problems)


def test_ended_takes_three_values_and_needs_until_and_for_a_merger_a_successor():
    units = UNITS.replace("  ended: giai-the\n", "  ended: giai-thee\n") + \
        "- id: y\n  name: Công đoàn Y\n  parent: tong\n  ended: doi-ten\n"
    problems = registry_errors(units)
    by_field = {p.field: p for p in problems}
    assert set(by_field) == {"[9].ended", "y.ended"}
    assert "“giai-the”" in by_field["[9].ended"].hint
    assert "until" in next(p.message for p in problems if p.field == "y.ended")


# -- awardee addresses ---------------------------------------------------------------------------------------

def test_a_later_namesake_gets_the_unit_added_and_the_first_keeps_its_address():
    first = article('- name: "Nguyễn Văn An"\n  award: bang-khen\n', "tin-tuc/z.md", date="2021-01-01 08:00")
    before = site_of(first)
    assert list(before.awardees) == ["nguyen-van-an"]
    later = article('- name: "Nguyễn Văn An"\n  award: bang-khen\n  unit: ldld-tinh-c\n', "tin-tuc/a.md",
                    date="2024-01-01 08:00", unit="ldld-tinh-c")
    after = site_of(first, later)
    assert after.awardee_of[("tin-tuc/z.md", 0)] == "nguyen-van-an"
    assert after.awardee_of[("tin-tuc/a.md", 0)] == "nguyen-van-an-ldld-tinh-c"  # the unit's short name


def test_a_later_summary_holding_an_existing_honour_in_its_number_moves_no_address():
    first = article('- name: "Nguyễn Văn An"\n  award: bang-khen\n', "tin-tuc/a1.md", date="2024-01-01 08:00")
    namesake = article('- name: "Nguyễn Văn An"\n  award: bang-khen\n  unit: cdcs-xd1\n', "tin-tuc/a2.md",
                       date="2024-02-01 08:00")
    before = site_of(first, namesake)
    summary = article("""
        - count: {ca-nhan: 10}
          award: bang-khen
          includes_named: true
        - name: "Nguyễn Văn An"
          award: bang-khen
    """, "tin-tuc/a3.md", date="2024-03-01 08:00")
    after = site_of(first, namesake, summary)  # the summary's report is the one the merge keeps (it is covered)
    assert {k: after.awardee_of[k] for k in before.awardee_of} == dict(before.awardee_of) == {
        ("tin-tuc/a1.md", 0): "nguyen-van-an", ("tin-tuc/a2.md", 0): "nguyen-van-an-cdcs-xd1"}
    assert after.awardee_of[("tin-tuc/a3.md", 1)] == "nguyen-van-an"


def test_an_id_given_by_the_editor_always_wins_the_plain_slug():
    first = article('- name: "Nguyễn Văn An"\n  award: bang-khen\n', "tin-tuc/a.md", date="2021-01-01 08:00")
    other = article('- name: "Nguyễn Văn Ân"\n  award: bang-khen\n  id: nguyen-van-an\n  unit: cd-xd-vn\n',
                    "tin-tuc/b.md", date="2024-01-01 08:00")
    site = site_of(first, other)
    assert site.awardee_of[("tin-tuc/b.md", 0)] == "nguyen-van-an"
    assert site.awardee_of[("tin-tuc/a.md", 0)] == "nguyen-van-an-ldld-ha-noi"


@pytest.mark.parametrize("status", ["de-nghi", "du-kien"])
def test_an_awardee_with_only_pending_honours_has_no_page(status):
    site = site_of(article(f'- name: "Nguyễn Văn An"\n  award: bang-khen\n  status: {status}\n'))
    assert site.awardees == {} and site.honour_total == 0


def test_check_lists_the_merges_it_made(scratch_site):
    import io

    from bangvang.cli import main
    from tests.conftest import article as article_text

    lan = '  - name: "Nguyễn Thị Lan"\n    award: bang-khen\n    year: 2021\n'
    root = scratch_site({"content/tin-tuc/quyet-dinh.md": article_text("Quyết định khen thưởng", extra="awardees:\n" + lan),
                         "content/tin-tuc/trao-tang.md": article_text("Lễ trao tặng", date="2021-07-01 08:00",
                                                                      extra="awardees:\n" + lan)})
    out = io.StringIO()
    assert main(["check", "--config", str(root / "site.yaml")], out=out, err=io.StringIO()) == 0
    [line] = [line for line in out.getvalue().splitlines() if line.startswith("Gộp")]
    assert "“Nguyễn Thị Lan”, Bằng khen năm 2021" in line
    assert "content/tin-tuc/quyet-dinh.md:6 và content/tin-tuc/trao-tang.md:6" in line
