"""Unit tests for bangvang.vnformat."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal

from bangvang.vnformat import (
    detect_legacy_encoding,
    format_date_long,
    format_date_short,
    format_datetime,
    format_number,
    guess_legacy_bytes,
    iso_datetime,
)

SEEDS = sorted(Path("/work/shared/seeds").glob("*.txt"))
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

# TCVN3 (ABC) bytes of the lowercase letters and the seven capitals it encodes, from the TCVN 5712:1993 table
# (glibc iconv "TCVN5712-1", same values in XFree86 lcUniConv/tcvn.h). ABC documents write other capitals with
# the lowercase code in an upper-case font (.VnTimeH), so the encoder below falls back to the lowercase byte.
TCVN3 = {
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}

# VNI-Windows spellings, from the VNI table in xvnkb (vni.h): each row is the letter without tone, then with
# sắc, huyền, hỏi, ngã, nặng. Capitals use the upper-case Latin-1 forms of the same bytes.
VNI_ROWS = {
    "a": "a aù aø aû aõ aï", "ă": "aê aé aè aú aü aë", "â": "aâ aá aà aå aã aä",
    "e": "e eù eø eû eõ eï", "ê": "eâ eá eà eå eã eä",
    "o": "o où oø oû oõ oï", "ô": "oâ oá oà oå oã oä", "ơ": "ô ôù ôø ôû ôõ ôï",
    "u": "u uù uø uû uõ uï", "ư": "ö öù öø öû öõ öï",
    "i": "i í ì æ ó ò", "y": "y yù yø yû yõ î",
}
TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _vni_table() -> dict[str, str]:
    """Unicode letter -> VNI-Windows spelling, lower and upper case."""
    table = {"đ": "ñ", "Đ": "Ñ"}
    for letter, row in VNI_ROWS.items():
        for tone, spelling in zip(TONES, row.split()):
            composed = unicodedata.normalize("NFC", letter + tone)
            table[composed] = spelling
            table[composed.upper()] = spelling.upper()
    return table


VNI = _vni_table()


def to_tcvn3(text: str) -> bytes:
    """Encode text as an ABC (TCVN3) document would store it."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        code = TCVN3.get(ch) or TCVN3.get(ch.lower())
        out += bytes([code]) if code else ch.encode("cp1252", errors="replace")
    return bytes(out)


