"""Strict YAML: text stays text, positions are file lines, dangerous YAML is refused."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bangvang import yamlstrict
from bangvang.yamlstrict import YMap, YScalar, YSeq


def load(text: str, offset: int = 0):
    return yamlstrict.load(text, "bai.md", line_offset=offset)


def test_scalars_keep_their_text():
    tree, problems = load("a: NO\nb: 007\nc: 0123456\nd: 12:30:00\ne: 1.10\nf: yes\ng: 19.738\n")
    assert problems == []
    assert {k: v.text for k, v in tree.entries.items()} == {
        "a": "NO", "b": "007", "c": "0123456", "d": "12:30:00", "e": "1.10", "f": "yes", "g": "19.738"}


def test_positions_are_file_lines_with_offset():
    tree, _ = load("title: A\nawardees:\n  - name: B\n", offset=1)
    assert tree.keys["title"].line == 2
    awardee = tree.get("awardees").items[0]
    assert isinstance(awardee, YMap) and awardee.get("name").line == 4 and awardee.get("name").col == 11


def test_duplicate_key_names_both_lines():
    _, problems = load("title: A\ndate: 2021-01-01\ntitle: B\n", offset=1)
    assert len(problems) == 1
    assert problems[0].line == 4 and "dòng 2" in problems[0].message and "title" in problems[0].message


def test_anchors_aliases_and_tags_are_refused():
    for text in ("a: &x 1\nb: *x\n", "a: !!python/object/apply:os.system ['true']\n", "a: !custom x\n"):
        tree, problems = load(text)
        assert tree is None and len(problems) == 1, text


def test_unquoted_colon_gets_a_vietnamese_hint():
    _, problems = load('title: Hội nghị: tổng kết năm\n', offset=1)
    assert problems[0].line == 2
    assert "ngoặc kép" in problems[0].hint


def test_unclosed_quote_points_at_the_opening_line():
    _, problems = load('title: "Tuyên dương\nunit: a\ndate: 2021\n', offset=1)
    assert problems[0].line == 2
    assert "ngoặc kép" in problems[0].message


def test_tab_indentation_is_explained():
    _, problems = load("awardees:\n\t- name: A\n", offset=1)
    assert problems[0].line == 3 and "Tab" in problems[0].hint


def test_null_and_quoted_scalars():
    tree, _ = load('a:\nb: ~\nc: ""\nd: "null"\n')
    assert tree.get("a").is_null and tree.get("b").is_null
    assert not tree.get("d").is_null and tree.get("d").text == "null"
    assert isinstance(tree.get("c"), YScalar) and tree.get("c").text == ""


def test_nbsp_and_zero_width_are_cleaned_in_values():
    tree, _ = load("a: \"Lê\u00a0Xuân\u200b Minh \"\n")
    assert tree.get("a").text == "Lê Xuân Minh"


def test_sequences_and_flow_mappings():
    tree, problems = load("count: {tap-the: 33, ca-nhan: 106}\ntags: [a, b]\n")
    assert problems == []
    assert isinstance(tree.get("tags"), YSeq) and [i.text for i in tree.get("tags").items] == ["a", "b"]
    assert tree.get("count").get("tap-the").text == "33"


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    tree, problems = load(bomb)
    assert tree is None and problems


ENGLISH_FROM_PYYAML = re.compile(r"\b(found|expected|while|scanning|parsing|mapping|token|scalar|alias|anchor|"
                                  r"block|flow|stream|document|indicator|character)\b", re.IGNORECASE)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab: #-\"'“”*&!@%`[]{}|>?,\t\\ă", max_size=14), min_size=1, max_size=5))
def test_every_yaml_message_is_vietnamese_and_a_tab_hint_needs_a_tab(lines):
    text = "\n".join(f"k{i}: {line}" if i % 2 == 0 else line for i, line in enumerate(lines)) + "\n"
    _, problems, _ = yamlstrict.load_recovering(text, "f.md")
    for problem in problems:
        said = f"{problem.message} {problem.hint or ''}"
        assert not ENGLISH_FROM_PYYAML.search(said), (text, said)
        if "Tab" in said:
            assert "\t" in text, (text, said)


def test_pitfalls_are_named_with_the_fixed_line():
    cases = {
        "title: Tin vui #1 của Công đoàn\n": ("chỉ còn “Tin vui”", 'title: "Tin vui #1 của Công đoàn"'),
        "title: “Hội nghị”\n": ("ngoặc kép cong", 'title: "Hội nghị"'),
        'author: Thanh Huê"\n': ("lẻ một mình", 'author: "Thanh Huê"'),
        'title: "Hội nghị "Tổng kết" năm"\n': ("đóng giá trị sớm", 'title: "Hội nghị “Tổng kết” năm"'),
        "title: @congdoan tin\n": ("“@”", 'title: "@congdoan tin"'),
        "title: - Tin vắn\n": ("“-”", 'title: "- Tin vắn"'),
        "title: *Tin* nóng\n": ("“*”", 'title: "*Tin* nóng"'),
    }
    for text, (message, fixed) in cases.items():
        _, problems, _ = yamlstrict.load_recovering(text, "f.md")
        assert len(problems) == 1, (text, problems)
        assert message in problems[0].message and fixed in problems[0].hint, (text, problems[0])
    for fine in ("draft: true   # xoá dòng này\n", 'title: "Tin vui #1"\n', "summary: Sáng kiến “A” và “B”\n",
                 'summary: Sáng kiến "A" được khen\n', "tags: [a, b]  # chủ đề\n",
                 "achievement: “Kết hợp khảo sát với kiểm tra”\n"):
        assert yamlstrict.load_recovering(fine, "f.md")[1] == [], fine


def test_a_syntax_error_leaves_the_other_lines_readable():
    text = 'title: Hội nghị: tổng kết\ndate: 2021-01-01\nauthor: Thanh Huê"\nunit: @x\n'
    tree, problems, set_aside = yamlstrict.load_recovering(text, "f.md")
    assert [p.line for p in problems] == [1, 3, 4]
    assert set_aside == {"title", "unit"} and tree.get("date").text == "2021-01-01"
