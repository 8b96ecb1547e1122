"""Bytes → NFC text, and text → (front matter, body), with located problems. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import Problem
from .text import nfc
from .vnformat import detect_legacy_encoding, format_number, guess_legacy_bytes

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
ENCODING_HINT = "Mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8 (Unicode dựng sẵn)."


@dataclass(frozen=True, slots=True)
class Split:
    front: str  # the YAML between the fences
    front_line: int  # file line of the first YAML line
    body: str
    body_line: int  # file line of the first body line


def decode_text(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (BOM allowed) → NFC with LF line endings; refuses legacy Vietnamese encodings."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path, 1, "Tệp được lưu bằng UTF-16, không phải UTF-8.", hint=ENCODING_HINT,
                              code="encoding")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = guess_legacy_bytes(data)
        why = f" Có vẻ tệp dùng bảng mã cũ {guess}." if guess else ""
        return None, [Problem(path, line, f"Tệp không phải UTF-8.{why}", hint=ENCODING_HINT, column=column,
                              code="encoding")]
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        return None, [Problem(path, line, f"Tệp chứa ký tự điều khiển U+{ord(control.group()):04X} không in được.",
                              hint="Thường do dán từ phần mềm khác; xoá ký tự lạ ở vị trí này rồi lưu lại.",
                              column=column, code="control-char")]
    legacy = detect_legacy_encoding(text)
    if legacy:
        return None, [Problem(path, 1, f"Nội dung có vẻ là chữ Việt bảng mã {legacy} bị hiển thị sai "
                                       "(lỗi phông), không thể xuất bản.",
                              hint="Chuyển mã sang Unicode dựng sẵn (ví dụ bằng công cụ chuyển mã của "
                                   "UniKey) rồi lưu lại với UTF-8.", code="legacy-encoding")]
    return text, []


def split_front_matter(text: str, path: str) -> tuple[Split | None, list[Problem]]:
    """`---` YAML `---` then Markdown. Text without an opening fence is all body."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Split("", 0, text, 1), []
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return Split(front, 2, body, index + 2), []
    return None, [Problem(path, 1, "Phần đầu bài (front matter) mở bằng “---” nhưng chưa đóng.",
                          hint="Thêm một dòng “---” sau trường cuối cùng, trước nội dung bài.",
                          code="front-matter")]


_BLOCK_TAG = re.compile(r"<(?:table|thead|tbody|tr|td|th|div|p|ul|ol|li|dl|h[1-6]|blockquote|pre|figure|section|"
                        r"article|aside|header|footer|hr|details)\b", re.IGNORECASE)
_QUOTE_DEPTH = re.compile(r"^(?:[ \t]*>)+")


def markup_hazard(body: str, first_line: int, path: str, max_markup: int, max_nesting: int) -> Problem | None:
    """The first place where the body exceeds what Markdown renders in bounded time (None if none).
    Counted per block (text between blank lines), where the parser's work grows with the square."""
    line = first_line
    for block in body.split("\n\n"):
        stripped = block.lstrip()
        if not _BLOCK_TAG.match(stripped):  # raw HTML blocks (a table pasted from Word) are not parsed inline
            markup = block.count("[") + block.count("<")
            if markup > max_markup:
                return Problem(path, line, f"Một đoạn có quá nhiều dấu “[” và “<” ({format_number(markup)}); "
                                           f"giới hạn trong một đoạn là {format_number(max_markup)}.",
                               hint="Thường do dán nhầm dữ liệu; tách đoạn bằng dòng trống. Người quản trị trang "
                                    "có thể nâng giới hạn này trong site.yaml (mục limits, dòng "
                                    "max_markup_per_block).", code="limit")
        for offset, text in enumerate(block.split("\n")):
            quotes = _QUOTE_DEPTH.match(text)
            depth = quotes.group().count(">") if quotes else 0
            indent = len(text) - len(text.lstrip(" \t"))
            if max(depth, indent // 2) > max_nesting:
                return Problem(path, line + offset, f"Trích dẫn hoặc danh sách lồng quá sâu (giới hạn {max_nesting} cấp).",
                               hint="Bớt các cấp “>” hoặc thụt lề. Người quản trị trang có thể nâng giới hạn này "
                                    "trong site.yaml (mục limits, dòng max_nesting).", code="limit")
        line += block.count("\n") + 2
    return None
