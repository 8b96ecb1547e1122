"""Machine-readable outputs: Atom feeds, sitemap, robots.txt, open data (CSV, JSON), Open Graph and JSON-LD.

Checked on the example site (tests/conftest.py `example_output`) with independent readers: feedparser and
ElementTree for Atom (RFC 4287 cardinality, as in RELIABILITY.md §3.3b), xmlschema with the sitemaps.org 0.9
schema (tests/data/sitemap.xsd), csv.DictReader and json; and on a hostile scratch site for escaping.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest
import xmlschema
import yaml

from bangvang.exports import BOM, COLUMNS, honours_csv, honours_json, neutralise, totals
from bangvang.pages import Plan, all_jobs, machine, shard_jobs
from bangvang.views import DataRow, HonourData
from tests.conftest import ROOT, _build_example, article, run_build
from tests.test_example_site import published_front_matter

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DATA = Path(__file__).parent / "data"
ORIGIN = "https://bangvang.example.org"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)$")


@pytest.fixture(scope="module")
def sitemap_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(DATA / "sitemap.xsd"))


def feeds_of(output: Path) -> list[Path]:
    return sorted(output.rglob("feed.xml"))


def data_files_of(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("bang-vang.*") if p.suffix in (".csv", ".json"))


def atom_problems(path: Path) -> list[str]:
    """RELIABILITY.md §3.3b: well-formed (feedparser, no bozo) and RFC 4287 §4.1.1/§4.1.2 cardinality."""
    errors = []
    parsed = feedparser.parse(path.read_bytes())
    if parsed.bozo:
        errors.append(f"not well-formed: {parsed.bozo_exception}")
    root = ET.parse(path).getroot()
    if root.tag != ATOM + "feed":
        return errors + [f"root is {root.tag}"]
    for req in ("id", "title", "updated"):
        if len(root.findall(ATOM + req)) != 1:
            errors.append(f"feed needs exactly one atom:{req}")
    if not root.findall(ATOM + "author"):
        errors.append("feed has no author")
    if [link.get("href") for link in root.findall(ATOM + "link") if link.get("rel") == "self"] == []:
        errors.append("feed has no rel=self link")
    for i, entry in enumerate(root.findall(ATOM + "entry"), 1):
        for req in ("id", "title", "updated"):
            if len(entry.findall(ATOM + req)) != 1:
                errors.append(f"entry {i} needs exactly one atom:{req}")
        alternates = [link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != 1:
            errors.append(f"entry {i} needs one alternate link")
        if entry.find(ATOM + "content") is None or entry.find(ATOM + "content").get("type") != "html":
            errors.append(f"entry {i} has no html content")
        if entry.find(ATOM + "author") is None:
            errors.append(f"entry {i} has no author")
        for stamp in ("updated", "published"):
            value = entry.findtext(ATOM + stamp)
            if not value or not RFC3339.match(value):
                errors.append(f"entry {i}: {stamp} {value!r} is not RFC 3339")
    if not RFC3339.match(root.findtext(ATOM + "updated") or ""):
        errors.append("feed updated is not RFC 3339")
    return errors


def linked_targets(output: Path) -> set[str]:
    """Every href of every HTML page, as an output-relative path."""
    targets = set()
    for page in output.rglob("*.html"):
        for raw in re.findall(r'\shref="([^"]*)"', page.read_text("utf-8")):
            value = html.unescape(raw)
            if value.startswith("/") and not value.startswith("//"):
                path = value.split("#")[0].split("?")[0].lstrip("/")
                targets.add(path + "index.html" if path.endswith("/") or path == "" else path)
    return targets


def read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(BOM.encode("utf-8"))
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_json(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def unit_tree() -> dict[str, list[str]]:
    """unit id → its id and every descendant's, read independently from units.yaml."""
    units = yaml.safe_load((ROOT / "content/units.yaml").read_text("utf-8"))
    children: dict[str, list[str]] = {}
    for u in units:
        if u.get("parent"):
            children.setdefault(u["parent"], []).append(u["id"])

    def below(uid: str) -> list[str]:
        return [uid] + [d for c in children.get(uid, []) for d in below(c)]

    return {u["id"]: below(u["id"]) for u in units}


