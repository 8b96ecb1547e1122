"""The bad-input suite: one fixture folder per case of RELIABILITY.md section 2, run through the CLI.

Each folder under cases/ holds `case.yaml` (what to expect) and `site/` (files laid over a small valid
site). The runner first builds the valid site, then lays the case over it and runs the command(s) the
case names. Whatever the case, it asserts:

- no traceback and never exit code 2 (an editor's mistake is never a generator bug);
- every problem line is `path:line[:col]: ...` in Vietnamese;
- on failure: output/ byte-for-byte as before, no temporary folder left, nothing written outside
  output/ but the cache and the lock file; the summary counts every problem of the run;
- on success: the output holds no javascript:/vbscript:/data:/file: URL (a post-build scan).

Cases about the build's lifecycle (signals, locks, the dev server, determinism) cannot be described by
files alone: their case.yaml says `driver: lifecycle` and test_lifecycle.py runs them.

case.yaml keys: `case` (the number in RELIABILITY.md), `title`, `setup` (actions before the runs),
`runs` (or the keys of a single run at the top level). A run: `command` (build), `args`, `exit`,
`errors` / `warnings` (counts in the summary), `messages` (each `at`: the start of a stderr line,
`has`: texts in that line), `lacks` (texts in no stderr line), `output` (`has`/`lacks`: {file: [texts]},
`exists`/`missing`: [files]), `twin` (the output equals that of the case's twin/ folder), `budget`
(seconds the run may take: the stated limit of a pathological input), `longest_name` (bytes).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

from bangvang.cli import main
from bangvang.ledger import LEDGER_NAME
from tests.conftest import AWARDS, CAMPAIGNS, SITE, UNITS, article
from tests.sitecheck import script_urls, tree_bytes

CASES = Path(__file__).parent / "cases"
RELIABILITY_CASES = range(1, 51)
BASE_ARTICLE = article("Bài cơ sở của bộ thử", extra='awardees:\n  - name: "Lê Văn Phước"\n    award: bang-khen\n')
BASE_FILES = {"site.yaml": SITE, "content/units.yaml": UNITS, "content/campaigns.yaml": CAMPAIGNS,
              "content/awards.yaml": AWARDS, "content/tin-tuc/2021/co-so.md": BASE_ARTICLE}
PROBLEM_LINE = re.compile(r"^(content|templates|theme|site\.yaml|/)[^\s:]*(:\d+)?(:\d+)?: ")
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.IGNORECASE)
ALLOWED_OUTSIDE = (".bangvang-cache/", ".output.lock")


def outside_output_of(before: dict[str, bytes], succeeded: bool) -> dict[str, bytes]:
    return {rel: data for rel, data in before.items() if not (succeeded and rel == LEDGER_NAME)}


def load_case(folder: Path) -> dict:
    spec = yaml.safe_load((folder / "case.yaml").read_text("utf-8"))
    assert isinstance(spec.get("case"), int) and spec.get("title"), f"{folder.name}: case and title are required"
    return spec


def all_cases() -> list[tuple[str, dict]]:
    return [(folder.name, load_case(folder)) for folder in sorted(CASES.iterdir()) if folder.is_dir()]


def content_cases() -> list:
    return [pytest.param(name, spec, id=name) for name, spec in all_cases() if spec.get("driver") != "lifecycle"]


def test_every_case_of_the_reliability_list_has_a_fixture_folder():
    numbers = sorted(spec["case"] for _, spec in all_cases())
    assert set(numbers) >= set(RELIABILITY_CASES), set(RELIABILITY_CASES) - set(numbers)


def test_every_lifecycle_case_has_its_test():
    from tests.badinput import test_lifecycle

    for name, spec in all_cases():
        if spec.get("driver") == "lifecycle":
            assert hasattr(test_lifecycle, f"test_{name.replace('-', '_')}"), name


# --- running a case ------------------------------------------------------------------------------


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def lay_over(source: Path, root: Path) -> None:
    """Copy a case's site/ over the valid site: bytes and file names exactly as stored."""
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        target = root / path.relative_to(source)
        if path.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            target.symlink_to(os.readlink(path))
        elif path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def fresh_site(tmp: Path, name: str) -> Path:
    root = tmp / name
    write_files(root, BASE_FILES)
    return root


def run_cli(root: Path, command: str, args: list[str]) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    argv = [command, "--config", str(root / "site.yaml"), *[a.replace("{root}", str(root)) for a in args]]
    started = time.monotonic()
    cwd = os.getcwd()
    os.chdir(root)  # relative --out and the like are the editor's own folder
    try:
        code = main(argv, out=out, err=err)
    finally:
        os.chdir(cwd)
    return code, out.getvalue(), err.getvalue(), time.monotonic() - started


