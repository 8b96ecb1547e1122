"""Vietnamese text helpers: normalisation, search and reference keys, slugs, collation and name sorting."""

from __future__ import annotations

import re
import struct
import unicodedata
from functools import lru_cache


Weights = tuple[int, ...]
SortKey = tuple[Weights, Weights, Weights]
_CE = tuple[int, int, int]

_ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u2060"
# Every Unicode space separator (category Zs) other than U+0020; a test checks the list against unicodedata.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_SCALAR_TABLE = {ord(ch): None for ch in _ZERO_WIDTH} | {ord(ch): " " for ch in _SPACES}
_D_TO_ASCII = str.maketrans("đĐ", "dD")
_QUOTES = "\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a\"'"
# Editors write the same campaign as "Giỏi việc nước – Đảm việc nhà" and "Giỏi việc nước, đảm việc nhà":
# commas and every dash count as one separator in references.
_DASHES = "\u2013\u2014\u2011\u2212\u2010\u2012\u2015-,"
_REF_TABLE = {ord(ch): " " for ch in _QUOTES} | {ord(ch): "-" for ch in _DASHES}
_REF_JOINERS = re.compile(r" ?(-) ?")
# Old and new tone placement ("hóa"/"hoá", "thủy"/"thuỷ", "khỏe"/"khoẻ") are the same word; references
# compare with the tone moved onto the second vowel of an open oa/oe/uy syllable.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_ON_FIRST = re.compile(rf"([ou])([{_TONES}])([aey])(?![a-z\u0300-\u036f])")


def nfc(s: str) -> str:
    """Return the NFC form of s."""
    return unicodedata.normalize("NFC", s)


def clean_scalar(s: str) -> str:
    """NFC, plain spaces, no zero-width characters, stripped: the form of every YAML scalar."""
    # Zero-width characters go first: between a letter and its tone mark they would block NFC composition.
    return nfc(s.translate(_SCALAR_TABLE)).strip()


# fold's quick checks: whether a text has any character _SCALAR_TABLE changes, and whether, decomposed,
# it has any non-ASCII character other than the combining marks of Latin letters (U+0300–U+036F but U+034F,
# the grapheme joiner, which unicodedata.combining does not count as a mark). Vietnamese names never do.
_SCALAR_CHARS = re.compile("[" + _ZERO_WIDTH + _SPACES + "]")
_NOT_ASCII_OR_MARK = re.compile("[^\x00-\x7f\u0300-\u034e\u0350-\u036f]")


def fold(s: str) -> str:
    """Accent- and case-free search key: "Nguyễn Văn Hùng" -> "nguyen van hung"."""
    if _SCALAR_CHARS.search(s):
        s = s.translate(_SCALAR_TABLE)
    # Casefold before decomposing so that marks produced by casefolding ("İ" -> "i̇") are dropped too.
    # đ → d commutes with dropping marks (neither is one): it goes first, so that most texts end ASCII.
    decomposed = unicodedata.normalize("NFD", s.casefold()).replace("đ", "d").replace("Đ", "D")
    if _NOT_ASCII_OR_MARK.search(decomposed) is None:  # ASCII once the marks go
        return " ".join(decomposed.encode("ascii", "ignore").decode("ascii").split())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(nfc(bare).split())


def ref_key(s: str) -> str:
    """Key for matching registry references: case, quotes, dashes, spacing and tone placement ignored,
    accents kept ("Hùng" and "Hưng" stay different)."""
    text = unicodedata.normalize("NFD", clean_scalar(s).casefold()).translate(_REF_TABLE)
    text = nfc(_TONE_ON_FIRST.sub(r"\1\3\2", text))
    return _REF_JOINERS.sub(r"\1", " ".join(text.split()))


def slugify(s: str, max_length: int = 80) -> str:
    """ASCII, lowercase, hyphenated slug cut at a word boundary; "" when nothing usable is left."""
    # Transliterate here with text-unidecode: python-slugify silently switches to Unidecode when that package
    # happens to be installed (Pelican pulls it in), and the two disagree on symbols ("♥" → "" or "hearts").
    # Slugs are URLs: they must not depend on what else is installed.
    from slugify import slugify as _slugify  # imported on first use: a no-change build never slugifies
    from text_unidecode import unidecode as _ascii

    text = _ascii(nfc(s).translate(_D_TO_ASCII))
    return _slugify(text, max_length=max_length, word_boundary=True, save_order=True)


# Characters every host keeps in a file name; FTP servers and some hosts mangle spaces and accents.
SAFE_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~/")


def is_safe_path(rel: str) -> bool:
    return set(rel) <= SAFE_NAME_CHARS


