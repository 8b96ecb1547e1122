"""Smoke test for the benchmark site generator (bench/generate.py): fast, no Hugo or Pelican needed."""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.generate import generate

N = 20
SEED = 7


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def front_matter(path: Path) -> tuple[dict, str]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def test_same_seed_gives_identical_trees(tmp_path: Path) -> None:
    first = generate(N, SEED, tmp_path / "a")
    second = generate(N, SEED, tmp_path / "b")
    assert first == second
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert tree(tmp_path / "a") != tree(generate_other_seed(tmp_path))


def generate_other_seed(tmp_path: Path) -> Path:
    generate(N, SEED + 1, tmp_path / "c")
    return tmp_path / "c"


def test_our_format(tmp_path: Path) -> None:
    stats = generate(N, SEED, tmp_path)
    ours = tmp_path / "ours"
    site = yaml.safe_load((ours / "site.yaml").read_text(encoding="utf-8"))
    assert site["language"] == "vi" and site["timezone"] == "Asia/Ho_Chi_Minh" and site["per_page"] == 10
    for registry in ("units", "campaigns", "awards"):
        assert yaml.safe_load((ours / "content" / f"{registry}.yaml").read_text(encoding="utf-8"))
    articles = sorted((ours / "content" / "tin-tuc").glob("*/*.md"))
    assert len(articles) == N == stats["articles"]
    for path in articles:
        meta, body = front_matter(path)
        assert {"title", "date", "unit"} <= meta.keys(), path
        assert path.parent.name == meta["date"][:4]
        words = sum(1 for token in body.split() if any(c.isalnum() for c in token))
        assert 600 <= words <= 900, (path, words)
        assert body.count("\n## ") >= 2 and "\n- " in body and "](anh/" in body
    honours = sum(len(front_matter(p)[0].get("awardees", [])) for p in articles)
    assert honours == stats["honours"] + stats["counted_lines"]


def test_hugo_and_pelican_trees(tmp_path: Path) -> None:
    generate(N, SEED, tmp_path)
    hugo, pelican = tmp_path / "hugo", tmp_path / "pelican"
    config = yaml.safe_load((hugo / "hugo.yaml").read_text(encoding="utf-8"))
    assert config["taxonomies"] == {"unit": "units", "campaign": "campaigns"}
    for layout in ("baseof.html", "home.html", "page.html", "taxonomy.html", "term.html"):
        assert (hugo / "layouts" / layout).is_file(), layout
    hugo_articles = sorted((hugo / "content" / "tin-tuc").glob("*.md"))
    assert len(hugo_articles) == N
    meta, _ = front_matter(hugo_articles[0])
    assert meta["units"] and meta["date"].tzinfo is not None
    assert (pelican / "pelicanconf.py").is_file()

    # Hugo doing the same work: awardee and year taxonomies over the same articles
    same = tmp_path / "hugo-same"
    config = yaml.safe_load((same / "hugo.yaml").read_text(encoding="utf-8"))
    assert config["taxonomies"] == {"unit": "units", "campaign": "campaigns", "person": "people", "year": "years"}
    for layout in ("people/term.html", "years/term.html"):
        assert (same / "layouts" / layout).is_file(), layout
    assert "data-pagefind-body" in (same / "layouts" / "page.html").read_text(encoding="utf-8")
    same_articles = sorted((same / "content" / "tin-tuc").glob("*.md"))
    assert [p.name for p in same_articles] == [p.name for p in hugo_articles]
    people: dict[str, set] = {}
    for path in same_articles:
        meta, _ = front_matter(path)
        named = [a for a in meta["params"].get("awardees", []) if "name" in a]
        assert meta["people"] == list(dict.fromkeys(a["person"] for a in named))
        assert meta["years"] == sorted({a["year"] for a in meta["params"].get("awardees", [])})
        for a in named:
            people.setdefault(a["person"], set()).add(a.get("id") or a["name"])
    assert people and all(len(names) == 1 for names in people.values())  # one term, one awardee
    pelican_articles = sorted((pelican / "content").glob("*.md"))
    assert len(pelican_articles) == N
    head = pelican_articles[0].read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert {line.split(":", 1)[0] for line in head.splitlines()} >= {"Title", "Date", "Category", "Slug"}


def test_title_slugs_are_ours() -> None:
    """The generator writes `slug:` only for clashes, so its slug of a title must be bangvang's: otherwise two
    titles it thinks distinct share a URL (at N=100,000: "1,1 tỷ" and "11 tỷ", and titles cut at 150)."""
    import random

    from bangvang.text import slugify
    from bench.generate import build_dataset, title_slug

    titles = [a.title for a in build_dataset(3000, 1).articles]
    titles += ["Làm lợi 1,1 tỷ đồng", "Làm lợi 11 tỷ đồng", "Ngày 2,5 – 3,5", "“Xây dựng” " * 30]
    random.Random(1).shuffle(titles)
    assert [title_slug(t) for t in titles] == [slugify(t, 150) for t in titles]


def test_photos_are_camera_sized_deterministic_jpegs_that_our_articles_use(tmp_path: Path) -> None:
    import io

    from PIL import Image

    generate(3, SEED, tmp_path / "a", photos=(640, 480), only=["ours"])
    generate(3, SEED, tmp_path / "b", photos=(640, 480), only=["ours"])
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert not (tmp_path / "a/hugo").exists()
    ours = tmp_path / "a/ours/content/tin-tuc"
    for path in sorted(ours.glob("*/*.md")):
        meta, _ = front_matter(path)
        photo = path.parent / meta["image"]
        assert meta["image"] == f"anh/{path.stem}.jpg" and meta["image_caption"].startswith("Ảnh: ")
        with Image.open(io.BytesIO(photo.read_bytes())) as image:
            assert (image.format, image.size) == ("JPEG", (640, 480))
            assert image.getexif().get_ifd(0x8825)  # a camera's GPS position, for the image step to strip
    assert len({p.read_bytes() for p in ours.glob("*/anh/*.jpg")}) == 3
