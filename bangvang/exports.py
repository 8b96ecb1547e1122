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

Rows: the granted honours in roll order (one honour reported by several articles is one row, listing every
article), then the proposed and planned ones (`status`) in roll order. Totals count granted honours only, as
the roll pages do: a named entry that an `includes_named` line's number holds adds nothing where that line
is in the same file (its `included_in` names the line).
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
    "households": "số hộ gia đình",
    "unsplit": "số tập thể, cá nhân (không tách)",
    "status": "trạng thái",
    "status_id": "mã trạng thái",
    "decision": "số quyết định",
    "decision_date": "ngày quyết định",
    "period": "giai đoạn thành tích",
    "prize": "giải",
    "edition": "lần tổ chức",
    "category": "hạng mục",
    "organisation": "nơi công tác",
    "honorific": "danh xưng",
    "posthumous": "truy tặng",
    "presented_by": "người trao",
    "articles": "các bài đưa tin",
    "id": "mã dòng",
    "included_in": "đã tính trong dòng",
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


class Tally:
    """What a roll's rows add up to, counted as the roll counts them: granted honours only, and a named
    entry whose `includes_named` line is in the same roll only inside that line's number (the rows may
    come in either order, so what such entries added is taken back at the end)."""

    def __init__(self) -> None:
        self.rows = self.pending = self.named = self.counted = 0
        self.numbers = [0, 0, 0, 0]  # collectives, individuals, households, unsplit
        self.lines: set[str] = set()  # ids of the granted counted rows seen
        self.covered: dict[str, list[int]] = {}  # line id → what the entries it holds added

    def add(self, row: DataRow) -> None:
        self.rows += 1
        if not row.granted:
            self.pending += 1
            return
        numbers = (row.collectives, row.individuals, row.households, row.unsplit)
        if row.kind_id == COUNTED:
            self.counted += 1
            self.lines.add(row.id)
        else:
            self.named += 1
            if row.included_in:
                held = self.covered.setdefault(row.included_in, [0, 0, 0, 0])
                for i, n in enumerate(numbers):
                    held[i] += n
        for i, n in enumerate(numbers):
            self.numbers[i] += n

    def totals(self) -> dict[str, int]:
        numbers = list(self.numbers)
        for line, held in self.covered.items():
            if line in self.lines:
                for i, n in enumerate(held):
                    numbers[i] -= n
        collectives, individuals, households, unsplit = numbers
        return {"rows": self.rows, "pending": self.pending, "named": self.named, "counted": self.counted,
                "collectives": collectives, "individuals": individuals, "households": households,
                "unsplit": unsplit, "honours": sum(numbers)}


class DataStream:
    """The bytes of one open-data file, given its rows one at a time (a site-wide file is too large to
    hold at once, and every line is shared with the files of the honour's units and campaign)."""

    def __init__(self, fmt: str, data: HonourData):
        self.fmt, self.data = fmt, data
        self.tally = Tally()

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
        first = self.tally.rows == 0
        self.tally.add(row)
        if self.fmt == "csv":
            return line
        return (b"[\n" if first else b",\n") + line

    @staticmethod
    def state(row: DataRow) -> tuple:
        """What add() gathers of a row for the tail (Tally.add reads these). Of the ids, only whether
        the entry is held by a line: ids pair entries with their lines, and an edited slug renames the
        line and the entries it holds alike (slugs are unique, so the pairs stay the same)."""
        return (row.granted, row.kind_id, bool(row.included_in), row.collectives, row.individuals,
                row.households, row.unsplit)

    def tail(self) -> bytes:
        if self.fmt == "csv":
            return b""
        data = self.data
        rest = {"scope": {"kind": data.scope, "id": data.scope_id, "name": data.scope_name},
                "site": {"title": data.site_title, "url": data.site_url}, "totals": self.tally.totals()}
        return (b"\n]" if self.tally.rows else b"[]") + b"".join(b",\n" + _json_member(k, v) for k, v in rest.items()) + b"\n}\n"


def _json_member(key: str, value: Any) -> bytes:
    return html_safe(_ENCODER.encode(key) + ": " + _ENCODER.encode(value)).encode("utf-8")


def totals(rows: Iterable[DataRow]) -> dict[str, int]:
    """Rows (pending ones among them), granted named and counted rows, and the honours they stand for."""
    tally = Tally()
    for row in rows:
        tally.add(row)
    return tally.totals()


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
           "neutralise", "totals", "Tally"]