def safe_path(rel: str) -> str:
    """The name to suggest for a path with spaces or accents, each unsafe part folded like a slug:
    "Tài liệu/Kế hoạch 2022.PDF" → "tai-lieu/ke-hoach-2022.pdf"."""
    parts = []
    for part in rel.split("/"):
        if is_safe_path(part):
            parts.append(part)
            continue
        stem, dot, suffix = part.rpartition(".") if "." in part[1:] else (part, "", "")
        parts.append((slugify(stem) or "tep") + ("." + (slugify(suffix) or "tep") if dot else ""))
    return "/".join(parts)


# --- Collation -----------------------------------------------------------------------------------------
#
# vi_key emulates ICU's "vi" collator (CLDR root + `&̀<<̉<<̃<<́<<̣&a<ă<<<Ă<â<<<Â&d<đ<<<Đ&e<ê<<<Ê&o<ô<<<Ô<ơ<<<Ơ
# &u<ư<<<Ư`, alternate=non-ignorable, strength=tertiary). Every character becomes collation elements (CEs)
# of (primary, secondary, tertiary) weights; a tone or other combining mark is a CE with no primary. The key is
# (all primaries, all secondaries, all tertiaries), so tones count only once every letter of the string ties.

_S_COMMON, _S_LIGATURE, _S_LONG_S = 1, 2, 3
_T_LOWER, _T_UPPER, _T_VARIANT, _T_VARIANT_UPPER = 1, 2, 3, 4

# Spaces, punctuation, symbols and currency signs in ICU 72 root order, one primary weight each. A character
# missing here gets a weight after the last known one of its group (spaces < punctuation < symbols < currency).
_SYMBOL_GROUPS = (
    ("Z", "\t\n\x0b\x0c\r\x85\u2028\u2029 "),
    (
        "P",
        "\u203e_\u2017-\u2010\u2012\u2013\u2014\u2015\u2053,;\u204f:!\xa1?\xbf\u203d.\xb7\u2055\u2056"
        "\u2058\u2059\u205a\u205b\u205c\u205d\u205e'\u2018\u2019\u201a\u201b\u2039\u203a\"\u201c\u201d"
        "\u201e\u201f\xab\xbb()[]{}\u2045\u2046\u2016\xa7\xb6\u204b@*\u204e\u2051/\\&\u204a#%\u2030"
        "\u2031\u2020\u2021\u2022\u2023\u2027\u2043\u204c\u204d\u2032\u2035\u2038\u203b\u203f\u2054"
        "\u2040\u2050\u2041\u2042",
    ),
    ("S", "`\xb4^\xaf\xa8\xb8\xb0\xa9\xae+\xb1\xf7\xd7<=>\xac|\xa6~\u2212\u2052\u2044"),
    ("Sc", "\xa4\xa2$\xa3\xa5\u20ab\u20ac"),
)
# Known symbols are spaced 2**21 apart, leaving room for every code point after each group's last one.
_SPACING = 1 << 21
_SYMBOL_ORDER = "".join(chars for _, chars in _SYMBOL_GROUPS)
_FALLBACK_BASE = {group: (_SYMBOL_ORDER.index(chars[-1]) + 1) * _SPACING + 1 for group, chars in _SYMBOL_GROUPS}
_P_DIGIT = (len(_SYMBOL_ORDER) + 1) * _SPACING
_P_LETTER = _P_DIGIT + 100
_P_OTHER = _P_LETTER + 100

# ă â đ ê ô ơ ư are letters of their own (primary), not accented variants.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Letters are spaced two apart so a few foreign letters can sit right after their base letter, as in ICU.
_PRIMARY = {ch: (i + 1) * _SPACING for i, ch in enumerate(_SYMBOL_ORDER)} | {
    ch: _P_LETTER + 2 * i for i, ch in enumerate(_ALPHABET)
}
_PRIMARY |= {"ı": _PRIMARY["i"] + 1, "ŋ": _PRIMARY["n"] + 1, "ĸ": _PRIMARY["q"] + 1, "ŧ": _PRIMARY["t"] + 1}

# In NFD these letters are a base letter plus a mark, which ICU joins back into one letter (a contraction).
_CONTRACTIONS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}

