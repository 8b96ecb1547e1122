"""The page families (bangvang/pages/): what each declares it reads is what it reads, the dev server's
fast path follows those declarations, and the workers split the work without changing a byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from bangvang import pages, parallel, pipeline
from bangvang.config import load_config
from bangvang.pages import FAMILIES, Family, Plan
from bangvang.pages.plan import ARTICLES, BODIES, single
from bangvang.pipeline import build_site, load_site
from bangvang.render import make_env, render_job
from bench.generate import generate
from tests.test_incremental import copy_example
from tests.sitecheck import tree_bytes


def config_for(root: Path, out: str = "output"):
    return load_config(root / "site.yaml", output_dir=root / out, cache_dir=root / ".cache")


def newest_article_with_honours(root: Path, site) -> Path:
    article = next(a for a in site.articles if a.honours)
    return root / "content" / article.source


def family_outputs(family: Family, site, env) -> dict[str, bytes]:
    plan = Plan(site, streamed=False)
    return {site.urls.output_path(job.url): render_job(env, job)
            for work in family.work(plan, None) for job in work()}


def test_a_family_whose_pages_show_texts_declares_it(tmp_path: Path):
    """Edit an article's text alone: every family whose output changed must declare BODIES, or the dev
    server's fast path (pages.text_edit_jobs) would serve its pages stale."""
    root = copy_example(tmp_path)
    config = config_for(root)
    env = make_env(config)
    before = load_site(config).site
    path = newest_article_with_honours(root, before)
    path.write_text(path.read_text("utf-8") + "\nMột đoạn văn mới ở cuối bài, chỉ sửa nội dung.\n", "utf-8")
    after = load_site(config).site
    assert pipeline.text_only_changes(before, after) is not None
    changed_families = set()
    for family in FAMILIES:
        old, new = family_outputs(family, before, env), family_outputs(family, after, env)
        assert old.keys() == new.keys(), family.name
        if old != new:
            changed_families.add(family.name)
            assert BODIES in family.reads, f"{family.name} shows article texts but does not declare BODIES"
    assert {"articles", "feeds"} <= changed_families
    # ... and the fast path re-renders at least every output that changed.
    touched = pipeline.text_only_changes(before, after)
    fresh = {after.urls.output_path(job.url) for job in pages.text_edit_jobs(after, touched[0] | touched[1])}
    for family in FAMILIES:
        old, new = family_outputs(family, before, env), family_outputs(family, after, env)
        assert {rel for rel in new if old[rel] != new[rel]} <= fresh, family.name


def test_a_new_family_that_reads_texts_is_kept_fresh_by_the_fast_path(tmp_path: Path, monkeypatch):
    """A family added to FAMILIES that shows article texts and declares BODIES is re-planned by the dev
    server's fast path: the incremental build equals a clean one."""
    def digest_work(plan, touching):
        def make():
            text = "".join(a.body_html for a in plan.site.articles)
            url = plan.urls.site("tom-tat/")
            return plan.job(url, "page.html", plan.meta("Tóm tắt", url, "", "page"), body=text, extra={},
                            search_aliases="")
        yield single(make)

    monkeypatch.setattr(pages, "FAMILIES", FAMILIES + (Family("digest", frozenset({BODIES, ARTICLES}), digest_work),))
    root = copy_example(tmp_path)
    config = config_for(root)
    cache = pipeline.BuildCache()
    build_site(config, cache=cache, in_place=True, search=False)
    path = newest_article_with_honours(root, cache.site)
    path.write_text(path.read_text("utf-8") + "\nĐoạn văn mới xuất hiện trên trang tóm tắt.\n", "utf-8")
    report = build_site(config, cache=cache, in_place=True, search=False)
    assert 0 < report.rendered < 20  # the fast path, not a whole build
    assert "Đoạn văn mới xuất hiện" in (root / "output/tom-tat/index.html").read_text("utf-8")
    build_site(config_for(root, "clean"), cache=pipeline.BuildCache(), in_place=True, search=False)
    def pages_of(folder: Path) -> dict[str, bytes]:  # the search index is refreshed after the reload
        return {rel: data for rel, data in tree_bytes(folder).items() if not rel.startswith("pagefind/")}

    assert pages_of(root / "output") == pages_of(root / "clean")


@pytest.fixture(scope="module")
def large_site(tmp_path_factory) -> Path:
    """A generated site above the threshold at which a build forks workers."""
    out = tmp_path_factory.mktemp("large")
    generate(pipeline.PARALLEL_MIN_ARTICLES + 40, 11, out)
    return out / "ours"


