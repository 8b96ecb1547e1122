"""Labels meant for a table's structure never reach a phone reader: no "STT:" line on the cards an
article's honour table becomes (tests/test_reader_labels.py checks the other labels in the HTML)."""

from __future__ import annotations

from tests.browser.browserkit import DESKTOP
from tests.browser.test_browser_roll_phone import SCREEN, article_path

CARD_LINES = """() => [...document.querySelectorAll('table.roll-article tbody tr')].map(tr =>
  [...tr.querySelectorAll('td')].filter(td => td.offsetParent !== null)
    .map(td => (getComputedStyle(td, '::before').content.replace(/^none$/, '').replace(/^"|"$/g, '') + ' ' + td.innerText).trim()))"""


def test_article_cards_on_a_phone_show_no_internal_labels(example_site, open_page):
    page, _ = open_page(SCREEN)
    page.goto(example_site.url(article_path(example_site)))
    cards = page.evaluate(CARD_LINES)
    assert len(cards) >= 3
    for lines in cards:
        assert not any(line.startswith("STT") for line in lines), lines
        assert ":" not in lines[0].split("\n")[0][:5], lines  # the card opens with the name itself
    desktop, _ = open_page(DESKTOP)
    desktop.goto(example_site.url(article_path(example_site)))
    assert desktop.locator("table.roll-article thead th").first.inner_text() == "STT"  # a table's own header