# Secondary order of combining marks in ICU "vi": the tailoring moves the five tones right after the grave
# accent, so ngang < huyền < hỏi < ngã < sắc < nặng. Marks in one string are equal at the secondary level.
_MARK_ORDER = (
    "\u0332", "\u0313", "\u0314",
    "\u0300", "\u0309", "\u0303", "\u0301", "\u0323",
    "\u0306", "\u0302", "\u030c", "\u030a", "\u0342", "\u0308", "\u030b", "\u0307", "\u0338", "\u0327",
    "\u0328", "\u0304",
    "\u030d\u030e\u0312\u0315\u031a\u033d\u033e\u033f\u0346\u034a\u034b\u034c\u0350\u0351\u0352\u0357"
    "\u035b\u035d\u035e",
    "\u0316\u0317\u0318\u0319\u031c\u031d\u031e\u031f\u0320\u0329\u032a\u032b\u032c\u032f\u0333\u033a"
    "\u033b\u033c\u0347\u0348\u0349\u034d\u034e\u0353\u0354\u0355\u0356\u0359\u035a\u035c\u035f\u0362",
    "\u0336\u0337", "\u0335", "\u0305", "\u030f", "\u0310", "\u0311", "\u031b", "\u0321", "\u0322",
    "\u0324", "\u0325", "\u0326", "\u032d", "\u032e", "\u0330", "\u0331", "\u0334", "\u0339", "\u0345",
    "\u0358", "\u0360", "\u0361",
)
_MARK_SECONDARY = {mark: 10 + rank for rank, group in enumerate(_MARK_ORDER) for mark in group}
_IGNORABLE_MARKS = frozenset("\u034f") | frozenset(map(chr, range(0xFE00, 0xFE10)))

# Letters that ICU treats as a Latin letter plus a stroke mark, or as a ligature of two letters.
_LETTER_VARIANTS = {
    "ø": ("o", "\u0338"), "ł": ("l", "\u0335"), "ħ": ("h", "\u0335"),
    "æ": ("ae", _S_LIGATURE), "œ": ("oe", _S_LIGATURE), "ß": ("ss", _S_LIGATURE),
    "ð": ("d", _S_LIGATURE), "ſ": ("s", _S_LONG_S),
}

# A base character with the Latin combining marks after it: the unit in which ICU looks for contractions.
_SEGMENT = re.compile(r".[\u0300-\u036f]*", re.DOTALL)


def _is_mark(ch: str) -> bool:
    """True for a non-spacing or enclosing combining mark."""
    return unicodedata.category(ch) in ("Mn", "Me")


def _mark_ce(mark: str) -> tuple[_CE, ...]:
    """CEs of a combining mark: a secondary weight only, or nothing for ignorable marks."""
    if mark in _IGNORABLE_MARKS:
        return ()
    return ((0, _MARK_SECONDARY.get(mark, 1_000 + ord(mark)), _T_LOWER),)


def _weighted_ce(key: str, upper: bool) -> tuple[_CE, ...]:
    """CE of a character with its own primary weight in _PRIMARY."""
    return ((_PRIMARY[key], _S_COMMON, _T_UPPER if upper else _T_LOWER),)


def _variant_ces(base: str, detail: str | int, upper: bool) -> tuple[_CE, ...]:
    """CEs of a stroked letter or ligature listed in _LETTER_VARIANTS."""
    if isinstance(detail, str):
        return _weighted_ce(base, upper) + _mark_ce(detail)
    first = (_PRIMARY[base[0]], detail, _T_UPPER if upper else _T_LOWER)
    rest = tuple((_PRIMARY[ch], _S_COMMON, _T_VARIANT_UPPER if upper else _T_VARIANT) for ch in base[1:])
    return (first,) + rest


def _compat_ces(decomposed: str) -> tuple[_CE, ...]:
    """CEs of a compatibility character: those of its NFKD form, marked as a tertiary variant."""
    bumped = {_T_LOWER: _T_VARIANT, _T_UPPER: _T_VARIANT_UPPER}
    return tuple((p, s, bumped.get(t, t)) for p, s, t in _segment_ces(decomposed))


def _unlisted_ces(ch: str, key: str, upper: bool) -> tuple[_CE, ...]:
    """CEs of a character missing from the tables, from its Unicode properties."""
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf"):
        return ()
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return ((_P_DIGIT + digit, _S_COMMON, _T_LOWER),)
    compat = unicodedata.normalize("NFKD", ch)
    # Spacing accents (¨ ´ ˘ …) decompose to space + mark but ICU gives them a symbol weight of their own.
    if compat != ch and not (compat[0] == " " and len(compat) > 1 and _is_mark(compat[1])):
        return _compat_ces(compat)
    if category[0] == "L" or category in ("Cn", "Co", "Cs"):
        return ((_P_OTHER + ord(key), _S_COMMON, _T_UPPER if upper else _T_LOWER),)
    base = _FALLBACK_BASE.get("Sc" if category == "Sc" else category[0], _FALLBACK_BASE["S"])
    return ((base + ord(ch), _S_COMMON, _T_LOWER),)


