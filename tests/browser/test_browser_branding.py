"""The example site's branding (site.yaml `branding:`) on every page type, and a site's one-template
override, as a reader's browser shows them."""

from __future__ import annotations

from tests.browser.browserkit import DESKTOP, PHONE, build, page_paths, serve
from tests.conftest import AWARDS, CAMPAIGNS, UNITS, article

BRAND = """() => {
  const logo = document.querySelector('header .brand img.brand-logo');
  const header = getComputedStyle(document.querySelector('.site-header'));
  const box = logo ? logo.getBoundingClientRect() : null;
  return {
    logo: logo ? logo.getAttribute('src') : null,
    loaded: logo ? logo.complete && logo.naturalWidth > 0 : false,
    height: box ? Math.round(box.height) : 0,
    band: header.backgroundColor,
    menu: [...document.querySelectorAll('.site-nav a')].map(a => a.textContent.trim()),
    footer: document.querySelector('.site-footer .footer-text')?.textContent ?? '',
    social: [...document.querySelectorAll('.site-footer .social a')].map(a => a.textContent.trim()),
  };
}"""


def test_branding_on_every_page_type(example_site, open_page):
    for viewport in (PHONE, DESKTOP):
        page, _ = open_page(viewport)
        for name, path in page_paths(example_site.root).items():
            page.goto(example_site.url(path))
            page.wait_for_load_state("load")
            found = page.evaluate(BRAND)
            assert found["logo"] == "/theme/logo.svg" and found["loaded"], (name, found)
            assert found["height"] == 40, (name, found)  # 2.5rem, reserved by width/height: no shift
            assert found["band"] == "rgb(13, 74, 143)", (name, found)  # branding.colors.primary
            assert found["menu"] == ["Trang chủ", "Bảng vàng", "Đơn vị", "Phong trào", "Giới thiệu", "Tìm kiếm"]
            assert "Số 1 đường Mẫu" in found["footer"] and found["social"] == ["Facebook", "Zalo"], (name, found)


def test_one_template_override_in_the_browser(tmp_path, open_page):
    root = tmp_path / "site"
    files = {"site.yaml": 'title: "Trang riêng"\nbase_url: "https://example.org/"\n',
             "content/units.yaml": UNITS, "content/campaigns.yaml": CAMPAIGNS, "content/awards.yaml": AWARDS,
             "content/tin-tuc/bai.md": article("Bài có chân trang riêng"),
             "templates/base.html": '{% extends "builtin/base.html" %}\n{% block footer %}'
                                    '<footer class="site-footer own-footer"><p>Chân trang của {{ site.title }}</p>'
                                    '</footer>{% endblock %}\n'}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    served = serve(build(root / "site.yaml", root / "output"))
    try:
        page, _ = open_page(PHONE)
        for path in ("/", "/tin-tuc/bai-co-chan-trang-rieng/", "/bang-vang/", "/tim-kiem/"):
            page.goto(served.url(path))
            page.wait_for_load_state("load")
            assert page.locator(".own-footer").inner_text() == "Chân trang của Trang riêng", path
            assert page.locator("text=Trang được dựng bằng Bảng Vàng").count() == 0, path
            assert page.locator(".site-nav a").count() >= 5, path  # the rest of the built-in frame
    finally:
        served.server.shutdown()
