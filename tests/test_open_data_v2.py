"""Open data of format version 2 (CONTENT_FORMAT.md, "Honour rolls"): the new columns, proposed and planned
rows with their status, one row for an honour that several articles report, and totals that equal the
totals the roll pages show (granted only; a named entry inside an `includes_named` number counted once;
households and unsplit totals counted).

The site is assembled from article texts as a build does (tests/test_format_v2.py); its data files are made
by the open-data family both ways a build makes them: one file per job, and streamed.
"""

from __future__ import annotations

import json

import pytest

from bangvang.exports import COLUMNS
from bangvang.pages import Plan, machine
from bangvang.render import SERIALIZERS
from tests.test_format_v2 import article, site_of

HA_NOI = """
- name: "Hộ ông Nguyễn Văn Cường"
  kind: ho-gia-dinh
  award: gia-dinh-van-hoa
- count: {ho-gia-dinh: 5}
  award: gia-dinh-van-hoa
- count: {tong: 201}
  award: bang-khen
  awarded_by: tong
- count: {ca-nhan: 35}
  award: bang-khen
  awarded_by: ldld-hn
  includes_named: true
- name: "Phạm Thị Chuyển"
  award: bang-khen
  awarded_by: ldld-hn
- name: "Trần Văn Bình"
  award: bang-khen
  awarded_by: ldld-hn
  unit: cdcs-xd1
- name: Công đoàn ngành Xây dựng Hà Nội
  kind: don-vi
  award: co-thi-dua
- name: "Công đoàn Công ty Xây dựng Số 1"
  kind: tap-the
  award: co-thi-dua
  status: de-nghi
- count: {ca-nhan: 12}
  award: bang-khen
  status: du-kien
- name: "Lê Văn Đông"
  award: hoi-thi
  prize: Giải Nhất
  edition: lần thứ 3
  category: khối doanh nghiệp
  organisation: Công ty TNHH Cơ khí Đông Anh
  honorific: Thượng tá
  posthumous: true
  decision: 95/QĐ-LĐLĐ
  decision_date: 2024-04-20
  period: 2019-2023
  presented_by: Phó Chủ tịch LĐLĐ thành phố
  awarded_by: [ldld-hn, "UBND thành phố Hà Nội"]
"""
CEREMONY = """
- name: "Phạm Thị Chuyển"
  award: bang-khen
  awarded_by: ldld-hn
"""
MERGED_PROVINCE = """
- name: "Nguyễn Văn An"
  award: bang-khen
- count: {tap-the: 3, ca-nhan: 4}
  award: bang-khen
"""


@pytest.fixture(scope="module")
def site():
    return site_of(article(HA_NOI, "tin-tuc/ha-noi.md", date="2024-05-01 08:00"),
                   article(CEREMONY, "tin-tuc/trao-tang.md", date="2024-06-01 08:00"),
                   article(MERGED_PROVINCE, "tin-tuc/tinh-a.md", date="2024-03-01 08:00", unit="ldld-tinh-a"))


def data_files(site, streamed: bool) -> dict[str, bytes]:
    """URL → bytes of every open-data file, as the build makes them."""
    plan = Plan(site, streamed=streamed)
    out: dict[str, bytes] = {}
    for work in machine.data_work(plan, None):
        for job in work():
            if not streamed:
                out[job.url] = SERIALIZERS[job.template](job.context)
                continue
            encode, streams = job.streams()
            pieces = [[s.head()] for s in streams]
            for view, files in job.rows():
                line = encode(view)
                for i in files:
                    pieces[i].append(streams[i].add(view, line))
            for url, stream, parts in zip(job.urls, streams, pieces):
                out[url] = b"".join(parts + [stream.tail()])
    return out


def json_files(site) -> dict[str, dict]:
    return {url: json.loads(data) for url, data in data_files(site, False).items() if url.endswith(".json")}


