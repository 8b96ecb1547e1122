"""Cross-check vi_key, person_key and collective_key against ICU's Vietnamese collator (PyICU)."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import icu  # PyICU: a test dependency (pyproject's [test] extra, installed by .ci/run); missing means failing
import pytest

from bangvang.text import collective_key, person_key, vi_key
from tests.helpers import split_name

FAMILY = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Âu Ưng Đinh Trịnh Đoàn "
    "Lương Mai Cao Tạ Quách Ông Ứng Ân Văn Tôn Lưu Hà Kiều Chu Triệu Khúc Giáp Yên"
).split()
MIDDLE = (
    "Văn Thị Hữu Đức Thành Ngọc Phương Kim Xuân Quang Minh Thanh Thu Bảo Gia Hoài Khắc Thiện Trọng "
    "Ánh Ân Ấu Ẩn Ơn Ức Ưu Ý Yến Đình Công Quốc Diệu Mỹ Mĩ Hồng Cẩm Tường Nhật Hải Lệ"
).split()
GIVEN = (
    "An Anh Ánh Ảnh Ân Ấn Ẩn Ăn Ắn Ằn Bình Bích Cường Chi Châu Dũng Dung Đức Điệp Đạt Em Én Ê Ếch Ền Giang "
    "Hà Hạ Hải Hảo Hoà Hòa Hoa Hóa Hoá Hùng Hưng Hừng Hung Hứng Huy Huệ Hương Hường Hướng Ích Ỉnh Khiêm Khánh "
    "Kỳ Kì Lan Lâm Long Lợi Minh Mỹ Mĩ Nam Ngân Nghĩa Nhung Oanh Ôn Ổn Ơn Ớn Phú Phước Phúc Quân Quyên Quỳnh "
    "Rạng Rin Sơn Sang Tâm Thái Thảo Thủy Thuý Thúy Thụy Thùy Thuỷ Tú Tuấn Uyên Út Ưng Ửng Ước Vân Vinh Vy "
    "Xuân Xuyến Yến Ý Yên Zô Ly Lý Lỵ Ỷ Ỳ Ỹ Ỵ"
).split()
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYfjwzFJWZ"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
FILLERS = (" ", "-", "0", "1", "9", " ", ",", ".")

Key = Callable[[str], Any]


@pytest.fixture(scope="module")
def collator() -> icu.Collator:
    """ICU's collator for Vietnamese."""
    return icu.Collator.createInstance(icu.Locale("vi"))


def _vary(rng: random.Random, s: str) -> str:
    """Randomly change case and normalisation form of s."""
    roll = rng.random()
    if roll < 0.1:
        s = s.upper()
    elif roll < 0.2:
        s = s.lower()
    return unicodedata.normalize("NFD", s) if rng.random() < 0.2 else s


def _names(rng: random.Random, count: int) -> list[str]:
    """Realistic Vietnamese full names: family, 0-3 middle names, given name."""
    names = []
    for _ in range(count):
        middle = rng.sample(MIDDLE, rng.choice((0, 1, 1, 1, 2, 3)))
        parts = [rng.choice(FAMILY), *middle, rng.choice(GIVEN)]
        names.append(_vary(rng, " ".join(parts)))
    return names


def _random_strings(rng: random.Random, count: int) -> list[str]:
    """Random strings over the Vietnamese alphabet with tones, spaces, hyphens, commas and digits."""
    strings = []
    for _ in range(count):
        chars = []
        for _ in range(rng.randint(1, 8)):
            if rng.random() < 0.2:
                chars.append(rng.choice(FILLERS))
            else:
                chars.append(rng.choice(ALPHABET) + rng.choice(TONES))
        text = "".join(chars)
        strings.append(text if rng.random() < 0.5 else unicodedata.normalize("NFC", text))
    return strings


