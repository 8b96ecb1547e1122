"""Photos in a phone's browser: the lead photo comes as a small file, and nothing moves while photos load."""

from __future__ import annotations

from tests.browser.browserkit import PHONE

# Layout shifts as the browser reports them (buffered: also those before the observer was made).
SHIFTS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(total), 300);
})"""
LEAD = """() => {
  const img = document.querySelector('.lead-image img');
  const box = img.getBoundingClientRect();
  return {src: img.currentSrc, complete: img.complete && img.naturalWidth > 0, width: box.width, height: box.height,
          ratio: img.naturalWidth / img.naturalHeight};
}"""


def test_lead_photo_on_a_phone_is_a_small_file_and_nothing_shifts(example_site, open_page):
    page, _ = open_page(PHONE)
    root = example_site.root
    article = next(p for p in (root / "tin-tuc").glob("*/index.html") if "hoi-nghi-tong-ket-" in p.read_text("utf-8")
                   and 'class="lead-image"' in p.read_text("utf-8"))
    page.goto(example_site.url("/" + article.parent.relative_to(root).as_posix() + "/"))
    page.wait_for_load_state("load")
    lead = page.evaluate(LEAD)
    assert lead["complete"] and lead["src"].endswith("-480.webp"), lead  # 360 px wide: the 480 px WebP
    assert abs(lead["width"] / lead["height"] - lead["ratio"]) < 0.02, lead
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # the lazy photos further down load too
    page.wait_for_timeout(500)
    assert page.evaluate(SHIFTS) == 0
    for path in ("/", "/don-vi/cdvc-thanh-hoa/"):  # cards with thumbnails, and with the motif
        page.goto(example_site.url(path))
        page.wait_for_load_state("load")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(500)
        assert page.evaluate(SHIFTS) == 0, path
        thumbs = page.evaluate("() => [...document.querySelectorAll('.card-thumb')].map(t => t.getBoundingClientRect().width)")
        assert thumbs and all(w > 100 for w in thumbs), (path, thumbs)


DRAWN = """() => {
  const img = document.querySelector('.lead-image img');
  const box = img.getBoundingClientRect();
  const ratio = img.naturalWidth / img.naturalHeight;
  const fit = getComputedStyle(img).objectFit;
  // the photo as drawn inside its box (letterboxed by object-fit: contain, else the whole box)
  const drawn = fit === 'contain' ? Math.min(box.width, box.height * ratio) : box.width;
  return {src: img.currentSrc, complete: img.complete && img.naturalWidth > 0, width: box.width, height: box.height,
          drawn, boxRatio: box.width / box.height, ratio, fit, sizes: img.sizes};
}"""


def test_lead_photo_on_a_desktop_fits_its_column_and_the_screen(example_site, open_page, tmp_path):
    """The lead photo is drawn no wider than `sizes` says (so the browser's pick is never blown up), and a
    phone's portrait photo never fills more than most of the screen: the article's text follows it."""
    from tests.browser.browserkit import DESKTOP, build, serve
    from tests.conftest import AWARDS, CAMPAIGNS, UNITS, article
    from tests.test_images import camera_jpeg

    root = tmp_path / "site"
    files = {"site.yaml": 'title: "Ảnh dọc"\nbase_url: "https://example.org/"\n', "content/units.yaml": UNITS,
             "content/campaigns.yaml": CAMPAIGNS, "content/awards.yaml": AWARDS,
             "content/tin-tuc/doc.md": article("Ảnh chụp dọc", extra="image: anh/doc.jpg\nimage_caption: Ảnh dọc\n",
                                               body="Đoạn đầu bài viết.")}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    (root / "content/tin-tuc/anh").mkdir()
    (root / "content/tin-tuc/anh/doc.jpg").write_bytes(camera_jpeg(6, 1500, 2000, gps=False))  # held upright
    portrait = serve(build(root / "site.yaml", root / "output"))
    landscape = next(p for p in (example_site.root / "tin-tuc").glob("*/index.html")
                     if 'class="lead-image"' in p.read_text("utf-8"))
    try:
        page, _ = open_page(DESKTOP)
        for url in (example_site.url("/" + landscape.parent.relative_to(example_site.root).as_posix() + "/"),
                    portrait.url("/tin-tuc/anh-chup-doc/")):
            page.goto(url)
            page.wait_for_load_state("load")
            lead = page.evaluate(DRAWN)
            assert lead["complete"], (url, lead)
            said = 46 * 16  # sizes: "(min-width: 48rem) 46rem, 100vw"
            assert "46rem" in lead["sizes"] and lead["width"] <= said + 1, (url, lead)
            variant = int(lead["src"].rsplit("-", 1)[1].split(".")[0])
            assert variant >= lead["drawn"] - 1, (url, lead)  # never a smaller file blown up
            assert lead["height"] <= 0.8 * DESKTOP["height"] + 1, (url, lead)
            if abs(lead["boxRatio"] - lead["ratio"]) > 0.02:
                assert lead["fit"] == "contain", (url, lead)  # letterboxed, never squashed
            text = page.locator(".prose p").first.bounding_box()
            assert text["y"] < 2 * DESKTOP["height"], (url, text)
            assert page.evaluate(SHIFTS) == 0, url
    finally:
        portrait.server.shutdown()
