"""Every page type fits a 320 px phone (no horizontal scroll, WCAG 1.4.10); screenshots at 360 and 1280 px;
honour-roll tables are cards on a phone and tables on a desktop."""

from __future__ import annotations

import pytest

from tests.browser.browserkit import DESKTOP, NARROW, PHONE, page_paths

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  // what a sideways-scrolled box holds (the phone menu) is inside the page, however long the box's row
  const scrolled = e => { for (let a = e.parentElement; a; a = a.parentElement)
    if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return true; return false; };
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.right > width + 1 || r.left < -1) && getComputedStyle(e).position !== 'absolute'
      && !scrolled(e);
  }).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')
                         + ' ' + Math.round(e.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


def settle(page) -> None:
    """Wait until the page's scripts have revealed their forms and shown results."""
    page.wait_for_load_state("load")
    if page.locator("[data-search-status]").count():
        page.wait_for_function("() => !new URLSearchParams(location.search).get('q') || "
                               "/Tìm thấy|Không tìm thấy/.test(document.querySelector('[data-search-status]').textContent)")
    if page.locator("[data-roll-filter]").count():
        page.wait_for_function("() => !document.querySelector('[data-roll-filter]').hidden")


@pytest.mark.parametrize("viewport", [NARROW, PHONE, DESKTOP], ids=["320px", "360px", "1280px"])
def test_no_horizontal_scroll_on_any_page_type(example_site, big_site, open_page, screenshot_dir, viewport):
    page, _ = open_page(viewport)
    paths = [(example_site, name, path) for name, path in page_paths(example_site.root).items()]
    paths += [(example_site, "roll-filtered", "/bang-vang/?q=dang&loai=ca-nhan"),
              (big_site, "big-roll", "/bang-vang/"), (big_site, "big-roll-search", "/bang-vang/?q=doan+thi")]
    problems = []
    for site, name, path in paths:
        page.goto(site.url(path))
        settle(page)
        found = page.evaluate(OVERFLOW)
        if found["scroll"] > found["width"]:
            problems.append(f"{viewport['width']}px {name} {path}: scrollWidth {found['scroll']} > {found['width']}: "
                            f"{found['wide']}")
        if viewport is not NARROW:
            page.screenshot(path=str(screenshot_dir / f"{name}-{viewport['width']}.png"), full_page=True)
    assert problems == []


def test_dark_mode_screenshots(example_site, open_page, screenshot_dir):
    page, _ = open_page(PHONE, color_scheme="dark")
    for name, path in (("home", "/"), ("roll", "/bang-vang/?q=nguyen"), ("unit", "/don-vi/ldld-ha-noi/")):
        page.goto(example_site.url(path))
        settle(page)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(22, 20, 15)"  # the dark theme is in force
        page.screenshot(path=str(screenshot_dir / f"{name}-360-dark.png"), full_page=True)


ROLL_LAYOUT = """() => {
  const table = document.querySelector('table.roll');
  const row = table.querySelector('tbody tr[data-search]');
  const cells = [...row.querySelectorAll('td')];
  const boxes = cells.map(c => c.getBoundingClientRect());
  const rowBox = row.getBoundingClientRect();
  return {
    table: getComputedStyle(table).display, row: getComputedStyle(row).display,
    cell: getComputedStyle(cells[1]).display, cells: cells.length,
    head: table.querySelector('thead').getBoundingClientRect().height,
    label: getComputedStyle(cells[1], '::before').content, dataLabel: cells[1].dataset.label,
    border: getComputedStyle(row).borderTopWidth,
    stacked: boxes.every((b, i) => i === 0 || b.top >= boxes[i - 1].bottom - 1),
    fullWidth: boxes.every(b => b.width >= rowBox.width * 0.8),
    sideBySide: boxes.every((b, i) => i === 0 || (Math.abs(b.top - boxes[0].top) < 2 && b.left >= boxes[i - 1].right - 1)),
  };
}"""


@pytest.mark.parametrize("path", ["/bang-vang/", "/don-vi/ldld-ha-noi/"])
def test_roll_rows_are_cards_on_a_phone_and_table_rows_on_a_desktop(example_site, open_page, path):
    phone, _ = open_page(PHONE)
    phone.goto(example_site.url(path))
    settle(phone)
    card = phone.evaluate(ROLL_LAYOUT)
    assert card["cells"] >= 3
    assert card["table"] in ("block", "grid", "flex") and card["row"] in ("block", "grid", "flex"), card
    assert card["cell"] != "table-cell", card
    assert card["stacked"] and card["fullWidth"] and not card["sideBySide"], card  # one field under another
    assert card["head"] <= 1, card  # the column headings are left to screen readers ...
    assert card["label"] == f'"{card["dataLabel"]}: "', card  # ... and each field says what it is
    assert card["border"] != "0px", card  # the row is a card

    desktop, _ = open_page(DESKTOP)
    desktop.goto(example_site.url(path))
    settle(desktop)
    table = desktop.evaluate(ROLL_LAYOUT)
    assert (table["table"], table["row"], table["cell"]) == ("table", "table-row", "table-cell"), table
    assert table["sideBySide"] and not table["stacked"], table
    assert table["head"] > 10, table
    assert table["label"] in ("none", "normal"), table
