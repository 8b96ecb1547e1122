"""The README's table of templates for developers who override them (issue 12): every template, its blocks
and its context as the build really has them, and the SiteInfo and PageMeta fields it names."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from bangvang import views
from tests.conftest import ROOT

TEMPLATES = ROOT / "templates"
PARENS = re.compile(r"\([^()]*\)")
NAME = re.compile(r"`([^`]+)`")


def documented() -> dict[str, tuple[set[str], set[str]]]:
    """template → (blocks, context names) from the README's table, parenthesised remarks left out."""
    text = (ROOT / "README.md").read_text("utf-8")
    table = text[text.index("| template | its blocks |"):]
    rows: dict[str, tuple[set[str], set[str]]] = {}
    for line in table.splitlines()[2:]:
        if not line.strip().startswith("|"):
            break
        template, blocks, context = (cell.strip() for cell in line.strip().strip("|").split("|"))
        rows[NAME.search(template).group(1)] = (set(NAME.findall(PARENS.sub("", blocks))),
                                                set(NAME.findall(PARENS.sub("", context))))
    return rows


def blocks_of(template: str) -> set[str]:
    return set(re.findall(r"{%-? *block (\w+)", (TEMPLATES / template).read_text("utf-8")))


@pytest.fixture(scope="module")
def contexts(tmp_path_factory) -> dict[str, set[str]]:
    """template → every context name its pages of the example site are rendered with."""
    from bangvang.config import load_config
    from bangvang.pages import all_jobs
    from bangvang.pipeline import load_site

    work = tmp_path_factory.mktemp("docs")
    config = load_config(ROOT / "site.yaml", output_dir=work / "out", cache_dir=work / "cache")
    found: dict[str, set[str]] = {}
    for job in all_jobs(load_site(config).site):
        if job.template.endswith(".html"):
            found.setdefault(job.template, set()).update(job.context)
    return found


def test_every_page_template_and_the_group_partial_is_in_the_table():
    pages = {p.name for p in TEMPLATES.glob("*.html")} | {"_partials/group.html"}
    assert set(documented()) == pages


def test_the_blocks_in_the_table_are_the_templates_blocks():
    for template, (blocks, _) in documented().items():
        assert blocks == blocks_of(template), template


def test_the_context_in_the_table_is_what_the_pages_get(contexts):
    rows = documented()
    assert set(contexts) <= set(rows)
    for template, names in contexts.items():
        assert names - {"site", "page"} == rows[template][1], template
    group = (TEMPLATES / "_partials/group.html").read_text("utf-8")
    assert rows["_partials/group.html"][1] == {"group"} and "group." in group


def test_the_named_site_and_page_fields_exist():
    text = (ROOT / "README.md").read_text("utf-8")
    for view, fields in ((views.SiteInfo, r"`site` \(`views.SiteInfo`:\s(.*?)\) and"),
                         (views.PageMeta, r"`page` \(`views.PageMeta`:\s(.*?)\)\.")):
        named = set(NAME.findall(PARENS.sub("", re.search(fields, text, re.S).group(1))))
        assert named and named <= {f.name for f in dataclasses.fields(view)}, (view.__name__, named)


def test_the_readmes_override_example_works(scratch_site):
    """The README's `templates/base.html` example, as a developer copies it: the site's footer text in the
    built-in frame on every page."""
    from tests.conftest import SITE, article, run_build

    text = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"\n( *)```jinja\n(.*?)\n *```", text, re.S)
    example = "\n".join(line.removeprefix(block.group(1)) for line in block.group(2).splitlines()) + "\n"
    assert example.startswith("{# templates/base.html") and example.count("{% block") == 1
    root = scratch_site({"site.yaml": SITE + 'branding:\n  footer: "Chân trang của công đoàn"\n',
                         "templates/base.html": example, "content/tin-tuc/bai.md": article("Bài")})
    code, _, err = run_build(root)
    assert code == 0, err
    for page in ("index.html", "tin-tuc/bai/index.html", "bang-vang/index.html"):
        html = (root / "output" / page).read_text("utf-8")
        assert '<footer class="site-footer"><p>Chân trang của công đoàn</p></footer>' in html, page
        assert '<nav class="site-nav"' in html and "Trang được dựng bằng Bảng Vàng" not in html, page
