"""Vietnamese display formats for numbers and dates, and detection of legacy 8-bit Vietnamese encodings."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timezone
from functools import cache


@cache
def _group_symbol() -> str:
    """The Vietnamese thousands separator, from Babel's CLDR data."""
    # Imported here: Babel costs ~10 ms to import and ~8 ms to load "vi", paid only by builds that format numbers.
    from babel.numbers import get_group_symbol

    return get_group_symbol("vi")


def format_number(n: int) -> str:
    """Integer with Vietnamese digit grouping: 19738 -> "19.738"."""
    # Same output as babel.numbers.format_decimal(n, locale="vi") (tested), 20 times faster per call.
    return f"{n:,}".replace(",", _group_symbol())


def format_date_long(d: date | datetime) -> str:
    """Administrative long date: "ngày 6 tháng 6 năm 2021"."""
    return f"ngày {d.day} tháng {d.month} năm {d.year}"


def format_date_short(d: date | datetime) -> str:
    """Numeric date: "06/06/2021"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def format_datetime(dt: datetime | date) -> str:
    """News-style timestamp "19:51, 06/06/2021"; the date alone when there is no time of day."""
    if not isinstance(dt, datetime) or (dt.hour, dt.minute) == (0, 0):
        return format_date_short(dt)
    return f"{dt.hour:02d}:{dt.minute:02d}, {format_date_short(dt)}"


def iso_datetime(dt: datetime) -> str:
    """RFC 3339 timestamp with offset: "2021-06-06T19:51:00+07:00"."""
    offset = dt.utcoffset()
    if offset is None:
        raise ValueError(f"datetime has no time zone: {dt!r}")
    # RFC 3339 offsets are whole minutes; only historical local mean times have seconds.
    if offset.total_seconds() % 60:
        dt = dt.astimezone(timezone.utc)
    return dt.isoformat(timespec="seconds")


# --- Legacy encodings --------------------------------------------------------------------------------------
#
# Text typed with the old 8-bit fonts and later read as Windows-1252/Latin-1 shows tell-tale characters:
#
# * TCVN3 (ABC, .VnTime) puts the most frequent letters on 0xA1-0xBE: Ă Â Ê Ô Ơ Ư Đ, ă â ê ô ơ đ, à ả ã á ạ,
#   ằ ẳ ẵ ắ, which Latin-1 shows as symbols ("V¨n", "C«ng", "®oµn", "Lª", "¦ng"). A hit is such a symbol between
#   two letters; a symbol for a vowel that can end a syllable, closing a word; a symbol for a capital or for đ,
#   opening a word; or a Latin-1 capital between two lowercase letters ("NguyÔn"). The soft hyphen (ư) is left
#   out because real text uses it for hyphenation.
# * VNI-Windows writes a vowel followed by a diacritic byte (aø = à, eâ = ê, aê = ă, öô = ươ, ñ = đ). A hit is
#   a vowel + diacritic pair that NFC Vietnamese never contains; pairs that French, German, Spanish or
#   Portuguese words use ("aï", "oë", "aé", "août", "coût", the word "où") are left out.
#
# Real Vietnamese never produces a hit. A stray foreign word can, so a text is flagged only when one encoding
# has at least 2 hits and they amount to at least a quarter of the tokens that contain non-ASCII characters;
# mojibake text scores about one hit per such token.

_LATIN1_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
_LATIN1_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff"
_TCVN3_SYMBOLS = "\u00a1-\u00ac\u00ae\u00b5-\u00b9\u00bb-\u00be"
# ê ô ơ à ả ã á ạ: the symbols for letters that can end a syllable.
_TCVN3_FINAL_SYMBOLS = "\u00aa-\u00ac\u00b5-\u00b9"
_TCVN3_INITIALS = "\u00a2-\u00a7\u00ae"
_WORD = f"{_LATIN1_LETTER}{_TCVN3_SYMBOLS}"
_TCVN3_HITS = re.compile(
    f"(?<=[{_WORD}])[{_TCVN3_SYMBOLS}](?=[{_WORD}])"
    f"|(?<=[{_WORD}])[{_TCVN3_FINAL_SYMBOLS}](?![{_WORD}])"
    f"|(?<![{_WORD}])[{_TCVN3_INITIALS}](?=[{_WORD}])"
    f"|(?<=[{_LATIN1_LOWER}])[\u00c0-\u00d6\u00d8-\u00de](?=[{_LATIN1_LOWER}])"
)
_VNI_HITS = re.compile(
    "[aeouyôöAEOUYÔÖ][øØ]"  # huyền
    "|[aeoAEO][âÂ]"  # circumflex: â ê ô
    "|[aA][êÊ]"  # breve: ă
    "|[aeuyôöAEUYÔÖ][ùÙõÕ]|(?<=[A-Za-z])[oO][ùÙ]"  # sắc, ngã
    "|[uyôöUYÔÖ][ûÛ]|[aeoAEO][ûÛ](?![tTlLmM])"  # hỏi
    "|[yôöYÔÖ][ïÏ]"  # nặng
    "|[aeoAEO][äÄåÅ]|[aeAE][ãÃ]"  # circumflex with nặng, hỏi, ngã
    "|[öÖ][ôÔ]"  # ươ
    "|\\b[ñÑ](?=[aeiouyôöAEIOUYÔÖ])"  # đ
)
_MIN_HITS = 2
_MIN_HIT_SHARE = 0.25


def _non_ascii_tokens(text: str) -> int:
    """Number of whitespace-separated tokens with a non-ASCII character."""
    return sum(1 for token in text.split() if not token.isascii())


# Latin-1 characters that Vietnamese never uses: mojibake of either encoding always contains some, so text
# without any (almost all real text) skips the slower pattern search.
_VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_SUSPECT = frozenset(chr(c) for c in range(0xA1, 0x100)) - _VIETNAMESE_LATIN1


def detect_legacy_encoding(text: str) -> str | None:
    """Name the legacy encoding ("TCVN3" or "VNI") whose mojibake text looks like, or None."""
    if text.isascii() or _SUSPECT.isdisjoint(text):
        return None
    hits = {"TCVN3": len(_TCVN3_HITS.findall(text)), "VNI": len(_VNI_HITS.findall(text))}
    name, count = max(hits.items(), key=lambda item: item[1])
    if count >= _MIN_HITS and count >= _MIN_HIT_SHARE * _non_ascii_tokens(text):
        return name
    return None


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aeiouyAEIOUY")
_VIETNAMESE_ONLY = frozenset("ăĂơƠưƯđĐ")


def _looks_like_cp1258(data: bytes) -> bool:
    """True when data decodes as Windows-1258 with its separate tone marks all sitting on vowels."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return False
    tones = [i for i, ch in enumerate(text) if ch in _TONE_MARKS]
    # Windows-1258 puts a tone after a vowel (ê then U+0303 is ễ); other encodings' bytes at those positions follow
    # consonants too. One tone is enough next to a letter only Vietnamese uses (ă ơ ư đ).
    on_vowels = all(i > 0 and unicodedata.normalize("NFD", text[i - 1])[0] in _VOWELS for i in tones)
    evidence = len(tones) + (1 if _VIETNAMESE_ONLY.intersection(text) else 0)
    return bool(tones) and on_vowels and evidence >= _MIN_HITS


def guess_legacy_bytes(data: bytes) -> str | None:
    """For bytes that are not UTF-8, guess "TCVN3", "VNI" or "Windows-1258" (None when unsure)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return None
    if _looks_like_cp1258(data):
        return "Windows-1258"
    # Latin-1 maps every byte to the character that old fonts' mojibake shows, so the text heuristics apply.
    return detect_legacy_encoding(data.decode("latin-1"))
