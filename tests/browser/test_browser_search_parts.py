"""A site big enough that its search index comes in parts: the search page merges them."""

from __future__ import annotations

import json

import pytest

from bangvang import search
from tests.browser.browserkit import DESKTOP, build, serve
from tests.conftest import AWARDS, CAMPAIGNS, SITE, UNITS, article

WORDS = ["mãngcầu", "sầuriêng", "chômchôm", "đuđủ", "thanhlong", "mãngcụt", "vảithiều"]


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("parts") / "site"
    files = {"site.yaml": SITE, "content/units.yaml": UNITS, "content/campaigns.yaml": CAMPAIGNS,
             "content/awards.yaml": AWARDS}
    for n in range(7):
        files[f"content/tin-tuc/bai-{n}.md"] = article(
            f"Bài số {n}", date=f"2021-0{n + 1}-01", body=f"Nội dung bài {n}: từ khoá riêng {WORDS[n]}.")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    patch = pytest.MonkeyPatch()
    patch.setattr(search, "SEARCH_PART_SIZE", 3)  # 7 articles → 3 parts
    try:
        out = build(root / "site.yaml", root / "output")
    finally:
        patch.undo()
    served = serve(out)
    yield served
    served.server.shutdown()


def test_index_parts_are_written_and_listed(parted_site):
    parts = sorted(p.name for p in (parted_site.root / "pagefind").iterdir())
    assert parts == ["p000", "p001", "p002"]
    page = (parted_site.root / "tim-kiem/index.html").read_text("utf-8")
    assert 'data-bundles="/pagefind/p000/ /pagefind/p001/ /pagefind/p002/"' in page
    entry = json.loads((parted_site.root / "pagefind/p002/pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["vi"]["page_count"] == 1  # the newest article, alone in the last part


@pytest.mark.parametrize("n", [0, 3, 6])
def test_search_finds_articles_in_every_part(parted_site, open_page, n):
    from bangvang.text import fold

    page, _ = open_page(DESKTOP)
    page.goto(parted_site.url("/tim-kiem/?q=" + fold(WORDS[n])))  # accent-free, đ typed as d (n = 3)
    page.wait_for_function("() => /Tìm thấy|Không tìm thấy/.test(document.querySelector('[data-search-status]').textContent)")
    titles = page.eval_on_selector_all(".search-result h2 a", "as => as.map(a => a.textContent)")
    assert titles == [f"Bài số {n}"]
