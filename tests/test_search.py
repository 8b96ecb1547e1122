"""Reader search in Python: name matching, đ aliases for Pagefind, the awardee index, roll filters, Pagefind runs.

The browser tests (tests/browser/) check the same folding in roll.js on FOLD_CASES."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from bangvang import search
from bangvang.errors import BuildFailed
from bangvang.search import awardee_index, dd_aliases, roll_facets
from tests.helpers import matches, search_rows, search_words
from bangvang.text import fold
from tests.sitecheck import tree_bytes

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

# (input, Python fold) – shared with tests/browser/test_roll.py, which checks roll.js gives the same.
FOLD_CASES = [
    ("Nguyễn Văn Hùng", "nguyen van hung"),
    (NFD("Nguyễn Văn Hùng"), "nguyen van hung"),
    ("Đặng Thị Ân", "dang thi an"),
    (NFD("ĐẶNG THỊ ÂN"), "dang thi an"),
    ("Đỗ Quang Hưng", "do quang hung"),
    ("Công đoàn cơ sở Công ty Fecon", "cong doan co so cong ty fecon"),
    ("LĐLĐ tỉnh Thanh Hóa", "ldld tinh thanh hoa"),
    ("Thanh Hoá", "thanh hoa"),
    ("  Phùng\u00a0Văn\u200b Đạo  ", "phung van dao"),
    ("Giỏi việc nước – đảm việc nhà", "gioi viec nuoc – dam viec nha"),
    ("Trung tâm Dữ liệu số “Lam Sơn”", "trung tam du lieu so “lam son”"),
    ("ưƯơƠăĂâÂêÊôÔđĐ", "uuooaaaaeeoodd"),
]


@pytest.mark.parametrize("text, folded", FOLD_CASES)
def test_fold_cases_hold_in_python(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("query, name, found", [
    ("nguyen van hung", "Nguyễn Văn Hùng", True),
    ("Nguyễn Văn Hùng", NFD("Nguyễn Văn Hùng"), True),
    (NFD("nguyễn văn hùng"), "Nguyễn Văn Hùng", True),
    ("hung nguyen", "Nguyễn Văn Hùng", True),
    ("nguyen van h", "Nguyễn Văn Hùng", True),
    ("dang", "Đặng Thị Ân", True),
    ("đang", "Đặng Thị Ân", True),
    ("DANG THI", "Đặng Thị Ân", True),
    ("do quang", "Đỗ Quang Hưng", True),
    ("an", "Hoàng Văn Toàn", False),
    ("van hung", "Phạm Văn Hùng", True),
    ("nguyen hung", "Phạm Văn Hùng", False),
    ("lam son", "Trung tâm Dữ liệu số “Lam Sơn”", True),
    ("", "Đặng Thị Ân", True),
])
def test_name_search_matches_word_starts_without_accents(query, name, found):
    assert matches(fold(name), query) is found


def test_search_words_split_on_punctuation():
    assert search_words("Trung tâm “Lam Sơn”-Thanh Hóa") == ["trung", "tam", "lam", "son", "thanh", "hoa"]


def test_dd_aliases_are_the_folded_words_with_d_stroke_sorted_and_unique():
    assert dd_aliases("Công đoàn Đồng Nai", "Ban chấp hành công đoàn", "Hùng") == "doan dong"
    assert dd_aliases("<p>Liên đoàn <b>Lao động</b> &amp; Đảng ủy</p>") == "dang doan dong"
    assert dd_aliases("LĐLĐ tỉnh, CĐCS") == "cdcs ldld"
    assert dd_aliases(NFD("đoàn viên")) == "doan"  # NFD marks do not split the word
    assert dd_aliases("&#273;o&#224;n") == "doan"  # an entity-encoded đ in HTML
    assert dd_aliases("không có chữ nào", "") == ""


def test_article_aliases_cover_the_indexed_text(example_output: Path):
    page = next(p for p in (example_output / "tin-tuc").glob("*/index.html")
                if "Nam Từ Liêm" in p.read_text("utf-8") and "đồng hành" in p.read_text("utf-8")
                and "data-pagefind-body" in p.read_text("utf-8"))  # an article, not a year's archive
    text = page.read_text("utf-8")
    assert "<article class=\"article\" data-pagefind-body>" in text
    aliases = re.search(r'<p hidden data-pagefind-meta="dd">([a-z0-9 ]+)</p>\s*</article>', text).group(1).split()
    assert aliases == sorted(set(aliases))
    assert {"doan", "dong"} <= set(aliases)
    body = re.search(r'<div class="prose">(.*?)</div>', text, re.S).group(1)
    for word in re.findall(r"\w+", body):
        if "đ" in word.lower():
            assert fold(word) in aliases, word
    assert 'data-pagefind-filter="don-vi"' in text and 'data-pagefind-filter="nam:2020"' in text


def rows_of(example_output: Path) -> dict:
    return json.loads((example_output / "bang-vang/tra-cuu.json").read_text("utf-8"))


def test_awardee_index_has_every_honour_of_the_roll(example_output: Path):
    index = rows_of(example_output)
    roll = (example_output / "bang-vang/index.html").read_text("utf-8")
    assert len(index["rows"]) == roll.count("<tr data-year=")
    fields = {name: i for i, name in enumerate(index["fields"])}
    names = [row[fields["name"]] for row in index["rows"]]
    assert "Đặng Thị Ân" in names and "Nguyễn Văn Hùng" in names
    for row in index["rows"]:
        assert row[fields["search"]] == fold(row[fields["search"]])
        assert row[fields["unit"]] in index["units"] and row[fields["award"]] in index["awards"]
        assert 0 <= row[fields["article"]] < len(index["articles"])
    assert [r[fields["name"]] for r in search_rows(index, "dang thi an")] == ["Đặng Thị Ân"]
    assert "Nguyễn Văn Hùng" in [r[fields["name"]] for r in search_rows(index, "nguyen van hung")]
    counted = search_rows(index, "", loai="so-luong")
    assert counted and all(r[fields["kind"]] == "so-luong" for r in counted)
    assert all(r[fields["yearEnd"]] == 2021 for r in search_rows(index, "", nam="2021"))


def test_awardee_index_bytes_are_stable():
    from types import SimpleNamespace as NS
    from bangvang.views import Link

    row = NS(search="dang thi an", name="Đặng Thị Ân", url="/vinh-danh/dang-thi-an/", counted=False, kind="ca-nhan",
             award_id="bang-khen", award="Bằng khen", unit_id="u", unit=Link("Đơn vị", "/don-vi/u/"), campaign_id="",
             campaign=None, year="2021", year_end=2021, article=Link("Bài", "/tin-tuc/bai/"), total=1, position="")
    data = awardee_index({"rows": (row,)})
    assert data == awardee_index({"rows": (row,)})
    loaded = json.loads(data)
    assert loaded["rows"] == [["dang thi an", "Đặng Thị Ân", "/vinh-danh/dang-thi-an/", "ca-nhan", "bang-khen", "u", "",
                               "2021", 2021, 0, 1, ""]]
    assert "Đặng" in data.decode("utf-8")  # UTF-8, not \u escapes: about half the size for Vietnamese


def test_roll_facets_offer_only_useful_filters_in_registry_order():
    from types import SimpleNamespace as NS
    from bangvang.views import Link

    def row(year, unit, award, kind="ca-nhan", counted=False, campaign=""):
        return NS(year_end=year, unit_id=unit, unit=Link(unit.upper(), ""), award_id=award, award=award.title(),
                  kind=kind, counted=counted, campaign_id=campaign, campaign=Link(campaign, "") if campaign else None)

    rows = [row(2020, "b", "giay-khen"), row(2022, "a", "bang-khen", "tap-the"), row(2021, "b", "bang-khen", counted=True)]
    facets = {f.name: f for f in roll_facets(rows, unit_order=["a", "b"], award_order=["bang-khen", "giay-khen"])}
    assert list(facets) == ["nam", "don-vi", "danh-hieu", "loai"]  # one campaign value (none): no campaign filter
    assert facets["nam"].options == (("2022", "2022"), ("2021", "2021"), ("2020", "2020"))
    assert facets["don-vi"].options == (("a", "A"), ("b", "B"))
    assert [v for v, _ in facets["danh-hieu"].options] == ["bang-khen", "giay-khen"]
    assert [v for v, _ in facets["loai"].options] == ["ca-nhan", "tap-the", "so-luong"]
    assert roll_facets(rows[:1]) == ()


def test_roll_pages_carry_a_hidden_filter_form_and_row_data(example_output: Path):
    page = (example_output / "bang-vang/index.html").read_text("utf-8")
    form = re.search(r'<form class="roll-filter"[^>]*>', page).group(0)
    assert 'role="search"' in form
    # shown only where JavaScript runs: base.html marks <html class="js"> before the first paint
    css = (example_output / "theme/css/site.css").read_text("utf-8")
    assert ".roll-filter { display: none;" in css and ".js .roll-filter { display: grid; }" in css
    assert 'document.documentElement.classList.add("js")' in page
    for name in ("nam", "don-vi", "phong-trao", "danh-hieu", "loai"):
        assert f'name="{name}"' in page
    assert 'data-roll-index="/bang-vang/tra-cuu.json"' in page and "/theme/js/roll.js" in page
    year_page = (example_output / "bang-vang/2021/index.html").read_text("utf-8")
    assert 'data-roll-year="2021"' in year_page and 'name="nam"' not in year_page
    unit_page = (example_output / "don-vi/ldld-ha-noi/index.html").read_text("utf-8")
    assert "data-roll-filter" in unit_page and 'role="img"' in unit_page


def test_indexed_digest_reads_what_pagefind_reads():
    """A page's search digest changes with its marked content, language and title, not with the rest of the
    page; a data-pagefind- attribute outside the marked elements, or no marked element, leaves the whole page
    to stand for itself (None)."""
    page = ('<html lang="vi"><head><title>Bài</title></head><body><nav>Trang chủ</nav>'
            '<article class="article" data-pagefind-body><h1>Bài</h1><div><article>trích</article></div></article>'
            '<aside class="related"><a href="/tin-tuc/khac/">Bài khác</a></aside></body></html>')

    def digest(old: str = "", new: str = "") -> bytes | None:
        return search.indexed_digest(page.replace(old, new, 1).encode() if old else page.encode())

    assert digest() is not None
    assert digest("Bài khác", "Tên mới") == digest() and digest("Trang chủ", "Trang đầu") == digest()
    for old, new in (("<h1>Bài", "<h1>Bài sửa"), ('lang="vi"', 'lang="en"'), ("<title>Bài", "<title>Khác"),
                     ("trích", "trích dài")):
        assert digest(old, new) not in (None, digest()), new
    assert digest("<aside class", '<aside data-pagefind-meta="x" class') is None
    assert digest(" data-pagefind-body", "") is None
    assert digest("</article><aside", "<aside") is None  # never closed


def test_indexed_digest_leaves_out_what_pagefind_does_not_index():
    """Inside the marked content, an element with data-pagefind-ignore (an honour row's links to the other
    articles that report it) is not indexed: changing its text changes nothing Pagefind reads. Its place
    still counts, and so does one that holds metadata or filters, which Pagefind reads even there."""
    page = ('<html lang="vi"><head><title>Bài</title></head><body><article data-pagefind-body><h1>Bài</h1>'
            '<p data-pagefind-ignore><a href="/x/" data-pagefind-filter="don-vi">LĐLĐ Hà Nội</a></p>'
            '<td>Nguyễn Văn An <span class="also" data-pagefind-ignore>Cũng có trong bài: <a href="/y/">Lễ trao'
            '</a>; <span>Hội nghị</span></span> Công ty</td></article></body></html>')

    def digest(old: str = "", new: str = "") -> bytes | None:
        return search.indexed_digest(page.replace(old, new, 1).encode() if old else page.encode())

    assert digest() is not None
    assert digest("Lễ trao", "Lễ trao Bằng khen năm 2024") == digest() == digest("Hội nghị", "Hội thảo")
    for old, new in (("LĐLĐ Hà Nội", "LĐLĐ Hải Phòng"), ("Nguyễn Văn An", "Nguyễn Văn Ân"), (" Công ty", " Cty"),
                     ('<span class="also" data-pagefind-ignore>', '<span class="also">'),
                     ('An <span class="also"', 'An<span class="also"')):
        assert digest(old, new) not in (None, digest()), new
    unclosed = page.replace("</span></span>", "</span>", 1)  # then nothing is left out
    assert search.indexed_digest(unclosed.replace("Lễ trao", "Khác").encode()) != search.indexed_digest(unclosed.encode())


LINKED = ('<html lang="vi"><head><title>Bài</title></head><body><article data-pagefind-body><h1 id="dau">Bài thử</h1>'
          '<p>Xem <a class="x" href="/tin-tuc/mot/">bài một</a>, <img src="/anh.jpg" alt="Ảnh hội nghị"> và '
          "<a href='/tin-tuc/hai/'>bài hai</a>. Mã href=abc.</p></article></body></html>")


def test_indexed_digest_leaves_out_where_links_go():
    """A link in an article's text to an article whose new title gave it a new address: Pagefind reads the
    link's text, not its target, so the page needs no re-indexing. Text that only looks like a target counts."""

    def digest(old: str = "", new: str = "") -> bytes | None:
        return search.indexed_digest(LINKED.replace(old, new, 1).encode() if old else LINKED.encode())

    assert digest() is not None
    assert digest("/tin-tuc/mot/", "/tin-tuc/mot-sua/") == digest() == digest("/tin-tuc/hai/", "/tin-tuc/hai-sua/")
    for old, new in (("bài một", "bài một sửa"), ("href=abc", "href=abd"), ("/anh.jpg", "/anh-khac.jpg"),
                     ('id="dau"', 'id="mo-dau"')):
        assert digest(old, new) not in (None, digest()), new


