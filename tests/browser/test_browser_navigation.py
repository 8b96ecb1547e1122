"""A reader's path through the site on a phone and a desktop: home → unit → article → honour roll."""

from __future__ import annotations

import re

import pytest

from tests.browser.browserkit import DESKTOP, PHONE


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_home_unit_article_roll(example_site, open_page, viewport):
    page, _ = open_page(viewport)
    page.goto(example_site.url("/"))
    assert page.locator("h1").inner_text() == "Bảng Vàng Công đoàn"

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Đơn vị", exact=True).click()
    page.wait_for_url(re.compile(r"/don-vi/$"))
    page.get_by_role("link", name="Liên đoàn Lao động thành phố Hà Nội", exact=True).first.click()
    page.wait_for_url(re.compile(r"/don-vi/ldld-ha-noi/$"))
    assert page.locator("h1").inner_text() == "Liên đoàn Lao động thành phố Hà Nội"
    assert page.locator("figure.chart svg[role=img]").count() == 1

    first = page.locator("#tin-bai ~ ul.cards .card-title a, section[aria-labelledby=tin-bai] .card-title a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/tin-tuc/[^/]+/$"))
    assert page.locator("h1").inner_text() == title
    assert page.locator("article[data-pagefind-body]").count() == 1

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Bảng vàng", exact=True).click()
    page.wait_for_url(re.compile(r"/bang-vang/$"))
    assert page.locator("h1").inner_text() == "Bảng vàng"
    assert page.locator("form.roll-filter").is_visible()
    assert page.locator("table.roll tbody tr").count() > 50


def test_skip_link_moves_focus_to_main(example_site, open_page):
    page, _ = open_page(DESKTOP)
    page.goto(example_site.url("/bang-vang/"))
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] >= 24  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"


def test_every_page_has_one_h1_and_the_landmarks(example_site, open_page):
    from tests.browser.browserkit import page_paths

    page, _ = open_page(DESKTOP)
    for name, path in page_paths(example_site.root).items():
        page.goto(example_site.url(path))
        counts = page.evaluate("""() => ({h1: document.querySelectorAll('h1').length,
            main: document.querySelectorAll('main').length, banner: document.querySelectorAll('body > header').length,
            nav: document.querySelectorAll('nav[aria-label]').length, lang: document.documentElement.lang})""")
        assert counts == {"h1": 1, "main": 1, "banner": 1, "nav": counts["nav"], "lang": "vi"}, name
        assert counts["nav"] >= 1, name