def _assert_same_order(items: Sequence[str], key: Key, icu_key: Key) -> None:
    """Sorting by key must give ICU's order; strings that ICU considers equal may come in either order."""
    ours, theirs = sorted(items, key=key), sorted(items, key=icu_key)
    for position, (a, b) in enumerate(zip(ours, theirs)):
        assert icu_key(a) == icu_key(b), f"at {position}: {a!r} where ICU puts {b!r}"


def _cmp(a: Any, b: Any) -> int:
    """Three-way comparison: -1, 0 or 1."""
    return (a > b) - (a < b)


def _icu_name_key(collator: icu.Collator, name: str) -> tuple[bytes, ...]:
    """The name key built from ICU sort keys: given, family, middle, full."""
    words = unicodedata.normalize("NFC", name).split()
    family, middle, given = words[0], " ".join(words[1:-1]), words[-1]
    if len(words) == 1:
        family = ""
    return tuple(collator.getSortKey(part) for part in (given, family, middle, " ".join(words)))


def test_names_sort_like_icu(collator: icu.Collator) -> None:
    names = _names(random.Random(20240606), 6000)
    _assert_same_order(names, vi_key, collator.getSortKey)


def test_random_strings_sort_like_icu(collator: icu.Collator) -> None:
    strings = _random_strings(random.Random(1258), 3000)
    _assert_same_order(strings, vi_key, collator.getSortKey)


def test_every_pair_of_tricky_words_compares_like_icu(collator: icu.Collator) -> None:
    words = (
        "an anh Anh Ánh ăn Ăn Ân bà bac bác Bình Ca Cà Cả Cã Cá Cạ Cac Dũng Đức Hà Hạ Hải Hảo Hùng Huy Hưng "
        "Hương Hường On Ôn Ơn Uyên Ưng Xuân Yến Zed àb ab̀ ặ ậ ợ Thủy Thuý Thúy Hòa Hoà hoà HOÀ"
    ).split()
    words += ["a-b", "a b", "ab", "a,b", "a.b", "(a)", "“a”", "'a'", "a1", "a2", "10", "2", "1a", "a\u00a0b"]
    words += ["Æble", "aeble", "Øre", "ore", "straße", "strasse", "łza", "lza", "ıi", "½", "1/2", "…", "..."]
    words += ["😀", "α", "Α", "中", "ą\u0302", "a\u0303\u0302", "a\u200bb", "ﬁ", "fi", "²", "İ", "ǎ", "Noël"]
    words += ["Công đoàn – 19", "Công đoàn - 19", "Covid-19", "Covid 19", "“Lao động giỏi”", "#1", "%", "₫"]
    for a in words:
        for b in words:
            assert _cmp(vi_key(a), vi_key(b)) == _cmp(collator.getSortKey(a), collator.getSortKey(b)), (a, b)


def test_person_key_matches_icu_name_key(collator: icu.Collator) -> None:
    names = _names(random.Random(7), 5000)
    _assert_same_order(names, person_key, lambda name: _icu_name_key(collator, name))


def test_split_name_agrees_with_icu_helper(collator: icu.Collator) -> None:
    for name in _names(random.Random(9), 500):
        family, middle, given = split_name(name)
        assert _icu_name_key(collator, name)[:3] == tuple(map(collator.getSortKey, (given, family, middle)))


def test_collective_key_sorts_collectives_like_icu(collator: icu.Collator) -> None:
    units = [
        "Công đoàn cơ sở Trường THPT Lê Lợi",
        "Công đoàn Viên chức tỉnh Thanh Hóa",
        "Công đoàn các KCN tỉnh Thái Nguyên",
        "Liên đoàn Lao động huyện Thường Tín",
        "Liên đoàn Lao động quận Nam Từ Liêm",
        "Ban Nữ công",
        "Đoàn Thanh niên",
        "Ủy ban Kiểm tra",
        "Uỷ ban nhân dân",
        "Ấp Bắc",
        "Công ty TNHH RFTech Thái Nguyên",
    ]
    _assert_same_order(units, collective_key, collator.getSortKey)
