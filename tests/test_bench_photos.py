"""Smoke test of the photo benchmark (bench/photos.py) at N=2 with small photos: no timing assertions."""

from __future__ import annotations

import json
from pathlib import Path

from bench import photos, run


def test_photo_benchmark_measures_each_build_and_writes_its_section(tmp_path: Path) -> None:
    md = tmp_path / "BENCHMARKS.md"
    md.write_text(f"# Benchmarks\n\n## Results\n\nold results\n\n{run.PROFILE_HEADING}\n\nhand-written\n", "utf-8")
    argv = ["--articles", "2", "--size", "320x240", "--work", str(tmp_path / "work"), "--json",
            str(tmp_path / "photos.json"), "--write-md", str(md)]
    report = photos.main(argv)
    [size] = report["sizes"]
    for key in ("baseline", "empty_cache", "kept_store", "one_replaced"):
        [sample] = size[key]
        assert sample["returncode"] == 0 and sample["cpu"] > 0 and len(sample["load_before"]) == 3, key
    # the two photos and the body images of the articles' two years: one width each (WebP, JPEG), a share crop
    assert size["generated"]["photos"] == 2 and size["output_image_files"] == (2 + 2) * 3
    assert json.loads((tmp_path / "photos.json").read_text("utf-8"))["sizes"][0]["articles"] == 2
    text = md.read_text("utf-8")
    assert text.index("old results") < text.index(photos.HEADING) < text.index(run.PROFILE_HEADING)
    assert "| photos, one photo replaced (same name), rebuild |" in text and "hand-written" in text
    photos.main(argv[:-2] + ["--from-json", str(tmp_path / "photos.json"), "--write-md", str(md)])
    assert md.read_text("utf-8") == text  # the section is replaced, not added again
