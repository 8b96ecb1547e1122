"""Typed reading of located YAML values, with Vietnamese messages that name the field.

Only `date`, `year`, `count` and `draft`-like flags have non-text types; everything else keeps the
exact text the editor wrote.
"""

from __future__ import annotations

import calendar
import difflib
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from .errors import ERROR, WARNING, Problem
from .yamlstrict import YMap, YNode, YScalar, YSeq

TRUE_WORDS = frozenset({"true", "yes", "on", "có", "co"})
FALSE_WORDS = frozenset({"false", "no", "off", "không", "khong"})

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?$")
_VIET = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_PERIOD = re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$")

DATE_HINT = "Viết ngày theo dạng 2022-01-15 hoặc 2022-01-15 08:30 (cũng nhận 15/01/2022)."


def kind_name(node: YNode) -> str:
    if isinstance(node, YMap):
        return "một khối trường"
    if isinstance(node, YSeq):
        return "một danh sách"
    return "một giá trị đơn"


class FieldReader:
    """Reads values out of one file's YAML tree and collects problems about them."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def error(self, node: YNode | None, field: str | None, message: str, hint: str | None = None,
              code: str = "", severity: str = ERROR) -> None:
        line = node.line if node is not None else None
        col = node.col if node is not None else None
        self.problems.append(Problem(self.path, line, message, field=field, hint=hint, column=col,
                                     severity=severity, code=code))

    def warn(self, node: YNode | None, field: str | None, message: str, hint: str | None = None,
             code: str = "") -> None:
        self.error(node, field, message, hint, code, severity=WARNING)

    def mapping(self, node: YNode | None, field: str) -> YMap | None:
        if node is None:
            return None
        if isinstance(node, YMap):
            return node
        self.error(node, field, f"Cần một khối trường (dạng “tên: giá trị”), nhưng đây là {kind_name(node)}.",
                   code="shape")
        return None

    def check_keys(self, node: YMap, allowed: tuple[str, ...], prefix: str = "") -> None:
        """Unknown keys are errors with a "did you mean"."""
        for key, key_node in node.keys.items():
            if key in allowed:
                continue
            guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"Có phải bạn muốn viết “{guess[0]}”?" if guess else (
                "Các trường hợp lệ: " + ", ".join(allowed) + ".")
            self.error(key_node, f"{prefix}{key}", f"Trường “{key}” không có trong định dạng.", hint,
                       code="unknown-key")

    def require(self, node: YMap, key: str, field: str, hint: str | None = None) -> YNode | None:
        value = node.get(key)
        if value is None or (isinstance(value, YScalar) and value.is_null):
            self.error(node, field, f"Thiếu trường bắt buộc “{key}”.", hint, code="missing")
            return None
        return value

    def text(self, node: YNode | None, field: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, YScalar):
            self.error(node, field, f"Cần một giá trị chữ, nhưng đây là {kind_name(node)}.",
                       "Nếu giá trị có dấu hai chấm hoặc dấu “-” ở đầu, hãy đặt trong ngoặc kép.",
                       code="shape")
            return None
        if node.is_null:
            return None
        return node.text

    def text_list(self, node: YNode | None, field: str, commas: bool = False) -> list[tuple[str, YScalar]]:
        """One value or a list of values, each with its node (for later messages). With `commas`, an
        unquoted `a, b, c` is the list an editor means when writing it without brackets."""
        if node is None or (isinstance(node, YScalar) and node.is_null):
            return []
        if isinstance(node, YScalar):
            if commas and node.plain and "," in node.text:
                return [(part, node) for part in comma_parts(node.text)]
            return [(node.text, node)]
        if isinstance(node, YSeq):
            out = []
            for i, item in enumerate(node.items):
                value = self.text(item, f"{field}[{i + 1}]")
                if value:
                    out.append((value, item))  # type: ignore[arg-type]
            return out
        self.error(node, field, "Cần một giá trị hoặc một danh sách giá trị.", code="shape")
        return []

    def flag(self, node: YNode | None, field: str, default: bool = False) -> bool:
        value = self.text(node, field)
        if value is None:
            return default
        word = value.casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.error(node, field, f"Giá trị “{value}” không phải đúng/sai.", "Viết true hoặc false.",
                   code="bool")
        return default

    def integer(self, node: YNode | None, field: str, minimum: int = 0) -> int | None:
        value = self.text(node, field)
        if value is None:
            return None
        if not re.fullmatch(r"\d+", value):
            hint = "Viết số nguyên không có dấu chấm hay dấu phẩy, ví dụ 19738."
            self.error(node, field, f"“{value}” không phải số nguyên.", hint, code="int")
            return None
        number = int(value)
        if number < minimum:
            self.error(node, field, f"Số phải lớn hơn hoặc bằng {minimum}.", code="int")
            return None
        return number

    def when(self, node: YNode | None, field: str, tz: ZoneInfo) -> datetime | None:
        """A date or date and time; naive values are in the site timezone."""
        value = self.text(node, field)
        if value is None:
            return None
        parsed = parse_datetime(value, tz)
        if parsed is None:
            self.error(node, field, f"Ngày “{value}” không hợp lệ.", date_hint(value), code="date")
        return parsed

    def day(self, node: YNode | None, field: str) -> date | None:
        value = self.text(node, field)
        if value is None:
            return None
        parsed = parse_datetime(value, ZoneInfo("UTC"))
        if parsed is None or parsed.time() != time(0):
            self.error(node, field, f"Ngày “{value}” không hợp lệ.", "Viết ngày theo dạng 2025-06-30.",
                       code="date")
            return None
        return parsed.date()

    def period(self, node: YNode | None, field: str) -> tuple[int, int] | None:
        """A year ("2021") or a period ("2015-2020")."""
        value = self.text(node, field)
        if value is None:
            return None
        parsed = parse_period(value)
        if parsed is None:
            self.error(node, field, f"“{value}” không phải năm hay giai đoạn.",
                       "Viết một năm (2021) hoặc một giai đoạn trong ngoặc kép (\"2015-2020\").",
                       code="period")
        return parsed


def date_hint(value: str) -> str:
    """What is wrong with a date written in a format we read, else the formats we read."""
    m = _ISO.match(value.strip())
    if m:
        y, mo, d, hh, mm, ss = (int(g) if g else 0 for g in m.groups()[:6])
        example = "2022-01-15"
    elif v := _VIET.match(value.strip()):
        d, mo, y, hh, mm, ss = (int(g) if g else 0 for g in v.groups())
        example = "15/01/2022"
    else:
        return DATE_HINT
    if not 1 <= mo <= 12:
        if example == "15/01/2022" and 1 <= d <= 12:
            return f"Tháng chỉ từ 1 đến 12; ngày viết trước tháng: có phải là {mo:02d}/{d:02d}/{y}?"
        return f"Tháng chỉ từ 1 đến 12 (viết ngày như {example})."
    days = calendar.monthrange(y, mo)[1] if y >= 1 else 31
    if not 1 <= d <= days:
        return f"Tháng {mo} năm {y} có {days} ngày; sửa lại ngày cho đúng."
    if hh > 23 or mm > 59 or ss > 59:
        return "Giờ viết từ 00:00 đến 23:59, ví dụ 08:30."
    return DATE_HINT


def comma_parts(text: str) -> list[str]:
    return [part for part in (p.strip() for p in text.split(",")) if part]


def parse_datetime(value: str, tz: ZoneInfo) -> datetime | None:
    """ISO (2022-01-15, 2022-01-15 08:30, with optional offset) or Vietnamese day-first 15/01/2022."""
    m = _ISO.match(value.strip())
    if m:
        y, mo, d, hh, mm, ss, zone = m.groups()
    else:
        v = _VIET.match(value.strip())
        if not v:
            return None
        d, mo, y, hh, mm, ss = v.groups()
        zone = None
    try:
        result = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        return None
    if zone:
        offset = datetime.strptime(zone.replace(":", "") if zone != "Z" else "+0000", "%z").tzinfo
        return result.replace(tzinfo=offset).astimezone(tz)
    return result.replace(tzinfo=tz)


def parse_period(value: str) -> tuple[int, int] | None:
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return int(value), int(value)
    m = _PERIOD.match(value)
    if m and 1000 <= int(m.group(1)) <= int(m.group(2)):
        return int(m.group(1)), int(m.group(2))
    return None
