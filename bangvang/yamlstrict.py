"""Strict YAML: every scalar stays text, with its line and column.

PyYAML's safe_load turns `NO` into False, `007` into 7 and silently keeps the last of two duplicate
keys. We build our own tree from the parser's event stream instead (libyaml's C parser when present),
refusing anchors, aliases, explicit tags and duplicate keys, and leaving typing to the schema layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Union

import yaml

from .errors import Problem
from .text import clean_scalar

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
MAX_DEPTH = 32  # front matter is a few levels deep; "[[[[…" thousands deep would exhaust the stack


@dataclass(frozen=True, slots=True)
class YScalar:
    text: str
    line: int
    col: int
    plain: bool

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in NULL_WORDS


@dataclass(frozen=True, slots=True)
class YSeq:
    items: tuple["YNode", ...]
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class YMap:
    entries: dict[str, "YNode"]
    keys: dict[str, YScalar]
    line: int
    col: int

    def get(self, key: str) -> "YNode | None":
        return self.entries.get(key)


YNode = Union[YScalar, YSeq, YMap]


class YamlProblem(Exception):
    """Raised inside the builder; carries one located problem."""

    def __init__(self, line: int, col: int, message: str, hint: str | None = None):
        super().__init__(message)
        self.line, self.col, self.message, self.hint = line, col, message, hint


def load(text: str, path: str, line_offset: int = 0) -> tuple[YNode | None, list[Problem]]:
    """Parse one YAML document into a located tree; problems instead of exceptions."""
    builder = _Builder(yaml.parse(text, Loader=_Loader), line_offset)
    try:
        tree = builder.document()
        return tree, [Problem(path, p.line, p.message, hint=p.hint, column=p.col, code="yaml") for p in builder.problems]
    except YamlProblem as exc:
        return None, [Problem(path, exc.line, exc.message, hint=exc.hint, column=exc.col, code="yaml")]
    except yaml.MarkedYAMLError as exc:
        return None, [_unclosed_quote(text, exc, path, line_offset) or _syntax_problem(exc, path, line_offset)]
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        return None, [Problem(path, line_offset + 1, f"Lỗi cú pháp YAML: {exc}", code="yaml")]


class _Builder:
    def __init__(self, events: Iterator[yaml.Event], line_offset: int):
        self.events = iter(events)
        self.offset = line_offset
        self.problems: list[YamlProblem] = []  # ones that do not stop the parse (duplicate keys)
        self.depth = 0

    def _pos(self, event: yaml.Event) -> tuple[int, int]:
        mark = event.start_mark
        return mark.line + 1 + self.offset, mark.column + 1

    def document(self) -> YNode | None:
        root: YNode | None = None
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                if root is not None:
                    line, col = self._pos(event)
                    raise YamlProblem(line, col, "Chỉ được có một khối YAML.",
                                      "Xoá dòng “---” thừa ở giữa phần đầu bài.")
                root = self.node(next(self.events))
        return root

    def node(self, event: yaml.Event) -> YNode:
        mark = event.start_mark
        line, col = mark.line + 1 + self.offset, mark.column + 1
        if type(event) is yaml.ScalarEvent and event.anchor is None:  # the usual value, so checked first
            if event.tag is not None:
                self._refuse_tag(event, event.implicit[0] or event.implicit[1], line, col)
            if _CONTROL.search(event.value):  # written as an escape: "\x00", "\v" in a quoted value
                raise YamlProblem(line, col, "Giá trị chứa ký tự điều khiển không in được.",
                                  "Xoá các chuỗi thoát như \\x00, \\v trong ngoặc kép.")
            return YScalar(clean_scalar(event.value), line, col, not event.style)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlProblem(line, col, "Không dùng neo và bí danh YAML (& và *).",
                              "Viết đầy đủ giá trị thay vì tham chiếu.")
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self._refuse_tag(event, event.implicit, line, col)
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise YamlProblem(line, col, f"Cấu trúc YAML lồng quá sâu (giới hạn {MAX_DEPTH} cấp).",
                                  "Phần đầu bài chỉ cần vài cấp: trường, danh sách awardees và các trường của từng người.")
            node = self._sequence(line, col) if isinstance(event, yaml.SequenceStartEvent) else self._mapping(line, col)
            self.depth -= 1
            return node
        raise YamlProblem(line, col, "Cấu trúc YAML không hợp lệ.")  # pragma: no cover

    def _refuse_tag(self, event: yaml.Event, implicit: bool, line: int, col: int) -> None:
        if event.tag and not implicit:
            raise YamlProblem(line, col, f"Không dùng thẻ kiểu YAML “{event.tag}”.",
                              "Xoá phần bắt đầu bằng “!” trước giá trị.")

    def _sequence(self, line: int, col: int) -> YSeq:
        items = []
        for event in self.events:
            if isinstance(event, yaml.SequenceEndEvent):
                return YSeq(tuple(items), line, col)
            items.append(self.node(event))
        raise YamlProblem(line, col, "Danh sách chưa đóng.")  # pragma: no cover

    def _mapping(self, line: int, col: int) -> YMap:
        entries: dict[str, YNode] = {}
        keys: dict[str, YScalar] = {}
        for event in self.events:
            if isinstance(event, yaml.MappingEndEvent):
                return YMap(entries, keys, line, col)
            key = self.node(event)
            if not isinstance(key, YScalar):
                raise YamlProblem(key.line, key.col, "Tên trường phải là chữ đơn giản.")
            if key.text in entries:  # reported, and the parse goes on so that every duplicate is found
                first = keys[key.text]
                self.problems.append(YamlProblem(
                    key.line, key.col, f"Trường “{key.text}” bị lặp lại (đã có ở dòng {first.line}).",
                    "Mỗi trường chỉ được viết một lần; xoá hoặc gộp một trong hai dòng."))
                self.node(next(self.events))
                continue
            keys[key.text] = key
            entries[key.text] = self.node(next(self.events))
        raise YamlProblem(line, col, "Khối chưa đóng.")  # pragma: no cover


_SYNTAX_HINTS = (
    ("mapping values are not allowed",
     "Dấu hai chấm “:” nằm trong giá trị.",
     "Đặt cả giá trị trong dấu ngoặc kép, ví dụ: title: \"Hội nghị: tổng kết năm\"."),
    ("cannot start any token", "Có ký tự không hợp lệ ở đầu giá trị (thường là phím Tab).",
     "YAML chỉ thụt lề bằng dấu cách; thay Tab bằng hai dấu cách, "
     "hoặc đặt giá trị bắt đầu bằng @, ` hay % trong ngoặc kép."),
    ("found unexpected end of stream", "Thiếu dấu ngoặc kép đóng.",
     "Kiểm tra dấu ngoặc kép mở ở vị trí này đã được đóng chưa."),
    ("while scanning a quoted scalar", "Thiếu dấu ngoặc kép đóng.",
     "Kiểm tra dấu ngoặc kép mở ở vị trí này đã được đóng chưa."),
    ("expected <block end>", "Thụt lề không khớp với các dòng trên.",
     "Các trường cùng cấp phải thẳng cột; các mục danh sách bắt đầu bằng “- ” cùng một cột."),
    ("could not find expected ':'", "Thiếu dấu hai chấm sau tên trường.",
     "Viết theo dạng “tên: giá trị”, hoặc đặt giá trị nhiều dòng trong ngoặc kép."),
    ("did not find expected key", "Thụt lề sai hoặc thiếu dấu “- ” ở đầu mục danh sách.",
     "Các trường cùng cấp phải thẳng cột."),
    ("did not find expected '-' indicator", "Mục danh sách thiếu dấu “- ” hoặc thụt lề sai.",
     "Mỗi mục danh sách bắt đầu bằng “- ” ở cùng một cột."),
    ("found undefined alias", "Không dùng bí danh YAML (*).", "Viết đầy đủ giá trị."),
    ("expected ',' or ']'", "Danh sách trong ngoặc vuông chưa đóng “]”.",
     "Đóng ngoặc vuông trên cùng dòng, ví dụ tags: [sáng kiến, viên chức]."),
    ("expected ',' or '}'", "Khối trong ngoặc nhọn chưa đóng “}”.",
     "Đóng ngoặc nhọn trên cùng dòng, ví dụ count: {tap-the: 5, ca-nhan: 10}."),
)


_QUOTED_VALUE = re.compile(r'^\s*(?:- )?[^\s:#][^:#]*:\s+(["\'])(.*)$')


def _unclosed_quote(text: str, exc: yaml.MarkedYAMLError, path: str, offset: int) -> Problem | None:
    """A value opened with a quote and not closed on its line is the usual cause of a confusing error
    several lines later; name the line where the quote opened."""
    mark = exc.problem_mark or exc.context_mark
    last = mark.line if mark else len(text)
    for index, line in enumerate(text.split("\n")[: last + 1]):
        match = _QUOTED_VALUE.match(line)
        if not match:
            continue
        quote, rest = match.groups()
        body = rest.split(" #")[0].rstrip() if quote == "'" else rest.rstrip()
        closed = body.replace("\\\\", "").replace('\\"', "").count('"') % 2 == 1 if quote == '"' else \
            body.replace("''", "").count("'") % 2 == 1
        if not closed:
            return Problem(path, index + 1 + offset, "Thiếu dấu ngoặc kép đóng." if quote == '"' else
                           "Thiếu dấu nháy đơn đóng.", column=line.index(quote) + 1,
                           hint="Giá trị mở bằng dấu ngoặc ở dòng này phải được đóng trên cùng dòng.",
                           code="yaml-syntax")
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str, offset: int) -> Problem:
    text = f"{exc.context or ''} {exc.problem or ''}"
    mark = exc.problem_mark or exc.context_mark
    # An unclosed quote is reported at the end of the stream; the opening quote is what editors need.
    if ("quoted scalar" in text or "flow" in (exc.context or "")) and exc.context_mark is not None:
        mark = exc.context_mark
    line = (mark.line + 1 + offset) if mark else offset + 1
    col = (mark.column + 1) if mark else None
    for needle, message, hint in _SYNTAX_HINTS:
        if needle in text:
            return Problem(path, line, message, hint=hint, column=col, code="yaml-syntax")
    return Problem(path, line, f"Lỗi cú pháp YAML: {(exc.problem or exc.context or '').strip()}.",
                   hint="Kiểm tra dấu ngoặc, dấu hai chấm và thụt lề ở dòng này.", column=col,
                   code="yaml-syntax")
