"""Per-page dependencies (bangvang/deps.py): an edit of an article's content re-plans only the units of
page work that read it, and after any sequence of edits the output is byte for byte a clean build's, on a
site large enough for `build` to fork workers. A read the planner fails to record must make this fail."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest

from bangvang import pipeline, search, streams
from bangvang.cache import BuildCache
from bangvang.config import load_config
from bangvang.pages import plan
from bench.generate import generate
from tests.sitecheck import tree_bytes
from tests.test_incremental import copy_example

ARTICLES = pipeline.PARALLEL_MIN_ARTICLES + 40


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("deps")
    generate(ARTICLES, 11, out)
    return out / "ours"


def site_copy(generated: Path, tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(generated, root)
    return root


def config_for(root: Path, out: str, cache: str):
    return load_config(root / "site.yaml", output_dir=root / out, cache_dir=root / cache)


def pages_of(folder: Path) -> dict[str, bytes]:
    """Every output but the search index (the dev server re-indexes after the reload; tested elsewhere)."""
    return {rel: data for rel, data in tree_bytes(folder).items() if not rel.startswith("pagefind/")}


def unlike_clean_build(root: Path, search: bool = False) -> list[str]:
    """Build the site clean (into clean/) and name the outputs of the dev server's folder (serve/) that differ
    from it, or that one of them lacks; with search, the search index counts too."""
    pipeline.build_site(config_for(root, "clean", ".clean-cache"), search=search)
    read = tree_bytes if search else pages_of
    got, clean = read(root / "serve"), read(root / "clean")
    return sorted(rel for rel in clean.keys() | got.keys() if got.get(rel) != clean.get(rel))


def articles_of(root: Path) -> list[Path]:
    return sorted((root / "content/tin-tuc").rglob("*.md"))


def with_honours(root: Path) -> list[Path]:
    return [p for p in articles_of(root) if "\nawardees:\n" in p.read_text("utf-8")]


def sub_front(path: Path, field: str, make) -> None:
    """Rewrite one front-matter line `field: "..."` (make: old value → new value)."""
    text = path.read_text("utf-8")
    new, n = re.subn(rf'^{field}: "(.*)"$', lambda m: f'{field}: "{make(m.group(1))}"', text, count=1, flags=re.M)
    assert n == 1, (path, field)
    path.write_text(new, "utf-8")


def edit(root: Path, kind: str, step: int) -> bool:
    """One edit; returns whether it changes only articles' content (the dependency path's case)."""
    articles, honoured = articles_of(root), with_honours(root)
    if kind == "title":  # a new title is a new URL: lists, rolls, awardee pages, feeds, data, links follow
        sub_front(honoured[step * 7 % len(honoured)], "title", lambda t: f"{t} (sửa {step})")
    elif kind in ("summary", "author"):
        having = [p for p in articles if f'\n{kind}: "' in p.read_text("utf-8")]
        sub_front(having[step * 11 % len(having)], kind, lambda t: f"{t} (thêm {step})")
    elif kind == "body":
        path = articles[step * 5 % len(articles)]
        path.write_text(path.read_text("utf-8") + f"\nĐoạn thêm số {step}.\n", "utf-8")
    elif kind == "link":  # a text now links to another article: that article's new title must reach it
        source, target = articles[3], honoured[(step * 7 + 7) % len(honoured)]
        rel = Path("..") / target.parent.name / target.name
        source.write_text(source.read_text("utf-8") + f"\nXem [bài liên quan]({rel.as_posix()}).\n", "utf-8")
    elif kind == "awardee":  # a new honour: rolls, counts, awardee pages
        path = honoured[step % len(honoured)]
        text = path.read_text("utf-8")
        path.write_text(text.replace("awardees:\n", f'awardees:\n  - name: "Người Thử Số {step}"\n'
                                                    "    award: bang-khen\n", 1), "utf-8")
        return False
    elif kind == "date":  # the order of the articles changes
        path = articles[step * 17 % len(articles)]
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"^date: (\d{4})-", lambda m: f"date: {int(m.group(1)) - 1}-", text, count=1,
                               flags=re.M), "utf-8")
        return False
    elif kind == "registry":  # a unit renamed: every page naming it
        units = root / "content/units.yaml"
        text = units.read_text("utf-8")
        units.write_text(text.replace("name: Liên đoàn Lao động tỉnh Thái Nguyên",
                                      f"name: Liên đoàn Lao động tỉnh Thái Nguyên ({step})", 1), "utf-8")
        return False
    elif kind == "config":
        config = root / "site.yaml"
        text = config.read_text("utf-8")
        config.write_text(text.replace("per_page: 10", "per_page: 9") if "per_page: 10" in text
                          else text.replace("per_page: 9", "per_page: 10"), "utf-8")
        return False
    else:
        raise AssertionError(kind)
    return True


SEQUENCE = ("title", "summary", "link", "title", "awardee", "registry", "author", "config", "date", "title")


def test_edit_sequences_match_a_clean_build(generated: Path, tmp_path: Path):
    """The dev server's builds (one cache in memory, written in place) and successive `build` runs (the
    cache stored, workers forked, the site staged) after every edit of SEQUENCE, against a clean build."""
    root = site_copy(generated, tmp_path)
    memory = BuildCache()
    shown: list = []

    def serve():  # as the dev server does: the open data and awardee index after the reload signal
        config = config_for(root, "serve", ".serve-cache")
        report = pipeline.build_site(config, cache=memory, in_place=True, search=False, defer_streams=True,
                                     shown=lambda *args: shown.append(args))  # the edited pages put in first
        pipeline.finish_deferred(config, memory)
        assert not memory.deps.deferred
        return report

    def build():
        return pipeline.build_site(config_for(root, "output", ".cache"), search=False)

    first = pipeline.build_site(config_for(root, "serve", ".serve-cache"), cache=memory, in_place=True,
                                search=False)
    build()
    assert first.articles == ARTICLES and memory.deps is not None
    for step, kind in enumerate(SEQUENCE):
        content_only = edit(root, kind, step)
        served, built = serve(), build()
        if content_only:  # the dependency path: a few units of work, not the whole site
            assert 0 < served.rendered < first.rendered // 10, (step, kind, served.rendered)
            assert len(shown) == 1, (step, kind)
        shown.clear()
        assert memory.deps is not None  # every build, fast or whole, leaves an index for the next edit
        clean = f"clean-{step}"
        pipeline.build_site(config_for(root, clean, f".clean-cache-{step}"), search=False)
        expected = pages_of(root / clean)
        for name, report in (("serve", served), ("output", built)):
            got = pages_of(root / name)
            assert sorted(rel for rel in expected.keys() | got.keys() if expected.get(rel) != got.get(rel)) == [], \
                (name, step, kind)
        shutil.rmtree(root / clean)
        shutil.rmtree(root / f".clean-cache-{step}")


def by_date(root: Path) -> list[Path]:
    """The articles newest first, as the lists show them (ties by path: the test needs no exact order)."""
    dated = [(re.search(r"^date: (.+)$", p.read_text("utf-8"), flags=re.M).group(1), p) for p in articles_of(root)]
    return [p for _, p in sorted(dated, key=lambda item: (item[0], str(item[1])), reverse=True)]


# Content edits, each of one article: (field, which article in date order). The newest article is on the
# first page of every list it is in (what a list reads before its first page is counted to that page);
# the 10th and 11th end the first page of a list of 10 and start the second.
PAGE_EDITS = (("title", 0), ("title", 9), ("title", 10), ("summary", 1), ("author", 25), ("title", 57))


def test_every_page_whose_output_changes_recorded_a_read_of_what_changed(generated: Path, tmp_path: Path):
    """What lets an edit carry over the pages of a re-planned list that do not show what changed, without
    keying them: each page's recorded reads (pages.UnitLog) hold a read of every changed field its output
    shows. Checked page by page against clean builds before and after each edit, for every output."""
    root = site_copy(generated, tmp_path)

    def clean(step: int) -> BuildCache:  # one output folder: it is part of what the shape is made from
        shutil.rmtree(root / "out", ignore_errors=True)
        cache = BuildCache()
        pipeline.build_site(config_for(root, "out", f".cache-{step}"), cache=cache, in_place=True, search=False)
        assert cache.deps is not None
        return cache

    before = clean(0)
    for step, (field, place) in enumerate(PAGE_EDITS, 1):
        having = [p for p in by_date(root) if f'\n{field}: "' in p.read_text("utf-8")]
        sub_front(having[place], field, lambda old: f"{old} (sửa {step})")
        after = clean(step)
        keys = before.deps.changed_keys(after.deps.site)
        assert keys, (field, place)  # a content edit: the dependency path's case
        reads: dict[str, object] = {}
        for rels, unit_reads, _, pages in before.deps.units:
            for i, rel in enumerate(rels):
                reads[rel] = pages[i] if pages else unit_reads
        changed = [rel for rel, key in before.renders.items()
                   if after.renders.get(rel) != key and rel not in before.deps.closing]
        assert changed, (field, place)
        assert [rel for rel in changed if keys.isdisjoint(reads[rel])] == [], (field, place)
        lists = [rel for rels, _, _, pages in before.deps.units if pages for rel in rels if rel in changed]
        if field == "title":  # a title shows in the lists: their pages are checked one by one, not whole
            assert lists, place
        before = after


@pytest.mark.parametrize("read", ["card", "row", "feed_entry", "body"])
def test_a_read_left_unrecorded_is_caught(tmp_path: Path, monkeypatch, read):
    """The comparison above fails when the planner does not record one kind of read: the incremental
    build then keeps pages that show the old title (the example site, for speed)."""
    root = copy_example(tmp_path)
    cache = BuildCache()
    target = root / "content/tin-tuc/2021/ham-rong-tong-ket-thi-dua-2021.md"
    linking = root / "content/tin-tuc/2022/ha-noi-tuyen-duong-cong-nhan-gioi-2022.md"
    assert target.exists() and linking.exists()
    linking.write_text(linking.read_text("utf-8") + "\nXem [bài tổng kết](../2021/ham-rong-tong-ket-thi-dua-2021.md).\n",
                       "utf-8")
    monkeypatch.setattr(plan.RecordingViews, read,
                        lambda self, *args, **kw: getattr(plan.Views, read)(self, *args, **kw))
    pipeline.build_site(config_for(root, "output", ".cache"), cache=cache, in_place=True, search=False)
    sub_front(target, "title", lambda t: f"{t} (đổi tên)")
    pipeline.build_site(config_for(root, "output", ".cache"), cache=cache, in_place=True, search=False)
    pipeline.build_site(config_for(root, "clean", ".clean-cache"), search=False)
    got, expected = pages_of(root / "output"), pages_of(root / "clean")
    assert [rel for rel in expected if got.get(rel) != expected[rel]], read


def served_example(tmp_path: Path):
    """The example site built as the dev server builds it: (root, its cache, the preview's config, an article)."""
    root = copy_example(tmp_path)
    cache = BuildCache()
    config = config_for(root, "serve", ".serve-cache")
    pipeline.build_site(config, cache=cache, in_place=True, search=False)
    return root, cache, config, root / "content/tin-tuc/2021/ham-rong-tong-ket-thi-dua-2021.md"


def test_the_edited_page_is_shown_before_the_pages_listing_it(tmp_path: Path):
    """The dev server reloads the editor's tab once the edited article's own page is in the folder
    (build_site's `shown`); the pages listing it come after, in the same build."""
    root, cache, config, path = served_example(tmp_path)
    sub_front(path, "title", lambda t: f"{t} đổi tên")
    seen = []

    def shown(site, urls, warnings):
        article = next(a for a in site.articles if a.source.endswith(path.name))
        assert urls == (site.urls.article(article.slug),) and warnings == ()
        page = root / "serve" / site.urls.output_path(urls[0])
        seen.append((page.read_text("utf-8"), (root / "serve/tin-tuc/2021/index.html").read_text("utf-8")))

    report = pipeline.build_site(config, cache=cache, in_place=True, search=False, shown=shown)
    assert len(seen) == 1 and report.rendered > 1
    page, year = seen[0]
    assert "ba năm liền là Tập thể lao động xuất sắc đổi tên</h1>" in page
    assert "Hàm Rồng ba năm liền là Tập thể lao động xuất sắc" in year and "đổi tên" not in year  # not yet remade
    assert "xuất sắc đổi tên" in (root / "serve/tin-tuc/2021/index.html").read_text("utf-8")


def test_nothing_is_shown_early_when_the_whole_site_is_planned(tmp_path: Path):
    """A change of the site's shape (here a date: the order of the lists) re-plans everything: the tab
    reloads once, after the build, not on a half-made site."""
    root, cache, config, path = served_example(tmp_path)
    path.write_text(path.read_text("utf-8").replace("date: 2021-12-28", "date: 2021-12-27", 1), "utf-8")
    seen = []
    pipeline.build_site(config, cache=cache, in_place=True, search=False, shown=lambda *args: seen.append(args))
    assert seen == []


def test_what_pages_make_of_the_shape_is_made_again_only_when_the_shape_changes(tmp_path: Path):
    """The related-articles index, roll statistics, filter forms and charts read the site's shape alone
    (units, campaigns, awardees, tags, order): a title or author edit reuses every one of them, a tag edit
    makes them again, and the pages still equal a clean build's."""
    root, cache, config, path = served_example(tmp_path)
    made = dict(cache.shaped[1])
    assert "related" in made and any(k[0] == "roll" for k in made if isinstance(k, tuple))
    assert any(k[0] == "unit" for k in made if isinstance(k, tuple))
    sub_front(path, "title", lambda t: f"{t} đổi tên")
    pipeline.build_site(config, cache=cache, in_place=True, search=False)
    sub_front(path, "author", lambda t: f"{t} và Minh")
    pipeline.build_site(config, cache=cache, in_place=True, search=False)
    assert all(cache.shaped[1][key] is value for key, value in made.items())
    text = path.read_text("utf-8")
    path.write_text(text.replace("tags: [tổng kết,", "tags: [thẻ mới chung, tổng kết,", 1), "utf-8")
    other = root / "content/tin-tuc/2022/ha-noi-tuyen-duong-cong-nhan-gioi-2022.md"
    other.write_text(re.sub(r"^tags: \[", "tags: [thẻ mới chung, ", other.read_text("utf-8"), count=1, flags=re.M),
                     "utf-8")
    pipeline.build_site(config, cache=cache, in_place=True, search=False)
    sub_front(path, "title", lambda t: f"{t} lần hai")
    pipeline.build_site(config, cache=cache, in_place=True, search=False)
    assert cache.shaped[1]["related"] is not made["related"]
    assert all(cache.shaped[1].get(key) is not value for key, value in made.items())
    assert unlike_clean_build(root) == []


def rows_counted(monkeypatch) -> list[int]:
    """Counts the rows of open data and awardee index whose views are made (streams.StreamMemos)."""
    made = [0]
    row = streams.StreamMemos._row

    def counting(self, job, r):
        made[0] += 1
        return row(self, job, r)

    monkeypatch.setattr(streams.StreamMemos, "_row", counting)
    return made


def test_a_title_edit_re_indexes_only_the_search_parts_whose_indexed_text_changed(tmp_path: Path, monkeypatch):
    """The search index comes in parts. A part is indexed again when what Pagefind reads of one of its pages
    changed (search.indexed_digest), not when only the rest of a page did (the related-article cards and
    previous/next links that show a new title). After the edit the index is a clean build's, byte for byte."""
    monkeypatch.setattr(search, "SEARCH_PART_SIZE", 3)
    root, cache, config, path = served_example(tmp_path)
    pipeline.refresh_search(config, cache)
    before = tree_bytes(root / "serve")
    indexed: list[tuple[str, ...]] = []
    index_part = pipeline._index_part
    monkeypatch.setattr(pipeline, "_index_part", lambda *args: indexed.append(args[2]) or index_part(*args))
    sub_front(path, "title", lambda t: f"{t} đổi tên")
    pipeline.build_site(config, cache=cache, in_place=True, search=False)
    pipeline.refresh_search(config, cache)
    after = tree_bytes(root / "serve")
    parts = dict(search.search_parts(pipeline.search_pages(cache.site)))

    def changed(show) -> set[str]:
        return {name for name, rels in parts.items() if any(show(before.get(r)) != show(after.get(r)) for r in rels)}

    names = {rels: name for name, rels in parts.items()}
    text_changed = changed(lambda page: page and search.indexed_digest(page))
    assert {names[rels] for rels in indexed} == text_changed
    assert text_changed and text_changed < changed(lambda page: page)  # pages changed in other parts too
    pipeline.build_site(config_for(root, "clean", ".clean-cache"))
    clean = tree_bytes(root / "clean")
    assert {r: b for r, b in after.items() if r.startswith("pagefind/")} == \
        {r: b for r, b in clean.items() if r.startswith("pagefind/")}


def test_after_an_edit_search_is_indexed_while_the_deferred_data_is_made(tmp_path: Path, monkeypatch):
    """The dev server's steps after the reload signal overlap: Pagefind indexes the changed search parts
    while the open data is remade (pipeline.refresh_after_edit); each part is indexed once, and the whole
    output is then a clean build's, byte for byte."""
    monkeypatch.setattr(search, "SEARCH_PART_SIZE", 3)
    root, cache, config, path = served_example(tmp_path)
    pipeline.refresh_search(config, cache)
    indexing = threading.Event()
    bundles: list[Path] = []
    search_bundle, finish_deferred = pipeline.search_bundle, pipeline.finish_deferred

    def indexer(folder, config):
        indexing.set()
        bundles.append(folder)
        return search_bundle(folder, config)

    def deferred(config, cache):
        assert indexing.wait(timeout=60)  # Pagefind started before the deferred step ended
        return finish_deferred(config, cache)

    monkeypatch.setattr(pipeline, "search_bundle", indexer)
    monkeypatch.setattr(pipeline, "finish_deferred", deferred)
    sub_front(path, "title", lambda t: f"{t} đổi tên")
    pipeline.build_site(config, cache=cache, in_place=True, search=False, defer_streams=True)
    assert cache.deps.deferred  # the open data is left for the step after the reload
    pipeline.refresh_after_edit(config, cache)
    assert not cache.deps.deferred
    assert 0 < len(bundles) < len(cache.search_parts)  # the changed parts only, each once
    assert unlike_clean_build(root, search=True) == []


@pytest.mark.parametrize("stale, walked", [(False, False), (True, False), (False, True)])
def test_an_edits_search_parts_are_indexed_while_its_lists_and_rolls_are_built(tmp_path: Path, monkeypatch, stale,
                                                                              walked):
    """As the dev server does (early_search): once an edit's build has written every indexed page it changes
    (planned without walking every unit of the site), Pagefind begins on the search parts whose indexed text changed, while the build goes on with the lists
    and rolls; the steps after the reload put those parts in without indexing them again. A part whose
    pages are no longer what was indexed is indexed again (stale: its digest made not to match). Either
    way the output is then a clean build's, byte for byte. walked: the indexed pages could not be planned
    without the walk (pipeline.indexed_units), and Pagefind begins after them, still before the rolls."""
    monkeypatch.setattr(search, "SEARCH_PART_SIZE", 3)
    root, cache, config, path = served_example(tmp_path)
    pipeline.refresh_search(config, cache)
    events: list[str] = []
    indexed: list[tuple[str, ...]] = []
    begin, render_one, search_bundle = pipeline.begin_search, pipeline._render_one, pipeline.search_bundle
    index_part, result = pipeline._index_part, pipeline.EarlySearch.result
    monkeypatch.setattr(pipeline, "begin_search", lambda *args: events.append("begin") or begin(*args))
    monkeypatch.setattr(pipeline, "_render_one", lambda job, *args: events.append(job.template) or render_one(job, *args))
    monkeypatch.setattr(pipeline, "search_bundle", lambda *args: events.append("pagefind") or search_bundle(*args))
    monkeypatch.setattr(pipeline, "_index_part", lambda *args: indexed.append(args[2]) or index_part(*args))
    walk_units = pipeline.walk_units
    monkeypatch.setattr(pipeline, "walk_units", lambda plan: events.append("walk") or walk_units(plan))
    if walked:
        monkeypatch.setattr(pipeline, "indexed_units", lambda *args: None)
    if stale:
        monkeypatch.setattr(pipeline.EarlySearch, "result",
                            lambda self: {name: ("stale", bundle) for name, (_, bundle) in result(self).items()})

    sub_front(path, "title", lambda t: f"{t} đổi tên")
    pipeline.build_site(config, cache=cache, in_place=True, search=False, defer_streams=True, early_search=True)
    early = cache.early_search
    assert early is not None and early.names
    at = events.index("begin")
    assert "article.html" not in events[at:] and "article.html" in events[:at]
    assert {"roll.html", "unit.html"} <= set(events[at:])  # the lists and rolls come after
    assert (at < events.index("walk")) != walked  # the indexed pages were planned without walking the units
    pipeline.refresh_after_edit(config, cache)
    assert cache.early_search is None
    parts = dict(search.search_parts(pipeline.search_pages(cache.site)))
    assert sorted(indexed) == (sorted(parts[name] for name in early.names) if stale else [])
    # every part the edit changed was begun during its build, and only those run again that were stale
    assert events.count("pagefind") == len(early.names) + len(indexed)
    assert unlike_clean_build(root, search=True) == []


def test_the_deferred_step_remakes_only_the_rows_an_edit_changed(generated: Path, tmp_path: Path, monkeypatch):
    """The dev server's second step after an edit splices the changed rows into the open data and the
    awardee index: two title edits and a summary edit (served before the first edit's second step ran),
    then one step; a few rows are made, and the output is a clean build's."""
    root = site_copy(generated, tmp_path)
    memory = BuildCache()
    config = config_for(root, "serve", ".serve-cache")
    made = rows_counted(monkeypatch)
    pipeline.build_site(config, cache=memory, in_place=True, search=False)
    assert set(memory.streams) == {"csv", "json", "roll-index"}
    rows = made[0]
    honoured = with_honours(root)
    sub_front(honoured[3], "title", lambda t: f"{t} (sửa)")
    pipeline.build_site(config, cache=memory, in_place=True, search=False, defer_streams=True)
    sub_front(honoured[40], "title", lambda t: f"{t} (sửa lần hai)")
    having = [p for p in articles_of(root) if '\nsummary: "' in p.read_text("utf-8")]
    sub_front(having[5], "summary", lambda t: f"{t} (thêm)")
    pipeline.build_site(config, cache=memory, in_place=True, search=False, defer_streams=True)
    assert memory.deps.deferred
    made[0] = 0
    pipeline.finish_deferred(config, memory)
    assert 0 < made[0] < rows // 50, (made[0], rows)
    assert unlike_clean_build(root) == []


def test_the_dev_servers_first_build_leaves_what_its_first_edit_needs_to_splice_the_open_data(
        generated: Path, tmp_path: Path, monkeypatch):
    """The dev server's first build is made by forked workers, not in place. With stream_memos they send back
    what the open data and awardee index files hold row by row, so the first edit splices the rows it changed
    instead of making every row again (about 20 s at N=10,000). The output is then a clean build's."""
    root = site_copy(generated, tmp_path)
    memory = BuildCache()
    config = config_for(root, "serve", ".serve-cache")
    made = rows_counted(monkeypatch)
    received: list[str] = []
    receive = streams.StreamMemos.received
    monkeypatch.setattr(streams.StreamMemos, "received", lambda self, got: received.extend(got) or receive(self, got))
    pipeline.build_site(config, cache=memory, search=False, stream_memos=True)
    assert set(memory.streams) == {"csv", "json", "roll-index"}
    assert received  # some were made in a worker
    rows = sum(len(memo.lengths) for memo in memory.streams.values())
    sub_front(with_honours(root)[3], "title", lambda t: f"{t} (sửa)")
    pipeline.build_site(config, cache=memory, in_place=True, search=False, defer_streams=True)
    made[0] = 0
    pipeline.finish_deferred(config, memory)
    assert 0 < made[0] < rows // 50, (made[0], rows)
    assert unlike_clean_build(root) == []


@pytest.mark.parametrize("stale", ["rows", "head"])
def test_stale_rows_are_caught(generated: Path, tmp_path: Path, monkeypatch, stale):
    """The comparisons above fail when the splice leaves the edited article's rows as they were (their
    reads unknown to the memo), or the awardee index's table of article titles (its head) as it was."""
    root = site_copy(generated, tmp_path)
    memory = BuildCache()
    config = config_for(root, "serve", ".serve-cache")
    if stale == "head":  # every head looks unchanged
        monkeypatch.setattr(streams, "head_keys", lambda job, keys: [b""] * len(job.heads))
    pipeline.build_site(config, cache=memory, in_place=True, search=False)
    if stale == "rows":
        for memo in memory.streams.values():
            memo.readers.clear()
    sub_front(with_honours(root)[3], "title", lambda t: f"{t} (sửa)")
    pipeline.build_site(config, cache=memory, in_place=True, search=False, defer_streams=True)
    pipeline.finish_deferred(config, memory)
    pipeline.build_site(config_for(root, "clean", ".clean-cache"), search=False)
    got, expected = pages_of(root / "serve"), pages_of(root / "clean")
    wrong = [rel for rel in expected if got.get(rel) != expected[rel]]
    assert wrong and all(rel.endswith((".csv", ".json")) for rel in wrong), wrong
    assert ("bang-vang/tra-cuu.json" if stale == "head" else "bang-vang.csv") in wrong, wrong
