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
    tree, problems, _ = _load(text, path, line_offset)
    return tree, problems


def load_recovering(text: str, path: str, line_offset: int = 0,
                    attempts: int = 5) -> tuple[YNode | None, list[Problem], frozenset[str]]:
    """Like load, but after a syntax error the broken line is set aside and the rest parsed again, so the
    file's other problems are reported in the same run. Returns (tree of the rest, problems, the field
    names on the lines set aside); the tree is None when nothing could be recovered. Any problem means
    the document is wrong: a recovered tree is for finding more problems, never for publishing."""
    tree, problems, broken = _load(text, path, line_offset)
    lines = text.split("\n")
    set_aside: set[str] = set()
    while broken is not None and attempts > 0:
        attempts -= 1
        for index in sorted(broken):
            if 0 <= index < len(lines):
                if match := _KEY.match(lines[index]):
                    set_aside.add(match.group(1))
                lines[index] = ""
        tree, more, broken = _load("\n".join(lines), path, line_offset)
        seen = {(p.line, p.message) for p in problems}
        problems += [p for p in more if (p.line, p.message) not in seen]
    return (tree if broken is None else None), problems, frozenset(set_aside)


_KEY = re.compile(r"^\s*(?:- )?([A-Za-z_][\w-]*)\s*:")


def _load(text: str, path: str, line_offset: int) -> tuple[YNode | None, list[Problem], set[int] | None]:
    """(tree, problems, the 0-based lines to set aside after a syntax error, else None)."""
    builder = _Builder(yaml.parse(text, Loader=_Loader), line_offset, text)

    def found() -> list[Problem]:  # the ones that do not stop the parse, up to where it stopped
        return [Problem(path, p.line, p.message, hint=p.hint, column=p.col, code="yaml") for p in builder.problems]

    try:
        tree = builder.document()
        return tree, found(), None
    except YamlProblem as exc:
        return None, found() + [Problem(path, exc.line, exc.message, hint=exc.hint, column=exc.col, code="yaml")], \
            {exc.line - 1 - line_offset}
    except yaml.MarkedYAMLError as exc:
        problem = _unclosed_quote(text, exc, path, line_offset) or _syntax_problem(text, exc, path, line_offset)
        lines = {problem.line - 1 - line_offset}
        if exc.problem_mark is not None:
            lines.add(exc.problem_mark.line)
        return None, found() + [problem], lines
    except yaml.YAMLError:  # pragma: no cover - unmarked errors are rare
        return None, [Problem(path, line_offset + 1, "Phần đầu bài không đúng cú pháp.", code="yaml",
                              hint="Kiểm tra dấu ngoặc, dấu hai chấm và thụt lề.")], None


class _Builder:
    def __init__(self, events: Iterator[yaml.Event], line_offset: int, text: str = ""):
        self.events = iter(events)
        self.lines = text.split("\n")
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
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                raise YamlProblem(line, col, "Không dùng neo và bí danh YAML (& và *).",
                                  "Viết đầy đủ giá trị thay vì tham chiếu.")
            mark = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise YamlProblem(line, col, f"Giá trị bắt đầu bằng “{mark}” bị hiểu là neo, bí danh YAML (không dùng).",
                              _quote_hint(self._source_line(line), mark))
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
            raise YamlProblem(line, col, f"Giá trị bắt đầu bằng “!”, ký tự YAML dành riêng (thẻ kiểu “{event.tag}”).",
                              _quote_hint(self._source_line(line), "!"))

    def _source_line(self, line: int) -> str:
        index = line - 1 - self.offset
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def _check_value(self, event: yaml.Event, key: str = "") -> None:
        """Values YAML reads differently from what the editor sees: a `#` that cuts the text, Word's curly
        quotes around the whole value, a stray straight quote. Reported; the parse goes on."""
        if type(event) is not yaml.ScalarEvent or event.style or event.tag is not None:
            return
        text, end = event.value, event.end_mark
        source = self.lines[end.line] if end.line < len(self.lines) else ""
        if "#" not in source and '"' not in text and text[:1] not in _CURLY:  # the usual value
            return
        line, col = event.start_mark.line + 1 + self.offset, event.start_mark.column + 1
        cut = _CUT_BY_HASH.match(source[end.column:])
        if cut and event.start_mark.line == end.line:
            whole = text + source[end.column:].rstrip()
            self.problems.append(YamlProblem(
                line, col, f"Dấu “#” cắt mất phần sau của giá trị: chỉ còn “{text}”.",
                "Đặt cả giá trị trong ngoặc kép: " + _with_value(source, event.start_mark.column, _dq(whole)) + "."))
        elif len(text) > 1 and text[0] in _CURLY and text[-1] == _CURLY[text[0]] and key not in _NAMES_IN_QUOTES and \
                not any(q in text[1:-1] for q in "“”‘’"):
            self.problems.append(YamlProblem(
                line, col, f"Giá trị nằm trong ngoặc kép cong {text[0]}…{text[-1]} (kiểu Word): dấu ngoặc này "
                "sẽ hiện nguyên trên trang.",
                "Dùng ngoặc kép thẳng: " + _with_value(source, event.start_mark.column, _dq(text[1:-1])) + "."))
        elif text.count('"') % 2 == 1:
            fixed = text.replace('"', "").strip()
            self.problems.append(YamlProblem(
                line, col, f"Dấu ngoặc kép \" lẻ một mình trong giá trị “{text}”.",
                "Xoá dấu đó hoặc đóng cặp ngoặc cho đủ, ví dụ: "
                + _with_value(source, event.start_mark.column, _dq(fixed)) + "."))

    def _sequence(self, line: int, col: int) -> YSeq:
        items = []
        for event in self.events:
            if isinstance(event, yaml.SequenceEndEvent):
                return YSeq(tuple(items), line, col)
            self._check_value(event)
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
            value = next(self.events)
            self._check_value(value, key.text)
            entries[key.text] = self.node(value)
        raise YamlProblem(line, col, "Khối chưa đóng.")  # pragma: no cover


