"""Honour-roll filters and name search in Chromium: accents optional, đ = d, state in the URL, plain without JS."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import matches, search_words
from bangvang.text import fold
from tests.browser.browserkit import DESKTOP, PHONE, TARGET, visible_names
from tests.test_search import FOLD_CASES

ATTRS = {"nam": "data-year", "don-vi": "data-unit", "phong-trao": "data-campaign", "danh-hieu": "data-award",
         "loai": "data-kind"}


def page_rows(html_text: str) -> list[dict]:
    """Every roll row of a built page, read in Python: its data-* values and its name."""
    rows = []
    for tr in re.findall(r"<tr data-year=.*?</tr>", html_text, re.S):
        row = {key: html.unescape(re.search(fr'{attr}="([^"]*)"', tr).group(1)) for key, attr in ATTRS.items()}
        row["search"] = html.unescape(re.search(r'data-search="([^"]*)"', tr).group(1))
        cell = re.search(r'<td class="name"[^>]*>(?:<span class="honorific">.*?</span> )?(.*?)(?:<span class=|</td>)',
                         tr, re.S).group(1)
        row["name"] = html.unescape(re.sub(r"<[^>]+>", "", cell).strip())
        rows.append(row)
    return rows


def expected(rows: list[dict], q: str = "", **filters: str) -> list[str]:
    return [r["name"] for r in rows
            if matches(r["search"], q, None if r["loai"] == "so-luong" else r["name"])
            and all(r[k] in v if isinstance(v, (set, frozenset)) else r[k] == v for k, v in filters.items() if v)]


def wait_status(page, text_part: str):
    page.wait_for_function("t => document.querySelector('[data-roll-status]').textContent.includes(t)", arg=text_part)


def test_fold_in_javascript_equals_python(example_site, open_page):
    page, _ = open_page(DESKTOP)
    page.goto(example_site.url("/bang-vang/"))
    texts = [text for text, _ in FOLD_CASES]
    folded = page.evaluate("texts => texts.map(t => window.BangVang.fold(t))", texts)
    assert folded == [fold(t) for t in texts] == [f for _, f in FOLD_CASES]
    split = page.evaluate("texts => texts.map(t => window.BangVang.words(t))", texts)
    assert split == [search_words(t) for t in texts]
    cases = [("nguyen van hung cdcs fecon", "hung nguyen", "Nguyễn Văn Hùng"),
             ("le thi dat cong doan cong ty fecon", "doan thi", "Lê Thị Đạt"),
             ("le thi dat cong doan cong ty fecon", "cong doan fecon", "Lê Thị Đạt"),
             ("doan thi dao cong doan fecon", "doan thi", "Đoàn Thị Đào"),
             ("dang thi an", "dang", None), ("hoang van toan", "an", None)]
    in_js = page.evaluate("cases => cases.map(([k, q, n]) => window.BangVang.matches(k, q, n))", cases)
    assert in_js == [matches(k, q, n) for k, q, n in cases] == [True, False, True, True, True, False]


@pytest.mark.parametrize("query, must_show", [
    ("nguyen van hung", "Nguyễn Văn Hùng"),
    ("dang", "Đặng Thị Ân"),
    ("Đặng thị", "Đặng Thị Ân"),
    ("DO QUANG HUNG", "Đỗ Quang Hưng"),
])
def test_name_search_ignores_accents_and_reads_d_as_d_stroke(example_site, open_page, query, must_show):
    page, _ = open_page(PHONE)
    rows = page_rows((example_site.root / "bang-vang/index.html").read_text("utf-8"))
    page.goto(example_site.url("/bang-vang/"))
    page.get_by_label("Tìm tên người, tập thể hoặc đơn vị").fill(query)
    want = expected(rows, query)
    wait_status(page, f"Tìm thấy {len(want)} kết quả")
    assert must_show in want
    assert visible_names(page) == want
    assert parse_qs(urlsplit(page.url).query)["q"] == [query]


def test_filters_combine_and_survive_a_reload(example_site, open_page):
    page, _ = open_page(DESKTOP)
    rows = page_rows((example_site.root / "bang-vang/index.html").read_text("utf-8"))
    page.goto(example_site.url("/bang-vang/"))
    page.select_option("select[name=loai]", "ca-nhan")
    want = expected(rows, loai="ca-nhan")
    wait_status(page, f"Tìm thấy {len(want)} kết quả")
    assert visible_names(page) == want
    year = "2021"
    page.select_option("select[name=nam]", year)
    award = rows[[r["nam"] for r in rows].index(year)]["danh-hieu"]
    page.select_option("select[name=danh-hieu]", award)
    want = expected(rows, loai="ca-nhan", nam=year, **{"danh-hieu": award})
    wait_status(page, f"Tìm thấy {len(want)} kết quả")
    assert visible_names(page) == want and want
    # groups with nothing left disappear; the others keep their headings
    assert page.locator("section.roll-year:not([hidden])").count() == 1
    # so do the small headings of an award's collectives, individuals and counted lines
    assert page.locator("tbody.roll-section[hidden]").count() > 0
    assert page.evaluate("() => [...document.querySelectorAll('tbody.roll-section')].every("
                         "b => b.hidden === !b.querySelector('tr[data-search]:not([hidden])'))")
    option = page.locator("select[name=don-vi] option").nth(1)
    unit, members = option.get_attribute("value"), option.get_attribute("data-units")
    page.select_option("select[name=don-vi]", unit)
    units = set(members.split()) if members else unit  # a unit with sub-units stands for all of them
    want = expected(rows, loai="ca-nhan", nam=year, **{"danh-hieu": award, "don-vi": units})
    if not want:
        wait_status(page, "Không tìm thấy kết quả nào")
        page.select_option("select[name=don-vi]", "")
        want = expected(rows, loai="ca-nhan", nam=year, **{"danh-hieu": award})

    shared = page.url
    query = parse_qs(urlsplit(shared).query)
    assert query["loai"] == ["ca-nhan"] and query["nam"] == [year]
    page2, _ = open_page(PHONE)
    page2.goto(shared)
    wait_status(page2, f"Tìm thấy {len(want)} kết quả")
    assert visible_names(page2) == want
    assert page2.locator("select[name=nam]").input_value() == year

    page2.get_by_role("button", name="Xóa bộ lọc").click()
    page2.wait_for_function("() => document.querySelector('[data-roll-status]').textContent === ''")
    assert len(visible_names(page2)) == len(rows)
    assert urlsplit(page2.url).query == ""


def test_the_collectives_filter_finds_a_registered_unit_honoured_itself(example_site, open_page):
    """A `don-vi` awardee (data-kind="don-vi") is a collective for the kind filter, as for totals and sections."""
    page, _ = open_page(DESKTOP)
    rows = page_rows((example_site.root / "bang-vang/index.html").read_text("utf-8"))
    units = [r["name"] for r in rows if r["loai"] == "don-vi"]
    assert "Công đoàn Công ty TNHH Cơ khí chính xác Hà Thường" in units
    page.goto(example_site.url("/bang-vang/"))
    assert "don-vi" not in page.locator("select[name=loai] option").evaluate_all("os => os.map(o => o.value)")
    page.select_option("select[name=loai]", "tap-the")
    want = expected(rows, loai={"tap-the", "don-vi"})
    wait_status(page, f"Tìm thấy {len(want)} kết quả")
    assert visible_names(page) == want and set(units) <= set(want)


def test_campaign_filter_and_unit_page_roll(example_site, open_page):
    """On a unit's roll (its sub-units included) the campaign filter keeps that campaign's rows, alone
    and with a name search; on the honour roll it shows what the campaign's own page lists."""
    page, _ = open_page(PHONE)
    rows = page_rows((example_site.root / "don-vi/ldld-ha-noi/index.html").read_text("utf-8"))
    page.goto(example_site.url("/don-vi/ldld-ha-noi/?q=pham"))
    want = expected(rows, "pham")
    wait_status(page, f"Tìm thấy {len(want)} kết quả")
    assert visible_names(page) == want and "Phạm Minh Đức" in want

    page.get_by_label("Tìm tên người, tập thể hoặc đơn vị").fill("")
    page.wait_for_function("() => document.querySelector('[data-roll-status]').textContent === ''")
    page.get_by_role("button", name="Bộ lọc", exact=True).click()  # on a phone the selects are behind this button
    campaign = "thi-dua-cong-nhan-gioi"
    page.select_option("select[name=phong-trao]", campaign)
    want = expected(rows, **{"phong-trao": campaign})
    wait_status(page, f"Tìm thấy {len(want)} kết quả")
    assert visible_names(page) == want
    assert 0 < len(want) < len(rows)
    # Thường Tín's and the city's own "Công nhân giỏi", named and counted (sub-units rolled up)
    assert {"Phạm Minh Đức", "Phạm Văn Hùng", "22 cá nhân"} <= set(want)
    shown = page.eval_on_selector_all("table.roll tbody tr[data-search]:not([hidden])", "rows => rows.filter(r => "
                                      "r.offsetParent !== null).map(r => r.dataset.campaign)")
    assert set(shown) == {campaign}
    assert parse_qs(urlsplit(page.url).query)["phong-trao"] == [campaign]

    page.get_by_label("Tìm tên người, tập thể hoặc đơn vị").fill("pham")  # both filters at once
    want = expected(rows, "pham", **{"phong-trao": campaign})
    wait_status(page, f"Tìm thấy {len(want)} kết quả")
    assert visible_names(page) == want and "Phạm Minh Đức" in want
    page.select_option("select[name=phong-trao]", "nha-giao-ha-noi-tam-huyet-sang-tao")  # no Phạm there
    assert expected(rows, "pham", **{"phong-trao": "nha-giao-ha-noi-tam-huyet-sang-tao"}) == []
    wait_status(page, "Không tìm thấy kết quả nào")
    assert visible_names(page) == []

    # the honour roll, filtered by a campaign through the URL, lists the campaign page's honours
    roll, _ = open_page(DESKTOP)
    everything = page_rows((example_site.root / "bang-vang/index.html").read_text("utf-8"))
    own_page = page_rows((example_site.root / "phong-trao/nha-giao-ha-noi-tam-huyet-sang-tao/index.html")
                         .read_text("utf-8"))
    roll.goto(example_site.url("/bang-vang/?phong-trao=nha-giao-ha-noi-tam-huyet-sang-tao"))
    want = expected(everything, **{"phong-trao": "nha-giao-ha-noi-tam-huyet-sang-tao"})
    wait_status(roll, f"Tìm thấy {len(want)} kết quả")
    assert roll.locator("select[name=phong-trao]").input_value() == "nha-giao-ha-noi-tam-huyet-sang-tao"
    assert visible_names(roll) == want
    assert sorted(want) == sorted(r["name"] for r in own_page) == ["12 cá nhân", "Nghiêm Thị Hà", "Đào Thu Hà"]


