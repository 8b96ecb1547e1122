"""Content format version 2 on the pages readers see (CONTENT_FORMAT.md, "Version 2"): a small site with the
new fields is built as `build` builds it, and its HTML is read back.

Article pages keep proposed and planned honours under their own headings and show the decision, issuers,
presenter, placing, organisation, honorific and "(truy tặng)"; an awardee page lists one honour reported by
several articles once, linking each article; rolls keep collectives, individuals and households apart and
say what their numbers count; unit pages show the honours a unit received itself, its predecessors' honours
marked with their names, and how an ended unit ended.
"""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import pytest

from bangvang import search
from tests.conftest import run_build

UNITS = """\
- id: tong
  name: Tổng Liên đoàn Lao động Việt Nam
  short: Tổng LĐLĐ Việt Nam
- id: ldld-hp
  name: Liên đoàn Lao động thành phố Hải Phòng
  short: LĐLĐ Hải Phòng
  parent: tong
- id: cd-cang
  name: Công đoàn Cảng Hải Phòng
  parent: ldld-hp
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
- id: cd-cu
  name: Công đoàn ngành Giao thông cũ
  parent: ldld-hp
  until: 2024-12-31
  ended: doi-ten
  successor: cd-moi
- id: cd-moi
  name: Công đoàn ngành Giao thông – Xây dựng
  parent: ldld-hp
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
SITE = "title: Trang thử\nbase_url: https://example.org/\nper_page: 5\n"


def article(title: str, date: str, unit: str, awardees: str, slug: str) -> str:
    block = textwrap.indent(textwrap.dedent(awardees).strip("\n"), "  ")
    return (f'---\ntitle: "{title}"\ndate: {date}\nunit: {unit}\ncampaign: ldg\nslug: {slug}\n'
            f"awardees:\n{block}\n---\nNội dung.\n")


DECISION = article("Quyết định khen thưởng năm 2024", "2024-03-01 08:00", "ldld-hp", """\
- name: "Nguyễn Thị Lan"
  award: bang-khen
  awarded_by: [ldld-hp, "UBND thành phố Hải Phòng"]
  decision: "95/QĐ-LĐLĐ"
  decision_date: 2024-02-20
  organisation: "Công ty TNHH Cảng Xanh"
- name: "Công đoàn Cảng Hải Phòng"
  kind: tap-the
  award: co-thi-dua
  awarded_by: "Chính phủ"
  status: de-nghi
- name: "Trần Văn Bình"
  award: bang-khen
  status: du-kien
- count: {tong: 201}
  award: bang-khen
  awarded_by: ldld-hp
- count: {ho-gia-dinh: 5}
  award: gia-dinh-van-hoa
- name: "Lê Văn Cường"
  award: giai-thuong
  honorific: "Liệt sĩ"
  posthumous: true
  period: 2009-2013
  presented_by: "Chủ tịch nước"
- name: "Phạm Văn Dũng"
  award: hoi-thi
  prize: Giải Nhì
  edition: "lần thứ 3"
  category: "khối công nhân"
- name: "Hoàng Thị Em"
  award: hoi-thi
  prize: Giải Nhất
  edition: "lần thứ 3"
  category: "khối công nhân"
- count: {tap-the: 2, ca-nhan: 7}
  award: hoi-thi
  includes_named: true
""", "quyet-dinh")
CEREMONY = article("Lễ trao Bằng khen năm 2024", "2024-04-01 08:00", "ldld-hp", """\
- name: "Nguyễn Thị Lan"
  award: bang-khen
  awarded_by: [ldld-hp, "UBND thành phố Hải Phòng"]
  presented_by: "Chủ tịch LĐLĐ thành phố"
- name: "Công đoàn Cảng Hải Phòng"
  kind: tap-the
  award: bang-khen
- name: "Hộ ông Vũ Văn Hải"
  kind: ho-gia-dinh
  award: gia-dinh-van-hoa
""", "trao-tang")
MERGED = article("Tổng kết trước sáp nhập", "2025-05-01 08:00", "ldld-tinh-a", """\
- name: "Đỗ Văn An"
  award: bang-khen
- name: "Ngô Thị Bích"
  award: bang-khen
  unit: ldld-tinh-b
- name: "Lý Văn Cảnh"
  award: bang-khen
  unit: ldld-huyen-d
- name: "LĐLĐ tỉnh B"
  kind: don-vi
  award: co-thi-dua
