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
