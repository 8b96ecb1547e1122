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


def test_no_unit_or_campaign_is_said_to_have_zero_honours_or_articles(example_output: Path):
    said = [(rel, m.group(0)) for rel, html in pages(example_output)
            for m in re.finditer(r"(?<![\d.])0 (lượt vinh danh|bài)", visible(html))]
    assert said == []
    # a unit with neither says nothing of them; one with honours only says those
    assert "Phú Xuyên · Trực thuộc" in visible((example_output / "don-vi/ldld-phu-xuyen/index.html").read_text("utf-8"))
    assert re.search(r"CĐCS May Tân Thường · 5 lượt vinh danh · Trực thuộc",
                     visible((example_output / "don-vi/cdcs-may-tan-thuong/index.html").read_text("utf-8")))
    # campaigns without honours are still listed, with their articles
    campaigns = visible((example_output / "phong-trao/index.html").read_text("utf-8"))
    assert "75 nghìn sáng kiến" in campaigns and re.search(r"75 nghìn sáng kiến\s+3 bài\s", campaigns)


def test_names_in_honour_tables_carry_no_kind_label(example_output: Path):
    """"cá nhân", "tập thể", "số lượng" under every name: the name says it, a counted line says what it counts."""
    checked = 0
    for rel, html in pages(example_output):
        for cell in re.findall(r'<td class="name"[^>]*>(.*?)</td>', html, re.S):
            checked += 1
            assert not re.search(r"^\s*(cá nhân|tập thể|số lượng)\s*$", visible(cell), re.M), (rel, cell)
            assert 'class="kind"' not in cell, (rel, cell)
    assert checked > 500


def test_tag_slugs_and_generated_dates_read_as_text(example_output: Path):
    for rel, html in pages(example_output):
        assert "minh-hoa" not in visible(html), rel  # the tag reads "minh họa"; its slug is only in addresses
        for when in re.findall(r"<time[^>]*>([^<]*)</time>", html):
            # one way: "ngày 6 tháng 6 năm 2021", with the time before it on article pages
            assert re.fullmatch(r"(\d\d:\d\d, )?ngày \d{1,2} tháng \d{1,2} năm \d{4}", when), (rel, when)


def crumbs_of(html: str) -> tuple[list[tuple[str, str]], str]:
    nav = re.search(r'<nav class="crumbs[^>]*>(.*?)</nav>', html, re.S)
    if not nav:
        return [], ""
    links = re.findall(r'<li><a href="([^"]+)">([^<]*)</a></li>', nav.group(1))
    current = re.search(r'<li aria-current="page">([^<]*)</li>', nav.group(1)).group(1)
    return links, current


def test_breadcrumbs_name_each_unit_and_campaign_once(tmp_path):
    """Unit and campaign pages past the first, and their own honour rolls (short previews make them)."""
    import io

    import yaml

    from bangvang.cli import main
    from tests.conftest import ROOT

    config = tmp_path / "site.yaml"
    config.write_text((ROOT / "site.yaml").read_text("utf-8").replace("per_page: 10", "per_page: 3\nroll_preview: 10"),
                      "utf-8")
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme/logo.svg").write_bytes((ROOT / "theme/logo.svg").read_bytes())  # branding.logo, beside site.yaml
    out = tmp_path / "output"
    err = io.StringIO()
    assert main(["build", "--config", str(config), "--content", str(ROOT / "content"), "--out", str(out),
                 "--cache", str(tmp_path / "cache")], out=io.StringIO(), err=err) == 0, err.getvalue()
    names: dict[str, set[str]] = {}  # address of a unit or campaign → every name it goes by
    for folder, registry in (("don-vi", "units.yaml"), ("phong-trao", "campaigns.yaml")):
        for entry in yaml.safe_load((ROOT / "content" / registry).read_text("utf-8")):
            names[f"/{folder}/{entry['id']}/"] = {n for n in (entry["name"], entry.get("short")) if n}
    checked = {"unit-page-2": 0, "campaign-page-2": 0, "unit-roll": 0, "campaign-roll": 0}
    for rel, html in pages(out):
        links, current = crumbs_of(html)
        if not links:
            continue
        hrefs = [href for href, _ in links]
        assert len(set(hrefs)) == len(hrefs), (rel, links)
        for href, text in links:  # named in a crumb, then never again in the page's own crumb
            for name in names.get(href, set()) | ({text} if href in names else set()):
                assert name not in current, (rel, links, current)
        kind = ("unit" if rel.startswith("don-vi/") else "campaign" if rel.startswith("phong-trao/") else "")
        if kind and "/trang/" in rel:
            checked[f"{kind}-page-2"] += 1
            assert re.fullmatch(r"Trang \d+", current) and links[-1][0] == "/" + rel.split("trang/")[0], (rel, current)
        elif kind and "/bang-vang/" in rel:
            checked[f"{kind}-roll"] += 1
            assert current.startswith("Bảng vàng"), (rel, current)
    assert all(checked.values()), checked


def test_breadcrumbs_of_years_and_topics_do_not_repeat_the_crumb_before(example_output: Path):
    """"Bảng vàng › Năm 2019", "Tin bài › Năm 2019", "Chủ đề › minh họa": not "Bảng vàng › Bảng vàng năm 2019"."""
    checked = 0
    for rel, html in pages(example_output):
        if re.match(r"(bang-vang|tin-tuc)/\d{4}/|chu-de/[^/]+/", rel):
            links, current = crumbs_of(html)
            checked += 1
            assert not current.startswith(links[-1][1]) and ":" not in current, (rel, links, current)
            assert re.fullmatch(r"(Năm \d{4}|[^–]+)( – trang \d+)?", current), (rel, current)
    assert checked > 10
