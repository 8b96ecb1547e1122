"""Honours per year as a small inline SVG bar chart, made at build time (no script, no library).

Horizontal bars, one row per year, so the chart stays legible on a 320 px phone whatever the number
of years: it grows in height, never shrinks its text. Colours come from the theme's CSS
(`.chart-bar`, `.chart-text`), so dark mode works; the fill attributes are a fallback. The SVG is
role="img" with <title> and <desc> (the full data in words); templates add a data table too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Iterable

from .vnformat import format_number

WIDTH = 320
LABEL_W = 44  # "2021" at 13 px: the least room for labels
VALUE_W = 56  # "12.345" after the longest bar: the least room for values
CHAR_W = 8.5  # room per character at 13 px, generous: a phone's system font has wider digits than most
ROW_H = 26
BAR_H = 16
TOP = 4
MAX_GAP_FILL = 30  # years without honours inside a span of at most this many years are shown as 0


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart ready for a template: `svg` is complete, escaped markup; `rows` feed the data table."""

    id: str
    title: str
    summary: str
    svg: str
    rows: tuple[tuple[str, int], ...]
    unit: str = "lượt"


def per_year(items: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """(year, count) pairs summed by year, oldest first; gaps inside a short span filled with 0."""
    totals: dict[int, int] = {}
    for year, count in items:
        totals[year] = totals.get(year, 0) + count
    if not totals:
        return ()
    first, last = min(totals), max(totals)
    years = range(first, last + 1) if last - first < MAX_GAP_FILL else sorted(totals)
    return tuple((y, totals.get(y, 0)) for y in years)


def bar_chart(data: Iterable[tuple[int | str, int]], *, title: str, chart_id: str, unit: str = "lượt") -> Chart | None:
    """An SVG bar chart of `data` ((label, value) in display order); None when there is nothing to draw."""
    rows = tuple((str(label), int(value)) for label, value in data)
    if not rows:
        return None
    summary = "; ".join(f"{label}: {format_number(value)} {unit}" for label, value in rows) + "."
    top = max(value for _, value in rows) or 1
    # Room for the longest label and value, so that neither runs past the edge (the SVG scales as a whole).
    label_w = max(LABEL_W, math.ceil(CHAR_W * max(len(label) for label, _ in rows)) + 10)
    value_w = max(VALUE_W, math.ceil(CHAR_W * max(len(format_number(value)) for _, value in rows)) + 5)
    bar_room = WIDTH - label_w - value_w
    height = TOP * 2 + ROW_H * len(rows)
    title_id, desc_id = f"{chart_id}-tieu-de", f"{chart_id}-mo-ta"
    parts = [
        f'<svg class="chart-svg" id="{escape(chart_id)}" role="img" aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(summary)}</desc>',
    ]
    for i, (label, value) in enumerate(rows):
        y = TOP + i * ROW_H
        width = round(bar_room * value / top, 1) if value else 0
        text_y = y + ROW_H / 2 + 4.5
        parts.append(f'<text class="chart-text" x="{label_w - 6}" y="{text_y:g}" text-anchor="end" font-size="13" '
                     f'fill="#1d1b16">{escape(label)}</text>')
        if width:
            parts.append(f'<rect class="chart-bar" x="{label_w}" y="{y + (ROW_H - BAR_H) / 2:g}" width="{width:g}" '
                         f'height="{BAR_H}" rx="2" fill="#8f1d14"/>')
        parts.append(f'<text class="chart-text chart-value" x="{label_w + width + 5:g}" y="{text_y:g}" font-size="13" '
                     f'fill="#1d1b16">{escape(format_number(value))}</text>')
    parts.append("</svg>")
    return Chart(chart_id, title, summary, "".join(parts), rows, unit)


def honours_chart(honours: Iterable[tuple[int, int]], *, name: str, chart_id: str = "bieu-do") -> Chart | None:
    """The unit or campaign page chart: (period end year, total) of each honour → lượt vinh danh per year."""
    return bar_chart(per_year(honours), title=f"Số lượt vinh danh theo năm – {name}", chart_id=chart_id)
