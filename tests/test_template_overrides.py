"""A site's own templates/ overrides built-in templates one file at a time; "builtin/<name>" extends one."""

from __future__ import annotations

from tests.conftest import article, run_build

FOOTER_ONLY = """\
{% extends "builtin/base.html" %}
{% block footer %}<footer class="site-footer"><p>Chân trang riêng của {{ site.title }}</p></footer>{% endblock %}
"""
TAG_PAGE = """\
{% extends "base.html" %}
{% block main %}<h1>Chủ đề riêng: {{ tag.text }}</h1>{% endblock %}
"""


def test_one_block_of_a_builtin_template_replaced(scratch_site):
    root = scratch_site({"templates/base.html": FOOTER_ONLY,
                         "content/tin-tuc/bai.md": article("Bài thử", extra="tags: [sáng kiến]\n")})
    code, _, err = run_build(root)
    assert code == 0, err
    for page in ("index.html", "tin-tuc/bai-thu/index.html", "bang-vang/index.html", "chu-de/sang-kien/index.html"):
        html = (root / "output" / page).read_text("utf-8")
        assert "<p>Chân trang riêng của Trang thử</p>" in html, page
        assert "Trang được dựng bằng Bảng Vàng" not in html, page  # the replaced block
        assert '<nav class="site-nav"' in html and '<main id="noi-dung"' in html, page  # the rest is built in
    assert "<h1>Bài thử</h1>" in (root / "output/tin-tuc/bai-thu/index.html").read_text("utf-8")


def test_one_template_overridden_the_others_built_in(scratch_site):
    root = scratch_site({"templates/tag.html": TAG_PAGE,
                         "content/tin-tuc/bai.md": article("Bài thử", extra="tags: [sáng kiến]\n")})
    code, _, err = run_build(root)
    assert code == 0, err
    tag = (root / "output/chu-de/sang-kien/index.html").read_text("utf-8")
    assert "<h1>Chủ đề riêng: sáng kiến</h1>" in tag and "Trang được dựng bằng Bảng Vàng" in tag
    home = (root / "output/index.html").read_text("utf-8")
    assert "Bài thử" in home and "Chủ đề riêng" not in home


def test_syntax_error_in_an_override_names_the_file(scratch_site):
    root = scratch_site({"templates/base.html": '{% extends "builtin/base.html" %}\n{% block footer %}\n',
                         "content/tin-tuc/bai.md": article()})
    code, _, err = run_build(root)
    assert code == 1
    assert "templates/base.html:" in err and "Lỗi cú pháp mẫu" in err