def test_every_total_of_every_data_file_equals_the_total_its_roll_shows(site):
    files = json_files(site)
    urls = site.urls
    scopes = {urls.honours_data("json"): site.honours}
    # the top unit's roll is the site's: it has no file of its own (its page links the site's)
    scopes.update({urls.unit_honours_data(u, "json"): site.unit_honours[u] for u in site.registry.units
                   if len(site.unit_honours[u]) < len(site.honours)})
    scopes.update({urls.campaign_honours_data(c, "json"): site.campaign_honours[c] for c in site.registry.campaigns})
    assert set(files) == set(scopes)
    assert urls.unit_honours_data("tong", "json") not in files
    for url, honours in scopes.items():
        totals = files[url]["totals"]
        assert totals["honours"] == site.total(honours), url
        assert totals["named"] + totals["counted"] == len(honours), url
    site_totals = files[urls.honours_data("json")]["totals"]
    # 1 + 5 households, 201 unsplit, 35 with Chuyển and Bình inside, the unit, Đông, An, 3 + 4
    assert site_totals == {"rows": 12, "pending": 2, "named": 6, "counted": 4, "collectives": 1 + 3,
                           "individuals": 35 + 1 + 1 + 4, "households": 6, "unsplit": 201, "honours": 252}
    assert site.honour_total == 252
    # a covered entry of another unit counts on its own unit's roll, where the line is not
    assert files[urls.unit_honours_data("cdcs-xd1", "json")]["totals"]["honours"] == 1
    # the merged province's honours are on its successor's roll and file
    assert files[urls.unit_honours_data("ldld-tinh-c", "json")]["totals"]["honours"] == 1 + 7


def test_households_and_unsplit_totals_have_their_own_columns(site):
    rows = json_files(site)[site.urls.honours_data("json")]["honours"]
    by_name = {r["name"]: r for r in rows if r["name"]}
    household = by_name["Hộ ông Nguyễn Văn Cường"]
    assert (household["households"], household["collectives"], household["individuals"]) == (1, 0, 0)
    assert household["kind_id"] == "ho-gia-dinh" and household["kind"] == "hộ gia đình"
    counted = [r for r in rows if r["kind_id"] == "so-luong"]
    assert [r["households"] for r in counted if r["award_id"] == "gia-dinh-van-hoa"] == [5]
    assert [r["unsplit"] for r in counted if r["unsplit"]] == [201]
    unit = by_name["Công đoàn ngành Xây dựng Hà Nội"]
    assert (unit["kind_id"], unit["collectives"], unit["awardee_url"]) == ("don-vi", 1, "http://localhost:8000/don-vi/cd-xd-hn/")


def test_a_named_entry_inside_a_number_names_that_line(site):
    rows = json_files(site)[site.urls.honours_data("json")]["honours"]
    [line] = [r for r in rows if r["individuals"] == 35]
    covered = {r["name"]: r["included_in"] for r in rows if r["included_in"]}
    assert covered == {"Phạm Thị Chuyển": line["id"], "Trần Văn Bình": line["id"]}
    assert line["id"] == "bai-ha-noi#4"


def test_proposed_and_planned_rows_carry_their_status_after_the_roll_and_count_in_no_total(site):
    for url, doc in json_files(site).items():
        statuses = [r["status_id"] for r in doc["honours"]]
        assert statuses == sorted(statuses, key=lambda s: s != "da-trao"), url  # granted rows first
        assert doc["totals"]["pending"] == sum(s != "da-trao" for s in statuses)
    rows = json_files(site)[site.urls.honours_data("json")]["honours"]
    pending = [(r["name"], r["status_id"], r["status"], r["individuals"]) for r in rows if r["status_id"] != "da-trao"]
    assert pending == [("Công đoàn Công ty Xây dựng Số 1", "de-nghi", "đề nghị", 0), ("", "du-kien", "dự kiến", 12)]
    assert all(r["awardee_url"] == "" for r in rows if r["status_id"] == "de-nghi")  # no awardee page


def test_an_honour_reported_by_two_articles_is_one_row_listing_both(site):
    rows = json_files(site)[site.urls.honours_data("json")]["honours"]
    [chuyen] = [r for r in rows if r["name"] == "Phạm Thị Chuyển"]
    assert chuyen["articles"] == "http://localhost:8000/tin-tuc/bai-ha-noi/ http://localhost:8000/tin-tuc/bai-trao-tang/"


