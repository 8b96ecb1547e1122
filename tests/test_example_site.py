"""End-to-end: the repository's example site builds, every page type exists, and links work."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from bangvang.text import person_key, collective_key
from tests.conftest import ROOT, _build_example
from tests.sitecheck import broken_links, non_nfc_files

CONTENT = ROOT / "content"


def front_of(path: Path) -> dict:
    """An article's front matter, read independently with PyYAML."""
    return yaml.safe_load(path.read_text("utf-8").split("---\n", 2)[1])


def published_front_matter() -> list[dict]:
    """Front matter of every published article, read independently with PyYAML."""
    out = []
    for path in sorted((CONTENT / "tin-tuc").rglob("*.md")):
        front = front_of(path)
        if front.get("draft") or str(front["date"]).startswith("2027"):
            continue
        out.append(front)
    return out


def test_every_page_type_exists(example_output: Path):
    expected = [
        "index.html", "trang/2/index.html", "404.html",
        "don-vi/index.html", "don-vi/ldld-ha-noi/index.html", "don-vi/ldld-nam-tu-liem/index.html",
        "phong-trao/index.html", "phong-trao/lao-dong-gioi-lao-dong-sang-tao/index.html",
        "bang-vang/index.html", "bang-vang/2021/index.html", "bang-vang/2020/index.html",
        "vinh-danh/le-van-thinh/index.html", "vinh-danh/le-xuan-minh/index.html",
        "chu-de/index.html", "gioi-thieu/index.html", "lien-he/index.html",
        "theme/css/site.css", "tin-tuc/index.html", "tin-tuc/trang/2/index.html", "tin-tuc/2021/index.html",
    ]
    missing = [rel for rel in expected if not (example_output / rel).is_file()]
    assert missing == []
    # a photo is published only as processed files (bangvang/photos.py), never as the camera's file
    assert not (example_output / "tin-tuc/2022/anh/tuyen-duong-cong-nhan-gioi-2022.png").exists()
    assert list((example_output / "tin-tuc/2022/anh").glob("tuyen-duong-cong-nhan-gioi-2022-*-480.webp"))
    articles = [p for p in (example_output / "tin-tuc").glob("*/index.html")
                if not p.parent.name.isdigit() and p.parent.name != "trang"]  # not the archives
    assert len(articles) == len(published_front_matter()) == 19
    tags = list((example_output / "chu-de").glob("*/index.html"))
    assert tags


def test_drafts_and_future_articles_are_not_published(example_output: Path):
    text = "\n".join(p.read_text("utf-8") for p in example_output.rglob("*.html"))
    for path in (CONTENT / "tin-tuc").rglob("*.md"):
        front = yaml.safe_load(path.read_text("utf-8").split("---\n", 2)[1])
        if front.get("draft") or str(front["date"]).startswith("2027"):
            assert front["title"] not in text


def test_no_internal_link_is_broken(example_output: Path):
    assert broken_links(example_output) == []


def test_links_work_under_a_base_path(tmp_path: Path):
    config = tmp_path / "site.yaml"
    config.write_text((ROOT / "site.yaml").read_text("utf-8").replace(
        'base_url: "https://bangvang.example.org/"', 'base_url: "https://example.org/congdoan/"'), "utf-8")
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme/logo.svg").write_bytes((ROOT / "theme/logo.svg").read_bytes())  # branding.logo
    out = tmp_path / "output"
    import io
    from bangvang.cli import main
    err = io.StringIO()
    code = main(["build", "--config", str(config), "--content", str(CONTENT), "--out", str(out),
                 "--cache", str(tmp_path / "cache")], out=io.StringIO(), err=err)
    assert code == 0, err.getvalue()
    assert broken_links(out, base_path="/congdoan/") == []
    home = (out / "index.html").read_text("utf-8")
    assert 'href="/congdoan/theme/css/site.css"' in home
    assert '<link rel="canonical" href="https://example.org/congdoan/">' in home


def test_output_is_nfc_and_vietnamese(example_output: Path):
    assert non_nfc_files(example_output) == []
    for page in example_output.rglob("*.html"):
        assert page.read_text("utf-8").startswith('<!doctype html>\n<html lang="vi">'), page


