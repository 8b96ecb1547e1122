"""Golden output: a few key pages of the example site, byte for byte as committed in tests/golden/.

A template or rendering change shows up here as a readable diff. After an intended change, run
`pytest tests/test_golden.py --update-golden` and review the diff of tests/golden/ before committing.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
PAGES = {
    "home.html": "index.html",
    "article-cdvc-thanh-hoa.html": "tin-tuc/cong-doan-vien-chuc-thanh-hoa-nam-2021-co-5-ca-nhan-nhan-bang-lao-dong-sang-tao/index.html",
    "unit-ldld-ha-noi.html": "don-vi/ldld-ha-noi/index.html",
    "campaign-ldg-ldst.html": "phong-trao/lao-dong-gioi-lao-dong-sang-tao/index.html",
    "honour-roll.html": "bang-vang/index.html",
    "awardee-le-van-thinh.html": "vinh-danh/le-van-thinh/index.html",
    "feed.xml": "feed.xml",
}


@pytest.mark.parametrize("golden", sorted(PAGES))
def test_key_pages_match_golden_output(example_output: Path, golden: str, request):
    built = (example_output / PAGES[golden]).read_text("utf-8")
    path = GOLDEN / golden
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(built, "utf-8")
        return
    expected = path.read_text("utf-8")
    if built != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), built.splitlines(True),
                                            f"tests/golden/{golden}", f"built {PAGES[golden]}", n=2))
        pytest.fail(f"{golden} differs from the golden copy (run with --update-golden if intended):\n{diff[:6000]}")
