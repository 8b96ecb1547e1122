"""Shared fixtures: scratch sites written from strings, and one build of the example site."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bangvang.cli import main

ROOT = Path(__file__).resolve().parent.parent
# "Now" for every build in the tests: the example site has an article scheduled for 2027, and golden
# pages must not change on the day it gets published.
TEST_NOW = "1795305600"  # 2026-11-22 00:00 UTC


@pytest.fixture(scope="session", autouse=True)
def pinned_now():
    import os

    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = TEST_NOW
    yield
    if before is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = before

@pytest.fixture(scope="session", autouse=True)
def interruptible_children():
    """Tests that press Ctrl+C (SIGINT) on a build or a publish need it to reach the program. A suite started
    in the background by a shell (`cmd &`, as CI wrappers and nohup do) inherits SIGINT ignored, and so
    would every program it starts: the program then finishes instead of stopping, and the test fails
    for a reason that is not the program's. With a handler installed here, children start with the
    default action again (exec resets caught signals), as they would from a terminal."""
    import signal

    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    yield


UNITS = """\
- id: tong-ldld
  name: Tổng Liên đoàn Lao động Việt Nam
  short: Tổng LĐLĐ Việt Nam
  aliases: [TLĐ]
- id: ldld-ha-noi
  name: Liên đoàn Lao động thành phố Hà Nội
  short: LĐLĐ TP Hà Nội
  parent: tong-ldld
- id: ldld-nam-tu-liem
  name: Liên đoàn Lao động quận Nam Từ Liêm
  parent: ldld-ha-noi
  until: 2025-06-30
  successor: ldld-ha-noi
- id: cdcs-fecon
  name: Công đoàn Công ty Cổ phần Fecon
  parent: ldld-nam-tu-liem
"""
CAMPAIGNS = """\
- id: lao-dong-gioi
  name: Lao động giỏi, lao động sáng tạo
  launched_by: tong-ldld
- id: gioi-viec-nuoc
  name: Giỏi việc nước, đảm việc nhà
"""
AWARDS = """\
- id: bang-lao-dong-sang-tao
  name: Bằng Lao động sáng tạo
  kind: khen-thuong
  for: ca-nhan
- id: bang-khen
  name: Bằng khen
  kind: khen-thuong
- id: co-thi-dua
  name: Cờ thi đua
  kind: danh-hieu
  for: tap-the
- id: giay-khen
  name: Giấy khen
  kind: khen-thuong
"""
SITE = """\
title: Trang thử
base_url: https://example.org/
per_page: 2
"""


def article(title: str = "Bài thử", date: str = "2021-06-06 19:51", unit: str = "ldld-ha-noi",
            extra: str = "", body: str = "Nội dung bài viết.") -> str:
    """A small valid article; `extra` is more front-matter lines."""
    front = f'title: "{title}"\ndate: {date}\nunit: {unit}\n' + textwrap.dedent(extra)
    return f"---\n{front}---\n{body}\n"


def photo(width: int = 64, height: int = 48, fmt: str = "PNG", colour=(180, 40, 40), **save) -> bytes:
    """A real image file made with Pillow: a coloured picture with a lighter band (for tests of the image step)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), colour)
    ImageDraw.Draw(image).rectangle((0, height // 3, width, 2 * height // 3), fill=(240, 220, 120))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


@pytest.fixture
def scratch_site(tmp_path: Path):
    """Writes a site from {relative path: text or bytes}; registries and site.yaml have defaults."""

    def make(files: dict[str, str | bytes], *, defaults: bool = True) -> Path:
        root = tmp_path / "site"
        base = {"site.yaml": SITE, "content/units.yaml": UNITS, "content/campaigns.yaml": CAMPAIGNS,
                "content/awards.yaml": AWARDS} if defaults else {}
        for rel, data in {**base, **files}.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        return root

    return make


def run_build(root: Path, *extra: str) -> tuple[int, str, str]:
    """`python build.py build` on a scratch site; returns (exit code, stdout, stderr)."""
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main(["build", "--config", str(root / "site.yaml"), *extra], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="session")
def example_output(tmp_path_factory) -> Path:
    """The repository's example site, built once per test session into a temporary folder."""
    out = tmp_path_factory.mktemp("example") / "output"
    code, _, err = _build_example(out)
    assert code == 0, err
    return out


def _build_example(out: Path, *extra: str) -> tuple[int, str, str]:
    import io

    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["build", "--config", str(ROOT / "site.yaml"), "--out", str(out), "--cache", str(out.parent / "cache"),
                 *extra], out=stdout, err=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current build instead of comparing")