def roll_rows(page: str) -> list[tuple[int, int, str, str, str]]:
    """(period start, period end, award id, kind, name) for every row of a roll page, in page order."""
    import html as htmllib

    rows = []
    for section in re.findall(r'<section class="roll-year" id="nam-([0-9-]+)">(.*?)</section>', page, re.S):
        label, body = section
        start, _, end = label.partition("-")
        for tr in re.findall(r"<tr data-year=.*?</tr>", body, re.S):
            award = re.search(r'data-award="([^"]+)"', tr).group(1)
            kind = re.search(r'data-kind="([^"]+)"', tr).group(1)
            cell = re.search(r'<td class="name"[^>]*>(.*?)(?:<span class=|</td>)', tr, re.S).group(1)
            name = htmllib.unescape(re.sub(r"<[^>]+>", "", cell).strip())
            rows.append((int(start), int(end or start), award, kind, name))
    return rows


def test_honour_roll_lists_every_named_awardee_once_in_order(example_output: Path):
    page = (example_output / "bang-vang/index.html").read_text("utf-8")
    rows = roll_rows(page)
    assert len(rows) == page.count("<tr data-year=")
    named = sorted((name, kind) for *_, kind, name in rows if kind != "so-luong")
    registered = {u["id"]: u["name"] for u in yaml.safe_load((CONTENT / "units.yaml").read_text("utf-8"))}
    expected = sorted((registered[a["name"]] if a.get("kind") == "don-vi" else a["name"], a.get("kind", "ca-nhan"))
                      for f in published_front_matter() for a in f.get("awardees") or []
                      if "name" in a and a.get("status", "da-trao") == "da-trao")  # proposed: not on the roll
    assert named == expected
    ranks = {a["id"]: i for i, a in enumerate(yaml.safe_load((CONTENT / "awards.yaml").read_text("utf-8")))}

    def key(row):
        start, end, award, kind, name = row
        counted = kind == "so-luong"
        who = collective_key("") if counted else (collective_key(name) if kind in ("tap-the", "don-vi") else person_key(name))
        section = 3 if counted else {"tap-the": 0, "don-vi": 0, "ca-nhan": 1, "ho-gia-dinh": 2}[kind]
        return (-end, -start, ranks[award], section, who)  # collectives, individuals, households, counted

    keys = [key(r) for r in rows]
    assert keys == sorted(keys)
    assert any(k[3] == 3 for k in keys) and len({k[0] for k in keys}) > 3  # counted lines and several years


def test_unit_page_rolls_up_sub_units(example_output: Path):
    page = (example_output / "don-vi/ldld-ha-noi/index.html").read_text("utf-8")
    for name in ("Đặng Thị Ân", "Công đoàn Công ty Cổ phần Fecon", "Phạm Minh Đức"):
        assert name in page
    assert "Nam Từ Liêm" in page and "đã sáp nhập" in page and "đã giải thể" not in page  # merged, not dissolved


def test_historical_unit_links_its_successor(example_output: Path):
    page = (example_output / "don-vi/ldld-nam-tu-liem/index.html").read_text("utf-8")
    assert "Đơn vị đã sáp nhập vào" in page and "hoạt động đến ngày 30 tháng 6 năm 2025" in page
    assert 'href="/don-vi/ldld-ha-noi/"' in page


def test_awardee_in_two_articles_has_one_page_with_both(example_output: Path):
    """The demo person is fictional and honoured in two illustrative (minh-hoa) articles."""
    sources = [path for path in sorted((CONTENT / "tin-tuc").rglob("*.md"))
               if any(a.get("id") == "le-van-thinh" for a in front_of(path).get("awardees") or [])]
    assert len(sources) == 2
    assert all("minh họa" in front_of(path)["tags"] for path in sources)
    page = (example_output / "vinh-danh/le-van-thinh/index.html").read_text("utf-8")
    assert "<h1>Lê Văn Thịnh" in page
    assert page.count('<li class="honour-item">') == 2
    assert "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh" in page and "Bằng khen" in page
    for path in sources:
        assert front_of(path)["title"] in page  # each row links its article
    assert not list((example_output / "vinh-danh").glob("le-van-thinh-*"))


