"""The site search page keeps still while Pagefind loads: its form and filters are in the HTML (shown
before the first paint), and results arriving never move what the reader sees (CLS)."""

from __future__ import annotations

import time

import pytest

from tests.browser.browserkit import DESKTOP
from tests.browser.test_browser_roll_phone import CLS, SCREEN
from tests.browser.test_browser_site_search import wait_results

SLOW = 0.8  # seconds added to Pagefind's first file: a phone network, where the shifts used to show


def slow_pagefind(page) -> None:
    def later(route):
        time.sleep(SLOW)
        route.continue_()

    page.route("**/pagefind/p000/pagefind.js", later)


def form_top(page) -> float:
    return page.locator("form.search-form").bounding_box()["y"]


@pytest.mark.parametrize("viewport", [SCREEN, DESKTOP], ids=["390px", "1280px"])
@pytest.mark.parametrize("path", ["/tim-kiem/", "/tim-kiem/?q=cong+doan", "/tim-kiem/?q=nguyen+van&nam=2021",
                                  "/tim-kiem/?q=nguyen+van"])
def test_search_page_does_not_shift_while_pagefind_loads(example_site, open_page, viewport, path):
    page, _ = open_page(viewport)
    slow_pagefind(page)
    page.goto(example_site.url(path), wait_until="domcontentloaded")
    before = form_top(page)
    assert page.locator("select[name=nam]").is_visible()  # the filters too, before Pagefind answers
    if "q=" in path:
        wait_results(page)
    assert form_top(page) == before
    shift = page.evaluate(CLS)
    assert shift < 0.01, (path, shift)


def test_filters_are_in_the_page_before_pagefind_loads(example_site, open_page):
    page, _ = open_page(DESKTOP)
    slow_pagefind(page)
    page.goto(example_site.url("/tim-kiem/?nam=2021"), wait_until="domcontentloaded")
    assert page.locator("select[name=nam]").is_visible()  # before Pagefind answers
    years = page.eval_on_selector_all("select[name=nam] option", "os => os.map(o => o.value)")
    assert years[0] == "" and years[1:] == sorted(years[1:], reverse=True) and "2021" in years
    page.wait_for_function("() => document.querySelector('select[name=nam]').value === '2021'")
    wait_results(page)
    units = page.eval_on_selector_all("select[name=don-vi] option", "os => os.map(o => o.value)")
    assert len(units) > 3


def test_typing_a_query_moves_nothing_on_screen(example_site, open_page):
    page, _ = open_page(SCREEN)
    slow_pagefind(page)
    page.goto(example_site.url("/tim-kiem/"))
    page.wait_for_load_state("load")
    page.get_by_label("Từ khóa").fill("cong doan")
    wait_results(page)
    footer = page.locator("footer.site-footer").bounding_box()
    assert footer["y"] >= SCREEN["height"]  # below the first screen, whatever the results
    shifts = page.evaluate("""() => new Promise(done => {
      let total = 0;  // every shift, input or not: results can arrive long after the typing
      new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
        .observe({type: 'layout-shift', buffered: true});
      setTimeout(() => done(total), 500);
    })""")
    assert shifts < 0.01, shifts