def test_pagefind_does_not_read_where_links_go(tmp_path: Path):
    """What indexed_digest leaves out of a link, Pagefind indeed does not read: two pages that differ only in
    their links' targets give the same search bundle, byte for byte."""
    bundles = []
    for n, target in enumerate(("/tin-tuc/mot/", "/tin-tuc/mot-doi-ten/")):
        folder = tmp_path / str(n)
        (folder / "tin-tuc/bai").mkdir(parents=True)
        (folder / "tin-tuc/bai/index.html").write_text(LINKED.replace("/tin-tuc/mot/", target), encoding="utf-8")
        bundles.append(search.search_bundle(folder))
    assert bundles[0] == bundles[1]


def test_search_page_and_nav_link(example_output: Path):
    page = (example_output / "tim-kiem/index.html").read_text("utf-8")
    assert "<h1>Tìm kiếm</h1>" in page and 'data-bundle="/pagefind/p000/pagefind.js"' in page
    assert "data-search-nojs" in page and "/theme/js/search.js" in page
    home = (example_output / "index.html").read_text("utf-8")
    assert '<a href="/tim-kiem/">Tìm kiếm</a>' in home


# -- Pagefind ----------------------------------------------------------------------------------------------
def index_site(folder: Path) -> None:
    """Write the search bundle into a test folder (the build writes it through its own writer)."""
    for rel, data in search.search_bundle(folder).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)