def outside_output(root: Path, ledger: bool = True) -> dict[str, bytes]:
    """Every file of the site folder except the published output, the cache and the lock (and the address
    ledger when `ledger` is False: a successful build adds its pages' addresses to it)."""
    files = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel == "output" or rel.startswith("output/") or rel.startswith(ALLOWED_OUTSIDE):
            continue
        if rel == LEDGER_NAME and not ledger:
            continue
        if path.is_symlink():
            files[rel] = b"-> " + os.fsencode(os.readlink(path))
        elif path.is_file():
            files[rel] = path.read_bytes()
        else:
            files[rel + "/"] = b""
    return files


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if re.match(r"\.output\.(new|old|view)-", p.name))


@pytest.mark.parametrize("name,spec", content_cases())
def test_case(name: str, spec: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = CASES / name
    root = fresh_site(tmp_path, "site")
    code, _, err, _ = run_cli(root, "build", [])
    assert code == 0, err
    published = tree_bytes(root / "output")
    lay_over(folder / "site", root)
    from tests.badinput import setups

    for action in spec.get("setup", []):
        setups.apply(action, root, tmp_path, monkeypatch)
    before = outside_output(root)
    for number, run in enumerate(spec.get("runs") or [spec], 1):
        check_run(name, number, run, folder, root, tmp_path, published, before)


def check_run(name: str, number: int, run: dict, folder: Path, root: Path, tmp_path: Path,
              published: dict[str, bytes], before: dict[str, bytes]) -> None:
    label = f"{name} run {number}"
    command = run.get("command", "build")
    code, out, err, seconds = run_cli(root, command, list(run.get("args", [])))
    text = out + err  # build reports on stderr, check on stdout
    lines = text.splitlines()
    assert "Traceback" not in text and code != 2, f"{label}: {err}"
    assert code == run.get("exit", 1), f"{label}: exit {code}\n{out}\n{err}"
    for line in lines:
        if PROBLEM_LINE.match(line):
            assert VIETNAMESE.search(line), f"{label}: not Vietnamese: {line}"
    for message in run.get("messages", []):
        wanted = [message["at"], *message.get("has", [])]
        assert any(line.startswith(message["at"]) and all(t in line for t in message.get("has", []))
                   for line in lines), f"{label}: no line with {wanted} in:\n{text}"
    for unwanted in run.get("lacks", []):
        assert unwanted not in text, f"{label}: {unwanted!r} in:\n{text}"
    if "errors" in run:
        summary = rf"(Dựng thất bại|Kiểm tra xong|Chưa tạo bài mới): {run['errors']} lỗi\b"
        assert re.search(summary, text), f"{label}: not {run['errors']} errors:\n{text}"
    if "warnings" in run:
        found = sum(1 for line in lines if PROBLEM_LINE.match(line) and ": cảnh báo: " in line)
        assert found == run["warnings"], f"{label}: {found} warnings in:\n{text}"
    if "budget" in run:
        assert seconds < run["budget"], f"{label}: {seconds:.1f} s, budget {run['budget']} s"
    output = root / run.get("output_dir", "output")
    if code != 0 and command == "build":
        assert tree_bytes(root / "output") == published, f"{label}: output/ changed on a failed build"
        assert leftovers(root) == [], f"{label}: {leftovers(root)}"
    if command != "build":
        assert tree_bytes(root / "output") == published, f"{label}: {command} wrote into output/"
    succeeded = code == 0 and command == "build"
    assert outside_output(root, ledger=not succeeded) == outside_output_of(before, succeeded), \
        f"{label}: files outside output/ changed"
    if output.is_dir():
        assert script_urls(output) == [], label
    if "longest_name" in run:  # bytes of one path component: 255 is the limit of common filesystems
        longest = max(len(part.encode()) for path in output.rglob("*") for part in path.relative_to(output).parts)
        assert longest <= run["longest_name"], f"{label}: a file name of {longest} bytes"
    check_output(label, run.get("output", {}), output)
    if run.get("twin"):
        twin_root = fresh_site(tmp_path, "twin")
        lay_over(folder / "twin", twin_root)
        twin_code, _, twin_err, _ = run_cli(twin_root, "build", list(run.get("args", [])))
        assert twin_code == 0, twin_err
        assert tree_bytes(output) == tree_bytes(twin_root / "output"), f"{label}: output differs from the twin's"


def check_output(label: str, expected: dict, output: Path) -> None:
    for rel in expected.get("exists", []):
        assert (output / rel).is_file(), f"{label}: {rel} missing"
    for rel in expected.get("missing", []):
        assert not (output / rel).exists(), f"{label}: {rel} exists"
    for rel, texts in expected.get("has", {}).items():
        text = (output / rel).read_text("utf-8-sig")
        for wanted in texts:
            assert wanted in text, f"{label}: {wanted!r} not in {rel}"
    for rel, texts in expected.get("lacks", {}).items():
        # "*": every file read as markup; the CSV export is data and keeps the text as written
        files = sorted(output.rglob("*")) if rel == "*" else [output / rel]
        for path in files:
            if path.is_file() and (path.suffix in (".html", ".xml", ".json", ".txt", ".js") or rel != "*"):
                text = path.read_text("utf-8-sig", errors="replace")
                for unwanted in texts:
                    assert unwanted not in text, f"{label}: {unwanted!r} in {path.relative_to(output)}"
