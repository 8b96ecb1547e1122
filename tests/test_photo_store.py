"""The store of processed photos (.bangvang-cache/images/): addressed by the source bytes, the operation
(the settings) and the image code's version, never by a file's name; shared by `build` and `serve`, so a
photo one of them processed is never processed again by the other."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import article, run_build
from tests.test_images import camera_jpeg
from tests.test_serve import Server, free_port, wait_for


def stored(root: Path) -> dict[str, int]:
    """Each stored file → its modification time: a photo processed again rewrites its files."""
    return {p.name: p.stat().st_mtime_ns for p in (root / ".bangvang-cache/images").rglob("*.*")}


def keys(store: dict[str, int]) -> set[str]:
    return {name.split(".")[0] for name in store}


def test_the_key_is_the_bytes_the_operation_and_the_image_version(scratch_site, monkeypatch):
    jpeg = camera_jpeg(1, 800, 400)
    root = scratch_site({"content/tin-tuc/a.md": article("A", extra="image: chup.jpg\n"),
                         "content/tin-tuc/chup.jpg": jpeg})
    assert run_build(root)[0] == 0
    first = stored(root)
    assert len(keys(first)) == 2  # the photo and the site's sharing card

    # the same bytes under another name, in another article: found in the store, nothing processed
    (root / "content/tin-tuc/ban-sao.jpg").write_bytes(jpeg)
    (root / "content/tin-tuc/b.md").write_text(article("B", extra="image: ban-sao.jpg\n"), "utf-8")
    assert run_build(root)[0] == 0
    assert stored(root) == first
    names = {p.name.rsplit("-", 2)[1] for p in (root / "output/tin-tuc").glob("*-480.webp")}
    assert len(names) == 1  # both published under the one content key

    # another operation (quality): processed anew, under a new key
    (root / "site.yaml").write_text((root / "site.yaml").read_text("utf-8") + "images:\n  quality: 70\n", "utf-8")
    assert run_build(root)[0] == 0
    second = stored(root)
    assert keys(first) < keys(second) and len(keys(second)) == 4

    # a new version of the image code: every photo and the card processed anew
    import bangvang.photos

    monkeypatch.setattr(bangvang.photos, "IMAGE_VERSION", bangvang.photos.IMAGE_VERSION + 1)
    for build_cache in (root / ".bangvang-cache").glob("build-*"):  # new generator code drops the build cache
        build_cache.unlink()
    assert run_build(root)[0] == 0
    third = stored(root)
    assert keys(second) < keys(third) and len(keys(third)) == 6
    assert {k: v for k, v in third.items() if k in second} == second  # the older entries untouched

    # other bytes under the same name: a new key
    (root / "content/tin-tuc/chup.jpg").write_bytes(camera_jpeg(3, 800, 400))
    assert run_build(root)[0] == 0
    assert len(keys(stored(root))) == 7


def test_serve_uses_what_build_processed_and_build_what_serve_processed(scratch_site):
    root = scratch_site({"content/tin-tuc/a.md": article("Bài có ảnh", extra="image: anh/chup.jpg\n"),
                         "content/tin-tuc/anh/chup.jpg": camera_jpeg(6, 1600, 1200)})
    cache = root / ".cache"  # where tests.test_serve.Server keeps the dev server's cache
    assert run_build(root, "--cache", str(cache))[0] == 0
    store = cache / "images"
    before = {p.name: p.stat().st_mtime_ns for p in store.rglob("*.*")}
    assert len(before) == 4
    server = Server(root, free_port())
    try:
        status, page = server.get("/tin-tuc/bai-co-anh/")
        assert status == 200 and re.search(r'srcset="/tin-tuc/anh/chup-[0-9a-f]{8}-480\.webp 480w', page)
        assert {p.name: p.stat().st_mtime_ns for p in store.rglob("*.*")} == before  # nothing processed again
        builds = server.rebuilds()
        (root / "content/tin-tuc/anh/xuong.jpg").write_bytes(camera_jpeg(1, 1000, 500))
        path = root / "content/tin-tuc/a.md"
        path.write_text(path.read_text("utf-8") + "\n![Xưởng sản xuất](anh/xuong.jpg)\n", "utf-8")
        wait_for(lambda: server.rebuilds() > builds, timeout=60)
        status, page = server.get("/tin-tuc/bai-co-anh/")
        assert status == 200 and re.search(r'/tin-tuc/anh/xuong-[0-9a-f]{8}-480\.webp 480w', page), page[-3000:]
    finally:
        server.stop()
    after_serve = {p.name: p.stat().st_mtime_ns for p in store.rglob("*.*")}
    assert len(after_serve) == 6 and {k: after_serve[k] for k in before} == before
    assert run_build(root, "--cache", str(cache))[0] == 0
    assert {p.name: p.stat().st_mtime_ns for p in store.rglob("*.*")} == after_serve  # build processed nothing
    assert list((root / "output/tin-tuc/anh").glob("xuong-*-480.webp"))


def test_photos_processed_in_workers_are_the_bytes_one_process_makes(scratch_site, tmp_path, monkeypatch):
    """New photos are processed in the build's forked workers; the output and the store are the same."""
    import bangvang.photos
    from bangvang import parallel
    from tests.sitecheck import tree_bytes

    files = {"content/tin-tuc/a.md": article("A", extra="image: anh/0.jpg\n",
                                             body="\n\n".join(f"![Ảnh {i}](anh/{i}.jpg)" for i in range(1, 6)))}
    for i in range(6):
        files[f"content/tin-tuc/anh/{i}.jpg"] = camera_jpeg(1 + i % 8, 700 + 50 * i, 400)
    root = scratch_site(files)
    calls: list[int] = []

    def counting(function, state, items):
        calls.append(len(items))
        return parallel.run_forked(function, state, items)

    monkeypatch.setattr(bangvang.photos, "run_forked", counting)
    trees = {}
    for workers in (1, 2):
        monkeypatch.setattr(bangvang.photos, "worker_count", lambda: workers)
        out, cache = tmp_path / f"out-{workers}", tmp_path / f"cache-{workers}"
        assert run_build(root, "--out", str(out), "--cache", str(cache))[0] == 0
        trees[workers] = tree_bytes(out), {p.name: p.read_bytes() for p in (cache / "images").rglob("*.files")}
    assert calls == [4]  # one build forked, into 2 × 2 chunks
    assert trees[1] == trees[2] and len(trees[1][1]) == 7  # six photos and the sharing card