def test_roll_without_javascript_is_a_plain_list(example_site, open_page):
    page, _ = open_page(PHONE, js=False)
    page.goto(example_site.url("/bang-vang/?q=dang"))
    assert not page.locator("form.roll-filter").is_visible()
    rows = page_rows((example_site.root / "bang-vang/index.html").read_text("utf-8"))
    assert len(visible_names(page)) == len(rows)


def test_paginated_roll_searches_every_page(big_site, open_page):
    page, _ = open_page(PHONE)
    page.goto(big_site.url("/bang-vang/"))
    first_page = visible_names(page)
    assert TARGET not in first_page and page.locator("nav.pager").is_visible()
    page.get_by_label("Tìm tên người, tập thể hoặc đơn vị").fill("doan thi dao")
    wait_status(page, "Tìm thấy 1 kết quả")
    assert visible_names(page) == [TARGET]
    assert not page.locator("nav.pager").is_visible()
    page.get_by_label("Tìm tên người, tập thể hoặc đơn vị").fill("doan thi")  # not "Công đoàn" + "Thị"
    page.wait_for_function("() => location.search.includes('q=doan+thi&') || location.search.endsWith('q=doan+thi')")
    wait_status(page, "Tìm thấy 1 kết quả")
    assert page.locator(".roll-results td.name a").get_attribute("href").startswith("/vinh-danh/")

    page.get_by_label("Tìm tên người, tập thể hoặc đơn vị").fill("nguyen van hung")
    page.wait_for_function("() => location.search.includes('nguyen')")
    page.wait_for_function("() => [...document.querySelectorAll('.roll-results td.name a')]"
                           ".some(a => a.textContent === 'Nguyễn Văn Hùng')")
    assert "Nguyễn Văn Hùng" in visible_names(page)  # written in NFD in its source file

    page.get_by_label("Tìm tên người, tập thể hoặc đơn vị").fill("")
    page.wait_for_function("() => document.querySelector('[data-roll-status]').textContent === ''")
    assert visible_names(page) == first_page and page.locator("nav.pager").is_visible()


def test_paginated_year_roll_keeps_its_year(big_site, open_page):
    page, _ = open_page(DESKTOP)
    page.goto(big_site.url("/bang-vang/2019/?q=dao"))
    wait_status(page, "kết quả")
    names = visible_names(page)
    assert TARGET in names
    page.goto(big_site.url("/bang-vang/2022/?q=doan+thi+dao"))
    wait_status(page, "Không tìm thấy kết quả nào")
    assert visible_names(page) == []