- name: "LĐLĐ tỉnh C"
  kind: don-vi
  award: co-thi-dua
  status: de-nghi
- name: "Đặng Thị Dung"
  award: bang-khen
  unit: cd-cu
""", "tong-ket")
OWN = article("Cờ thi đua cho LĐLĐ tỉnh C", "2025-09-01 08:00", "ldld-tinh-c", """\
- name: "ldld-tinh-c"
  kind: don-vi
  award: co-thi-dua
""", "co-thi-dua-tinh-c")


def build(root: Path, site: str = SITE) -> Path:
    files = {"site.yaml": site, "content/units.yaml": UNITS, "content/campaigns.yaml": CAMPAIGNS,
             "content/awards.yaml": AWARDS, "content/tin-tuc/quyet-dinh.md": DECISION,
             "content/tin-tuc/trao-tang.md": CEREMONY, "content/tin-tuc/tong-ket.md": MERGED,
             "content/tin-tuc/co-thi-dua.md": OWN}
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data, encoding="utf-8")
    code, _, err = run_build(root)
    assert code == 0, err
    return root / "output"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("v2pages") / "site")


def page(out: Path, url: str) -> str:
    return (out / url.strip("/") / "index.html").read_text("utf-8")


def text_of(fragment: str) -> str:
    """What a reader reads: inline tags dropped, block ones a space, entities decoded, spaces collapsed."""
    spaced = re.sub(r"</?(?:td|th|tr|li|p|h\d|div|dd|dt|caption|section|table|ul|ol)\b[^>]*>", " ", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", spaced)).split())


def section(doc: str, labelled_by: str) -> str:
    match = re.search(rf'<section[^>]*aria-labelledby="{labelled_by}"[^>]*>(.*?)</section>', doc, re.S)
    assert match, f"no section {labelled_by}"
    return match.group(1)


def rows_of(fragment: str) -> list[str]:
    return [text_of(r) for r in re.findall(r"<tr[ >].*?</tr>", fragment, re.S) if "<td" in r]


# -- article pages -------------------------------------------------------------------------------------
def test_proposed_and_planned_honours_have_their_own_headings_and_are_not_counted(built: Path):
    doc = page(built, "/tin-tuc/quyet-dinh/")
    granted, proposed, planned = (section(doc, a) for a in ("danh-sach-khen", "de-nghi-khen", "du-kien-trao"))
    assert doc.index('id="danh-sach-khen"') < doc.index('id="de-nghi-khen"') < doc.index('id="du-kien-trao"')
    assert "Được đề nghị khen thưởng" in text_of(proposed) and "Dự kiến trao tặng" in text_of(planned)
    assert "Công đoàn Cảng Hải Phòng" not in text_of(granted) and "Trần Văn Bình" not in text_of(granted)
    assert [r.split(" Cờ thi đua")[0] for r in rows_of(proposed)] == ["1 Công đoàn Cảng Hải Phòng đề nghị"]
    assert rows_of(planned)[0].startswith("1 Trần Văn Bình dự kiến Bằng khen")
    assert "không tính vào bảng vàng" in text_of(proposed) and "chưa tính vào bảng vàng" in text_of(planned)
    # 1 named + 201 + 5 households + 1 posthumous + the 9 of the contest (its 2 named winners inside them)
    assert "Danh sách được vinh danh (217 lượt)" in text_of(granted)
    assert "Trần Văn Bình" not in page(built, "/bang-vang/") and not (built / "vinh-danh/tran-van-binh").exists()


def test_an_article_without_pending_honours_has_no_pending_heading(built: Path):
    doc = page(built, "/tin-tuc/trao-tang/")
    assert 'id="danh-sach-khen"' in doc and "de-nghi-khen" not in doc and "du-kien-trao" not in doc


def test_article_rows_show_every_new_field_given(built: Path):
    rows = rows_of(section(page(built, "/tin-tuc/quyet-dinh/"), "danh-sach-khen"))
    lan, tong, households, cuong, dung, em, contest = rows
    assert "Công ty TNHH Cảng Xanh" in lan
    assert "LĐLĐ Hải Phòng và UBND thành phố Hải Phòng" in lan
    assert "Quyết định số 95/QĐ-LĐLĐ ngày 20/02/2024" in lan
    assert "Cũng có trong bài: Lễ trao Bằng khen năm 2024" in lan
    assert tong.startswith("2 201 tập thể, cá nhân Bằng khen")
    assert households.startswith("3 5 hộ gia đình ")
    assert cuong.startswith("4 Liệt sĩ Lê Văn Cường (truy tặng) ")
    assert "Người trao: Chủ tịch nước" in cuong and "2024 (thành tích giai đoạn 2009–2013)" in cuong
    assert "Hội thi sáng tạo kỹ thuật Giải Nhì, lần thứ 3, khối công nhân" in dung
    assert "Hội thi sáng tạo kỹ thuật Giải Nhất, lần thứ 3, khối công nhân" in em
    assert contest.startswith("7 2 tập thể, 7 cá nhân (kể cả các tên được nêu) ")


def test_site_search_reads_an_honour_row_but_not_its_links_to_the_other_articles_that_report_it(tmp_path: Path):
    """The "also in" links are the other articles' titles, and those articles are found on their own: a new
    title for one of them (with đ-words, which the hidden đ→d list would take up) changes nothing that
    Pagefind reads of this page, so its search part is not indexed again (search.indexed_digest)."""
    out = build(tmp_path / "site")
    before = (out / "tin-tuc/quyet-dinh/index.html").read_bytes()
    ceremony = tmp_path / "site/content/tin-tuc/trao-tang.md"
    ceremony.write_text(ceremony.read_text("utf-8").replace("Lễ trao Bằng khen năm 2024", "Đón nhận Bằng khen đợt đầu"),
                        encoding="utf-8")
    code, _, err = run_build(tmp_path / "site")
    assert code == 0, err
    after = (out / "tin-tuc/quyet-dinh/index.html").read_bytes()
    assert "Cũng có trong bài: Đón nhận Bằng khen đợt đầu" in text_of(after.decode())
    assert search.indexed_digest(before) is not None
    assert search.indexed_digest(after) == search.indexed_digest(before)


def test_a_household_is_named_as_one(built: Path):
    [row] = [r for r in rows_of(section(page(built, "/tin-tuc/trao-tang/"), "danh-sach-khen")) if "Vũ Văn Hải" in r]
    assert "Hộ ông Vũ Văn Hải Gia đình văn hóa tiêu biểu" in row


# -- awardee pages -------------------------------------------------------------------------------------
def test_one_honour_reported_by_two_articles_is_one_entry_linking_both(built: Path):
    doc = page(built, "/vinh-danh/nguyen-thi-lan/")
    assert doc.count('<li class="honour-item">') == 1
    assert "1 lần được vinh danh" in text_of(doc)
    assert '<a href="/tin-tuc/quyet-dinh/">' in doc and '<a href="/tin-tuc/trao-tang/">' in doc
    facts = text_of(doc)
    # what each report adds: the decision from the first, the presenter from the ceremony
    assert "Quyết định số 95/QĐ-LĐLĐ ngày 20/02/2024" in facts and "Người trao Chủ tịch LĐLĐ thành phố" in facts
    assert "Khen thưởng bởi LĐLĐ Hải Phòng và UBND thành phố Hải Phòng" in facts


def test_an_awardee_page_shows_honorific_posthumous_and_the_period_of_the_achievement(built: Path):
    facts = text_of(page(built, "/vinh-danh/le-van-cuong/"))
    assert "Liệt sĩ Lê Văn Cường (truy tặng)" in facts and "Thành tích giai đoạn 2009–2013" in facts
    placing = text_of(page(built, "/vinh-danh/hoang-thi-em/"))
    assert "Hội thi sáng tạo kỹ thuật 2024 Giải Nhất, lần thứ 3, khối công nhân" in placing


# -- unit pages ----------------------------------------------------------------------------------------
def notice(doc: str) -> str:
    match = re.search(r'<p class="notice" role="note">(.*?)</p>', doc, re.S)
    return text_of(match.group(1)) if match else ""


def test_an_ended_unit_says_how_it_ended_never_dissolved_for_a_merger(built: Path):
    merged = page(built, "/don-vi/ldld-tinh-a/")
    assert notice(merged).startswith("Đơn vị đã sáp nhập vào LĐLĐ tỉnh C; hoạt động đến ngày 30 tháng 6 năm 2025.")
    assert '<p class="notice" role="note">Đơn vị đã sáp nhập vào <a href="/don-vi/ldld-tinh-c/">' in merged
    assert "giải thể" not in notice(merged)
    assert notice(page(built, "/don-vi/ldld-huyen-d/")).startswith(
        "Đơn vị đã giải thể; hoạt động đến ngày 30 tháng 6 năm 2025.")
    renamed = page(built, "/don-vi/cd-cu/")
    assert notice(renamed).startswith("Đơn vị đã đổi tên thành Công đoàn ngành Giao thông – Xây dựng; tên cũ dùng "
                                      "đến ngày 31 tháng 12 năm 2024.")
    assert '<a href="/don-vi/cd-moi/">' in renamed
    assert notice(page(built, "/don-vi/ldld-tinh-c/")) == ""
    # lists of units name each ending as it was
    assert "Liên đoàn Lao động huyện D 1 lượt vinh danh đã giải thể" in text_of(
        section(merged, "truc-thuoc"))
    tree = text_of(page(built, "/don-vi/"))
    assert re.search(r"Liên đoàn Lao động tỉnh A [\d ·a-zà-ỹ]*đã sáp nhập, hoạt động đến ngày 30 tháng 6 năm 2025", tree)
    assert re.search(r"Công đoàn ngành Giao thông cũ [\d ·a-zà-ỹ]*đã đổi tên, hoạt động đến ngày 31 tháng 12 năm 2024", tree)


def test_a_successor_lists_its_predecessors_and_shows_their_honours_marked_with_their_names(built: Path):
    doc = page(built, "/don-vi/ldld-tinh-c/")
    assert text_of(section(doc, "tien-than")) == (
        "Đơn vị tiền thân LĐLĐ tỉnh A đã sáp nhập, hoạt động đến ngày 30 tháng 6 năm 2025 "
        "LĐLĐ tỉnh B đã sáp nhập, hoạt động đến ngày 30 tháng 6 năm 2025")
    roll = rows_of(section(doc, "bang-vang"))
    assert "Đỗ Văn An LĐLĐ tỉnh A (đã sáp nhập) Tổng kết trước sáp nhập" in roll
    assert "Ngô Thị Bích LĐLĐ tỉnh B (đã sáp nhập) Tổng kết trước sáp nhập" in roll
    assert "Lý Văn Cảnh Liên đoàn Lao động huyện D (thuộc LĐLĐ tỉnh A trước sáp nhập) Tổng kết trước sáp nhập" in roll
    assert "5 lượt vinh danh" in text_of(doc)
    # a renamed unit's honours: on the new name's roll, marked with the old name
    assert "Đặng Thị Dung Công đoàn ngành Giao thông cũ (đã đổi tên) Tổng kết trước sáp nhập" in rows_of(
        section(page(built, "/don-vi/cd-moi/"), "bang-vang"))


def test_honours_a_unit_received_itself_have_their_own_heading_with_its_predecessors(built: Path):
    doc = page(built, "/don-vi/ldld-tinh-c/")
    own = section(doc, "don-vi-duoc-khen")
    assert text_of(own).startswith("Đơn vị được khen thưởng (2 lượt)")
    captions = [text_of(c) for c in re.findall(r"<caption>(.*?)</caption>", own)]
    assert captions == ["Khen thưởng trao cho Liên đoàn Lao động tỉnh C", "Khen thưởng trao cho LĐLĐ tỉnh B (đã sáp nhập)"]
    assert rows_of(own) == ["Cờ thi đua 2025 Cờ thi đua cho LĐLĐ tỉnh C", "Cờ thi đua 2025 Tổng kết trước sáp nhập"]
    # the proposed one (LĐLĐ tỉnh C, de-nghi) is not there
    assert "don-vi-duoc-khen" in page(built, "/don-vi/ldld-tinh-b/")
    assert "don-vi-duoc-khen" not in page(built, "/don-vi/ldld-tinh-a/")


# -- honour rolls --------------------------------------------------------------------------------------
def award_sections(doc: str, caption: str) -> list[tuple[str, list[str]]]:
    """The small headings of one award's table on a roll, each with the names under it."""
    table = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", doc, re.S)
    assert table, caption
    out = []
    for body in re.findall(r'<tbody class="roll-section">(.*?)</tbody>', table.group(1), re.S):
        head = re.search(r'<tr class="roll-section-head"><th scope="rowgroup"[^>]*>(.*?)</th></tr>', body).group(1)
        names = [text_of(n) for n in re.findall(r'<td class="name"[^>]*>(.*?)</td>', body, re.S)]
        out.append((text_of(head), names))
    return out