def test_real_people_keep_only_the_honours_their_articles_report(example_output: Path):
    """Illustrative articles invent people, never honours for someone named in a seed-based article."""
    fronts = [front_of(path) for path in sorted((CONTENT / "tin-tuc").rglob("*.md"))]
    real = {a["name"] for f in fronts if "minh họa" not in (f.get("tags") or []) for a in f.get("awardees") or []
            if "name" in a}
    invented = {a["name"] for f in fronts if "minh họa" in (f.get("tags") or []) for a in f.get("awardees") or []
                if "name" in a}
    assert "Lê Xuân Minh" in real and real & invented == set()
    minh = (example_output / "vinh-danh/le-xuan-minh/index.html").read_text("utf-8")
    assert minh.count('<li class="honour-item">') == 1 and "Bằng Lao động sáng tạo" in minh


def test_illustrative_articles_say_they_are_fictional():
    for path in sorted((CONTENT / "tin-tuc").rglob("*.md")):
        if "minh họa" in (front_of(path).get("tags") or []):
            assert "*Bài viết minh họa cho trang mẫu;" in path.read_text("utf-8") and "hư cấu" in path.read_text("utf-8"), path


def vn_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def expected_totals() -> tuple[dict[str, int], dict[str, dict[str, int]], dict[str, int], int]:
    """From the sources, read with PyYAML: honours per unit (sub-units included), per unit and period
    label, per period label for the whole site, and the number of named rows. A named awardee counts 1,
    a counted line its numbers; only granted honours count (`status`); a named entry inside an
    `includes_named` line of its article adds nothing where that line counts; a `don-vi` awardee counts
    for the unit it names."""
    units = {u["id"]: u.get("parent") for u in yaml.safe_load((CONTENT / "units.yaml").read_text("utf-8"))}
    per_unit: dict[str, int] = {u: 0 for u in units}
    per_period: dict[str, dict[str, int]] = {u: {} for u in units}
    site: dict[str, int] = {}
    named = 0

    def chain(unit):
        while unit:
            yield unit
            unit = units[unit]

    for front in published_front_matter():
        article_units = front["unit"] if isinstance(front["unit"], list) else [front["unit"]]
        granted = [a for a in front.get("awardees") or [] if a.get("status", "da-trao") == "da-trao"]

        def year_of(a):
            return str(a["year"]) if "year" in a else str(front["date"])[:4]  # the roll section's label

        def unit_of(a):
            return a["name"] if a.get("kind") == "don-vi" else a.get("unit") or article_units[0]

        def line_of(a):
            return next((line for line in granted if line.get("includes_named") and "count" not in a
                         and all(line.get(k) == a.get(k) for k in ("award", "awarded_by"))
                         and year_of(line) == year_of(a)
                         and all(line.get(k) in (None, a.get(k)) for k in ("prize", "category"))), None)

        for a in granted:
            unit = unit_of(a)
            assert unit in units, unit  # the example site refers to units by id
            n = sum(a["count"].values()) if "count" in a else 1
            named += "count" not in a
            line = line_of(a)
            held = set(chain(unit_of(line))) if line else set()
            if not line:
                site[year_of(a)] = site.get(year_of(a), 0) + n
            for up in chain(unit):
                if up in held:
                    continue
                per_unit[up] += n
                per_period[up][year_of(a)] = per_period[up].get(year_of(a), 0) + n
    return per_unit, per_period, site, named


def section_totals(page: str) -> dict[str, int]:
    """Period label ("2021", "2015-2020") → the count in the heading of its roll section."""
    found = re.findall(r'<section class="roll-year" id="nam-([0-9-]+)">\s*<h[23]>Năm [^<]*'
                       r'<span class="count">\(([0-9.]+) lượt\)</span>', page)
    return {label: int(count.replace(".", "")) for label, count in found}