_CUT_BY_HASH = re.compile(r"[ \t]+#\S")  # "#1", "#tag": text, not the start of a comment ("# ...")
_CURLY = {"“": "”", "‘": "’"}
_NAMES_IN_QUOTES = frozenset({"achievement"})  # “Sáng kiến …”: an initiative's name, quoted on purpose
_VALUE = re.compile(r"^(\s*(?:- )?(?:[^\s:#\"'][^:#]*:[ \t]+|- ))(.*)$")
# A value starting with one of these is not read as text by YAML.
_SPECIAL_STARTS = "*&!@%`|>?-[{"
_INDENT_HINT = ("Các trường cùng cấp phải thẳng cột, thụt lề bằng dấu cách; các mục danh sách bắt đầu bằng "
                "“- ” ở cùng một cột.")

# PyYAML's (and libyaml's) messages, by a phrase in them → (message, hint); every one Vietnamese.
_SYNTAX_HINTS = (
    ("expected ',' or ']'", "Danh sách trong ngoặc vuông chưa đóng “]”.",
     "Đóng ngoặc vuông trên cùng dòng, ví dụ tags: [sáng kiến, viên chức]."),
    ("expected ',' or '}'", "Khối trong ngoặc nhọn chưa đóng “}”.",
     "Đóng ngoặc nhọn trên cùng dòng, ví dụ count: {tap-the: 5, ca-nhan: 10}."),
    ("flow", "Dấu ngoặc vuông hoặc ngoặc nhọn chưa đóng.",
     "Đóng “[” bằng “]” và “{” bằng “}” trên cùng dòng; nếu ngoặc là chữ của giá trị, đặt cả giá trị trong ngoặc kép."),
    ("unknown escape", "Dấu “\\” trong ngoặc kép bắt đầu một chuỗi thoát không hợp lệ.",
     "Viết hai dấu “\\\\”, hoặc đặt giá trị trong dấu nháy đơn ' '."),
    ("escape", "Chuỗi thoát sau dấu “\\” không hợp lệ.",
     "Viết hai dấu “\\\\”, hoặc đặt giá trị trong dấu nháy đơn ' '."),
    ("found unexpected end of stream", "Thiếu dấu ngoặc kép đóng.",
     "Kiểm tra dấu ngoặc kép mở ở vị trí này đã được đóng chưa."),
    ("quoted scalar", "Thiếu dấu ngoặc kép đóng.", "Kiểm tra dấu ngoặc kép mở ở vị trí này đã được đóng chưa."),
    ("document", "Chỉ được có một khối YAML.", "Xoá dòng “---” thừa ở giữa phần đầu bài."),
    ("directive", "Dòng bắt đầu bằng “%” không được dùng trong phần đầu bài.",
     "Xoá dòng đó, hoặc đặt giá trị bắt đầu bằng % trong ngoặc kép."),
    ("could not find expected ':'", "Thiếu dấu hai chấm sau tên trường.",
     "Viết theo dạng “tên: giá trị”, hoặc đặt giá trị nhiều dòng trong ngoặc kép."),
    ("expected '-' indicator", "Mục danh sách thiếu dấu “- ” hoặc thụt lề sai.",
     "Mỗi mục danh sách bắt đầu bằng “- ” ở cùng một cột."),
    ("sequence entries are not allowed", "Mục danh sách “- ” đặt sai chỗ.", _INDENT_HINT),
    ("block end", "Thụt lề không khớp với các dòng trên.", _INDENT_HINT),
    ("expected key", "Thụt lề không khớp với các dòng trên.", _INDENT_HINT),
    ("mapping keys are not allowed", "Dấu “?” đặt sai chỗ.", "Giá trị có dấu “?” ở đầu phải đặt trong ngoặc kép."),
)