# -- Atom ---------------------------------------------------------------------------------------------------------
def test_every_feed_is_well_formed_atom(example_output: Path):
    feeds = feeds_of(example_output)
    units = yaml.safe_load((ROOT / "content/units.yaml").read_text("utf-8"))
    campaigns = yaml.safe_load((ROOT / "content/campaigns.yaml").read_text("utf-8"))
    assert len(feeds) == 1 + len(units) + len(campaigns)
    for path in feeds:
        assert atom_problems(path) == [], path


def test_site_feed_has_the_newest_twenty_articles_with_dates_from_content(example_output: Path):
    root = ET.parse(example_output / "feed.xml").getroot()
    entries = root.findall(ATOM + "entry")
    assert len(entries) == min(20, len(published_front_matter()))
    stamps = [e.findtext(ATOM + "updated") for e in entries]
    from datetime import datetime
    assert [datetime.fromisoformat(s) for s in stamps] == sorted((datetime.fromisoformat(s) for s in stamps),
                                                                reverse=True)
    assert root.findtext(ATOM + "updated") == stamps[0]  # the newest entry, never the build time
    assert all(s.endswith("+07:00") for s in stamps)
    assert root.findtext(ATOM + "id") == f"{ORIGIN}/feed.xml"
    for e in entries:
        link = next(link.get("href") for link in e.findall(ATOM + "link"))
        assert e.findtext(ATOM + "id") == link and link.startswith(f"{ORIGIN}/tin-tuc/")
        page = (example_output / link[len(ORIGIN) + 1:] / "index.html").read_text("utf-8")
        assert f'<link rel="canonical" href="{link}">' in page
        assert e.findtext(ATOM + "published") == e.findtext(ATOM + "updated")
        assert re.search(r'<time datetime="' + re.escape(e.findtext(ATOM + "published")) + '"', page)
        assert e.find(ATOM + "author").findtext(ATOM + "name")


def test_feed_content_is_the_article_body_with_absolute_links(example_output: Path):
    root = ET.parse(example_output / "feed.xml").getroot()
    bodies = [e.findtext(ATOM + "content") for e in root.findall(ATOM + "entry")]
    assert all(b and b.lstrip().startswith("<") for b in bodies)  # HTML, carried as escaped text
    joined = "\n".join(bodies)
    assert not re.search(r'\s(?:href|src)="/(?!/)', joined)  # no root-relative URL left for feed readers
    assert "bv-ref:" not in joined
    raw = (example_output / "feed.xml").read_text("utf-8")
    assert "&lt;p&gt;" in raw and "<p>" not in raw


def test_feed_ids_are_stable_across_builds(example_output: Path, tmp_path: Path):
    code, _, err = _build_example(tmp_path / "again")
    assert code == 0, err

    def ids(output: Path) -> dict[str, list[str]]:
        return {p.relative_to(output).as_posix(): [e.text for e in ET.parse(p).getroot().iter(ATOM + "id")]
                for p in feeds_of(output)}

    assert ids(tmp_path / "again") == ids(example_output)


def test_unit_feed_includes_sub_units_articles(example_output: Path):
    parsed = feedparser.parse((example_output / "don-vi/ldld-ha-noi/feed.xml").read_bytes())
    titles = {e.title for e in parsed.entries}
    sub = feedparser.parse((example_output / "don-vi/ldld-nam-tu-liem/feed.xml").read_bytes())
    assert sub.entries and {e.title for e in sub.entries} <= titles
    assert parsed.feed.title.startswith("Liên đoàn Lao động thành phố Hà Nội")
    assert parsed.feed.link == f"{ORIGIN}/don-vi/ldld-ha-noi/"


def test_feed_of_a_unit_without_articles_is_valid_and_dated_without_the_clock(example_output: Path):
    empty = [p for p in feeds_of(example_output) if not ET.parse(p).getroot().findall(ATOM + "entry")]
    for path in empty:
        assert ET.parse(path).getroot().findtext(ATOM + "updated") == "1970-01-01T00:00:00+00:00"