def test_the_new_fields_are_columns_as_written(site):
    rows = json_files(site)[site.urls.honours_data("json")]["honours"]
    [dong] = [r for r in rows if r["name"] == "Lê Văn Đông"]
    assert {k: dong[k] for k in ("prize", "edition", "category", "organisation", "honorific", "posthumous",
                                 "decision", "decision_date", "period", "presented_by", "year", "awarded_by",
                                 "awarded_by_id", "status")} == {
        "prize": "Giải Nhất", "edition": "lần thứ 3", "category": "khối doanh nghiệp",
        "organisation": "Công ty TNHH Cơ khí Đông Anh", "honorific": "Thượng tá", "posthumous": True,
        "decision": "95/QĐ-LĐLĐ", "decision_date": "2024-04-20", "period": "2019–2023",
        "presented_by": "Phó Chủ tịch LĐLĐ thành phố", "year": "2024",
        "awarded_by": "Liên đoàn Lao động thành phố Hà Nội; UBND thành phố Hà Nội", "awarded_by_id": "ldld-hn;",
        "status": "đã trao"}
    assert list(COLUMNS)[:20][-1] == "awardee_url"  # the version 1 columns keep their places


def test_streamed_data_files_equal_the_one_file_ones(site):
    assert data_files(site, True) == data_files(site, False)


# -- the chart, the awardee index and the roll filters follow the same rules -----------------------------------

def jobs_of(site, family) -> list:
    plan = Plan(site, streamed=False)
    return [job for work in family.work(plan, None) for job in work()]


def test_the_chart_counts_granted_honours_once_as_the_roll_total_does(site):
    from bangvang.pages import groups

    unit_pages = {job.url: job.context for job in jobs_of(site, groups.FAMILY) if job.template == "unit.html"}
    hanoi = unit_pages[site.urls.unit("ldld-hn")]
    # households 6, unsplit 201, the number of 35 (Chuyển, reported twice, and Bình inside it), the unit, Đông
    assert hanoi["chart"].rows == (("2024", 244),) and site.total(site.unit_honours["ldld-hn"]) == 244
    successor = unit_pages[site.urls.unit("ldld-tinh-c")]
    assert successor["chart"].rows == (("2024", 8),)  # its predecessor's honours
    assert unit_pages[site.urls.unit("cdcs-xd1")]["chart"].rows == (("2024", 1),)


def test_the_awardee_index_lists_each_granted_honour_once(site):
    from bangvang.pages import rolls
    from bangvang.search import awardee_index

    [job] = [job for job in jobs_of(site, rolls.AWARDEE_INDEX)]
    index = json.loads(awardee_index(job.context))
    f = {name: i for i, name in enumerate(index["fields"])}
    names = [r[f["name"]] for r in index["rows"] if r[f["kind"]] != "so-luong"]
    assert sorted(names) == sorted(["Hộ ông Nguyễn Văn Cường", "Phạm Thị Chuyển", "Trần Văn Bình", "Lê Văn Đông",
                                    "Nguyễn Văn An", "Công đoàn ngành Xây dựng Hà Nội"])
    kinds = {r[f["name"]]: r[f["kind"]] for r in index["rows"]}
    assert kinds["Công đoàn ngành Xây dựng Hà Nội"] == "tap-the"  # a collective for the kind filter
    assert kinds["Hộ ông Nguyễn Văn Cường"] == "ho-gia-dinh" and index["kinds"]["ho-gia-dinh"] == "hộ gia đình"
    assert len(index["rows"]) == len(site.honours) == 10


def test_the_kind_filter_offers_households_and_counts_a_registered_unit_as_a_collective(site):
    plan = Plan(site, streamed=False)
    [kinds] = [f for f in plan.facets(site.honours) if f.name == "loai"]
    assert kinds.options == (("ca-nhan", "Cá nhân"), ("tap-the", "Tập thể"), ("ho-gia-dinh", "Hộ gia đình"),
                             ("so-luong", "Chỉ ghi số lượng"))
    units_only = [h for h in site.honours if h.kind == "don-vi" or h.name == "Lê Văn Đông"]
    [kinds] = [f for f in plan.facets(units_only) if f.name == "loai"]
    assert kinds.options == (("ca-nhan", "Cá nhân"), ("tap-the", "Tập thể"))


def test_a_period_written_in_year_is_in_the_period_column_too():
    site = site_of(article('- name: "Nguyễn Thị Lan"\n  award: bang-khen\n  year: "2015-2020"\n'
                           '- name: "Lê Văn Đông"\n  award: bang-khen\n  year: 2020\n'))
    rows = json_files(site)[site.urls.honours_data("json")]["honours"]
    assert {r["name"]: (r["year"], r["period"]) for r in rows} == {"Nguyễn Thị Lan": ("2015–2020", "2015–2020"),
                                                                  "Lê Văn Đông": ("2020", "")}
