"""Every kind of article card (home, archives, unit, campaign, tag, related articles) shows the article's
own photo as a thumbnail, or the honour motif for an article without one: never a broken image, never
another article's photo."""

from __future__ import annotations

import re
from pathlib import Path

CARD = re.compile(r'<li class="card">\s*<article>(.*?)</article>', re.S)
LEAD = re.compile(r'<figure class="lead-image">\s*<picture>.*?<img src="([^"]+)"', re.S)


def lead_photo(output: Path, href: str) -> str | None:
    """The file name (minus its width) of an article's lead photo, or None."""
    found = LEAD.search((output / href.strip("/") / "index.html").read_text("utf-8"))
    return found.group(1).rsplit("-", 1)[0] if found else None


def cards_of(html: str, where: str = "") -> list[str]:
    if where:
        start = html.index(where)
        html = html[start:html.index("</section>", start)]
    return CARD.findall(html)


def kind_pages(output: Path) -> dict[str, list[tuple[Path, str]]]:
    related = [(p, '<section class="related"') for p in sorted(output.glob("tin-tuc/*/index.html"))
               if not p.parent.name.isdigit() and '<section class="related"' in p.read_text("utf-8")]
    return {
        "home": [(output / "index.html", "")],
        "archives": [(p, "") for p in [output / "tin-tuc/index.html", *sorted(output.glob("tin-tuc/[0-9]*/index.html"))]],
        "unit": [(p, "") for p in sorted(output.glob("don-vi/*/index.html"))],
        "campaign": [(p, "") for p in sorted(output.glob("phong-trao/*/index.html"))],
        "tag": [(p, "") for p in sorted(output.glob("chu-de/*/index.html"))],
        "related": related,
    }


def test_every_kind_of_card_shows_the_articles_photo_or_the_motif(example_output: Path):
    seen: dict[str, dict[str, int]] = {}
    for kind, pages in kind_pages(example_output).items():
        counts = seen.setdefault(kind, {"photo": 0, "motif": 0})
        for path, where in pages:
            for card in cards_of(path.read_text("utf-8"), where):
                href = re.search(r'<h[23] class="card-title"><a href="([^"]+)"', card).group(1)
                thumb = re.search(r'<div class="card-thumb" aria-hidden="true">(.*?)</div>', card, re.S)
                assert thumb, (path, href)
                photo = lead_photo(example_output, href)
                if photo is None:
                    assert thumb.group(1) == '<span class="card-motif"></span>', (path, href)
                    counts["motif"] += 1
                    continue
                img = re.search(r'<img src="([^"]+)"[^>]* width="\d+" height="\d+" alt="" loading="lazy"', thumb.group(1))
                assert img and img.group(1).rsplit("-", 1)[0] == photo, (path, href, thumb.group(1))
                assert (example_output / img.group(1).lstrip("/")).is_file(), img.group(1)
                assert re.search(r'<source type="image/webp" srcset="[^"]*-480\.webp 480w', thumb.group(1)), (path, href)
                counts["photo"] += 1
    for kind, counts in seen.items():  # each kind shows both, so neither branch is untested
        assert counts["photo"] > 0 and counts["motif"] > 0, (kind, counts)
