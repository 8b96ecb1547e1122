"""Printing an honour roll (print media, A4): no navigation, the roll's title and the table header on every page."""

from __future__ import annotations

import io
import re

from tests.browser.browserkit import DESKTOP


def pdf_pages(data: bytes) -> list[str]:
    try:
        from pypdf import PdfReader
    except ImportError:  # a test dependency, pinned in pyproject.toml
        import pytest
        pytest.fail("pypdf is missing: bash tests/browser/install_tools.sh", pytrace=False)
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_printed_roll_repeats_its_header_on_every_a4_page(big_site, open_page, tmp_path):
    page, _ = open_page(DESKTOP)
    page.goto(big_site.url("/bang-vang/"))
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('table.roll thead')).display") == "table-header-group"
    assert not page.locator(".site-header").is_visible() and not page.locator("form.roll-filter").is_visible()
    data = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    (tmp_path / "roll.pdf").write_bytes(data)
    pages = [squash(t) for t in pdf_pages(data)]
    assert len(pages) >= 2, "the roll should need several A4 pages"
    for number, text in enumerate(pages, 1):
        assert "Bảng vàng · Trang thử bảng vàng" in text, f"page {number}: no running header"
        assert f"Trang {number} / {len(pages)}" in text, f"page {number}: no page number"
        assert re.search(r"Tên Danh hiệu Đơn vị|Tên Đơn vị Bài viết", text), f"page {number}: no table header"
        assert "Tìm kiếm" not in text and "Xóa bộ lọc" not in text, f"page {number}: navigation or filters printed"


def test_a_filtered_roll_prints_filtered(example_site, open_page):
    page, _ = open_page(DESKTOP)
    page.goto(example_site.url("/bang-vang/?q=dang"))
    page.wait_for_function("() => document.querySelector('[data-roll-status]').textContent !== ''")
    page.emulate_media(media="print")
    text = squash(" ".join(pdf_pages(page.pdf(format="A4"))))
    assert "Đặng Thị Ân" in text and "Lê Xuân Minh" not in text
