"""argparse in Vietnamese: usage and help headings, and every command-line mistake as one plain sentence
with a "did you mean" only when a close match exists. Exit code 1 (the editor's mistake), never 2."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path
from typing import Iterable, NoReturn

# Names the editor sees for argparse's destinations (positional arguments are named by them).
ARGUMENT_NAMES = {"title": "tiêu đề bài viết", "lệnh": "lệnh"}


def program_name() -> str:
    """The command as the editor typed it, for messages that tell them what to run next."""
    return "python build.py" if Path(sys.argv[0]).name == "build.py" else "bangvang"


class UsageError(Exception):
    """A mistake on the command line; the message is Vietnamese and complete."""


def close_match(word: str, choices: Iterable[str]) -> str | None:
    """The one choice close enough to be the intended word (a typo), else None."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return found[0] if found else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    guess = close_match(word, choices)
    return f" Có phải là “{guess}”?" if guess else ""


class VietnameseFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="Cách dùng: " if prefix is None else prefix)


class VietnameseParser(argparse.ArgumentParser):
    """An ArgumentParser whose headings, help and errors are Vietnamese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", VietnameseFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="in hướng dẫn này rồi thoát")

    def error(self, message: str) -> NoReturn:
        raise UsageError(translate(message, self) + f" Xem thêm: {self.prog} --help")


def _options(parser: argparse.ArgumentParser) -> list[str]:
    """Every long option of the parser and of its commands (argparse reports leftovers at the top)."""
    found = []
    for action in parser._actions:
        found += [s for s in action.option_strings if s.startswith("--")]
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += [o for o in _options(sub) if o not in found]
    return found


def _name(dest: str) -> str:
    dest = dest.strip()
    return ARGUMENT_NAMES.get(dest, dest)


def translate(message: str, parser: argparse.ArgumentParser) -> str:
    """argparse's English error → one Vietnamese sentence."""
    if m := re.match(r"the following arguments are required: (.*)", message):
        names = [_name(n) for n in m.group(1).split(",")]
        return "Thiếu " + ", ".join(names) + "."
    if m := re.match(r"unrecognized arguments: (.*)", message):
        words = m.group(1).split()
        first = words[0]
        if first.startswith("-"):
            return f"Lệnh không có tùy chọn “{first}”." + did_you_mean(first, _options(parser))
        return f"Thừa “{' '.join(words)}”. Nếu là một giá trị có dấu cách, hãy đặt trong ngoặc kép."
    if m := re.match(r"argument (\S+?)(?:/\S+)?: expected one argument", message):
        return f"Tùy chọn {m.group(1)} cần một giá trị ngay sau nó."
    if m := re.match(r"argument (\S+?)(?:/\S+)?: invalid int value: '(.*)'", message):
        return f"{m.group(1)} cần một số nguyên, không phải “{m.group(2)}”."
    if m := re.match(r"argument (\S+?)(?:/\S+)?: invalid choice: '(.*)' \(choose from (.*)\)", message):
        choices = re.findall(r"'([^']*)'", m.group(3))
        return (f"{m.group(1)} không nhận “{m.group(2)}”." + did_you_mean(m.group(2), choices)
                + " Chọn một trong: " + ", ".join(choices) + ".")
    if m := re.match(r"ambiguous option: (\S+) could match (.*)", message):
        return f"Tùy chọn “{m.group(1)}” chưa rõ: có thể là {m.group(2)}. Viết đầy đủ tên tùy chọn."
    if m := re.match(r"argument (\S+?)(?:/\S+)?: ignored explicit argument '(.*)'", message):
        return f"Tùy chọn {m.group(1)} không nhận giá trị (“{m.group(2)}”)."
    if m := re.match(r"argument (\S+?)(?:/\S+)?: not allowed with argument (\S+)", message):
        return f"Không dùng cùng lúc {m.group(1)} và {m.group(2)}."
    return "Lệnh viết chưa đúng."  # argparse has no other message the commands can produce
