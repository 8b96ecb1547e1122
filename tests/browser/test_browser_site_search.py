"""Site search (/tim-kiem/) on the Pagefind index of the example site, in Chromium."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from bangvang.text import fold
from tests.browser.browserkit import DESKTOP, PHONE

NAM_TU_LIEM = "Nam Từ Liêm phát động đợt thi đua đồng hành cùng doanh nghiệp năm 2020"


def results(page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(".search-result h2 a", "as => as.map(a => [a.textContent, a.getAttribute('href')])")


def wait_results(page):
    page.wait_for_function("() => /Tìm thấy|Không tìm thấy/.test(document.querySelector('[data-search-status]').textContent)")


def page_words(site, url: str) -> set[str]:
    text = (site.root / url.strip("/") / "index.html").read_text("utf-8")
    body = re.search(r"<article[^>]*data-pagefind-body>(.*?)</article>", text, re.S).group(1)
    return set(re.findall(r"\w+", fold(re.sub(r"<[^>]+>", " ", body))))


def test_accent_free_query_with_a_d_stroke_word_finds_the_article(example_site, open_page):
    page, _ = open_page(PHONE)
    page.goto(example_site.url("/tim-kiem/"))
    page.get_by_label("Từ khóa").fill("dong hanh doanh nghiep")  # "đồng hành": the đ is typed as d
    page.get_by_role("button", name="Tìm").click()
    wait_results(page)
    found = results(page)
    assert found and found[0][0] == NAM_TU_LIEM
    assert parse_qs(urlsplit(page.url).query)["q"] == ["dong hanh doanh nghiep"]
    page.locator(".search-result h2 a").first.click()
    page.wait_for_url(re.compile(r"/tin-tuc/nam-tu-liem-[^/]+/$"))
    assert page.locator("h1").inner_text() == NAM_TU_LIEM


def test_every_hit_of_doan_vien_has_those_words(example_site, open_page):
    page, _ = open_page(DESKTOP)
    page.goto(example_site.url("/tim-kiem/?q=doan+vien"))
    wait_results(page)
    found = results(page)
    assert len(found) >= 3
    for _, url in found:
        words = page_words(example_site, url)
        assert {"doan", "vien"} <= words, url
    page.goto(example_site.url("/tim-kiem/?q=%C4%91o%C3%A0n+vi%C3%AAn"))  # "đoàn viên", typed with accents
    wait_results(page)
    assert {u for _, u in results(page)} == {u for _, u in found}


def test_filters_narrow_the_results(example_site, open_page):
    page, _ = open_page(DESKTOP)
    page.goto(example_site.url("/tim-kiem/?q=cong+doan"))
    wait_results(page)
    everything = results(page)
    page.wait_for_selector("select[name=nam]")
    page.select_option("select[name=nam]", "2021")
    page.wait_for_function("() => location.search.includes('nam=2021')")
    wait_results(page)
    page.wait_for_function("n => document.querySelectorAll('.search-result').length < n", arg=len(everything))
    for _, url in results(page):
        text = (example_site.root / url.strip("/") / "index.html").read_text("utf-8")
        assert 'data-pagefind-filter="nam:2021"' in text, url
    assert page.locator("select[name=don-vi] option").count() > 3


def test_excerpts_mark_the_hits_and_nothing_is_found_for_nonsense(example_site, open_page):
    page, _ = open_page(PHONE)
    page.goto(example_site.url("/tim-kiem/?q=sang+kien"))
    wait_results(page)
    marks = page.eval_on_selector_all(".search-result mark", "ms => ms.map(m => m.textContent)")
    assert marks and all(fold(m).startswith(("sang", "kien")) for m in marks)
    page.get_by_label("Từ khóa").fill("xyzzyqwv")
    page.wait_for_function("() => document.querySelector('[data-search-status]').textContent.startsWith('Không tìm thấy')")
    assert results(page) == []


def test_search_page_without_javascript_explains_itself(example_site, open_page):
    page, _ = open_page(PHONE, js=False)
    page.goto(example_site.url("/tim-kiem/"))
    assert not page.locator("form.search-form").is_visible()
    note = page.locator("[data-search-nojs]")
    assert note.is_visible() and "JavaScript" in note.inner_text()
    assert note.get_by_role("link", name="bảng vàng").get_attribute("href") == "/bang-vang/"


def test_search_and_roll_index_work_under_a_base_path(open_page, tmp_path):
    """A site published at https://example.org/congdoan/: Pagefind and the awardee index load from there."""
    from tests.browser.browserkit import build, serve
    from tests.conftest import ROOT

    config = tmp_path / "site.yaml"
    config.write_text((ROOT / "site.yaml").read_text("utf-8").replace(
        'base_url: "https://bangvang.example.org/"', 'base_url: "https://example.org/congdoan/"'), "utf-8")
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme/logo.svg").write_bytes((ROOT / "theme/logo.svg").read_bytes())  # branding.logo
    build(config, tmp_path / "www" / "congdoan", content=ROOT / "content")
    served = serve(tmp_path / "www")
    try:
        page, _ = open_page(PHONE)
        page.goto(served.url("/congdoan/tim-kiem/?q=dong+hanh+doanh+nghiep"))
        wait_results(page)
        found = results(page)
        assert found and found[0][0] == NAM_TU_LIEM and found[0][1].startswith("/congdoan/tin-tuc/")
        page.goto(served.url("/congdoan/bang-vang/?q=dang+thi+an"))
        page.wait_for_function("() => document.querySelector('[data-roll-status]').textContent.includes('Tìm thấy 1')")
    finally:
        served.server.shutdown()


