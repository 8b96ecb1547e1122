"""`extra`: editors' own front-matter fields reach a site's own templates, escaped, and are re-rendered
when they change."""

from __future__ import annotations

from tests.conftest import article, run_build

ARTICLE_TEMPLATE = """<!doctype html><html lang="vi"><title>{{ page.title }}</title>
<p id="qd">{{ article.extra.so_quyet_dinh }}</p>
<ul>{% for n in article.extra.nguoi_ky %}<li>{{ n }}</li>{% endfor %}</ul>
<p id="none">{{ article.extra.khong_co | default("–") }}</p>
"""
PAGE_TEMPLATE = """<!doctype html><html lang="vi"><title>{{ page.title }}</title>
<p id="phone">{{ extra.dien_thoai }}</p>{{ body }}
"""
EXTRA = """\
extra:
  so_quyet_dinh: "123/QĐ-LĐLĐ <b>khẩn</b>"
  nguoi_ky: ["Nguyễn Văn A", "Trần Thị B"]
"""
PAGE = """---
title: Liên hệ
extra:
  dien_thoai: "024 3825 1234"
---
Địa chỉ.
"""


def site_with_own_templates(scratch_site, extra: str = EXTRA):
    return scratch_site({"content/tin-tuc/bai.md": article("Quyết định khen thưởng", extra=extra),
                         "content/trang/lien-he.md": PAGE,
                         "templates/article.html": ARTICLE_TEMPLATE, "templates/page.html": PAGE_TEMPLATE})


def test_extra_fields_reach_own_templates_escaped(scratch_site):
    root = site_with_own_templates(scratch_site)
    code, _, err = run_build(root)
    assert code == 0, err
    html = (root / "output/tin-tuc/quyet-dinh-khen-thuong/index.html").read_text(encoding="utf-8")
    assert '<p id="qd">123/QĐ-LĐLĐ &lt;b&gt;khẩn&lt;/b&gt;</p>' in html
    assert "<li>Nguyễn Văn A</li><li>Trần Thị B</li>" in html
    assert '<p id="none">–</p>' in html
    page = (root / "output/lien-he/index.html").read_text(encoding="utf-8")
    assert '<p id="phone">024 3825 1234</p>' in page


def test_changed_extra_field_is_rendered_again(scratch_site):
    root = site_with_own_templates(scratch_site)
    assert run_build(root)[0] == 0
    (root / "content/tin-tuc/bai.md").write_text(
        article("Quyết định khen thưởng", extra=EXTRA.replace("123/", "456/")), encoding="utf-8")
    code, _, err = run_build(root)
    assert code == 0, err
    html = (root / "output/tin-tuc/quyet-dinh-khen-thuong/index.html").read_text(encoding="utf-8")
    assert "456/QĐ-LĐLĐ" in html and "123/" not in html


def test_extra_that_is_not_a_block_is_an_error_with_its_line(scratch_site):
    root = scratch_site({"content/tin-tuc/bai.md": article("Bài", extra='extra: "một dòng"\n')})
    code, _, err = run_build(root)
    assert code == 1
    assert "content/tin-tuc/bai.md:5" in err and "extra phải là một khối trường." in err
    assert "Traceback" not in err
