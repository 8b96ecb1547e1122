"""The phone menu: one row at 360 and 390 px, however many entries (the default menu lists every
stand-alone page), every entry reachable by scrolling the row sideways, and nothing moving as the page
loads (the row is CSS alone)."""

from __future__ import annotations

import re

import pytest

from tests.browser.browserkit import DESKTOP, build, serve
from tests.browser.test_browser_roll_phone import CLS
from tests.conftest import ROOT

MENU = """() => {
  const items = [...document.querySelectorAll('.site-nav li')].filter(li => li.offsetParent !== null);
  const list = document.querySelector('.site-nav ul');
  return {
    rows: new Set(items.map(li => Math.round(li.getBoundingClientRect().top))).size,
    texts: items.map(li => li.textContent.trim()),
    heights: items.map(li => Math.round(li.querySelector('a').getBoundingClientRect().height)),
    page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
    overflows: list.scrollWidth > list.clientWidth,
  };
}"""


@pytest.fixture(scope="module")
def default_menu_site(tmp_path_factory):
    """The example site without `branding:`: the built-in menu, with the example's stand-alone pages."""
    folder = tmp_path_factory.mktemp("default-menu")
    text = (ROOT / "site.yaml").read_text("utf-8")
    plain = re.sub(r"\nbranding:\n(?:[ #].*\n)+", "\n", text)
    assert "branding:" not in plain and "menu:" not in plain
    (folder / "site.yaml").write_text(plain, "utf-8")
    served = serve(build(folder / "site.yaml", folder / "output", content=ROOT / "content"))
    yield served
    served.server.shutdown()


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("which", ["default", "branded"])
def test_phone_menu_is_one_row_and_every_entry_is_reachable(default_menu_site, example_site, open_page, width, which):
    site = default_menu_site if which == "default" else example_site
    page, _ = open_page({"width": width, "height": 800})
    page.goto(site.url("/"))
    page.wait_for_load_state("load")
    menu = page.evaluate(MENU)
    if which == "default":
        assert {"Giới thiệu", "Liên hệ", "Bảng vàng"} <= set(menu["texts"])  # the example's pages are in it
    assert menu["rows"] == 1, menu
    assert menu["page"] == menu["viewport"], menu  # the row scrolls, never the page
    assert min(menu["heights"]) >= 44, menu  # touch targets
    assert page.evaluate(CLS) == 0
    last = page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link").last
    name = last.inner_text()
    last.click()  # scrolled into view, then followed
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == name


def test_desktop_menu_shows_every_entry_at_once(default_menu_site, open_page):
    page, _ = open_page(DESKTOP)
    page.goto(default_menu_site.url("/"))
    menu = page.evaluate(MENU)
    assert menu["rows"] == 1 and not menu["overflows"], menu
    assert menu["texts"][0] == "Trang chủ" and "Liên hệ" in menu["texts"]