def test_rolls_keep_collectives_individuals_households_and_counted_lines_under_their_own_headings(built: Path):
    doc = page(built, "/bang-vang/")
    assert award_sections(doc, "Bằng khen – 2024") == [
        ("Tập thể", ["Công đoàn Cảng Hải Phòng"]), ("Cá nhân", ["Nguyễn Thị Lan Công ty TNHH Cảng Xanh"]),
        ("Theo số lượng", ["201 tập thể, cá nhân"])]
    assert award_sections(doc, "Gia đình văn hóa tiêu biểu – 2024") == [
        ("Hộ gia đình", ["Hộ ông Vũ Văn Hải"]), ("Theo số lượng", ["5 hộ gia đình"])]
    # a registered unit honoured itself is a collective
    assert award_sections(doc, "Cờ thi đua – 2025") == [
        ("Tập thể", ["Liên đoàn Lao động tỉnh B", "Liên đoàn Lao động tỉnh C"])]
    # placings in contract order whatever the article's order; the number that holds them after them
    assert award_sections(doc, "Hội thi sáng tạo kỹ thuật – 2024") == [
        ("Giải Nhất – Cá nhân", ["Hoàng Thị Em Giải Nhất, lần thứ 3, khối công nhân"]),
        ("Giải Nhì – Cá nhân", ["Phạm Văn Dũng Giải Nhì, lần thứ 3, khối công nhân"]),
        ("Theo số lượng", ["2 tập thể, 7 cá nhân (kể cả các tên được nêu)"])]
    assert award_sections(page(built, "/bang-vang/2024/"), "Bằng khen – 2024")[0] == (
        "Tập thể", ["Công đoàn Cảng Hải Phòng"])


