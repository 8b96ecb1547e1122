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
from types import MappingProxyType
from typing import Any, Iterable, Iterator, Mapping

from .model import field_values
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


class LineEncoder:
    """One honour as a CSV line or a JSON object (< > & escaped), UTF-8 bytes ready to join."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)  # excel dialect: comma, minimal quoting, "\r\n"
        self.keys = tuple(COLUMNS)

    def csv(self, row: DataRow) -> bytes:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow(_csv_cells(row))
        return self.buffer.getvalue().encode("utf-8")

    def json(self, row: DataRow) -> bytes:
        return html_safe(_ENCODER.encode(dict(zip(self.keys, astuple_fast(row))))).encode("utf-8")

    def line(self, fmt: str, row: DataRow) -> bytes:
        return self.csv(row) if fmt == "csv" else self.json(row)


def honours_csv(context: Mapping[str, Any]) -> bytes:
    data: HonourData = context["data"]
    return b"".join(data_file_chunks("csv", data, data.rows))


def honours_json(context: Mapping[str, Any]) -> bytes:
    data: HonourData = context["data"]
    return b"".join(data_file_chunks("json", data, data.rows))


def data_file_chunks(fmt: str, data: HonourData, rows: Iterable[DataRow]) -> Iterator[bytes]:
    """One open-data file in pieces: its head, one line per row, its tail (the JSON's totals)."""
    stream = DataStream(fmt, data)
    encoder = LineEncoder()
    yield stream.head()
    for row in rows:
        yield stream.add(row, encoder.line(fmt, row))
    yield stream.tail()


class DataStream:
    """The bytes of one open-data file, given its rows one at a time (a site-wide file is too large to
    hold at once, and every line is shared with the files of the honour's units and campaign)."""

    def __init__(self, fmt: str, data: HonourData):
        self.fmt, self.data = fmt, data
        self.rows = self.named = self.collectives = self.individuals = 0

    def head(self) -> bytes:
        if self.fmt == "csv":
            out = io.StringIO()
            out.write(BOM)
            csv.writer(out).writerow(COLUMNS.values())
            return out.getvalue().encode("utf-8")
        data = self.data
        head = {
            "fields": [{"key": key, "label": label} for key, label in COLUMNS.items()],
            "generated_from": data.page_url,
        }
        return b"{\n" + b"".join(_json_member(key, value) + b",\n" for key, value in head.items()) + b'"honours": '

    def add(self, row: DataRow, line: bytes) -> bytes:
        """The piece of the file for one more row, given its line (LineEncoder)."""
        first = self.rows == 0
        self.rows += 1
        self.named += row.kind_id != COUNTED
        self.collectives += row.collectives
        self.individuals += row.individuals
        if self.fmt == "csv":
            return line
        return (b"[\n" if first else b",\n") + line

    def tail(self) -> bytes:
        if self.fmt == "csv":
            return b""
        data = self.data
        counts = {"rows": self.rows, "named": self.named, "collectives": self.collectives,
                  "individuals": self.individuals, "honours": self.collectives + self.individuals}
        rest = {"scope": {"kind": data.scope, "id": data.scope_id, "name": data.scope_name},
                "site": {"title": data.site_title, "url": data.site_url}, "totals": counts}
        return (b"\n]" if self.rows else b"[]") + b"".join(b",\n" + _json_member(k, v) for k, v in rest.items()) + b"\n}\n"


def _json_member(key: str, value: Any) -> bytes:
    return html_safe(_ENCODER.encode(key) + ": " + _ENCODER.encode(value)).encode("utf-8")


def totals(rows: tuple[DataRow, ...]) -> dict[str, int]:
    """Row count, named rows, and the honours they stand for (a counted row stands for many)."""
    collectives = sum(r.collectives for r in rows)
    individuals = sum(r.individuals for r in rows)
    return {"rows": len(rows), "named": sum(1 for r in rows if r.kind_id != COUNTED), "collectives": collectives,
            "individuals": individuals, "honours": collectives + individuals}


def html_safe(text: str) -> str:
    """JSON text with < > & written as escapes (valid JSON, same values), as Jinja's tojson does."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


astuple_fast = field_values[DataRow]  # dataclasses.astuple without its deep copy (fields are str or int)


def _csv_cells(row: DataRow) -> tuple:
    cells = astuple_fast(row)
    if any(type(c) is str and c.startswith(_FORMULA_START) for c in cells):
        return tuple(map(neutralise, cells))
    return cells


__all__ = ["COLUMNS", "BOM", "LineEncoder", "DataStream", "data_file_chunks", "honours_csv", "honours_json",
           "neutralise", "totals"]