def test_workers_give_the_same_bytes_as_one_process(large_site: Path, tmp_path: Path, monkeypatch):
    def build(workers: int, out: Path) -> dict[str, bytes]:
        monkeypatch.setattr(parallel, "worker_count", lambda: workers)
        monkeypatch.setattr(pipeline, "worker_count", lambda: workers)
        config = load_config(large_site / "site.yaml", output_dir=out, cache_dir=tmp_path / f"cache-{workers}")
        report = build_site(config, search=False)
        assert report.articles >= pipeline.PARALLEL_MIN_ARTICLES
        return tree_bytes(out)

    calls = []
    real = parallel.run_forked

    def counting(function, state, items):
        calls.append(len(items))
        return real(function, state, items)

    monkeypatch.setattr(pipeline, "run_forked", counting)
    single_process = build(1, tmp_path / "one")
    assert calls[-1] == 1
    with_workers = build(3, tmp_path / "three")
    assert calls[-1] == 3  # three shards, two of them in forked workers
    assert with_workers.keys() == single_process.keys()
    assert [rel for rel in single_process if with_workers[rel] != single_process[rel]] == []


def test_archives_list_every_article_newest_first_by_year_and_paginated(scratch_site):
    """/tin-tuc/ and /tin-tuc/<year>/: every published article, newest first, per_page a page (2 here),
    linked from the home page and from each article's date, and in the sitemap."""
    from tests.conftest import article, run_build

    root = scratch_site({
        "content/tin-tuc/a.md": article("Bài một", date="2020-03-01"),
        "content/tin-tuc/b.md": article("Bài hai", date="2021-05-01"),
        "content/tin-tuc/c.md": article("Bài ba", date="2021-07-01 08:00"),
        "content/tin-tuc/d.md": article("Bài bốn", date="2021-09-01"),
        "content/tin-tuc/e.md": article("Bài nháp", date="2021-10-01", extra="draft: true\n"),
    })
    code, _, err = run_build(root)
    assert code == 0, err
    out = root / "output"

    def titles(rel: str) -> list[str]:
        html = (out / rel).read_text("utf-8")
        return [t for t in ("Bài một", "Bài hai", "Bài ba", "Bài bốn", "Bài nháp") if f">{t}</a>" in html]

    assert titles("tin-tuc/index.html") == ["Bài ba", "Bài bốn"] or titles("tin-tuc/index.html") == ["Bài bốn", "Bài ba"]
    html = (out / "tin-tuc/index.html").read_text("utf-8")
    assert html.index(">Bài bốn</a>") < html.index(">Bài ba</a>")  # newest first
    assert set(titles("tin-tuc/trang/2/index.html")) == {"Bài hai", "Bài một"}
    assert not (out / "tin-tuc/trang/3").exists()
    assert set(titles("tin-tuc/2021/index.html")) == {"Bài bốn", "Bài ba"}
    assert titles("tin-tuc/2021/trang/2/index.html") == ["Bài hai"]
    assert titles("tin-tuc/2020/index.html") == ["Bài một"]
    assert not (out / "tin-tuc/2019").exists()
    assert 'href="/tin-tuc/2020/"' in html and 'href="/tin-tuc/trang/2/"' in html
    assert 'href="/tin-tuc/"' in (out / "index.html").read_text("utf-8")
    assert 'href="/tin-tuc/2021/"><time' in (out / "tin-tuc/bai-ba/index.html").read_text("utf-8")
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    for url in ("tin-tuc/", "tin-tuc/trang/2/", "tin-tuc/2021/", "tin-tuc/2021/trang/2/", "tin-tuc/2020/"):
        assert f"<loc>https://example.org/{url}</loc>" in sitemap


def test_a_bare_year_slug_is_refused(scratch_site):
    from tests.conftest import article, run_build

    root = scratch_site({
        "content/tin-tuc/a.md": article("Tổng kết", extra="slug: 2021\n"),
        "content/tin-tuc/b.md": article("2022", date="2022-01-01"),
        "content/tin-tuc/c.md": article("Bài thường", extra="slug: tong-ket-2021\n"),
    })
    code, _, err = run_build(root)
    assert code == 1
    assert "content/tin-tuc/a.md:5:7: slug: Đường dẫn bài “2021” trùng với trang lưu trữ các bài của năm 2021." in err
    assert "content/tin-tuc/b.md:2:" in err and "“2022” trùng với trang lưu trữ" in err
    assert "tong-ket-2021" not in err
    assert not (root / "output").exists()
