"""An awardee's page: the honours as a readable list, and a few other awardees of the same unit."""

from __future__ import annotations

import re

from bangvang.pages.rolls import PEERS_SHOWN
from tests.conftest import article, run_build

NAMES = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nga", "Oanh"]


def fecon_article() -> str:
    lines = ["awardees:"]
    for given in NAMES:
        lines += [f'  - name: "Trần Văn {given}"', "    award: giay-khen"]
    lines += ["  - count: {ca-nhan: 40}", "    award: giay-khen",
              '  - name: "Lê Thị Quận"', "    award: bang-khen", "    unit: ldld-nam-tu-liem"]
    return article("Fecon khen thưởng người lao động", date="2023-05-01 08:00", unit="cdcs-fecon",
                   extra="\n".join(lines) + "\n")


def same_unit(html: str) -> str:
    found = re.search(r'<section class="same-unit".*?</section>', html, re.S)
    assert found, "the page has a same-unit block"
    return found.group(0)


def test_other_awardees_of_the_unit_are_linked_and_bounded(scratch_site):
    root = scratch_site({"content/tin-tuc/fecon.md": fecon_article()})
    code, _, err = run_build(root)
    assert code == 0, err
    html = (root / "output/vinh-danh/tran-van-an/index.html").read_text("utf-8")
    # the honour itself: award, unit and article, readable
    assert "<h1>Trần Văn An</h1>" in html and "Giấy khen" in html
    assert 'href="/don-vi/cdcs-fecon/">' in html and 'href="/tin-tuc/fecon-khen-thuong-nguoi-lao-dong/"' in html
    main = html.split('<main', 1)[1].split("</main>", 1)[0]
    assert 'href="/vinh-danh/tran-van-an/"' not in main  # the page never links to itself
    assert re.search(r'<ol class="honour-list">\s*<li class="honour-item">\s*<h2 class="honour-award">Giấy khen', main)
    block = same_unit(html)
    assert "Cùng đơn vị" in block
    links = re.findall(r'<li><a href="(/vinh-danh/[^"]+/)">([^<]+)</a>', block)
    assert len(links) == PEERS_SHOWN < len(NAMES) - 1  # bounded: the unit's page lists them all
    assert all(name.startswith("Trần Văn ") and name != "Trần Văn An" for _, name in links)  # never the page's own
    for url, name in links:  # each links that awardee's own page
        assert f"<h1>{name}</h1>" in (root / "output" / url.strip("/") / "index.html").read_text("utf-8")
    assert "Lê Thị Quận" not in block  # honoured in the parent unit, not this one
    assert "40 cá nhân" not in block  # counted lines have no page
    assert 'href="/don-vi/cdcs-fecon/">Các tập thể, cá nhân khác được vinh danh ở' in block


def test_alone_in_the_unit_the_block_links_the_unit_page_only(scratch_site):
    root = scratch_site({"content/tin-tuc/fecon.md": fecon_article()})
    code, _, err = run_build(root)
    assert code == 0, err
    block = same_unit((root / "output/vinh-danh/le-thi-quan/index.html").read_text("utf-8"))
    assert "<ul" not in block and "Trần Văn" not in block
    assert 'href="/don-vi/ldld-nam-tu-liem/">Trang của' in block