def _after_closing_quote(written: str) -> str:
    """The text after the quote that closes a quoted value (comments aside); "" when there is none."""
    quote, i = written[0], 1
    while i < len(written):
        if quote == '"' and written[i] == "\\":
            i += 2
            continue
        if written[i] == quote:
            if quote == "'" and written[i + 1:i + 2] == "'":
                i += 2
                continue
            rest = written[i + 1:]
            return "" if not rest.strip() or rest.lstrip().startswith("#") else rest
        i += 1
    return ""


def _dq(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _with_value(source: str, column: int, value: str) -> str:
    """The editor's line with its value replaced: the fix, as they would type it."""
    return (source[:column] + value).strip()


def _quote_hint(source: str, mark: str) -> str:
    """The editor's own line with its value in double quotes."""
    match = _VALUE.match(source)
    if match and match.group(2).strip():
        return "Đặt cả giá trị trong ngoặc kép: " + (match.group(1) + _dq(match.group(2).strip())).strip() + "."
    return f"Giá trị bắt đầu bằng “{mark}” phải đặt trong ngoặc kép."


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


def _syntax_problem(text: str, exc: yaml.MarkedYAMLError, path: str, offset: int) -> Problem:
    """PyYAML's complaint, read against the editor's line: a Tab, a value starting with a character YAML
    reserves, a quote closed too early, a colon in a value; else the message for PyYAML's phrase."""
    said = f"{exc.context or ''} {exc.problem or ''}"
    mark = exc.problem_mark or exc.context_mark
    # An unclosed quote is reported at the end of the stream; the opening quote is what editors need.
    if ("quoted scalar" in said or "flow" in (exc.context or "")) and exc.context_mark is not None:
        mark = exc.context_mark
    lines = text.split("\n")
    index = mark.line if mark else 0
    source = lines[index] if index < len(lines) else ""
    line, col = index + 1 + offset, (mark.column + 1 if mark else None)

    def problem(message: str, hint: str, column: int | None = col) -> Problem:
        return Problem(path, line, message, hint=hint, column=column, code="yaml-syntax")

    tab = source.find("\t")
    if tab >= 0 and (not source[:tab].strip() or "token" in said):
        return problem("Có ký tự Tab ở dòng này.", "YAML chỉ thụt lề bằng dấu cách; thay Tab bằng hai dấu cách.",
                       tab + 1)
    value = _VALUE.match(source)
    written = value.group(2).strip() if value else ""
    start = written[:1]
    if start and start in _SPECIAL_STARTS and not (start in "[{" and ("expected ','" in said or "flow" in said)):
        return problem(f"Giá trị bắt đầu bằng “{start}”, ký tự YAML dành riêng.", _quote_hint(source, start),
                       len(value.group(1)) + 1)
    if start and start in "\"'" and (after := _after_closing_quote(written)):
        inner = written[1:-1] if written.endswith(start) else written[1:]
        curly = (re.sub(r'"([^"]*)"', r"“\1”", inner).replace('"', "") if start == '"'
                 else inner.replace("''", "’").replace("'", "’"))
        message = (f"Dấu {start} bên trong giá trị đã đóng giá trị sớm." if start in after
                   else f"Có chữ “{after.strip()}” nằm sau dấu {start} đóng giá trị.")
        return problem(message, "Đặt cả giá trị trong một cặp ngoặc kép, ngoặc bên trong dùng ngoặc cong: "
                       + (value.group(1) + start + curly + start).strip() + ".", len(value.group(1)) + 1)
    if "mapping values are not allowed" in said:
        previous = next((l for l in reversed(lines[:index]) if l.strip() and not l.lstrip().startswith("#")), "")
        indent = len(source) - len(source.lstrip(" "))
        if mark and mark.column == source.find(":") and indent > len(previous) - len(previous.lstrip(" ")) \
                and not previous.rstrip().endswith(":"):
            return problem("Dòng này thụt lề sâu hơn dòng trên.", _INDENT_HINT, indent + 1)
        fix = _quote_hint(source, ":")
        return problem("Dấu hai chấm “:” nằm trong giá trị.", fix if value else
                       "Đặt cả giá trị trong dấu ngoặc kép, ví dụ: title: \"Hội nghị: tổng kết năm\".")
    for needle, message, hint in _SYNTAX_HINTS:
        if needle in said:
            return problem(message, hint)
    return problem("Phần đầu bài không đúng cú pháp ở dòng này.",
                   "Kiểm tra dấu ngoặc, dấu hai chấm và thụt lề; giá trị có ký tự đặc biệt thì đặt trong ngoặc kép.")
