"""The honours-per-year chart: a pure function from numbers to accessible inline SVG."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as ET

from bangvang.chart import LABEL_W, VALUE_W, WIDTH, bar_chart, honours_chart, per_year

SVG = "{http://www.w3.org/2000/svg}"


def test_per_year_sums_sorts_and_fills_short_gaps():
    assert per_year([(2021, 3), (2019, 1), (2021, 2)]) == ((2019, 1), (2020, 0), (2021, 5))
    assert per_year([]) == ()
    wide = per_year([(1980, 1), (2020, 2)])
    assert wide == ((1980, 1), (2020, 2))  # a 40-year span is not padded with 39 empty rows


def test_chart_is_well_formed_accessible_svg():
    chart = honours_chart([(2019, 12), (2021, 1234), (2021, 1)], name="LĐLĐ <Hà Nội> & “CĐ”", chart_id="bd")
    root = ET.fromstring(chart.svg)
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    assert [title.get("id"), desc.get("id")] == ids
    assert title.text == "Số lượt vinh danh theo năm – LĐLĐ <Hà Nội> & “CĐ”"
    assert desc.text == "2019: 12 lượt; 2020: 0 lượt; 2021: 1.235 lượt."
    assert chart.rows == (("2019", 12), ("2020", 0), ("2021", 1235))
    bars = root.findall(SVG + "rect")
    assert len(bars) == 2  # no bar for a year with nothing
    widths = [float(b.get("width")) for b in bars]
    assert widths[1] == WIDTH - LABEL_W - VALUE_W and 0 < widths[0] < 3
    texts = [t.text for t in root.findall(SVG + "text")]
    assert texts == ["2019", "12", "2020", "0", "2021", "1.235"]
    assert int(root.get("height")) == int(root.get("viewBox").split()[3])


def test_no_chart_without_data():
    assert bar_chart([], title="x", chart_id="x") is None
    assert honours_chart([], name="x") is None


def test_chart_is_deterministic():
    data = [(2020, 5), (2022, 7)]
    assert honours_chart(data, name="A") == honours_chart(list(data), name="A")


def test_unit_and_campaign_pages_show_the_chart_with_a_table(example_output: Path):
    for rel in ("don-vi/ldld-ha-noi/index.html", "phong-trao/lao-dong-gioi-lao-dong-sang-tao/index.html"):
        page = (example_output / rel).read_text("utf-8")
        figure = re.search(r'<figure class="chart">.*?</figure>', page, re.S).group(0)
        assert '<svg class="chart-svg"' in figure and "<desc" in figure
        assert "<summary>Xem số liệu</summary>" in figure and '<th scope="row">' in figure
    second = (example_output / "don-vi/ldld-ha-noi/trang/2/index.html")
    if second.exists():
        assert "chart-svg" not in second.read_text("utf-8")


def test_no_label_or_value_runs_past_the_edge():
    """The widest value ("1.234.567") and a long label still end inside the 320-unit drawing, which the
    page scales down as a whole on a phone; small numbers keep the usual layout."""
    from bangvang.chart import CHAR_W

    chart = bar_chart([("2015-2020", 1234567), ("2021", 3)], title="t", chart_id="c")
    root = ET.fromstring(chart.svg)
    for text in root.findall(SVG + "text"):
        x = float(text.get("x"))
        if text.get("text-anchor") == "end":
            assert x - CHAR_W * len(text.text) >= 0, text.text
        else:
            assert x + CHAR_W * len(text.text) <= WIDTH, text.text
    small = bar_chart([("2021", 19738)], title="t", chart_id="c")
    assert float(ET.fromstring(small.svg).find(SVG + "rect").get("width")) == WIDTH - LABEL_W - VALUE_W
