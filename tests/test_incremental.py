"""Incremental builds: a no-change rebuild does nothing, and after any sequence of edits the
incremental output is byte-for-byte the clean build's."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from bangvang.cache import BuildCache
from bangvang.config import load_config
from bangvang.pipeline import build_site
from tests.conftest import ROOT
from tests.sitecheck import tree_bytes


def copy_example(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for name in ("content", "templates", "theme"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "site.yaml", root / "site.yaml")
    return root


def config_for(root: Path, out: str = "output", cache: str = ".cache"):
    return load_config(root / "site.yaml", output_dir=root / out, cache_dir=root / cache)


def inodes(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_no_change_rebuild_rewrites_nothing_and_parses_nothing(tmp_path):
    root = copy_example(tmp_path)
    first = build_site(config_for(root))
    assert first.parsed > 20 and first.written == first.files
    before = inodes(root / "output")
    again = build_site(config_for(root))
    assert again.fresh and again.written == 0
    # Touching every source changes the cheap fingerprint but not a byte: nothing parsed, rendered or written.
    for path in (root / "content").rglob("*"):
        os.utime(path)
    touched = build_site(config_for(root))
    assert not touched.fresh
    assert (touched.parsed, touched.rendered, touched.written) == (0, 0, 0)
    assert inodes(root / "output") == before


def test_one_edit_parses_one_article_and_rewrites_few_files(tmp_path):
    root = copy_example(tmp_path)
    build_site(config_for(root))
    before = inodes(root / "output")
    article = next((root / "content/tin-tuc/2021").glob("hong-son*.md"))
    article.write_text(article.read_text("utf-8") + "\nMột đoạn mới ở cuối bài.\n", "utf-8")
    report = build_site(config_for(root))
    assert report.parsed == 1
    after = inodes(root / "output")
    changed = sorted(rel for rel in after if after[rel] != before.get(rel))
    # The article page, the Atom feeds that carry its full text, and the search index; its summary did
    # not change, so no listing page is rewritten.
    pages = [rel for rel in changed if not rel.endswith("feed.xml") and not rel.startswith("pagefind/")]
    assert len(pages) == 1 and pages[0].startswith("tin-tuc/"), changed
    assert all("Một đoạn mới" in (root / "output" / rel).read_text("utf-8") for rel in changed
               if not rel.startswith("pagefind/"))


EDITS = ("body", "title", "awardee", "new_article", "delete_article", "draft", "unit_name", "template", "theme",
         "config", "image")


def apply_edit(root: Path, kind: str, rng: random.Random, step: int) -> None:
    articles = sorted((root / "content/tin-tuc").rglob("*.md"))
    target = rng.choice(articles)
    text = target.read_text("utf-8")
    if kind == "body":
        target.write_text(text + f"\nĐoạn thêm số {step}.\n", "utf-8")
    elif kind == "title":
        target.write_text(text.replace("title: ", f"title: Sửa {step} · ", 1).replace('title: Sửa', 'title: "Sửa', 1)
                          .replace(' · "', ' · ', 1) if 'title: "' in text else text, "utf-8")
    elif kind == "awardee":
        addition = (f'  - name: "Người Thử Số {step}"\n    award: bang-khen\n' if "awardees:\n" in text else "")
        target.write_text(text.replace("awardees:\n", "awardees:\n" + addition, 1), "utf-8")
    elif kind == "new_article":
        (root / f"content/tin-tuc/2024/moi-{step}.md").write_text(
            f'---\ntitle: "Bài mới {step}"\ndate: 2024-0{1 + step % 9}-1{step % 10}\nunit: ldld-ha-noi\n'
            f'tags: [thử nghiệm]\n---\nNội dung {step}.\n', "utf-8")
    elif kind == "delete_article":
        created = sorted((root / "content/tin-tuc/2024").glob("moi-*.md"))
        if created:
            created[0].unlink()
    elif kind == "draft":
        if "draft: true" in text:
            target.write_text(text.replace("draft: true", "draft: false"), "utf-8")
        else:
            target.write_text(text.replace("\n---\n", "\ndraft: true\n---\n", 1), "utf-8")
    elif kind == "unit_name":
        units = root / "content/units.yaml"
        units.write_text(units.read_text("utf-8").replace("name: Liên đoàn Lao động tỉnh An Giang",
                                                          f"name: Liên đoàn Lao động tỉnh An Giang ({step})", 1), "utf-8")
    elif kind == "template":
        footer = root / "templates/base.html"
        footer.write_text(footer.read_text("utf-8").replace("Trang được dựng", f"Trang ({step}) được dựng", 1), "utf-8")
    elif kind == "theme":
        css = root / "theme/css/site.css"
        css.write_text(css.read_text("utf-8") + f"\n/* {step} */\n", "utf-8")
    elif kind == "config":
        site = root / "site.yaml"
        site.write_text(site.read_text("utf-8").replace("per_page: 10", "per_page: 7")
                        if "per_page: 10" in site.read_text("utf-8")
                        else site.read_text("utf-8").replace("per_page: 7", "per_page: 10"), "utf-8")
    elif kind == "image":
        image = next((root / "content").rglob("*.png"))
        image.write_bytes(image.read_bytes() + bytes([step % 256]))


@pytest.mark.parametrize("in_place", [False, True], ids=["staged", "in-place"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_sequence_of_edits_matches_a_clean_build(tmp_path, seed, in_place):
    root = copy_example(tmp_path)
    rng = random.Random(seed)
    cache = BuildCache()  # one cache across the sequence, as the dev server keeps it
    build_site(config_for(root), cache=cache, in_place=in_place)
    for step in range(8):
        kind = rng.choice(EDITS)
        apply_edit(root, kind, rng, step)
        build_site(config_for(root), cache=cache, in_place=in_place)
        clean_out = f"clean-{step}"
        build_site(config_for(root, out=clean_out, cache=f".clean-cache-{step}"))
        assert tree_bytes(root / "output") == tree_bytes(root / clean_out), (seed, step, kind)
        shutil.rmtree(root / clean_out)


def test_cache_survives_between_runs_and_is_safe_to_delete(tmp_path):
    root = copy_example(tmp_path)
    build_site(config_for(root))
    assert any((root / ".cache").glob("build-*.pickle"))
    for path in (root / "content").rglob("*.md"):
        os.utime(path)
    assert build_site(config_for(root)).parsed == 0
    before = tree_bytes(root / "output")
    shutil.rmtree(root / ".cache")
    report = build_site(config_for(root))
    assert report.parsed > 20  # rebuilt from scratch ...
    assert tree_bytes(root / "output") == before  # ... to the same bytes


def test_corrupt_cache_is_ignored(tmp_path):
    root = copy_example(tmp_path)
    build_site(config_for(root))
    for pickle_file in (root / ".cache").glob("build-*.pickle"):
        pickle_file.write_bytes(b"not a pickle")
    report = build_site(config_for(root))
    assert report.parsed > 20


def test_failed_build_keeps_cache_and_output_consistent(tmp_path):
    root = copy_example(tmp_path)
    cache = BuildCache()
    build_site(config_for(root), cache=cache)
    before = tree_bytes(root / "output")
    article = next((root / "content/tin-tuc/2021").glob("hong-son*.md"))
    good = article.read_text("utf-8")
    article.write_text(good.replace("unit:", "unit: khong-co-don-vi-nay\nxunit:", 1), "utf-8")
    from bangvang.errors import BuildFailed
    with pytest.raises(BuildFailed):
        build_site(config_for(root), cache=cache)
    assert tree_bytes(root / "output") == before
    article.write_text(good + "\nSửa xong.\n", "utf-8")
    build_site(config_for(root), cache=cache)
    build_site(config_for(root, out="clean", cache=".c2"))
    assert tree_bytes(root / "output") == tree_bytes(root / "clean")