def test_more_results_on_request(example_site, open_page):
    page, _ = open_page(DESKTOP)
    page.goto(example_site.url("/tim-kiem/?q=cong"))
    wait_results(page)
    status = page.locator("[data-search-status]").inner_text()
    total = int(re.search(r"(\d+) bài viết", status).group(1))
    assert total > 20 and len(results(page)) == 20
    page.get_by_role("button", name="Xem thêm kết quả").click()
    page.wait_for_function("n => document.querySelectorAll('.search-result').length === n", arg=min(total, 40))
    focused = page.evaluate("document.activeElement.closest('.search-result') === document.querySelectorAll('.search-result')[20]")
    assert focused
    assert page.get_by_role("button", name="Xem thêm kết quả").is_visible() == (total > 40)
    assert len({url for _, url in results(page)}) == min(total, 40)


def test_people_found_without_accents_with_their_honours(example_site, open_page):
    """A member types their own name without accents (đ as d): their awardee page is the first name found."""
    page, _ = open_page(PHONE)
    page.goto(example_site.url("/tim-kiem/?q=pham+minh+duc"))
    wait_results(page)
    people = page.locator("[data-search-people]")
    assert people.is_visible()
    first = people.locator(".person").first
    link = first.locator("h3 a")
    assert link.inner_text() == "Phạm Minh Đức"
    href = link.get_attribute("href")
    assert href.startswith("/vinh-danh/") and (example_site.root / href.strip("/") / "index.html").exists()
    honours = first.locator(".person-honours li").all_inner_texts()
    assert honours and all(" · " in h for h in honours)  # the award (year) · the article reporting it
    assert "người, tập thể được vinh danh" in page.locator("[data-search-status]").inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/vinh-danh/[^/]+/$"))
    assert page.locator("h1").inner_text().startswith("Phạm Minh Đức")


def test_excerpts_show_only_visible_text(example_site, open_page):
    """"doan" matches "đoàn" through the hidden đ→d word list, but excerpts quote the page as readers see it."""
    page, _ = open_page(DESKTOP)
    page.goto(example_site.url("/tim-kiem/?q=cong+doan"))
    wait_results(page)
    excerpts = page.eval_on_selector_all(".search-result .excerpt", "ps => ps.map(p => p.textContent)")
    marks = page.eval_on_selector_all(".search-result mark", "ms => ms.map(m => m.textContent)")
    assert excerpts and marks
    assert any(m.lower() == "đoàn" for m in marks)
    for text in excerpts:
        assert not re.search(r"\b(cdcs|cdvc|ldld|minh-hoa)\b", text), text
    aliases = page.evaluate("""() => [...document.querySelectorAll('.search-result a')].length""")
    assert aliases >= len(excerpts)


def test_collectives_found_without_accents_too(example_site, open_page):
    """A collective is found by its name typed without accents, linked to its own page."""
    page, _ = open_page(PHONE)
    page.goto(example_site.url("/tim-kiem/?q=cong+doan+may+mac+tan+thuong"))
    wait_results(page)
    names = page.locator("[data-search-people] .person h3 a")
    assert names.count() >= 1
    assert names.first.inner_text() == "Công đoàn Công ty Cổ phần May mặc Tân Thường"
    href = names.first.get_attribute("href")
    assert href.startswith("/vinh-danh/") and (example_site.root / href.strip("/") / "index.html").exists()
