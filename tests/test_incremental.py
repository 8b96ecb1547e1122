"""Incremental builds: a no-change rebuild does nothing, and after any sequence of edits the
incremental output is byte-for-byte the clean build's."""

from __future__ import annotations

import functools
import os
import random
import re
import shutil
from pathlib import Path

import pytest

from bangvang.cache import BuildCache, cache_file, load_cache, save_cache
from bangvang.config import load_config
from bangvang.discover import find_sources
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


@pytest.mark.parametrize("mode", ["memory", "saved"])
def test_same_size_edit_within_one_timestamp_tick_is_rebuilt(tmp_path, mode):
    """Two saves of the same length on a filesystem with 2-second timestamps get the same mtime."""
    root = copy_example(tmp_path)
    article = next((root / "content/tin-tuc/2022").glob("kcn-thai-nguyen*.md"))
    tick = 1_700_000_000 * 10**9  # a whole even second, as FAT/exFAT store it
    os.utime(article, ns=(tick, tick))
    cache = BuildCache() if mode == "memory" else None
    build_site(config_for(root), cache=cache)
    text = article.read_text("utf-8")
    article.write_text(text.replace("Nguyễn Văn Hùng", "Nguyễn Văn Hưng"), "utf-8")  # ù and ư: 2 bytes each
    assert article.stat().st_size == len(text.encode())
    os.utime(article, ns=(tick, tick))  # the second save, in the same tick
    build_site(config_for(root), cache=cache)
    build_site(config_for(root, out="clean", cache=".clean-cache"))
    assert tree_bytes(root / "output") == tree_bytes(root / "clean")