def test_roll_counts_say_what_they_count(built: Path):
    lead = re.search(r'<p class="lead">(.*?)</p>', page(built, "/bang-vang/"), re.S).group(1)
    # 12 named honours of 12 awardees by kind, 2 of them inside a counted line; 215 in 3 counted lines;
    # no proposed or planned honour in any number
    assert text_of(lead) == ("Tổng cộng 225 lượt vinh danh: 12 lượt nêu tên của 3 tập thể, 8 cá nhân, 1 hộ gia đình "
                             "(trong đó 2 lượt đã tính trong dòng số lượng) và 215 lượt theo 3 dòng số lượng.")
    lead = re.search(r'<p class="lead">(.*?)</p>', page(built, "/bang-vang/2025/"), re.S).group(1)
    assert text_of(lead) == ("Tổng cộng 6 lượt vinh danh trong năm 2025 (kể cả giai đoạn kết thúc năm 2025): "
                             "6 lượt nêu tên của 2 tập thể, 4 cá nhân.")


def scratch(tmp_path: Path, awardees: str) -> Path:
    """A site with the shared test registries (tests/conftest.py) and one article with these awardees."""
    from tests.conftest import AWARDS, CAMPAIGNS, SITE as SHARED_SITE, UNITS as SHARED_UNITS
    from tests.conftest import article as article_text

    root = tmp_path / "site"
    for rel, data in {"site.yaml": SHARED_SITE, "content/units.yaml": SHARED_UNITS, "content/campaigns.yaml": CAMPAIGNS,
                      "content/awards.yaml": AWARDS,
                      "content/tin-tuc/bai.md": article_text("Bài thử", extra="awardees:\n" + awardees)}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(data, encoding="utf-8")
    code, _, err = run_build(root)
    assert code == 0, err
    return root / "output"


