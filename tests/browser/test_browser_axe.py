"""axe-core 4.14.1 (npm) in Chromium: no serious or critical WCAG 2.2 AA violation on any page type,
on a phone and a desktop in the light and the dark colour scheme, and on a 320 px phone."""

from __future__ import annotations

import pytest

from tests.browser.browserkit import DESKTOP, NARROW, PHONE, axe_source, page_paths
from tests.browser.test_browser_layout import settle

RUN = """() => axe.run(document, {runOnly: {type: 'tag',
  values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}, resultTypes: ['violations']})"""


@pytest.mark.parametrize("viewport, scheme", [(PHONE, "light"), (PHONE, "dark"), (DESKTOP, "light"), (DESKTOP, "dark"),
                                              (NARROW, "light")],
                         ids=["360px-light", "360px-dark", "1280px-light", "1280px-dark", "320px-light"])
def test_axe_finds_no_serious_violation(example_site, big_site, open_page, viewport, scheme):
    axe = axe_source()
    page, _ = open_page(viewport, color_scheme=scheme)
    paths = [(example_site, path) for path in page_paths(example_site.root).values()]
    paths += [(example_site, "/bang-vang/?q=dang"), (big_site, "/bang-vang/?q=doan+thi"), (big_site, "/bang-vang/trang/2/")]
    serious, other = [], []
    for site, path in paths:
        page.goto(site.url(path))
        settle(page)
        page.add_script_tag(content=axe)
        for v in page.evaluate(RUN)["violations"]:
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
            line = f"{path}: [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {targets})"
            (serious if v["impact"] in ("serious", "critical") else other).append(line)
    if other:
        print("\n".join(["axe (moderate/minor):", *other]))
    assert serious == []
