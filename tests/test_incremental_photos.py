"""Incremental builds with photos: after a photo is added, replaced (same name, new bytes) or removed
(from an article, and from disk), the incremental output is byte-for-byte the clean build's, the cards'
thumbnails and the pages' og:image included."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from bangvang.cache import BuildCache
from bangvang.pipeline import build_site
from tests.conftest import photo
from tests.sitecheck import tree_bytes
from tests.test_images import camera_jpeg
from tests.test_incremental import config_for, copy_example

LEAD_ARTICLE = "content/tin-tuc/2025/lam-son-tong-ket-thi-dua-2024.md"  # the newest article, without a photo
BODY_ARTICLE = "content/tin-tuc/2024/kcn-thai-nguyen-khen-thuong-sang-kien-2024.md"
LEAD_PAGE = "tin-tuc/trung-tam-du-lieu-so-lam-son-tong-ket-thi-dua-nam-2024/index.html"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def og_image(root: Path) -> str:
    return re.search(r'<meta property="og:image" content="([^"]+)"', (root / "output" / LEAD_PAGE).read_text("utf-8")).group(1)


def home(root: Path) -> str:
    return (root / "output/index.html").read_text("utf-8")


def published(root: Path, stem: str) -> set[str]:
    return {p.name for p in (root / "output").rglob(f"{stem}-*")}


def with_other_bytes(jpeg: bytes) -> bytes:
    """The same size, other bytes: one byte of the camera's comment changed (the source's digest moves)."""
    i = jpeg.index(b"NGUOI-CHUP-BI-MAT")
    return jpeg[:i] + b"X" + jpeg[i + 1:]


@pytest.mark.parametrize("mode", ["memory", "saved"])
def test_photo_added_replaced_and_removed_matches_a_clean_build(tmp_path, mode):
    root = copy_example(tmp_path)
    lead, body = root / LEAD_ARTICLE, root / BODY_ARTICLE
    (lead.parent / "anh").mkdir(exist_ok=True)
    picture = lead.parent / "anh/lam-son.jpg"
    cache = BuildCache() if mode == "memory" else None  # the dev server's cache, or `build` runs (saved to disk)
    build_site(config_for(root), cache=cache)
    card = og_image(root)
    assert "/theme/chia-se-" in card

    def add_lead():
        picture.write_bytes(camera_jpeg(6, 1800, 1200))
        edit(lead, "\nauthor:", "\nimage: anh/lam-son.jpg\nimage_caption: \"Hội nghị tổng kết\"\nauthor:")

    def add_body():
        (body.parent / "xuong.png").write_bytes(photo(900, 500))
        body.write_text(body.read_text("utf-8") + "\n![Xưởng sản xuất](xuong.png)\n", "utf-8")

    def replace_lead():
        picture.write_bytes(camera_jpeg(3, 1600, 1200))

    def replace_keeping_size_and_time():  # a copy that keeps the file's time (cp -p, a synced folder)
        stat = picture.stat()
        picture.write_bytes(with_other_bytes(picture.read_bytes()))
        assert picture.stat().st_size == stat.st_size
        os.utime(picture, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    def remove_from_article():  # the file stays on disk, unused: it is not published
        edit(lead, "\nimage: anh/lam-son.jpg\nimage_caption: \"Hội nghị tổng kết\"", "")

    def remove_from_disk():
        (body.parent / "xuong.png").unlink()
        edit(body, "\n![Xưởng sản xuất](xuong.png)\n", "")

    seen: dict[str, set[str]] = {}
    for step, change in enumerate([add_lead, add_body, replace_lead, replace_keeping_size_and_time,
                                   remove_from_article, remove_from_disk]):
        change()
        report = build_site(config_for(root), cache=cache)
        assert not report.fresh, change.__name__
        build_site(config_for(root, out=f"clean-{step}", cache=f".clean-cache-{step}"))
        assert tree_bytes(root / "output") == tree_bytes(root / f"clean-{step}"), change.__name__
        shutil.rmtree(root / f"clean-{step}")
        shutil.rmtree(root / f".clean-cache-{step}")
        seen[change.__name__] = published(root, "lam-son")
        assert bool(published(root, "xuong")) == (change not in (add_lead, remove_from_disk)), change.__name__
        # what the readers see: the home page's lead card, the article's og:image
        lam_son = published(root, "lam-son")
        if change in (add_lead, add_body, replace_lead, replace_keeping_size_and_time):
            share = next(name for name in lam_son if name.endswith("-chia-se.jpg"))
            assert og_image(root).endswith("/anh/" + share)
            assert re.search(r'srcset="[^"]*/tin-tuc/2025/anh/lam-son-[0-9a-f]{8}-480\.webp 480w', home(root))
        else:
            assert not lam_son and og_image(root) == card and "/anh/lam-son-" not in home(root)
    # a replaced photo is published under new names (no stale copy in a browser), and the old ones go
    assert seen["add_lead"].isdisjoint(seen["replace_lead"])
    assert seen["replace_lead"].isdisjoint(seen["replace_keeping_size_and_time"])
