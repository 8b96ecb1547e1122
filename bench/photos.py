"""Photo benchmark: what the image step costs, and what its cache saves (bench/README.md, "Photos").

    python bench/photos.py --articles 100 [--seed 1] [--size 4000x3000] [--runs 2] [--work DIR]
                           [--json FILE] [--write-md [FILE]]

The benchmark site of bench/generate.py, ours only, twice: as it is, and with one camera-sized JPEG
per article (`--photos`: 12 MP, about 2 MB, EXIF and GPS included). Measured, each as a whole
`python build.py build` (wall time, CPU of the process tree, peak memory):

- without photos, empty cache: the baseline;
- with photos, empty cache: every photo processed (the image step's cost is the difference);
- with photos, a clean output and a fresh build cache but the image store kept (`.bangvang-cache/images`
  survives `rm -rf output`): no photo processed again;
- with photos, one photo replaced (same name, new bytes) after a build: the incremental rebuild.

The load average is recorded before every measurement: on a shared machine, CPU seconds are the
figure to compare, wall time depends on the neighbours. --write-md puts the section into
BENCHMARKS.md (replacing an earlier one); bench/run.py --write-md keeps it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

if __package__ in (None, ""):  # run as a script: make the repo root importable for `bench.*`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import measure  # noqa: E402
from bench.generate import PHOTO_SIZE, camera_photo, generate  # noqa: E402
from bench.run import (DEFAULT_WORK, PHOTOS_HEADING, PROFILE_HEADING, ROOT, code_fingerprint, find_ours,  # noqa: E402
                       generator_fingerprint, log)

HEADING = PHOTOS_HEADING


def prepare(work: Path, n: int, seed: int, size: tuple[int, int]) -> tuple[Path, Path, dict]:
    """work/photos-n<N>-s<seed>-<W>x<H>/{plain,photos}/ours: generated once, reused while the generator
    is unchanged."""
    base = work / f"photos-n{n}-s{seed}-{size[0]}x{size[1]}"
    stamp = base / "generated.json"
    fingerprint = generator_fingerprint()
    if stamp.is_file():
        info = json.loads(stamp.read_text(encoding="utf-8"))
        if info.get("fingerprint") == fingerprint:
            return base / "plain/ours", base / "photos/ours", info | {"reused": True}
    stamp.unlink(missing_ok=True)
    log(f"generating N={n:,} seed={seed}, photos {size[0]}x{size[1]}, into {base} ...")
    started = time.perf_counter()
    generate(n, seed, base / "plain", only=["ours"])
    stats = generate(n, seed, base / "photos", photos=size, only=["ours"])
    photos = sorted((base / "photos/ours/content").rglob("*.jpg"))
    info = {"fingerprint": fingerprint, "articles": n, "seed": seed, "size": list(size), "photos": len(photos),
            "photo_bytes": sum(p.stat().st_size for p in photos), "bytes": stats["bytes"],
            "seconds": round(time.perf_counter() - started, 1)}
    stamp.write_text(json.dumps(info), encoding="utf-8")
    log(f"  generated {len(photos):,} photos ({info['photo_bytes'] / 1e6:,.0f} MB) in {info['seconds']} s")
    return base / "plain/ours", base / "photos/ours", info


def build(site: Path, out: Path, cache: Path, logfile: Path, timeout: float) -> dict:
    """One `build` of site into out with cache, measured; with the load average just before it."""
    load = [round(x, 2) for x in os.getloadavg()]
    os.sync()
    cmd = [*find_ours().exe, "build", "--config", str(site / "site.yaml"), "--out", str(out), "--cache", str(cache)]
    m = measure.run_measured(cmd, site, logfile, timeout=timeout)
    if m.returncode != 0 or m.timed_out:
        raise SystemExit(f"build failed ({m.returncode}): {logfile.read_text('utf-8', 'replace')[-2000:]}")
    return m.as_dict() | {"load_before": load, "load_after": [round(x, 2) for x in os.getloadavg()]}


def fresh(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def folder_bytes(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def measure_size(work: Path, n: int, seed: int, size: tuple[int, int], runs: int, timeout: float) -> dict:
    plain, photos, generated = prepare(work, n, seed, size)
    scratch = work / "photos-scratch"
    fresh(scratch)
    scratch.mkdir(parents=True)
    out, cache = scratch / "out", scratch / "cache"
    code = code_fingerprint()
    result: dict = {"articles": n, "seed": seed, "size": list(size), "generated": generated, "code": code,
                    "runs": runs, "baseline": [], "empty_cache": [], "kept_store": [], "one_replaced": []}
    for r in range(runs):
        fresh(out, cache)
        result["baseline"].append(build(plain, out, cache, scratch / "baseline.log", timeout))
        log(f"  [{r + 1}/{runs}] no photos, empty cache: {brief(result['baseline'][-1])}")
        fresh(out, cache)
        result["empty_cache"].append(build(photos, out, cache, scratch / "empty.log", timeout))
        log(f"  [{r + 1}/{runs}] photos, empty cache: {brief(result['empty_cache'][-1])}")
        result["store_bytes"] = folder_bytes(cache / "images")
        published = [p for p in out.rglob("*") if p.suffix in (".jpg", ".webp", ".avif") and "theme" not in p.parts]
        result["output_image_bytes"] = sum(p.stat().st_size for p in published)  # the photos' (not the site's card)
        result["output_image_files"] = len(published)
        fresh(out)
        for build_cache in cache.glob("build-*"):
            build_cache.unlink()
        result["kept_store"].append(build(photos, out, cache, scratch / "kept.log", timeout))
        log(f"  [{r + 1}/{runs}] photos, clean output, image store kept: {brief(result['kept_store'][-1])}")
        victim = sorted((photos / "content").rglob("*.jpg"))[r]
        original = victim.read_bytes()
        try:
            victim.write_bytes(camera_photo(f"bangvang-bench:replaced:{r}", size))
            result["one_replaced"].append(build(photos, out, cache, scratch / "replaced.log", timeout))
            log(f"  [{r + 1}/{runs}] photos, one replaced, rebuild: {brief(result['one_replaced'][-1])}")
        finally:
            victim.write_bytes(original)
    result["code_changed"] = code_fingerprint() != code
    fresh(scratch)
    return result


def brief(m: dict) -> str:
    return (f"{m['wall']:7.2f} s wall, {m['cpu']:7.2f} s CPU, {m['peak_rss'] / 2**20:5.0f} MiB peak "
            f"(load {m['load_before'][0]:.1f})")


def med(samples: list[dict], key: str) -> float:
    return statistics.median(s[key] for s in samples)


def section(report: dict) -> str:
    m = report["machine"]
    lines = [HEADING, "",
             f"Written by `bench/photos.py` on {report['date']}; command: `{report['command']}`.", "",
             f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM; {m['os']}; Python {m['python']}; "
             f"ours at git {m['ours']}; work folder on {m['work_fs']['type']}. **Shared machine**: load averages "
             "(1 min) before each build are in the table; compare CPU seconds, wall time depends on the neighbours.", "",
             "Besides the articles' photos, the image step also processes each year's small body image (a PNG, "
             "there without photos too; it is in the baseline). What is generated, what is measured, and the "
             "encoder settings weighed: bench/README.md, \"Photos\".", ""]
    for s in report["sizes"]:
        g, n = s["generated"], s["articles"]
        lines += [f"### N = {n:,} articles, one {s['size'][0]}×{s['size'][1]} JPEG each "
                  f"({g['photo_bytes'] / max(1, g['photos']) / 1e6:.1f} MB on average, {g['photo_bytes'] / 1e6:,.0f} MB)",
                  "", f"Medians of {s['runs']} run(s).", "",
                  "| build | wall | CPU | peak memory | load (1 min) before |", "|---|---:|---:|---:|---:|"]
        for key, label in (("baseline", "no photos, empty cache (baseline)"),
                           ("empty_cache", "photos, empty cache (every photo processed)"),
                           ("kept_store", "photos, clean output and build cache, image store kept"),
                           ("one_replaced", "photos, one photo replaced (same name), rebuild")):
            samples = s[key]
            loads = ", ".join(f"{x['load_before'][0]:.1f}" for x in samples)
            lines.append(f"| {label} | {med(samples, 'wall'):.1f} s | {med(samples, 'cpu'):.1f} s | "
                         f"{max(x['peak_rss'] for x in samples) / 2**20:,.0f} MiB | {loads} |")
        step_cpu = med(s["empty_cache"], "cpu") - med(s["baseline"], "cpu")
        step_wall = med(s["empty_cache"], "wall") - med(s["baseline"], "wall")
        lines += ["", f"- The image step: {step_cpu:.1f} s CPU ({step_cpu / n:.2f} s a photo), {step_wall:.1f} s wall "
                      f"over the baseline; the store makes a clean rebuild cost "
                      f"{med(s['kept_store'], 'cpu') - med(s['baseline'], 'cpu'):+.1f} s CPU over the baseline.",
                  f"- Published: {s['output_image_files']:,} image files, {s['output_image_bytes'] / 1e6:,.1f} MB "
                  f"({s['output_image_bytes'] / max(1, g['photos']) / 1e3:,.0f} KB a photo, against "
                  f"{g['photo_bytes'] / max(1, g['photos']) / 1e3:,.0f} KB of camera JPEG); image store "
                  f"{s['store_bytes'] / 1e6:,.1f} MB.", ""]
        if s.get("code_changed"):
            lines += ["**Warning: our code changed during this measurement.**", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_section(text: str, path: Path) -> None:
    """Put the section into BENCHMARKS.md: in place of an earlier one, else before the profile."""
    old = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmarks\n"
    if HEADING in old:
        before, after = old.split(HEADING, 1)
        rest = after.split("\n## ", 1)
        new = before + text + ("\n## " + rest[1] if len(rest) > 1 else "")
    elif PROFILE_HEADING in old:
        before, after = old.split(PROFILE_HEADING, 1)
        new = before + text + "\n" + PROFILE_HEADING + after
    else:
        new = old.rstrip("\n") + "\n\n" + text
    path.write_text(new, encoding="utf-8")


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError("WIDTHxHEIGHT, e.g. 4000x3000") from None
    return width, height


def main(argv: Sequence[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python bench/photos.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default="100", help="comma-separated N (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=parse_size, default=PHOTO_SIZE, help="photo size (default 4000x3000)")
    parser.add_argument("--runs", type=int, default=1, help="rounds per N (default 1)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--json", type=Path, help="also write the raw results here (default WORK/photos-run.json)")
    parser.add_argument("--from-json", type=Path, action="append",
                        help="measure nothing: report an earlier run (given twice or more: their sizes together)")
    parser.add_argument("--write-md", nargs="?", type=Path, const=ROOT / "BENCHMARKS.md", metavar="FILE")
    args = parser.parse_args(argv)
    if args.from_json:
        reports = [json.loads(path.read_text(encoding="utf-8")) for path in args.from_json]
        report = reports[0] | {"sizes": sorted((s for r in reports for s in r["sizes"]), key=lambda s: s["articles"])}
        if len(reports) > 1:
            report["command"] = "; ".join(r["command"] for r in reports)
            report["date"] = " and ".join(dict.fromkeys(r["date"] for r in reports))
    else:
        args.work.mkdir(parents=True, exist_ok=True)
        report = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                  "command": "python bench/photos.py " + " ".join(argv if argv is not None else sys.argv[1:]),
                  "machine": measure.machine(args.work, ROOT), "sizes": []}
        for n in (int(x) for x in args.articles.split(",")):
            report["sizes"].append(measure_size(args.work, n, args.seed, args.size, args.runs, args.timeout))
        path = args.json or args.work / "photos-run.json"
        path.write_text(json.dumps(report, indent=1), encoding="utf-8")
    text = section(report)
    print(text)
    if args.write_md:
        write_section(text, args.write_md)
    return report


if __name__ == "__main__":
    main()
