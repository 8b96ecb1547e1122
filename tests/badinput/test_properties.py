"""Property tests (hypothesis): random Vietnamese input never breaks the guarantees.

- titles: the slug is ASCII, non-empty (else the article is refused with a message), contained in
  its folder, at most 150 characters, and the same for the NFC and NFD spellings;
- awardee lists: every name is on the roll and in the open data exactly once, escaped;
- front matter: whatever it holds, the build ends with exit 0 or 1 and a message, never a traceback.
"""

from __future__ import annotations

import io
import json
import os
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import markupsafe
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bangvang.cli import main
from bangvang.config import Limits, SiteConfig
from bangvang.markup import MarkdownRenderer
from bangvang.parse import SLUG_PATTERN, make_article, read_document
from bangvang.registry import parse_registries
from bangvang.text import clean_scalar
from bangvang.write import safe_join
from tests.badinput.test_cases import BASE_FILES, write_files
from tests.conftest import AWARDS, CAMPAIGNS, UNITS

VIETNAMESE = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
              "fjwz")
LETTERS = VIETNAMESE + VIETNAMESE.upper()
PUNCTUATION = " -'\".,:;!?()[]{}<>&/\\#%*_~`@$+=|^…“”–—«»"
OTHER = "0123456789🎉✓中文Ωß"
text_chars = st.sampled_from(LETTERS + PUNCTUATION + OTHER)
vietnamese_text = st.text(text_chars, min_size=1, max_size=120)
# 40 examples each in CI; BANGVANG_PROPERTY_EXAMPLES=2000 for a deeper hunt
SETTINGS = settings(max_examples=int(os.environ.get("BANGVANG_PROPERTY_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])

_renderer = MarkdownRenderer()
_registry, _problems = parse_registries(
    {"units": UNITS.encode(), "campaigns": CAMPAIGNS.encode(), "awards": AWARDS.encode()},
    lambda text, rel: _renderer.render(text, rel).html)
_config = SiteConfig()


def parse_article(front: str, rel: str = "tin-tuc/2021/bai-viet.md"):
    data = f"---\n{front}---\nNội dung.\n".encode("utf-8")
    doc = read_document(rel, "content/" + rel, data, Limits(), _renderer)
    return make_article(doc, _registry, _config)


def front_with_title(title: str) -> str:
    return f"title: {json.dumps(title, ensure_ascii=False)}\ndate: 2021-06-06\nunit: ldld-ha-noi\n"


@SETTINGS
@given(vietnamese_text)
@example('Đặng Thị Hồng Nhung')
@example('🎉🎉')
@example('???')
@example(' ')
@example('CON')
@example('../../etc')
def test_title_slugs_are_ascii_non_empty_contained_and_stable(title: str):
    article, problems = parse_article(front_with_title(title))
    if article is None:  # refused: with a message naming the field, never silently
        assert any(p.is_error and p.field in ("title", "slug") for p in problems), problems
        return
    slug = article.slug
    assert slug and slug.isascii() and SLUG_PATTERN.match(slug) and len(slug) <= 150, slug
    assert safe_join(Path("/site/output"), f"tin-tuc/{slug}/index.html").parent.name == slug
    nfd, _ = parse_article(front_with_title(unicodedata.normalize("NFD", title)))
    assert nfd is not None and nfd.slug == slug


class RollNames(HTMLParser):
    """The text of every name cell (td.name, up to its kind label if it has one) of a roll page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.names: list[str] = []
        self._depth = 0
        self._buffer: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "td" and ("class", "name") in attrs:
            self._buffer = []
        elif self._buffer is not None and tag == "span":
            self.names.append("".join(self._buffer).strip())
            self._buffer = None

    def handle_endtag(self, tag):
        if tag == "td" and self._buffer is not None:  # a name cell without a kind label
            self.names.append("".join(self._buffer).strip())
            self._buffer = None

    def handle_data(self, data):
        if self._buffer is not None:
            self._buffer.append(data)


def distinct_names(names: list[str]) -> list[str]:
    """Names as the generator compares them (NFC, spacing); with at least one letter; each once."""
    seen, out = set(), []
    for name in names:
        key = " ".join(clean_scalar(name).split()).casefold()
        if key and any(ch.isalpha() for ch in key) and key not in seen:
            seen.add(key)
            out.append(name)
    return out


@SETTINGS
@given(st.lists(vietnamese_text, min_size=1, max_size=25))
@example(['"><script>alert(1)</script>', "Công ty TNHH A & B", "{{ 7*7 }}", "Đặng Thị Hồng Nhung"])
def test_every_awardee_is_listed_once_and_escaped(tmp_path_factory, names: list[str]):
    names = distinct_names(names)
    if not names:
        return
    root = tmp_path_factory.mktemp("roll")
    awardees = "".join(f"  - name: {json.dumps(n, ensure_ascii=False)}\n    award: bang-khen\n" for n in names)
    write_files(root, {**BASE_FILES, "content/tin-tuc/2021/nhieu-nguoi.md":
                       f"---\ntitle: \"Danh sách\"\ndate: 2021-06-07\nunit: ldld-nam-tu-liem\nawardees:\n{awardees}---\nx\n"})
    code, err = build(root)
    assert code == 0, err
    shown = [" ".join(clean_scalar(n).split()) for n in names]
    roll = (root / "output/bang-vang/index.html").read_text("utf-8")
    parser = RollNames()
    parser.feed(roll)
    for name in shown:
        assert parser.names.count(name) == 1, (name, parser.names)
        if "<" in name:  # shown escaped: read raw, the parser above would have found a tag, not the name
            # (the raw name itself may occur in the page's own markup: "<a" does)
            assert str(markupsafe.escape(name)) in roll
    listed = _rows(root)
    for name in shown:
        assert listed.count(name) == 1, (name, listed)


def _rows(root: Path) -> list[str]:
    return [row["name"] for row in json.loads((root / "output/bang-vang.json").read_text("utf-8"))["honours"]]


def build(root: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", "--config", str(root / "site.yaml")], out=out, err=err)
    return code, err.getvalue()


KEYS = st.sampled_from(["title", "date", "unit", "campaign", "summary", "author", "image", "tags", "slug", "draft",
                        "awardees", "extra", "image_caption", "tittle", "awardes", "Đơn vị", "year", "count"])
scalars = st.one_of(vietnamese_text, st.integers(-10**12, 10**12), st.floats(allow_nan=True), st.booleans(),
                    st.none(), st.dates().map(str), st.sampled_from(["ldld-ha-noi", "bang-khen", "2021-06-06",
                                                                    "31/02/2025", "NO", "007", "~", "", "null"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                       st.dictionaries(KEYS, inner, max_size=5)), max_leaves=25)
front_matters = st.one_of(
    st.dictionaries(KEYS, values, max_size=12).map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    st.text(st.sampled_from(LETTERS + PUNCTUATION + "\n\t &*!|>-:"), max_size=300),
)


@SETTINGS
@given(front_matters, st.text(text_chars, max_size=200))
@example("title: [\n", "x")
@example("awardees: &a [*a]\n", "")
@example("title: !!python/object/apply:os.system [ls]\n", "")
def test_random_front_matter_never_crashes_the_build(tmp_path_factory, front: str, body: str):
    root = tmp_path_factory.mktemp("front")
    write_files(root, {**BASE_FILES, "content/tin-tuc/2021/ngau-nhien.md": f"---\n{front}\n---\n{body}\n"})
    code, err = build(root)
    assert code in (0, 1) and "Traceback" not in err and "Lỗi không mong muốn" not in err, err
    if code == 1:
        assert re.search(r"^content/tin-tuc/2021/ngau-nhien\.md(:\d+)*: ", err, re.M), err