def data_total(rows: list[dict]) -> int:
    """Honours in open-data rows, as the file's documentation says to count them: granted rows only, and a
    row `included_in` a line of the same file adds nothing."""
    ids = {r["id"] for r in rows}
    return sum(int(r["collectives"]) + int(r["individuals"]) + int(r["households"]) + int(r["unsplit"])
               for r in rows if r["status_id"] == "da-trao" and r["included_in"] not in ids)


def csv_records(path: Path) -> list[dict]:
    """CSV rows keyed by the JSON keys (the header holds the Vietnamese labels)."""
    import csv

    from bangvang.exports import COLUMNS

    keys = {label: key for key, label in COLUMNS.items()}
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{keys[label]: value for label, value in row.items()} for row in csv.DictReader(f)]


def test_counted_honours_show_numbers_and_count_in_totals(example_output: Path):
    import json

    per_unit, per_period, per_year, named = expected_totals()
    total = sum(per_year.values())
    an_giang = (example_output / "don-vi/ldld-an-giang/index.html").read_text("utf-8")
    assert "33 tập thể, 106 cá nhân" in an_giang
    assert total - named >= 33 + 106  # counted lines are in the totals, An Giang's among them

    # the honour roll: its total, and each year's heading
    roll = (example_output / "bang-vang/index.html").read_text("utf-8")
    assert f"Tổng cộng {vn_number(total)} lượt vinh danh: {vn_number(named)} lượt nêu tên của " in roll
    assert section_totals(roll) == per_year

    # unit pages: the meta line and the roll's year headings, sub-units included
    for unit in ("ldld-an-giang", "ldld-ha-noi", "ldld-nam-tu-liem", "cdvc-thanh-hoa"):
        page = (example_output / f"don-vi/{unit}/index.html").read_text("utf-8")
        assert f" bài viết · {vn_number(per_unit[unit])} lượt vinh danh" in page, unit
        assert section_totals(page) == per_period[unit], unit
    tree = (example_output / "don-vi/index.html").read_text("utf-8")
    for unit in ("ldld-an-giang", "ldld-ha-noi"):
        assert re.search(f'<a href="/don-vi/{unit}/">[^<]*</a>\\s*<span class="count">[0-9.]+ bài · '
                         f'{vn_number(per_unit[unit])} lượt vinh danh</span>', tree), unit

    # open data: one row per honour, counted lines with their numbers
    body = csv_records(example_output / "bang-vang.csv")
    assert data_total(body) == total
    assert any(r["collectives"] == "33" and r["individuals"] == "106" and r["name"] == "" for r in body)
    data = json.loads((example_output / "bang-vang.json").read_text("utf-8"))
    assert len(data["honours"]) == len(body) and data_total(data["honours"]) == total == data["totals"]["honours"]
    for unit in ("ldld-an-giang", "ldld-ha-noi", "cdvc-thanh-hoa"):
        unit_data = json.loads((example_output / f"don-vi/{unit}/bang-vang.json").read_text("utf-8"))
        assert data_total(unit_data["honours"]) == per_unit[unit] == unit_data["totals"]["honours"], unit
        assert data_total(csv_records(example_output / f"don-vi/{unit}/bang-vang.csv")) == per_unit[unit], unit


def test_dates_are_vietnamese(example_output: Path):
    from bangvang.text import slugify

    front = next(f for f in published_front_matter() if str(f["date"]) == "2021-06-06 19:51")
    text = (example_output / "tin-tuc" / slugify(front.get("slug") or front["title"]) / "index.html").read_text("utf-8")
    assert "19:51, ngày 6 tháng 6 năm 2021" in text
    home = (example_output / "index.html").read_text("utf-8")
    # one way of writing a date across the site: the cards too (not also 06/06/2021)
    assert re.search(r"<time datetime=\"[^\"]+\">ngày \d{1,2} tháng \d{1,2} năm \d{4}</time>", home)
    assert not re.search(r"<time datetime=\"[^\"]+\">\d{2}/\d{2}/\d{4}</time>", home)


def test_build_is_deterministic(example_output: Path, tmp_path: Path):
    code, _, err = _build_example(tmp_path / "again")
    assert code == 0, err
    from tests.sitecheck import tree_bytes
    assert tree_bytes(tmp_path / "again") == tree_bytes(example_output)