def test_pagefind_index_is_deterministic_and_lean(example_output: Path, tmp_path: Path):
    first, second = tmp_path / "a" / "site", tmp_path / "b" / "elsewhere"
    for folder in (first, second):
        shutil.copytree(example_output, folder, ignore=shutil.ignore_patterns("pagefind"))
        index_site(folder)
    one, two = tree_bytes(first / "pagefind"), tree_bytes(second / "pagefind")
    assert one == two
    assert "pagefind.js" in one and "pagefind-worker.js" in one and any(k.startswith("index/") for k in one)
    assert not any(name in one for name in search.PAGEFIND_UNUSED)
    entry = json.loads(one["pagefind-entry.json"])
    assert entry["version"] == search.PAGEFIND_VERSION and list(entry["languages"]) == ["vi"]
    articles = len([p for p in (example_output / "tin-tuc").glob("*/index.html")  # not the yearly archives
                    if "data-pagefind-body" in p.read_text("utf-8")]) + 2  # + the two stand-alone pages
    assert entry["languages"]["vi"]["page_count"] == articles


def test_pagefind_filters_are_rewritten_in_sorted_order(example_output: Path, tmp_path: Path):
    """Pagefind 1.5.2 writes filter values in a random (hash map) order; index_site sorts them."""
    site = tmp_path / "site"
    shutil.copytree(example_output, site, ignore=shutil.ignore_patterns("pagefind"))
    index_site(site)
    bundle = site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    meta = search._read_cbor(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")
    filters = meta[3]
    assert [name for name, _ in filters] == ["don-vi", "nam", "phong-trao"]
    for name, file_hash in filters:
        data = search._read_cbor(bundle / "filter" / f"{file_hash}.pf_filter")
        values = [value for value, _ in data[1]]
        assert data[0] == name and values == sorted(values) and len(values) > 1
    assert len(list((bundle / "filter").iterdir())) == 3
    assert search.canonical_filters(bundle)  # idempotent: the format is still understood


def test_search_bundle_leaves_the_site_alone(example_output: Path, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(example_output, site, ignore=shutil.ignore_patterns("pagefind"))
    before = tree_bytes(site)
    files = search.search_bundle(site)
    assert tree_bytes(site) == before
    assert all(rel.startswith("pagefind/") for rel in files) and "pagefind/pagefind.js" in files
    index_site(site)
    assert tree_bytes(site / "pagefind") == {rel[len("pagefind/"):]: data for rel, data in files.items()}


def test_pagefind_failure_is_a_clear_build_error(tmp_path: Path, monkeypatch):
    (tmp_path / "index.html").write_text("<!doctype html><html lang=vi><title>x</title><p>x", "utf-8")
    monkeypatch.setattr(search, "pagefind_command",
                        lambda site, output, language="vi": [search.sys.executable, "-c",
                                                             "import sys; sys.exit('No module named pagefind')"])
    with pytest.raises(BuildFailed) as caught:
        index_site(tmp_path)
    assert "Chưa cài Pagefind" in caught.value.problems[0].message
    assert "pagefind[bin]==1.5.2" in caught.value.problems[0].hint


def test_query_words_match_all_in_the_name_or_all_in_the_unit():
    key = fold("Lê Thị Đạt Công đoàn Công ty Cổ phần Fecon")
    assert matches(key, "le thi dat", "Lê Thị Đạt") and matches(key, "cong doan fecon", "Lê Thị Đạt")
    assert not matches(key, "doan thi", "Lê Thị Đạt")  # "đoàn" of the unit + "Thị" of the name
    assert matches(key, "doan thi")  # without the name, the key is one bag of words
    counted = fold(" Công đoàn Công ty Cổ phần Fecon")
    assert matches(counted, "fecon", None) and matches(counted, "", None)