# -- sitemap and robots.txt ---------------------------------------------------------------------------------------
def test_sitemap_validates_is_sorted_and_lists_every_page_but_404(example_output: Path, sitemap_schema):
    path = example_output / "sitemap.xml"
    assert [e.reason for e in sitemap_schema.iter_errors(str(path))] == []
    root = ET.parse(path).getroot()
    locs = [u.findtext(SM + "loc") for u in root.findall(SM + "url")]
    assert locs == sorted(locs) and len(locs) == len(set(locs))
    pages = {p.relative_to(example_output).as_posix() for p in example_output.rglob("*.html")} - {"404.html"}
    expected = {ORIGIN + "/" + (rel[:-len("index.html")] if rel.endswith("index.html") else rel) for rel in pages}
    assert set(locs) == expected
    lastmod = {u.findtext(SM + "loc"): u.findtext(SM + "lastmod") for u in root.findall(SM + "url")}
    article_url = next(loc for loc in locs if "/tin-tuc/" in loc)
    page = (example_output / article_url[len(ORIGIN) + 1:] / "index.html").read_text("utf-8")
    assert re.search(r'<time datetime="' + re.escape(lastmod[article_url]) + '"', page)
    assert lastmod[f"{ORIGIN}/"] == ET.parse(example_output / "feed.xml").getroot().findtext(ATOM + "updated")
    assert lastmod[f"{ORIGIN}/don-vi/"] is None  # a page without dated content gets no lastmod
    assert lastmod[f"{ORIGIN}/gioi-thieu/"] is None


def test_robots_txt_points_at_the_absolute_sitemap(example_output: Path):
    text = (example_output / "robots.txt").read_text("utf-8")
    assert text == f"User-agent: *\nDisallow:\n\nSitemap: {ORIGIN}/sitemap.xml\n"


def test_big_site_gets_a_sitemap_index(scratch_site, monkeypatch, sitemap_schema):
    monkeypatch.setattr(machine, "SITEMAP_LIMIT", 7)
    root = scratch_site({f"content/tin-tuc/bai-{i}.md": article(f"Bài số {i}", f"2021-06-{i + 1:02d} 08:00")
                         for i in range(6)})
    code, _, err = run_build(root)
    assert code == 0, err
    out = root / "output"
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == SM + "sitemapindex"
    assert xmlschema.XMLSchema(str(DATA / "siteindex.xsd")).is_valid(str(out / "sitemap.xml"))
    parts = [s.findtext(SM + "loc") for s in index.findall(SM + "sitemap")]
    assert parts[0] == "https://example.org/sitemap-1.xml" and len(parts) > 1
    locs = []
    for loc in parts:
        part = out / loc.rsplit("/", 1)[1]
        assert [e.reason for e in sitemap_schema.iter_errors(str(part))] == []
        found = [u.findtext(SM + "loc") for u in ET.parse(part).getroot().findall(SM + "url")]
        assert 0 < len(found) <= 7
        locs += found
    assert locs == sorted(locs) and len(set(locs)) == len(locs) == len(list(out.rglob("*.html"))) - 1


