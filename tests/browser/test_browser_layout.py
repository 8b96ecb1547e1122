"""Every page type fits a 320 px phone (no horizontal scroll, WCAG 1.4.10); screenshots at 360 and 1280 px."""

from __future__ import annotations

import pytest

from tests.browser.browserkit import DESKTOP, NARROW, PHONE, page_paths

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.right > width + 1 || r.left < -1) && getComputedStyle(e).position !== 'absolute';
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