def test_a_person_honoured_twice_is_one_awardee_with_two_honours(tmp_path: Path):
    out = scratch(tmp_path, '  - name: "Nguyễn Văn Hùng"\n    award: bang-khen\n    year: 2020\n'
                            '  - name: "Nguyễn Văn Hùng"\n    award: giay-khen\n    year: 2020\n'
                            '  - count: {ca-nhan: 4}\n    award: giay-khen\n    year: 2020\n')
    lead = re.search(r'<p class="lead">(.*?)</p>', page(out, "/bang-vang/"), re.S).group(1)
    assert text_of(lead) == "Tổng cộng 6 lượt vinh danh: 2 lượt nêu tên của 1 cá nhân và 4 lượt theo 1 dòng số lượng."


def test_the_home_page_shows_honorific_placing_and_truy_tang_of_the_latest_honours(tmp_path: Path):
    out = scratch(tmp_path, '  - name: "Trần Văn Quả"\n    award: bang-khen\n    honorific: "Liệt sĩ"\n'
                            '    posthumous: true\n    prize: "Giải Ba"\n')
    latest = re.search(r'<ul class="latest-honours">(.*?)</ul>', page(out, "/"), re.S).group(1)
    assert text_of(latest) == "Liệt sĩ Trần Văn Quả Bằng khen · Giải Ba · 2021 · truy tặng LĐLĐ TP Hà Nội"