def test_a_racy_file_is_compared_by_its_bytes(tmp_path):
    """Where the change time does not help (a filesystem that keeps one time, 2-second ticks), a file
    saved within RACY_NS before the build that recorded it is re-read next time, not trusted."""
    from bangvang.cache import RACY_NS
    from bangvang.discover import SourceFile

    path = tmp_path / "bai.md"
    parsed = []

    class Doc:
        def __init__(self, data):
            from bangvang.parse import digest_bytes
            self.digest = digest_bytes(data)

    def parse(data):
        parsed.append(data)
        return Doc(data)

    def read(src):
        return src.path.read_bytes()

    tick = 1_700_000_000 * 10**9
    src = SourceFile("tin-tuc/bai.md", "content/tin-tuc/bai.md", str(path), 5, tick, tick)
    for started, trusted in ((tick + RACY_NS // 2, False), (tick + 2 * RACY_NS, True)):
        cache = BuildCache()
        cache.started_ns = started
        path.write_bytes("Hùng".encode())
        cache.document(src, read, parse)
        path.write_bytes("Hưng".encode())  # same size, and the same stamp, as on FAT
        cache.started_ns = started + 10**9
        doc = cache.document(src, read, parse)
        assert (parsed[-1] == "Hưng".encode()) is not trusted
        assert cache.known(src) is (started + 10**9 > tick + RACY_NS)


# Every kind of edit an editor (or a site's maintainer) makes. Each one keeps the site buildable, so
# what is tested is that the incremental build equals a clean one, not error handling.
EDITS = ("body", "title", "awardee", "new_article", "delete_article", "move_article", "draft", "clock", "unit",
         "campaign", "award", "page_body", "page_title", "new_page", "delete_page", "add_asset", "delete_asset",
         "image", "template", "theme", "config", "status", "includes_named", "don_vi", "merger", "second_line",
         "same_honour")
# A deletion of something a sequence created comes after its creation.
CREATES = {"delete_page": "new_page", "delete_asset": "add_asset"}
ADDED_ASSET = re.compile(r"\n!\[Ảnh thêm \d+\]\((anh-them/them-\d+\.png)\)\n")


def content_texts(root: Path) -> dict[Path, str]:
    return {path: path.read_text("utf-8") for path in sorted((root / "content").rglob("*.md"))}


def unlinked(root: Path, paths) -> list[Path]:
    """Those of the paths no other article or page links to: they can be deleted (or an article made
    a draft) and the site still builds, since a link to a missing or unpublished page is an error."""
    texts = content_texts(root)
    return [path for path in sorted(paths)
            if not any(f"{path.name})" in text or f"{path.name}#" in text for other, text in texts.items()
                       if other != path)]


SCHEDULED = "2027/ke-hoach-thang-cong-nhan-2027.md"  # published on 2027-04-25: the "clock" edit's article
AFTER_SCHEDULED = "1808870400"  # 2027-04-28 00:00 UTC


def original_articles(root: Path) -> list[Path]:
    """The example site's own articles still there (not those a step created, not the scheduled one)."""
    return [p for p in sorted((root / "content/tin-tuc").rglob("*.md"))
            if not p.name.startswith("moi-") and not p.as_posix().endswith(SCHEDULED)]


def edit_text(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), "utf-8")


def toggle(path: Path, a: str, b: str) -> None:
    """Replace a with b, or b back with a."""
    text = path.read_text("utf-8")
    path.write_text(text.replace(a, b, 1) if a in text else text.replace(b, a, 1), "utf-8")


LAM_SON = "lam-son-tong-ket-thi-dua-2024.md"  # a proposal (status) and a number that includes a named entry
HA_THUONG = "co-khi-ha-thuong-huan-chuong-lao-dong.md"  # a registered unit honoured itself (don-vi)
V2_ENTRIES = """\
awardees:
  - count: {ca-nhan: 27}
    award: lao-dong-tien-tien
    awarded_by: "Giám đốc Trung tâm Dữ liệu số Lam Sơn"
    includes_named: true
  - name: "Trương Thị Ngọc Ánh"
    award: lao-dong-tien-tien
    awarded_by: "Giám đốc Trung tâm Dữ liệu số Lam Sơn"
  - name: "Phùng Văn Đạo"
    award: bang-khen
    status: de-nghi
  - name: cdcs-co-khi-ha-thuong
    kind: don-vi
    award: co-thi-dua-cap-tinh
"""
STATUSES = ("status: de-nghi", "status: da-trao", "status: du-kien")
# A later report of the named Lam Sơn honour (one honour, two articles), a namesake in another unit, an
# unsplit total with a contest placing, households, and joint issuers with a decision and a presenter.
SAME_HONOUR = """\
---
title: "Trao danh hiệu thi đua năm 2024 tại Trung tâm Dữ liệu số Lam Sơn"
date: 2025-02-14 09:00
unit: cdcs-tt-du-lieu-lam-son
awardees:
  - name: "Trương Thị Ngọc Ánh"
    award: lao-dong-tien-tien
    awarded_by: "Giám đốc Trung tâm Dữ liệu số Lam Sơn"
    year: 2024
    decision: "12/QĐ-TTDL"
    presented_by: "Chủ tịch Công đoàn cơ sở"
  - name: "Phùng Văn Đạo"
    award: giay-khen
    unit: cdcs-fecon
    organisation: "Công ty Cổ phần Fecon"
  - count: {tong: 12}
    award: giay-khen
    prize: Giải Ba
    edition: "lần thứ 2"
    category: "khối kỹ thuật"
  - count: {ho-gia-dinh: 3}
    award: bang-khen
    awarded_by: [cdvc-thanh-hoa, "UBND tỉnh Thanh Hóa"]
    period: 2023
---
Nội dung.
"""


def v2_article(content: Path, name: str, step: int) -> Path:
    """The example article with format v2 entries, or (deleted, moved or made a draft by an earlier step)
    a new article with the same entries."""
    found = [p for p in sorted(content.rglob(name)) if "draft: true" not in p.read_text("utf-8")]
    if found:
        return found[0]
    path = content / f"tin-tuc/2024/moi-v2-{step}.md"
    path.write_text(f'---\ntitle: "Bài định dạng 2 số {step}"\ndate: 2024-12-0{1 + step % 9} 09:00\n'
                    f'unit: cdcs-tt-du-lieu-lam-son\n{V2_ENTRIES}---\nNội dung {step}.\n', "utf-8")
    return path


def apply_edit(root: Path, kind: str, rng: random.Random, step: int, set_now) -> str:
    """Make one edit of this kind; returns the kind applied (a deletion of what a sequence creates,
    with nothing created yet, makes the creation instead). set_now(epoch) moves the build's clock."""
    content = root / "content"
    articles = sorted((content / "tin-tuc").rglob("*.md"))
    target = rng.choice(articles)
    text = target.read_text("utf-8")
    if kind == "body":
        target.write_text(text + f"\nĐoạn thêm số {step}.\n", "utf-8")
    elif kind == "title":  # a new title is a new URL: the old page must go
        target.write_text(re.sub(r'^title: "', f'title: "Sửa {step} · ', text, count=1, flags=re.M), "utf-8")
    elif kind == "awardee":
        if rng.random() < 0.5 or "awardees:\n" not in text:
            block = "awardees:\n" if "awardees:\n" not in text else ""
            entry = (f'  - name: "Người Thử Số {step}"\n    award: bang-khen\n' if rng.random() < 0.5 else
                     # the fictional two-article awardee gets a third honour: its page changes
                     '  - name: "Lê Văn Thịnh"\n    award: giay-khen\n    unit: cdcs-kiem-dinh-ham-rong\n'
                     '    id: le-van-thinh\n')
            text = text.replace("\n---\n", "\n" + block + entry + "---\n", 1) if block else \
                text.replace("awardees:\n", "awardees:\n" + entry, 1)
        else:  # the first awardee leaves the list
            text = re.sub(r"awardees:\n  - .*?\n(?=  - |---\n)", "awardees:\n", text, count=1, flags=re.S)
            text = text.replace("awardees:\n---\n", "---\n")
        target.write_text(text, "utf-8")
    elif kind == "new_article":
        folder = content / "tin-tuc" / rng.choice(["2019", "2022", "2024"])
        (folder / f"moi-{step}.md").write_text(
            f'---\ntitle: "Bài mới {step}"\ndate: {folder.name}-0{1 + step % 9}-1{step % 10} 09:00\n'
            f'unit: {rng.choice(["ldld-ha-noi", "cdcs-fecon", "cd-kcn-thai-nguyen"])}\n'
            f'campaign: lao-dong-gioi-lao-dong-sang-tao\ntags: [thử nghiệm]\n'
            f'awardees:\n  - name: "Người Mới {step}"\n    award: giay-khen\n'
            f'  - count: {{ca-nhan: {step + 2}}}\n    award: bang-khen\n---\nNội dung {step}.\n', "utf-8")
    elif kind == "delete_article":  # one of the example's own articles
        rng.choice(unlinked(root, original_articles(root))).unlink()
    elif kind == "move_article":  # to another year's folder: same page, new source path
        movable = [p for p in unlinked(root, original_articles(root))  # nothing relative to its folder
                   if "](" not in p.read_text("utf-8") and "\nimage:" not in p.read_text("utf-8")]
        source = rng.choice(movable)
        year = "2018" if source.parent.name != "2018" else "2017"
        (source.parent.parent / year).mkdir(exist_ok=True)
        source.rename(source.parent.parent / year / source.name)
    elif kind == "clock":  # time passes: the article scheduled for 2027 is published without any edit
        set_now(AFTER_SCHEDULED)
    elif kind == "draft":  # or back from draft to published
        target = rng.choice(unlinked(root, original_articles(root) + sorted((content / "tin-tuc").rglob("moi-*.md"))))
        text = target.read_text("utf-8")
        if "draft: true" in text:
            target.write_text(text.replace("draft: true", "draft: false", 1), "utf-8")
        elif "draft: false" in text:
            target.write_text(text.replace("draft: false", "draft: true", 1), "utf-8")
        else:
            target.write_text(text.replace("\n---\n", "\ndraft: true\n---\n", 1), "utf-8")
    elif kind == "unit":
        units = content / "units.yaml"
        choice = rng.randrange(4)
        if choice == 0:  # a rename: every page naming the unit
            edit_text(units, "name: Liên đoàn Lao động tỉnh An Giang", f"name: Liên đoàn Lao động tỉnh An Giang ({step})")
        elif choice == 1:  # a sub-unit moves: roll-ups of both parents change
            toggle(units, "- id: cdcs-th-hoa-sua\n  name: Công đoàn Trường Tiểu học Hoa Sữa\n  parent: ldld-nam-tu-liem",
                   "- id: cdcs-th-hoa-sua\n  name: Công đoàn Trường Tiểu học Hoa Sữa\n  parent: ldld-ha-noi")
        elif choice == 2:
            text = units.read_text("utf-8")
            units.write_text(re.sub(r"Năm 2022(?: \(\d+\))? trực tiếp quản lý", f"Năm 2022 ({step}) trực tiếp quản lý",
                                    text, count=1), "utf-8")
        else:  # a new unit without articles still gets its page and a place in the tree
            with units.open("a", encoding="utf-8") as f:
                f.write(f"\n- id: cdcs-moi-{step}\n  name: Công đoàn cơ sở Mới {step}\n  parent: ldld-thai-nguyen\n")
    elif kind == "campaign":
        campaigns = content / "campaigns.yaml"
        choice = rng.randrange(3)
        if choice == 0:
            text = campaigns.read_text("utf-8")
            campaigns.write_text(re.sub(r"^  short: LĐG-LĐST.*$", f"  short: LĐG-LĐST ({step})", text, count=1,
                                        flags=re.M), "utf-8")
        elif choice == 1:
            toggle(campaigns, '  period: "2022-2023"', '  period: "2022-2024"')
        else:
            with campaigns.open("a", encoding="utf-8") as f:
                f.write(f'\n- id: phong-trao-moi-{step}\n  name: Phong trào mới {step}\n  launched_by: ldld-ha-noi\n')
    elif kind == "award":
        awards = content / "awards.yaml"
        if rng.random() < 0.5:  # Giấy khen moves above Bằng khen: the rank, and so every roll's order, changes
            text = awards.read_text("utf-8")
            blocks = re.split(r"(?=^- id: )", text, flags=re.M)
            i = next(n for n, b in enumerate(blocks) if b.startswith("- id: bang-khen\n"))
            j = next(n for n, b in enumerate(blocks) if b.startswith("- id: giay-khen\n"))
            blocks[i], blocks[j] = blocks[j], blocks[i]
            awards.write_text("".join(blocks), "utf-8")
        else:
            text = awards.read_text("utf-8")
            awards.write_text(re.sub(r"^  name: Giấy khen.*$", f"  name: Giấy khen (mẫu {step})", text, count=1,
                                     flags=re.M), "utf-8")
    elif kind == "page_body":
        page = rng.choice(sorted((content / "trang").glob("*.md")))
        page.write_text(page.read_text("utf-8") + f"\nĐoạn thêm {step} của trang.\n", "utf-8")
    elif kind == "page_title":  # the title shows in the menu of every page
        page = content / "trang/lien-he.md"
        text = page.read_text("utf-8")
        page.write_text(re.sub(r'^title: ".*"$', f'title: "Liên hệ ({step})"', text, count=1, flags=re.M), "utf-8")
    elif kind in ("new_page", "delete_page"):
        made = sorted((content / "trang").glob("trang-moi-*.md"))
        if kind == "delete_page" and made:  # a page a step created, or the example's own "Giới thiệu"
            rng.choice(unlinked(root, made + sorted((content / "trang").glob("gioi-thieu.md")))).unlink()
        else:
            kind = "new_page"
            linked = content / "tin-tuc/2021/ham-rong-tong-ket-thi-dua-2021.md"
            body = (f"Xem [bài tổng kết năm 2021](../tin-tuc/2021/{linked.name})." if linked.exists()
                    and "draft: true" not in linked.read_text("utf-8") else "Chưa có liên kết.")
            (content / f"trang/trang-moi-{step}.md").write_text(
                f'---\ntitle: "Trang mới {step}"\n---\n{body}\n', "utf-8")
    elif kind in ("add_asset", "delete_asset"):
        texts = content_texts(root)
        made = sorted((rel, path) for path, text in texts.items() for rel in ADDED_ASSET.findall(text))
        loose = sorted(content.rglob("tai-lieu-*.pdf"))
        if kind == "delete_asset" and (made or loose):
            if made and (not loose or rng.random() < 0.5):  # an image and its reference in the article go
                rel, path = rng.choice(made)
                (path.parent / rel).unlink()
                path.write_text(ADDED_ASSET.sub("\n", path.read_text("utf-8"), count=1), "utf-8")
            else:  # a document nothing links to
                rng.choice(loose).unlink()
        else:
            kind = "add_asset"
            png = next(content.rglob("tuyen-duong-cong-nhan-gioi-2022.png")).read_bytes()
            if rng.random() < 0.5:
                (target.parent / "anh-them").mkdir(exist_ok=True)
                (target.parent / f"anh-them/them-{step}.png").write_bytes(png + bytes([step]))
                target.write_text(text + f"\n![Ảnh thêm {step}](anh-them/them-{step}.png)\n", "utf-8")
            else:
                (target.parent / f"tai-lieu-{step}.pdf").write_bytes(b"%PDF-1.4\n% thu nghiem " + bytes([48 + step % 10]))
    elif kind == "image":
        image = next(content.rglob("tuyen-duong-cong-nhan-gioi-2022.png"))
        image.write_bytes(image.read_bytes() + bytes([step % 256]))
    elif kind == "template":
        footer = root / "templates/base.html"
        text = footer.read_text("utf-8")
        assert "được dựng bằng Bảng Vàng" in text
        footer.write_text(re.sub(r"Trang(?: \(\d+\))? được dựng", f"Trang ({step}) được dựng", text, count=1), "utf-8")
    elif kind == "theme":
        css = root / "theme/css/site.css"
        css.write_text(css.read_text("utf-8") + f"\n/* {step} */\n", "utf-8")
    elif kind == "config":
        toggle(root / "site.yaml", "per_page: 10", "per_page: 7")
    elif kind == "status":  # a proposal is granted, then announced for later, then proposed again
        path = v2_article(content, LAM_SON, step)
        text = path.read_text("utf-8")
        now = next(s for s in STATUSES if s in text)
        path.write_text(text.replace(now, STATUSES[(STATUSES.index(now) + 1) % len(STATUSES)], 1), "utf-8")
    elif kind == "includes_named":  # the named entry inside the number, or added to it
        toggle(v2_article(content, LAM_SON, step), "    includes_named: true\n", "    includes_named: false\n")
    elif kind == "don_vi":  # the registered unit honoured itself, or a collective of the same name
        toggle(v2_article(content, HA_THUONG, step), "  - name: cdcs-co-khi-ha-thuong\n    kind: don-vi\n",
               '  - name: "Công đoàn Công ty TNHH Cơ khí chính xác Hà Thường"\n    kind: tap-the\n')
    elif kind == "merger":  # a province merges into another (its honours join the successor's roll), or not
        toggle(content / "units.yaml", "- id: ldld-an-giang\n  name: ",
               "- id: ldld-an-giang\n  until: 2025-06-30\n  successor: ldld-thai-nguyen\n  name: ")
    elif kind == "second_line":  # a unit gets a second line of leadership (its honours on both rolls), or loses it
        toggle(content / "units.yaml", "  parent: ldld-nam-tu-liem\n\n- id: cdcs-tap-doan-ceo",
               "  parent: [ldld-nam-tu-liem, cd-kcn-thai-nguyen]\n\n- id: cdcs-tap-doan-ceo")
    elif kind == "same_honour":  # another article reports honours already on the site, with more v2 fields
        path = content / "tin-tuc/2025/moi-v2-trao-tang.md"
        if path.exists():
            path.unlink()
        else:
            path.write_text(SAME_HONOUR, "utf-8")
    else:
        raise AssertionError(kind)
    return kind


def edit_sequence(rng: random.Random) -> list[str]:
    """Every kind once, in a random order (a deletion after its creation)."""
    kinds = list(EDITS)
    rng.shuffle(kinds)
    for later, earlier in CREATES.items():
        i, j = kinds.index(later), kinds.index(earlier)
        if i < j:
            kinds[i], kinds[j] = kinds[j], kinds[i]
    return kinds


# Each sequence makes every kind of edit, in its own order, and compares with a clean build after each
# one. The modes: the dev server's (one cache in memory, the site staged or written in place) and
# successive `build` runs (the cache saved to and read from disk).
@pytest.mark.parametrize("seed, mode", [(1, "staged"), (2, "in-place"), (3, "saved")])
def test_any_sequence_of_edits_matches_a_clean_build(tmp_path, monkeypatch, seed, mode):
    root = copy_example(tmp_path)
    rng = random.Random(seed)
    cache = BuildCache() if mode != "saved" else None  # None: load_cache and save_cache on every build
    set_now = functools.partial(monkeypatch.setenv, "SOURCE_DATE_EPOCH")

    def incremental():
        return build_site(config_for(root), cache=cache, in_place=mode == "in-place")

    incremental()
    originals = len(original_articles(root))
    applied = []
    for step, kind in enumerate(edit_sequence(rng)):
        applied.append(apply_edit(root, kind, rng, step, set_now))
        report = incremental()
        assert not report.fresh, (seed, step, kind)  # every edit changes the site's inputs
        clean_out = f"clean-{step}"
        build_site(config_for(root, out=clean_out, cache=f".clean-cache-{step}"))
        assert tree_bytes(root / "output") == tree_bytes(root / clean_out), (seed, step, applied)
        shutil.rmtree(root / clean_out)
        shutil.rmtree(root / f".clean-cache-{step}")
    assert set(applied) == set(EDITS)
    assert len(original_articles(root)) <= originals - applied.count("delete_article") < originals


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


def test_results_stored_before_the_search_index_come_back_with_the_cache(tmp_path):
    """A build that saves its cache stores the articles' results and lets go of them before Pagefind runs
    (BuildCache.spill_results); the stored cache still holds every article's result, kept out of the bulk,
    and a build that keeps its cache in memory (the dev server) stores them in the bulk again."""
    root = copy_example(tmp_path)
    config = config_for(root)
    build_site(config)
    articles = {src.rel for src in find_sources(config.content_dir, config.content_prefix).articles}
    assert cache_file(config, "results").is_file()
    stored = load_cache(config)
    stored.load_bulk()
    assert set(stored.results) == articles
    for path in (root / "content").rglob("*.md"):
        os.utime(path)
    kept = load_cache(config)
    build_site(config, cache=kept)  # the dev server's way: the results stay in memory ...
    assert set(kept.results) == articles and not kept.results_spilled
    save_cache(config, kept)  # ... and are saved in the bulk
    assert not cache_file(config, "results").exists()
    stored = load_cache(config)
    stored.load_bulk()
    assert set(stored.results) == articles


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
