"""site.yaml `branding:`: validated like content, rendered on every page."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SITE, article, run_build

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40" '
        'fill="#c9a227"/></svg>\n')
BRANDING = SITE + """\
branding:
  logo: theme/logo.svg
  colors: {primary: "#0b5394", accent: "#c9a227"}
  menu:
    - {title: "Trang chủ", url: /}
    - {title: "Bảng vàng", url: /bang-vang/}
    - {title: "Báo Lao Động", url: "https://laodong.vn/"}
  footer: "Liên đoàn Lao động tỉnh Mẫu · 1 đường Mẫu"
  social: {facebook: "https://www.facebook.com/congdoan", zalo: "https://zalo.me/123"}
"""


def branded_site(scratch_site, site_yaml: str = BRANDING, **files) -> Path:
    return scratch_site({"site.yaml": site_yaml, "theme/logo.svg": LOGO,
                         "content/tin-tuc/bai.md": article("Bài có thương hiệu"),
                         "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nTrang.\n", **files})


def test_branding_is_on_every_page(scratch_site):
    root = branded_site(scratch_site)
    code, _, err = run_build(root)
    assert code == 0, err
    out = root / "output"
    assert (out / "theme/logo.svg").read_text("utf-8") == LOGO
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 8
    for page in pages:
        html = page.read_text("utf-8")
        assert '<img class="brand-logo" src="/theme/logo.svg" alt="" width="120" height="40">' in html, page
        assert "--brand-primary: #0b5394; --brand-accent: #c9a227;" in html, page
        assert "Liên đoàn Lao động tỉnh Mẫu · 1 đường Mẫu" in html, page
        assert '<a href="https://zalo.me/123" rel="me noopener">Zalo</a>' in html, page
        nav = html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
        # the menu in its order, internal paths under the base path; the stand-alone page is not added
        assert [part.split('"', 1)[0] for part in nav.split('href="')[1:]] == [
            "/", "/bang-vang/", "https://laodong.vn/"], page


def test_menu_paths_follow_the_base_path(scratch_site):
    root = branded_site(scratch_site, BRANDING.replace("https://example.org/", "https://example.org/congdoan/"))
    code, _, err = run_build(root)
    assert code == 0, err
    html = (root / "output/index.html").read_text("utf-8")
    assert 'href="/congdoan/bang-vang/"' in html and 'src="/congdoan/theme/logo.svg"' in html


def test_logo_outside_theme_is_published_and_png_size_read(scratch_site):
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000c80000003208060000") + b"\0" * 20
    site = SITE + "branding:\n  logo: hinh/logo.png\n"
    root = scratch_site({"site.yaml": site, "hinh/logo.png": png, "content/tin-tuc/bai.md": article()})
    code, _, err = run_build(root)
    assert code == 0, err
    assert (root / "output/hinh/logo.png").read_bytes() == png
    assert 'src="/hinh/logo.png" alt="" width="200" height="50"' in (root / "output/index.html").read_text("utf-8")


def test_site_without_branding_keeps_the_default_look(scratch_site):
    root = scratch_site({"content/tin-tuc/bai.md": article(), "content/trang/gioi-thieu.md":
                         "---\ntitle: Giới thiệu\n---\nTrang.\n"})
    code, _, err = run_build(root)
    assert code == 0, err
    html = (root / "output/index.html").read_text("utf-8")
    assert "brand-logo" not in html and "--brand-primary" not in html and 'class="social"' not in html
    assert 'href="/gioi-thieu/"' in html and 'href="/tim-kiem/"' in html


def problem_lines(err: str) -> list[str]:
    return [line.split("/site/", 1)[-1] for line in err.splitlines() if "site.yaml:" in line]


def test_low_contrast_colours_are_reported_with_field_and_line(scratch_site):
    site = SITE + 'branding:\n  colors:\n    primary: "#f4e3a6"\n    accent: "#333"\n'
    code, _, err = run_build(branded_site(scratch_site, site))
    assert code == 1
    lines = problem_lines(err)
    assert len(lines) == 2, err
    assert lines[0].startswith("site.yaml:6:") and "branding.colors.primary" in lines[0]
    assert "tương phản" in lines[0] and "#f4e3a6" in lines[0] and ":1" in lines[0]
    assert lines[1].startswith("site.yaml:7:") and "branding.colors.accent" in lines[1] and "tương phản" in lines[1]
    assert not (branded_site(scratch_site, site) / "output").exists()


def test_missing_logo_is_an_error_with_the_field(scratch_site):
    site = SITE + "branding:\n  logo: theme/khong-co.svg\n"
    code, _, err = run_build(branded_site(scratch_site, site))
    assert code == 1
    (line,) = problem_lines(err)
    assert line.startswith("site.yaml:5:") and "branding.logo" in line and "theme/khong-co.svg" in line
    assert "Không tìm thấy" in line


def test_missing_logo_is_reported_with_the_other_mistakes_of_site_yaml(scratch_site):
    """Not on the next run, after the editor fixed the colour: every mistake of one save, in line order."""
    site = SITE + 'branding:\n  logo: theme/khong-co.png\n  colors: {accent: "#555555"}\nper_pag: 3\n'
    code, _, err = run_build(branded_site(scratch_site, site))
    assert code == 1
    lines = problem_lines(err)
    assert [line.split(":", 2)[1] for line in lines] == ["5", "6", "7"], err
    assert "branding.logo" in lines[0] and "theme/khong-co.png" in lines[0]
    assert "branding.colors.accent" in lines[1] and "tương phản" in lines[1] and "per_pag" in lines[2]


def test_wrong_branding_values_are_all_reported(scratch_site):
    site = SITE + """\
branding:
  logo: ../ngoai/logo.gif
  colors: {primary: blue, secondary: "#000000"}
  menu:
    - {title: "Bảng vàng", url: bang-vang}
    - {title: "Sai", link: /}
  social: {facebook: "facebook.com/x", instagram: "https://instagram.com/x"}
  footers: "x"
"""
    code, _, err = run_build(branded_site(scratch_site, site))
    assert code == 1
    text = "\n".join(problem_lines(err))
    for field in ("branding.logo", "branding.colors.primary", "branding.colors.secondary", "branding.menu[1].url",
                  "branding.menu[2].link", "branding.menu[2].url", "branding.social.facebook",
                  "branding.social.instagram", "branding.footers"):
        assert field in text, (field, err)
    assert "Có phải bạn muốn viết “footer”?" in text