def to_vni(text: str) -> bytes:
    """Encode text as a VNI-Windows document would store it."""
    spelled = "".join(VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
    return spelled.encode("cp1252", errors="replace")


def to_cp1258(text: str) -> bytes:
    """Encode text in Windows-1258: a precomposed letter where the code page has one, else letter + tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            # Python's cp1258 codec is a plain table: "ễ" must be given as "ê" + U+0303.
            decomposed = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
            tones = "".join(c for c in decomposed if c in TONES)
            out += (base + tones).encode("cp1258", errors="replace")
    return bytes(out)


def mojibake(data: bytes) -> str:
    """What a legacy file looks like once read as Windows-1252."""
    return data.decode("cp1252", errors="replace")


# --- numbers and dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [(19738, "19.738"), (130400, "130.400"), (5, "5"), (0, "0"), (1000, "1.000"), (10**9, "1.000.000.000"),
     (-2500, "-2.500")],
)
def test_format_number(n: int, text: str) -> None:
    assert format_number(n) == text


def test_format_number_matches_babel() -> None:
    values = [0, 7, 999, 1000, 9999, 10000, 123456, 1234567, 10**12 + 3, -1, -999, -1000, -1234567]
    values += [3**k for k in range(40)]
    for n in values:
        assert format_number(n) == format_decimal(n, locale="vi")


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2021, 6, 6), "ngày 6 tháng 6 năm 2021"),
        (date(2022, 1, 15), "ngày 15 tháng 1 năm 2022"),
        (date(2020, 12, 31), "ngày 31 tháng 12 năm 2020"),
        (datetime(2021, 6, 6, 19, 51, tzinfo=HANOI), "ngày 6 tháng 6 năm 2021"),
    ],
)
def test_format_date_long(d: date, text: str) -> None:
    assert format_date_long(d) == text


def test_format_date_long_matches_babel_pattern() -> None:
    d = date(2023, 2, 5)
    assert format_date_long(d) == format_date(d, "'ngày' d 'tháng' M 'năm' y", locale="vi")


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2021, 6, 6), "06/06/2021"),
        (date(2020, 12, 31), "31/12/2020"),
        (datetime(2021, 6, 6, 19, 51, tzinfo=HANOI), "06/06/2021"),
        (date(999, 1, 1), "01/01/999"),
    ],
)
def test_format_date_short(d: date, text: str) -> None:
    assert format_date_short(d) == text


def test_format_date_short_matches_babel_pattern() -> None:
    d = date(2021, 6, 6)
    assert format_date_short(d) == format_date(d, "dd/MM/yyyy", locale="vi")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2021, 6, 6, 19, 51, tzinfo=HANOI), "19:51, 06/06/2021"),
        (datetime(2021, 6, 6, 7, 5, 59), "07:05, 06/06/2021"),
        (datetime(2021, 6, 6, 0, 0, tzinfo=HANOI), "06/06/2021"),
        (datetime(2021, 6, 6, 0, 1), "00:01, 06/06/2021"),
        (date(2021, 6, 6), "06/06/2021"),
    ],
)
def test_format_datetime(value: datetime, text: str) -> None:
    assert format_datetime(value) == text


def test_format_datetime_does_not_convert_time_zones() -> None:
    utc_evening = datetime(2021, 6, 6, 19, 51, tzinfo=timezone.utc)
    assert format_datetime(utc_evening) == "19:51, 06/06/2021"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2021, 6, 6, 19, 51, tzinfo=HANOI), "2021-06-06T19:51:00+07:00"),
        (datetime(2021, 6, 6, 19, 51, 7, 123456, tzinfo=timezone(timedelta(hours=7))), "2021-06-06T19:51:07+07:00"),
        (datetime(2021, 6, 6, 12, 51, tzinfo=timezone.utc), "2021-06-06T12:51:00+00:00"),
    ],
)
def test_iso_datetime(value: datetime, text: str) -> None:
    assert iso_datetime(value) == text


def test_iso_datetime_rejects_naive_datetimes() -> None:
    with pytest.raises(ValueError):
        iso_datetime(datetime(2021, 6, 6, 19, 51))


def test_iso_datetime_keeps_whole_minute_offsets_for_historical_local_mean_time() -> None:
    text = iso_datetime(datetime(1900, 1, 1, 12, 0, tzinfo=HANOI))
    assert text.endswith("+00:00")
    assert datetime.fromisoformat(text) == datetime(1900, 1, 1, 12, 0, tzinfo=HANOI)


# --- fixtures sanity -----------------------------------------------------------------------------------------


def test_fixture_encoders_reproduce_known_mojibake() -> None:
    assert mojibake(to_tcvn3("Nguyễn Văn Hùng")) == "NguyÔn V¨n Hïng"
    assert mojibake(to_tcvn3("Công đoàn")) == "C«ng ®oµn"
    assert mojibake(to_vni("Nguyễn Văn Hùng")) == "Nguyeãn Vaên Huøng"
    assert mojibake(to_vni("Công đoàn")) == "Coâng ñoaøn"
    assert to_cp1258("Nguyễn") == b"Nguy\xea\xden"
    assert unicodedata.normalize("NFC", to_cp1258("Nguyễn Văn Hùng").decode("cp1258")) == "Nguyễn Văn Hùng"


# --- detect_legacy_encoding -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("NguyÔn V¨n Hïng", "TCVN3"),
        ("C«ng ®oµn", "TCVN3"),
        ("Nguyeãn Vaên Huøng", "VNI"),
        ("Coâng ñoaøn", "VNI"),
    ],
)
def test_detect_legacy_encoding_known_samples(text: str, encoding: str) -> None:
    assert detect_legacy_encoding(text) == encoding


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_detect_legacy_encoding_accepts_real_vietnamese(seed: Path) -> None:
    assert detect_legacy_encoding(seed.read_text(encoding="utf-8")) is None


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_detect_legacy_encoding_flags_seed_mojibake(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    assert detect_legacy_encoding(mojibake(to_tcvn3(text))) == "TCVN3"
    assert detect_legacy_encoding(mojibake(to_vni(text))) == "VNI"


@pytest.mark.parametrize(
    "name",
    ["Trịnh Thị Phương Thảo", "Lê Văn Phước", "Liên đoàn Lao động huyện Thường Tín", "Đặng Đức Việt",
     "Phong trào “Xanh - Sạch - Đẹp”", "Ưng Hoàng Phúc"],
)
def test_detect_legacy_encoding_flags_short_names(name: str) -> None:
    assert detect_legacy_encoding(name) is None
    assert detect_legacy_encoding(mojibake(to_tcvn3(name))) == "TCVN3"
    assert detect_legacy_encoding(mojibake(to_vni(name))) == "VNI"


@pytest.mark.parametrize(
    "text",
    [
        "Où est la bibliothèque ? Noël à Zürich, une naïve façon de voir le coût en août.",
        "Le maïs, l'aéroport, Raphaël et la crème brûlée ; Françoise, garçon, l'été, à bientôt, pâté, forêt, île.",
        "Müller, Gödel und Schröder aßen Käse in Köln; Søren und Bjørn fuhren nach Ålesund.",
        "¡Hola! ¿Qué tal? El niño de España comió piñata en São Paulo; Camões põe ações.",
        "«Bonjour», dit-il, «à la française» ; 1º, 2ª, 30°C, 5 m², col·legi, ® and © marks.",
        "Plain English text with café, naïve, résumé, coöperate, and Beyoncé.",
        "Où? Noël",
        "naïve où",
        "",
    ],
)
def test_detect_legacy_encoding_ignores_european_text(text: str) -> None:
    assert detect_legacy_encoding(text) is None


def test_detect_legacy_encoding_tolerates_a_few_foreign_words_in_vietnamese() -> None:
    text = SEEDS[0].read_text(encoding="utf-8") + " Citroën, naïve, Müller, Søren, España, col·legi."
    assert detect_legacy_encoding(text) is None


# --- guess_legacy_bytes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_guess_legacy_bytes_names_the_encoding(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    assert guess_legacy_bytes(to_tcvn3(text)) == "TCVN3"
    assert guess_legacy_bytes(to_vni(text)) == "VNI"
    assert guess_legacy_bytes(to_cp1258(text)) == "Windows-1258"


@pytest.mark.parametrize("name", ["Nguyễn Văn Hùng", "Trịnh Thị Phương Thảo", "Công đoàn Viên chức"])
def test_guess_legacy_bytes_short_samples(name: str) -> None:
    assert guess_legacy_bytes(to_tcvn3(name)) == "TCVN3"
    assert guess_legacy_bytes(to_vni(name)) == "VNI"
    assert guess_legacy_bytes(to_cp1258(name)) == "Windows-1258"


def test_guess_legacy_bytes_windows_1258_fully_decomposed() -> None:
    # Some converters write every tone as a separate mark, even where a precomposed letter exists.
    text = "Hội nghị tổng kết phong trào thi đua năm 2021"
    data = "".join(
        unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", ch) if c not in TONES))
        + "".join(c for c in unicodedata.normalize("NFD", ch) if c in TONES)
        for ch in text
    ).encode("cp1258")
    assert guess_legacy_bytes(data) == "Windows-1258"


@pytest.mark.parametrize(
    "data",
    [
        "Noël à Zürich, café, crème brûlée, façon".encode("cp1252"),
        "Lunedì però così città più".encode("cp1252"),
        "Søren Kierkegaard, Ålesund, Gödel".encode("latin-1"),
        b"\xff\xfe\x00\x00garbage\x80\x81",
    ],
)
def test_guess_legacy_bytes_unsure_for_other_text(data: bytes) -> None:
    assert guess_legacy_bytes(data) is None


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_guess_legacy_bytes_none_for_utf8(seed: Path) -> None:
    assert guess_legacy_bytes(seed.read_bytes()) is None