def test_a_successors_own_roll_pages_mark_its_predecessors_honours_and_the_site_roll_does_not(tmp_path: Path):
    out = build(tmp_path / "site", SITE + "roll_preview: 2\n")
    rows = rows_of(page(out, "/don-vi/ldld-tinh-c/bang-vang/"))
    assert "Lý Văn Cảnh Liên đoàn Lao động huyện D (thuộc LĐLĐ tỉnh A trước sáp nhập) Tổng kết trước sáp nhập" in rows
    assert "Ngô Thị Bích LĐLĐ tỉnh B (đã sáp nhập) Tổng kết trước sáp nhập" in rows
    assert 'class="former"' not in page(out, "/bang-vang/")
    assert 'class="former"' not in page(out, "/don-vi/ldld-tinh-a/")  # no predecessor of its own


def test_index_pages_say_they_count_honours_not_people(built: Path):
    for url in ("/don-vi/", "/phong-trao/"):
        description = re.search(r'<meta name="description" content="([^"]*)"', page(built, url)).group(1)
        assert "số lượt vinh danh" in description and "người" not in description, url


def test_a_campaign_roll_keeps_each_units_collectives_individuals_and_counted_lines_apart(built: Path):
    doc = page(built, "/phong-trao/ldg/")
    assert award_sections(doc, "Vinh danh của Liên đoàn Lao động thành phố Hải Phòng")[:3] == [
        ("Bằng khen, 2024 – Tập thể", ["Công đoàn Cảng Hải Phòng"]),
        ("Bằng khen, 2024 – Cá nhân", ["Nguyễn Thị Lan Công ty TNHH Cảng Xanh"]),
        ("Bằng khen, 2024 – Theo số lượng", ["201 tập thể, cá nhân"])]
    assert [head for head, _ in award_sections(doc, "Vinh danh của Liên đoàn Lao động thành phố Hải Phòng")[4:7]] == [
        "Hội thi sáng tạo kỹ thuật, 2024 – Giải Nhất – Cá nhân", "Hội thi sáng tạo kỹ thuật, 2024 – Giải Nhì – Cá nhân",
        "Hội thi sáng tạo kỹ thuật, 2024 – Theo số lượng"]


def test_the_readme_examples_of_format_v2_build_in_both_languages(tmp_path: Path):
    """The editor guides' version 2 examples, as an editor would paste them into the example site (with the
    two awards the guide says to add, and the Hải Phòng union the examples name): no error, no warning."""
    import shutil

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    root = tmp_path / "site"
    for folder in ("content", "templates", "theme"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "site.yaml", root / "site.yaml")
    with (root / "content/units.yaml").open("a", encoding="utf-8") as units:
        units.write("\n- id: ldld-hai-phong\n  name: Liên đoàn Lao động thành phố Hải Phòng\n  parent: tong-ldld-vn\n")
    written = 0
    for language, start, end in (("en", "### Awardees as real articles report them", "### Stand-alone pages"),
                                 ("vi", "### Khen thưởng như bài báo thật đưa tin", "### Trang được tạo ra")):
        guide = readme[readme.index(start):readme.index(end, readme.index(start))]
        blocks = re.findall(r"```yaml\n(.*?)```", guide, re.S)
        [awards] = [b for b in blocks if b.startswith("- id: gia-dinh-van-hoa")]
        if language == "en":
            with (root / "content/awards.yaml").open("a", encoding="utf-8") as f:
                f.write("\n" + awards)
        for i, block in enumerate(b for b in blocks if b.startswith("awardees:")):
            (root / f"content/tin-tuc/2024/readme-{language}-{i}.md").write_text(
                f'---\ntitle: "Ví dụ {language} {i}"\ndate: 2024-05-0{i + 1} 08:00\nunit: ldld-ha-noi\n{block}---\nx\n',
                "utf-8")
            written += 1
    assert written == 4
    code, out, err = run_build(root)
    assert code == 0 and "cảnh báo" not in err, err
    article = page(root / "output", "/tin-tuc/vi-du-vi-1/")
    assert "Hoàng Văn Minh (truy tặng)" in text_of(article) and 'id="du-kien-trao"' in article
