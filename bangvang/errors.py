"""One exception family and the Problem record every stage reports with.

Editors see `path:line:col: field: message` plus a hint, in Vietnamese; the build collects every
problem of a run and raises once, so an editor fixes all of them in one go.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or suspicious) in the editor's input."""

    path: str
    line: int | None
    message: str
    field: str | None = None
    hint: str | None = None
    column: int | None = None
    severity: str = ERROR
    code: str = ""

    def location(self) -> str:
        """`path:line:col`, as editors and VS Code read it."""
        parts = [self.path]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """The one-line message printed in the terminal and the browser overlay."""
        text = f"{self.location()}: "
        if self.severity == WARNING:
            text += "cảnh báo: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" Gợi ý: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.column or 0, self.field or "", self.message)


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file and line order, so output is stable between runs."""
    return sorted(set(problems), key=Problem.sort_key)


class BangVangError(Exception):
    """Base of every error the generator raises on purpose."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted_problems(problems))
        super().__init__("\n".join(p.format() for p in self.problems))

    def __reduce__(self):  # raised in a worker process, re-raised in the parent with its problems
        return (self.__class__, (self.problems,))


class BuildFailed(BangVangError):
    """The content or templates have errors; nothing was written."""


class ConfigError(BangVangError):
    """site.yaml or the command line is wrong."""


class OutputError(BangVangError):
    """The output folder is unsafe, locked or cannot be written."""


class PublishError(BangVangError):
    """Publishing refused or failed (a host unreachable, a command that failed); the live site is as it was."""
