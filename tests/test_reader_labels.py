"""What readers see carries no internal labels (issue 12): no "0 lượt vinh danh" for campaigns without
honours, no tag slugs, no kind labels in honour tables, dates written one way, and breadcrumbs that
name each unit or campaign once."""

from __future__ import annotations

import re
from pathlib import Path

TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)


def visible(html: str) -> str:
    return TAGS.sub(" ", html)


def pages(output: Path) -> list[tuple[str, str]]:
    return [(p.relative_to(output).as_posix(), p.read_text("utf-8")) for p in sorted(output.rglob("*.html"))]


def test_no_campaign_is_said_to_have_zero_honours(example_output: Path):
    said = [(rel, m.group(0)) for rel, html in pages(example_output) if not rel.startswith("don-vi/")
            for m in re.finditer(r"(?<![\d.])0 lượt vinh danh", visible(html))]
    assert said == []
    # campaigns without honours are still listed, with their articles
    campaigns = visible((example_output / "phong-trao/index.html").read_text("utf-8"))
    assert "75 nghìn sáng kiến" in campaigns and re.search(r"75 nghìn sáng kiến\s+3 bài\s", campaigns)


def test_tag_slugs_and_generated_dates_read_as_text(example_output: Path):
    for rel, html in pages(example_output):
        assert "minh-hoa" not in visible(html), rel  # the tag reads "minh họa"; its slug is only in addresses
        for when in re.findall(r"<time[^>]*>([^<]*)</time>", html):
            # one way: "ngày 6 tháng 6 năm 2021", with the time before it on article pages
            assert re.fullmatch(r"(\d\d:\d\d, )?ngày \d{1,2} tháng \d{1,2} năm \d{4}", when), (rel, when)