@lru_cache(maxsize=4096)
def _char_ces(ch: str) -> tuple[_CE, ...]:
    """CEs of one base character (never a combining mark)."""
    lower = ch.lower()
    upper = lower != ch and len(lower) == 1
    key = lower if upper else ch
    if key in _PRIMARY:
        return _weighted_ce(key, upper)
    if key in _LETTER_VARIANTS:
        return _variant_ces(*_LETTER_VARIANTS[key], upper)
    return _unlisted_ces(ch, key, upper)


def _contract(base: str, marks: list[str]) -> str:
    """Join base with the first mark that forms a Vietnamese letter with it, removing that mark."""
    lower = base.lower()
    for i, mark in enumerate(marks):
        letter = _CONTRACTIONS.get((lower, mark))
        if letter is None:
            continue
        # ICU skips intervening marks only if they sort before this one canonically: NFD ặ is a, dot below, breve.
        if all(0 < unicodedata.combining(m) < unicodedata.combining(mark) for m in marks[:i]):
            del marks[i]
            return letter.upper() if base != lower else letter
        return base
    return base


def _segment_ces(segment: str) -> tuple[_CE, ...]:
    """CEs of a base character followed by its combining marks."""
    chars = list(unicodedata.normalize("NFD", segment))
    ces: list[_CE] = []
    if chars and not _is_mark(chars[0]):
        base = chars.pop(0)
        ces.extend(_char_ces(_contract(base, chars)))
    for ch in chars:
        ces.extend(_mark_ce(ch) if _is_mark(ch) else _char_ces(ch))
    return tuple(ces)


@lru_cache(maxsize=8192)
def _segment_weights(segment: str) -> SortKey:
    """The three weight levels contributed by one segment."""
    ces = _segment_ces(segment)
    return (
        tuple(p for p, _, _ in ces if p),
        tuple(s for _, s, _ in ces),
        tuple(t for _, _, t in ces),
    )


@lru_cache(maxsize=1 << 16)
def _word_weights(word: str) -> SortKey:
    """The three weight levels of an NFC string."""
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for segment in _SEGMENT.findall(word):
        p, sec, ter = _segment_weights(segment)
        primary += p
        secondary += sec
        tertiary += ter
    return tuple(primary), tuple(secondary), tuple(tertiary)


_SPACE_WEIGHTS = _segment_weights(" ")


@lru_cache(maxsize=1 << 16)
def vi_key(s: str) -> bytes:
    """Sort key that orders strings like ICU's Vietnamese collator (tones after letters, case last)."""
    # Names and titles reuse a small vocabulary, so weights are memoised per word; a space never joins
    # the characters around it into one collation element, so splitting there is exact.
    first, *rest = nfc(s).split(" ")
    key = _word_weights(first)
    if not rest:
        return _pack(*key)
    primary, secondary, tertiary = list(key[0]), list(key[1]), list(key[2])
    space_p, space_s, space_t = _SPACE_WEIGHTS
    for word in rest:
        p, sec, ter = _word_weights(word)
        primary += space_p + p
        secondary += space_s + sec
        tertiary += space_t + ter
    return _pack(primary, secondary, tertiary)


# The three levels packed into bytes that compare exactly as the tuples of weights would: fixed-width
# big-endian weights whose first byte is never 0, each level closed by a 0 byte (so a shorter level
# sorts first), levels one after the other. A key of tuples of ints costs ~50 times the memory, and a
# site with 100,000 awardees keeps a key per name.
def _pack(primary, secondary, tertiary) -> bytes:
    return (struct.pack(f">{len(primary)}I", *[w + (1 << 24) for w in primary]) + b"\0"
            + struct.pack(f">{len(secondary)}H", *[w + 256 for w in secondary]) + b"\0"
            + bytes([w + 1 for w in tertiary]) + b"\0")


# --- Personal names ---------------------------------------------------------------------------------------


def _normalise_name(name: str) -> str:
    """Clean a name and collapse its internal whitespace."""
    return " ".join(clean_scalar(name).split())


def _split_words(full: str) -> tuple[str, str, str]:
    """Split a normalised name at its first and last space."""
    family, _, rest = full.partition(" ")
    if not rest:
        return "", "", family
    middle, _, given = rest.rpartition(" ")
    return family, middle, given


@lru_cache(maxsize=1 << 16)
def person_key(name: str) -> bytes:
    """Sort key for people as official lists order them: given, then family, then middle name."""
    full = _normalise_name(name)
    family, middle, given = _split_words(full)
    return vi_key(given) + vi_key(family) + vi_key(middle) + vi_key(full)


_EMPTY_KEY = vi_key("")


def collective_key(name: str) -> bytes:
    """Sort key for a collective by its full name, comparable with person_key results."""
    full = vi_key(_normalise_name(name))
    return full + _EMPTY_KEY + _EMPTY_KEY + full
