"""Open data: an honour roll as CSV and JSON, one row per honour (named or counted), in roll order.

Both are pure functions of a page job's context (`site`: SiteInfo, `data`: HonourData), so they go
through the same plan → render → write path as templates. Columns carry a Vietnamese label for
readers and a stable English key for programs; every label column has an id column next to it.

- CSV: UTF-8 with a BOM (Excel then reads Vietnamese correctly), CRLF line ends, a header row of
  Vietnamese labels. A cell that a spreadsheet would run as a formula (starting with = + - @, tab or
  CR) gets a leading apostrophe (OWASP "CSV injection"); the JSON keeps the exact text.
- JSON: `{"fields", "generated_from", "honours", "scope", "site", "totals"}`, keys sorted, UTF-8
  (not ASCII-escaped) except that < > & are written as \\u003c \\u003e \\u0026, so no output file ever
  holds markup from a name; one honour per line. `fields` lists the keys with their Vietnamese labels
  in column order, `generated_from` is the absolute URL of the HTML page showing the same roll,
  `scope` says whose roll it is (site, unit or campaign), `totals` counts rows and honours.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields
from operator import attrgetter
from types import MappingProxyType
from typing import Any, Mapping

from .views import COUNTED, DataRow, HonourData

# key → Vietnamese column label, in column order (the order of DataRow's fields).
COLUMNS: Mapping[str, str] = MappingProxyType({
    "year": "năm / giai đoạn",
    "award": "danh hiệu",
    "award_id": "mã danh hiệu",
    "kind": "loại",
    "kind_id": "mã loại",
    "name": "tên",
    "collectives": "số tập thể",
    "individuals": "số cá nhân",
    "unit": "đơn vị",
    "unit_id": "mã đơn vị",
    "campaign": "phong trào",
    "campaign_id": "mã phong trào",
    "awarded_by": "cấp khen",
    "awarded_by_id": "mã cấp khen",
    "position": "chức vụ",
    "achievement": "thành tích",
    "article": "bài viết",
    "article_date": "ngày đăng bài",
    "article_url": "đường dẫn bài viết",
    "awardee_url": "đường dẫn vinh danh",
})

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# One encoder for every call: json.dumps with options builds a new encoder each time, which dominated the cost.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def neutralise(cell: Any) -> Any:
    """A text cell that a spreadsheet would evaluate gets a leading apostrophe; numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


class LineCache:
    """Each DataRow serialised once per build, as UTF-8 bytes ready to join: an honour is in the site's
    file and in each of its units' and its campaign's files, in both formats."""

    def __init__(self) -> None:
        self.lines: dict[int, tuple[DataRow, bytes, bytes]] = {}
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)  # excel dialect: comma, minimal quoting, "\r\n"
        self.keys = tuple(COLUMNS)

    def get(self, row: DataRow) -> tuple[bytes, bytes]:
        """(CSV line, JSON object with < > & escaped) of one row."""
        hit = self.lines.get(id(row))
        if hit is None or hit[0] is not row:  # the row is kept, so its id cannot be reused meanwhile
            self.buffer.seek(0)
            self.buffer.truncate()
            self.writer.writerow(_csv_cells(row))
            as_json = html_safe(_ENCODER.encode(dict(zip(self.keys, astuple_fast(row)))))
            hit = (row, self.buffer.getvalue().encode("utf-8"), as_json.encode("utf-8"))
            self.lines[id(row)] = hit
        return hit[1], hit[2]


def honours_csv(context: Mapping[str, Any], lines: LineCache | None = None) -> bytes:
    data: HonourData = context["data"]
    lines = lines or LineCache()
    out = io.StringIO()
    out.write(BOM)
    csv.writer(out).writerow(COLUMNS.values())
    get = lines.get
    return out.getvalue().encode("utf-8") + b"".join([get(row)[0] for row in data.rows])


def honours_json(context: Mapping[str, Any], lines: LineCache | None = None) -> bytes:
    data: HonourData = context["data"]
    lines = lines or LineCache()
    head = {
        "fields": [{"key": key, "label": label} for key, label in COLUMNS.items()],
        "generated_from": data.page_url,
        "scope": {"kind": data.scope, "id": data.scope_id, "name": data.scope_name},
        "site": {"title": data.site_title, "url": data.site_url},
        "totals": totals(data.rows),
    }
    get = lines.get
    parts = []
    for key in sorted([*head, "honours"]):
        if key == "honours":
            rows = b",\n".join([get(row)[1] for row in data.rows])
            value = b"[\n" + rows + b"\n]" if rows else b"[]"
        else:
            value = html_safe(_ENCODER.encode(head[key])).encode("utf-8")
        parts.append(html_safe(_ENCODER.encode(key)).encode("utf-8") + b": " + value)
    return b"{\n" + b",\n".join(parts) + b"\n}\n"


def totals(rows: tuple[DataRow, ...]) -> dict[str, int]:
    """Row count, named rows, and the honours they stand for (a counted row stands for many)."""
    collectives = sum(r.collectives for r in rows)
    individuals = sum(r.individuals for r in rows)
    return {"rows": len(rows), "named": sum(1 for r in rows if r.kind_id != COUNTED), "collectives": collectives,
            "individuals": individuals, "honours": collectives + individuals}


def html_safe(text: str) -> str:
    """JSON text with < > & written as escapes (valid JSON, same values), as Jinja's tojson does."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_FIELD_NAMES = tuple(f.name for f in fields(DataRow))
astuple_fast = attrgetter(*_FIELD_NAMES)  # dataclasses.astuple without its deep copy (fields are str or int)


def _csv_cells(row: DataRow) -> tuple:
    cells = astuple_fast(row)
    if any(type(c) is str and c.startswith(_FORMULA_START) for c in cells):
        return tuple(map(neutralise, cells))
    return cells


__all__ = ["COLUMNS", "BOM", "LineCache", "honours_csv", "honours_json", "neutralise", "totals"]
