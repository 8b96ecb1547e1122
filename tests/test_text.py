"""Unit tests for bangvang.text."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bangvang.text import (
    _SPACES,
    clean_scalar,
    collective_key,
    fold,
    nfc,
    person_key,
    ref_key,
    slugify,
    vi_key,
)
from tests.helpers import split_name


def nfd(s: str) -> str:
    """Decomposed form, as macOS and some IMEs produce it."""
    return unicodedata.normalize("NFD", s)


VIETNAMESE = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ -,.0123456789") + [
        chr(c) for c in range(0x1EA0, 0x1EFA)
    ]),
    max_size=30,
)


# --- nfc / clean_scalar ------------------------------------------------------------------------------------


def test_nfc_composes_decomposed_vietnamese() -> None:
    assert nfc(nfd("Nguyễn Văn Hùng")) == "Nguyễn Văn Hùng"
    assert len(nfc(nfd("Nguyễn"))) == 6


def test_nfc_fixes_windows_1258_partial_composition() -> None:
    assert nfc("Nguy\u00ea\u0303n") == "Nguyễn"


def test_nfc_keeps_tone_placement_variants_apart() -> None:
    assert nfc("hóa") != nfc("hoá")


def test_clean_scalar_maps_space_separators_to_plain_space() -> None:
    assert clean_scalar("Công\u00a0đoàn\u202fcơ\u3000sở\u2009X") == "Công đoàn cơ sở X"


def test_clean_scalar_drops_zero_width_characters_and_strips() -> None:
    assert clean_scalar("\ufeff  \u200bLê\u200c Lợi\u200d\u2060 \n") == "Lê Lợi"


def test_clean_scalar_composes_a_tone_split_by_a_zero_width_space() -> None:
    assert clean_scalar("Ha\u200b\u0300") == "Hà"


def test_clean_scalar_normalises_nfd() -> None:
    assert clean_scalar(nfd(" Thanh Hóa ")) == "Thanh Hóa"


def test_clean_scalar_keeps_inner_newlines_and_double_spaces() -> None:
    assert clean_scalar("dòng 1\ndòng  2") == "dòng 1\ndòng  2"


def test_clean_scalar_of_blank_is_empty() -> None:
    assert clean_scalar("\u00a0\u200b ") == ""


def test_space_list_covers_every_unicode_space_separator() -> None:
    expected = "".join(chr(i) for i in range(sys.maxunicode + 1) if unicodedata.category(chr(i)) == "Zs")
    assert " " + _SPACES == "".join(sorted(expected))


# --- fold ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nguyễn Văn Hùng", "nguyen van hung"),
        ("Đặng", "dang"),
        ("ĐOÀN VIÊN", "doan vien"),
        ("hoá", "hoa"),
        ("hóa", "hoa"),
        ("THANH HÓA", "thanh hoa"),
        ("Đẩy mạnh", "day manh"),
        ("  Trịnh\u00a0Thị   Phương\tThảo ", "trinh thi phuong thao"),
        ("Ưng Ơn Ăn Ân", "ung on an an"),
        ("Thủy Thuý Thúy", "thuy thuy thuy"),
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_nfd_input_gives_the_same_key() -> None:
    assert fold(nfd("Nguyễn Văn Hùng")) == "nguyen van hung"
    assert fold(nfd("Đặng Thị Ửng")) == fold("Đặng Thị Ửng")


def test_fold_supports_substring_search() -> None:
    assert "nguyen van hung" in fold("Anh Nguyễn Văn Hùng- Chủ tịch CĐCS")


def test_fold_is_lossy_for_distinct_names() -> None:
    assert fold("Hùng") == fold("Hưng") == fold("Hừng") == fold("Hung")


def test_fold_drops_zero_width_characters() -> None:
    assert fold("Ng\u200buyễn") == "nguyen"


@given(VIETNAMESE)
@settings(max_examples=300, deadline=None)
def test_fold_is_ascii_and_idempotent_on_vietnamese(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert fold(folded) == folded


# --- ref_key ------------------------------------------------------------------------------------------------


def test_ref_key_ignores_quotes_dashes_case_and_spacing() -> None:
    a = ref_key("Lao động giỏi – Lao động  sáng tạo")
    b = ref_key("“lao động giỏi - lao động sáng tạo”")
    assert a == b == "lao động giỏi-lao động sáng tạo"


@pytest.mark.parametrize(
    "variant",
    [
        "«Xanh – Sạch – Đẹp»",
        "‹xanh—sạch—đẹp›",
        '"Xanh - sạch - đẹp"',
        "'xanh‑sạch−đẹp'",
        "„Xanh -sạch- Đẹp‟",
        "‘XANH – SẠCH – ĐẸP’",
    ],
)
def test_ref_key_variants_match(variant: str) -> None:
    assert ref_key(variant) == ref_key("Xanh - Sạch - Đẹp")


def test_ref_key_normalises_spaces_around_commas() -> None:
    assert ref_key("Giỏi việc nước , đảm việc nhà") == ref_key("Giỏi việc nước,đảm việc nhà")


def test_ref_key_treats_commas_and_dashes_as_one_separator() -> None:
    assert ref_key("Giỏi việc nước, đảm việc nhà") == ref_key("Giỏi việc nước – Đảm việc nhà")


def test_ref_key_keeps_accents() -> None:
    assert ref_key("Nguyễn Văn Hùng") != ref_key("Nguyễn Văn Hưng")
    assert ref_key("Đoàn") != ref_key("Doãn")


def test_ref_key_is_normalisation_and_whitespace_insensitive() -> None:
    assert ref_key(nfd("Công đoàn\u00a0Viên chức ")) == ref_key("công đoàn viên chức")


def test_ref_key_of_quotes_only_is_empty() -> None:
    assert ref_key(" “ ” ") == ""


# --- slugify ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Đẩy mạnh phong trào “Lao động giỏi, lao động sáng tạo”",
            "day-manh-phong-trao-lao-dong-gioi-lao-dong-sang-tao",
        ),
        ("Công đoàn Viên chức tỉnh Thanh Hóa", "cong-doan-vien-chuc-tinh-thanh-hoa"),
        ("ĐOÀN VIÊN CÔNG ĐOÀN", "doan-vien-cong-doan"),
        ("Bò BBB (Blanc-Blu-Belgium) tại Thanh Hóa", "bo-bbb-blanc-blu-belgium-tai-thanh-hoa"),
        ("100% chỉ tiêu & 194%", "100-chi-tieu-194"),
        ("Sân khấu hoá vs hóa", "san-khau-hoa-vs-hoa"),
        ("Ưu tiên ươm mầm", "uu-tien-uom-mam"),
        ("Đ", "d"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugify_nfd_matches_nfc() -> None:
    title = "Đẩy mạnh phong trào thi đua Covid – 19"
    assert slugify(nfd(title)) == slugify(title)


def test_slugify_tone_placement_variants_collide() -> None:
    assert slugify("Thanh Hóa") == slugify("Thanh Hoá") == "thanh-hoa"


@pytest.mark.parametrize("title", ["", "   ", "😀🎉", "“”…–", "★ ♥ ✓"])
def test_slugify_returns_empty_when_nothing_usable(title: str) -> None:
    assert slugify(title) == ""


def test_slugify_transliterates_other_scripts_to_ascii() -> None:
    assert slugify("中文").isascii()


def test_slugify_cuts_at_a_word_boundary_keeping_order() -> None:
    title = "Công đoàn các KCN tỉnh Thái Nguyên sôi nổi các phong trào kỹ thuật"
    slug = slugify(title, max_length=40)
    assert slug == "cong-doan-cac-kcn-tinh-thai-nguyen-soi"
    assert len(slug) <= 40
    assert slugify(title).startswith(slug)


def test_slugify_default_length_is_80() -> None:
    title = " ".join(["phong trào thi đua"] * 20)
    slug = slugify(title)
    assert len(slug) <= 80
    assert not slug.endswith("-")
    assert slug.split("-")[-1] in {"phong", "trao", "thi", "dua"}


def test_slugify_cuts_a_single_overlong_word() -> None:
    assert slugify("Supercalifragilistic", max_length=10) == "supercalif"


def test_slugify_is_stable() -> None:
    title = "Hội nghị tổng kết năm 2021: “Vì đoàn viên”"
    assert {slugify(title) for _ in range(5)} == {"hoi-nghi-tong-ket-nam-2021-vi-doan-vien"}


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_slugify_output_is_safe(title: str) -> None:
    slug = slugify(title)
    assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert ".." not in slug and "/" not in slug and "\\" not in slug
    assert not slug.startswith("-") and not slug.endswith("-")
    assert len(slug) <= 80


# --- vi_key -------------------------------------------------------------------------------------------------

ICU_ORDER = (
    "an anh Anh Ánh ăn Ăn Ân bà bac bác Bình Ca Cà Cả Cã Cá Cạ Cac Dũng Đức Hà Hạ Hải Hảo Hùng Huy Hưng "
    "Hương Hường On Ôn Ơn Uyên Ưng Xuân Yến Zed"
).split()


def test_vi_key_orders_like_icu_vi() -> None:
    shuffled = sorted(ICU_ORDER, key=lambda s: s[::-1])
    assert sorted(shuffled, key=vi_key) == ICU_ORDER


def test_vi_key_letters_with_marks_are_separate_letters() -> None:
    letters = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    assert sorted(reversed(letters), key=vi_key) == letters
    assert vi_key("Dz") < vi_key("Đa")
    assert vi_key("Uz") < vi_key("Ưa")


def test_vi_key_loanword_letters_sit_in_latin_order() -> None:
    words = ["ea", "fa", "ga", "ia", "ja", "ka", "va", "wa", "xa", "ya", "za"]
    assert sorted(reversed(words), key=vi_key) == words


def test_vi_key_tone_order() -> None:
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(tones), key=vi_key) == tones


def test_vi_key_tones_count_only_after_all_letters() -> None:
    assert vi_key("bà") < vi_key("bac") < vi_key("bác")


def test_vi_key_secondary_weights_follow_collation_elements() -> None:
    # Both have primaries a, b; the first difference in secondaries is at the second element.
    assert vi_key("ab\u0300") < vi_key("àb")


def test_vi_key_case_is_tertiary_lowercase_first() -> None:
    assert vi_key("an") < vi_key("An") < vi_key("ăn") < vi_key("Ăn")
    assert vi_key("aB") < vi_key("Ab")
    assert vi_key("đa") < vi_key("Đa") < vi_key("đà")


def test_vi_key_spaces_and_punctuation_before_digits_before_letters() -> None:
    items = ["a", "1", " ", "-", ",", ".", "(", "“", "9", "Z"]
    ordered = sorted(items, key=vi_key)
    assert ordered.index(" ") < ordered.index("-") < ordered.index(",") < ordered.index(".")
    assert ordered.index("(") < ordered.index("1") < ordered.index("9") < ordered.index("a")
    assert vi_key("Lê An") < vi_key("Lê-An") < vi_key("LêAn")


def test_vi_key_digits_are_not_numeric() -> None:
    assert vi_key("10") < vi_key("2")


@pytest.mark.parametrize("text", ["Nguyễn Văn Hùng", "Ặng Ợi Ừng", "Thuỷ", "Hoà", "ĐẶNG THỊ ẤU", ""])
def test_vi_key_nfc_and_nfd_are_identical(text: str) -> None:
    assert vi_key(nfd(text)) == vi_key(text)


@given(VIETNAMESE)
@settings(max_examples=300, deadline=None)
def test_vi_key_is_normalisation_invariant(text: str) -> None:
    assert vi_key(nfd(text)) == vi_key(unicodedata.normalize("NFC", text))


def test_vi_key_tone_placement_variants_differ_but_sort_close() -> None:
    # Secondaries are compared element by element, so a tone on a later vowel (hoà) sorts first.
    assert vi_key("Hoà") != vi_key("Hòa")
    assert vi_key("Hoa") < vi_key("Hoà") < vi_key("Hoá") < vi_key("Hòa") < vi_key("Hóa") < vi_key("Hoan")


def test_vi_key_shape_and_memoisation() -> None:
    key = vi_key("Bảng Vàng")
    assert isinstance(key, bytes)  # compact: a site keeps one per awardee name
    assert key.startswith(vi_key("Bảng")[:4 * 4])  # 4-byte primary weights, letter by letter
    assert len(key) > 9 * 4  # 8 letters + the space, then the secondary and tertiary levels
    assert vi_key("Bảng Vàng") is key
    assert vi_key.cache_info().maxsize >= 50_000


def test_vi_key_ignores_zero_width_characters() -> None:
    assert vi_key("Hùng\u200b") == vi_key("Hùng")


def test_vi_key_handles_emoji_and_other_scripts() -> None:
    items = ["b", "😀", "1", "中", "α", "a"]
    assert sorted(items, key=vi_key) == ["😀", "1", "a", "b", "α", "中"]


# --- split_name / person_key / collective_key ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Thảo", ("", "", "Thảo")),
        ("Lê Thái", ("Lê", "", "Thái")),
        ("Nguyễn Văn Hùng", ("Nguyễn", "Văn", "Hùng")),
        ("Trịnh Thị Phương Thảo", ("Trịnh", "Thị Phương", "Thảo")),
        ("Tôn Nữ Thị Minh Châu", ("Tôn", "Nữ Thị Minh", "Châu")),
        ("  Lê\u00a0Văn   Phước ", ("Lê", "Văn", "Phước")),
        ("", ("", "", "")),
    ],
)
def test_split_name(name: str, parts: tuple[str, str, str]) -> None:
    assert split_name(name) == parts


def test_split_name_normalises_nfd() -> None:
    assert split_name(nfd("Đỗ Thị Thuý")) == ("Đỗ", "Thị", "Thuý")


def test_person_key_orders_by_given_then_family_then_middle() -> None:
    expected = [
        "Hoàng Tuấn Anh",
        "Lê Khắc Bình",
        "Lê Thị Kim Điệp",
        "Nguyễn Văn Hùng",
        "Vũ Văn Khiêm",
        "Lê Xuân Minh",
        "Nguyễn Thiện Phú",
        "Lê Văn Phước",
        "Lê Trần Thái",
        "Trịnh Thị Phương Thảo",
    ]
    assert sorted(sorted(expected), key=person_key) == expected


def test_person_key_tie_breaks() -> None:
    names = ["Trần Văn An", "Lê Văn An", "Lê Thị An", "Lê An", "An"]
    assert sorted(names, key=person_key) == ["An", "Lê An", "Lê Thị An", "Lê Văn An", "Trần Văn An"]


def test_person_key_distinguishes_tone_only_names() -> None:
    names = ["Lê Thị Thúy", "Lê Thị Thuỷ", "Lê Thị Thủy", "Lê Thị Thuý", "Lê Thị Thuy"]
    assert sorted(names, key=person_key) == [
        "Lê Thị Thuy", "Lê Thị Thuỷ", "Lê Thị Thuý", "Lê Thị Thủy", "Lê Thị Thúy",
    ]


def test_person_key_ignores_spacing_and_normalisation() -> None:
    assert person_key(nfd(" Lê  Văn\u00a0Phước")) == person_key("Lê Văn Phước")


def test_person_key_shape() -> None:
    key = person_key("Nguyễn Văn Hùng")
    assert key == vi_key("Hùng") + vi_key("Nguyễn") + vi_key("Văn") + vi_key("Nguyễn Văn Hùng")


def test_collective_key_has_the_same_shape_as_person_key() -> None:
    full = vi_key("Công đoàn cơ sở Trường THPT Lê Lợi")
    assert collective_key("Công đoàn cơ sở Trường THPT Lê Lợi") == full + vi_key("") + vi_key("") + full
    assert isinstance(person_key("Lê Lợi"), bytes)


def test_collective_and_person_keys_sort_together() -> None:
    honours = [
        (person_key, "Nguyễn Văn Hùng"),
        (collective_key, "Công đoàn Viên chức tỉnh Thanh Hóa"),
        (person_key, "Hoàng Tuấn Anh"),
        (collective_key, "Ban Nữ công"),
        (collective_key, "Đoàn Thanh niên"),
    ]
    ordered = [name for key, name in sorted(honours, key=lambda h: h[0](h[1]))]
    assert ordered == [
        "Hoàng Tuấn Anh", "Ban Nữ công", "Công đoàn Viên chức tỉnh Thanh Hóa", "Đoàn Thanh niên", "Nguyễn Văn Hùng",
    ]


def test_collective_key_orders_by_full_name() -> None:
    units = ["Ủy ban Kiểm tra", "Ấp Bắc", "Ban Nữ công", "An Giang", "Đoàn Thanh niên", "Dệt may"]
    assert sorted(units, key=collective_key) == [
        "An Giang", "Ấp Bắc", "Ban Nữ công", "Dệt may", "Đoàn Thanh niên", "Ủy ban Kiểm tra",
    ]


def test_ref_key_ignores_tone_placement_but_not_tones() -> None:
    assert ref_key("Thanh Hóa") == ref_key("Thanh Hoá")
    assert ref_key("Lê Thị Thủy") == ref_key("Lê Thị Thuỷ")
    assert ref_key("sức khỏe") == ref_key("sức khoẻ")
    assert ref_key("Hoàng") == ref_key("hoàng")
    assert ref_key("Hùng") != ref_key("Hưng")
    assert ref_key("Thúy") != ref_key("Thủy")


def test_ref_key_treats_dashes_and_commas_alike_whatever_the_case() -> None:
    assert ref_key("Giỏi việc nước – Đảm việc nhà") == ref_key("giỏi việc nước, đảm việc nhà")
