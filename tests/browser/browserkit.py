"""Helpers for the browser tests: tool paths, site builds, the scratch site, a loopback server."""

from __future__ import annotations

import functools
import io
import os
import threading
import unicodedata
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bangvang.cli import main
from tests.conftest import AWARDS, CAMPAIGNS, UNITS

CHROMIUM = Path(os.environ.get("BANGVANG_CHROMIUM", "/usr/bin/chromium"))
TOOLS = Path(os.environ.get("BANGVANG_TOOLS", Path.home() / ".cache" / "bangvang-tools"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INSTALL = "bash tests/browser/install_tools.sh"
PHONE = {"width": 360, "height": 740}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}


def need(path: Path, what: str) -> Path:
    """The path of a required tool; fails the test (never skips) with the install command."""
    if not path.exists():
        pytest.fail(f"{what} is missing ({path}). Install the browser-test tools: {INSTALL}", pytrace=False)
    return path


def axe_source() -> str:
    return need(TOOLS / "node_modules/axe-core/axe.min.js", "axe-core 4.14.1 (npm)").read_text("utf-8")


def vnu_jar() -> Path:
    return need(TOOLS / "node_modules/vnu-jar/build/dist/vnu.jar", "vnu-jar 26.9.27 (npm)")


def build(config: Path, out: Path, *, content: Path | None = None) -> Path:
    """Build a site with the CLI, then index it with Pagefind as the published site is."""
    stderr = io.StringIO()
    args = ["build", "--config", str(config), "--out", str(out), "--cache", str(out.parent / "cache")]
    if content:
        args += ["--content", str(content)]
    code = main(args, out=io.StringIO(), err=stderr)
    assert code == 0, stderr.getvalue()
    assert (out / "pagefind" / "p000" / "pagefind.js").exists(), "the build writes the search index"
    return out


# -- a scratch site with a long roll --------------------------------------------------------------------
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Đỗ", "Đinh", "Bùi", "Vũ", "Phan", "Dương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quang", "Ngọc", "Thanh"]
GIVEN = ["Hùng", "Hưng", "Đạt", "Đức", "An", "Bình", "Lan", "Hà", "Toàn", "Dũng", "Duy", "Ân", "Nga", "Long", "Sơn",
         "Tâm", "Thảo", "Yến", "Khoa", "Phúc"]
TARGET = "Đoàn Thị Đào"  # only in 2019, lowest award: on the last page of /bang-vang/ and of /bang-vang/2019/
BIG_ROLL_PAGE = 50


def big_names(start: int, count: int) -> list[str]:
    names = []
    i = start
    while len(names) < count:
        names.append(f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i // 3) % len(MIDDLE)]} {GIVEN[(i * 7) % len(GIVEN)]}")
        i += 1
    return names


def big_article(year: int, names: list[str], award: str, extra: list[tuple[str, str]] = ()) -> str:
    lines = ["---", f'title: "Biểu dương {len(names) + len(extra)} người lao động tiêu biểu năm {year}"',
             f"date: {year}-12-20 09:00", "unit: cdcs-fecon", "campaign: lao-dong-gioi", "awardees:"]
    for i, name in enumerate(names):
        lines += [f'  - name: "{name}"', f"    award: {award}",
                  f'    position: "Công nhân tổ Đúc số {i % 9 + 1}, phân xưởng Cơ điện, Công ty Cổ phần Fecon"']
    for name, other in extra:
        lines += [f'  - name: "{name}"', f"    award: {other}", '    position: "Đoàn viên công đoàn bộ phận Điều hành"']
    lines += ["---", f"Công đoàn cơ sở Công ty Cổ phần Fecon biểu dương người lao động tiêu biểu năm {year}, "
                     "đẩy mạnh phong trào thi đua lao động giỏi, lao động sáng tạo trong toàn Công ty.", ""]
    return "\n".join(lines)


def write_big_site(root: Path) -> Path:
    files = {
        "site.yaml": f'title: "Trang thử bảng vàng"\nbase_url: "https://example.org/"\nper_page: 5\n'
                     f"roll_page_size: {BIG_ROLL_PAGE}\n",
        "content/units.yaml": UNITS, "content/campaigns.yaml": CAMPAIGNS, "content/awards.yaml": AWARDS,
    }
    nfd_hung = unicodedata.normalize("NFD", "Nguyễn Văn Hùng")  # an editor's NFD file: normalised on read
    files["content/tin-tuc/2022.md"] = big_article(2022, big_names(0, 45), "bang-khen", [(nfd_hung, "giay-khen")])
    files["content/tin-tuc/2021.md"] = big_article(2021, big_names(45, 45), "bang-khen")
    files["content/tin-tuc/2020.md"] = big_article(2020, big_names(90, 30), "giay-khen")
    files["content/tin-tuc/2019.md"] = big_article(2019, big_names(120, 55), "bang-khen",
                                                   [(n, "giay-khen") for n in big_names(175, 9)] + [(TARGET, "giay-khen")])
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


# -- serving ---------------------------------------------------------------------------------------------
class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@dataclass
class Served:
    root: Path
    base: str
    server: ThreadingHTTPServer = field(repr=False)

    def url(self, path: str) -> str:
        return self.base + path


def serve(root: Path) -> Served:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Served(root, f"http://127.0.0.1:{server.server_port}", server)


def page_paths(output: Path) -> dict[str, str]:
    """One URL path per page type of a built site (articles picked by what they show)."""
    articles = sorted((output / "tin-tuc").glob("*/index.html"))
    with_table = next(p for p in articles if "roll-article" in p.read_text("utf-8"))
    with_image = next((p for p in articles if 'class="lead-image"' in p.read_text("utf-8")), with_table)
    tag = sorted(p for p in (output / "chu-de").iterdir() if p.is_dir())[0]

    def path_of(p: Path) -> str:
        return "/" + p.parent.relative_to(output).as_posix() + "/"

    return {
        "home": "/", "home-2": "/trang/2/", "article": path_of(with_table), "article-image": path_of(with_image),
        "page": "/gioi-thieu/", "units": "/don-vi/", "unit": "/don-vi/ldld-ha-noi/",
        "unit-historical": "/don-vi/ldld-nam-tu-liem/", "campaigns": "/phong-trao/",
        "campaign": "/phong-trao/lao-dong-gioi-lao-dong-sang-tao/",
        "campaign-2": "/phong-trao/lao-dong-gioi-lao-dong-sang-tao/trang/2/", "roll": "/bang-vang/", "roll-year": "/bang-vang/2021/",
        "awardee": "/vinh-danh/le-xuan-minh/", "tags": "/chu-de/", "tag": f"/chu-de/{tag.name}/",
        "search": "/tim-kiem/", "search-results": "/tim-kiem/?q=cong+doan", "404": "/404.html",
    }


class PageErrors(list):
    """Console errors and uncaught exceptions of one page, as readable lines."""

    def attach(self, page) -> None:
        page.on("console", lambda msg: self.append(f"console.{msg.type}: {msg.text} ({msg.location.get('url')})")
                if msg.type in ("error", "warning") else None)
        page.on("pageerror", lambda exc: self.append(f"page error: {exc}"))
        page.on("requestfailed", lambda req: self.append(f"request failed: {req.url} {req.failure}")
                if "127.0.0.1" in req.url and req.failure != "net::ERR_ABORTED" else None)


def visible_names(page) -> list[str]:
    """Names in the rows a reader can see now (filtered rolls hide the others)."""
    return page.eval_on_selector_all(
        "table.roll tbody tr:not([hidden]) td.name",
        "cells => cells.filter(c => c.offsetParent !== null).map(c => (c.querySelector('a') || c).firstChild.textContent.trim())")

