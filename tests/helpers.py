"""Reference implementations the tests check the generator's output against (not used by the generator)."""

from __future__ import annotations

import re
from typing import Any

from bangvang.search import COUNTED_KIND
from bangvang.text import _normalise_name, _split_words, fold

_NOT_WORD = re.compile(r"[\W_]+")


# -- the roll's name search, as roll.js runs it --------------------------------------------------------
def search_words(text: str) -> list[str]:
    """Folded words of a name-search query or key; punctuation separates words (roll.js does the same)."""
    return [w for w in _NOT_WORD.split(fold(text)) if w]


def matches(key: str, query: str, name: str | None = None) -> bool:
    """The roll's name-search rule: each word of the query begins some word of the key, in any order.

    "nguyen van hung", "hung nguyen" and "nguyen van h" find "Nguyễn Văn Hùng"; "dang" finds "Đặng";
    "an" does not find "Toàn". With `name` (a row's key is its name followed by its unit's names), the
    words must all match in the name or all in the unit: "doan thi" finds "Đoàn Thị Đào", not "Lê Thị Đạt"
    of "Công đoàn …"."""
    wanted = search_words(query)
    words = search_words(key)
    if name is None:
        return _all_begin(words, wanted)
    own = search_words(name)
    return _all_begin(own, wanted) or _all_begin(words[len(own):], wanted)


def _all_begin(words: list[str], wanted: list[str]) -> bool:
    return all(any(w.startswith(q) for w in words) for q in wanted)


def search_rows(index: dict[str, Any], query: str, **filters: str) -> list[list[Any]]:
    """The rows of a loaded awardee index that roll.js shows for a query and filters."""
    fields = {name: i for i, name in enumerate(index["fields"])}
    column = {"nam": "yearEnd", "don-vi": "unit", "phong-trao": "campaign", "danh-hieu": "award", "loai": "kind"}
    out = []
    for row in index["rows"]:
        counted = row[fields["kind"]] == COUNTED_KIND
        if query and not matches(row[fields["search"]], query, None if counted else row[fields["name"]]):
            continue
        if any(value and str(row[fields[column[name]]]) != value for name, value in filters.items()):
            continue
        out.append(row)
    return out


# -- names -------------------------------------------------------------------------------------------
def split_name(name: str) -> tuple[str, str, str]:
    """A Vietnamese name as person_key splits it: (family, middle, given), first word, inner words, last word."""
    return _split_words(_normalise_name(name))
