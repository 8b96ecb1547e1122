"""Smoke test of the build benchmark (bench/run.py) at N=20: no timing assertions.

Ours runs end to end: clean build, no-change rebuild, and the dev loop (`build.py serve` driven by the
benchmark's own websocket LiveReload client). Hugo, Hugo doing the same work (+ Pagefind) and Pelican
take part only when the `bench` extra is installed; CI installs the `test` extra only, and that is not a
failure.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bench import measure, run

N = 20


def test_benchmark_smoke(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    results, md = tmp_path / "results.json", tmp_path / "BENCHMARKS.md"
    report = run.main(["--articles", str(N), "--runs", "1", "--noop-runs", "1", "--edits", "2", "--title-edits", "1",
                       "--work", str(tmp_path / "work"), "--json", str(results), "--write-md", str(md)])
    printed = capsys.readouterr().out
    assert json.loads(results.read_text(encoding="utf-8"))["sizes"][0]["articles"] == N
    installed = set(report["tools"])
    assert "ours" in installed and installed | set(report["missing"]) == set(run.TOOLS)

    size = report["sizes"][0]
    for name in installed:
        clean = size["clean"][name]
        assert "failed" not in clean, clean.get("failed")
        assert clean["runs"] == 1 and clean["wall"] > 0 and clean["cpu"] > 0
        assert clean["pages"] > 0 and clean["files"] >= clean["pages"] and clean["bytes"] > 0
        assert clean["peak_rss"] >= clean["max_rss"] > 1_000_000
    if "hugo-same" in installed:  # awardee and year term pages, then Pagefind, all in one measured command
        same, plain = size["clean"]["hugo-same"], size["clean"]["hugo"]
        assert same["pages"] > plain["pages"] + N  # at least one awardee page per article, on average
        assert same["files"] - same["pages"] > plain["files"] - plain["pages"]  # the search bundle
        assert "pagefind" in same["peak_by_name"] and "hugo" in same["peak_by_name"]
        assert "| clean build | ours | hugo | hugo-same (+ Pagefind) |" in printed and "ours/hugo-same" in printed
    [noop] = size["noop"]["samples"]
    assert noop["returncode"] == 0 and noop["wall"] > 0
    assert noop["fresh"] or noop["code_changed"]  # bangvang/ edited during the test: the cache is keyed on it

    servers = {"ours"} | ({"hugo"} & installed)
    assert set(size["dev"]) == servers
    for name in servers:
        dev = size["dev"][name]
        assert "failed" not in dev, dev.get("failed")
        assert dev["startup"] > 0 and dev["server_rss"] > 0
        assert [s["k"] for s in dev["body"]] == [1, 2] and len(dev["title"]) == 1
        assert all(s["latency"] is not None and s["latency"] > 0 for s in dev["body"] + dev["title"])
        assert dev["visible"] == [True, True]  # the appended sentence is served after the reload
        assert dev["body_median"] > 0 and dev["title_median"] > 0
    # ours: the tab follows a retitled article to its new address, and the site settles after the save
    assert size["dev"]["ours"]["title_visible"] == [True]
    assert size["dev"]["ours"]["title_consistent_median"] >= size["dev"]["ours"]["title_median"]
    warm = size["dev"]["ours"]  # serve again after the stop: the stored preview, then the catch-up
    assert warm["warm_from_cache"] and warm["warm_startup"] > 0 and warm["warm_caught_up"] >= warm["warm_startup"]

    statuses = {(t["target"], t["status"]) for t in report["targets"]}
    assert len(statuses) == 11 and all(status in ("PASS", "GAP", "n/a") for _, status in statuses)
    assert "### N = 20 articles" in printed and "## Targets" in printed and "per 1,000 pages" in printed
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks") and "## Machine" in text and run.PROFILE_HEADING in text
    assert "save → server idle again (every page, open data, search), median (min – max) |" in text

    # --from-json re-renders without measuring and keeps a profile section written by hand
    md.write_text(text.replace("_Not written yet._", "Most of the time is in rendering."), encoding="utf-8")
    run.main(["--from-json", str(results), "--write-md", str(md)])
    again = md.read_text(encoding="utf-8")
    assert "Most of the time is in rendering." in again and "_Not written yet._" not in again
    assert again.count(run.PROFILE_HEADING) == 1

    # two runs merged into one report: both sizes, the second run's command listed
    second = json.loads(results.read_text(encoding="utf-8"))
    second["command"] = "python bench/run.py --articles 40 --only ours"
    second["sizes"][0]["articles"] = 40
    other = tmp_path / "second.json"
    other.write_text(json.dumps(second), encoding="utf-8")
    merged = run.main(["--from-json", str(results), "--from-json", str(other), "--write-md", str(md)])
    assert [s["articles"] for s in merged["sizes"]] == [N, 40]
    text = md.read_text(encoding="utf-8")
    assert "### N = 20 articles" in text and "### N = 40 articles" in text
    assert "Merged from a later run" in text and "--articles 40 --only ours" in text
    assert "Most of the time is in rendering." in text


def test_a_second_run_of_one_tool_replaces_only_that_tool() -> None:
    """`--only ours` again after a change to ours: its clean build, no-change rebuilds and dev loop replace
    the first run's, the other tools' figures stay; another site (seed) replaces the whole size."""
    def size(seed: int, tools: dict, noop: dict) -> dict:
        return {"articles": 1000, "seed": seed, "generated": {"fingerprint": "f"}, "clean": tools,
                "noop": noop, "dev": {name: {"mode": name} for name in tools if name != "pelican"}}

    def report(command: str, tools: dict, *sizes: dict) -> dict:
        return {"command": command, "date": "d", "work": "w", "machine": {"work_fs": {"type": "tmpfs"}},
                "tools": tools, "sizes": list(sizes)}

    first = report("all", {"ours": "a1", "hugo": "0.1", "pelican": "4"},
                   size(1, {"ours": {"wall": 9}, "hugo": {"wall": 1}, "pelican": {"wall": 5}}, {"wall": 0.5}))
    again = report("--only ours", {"ours": "b2"}, size(1, {"ours": {"wall": 7}}, {"wall": 0.2}))
    merged = run.merge_reports([first, again])
    [one] = merged["sizes"]
    assert one["clean"] == {"ours": {"wall": 7}, "hugo": {"wall": 1}, "pelican": {"wall": 5}}
    assert one["noop"] == {"wall": 0.2} and one["dev"] == {"ours": {"mode": "ours"}, "hugo": {"mode": "hugo"}}
    assert merged["tools"] == {"ours": "b2", "hugo": "0.1", "pelican": "4"}
    assert [a["command"] for a in merged["also"]] == ["--only ours"]
    other_site = report("--seed 2", {"ours": "b2"}, size(2, {"ours": {"wall": 8}}, {"wall": 0.3}))
    [replaced] = run.merge_reports([first, other_site])["sizes"]
    assert replaced["clean"] == {"ours": {"wall": 8}} and replaced["seed"] == 2


def test_the_slowest_title_edit_is_shown_beside_the_median() -> None:
    """A server's first edit can settle far later than the next ones (what its first build left it): the
    median of three alone hid a 27 s first edit behind 5 s."""
    dev = {"title": [{"consistent": 27.53}, {"consistent": 5.141}, {"consistent": 5.1}, {"latency": None}]}
    assert run.consistent_spread(dev) == "5.14 s (5.10 s – 27.5 s)"
    assert run.consistent_spread({"title": [{"latency": None}]}) == "—"


def test_code_versions_are_told_apart_size_by_size() -> None:
    """Sizes measured by different merged runs, each at its own commit, raise no warning; a size whose
    figures come from two versions of our code is named."""
    def size(n: int, clean: str, noop: str, dev: str) -> dict:
        return {"articles": n, "clean": {"ours": {"samples": [{"code": clean}]}},
                "noop": {"samples": [{"code": noop}]}, "dev": {"ours": {"code": dev}}}

    assert run.version_warnings({"sizes": [size(1000, "a", "a", "a"), size(100000, "b", "b", "b")]}) == []
    [warning, _] = run.version_warnings({"sizes": [size(1000, "a", "a", "a"), size(10000, "a", "b", "a")]})
    assert "N = 10,000 come from 2 versions" in warning and "a, b" in warning


@pytest.mark.parametrize("walk", ["children", "psutil", "scan"])
def test_process_tree_is_measured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, walk: str) -> None:
    """A child holding 64 MB under a parent: the tree's sum exceeds the largest process; CPU counts the child.

    walk: how the tree is found (the kernel's children lists, psutil, or a scan of /proc).
    """
    if walk == "children" and not measure.CHILDREN_FILES:
        pytest.skip("no /proc/PID/task/TID/children on this kernel")
    if walk == "psutil":  # a test dependency (the `test` extra): missing it fails, never skips
        assert measure.psutil is not None, "psutil is missing: pip install -e '.[test]'"
    if walk != "children":
        monkeypatch.setattr(measure, "CHILDREN_FILES", False)
    if walk == "scan":
        monkeypatch.setattr(measure, "psutil", None)
    child = "b = bytearray(64 * 2**20); import time\nwhile time.process_time() < 0.4: pass"  # 0.4 s of CPU
    parent = f"import subprocess, sys; x = bytearray(16 * 2**20); subprocess.run([sys.executable, '-c', {child!r}])"
    m = measure.run_measured([sys.executable, "-c", parent], tmp_path, tmp_path / "log")
    assert m.returncode == 0 and m.samples > 5
    assert m.max_rss > 64 * 2**20
    assert m.peak_rss > m.max_rss + 8 * 2**20
    assert m.cpu >= 0.4  # the child's busy loop, reaped by the parent, is in wait4's rusage