# -- open data ----------------------------------------------------------------------------------------------------
def test_csv_has_bom_crlf_and_one_row_per_honour(example_output: Path):
    data = (example_output / "bang-vang.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line or b'"' in line for line in lines)
    rows = read_csv(example_output / "bang-vang.csv")
    assert list(rows[0]) == list(COLUMNS.values())
    awardees = [a for f in published_front_matter() for a in f.get("awardees") or []]
    assert len(rows) == len(awardees)
    registered = {u["id"]: u["name"] for u in yaml.safe_load((ROOT / "content/units.yaml").read_text("utf-8"))}
    named = Counter(registered[a["name"]] if a.get("kind") == "don-vi" else a["name"] for a in awardees if "name" in a)
    assert Counter(r["tên"] for r in rows if r["mã loại"] != "so-luong") == named
    granted = [a for a in awardees if a.get("status", "da-trao") == "da-trao"]
    every_row = sum(sum(a["count"].values()) if "count" in a else 1 for a in granted)
    inside = sum(1 for r in rows if r["đã tính trong dòng"])  # named entries inside a number (includes_named)
    assert every_row - inside == 857 and inside == 1
    assert [r["mã trạng thái"] for r in rows].count("de-nghi") == len(awardees) - len(granted) == 1
    counted = [a for a in awardees if "count" in a]
    assert sorted((int(r["số tập thể"]), int(r["số cá nhân"])) for r in rows if r["mã loại"] == "so-luong") == \
        sorted((a["count"].get("tap-the", 0), a["count"].get("ca-nhan", 0)) for a in counted)
    for r in rows:
        assert r["đường dẫn bài viết"].startswith(f"{ORIGIN}/tin-tuc/")
        assert (r["đường dẫn vinh danh"] == "") == (r["mã loại"] == "so-luong" or r["mã trạng thái"] != "da-trao")
        assert r["loại"] in ("cá nhân", "tập thể", "đơn vị", "số lượng")


def test_csv_rows_follow_the_roll_order(example_output: Path):
    """The site CSV lists named honours in the same order as the honour roll page."""
    from tests.test_example_site import roll_rows

    page_names = [name for *_, kind, name in roll_rows((example_output / "bang-vang/index.html").read_text("utf-8"))
                  if kind != "so-luong"]
    csv_names = [r["tên"] for r in read_csv(example_output / "bang-vang.csv")
                 if r["mã loại"] != "so-luong" and r["mã trạng thái"] == "da-trao"]
    assert csv_names == page_names


def test_json_matches_csv_row_for_row(example_output: Path):
    doc = read_json(example_output / "bang-vang.json")
    assert list(doc) == sorted(doc) == ["fields", "generated_from", "honours", "scope", "site", "totals"]
    assert [f["key"] for f in doc["fields"]] == list(COLUMNS)
    assert [f["label"] for f in doc["fields"]] == list(COLUMNS.values())
    assert doc["generated_from"] == f"{ORIGIN}/bang-vang/"
    assert doc["scope"] == {"kind": "site", "id": "", "name": "Bảng Vàng Công đoàn"}
    rows = read_csv(example_output / "bang-vang.csv")
    assert len(doc["honours"]) == len(rows)
    for record, row in zip(doc["honours"], rows):
        assert list(record) == sorted(record)
        assert {COLUMNS[k]: str(neutralise(v)) for k, v in record.items()} == row
    assert doc["totals"]["honours"] == 857 and doc["totals"]["rows"] == len(rows)
    assert doc["totals"]["named"] == sum(1 for r in rows if r["tên"] and r["mã trạng thái"] == "da-trao")


def test_unit_and_campaign_files_roll_up_like_their_pages(example_output: Path):
    site_rows = read_csv(example_output / "bang-vang.csv")
    tree = unit_tree()
    tops = []
    for unit_id, members in tree.items():
        own = example_output / f"don-vi/{unit_id}/bang-vang.csv"
        if [r for r in site_rows if r["mã đơn vị"] in members] == site_rows:
            # the top unit: its files would be the site's again, so its page links the site's instead
            assert not own.exists() and not own.with_suffix(".json").exists()
            for page in (example_output / f"don-vi/{unit_id}").rglob("index.html"):
                text = page.read_text("utf-8")
                assert 'Tải dữ liệu: <a href="/bang-vang.csv"' in text and 'href="/bang-vang.json"' in text, page
            tops.append(unit_id)
            continue
        rows = read_csv(own)
        assert rows == [r for r in site_rows if r["mã đơn vị"] in members], unit_id
        doc = read_json(example_output / f"don-vi/{unit_id}/bang-vang.json")
        assert doc["scope"]["id"] == unit_id and len(doc["honours"]) == len(rows)
        assert doc["generated_from"] == f"{ORIGIN}/don-vi/{unit_id}/"
    assert tops == ["tong-ldld-vn"]
    hanoi = read_csv(example_output / "don-vi/ldld-ha-noi/bang-vang.csv")
    assert {"ldld-nam-tu-liem", "cdcs-fecon"} <= {r["mã đơn vị"] for r in hanoi}  # districts' honours included
    page = (example_output / "don-vi/ldld-ha-noi/index.html").read_text("utf-8")
    total = re.search(r"([\d.]+) lượt vinh danh", page).group(1).replace(".", "")
    assert read_json(example_output / "don-vi/ldld-ha-noi/bang-vang.json")["totals"]["honours"] == int(total)
    campaigns = yaml.safe_load((ROOT / "content/campaigns.yaml").read_text("utf-8"))
    for c in campaigns:
        rows = read_csv(example_output / f"phong-trao/{c['id']}/bang-vang.csv")
        assert rows == [r for r in site_rows if r["mã phong trào"] == c["id"]]


def test_every_feed_and_data_file_is_linked(example_output: Path):
    targets = linked_targets(example_output)
    outputs = {p.relative_to(example_output).as_posix() for p in feeds_of(example_output) + data_files_of(example_output)}
    assert outputs - targets == set()
    unit = (example_output / "don-vi/ldld-ha-noi/index.html").read_text("utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Bảng Vàng Công đoàn" href="/feed.xml">' in unit
    assert 'type="application/atom+xml" title="Liên đoàn Lao động thành phố Hà Nội: tin mới" ' \
           'href="/don-vi/ldld-ha-noi/feed.xml">' in unit
    assert "Theo dõi (Atom)</a>" in unit and "Tải dữ liệu:" in unit
    home = (example_output / "index.html").read_text("utf-8")
    assert 'href="/feed.xml" type="application/atom+xml">Theo dõi (Atom)</a>' in home
    assert 'href="/bang-vang.csv"' in home and 'href="/bang-vang.json"' in home


# -- <head>: Open Graph, JSON-LD ----------------------------------------------------------------------------------
def meta_tags(page: str) -> dict[str, str]:
    return {m[0]: html.unescape(m[1]) for m in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', page)}


def json_ld(page: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_article_has_open_graph_and_news_article_json_ld(example_output: Path):
    path = next(p for p in (example_output / "tin-tuc").glob("ha-noi-tuyen-duong*/index.html"))
    page = path.read_text("utf-8")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', page).group(1)
    tags = meta_tags(page)
    assert tags["og:type"] == "article" and tags["og:url"] == canonical and tags["og:locale"] == "vi_VN"
    assert tags["og:site_name"] == "Bảng Vàng Công đoàn"
    assert re.fullmatch(f"{ORIGIN}/tin-tuc/2022/anh/tuyen-duong-cong-nhan-gioi-2022-[0-9a-f]{{8}}-chia-se\\.jpg",
                        tags["og:image"]), tags["og:image"]
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["article:published_time"].endswith("+07:00")
    ld = json_ld(page)
    assert ld["@context"] == "https://schema.org" and ld["@type"] == "NewsArticle"
    assert ld["headline"] == tags["og:title"]
    assert ld["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
    assert ld["datePublished"] == ld["dateModified"] == tags["article:published_time"]
    assert ld["author"] == [{"@type": "Person", "name": "Minh Ngọc"}]
    assert ld["publisher"]["@type"] == "Organization" and ld["publisher"]["name"]
    assert ld["image"] == [tags["og:image"]] and ld["inLanguage"] == "vi"


def test_listing_pages_are_websites_with_their_feeds(example_output: Path):
    home = (example_output / "index.html").read_text("utf-8")
    tags = meta_tags(home)
    assert tags["og:type"] == "website" and tags["og:url"] == f"{ORIGIN}/"
    assert re.fullmatch(f"{ORIGIN}/theme/chia-se-[0-9a-f]{{8}}\\.jpg", tags["og:image"]), tags["og:image"]
    assert "application/ld+json" not in home
    campaign = (example_output / "phong-trao/lao-dong-gioi-lao-dong-sang-tao/index.html").read_text("utf-8")
    assert 'href="/phong-trao/lao-dong-gioi-lao-dong-sang-tao/feed.xml"' in campaign
    assert 'href="/phong-trao/lao-dong-gioi-lao-dong-sang-tao/bang-vang.csv"' in campaign
    assert '<meta name="robots" content="noindex">' in (example_output / "404.html").read_text("utf-8")


# -- hostile input ------------------------------------------------------------------------------------------------
EVIL = '"><script>alert(1)</script> & < ]]> {{ 7*7 }}'
FORMULA = '=HYPERLINK("http://evil.example/","bấm")'
HOSTILE_UNITS = f"""\
- id: tong-ldld
  name: 'Tổng LĐLĐ {EVIL}'
- id: ldld-ha-noi
  name: 'LĐLĐ Hà Nội {EVIL}'
  parent: tong-ldld
"""
HOSTILE_CAMPAIGNS = f"""\
- id: lao-dong-gioi
  name: 'Lao động giỏi {EVIL}'
"""
HOSTILE_AWARDS = f"""\
- id: bang-khen
  name: 'Bằng khen {EVIL}'
  kind: khen-thuong
"""


def hostile_article(n: int, title: str) -> str:
    return article(title, f"2022-0{n}-0{n} 08:00", extra=f"""\
        campaign: lao-dong-gioi
        author: '{EVIL}'
        summary: 'Tóm tắt {EVIL}'
        awardees:
          - name: 'Nguyễn Văn {EVIL}'
            award: bang-khen
            position: 'Tổ trưởng {EVIL}'
            achievement: '{EVIL}'
            awarded_by: 'Chủ tịch {EVIL}'
            decision: "{n}/QĐ"
          - name: '{FORMULA.replace("'", "''")}'
            kind: tap-the
            award: bang-khen
            decision: "{n}/QĐ"
          - name: '@SUM(1+1)'
            award: bang-khen
            decision: "{n}/QĐ"
          - count: {{tap-the: 3, ca-nhan: 4}}
            award: bang-khen
            decision: "{n}/QĐ"
        """, body=f"Đoạn đầu {EVIL.replace('<', '&lt;')}.\n\n<script>alert(1)</script>\n\n[liên kết](bai-1.md) ]]>")


HOSTILE_TITLE = f"Bài {EVIL}"


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory) -> Path:
    """A site whose every text field carries markup, template syntax, CDATA ends and formula starts."""
    root = tmp_path_factory.mktemp("hostile") / "site"
    files = {
        "site.yaml": f"title: 'Trang {EVIL}'\nbase_url: https://example.org/\nper_page: 2\npublisher: '{EVIL}'\n",
        "content/units.yaml": HOSTILE_UNITS, "content/campaigns.yaml": HOSTILE_CAMPAIGNS,
        "content/awards.yaml": HOSTILE_AWARDS,
        "content/tin-tuc/bai-1.md": hostile_article(1, HOSTILE_TITLE.replace('"', '\\"')),
        "content/tin-tuc/bai-2.md": hostile_article(2, "Tiêu đề thứ hai & <em>"),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    code, _, err = run_build(root)
    assert code == 0, err
    return root / "output"


def raw_markup_files(out: Path) -> set[str]:
    """Output files (the CSV aside: it is data and must keep the exact name) holding the raw <script>."""
    return {p.relative_to(out).as_posix() for p in out.rglob("*")
            if p.is_file() and p.suffix != ".csv" and b"<script>alert" in p.read_bytes()}


def test_hostile_text_is_escaped_in_feeds_sitemap_and_data(hostile_output: Path, sitemap_schema):
    out = hostile_output
    for path in feeds_of(out):
        assert atom_problems(path) == [], path
        assert not feedparser.parse(path.read_bytes()).bozo
    site_feed = ET.parse(out / "feed.xml").getroot()
    assert site_feed.findtext(ATOM + "title") == f"Trang {EVIL}"
    titles = [e.findtext(ATOM + "title") for e in site_feed.findall(ATOM + "entry")]
    assert HOSTILE_TITLE in titles and "Tiêu đề thứ hai & <em>" in titles
    assert [e.findtext(ATOM + "author/" + ATOM + "name") for e in site_feed.findall(ATOM + "entry")] == [EVIL, EVIL]
    assert all(EVIL in (e.findtext(ATOM + "summary") or "") for e in site_feed.findall(ATOM + "entry"))

    assert [e.reason for e in sitemap_schema.iter_errors(str(out / "sitemap.xml"))] == []

    doc = read_json(out / "bang-vang.json")
    names = [h["name"] for h in doc["honours"]]
    assert names.count(f"Nguyễn Văn {EVIL}") == 2 and names.count(FORMULA) == 2 and names.count("@SUM(1+1)") == 2
    named = next(h for h in doc["honours"] if h["name"] == f"Nguyễn Văn {EVIL}")
    assert named["unit"] == f"LĐLĐ Hà Nội {EVIL}" and named["campaign"] == f"Lao động giỏi {EVIL}"
    assert named["award"] == f"Bằng khen {EVIL}" and named["achievement"] == EVIL
    assert named["awarded_by"] == f"Chủ tịch {EVIL}" and named["position"] == f"Tổ trưởng {EVIL}"
    assert doc["site"]["title"] == f"Trang {EVIL}"

    rows = read_csv(out / "bang-vang.csv")
    assert len(rows) == len(doc["honours"]) == 8
    assert [r["tên"] for r in rows] == [str(neutralise(n)) for n in names]
    assert "'" + FORMULA in [r["tên"] for r in rows] and "'@SUM(1+1)" in [r["tên"] for r in rows]
    assert {r["đơn vị"] for r in rows} == {f"LĐLĐ Hà Nội {EVIL}"}


def test_hostile_text_is_escaped_in_head_and_json_ld(hostile_output: Path):
    assert raw_markup_files(hostile_output) == set()
    assert len(list(hostile_output.rglob("*.html"))) > 10
    pages = [p.read_text("utf-8") for p in (hostile_output / "tin-tuc").glob("*/index.html")]
    page = next(p for p in pages if "<h1>Bài " in p)
    assert "\\u003c/script\\u003e" in page
    ld = json_ld(page)
    assert ld["headline"] == HOSTILE_TITLE and ld["author"] == [{"@type": "Person", "name": EVIL}]
    assert ld["publisher"]["name"] == EVIL
    assert meta_tags(page)["og:title"] == HOSTILE_TITLE and "{{ 7*7 }}" in page  # shown as text, never evaluated


def test_no_output_holds_raw_markup(hostile_output: Path):
    assert raw_markup_files(hostile_output) == set()


# -- exports.py unit tests ----------------------------------------------------------------------------------------
def data_row(**changes) -> DataRow:
    values = dict(year="2021", award="Bằng khen", award_id="bang-khen", kind="cá nhân", kind_id="ca-nhan",
                  name="Lê Xuân Minh", collectives=0, individuals=1, unit="LĐLĐ", unit_id="ldld", campaign="",
                  campaign_id="", awarded_by="", awarded_by_id="", position="", achievement="", article="Bài",
                  article_date="2021-06-06", article_url="https://x.org/tin-tuc/bai/",
                  awardee_url="https://x.org/vinh-danh/le-xuan-minh/", households=0, unsplit=0, status="đã trao",
                  status_id="da-trao", decision="", decision_date="", period="", prize="", edition="", category="",
                  organisation="", honorific="", posthumous=False, presented_by="",
                  articles="https://x.org/tin-tuc/bai/", id="bai#1", included_in="")
    values.update(changes)
    return DataRow(**values)


def context(*rows: DataRow) -> dict:
    return {"data": HonourData("unit", "ldld", "LĐLĐ", "https://x.org/don-vi/ldld/", "Trang", "https://x.org/", rows)}


def test_columns_follow_the_data_row_fields():
    from dataclasses import fields

    assert tuple(COLUMNS) == tuple(f.name for f in fields(DataRow))
    assert all(key.isascii() and key == key.lower() for key in COLUMNS)


@pytest.mark.parametrize("cell, expected", [
    ("=1+1", "'=1+1"), ("+84 912", "'+84 912"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("Nguyễn = Văn", "Nguyễn = Văn"), ("", ""), (3, 3), ("'=quoted", "'=quoted"),
])
def test_neutralise_formula_cells(cell, expected):
    assert neutralise(cell) == expected


def test_csv_round_trips_awkward_text():
    awkward = 'Tên có "ngoặc", dấu phẩy;\nxuống dòng và dấu \u201cnháy\u201d'
    rows = (data_row(name=awkward), data_row(name="=cmd|' /C calc'!A0", kind_id="tap-the", collectives=1,
                                            individuals=0))
    data = honours_csv(context(*rows))
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    back = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r["tên"] for r in back] == [awkward, "'=cmd|' /C calc'!A0"]
    assert back[1]["số tập thể"] == "1"


def test_json_is_sorted_html_safe_and_one_row_per_line():
    rows = (data_row(name="<b>&</b>"), data_row(name="Đặng Thị Ân"))
    text = honours_json(context(*rows)).decode("utf-8")
    assert "<" not in text and ">" not in text and "&" not in text
    assert "Đặng Thị Ân" in text  # not ASCII-escaped
    doc = json.loads(text)
    assert [h["name"] for h in doc["honours"]] == ["<b>&</b>", "Đặng Thị Ân"]
    assert doc["totals"] == {"rows": 2, "pending": 0, "named": 2, "counted": 0, "collectives": 0, "individuals": 2,
                             "households": 0, "unsplit": 0, "honours": 2}
    assert text.count("\n{\"achievement\"") == 2  # one honour per line
    assert json.loads(honours_json(context()).decode("utf-8"))["honours"] == []


def test_totals_count_counted_rows_by_their_numbers():
    rows = (data_row(), data_row(name="", kind_id="so-luong", kind="số lượng", collectives=33, individuals=106,
                                 id="bai#2"),
            data_row(status_id="de-nghi", status="đề nghị", id="bai#3"))
    assert totals(rows) == {"rows": 3, "pending": 1, "named": 1, "counted": 1, "collectives": 33, "individuals": 107,
                            "households": 0, "unsplit": 0, "honours": 140}


def test_control_characters_are_refused_before_they_reach_xml(scratch_site):
    """YAML escapes could put characters XML 1.0 cannot carry into a title: the build refuses them."""
    from tests.conftest import article

    root = scratch_site({"content/tin-tuc/a.md": article("Tiêu đề có \\v và \\x00 giữa chữ")})
    code, _, err = run_build(root)
    assert code == 1
    assert "content/tin-tuc/a.md:2:8: Giá trị chứa ký tự điều khiển không in được." in err


def test_streamed_data_files_and_index_equal_the_one_file_serializers(tmp_path: Path):
    """The build writes the open data and the awardee index as streams (pipeline.write_stream); `check` and
    tools render them one file at a time (SERIALIZERS). Both give the same bytes, carried over or not."""
    from bangvang.cache import RenderKeys
    from bangvang.config import load_config
    from bangvang.pipeline import load_site, write_stream
    from bangvang.pages import StreamJob
    from bangvang.render import make_env, render_job
    from bangvang.write import StagedSite

    config = load_config(ROOT / "site.yaml", output_dir=tmp_path / "out", cache_dir=tmp_path / "cache")
    site = load_site(config).site
    env = make_env(config)
    whole = {site.urls.output_path(job.url): render_job(env, job) for job in all_jobs(site)
             if job.template in ("csv", "json", "roll-index")}
    entries: list = []
    streams = [job for job in shard_jobs(Plan(site), entries) if isinstance(job, StreamJob)]
    renders: dict = {}
    target = StagedSite(tmp_path / "out")
    for job in streams:
        assert write_stream(job, site, target, {}, renders, RenderKeys()) == len(job.urls)
    target.commit()
    assert set(renders) == set(whole)
    for rel, data in whole.items():
        assert (tmp_path / "out" / rel).read_bytes() == data, rel
    again: dict = {}  # keyed row by row, as a build with an earlier output does: nothing to write
    target = StagedSite(tmp_path / "out", dict(target.manifest))
    assert sum(write_stream(job, site, target, renders, again, RenderKeys()) for job in streams) == 0
    assert again == renders
    target.discard()
