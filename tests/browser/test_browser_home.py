"""The home page as readers see it: a lead story, the news beside a column of honours on wide screens,
campaigns that have honours, share links without third-party scripts."""

from __future__ import annotations

from urllib.parse import quote

from tests.browser.browserkit import DESKTOP, PHONE


def test_home_uses_the_width_and_shares_without_third_parties(example_site, open_page):
    page, _ = open_page(DESKTOP)
    requests = []
    page.on("request", lambda req: requests.append(req.url))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(example_site.url("/"))
    page.wait_for_load_state("load")
    lead = page.locator(".lead-story")
    assert lead.locator(".lead-story-title a").inner_text()
    main, side = page.locator(".home-main").bounding_box(), page.locator(".home-side").bounding_box()
    assert side["x"] >= main["x"] + main["width"] and side["width"] > 250  # a side column, not below
    assert page.locator(".home-side .latest-honours li").count() >= 5
    counts = page.locator("#phong-trao ~ ul .count").all_inner_texts()
    assert counts and not any(" 0 lượt vinh danh" in c for c in counts)
    facebook = page.get_by_role("link", name="Facebook").first
    assert facebook.get_attribute("href") == ("https://www.facebook.com/sharer/sharer.php?u="
                                              + quote("https://bangvang.example.org/", safe="/"))
    page.get_by_role("button", name="Chép liên kết").click()
    page.wait_for_function("() => document.querySelector('[data-share-status]').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == "https://bangvang.example.org/"
    assert page.get_by_role("button", name="Zalo").is_visible()
    assert all(url.startswith(example_site.base) for url in requests), [u for u in requests
                                                                          if not u.startswith(example_site.base)]


def test_home_on_a_phone_opens_with_the_lead_story(example_site, open_page):
    page, _ = open_page(PHONE)
    page.goto(example_site.url("/"))
    title = page.locator(".lead-story-title")
    box = title.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    assert page.locator(".home-side").bounding_box()["y"] > page.locator(".home-main").bounding_box()["y"]


def test_an_article_is_shared_from_its_own_page_without_third_parties(example_site, open_page):
    """Readers share an article, not only the home page: Facebook with the article's address, Zalo and copy."""
    article = next(p for p in sorted((example_site.root / "tin-tuc").glob("*/index.html")) if not p.parent.name.isdigit())
    path = "/" + article.parent.relative_to(example_site.root).as_posix() + "/"
    canonical = "https://bangvang.example.org" + path
    page, _ = open_page(PHONE)
    requests = []
    page.on("request", lambda req: requests.append(req.url))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(example_site.url(path))
    page.wait_for_load_state("load")
    share = page.locator("section.share")
    assert share.get_by_role("link", name="Facebook").get_attribute("href") == (
        "https://www.facebook.com/sharer/sharer.php?u=" + quote(canonical, safe="/"))
    assert share.get_by_role("button", name="Zalo").is_visible()
    share.get_by_role("button", name="Chép liên kết").click()
    page.wait_for_function("() => document.querySelector('[data-share-status]').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == canonical
    body = page.locator(".article .prose").bounding_box()
    assert share.bounding_box()["y"] > body["y"] + body["height"] - 1  # after the story, not before it
    assert all(url.startswith(example_site.base) for url in requests)
