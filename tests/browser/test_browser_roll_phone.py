"""What readers hit first on the honour roll: the first names on a phone's first screen, the filters
behind one button, no layout shift (CLS) on the roll, home and article pages, a unit's filter with its
sub-units."""

from __future__ import annotations

import pytest

from tests.browser.browserkit import DESKTOP, visible_names
from tests.browser.test_browser_roll import page_rows, wait_status

SCREEN = {"width": 390, "height": 800}
CLS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(total), 1500);
})"""


def article_path(site) -> str:
    page = next(p for p in sorted((site.root / "tin-tuc").glob("*/index.html"))
                if "roll-article" in p.read_text("utf-8"))
    return "/" + page.parent.relative_to(site.root).as_posix() + "/"


def test_first_name_on_the_first_screen_and_filters_behind_one_button(example_site, open_page):
    page, _ = open_page(SCREEN)
    page.goto(example_site.url("/bang-vang/"))
    page.wait_for_load_state("load")
    first = page.locator("table.roll tbody tr td.name").first
    box = first.bounding_box()
    assert box["y"] >= 0 and box["y"] + 24 <= SCREEN["height"], box  # its first line, without scrolling
    assert page.get_by_label("Tìm tên người, tập thể hoặc đơn vị").is_visible()
    selects = page.locator("form.roll-filter select")
    assert selects.count() >= 3 and not selects.first.is_visible()
    toggle = page.get_by_role("button", name="Bộ lọc", exact=True)
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and selects.first.is_visible()
    desktop, _ = open_page(DESKTOP)
    desktop.goto(example_site.url("/bang-vang/"))
    assert desktop.locator("form.roll-filter select").first.is_visible()
    assert not desktop.get_by_role("button", name="Bộ lọc", exact=True).is_visible()


@pytest.mark.parametrize("viewport", [SCREEN, DESKTOP], ids=["390px", "1280px"])
def test_no_layout_shift_on_roll_home_and_article(example_site, open_page, viewport):
    page, _ = open_page(viewport)
    for path in ("/bang-vang/", "/", article_path(example_site), "/don-vi/ldld-ha-noi/"):
        page.goto(example_site.url(path))
        page.wait_for_load_state("load")
        shift = page.evaluate(CLS)
        assert shift < 0.1, (path, shift)


def test_unit_filter_includes_sub_units_as_the_unit_page_does(example_site, open_page):
    own = page_rows((example_site.root / "don-vi/ldld-ha-noi/index.html").read_text("utf-8"))
    page, _ = open_page(DESKTOP)
    page.goto(example_site.url("/bang-vang/?don-vi=ldld-ha-noi"))
    wait_status(page, f"Tìm thấy {len(own)} kết quả")
    assert sorted(visible_names(page)) == sorted(r["name"] for r in own)
    assert len({r["don-vi"] for r in own}) > 3  # the city's districts and their grassroots unions
