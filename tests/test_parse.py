"""Front matter → Article: typing, defaults, references, and messages with file, line and field."""

from datetime import datetime
from zoneinfo import ZoneInfo

from bangvang.config import SiteConfig
from bangvang.markup import MarkdownRenderer
from bangvang.parse import make_article, read_document
from bangvang.registry import parse_registries
from tests.conftest import AWARDS, CAMPAIGNS, UNITS

CONFIG = SiteConfig(now=datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")))
REGISTRY, _ = parse_registries({"units": UNITS.encode(), "campaigns": CAMPAIGNS.encode(), "awards": AWARDS.encode()},
                               lambda t, r: t)
RENDERER = MarkdownRenderer()


def parse(text: str | bytes, rel: str = "tin-tuc/2021/bai.md"):
    data = text.encode() if isinstance(text, str) else text
    doc = read_document(rel, "content/" + rel, data, CONFIG.limits, RENDERER)
    return make_article(doc, REGISTRY, CONFIG)


GOOD = """\
---
title: "Lan tỏa phong trào: kết quả năm 2021"
date: 2022-01-15 08:30
unit: [Liên đoàn Lao động quận Nam Từ Liêm, ldld-ha-noi]
campaign: lao-dong-gioi
tags: [sáng kiến, Sáng Kiến, viên chức]
awardees:
  - name: "Lê Xuân Minh"
    award: Bằng Lao động sáng tạo
    awarded_by: tong-ldld
    position: "Phó Giám đốc"
    id: le-xuan-minh
  - name: Công đoàn Công ty Cổ phần Fecon
    kind: tap-the
    award: co-thi-dua
    unit: cdcs-fecon
    year: "2015-2020"
  - count: {tap-the: 33, ca-nhan: 106}
    award: bang-khen
    awarded_by: "Chủ tịch UBND tỉnh An Giang"
---
Đoạn mở đầu của bài viết.

## Kết quả

Nội dung.
"""


def test_good_article_is_typed_and_resolved():
    article, problems = parse(GOOD)
    assert problems == []
    assert article.title == "Lan tỏa phong trào: kết quả năm 2021"
    assert article.date == datetime(2022, 1, 15, 8, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert article.units == ("ldld-nam-tu-liem", "ldld-ha-noi")
    assert article.campaigns == ("lao-dong-gioi",)
    assert article.slug == "lan-toa-phong-trao-ket-qua-nam-2021"
    assert article.summary == "Đoạn mở đầu của bài viết."
    assert article.tags == ("sáng kiến", "Sáng Kiến", "viên chức")
    minh, fecon, counted = article.honours
    assert (minh.name, minh.kind, minh.award, minh.unit, minh.period.label) == (
        "Lê Xuân Minh", "ca-nhan", "bang-lao-dong-sang-tao", "ldld-nam-tu-liem", "2022")
    assert minh.awarded_by_unit == "tong-ldld" and minh.person_id == "le-xuan-minh"
    assert (fecon.kind, fecon.unit, fecon.period.label) == ("tap-the", "cdcs-fecon", "2015–2020")
    assert counted.counts == (("tap-the", 33), ("ca-nhan", 106)) and counted.total == 139
    assert counted.awarded_by_unit is None and counted.awarded_by_text == "Chủ tịch UBND tỉnh An Giang"
    assert '<h2 id="ket-qua">Kết quả</h2>' in article.body_html


def test_crlf_bom_and_nfd_give_the_same_article():
    import unicodedata

    plain, _ = parse(GOOD)
    variant = "\ufeff" + unicodedata.normalize("NFD", GOOD).replace("\n", "\r\n")
    other, problems = parse(variant.encode("utf-8"))
    assert problems == []
    assert other.title == plain.title and other.honours == plain.honours and other.body_html == plain.body_html


def test_every_problem_is_reported_with_line_and_field():
    text = """\
---
title: "Bài lỗi"
date: 2022-13-01
unit: ldld-ha-nol
awardes: []
awardees:
  - name: "Nguyễn Văn A"
    award: Bằng khen TW
  - name: "Trần Thị B"
  - name: "Công đoàn X"
    award: co-thi-dua
  - award: bang-khen
  - name: "C"
    count: {ca-nhan: 2}
    award: bang-khen
---
Nội dung.
"""
    article, problems = parse(text)
    assert article is None
    found = {(p.line, p.field) for p in problems}
    assert (3, "date") in found
    assert (4, "unit") in found
    assert (5, "awardes") in found
    assert (8, "awardees[1].award") in found
    assert (9, "awardees[2].award") in found
    assert (10, "awardees[3].kind") in found
    assert (12, "awardees[4]") in found
    assert (14, "awardees[5].count") in found
    by_field = {p.field: p for p in problems}
    assert by_field["unit"].format().startswith("content/tin-tuc/2021/bai.md:4:7: unit: Không tìm thấy đơn vị “ldld-ha-nol”")
    assert "ldld-ha-noi" in by_field["unit"].hint or "Hà Nội" in by_field["unit"].hint
    assert "“awardees”" in by_field["awardes"].hint
    assert "chỉ dành cho tập thể" in by_field["awardees[3].kind"].message


def test_text_values_are_never_coerced():
    article, problems = parse('---\ntitle: NO\ndate: 2021-01-01\nunit: ldld-ha-noi\nauthor: 007\n---\nx\n')
    assert problems == [] and article.title == "NO" and article.author == "007"


def test_dates_accept_iso_offsets_and_vietnamese_day_first():
    for written, expected in (("2021-06-06", datetime(2021, 6, 6)), ("06/06/2021 19:51", datetime(2021, 6, 6, 19, 51)),
                              ("2021-06-06T12:51:00Z", datetime(2021, 6, 6, 19, 51))):
        article, problems = parse(f'---\ntitle: A\ndate: {written}\nunit: ldld-ha-noi\n---\nx\n')
        assert problems == [], written
        assert article.date.replace(tzinfo=None) == expected, written


def test_missing_fence_empty_file_and_missing_front_matter():
    _, problems = parse("---\ntitle: A\nunit: x\nNội dung\n")
    assert problems[0].line == 1 and "chưa đóng" in problems[0].message
    _, problems = parse("")
    assert "rỗng" in problems[0].message
    _, problems = parse("Chỉ có nội dung.\n")
    assert "front matter" in problems[0].message


def test_non_utf8_and_legacy_encodings_are_refused():
    _, problems = parse("---\ntitle: Công đoàn\n---\n".encode("utf-16"))
    assert "UTF-16" in problems[0].message
    _, problems = parse(b"---\ntitle: C\xf4ng \xae\xb5n\n---\n")
    assert problems[0].line == 2 and "UTF-8" in problems[0].message


def test_slug_rules():
    article, _ = parse('---\ntitle: "Đổi mới, sáng tạo"\ndate: 2021-01-01\nunit: ldld-ha-noi\n---\nx\n')
    assert article.slug == "doi-moi-sang-tao"
    _, problems = parse('---\ntitle: A\nslug: ../../etc\ndate: 2021-01-01\nunit: ldld-ha-noi\n---\nx\n')
    assert problems[0].field == "slug" and problems[0].line == 3
    article, _ = parse('---\ntitle: "???"\ndate: 2021-01-01\nunit: ldld-ha-noi\n---\nx\n', rel="tin-tuc/hoi-nghi.md")
    assert article.slug == "hoi-nghi"


def test_unsafe_html_is_removed_with_a_warning():
    body = 'Xin chào <script>alert(1)</script> <img src=x onerror="alert(2)"> [a](javascript:alert(3))\n'
    article, problems = parse(f'---\ntitle: A\ndate: 2021-01-01\nunit: ldld-ha-noi\n---\n{body}')
    assert article is not None
    assert "alert" not in article.body_html and "javascript" not in article.body_html.lower()
    assert problems[0].severity == "warning" and problems[0].line == 6


def test_relative_links_become_placeholders():
    body = "[bài khác](../2020/khac.md#ket-qua) ![ảnh](anh/a.jpg) [ngoài](https://example.org) [gốc](/bang-vang/)\n"
    article, _ = parse(f'---\ntitle: A\ndate: 2021-01-01\nunit: ldld-ha-noi\n---\n{body}')
    assert 'href="bv-ref:tin-tuc/2020/khac.md#ket-qua"' in article.body_html
    assert 'src="bv-ref:tin-tuc/2021/anh/a.jpg"' in article.body_html
    assert 'href="https://example.org"' in article.body_html
    targets = {(r.target, r.line) for r in article.references}
    assert ("tin-tuc/2020/khac.md", 6) in targets and ("@/bang-vang/", 6) in targets
