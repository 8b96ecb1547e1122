"""The dev server, for real: a subprocess on 127.0.0.1 driven by Debian's Chromium through Playwright.

Edit an article → the open page reloads by itself with the new text; break its front matter → the
error overlay appears with file:line; fix it → the overlay goes. The server stays up throughout.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, root: Path, port: int, *extra: str):
        self.root, self.port = root, port
        self.log = root / f"serve-{port}.log"
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--config", str(root / "site.yaml"),
             "--cache", str(root / ".cache"), *extra],
            stdout=open(self.log, "w"), stderr=subprocess.STDOUT, cwd=root, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError("serve exited: " + self.log.read_text("utf-8"))
            try:
                if self.get("/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("serve did not start: " + self.log.read_text("utf-8"))

    def get(self, path: str, host: str | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host or f"127.0.0.1:{self.port}")
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rebuilds(self) -> int:
        text = self.log.read_text("utf-8")
        return text.count("Đã dựng lại") + text.count("Dựng lỗi")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "site.yaml", root / "site.yaml")
    (root / "theme").mkdir()
    shutil.copy(ROOT / "theme/logo.svg", root / "theme/logo.svg")  # the example's branding.logo
    return root


@pytest.fixture
def server(site_copy: Path):
    running = Server(site_copy, free_port())
    yield running
    running.stop()


def article_file(root: Path) -> Path:
    return next((root / "content/tin-tuc/2021").glob("hong-son*.md"))


def wait_for(predicate, timeout: float = 20.0, page=None) -> None:
    """Poll; with a page, wait through Playwright so its event handlers run meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        page.wait_for_timeout(50) if page is not None else time.sleep(0.05)
    raise AssertionError("timed out")


def test_edit_reloads_page_and_errors_show_as_overlay(server: Server, site_copy: Path):
    from playwright import sync_api as playwright  # a test dependency: missing it fails, never skips
    assert Path(CHROMIUM).exists(), "Debian's chromium is required (apt-get install chromium)"
    path = article_file(site_copy)
    original = path.read_text("utf-8")
    status, home = server.get("/")
    assert status == 200
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        hellos = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: hellos.append(frame)))
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        slug = _article_url(server, original)
        page.goto(server.url + slug)
        wait_for(lambda: any("hello" in str(f) for f in hellos), page=page)

        hellos.clear()  # the reloaded page connects again; wait for that before the next edit
        with page.expect_navigation(timeout=20000):
            path.write_text(original + "\nĐoạn văn mới được thêm khi đang xem trước.\n", "utf-8")
        page.wait_for_selector("text=Đoạn văn mới được thêm khi đang xem trước.")
        assert page.locator("#bv-build-error").count() == 0

        wait_for(lambda: any("hello" in str(f) for f in hellos), page=page)
        hellos.clear()
        with page.expect_navigation(timeout=20000):
            path.write_text(original.replace("title: ", "title: Hỏng: ", 1).replace('Hỏng: "', '"Hỏng: ', 1)
                            .replace("\ndate:", "\ndate: [\n", 1), "utf-8")
        overlay = page.locator("#bv-build-error")
        overlay.wait_for()
        text = overlay.inner_text()
        assert f"content/tin-tuc/2021/{path.name}:" in text and "Gợi ý" in text
        assert "Đoạn văn mới" in page.content()  # the last good site is still served underneath
        assert server.process.poll() is None

        wait_for(lambda: any("hello" in str(f) for f in hellos), page=page)
        with page.expect_navigation(timeout=20000):
            path.write_text(original, "utf-8")
        page.wait_for_load_state()
        assert page.locator("#bv-build-error").count() == 0
        assert "Đoạn văn mới" not in page.content()
        assert errors == []
        browser.close()
    assert server.process.poll() is None


def _article_url(server: Server, original: str) -> str:
    from bangvang.text import slugify

    title = next(line for line in original.splitlines() if line.startswith("title:")).split(":", 1)[1]
    return f"/tin-tuc/{slugify(title.strip().strip(chr(34)))}/"


def test_a_new_title_takes_the_open_tab_to_the_new_address(server: Server, site_copy: Path):
    """The address of an article comes from its title: after a title edit the tab showing it reloads at
    the new address with the new title, not on a "page not found"."""
    from playwright import sync_api as playwright

    path = article_file(site_copy)
    original = path.read_text("utf-8")
    old_url = _article_url(server, original)
    changed = original.replace('title: "', 'title: "Tin sửa: ', 1)
    new_url = _article_url(server, changed)
    assert changed != original and new_url != old_url
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        hellos = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: hellos.append(frame)))
        page.goto(server.url + old_url)
        wait_for(lambda: any("hello" in str(f) for f in hellos), page=page)
        with page.expect_navigation(timeout=20000):
            path.write_text(changed, "utf-8")
        page.wait_for_load_state()
        assert page.url == server.url + new_url
        assert page.locator("h1").first.inner_text().startswith("Tin sửa: ")
        browser.close()
    status, _ = server.get(old_url)
    assert status == 302  # the old address points at the new one for the rest of the session


def test_moved_urls_follow_a_page_through_renames_and_let_go_of_taken_addresses():
    from bangvang.serve import moved_urls

    first = {"a.md": "/tin-tuc/a/", "b.md": "/tin-tuc/b/"}
    second = {"a.md": "/tin-tuc/a2/", "b.md": "/tin-tuc/b/"}
    third = {"a.md": "/tin-tuc/a3/", "b.md": "/tin-tuc/b/"}
    moved = moved_urls({}, first, second)
    assert moved == {"/tin-tuc/a/": "/tin-tuc/a2/"}
    moved = moved_urls(moved, second, third)
    assert moved == {"/tin-tuc/a/": "/tin-tuc/a3/", "/tin-tuc/a2/": "/tin-tuc/a3/"}
    moved = moved_urls(moved, third, first)  # the first title back: that address is the page's again
    assert moved == {"/tin-tuc/a2/": "/tin-tuc/a/", "/tin-tuc/a3/": "/tin-tuc/a/"}
    assert moved_urls(moved, first, {"b.md": "/tin-tuc/b/"}) == {}  # deleted: nowhere to go
    assert moved_urls({}, first, {"a.md": "/tin-tuc/b/", "b.md": "/tin-tuc/c/"}) == {"/tin-tuc/a/": "/tin-tuc/b/"}


def test_burst_of_saves_gives_one_rebuild(server: Server, site_copy: Path):
    path = article_file(site_copy)
    original = path.read_text("utf-8")
    before = server.rebuilds()
    for i in range(10):  # ten saves within about 100 ms, as "save all" or a git checkout makes them
        path.write_text(original + f"\nLần lưu {i}.\n", "utf-8")
        time.sleep(0.01)
    wait_for(lambda: server.rebuilds() > before)
    time.sleep(1.5)
    assert server.rebuilds() - before == 1
    assert "Lần lưu 9." in server.get(_article_url(server, original))[1]


def test_server_never_serves_outside_the_site(server: Server, site_copy: Path, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("bí mật", "utf-8")
    site_dir = site_copy / ".cache/serve/site"
    (site_dir / "link.txt").symlink_to(secret)
    for path in ("/../secret.txt", "/%2e%2e/%2e%2e/secret.txt", "/..%2f..%2fsecret.txt", "//etc/passwd",
                 "/link.txt", "/theme/../../../secret.txt"):
        status, body = server.get(path)
        assert status in (403, 404), path
        assert "bí mật" not in body and "root:" not in body, path
    assert server.get("/", host="evil.example")[0] == 403
    assert server.get("/khong-co/")[0] == 404


def test_drafts_and_scheduled_are_shown_by_default_and_no_drafts_hides_them(site_copy: Path):
    draft = next(p for p in (site_copy / "content/tin-tuc").rglob("*.md") if "\ndraft: true" in p.read_text("utf-8"))
    (site_copy / "content/tin-tuc/2021/hen-gio.md").write_text(
        '---\ntitle: "Bài hẹn giờ khi xem trước"\ndate: 2099-01-01 08:00\nunit: ldld-ha-noi\n---\nSắp đăng.\n', "utf-8")
    draft_url = _article_url(None, draft.read_text("utf-8"))
    preview = Server(site_copy, free_port())
    try:
        status, body = preview.get(draft_url)
        assert status == 200, draft_url
        assert "Bản nháp" in body
        status, body = preview.get("/tin-tuc/bai-hen-gio-khi-xem-truoc/")
        assert status == 200 and "Hẹn giờ" in body
        log = preview.log.read_text("utf-8")
        assert "Có 1 bản nháp, 2 bài hẹn giờ." in log  # the example site has one scheduled for 2027
    finally:
        preview.stop()
    plain = Server(site_copy, free_port(), "--no-drafts")
    try:
        assert plain.get(draft_url)[0] == 404
        assert plain.get("/tin-tuc/bai-hen-gio-khi-xem-truoc/")[0] == 404
        assert "Bài hẹn giờ khi xem trước" not in plain.get("/")[1]
        status, archive = plain.get("/tin-tuc/")
        assert status == 200 and "Bài hẹn giờ khi xem trước" not in archive
    finally:
        plain.stop()
    assert not (site_copy / "output").exists()  # the preview never touches output/


def test_warnings_show_in_the_terminal_and_in_a_panel_the_editor_can_hide(server: Server, site_copy: Path):
    from playwright import sync_api as playwright

    path = article_file(site_copy)
    original = path.read_text("utf-8")
    url = _article_url(server, original)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(server.url + url)
        assert page.locator("#bv-build-warnings").count() == 0
        with page.expect_navigation(timeout=30000):
            path.write_text(original + '\n<font color="red">Chữ dán từ Word</font>\n', "utf-8")
        panel = page.locator("#bv-build-warnings")
        panel.wait_for()
        text = panel.inner_text()
        assert f"content/tin-tuc/2021/{path.name}:" in text and "thẻ <font>" in text and "Gợi ý" in text
        assert "Chữ dán từ Word" in page.content()  # a warning: the page is built
        wait_for(lambda: "cảnh báo: Đã bỏ định dạng" in server.log.read_text("utf-8"))
        panel.get_by_role("button", name="Ẩn").click()
        assert page.locator("#bv-build-warnings").count() == 0
        page.reload()
        page.wait_for_load_state()
        assert page.locator("#bv-build-warnings").count() == 0  # hidden until the warnings change
        with page.expect_navigation(timeout=30000):
            path.write_text(original + '\n<font color="red">Chữ dán từ Word</font> <u style="color:red">gạch</u>\n',
                            "utf-8")
        page.locator("#bv-build-warnings").wait_for()
        with page.expect_navigation(timeout=30000):
            path.write_text(original, "utf-8")
        page.wait_for_load_state()
        assert page.locator("#bv-build-warnings").count() == 0
        # A draft is served, with its mark at the top of the page.
        draft = next(p for p in (site_copy / "content/tin-tuc").rglob("*.md") if "\ndraft: true" in p.read_text("utf-8"))
        page.goto(server.url + _article_url(server, draft.read_text("utf-8")))
        mark = page.locator("#bv-preview-mark")
        assert mark.is_visible() and mark.inner_text().startswith("Bản nháp:")
        assert mark.bounding_box()["y"] < 5
        assert errors == []
        browser.close()


def test_a_busy_port_is_said_first_before_any_build_or_preview_message(site_copy: Path):
    """Another program (or a forgotten preview) holds the port: the editor gets the port's message at once,
    not a build and "Mở bản xem trước…" first; a warm start (a stored preview) says nothing else either."""
    for attempt in ("cold", "warm"):
        if attempt == "warm":
            Server(site_copy, free_port()).stop()  # stores the preview for a warm start
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            port = busy.getsockname()[1]
            done = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--config",
                                   str(site_copy / "site.yaml"), "--cache", str(site_copy / ".cache")],
                                  capture_output=True, text=True, cwd=site_copy, timeout=60)
        assert done.returncode == 1, (attempt, done.stdout, done.stderr)
        assert f"Không mở được cổng {port} trên 127.0.0.1" in done.stderr and "--port" in done.stderr
        assert done.stdout == "" and "Traceback" not in done.stderr, (attempt, done.stdout)


def test_flipping_draft_says_what_changed_not_zero_pages(server: Server, site_copy: Path):
    """In the preview a draft is already built (marked "Bản nháp"): publishing it by `draft: false` changes
    no page, only its mark; the terminal says so instead of "dựng 0 trang, ghi 0 tệp"."""
    draft = next(p for p in (site_copy / "content/tin-tuc").rglob("*.md") if "\ndraft: true" in p.read_text("utf-8"))
    text = draft.read_text("utf-8")
    url = _article_url(server, text)
    assert "bv-preview-mark" in server.get(url)[1]
    done = server.rebuilds()
    draft.write_text(text.replace("\ndraft: true", "\ndraft: false", 1), "utf-8")
    wait_for(lambda: server.rebuilds() > done, timeout=30)
    line = [s for s in server.log.read_text("utf-8").splitlines() if s.startswith("Đã dựng lại")][-1]
    assert "dựng 0 trang" not in line and "ghi 0 tệp" not in line, line
    assert "1 bài không còn là bản nháp" in line, line
    assert "bv-preview-mark" not in server.get(url)[1]
    done = server.rebuilds()
    draft.write_text(text, "utf-8")
    wait_for(lambda: server.rebuilds() > done, timeout=30)
    line = [s for s in server.log.read_text("utf-8").splitlines() if s.startswith("Đã dựng lại")][-1]
    assert "1 bài thành bản nháp" in line, line
    assert "bv-preview-mark" in server.get(url)[1]


def test_the_rebuild_line_says_marks_that_changed_after_the_pages():
    from bangvang.pipeline import BuildReport
    from bangvang.serve import mark_changes, rebuild_line

    def report(rendered, written):
        return BuildReport(pages=1, files=1, articles=1, honours=0, warnings=(), written=written, unchanged=0,
                           seconds=0, parsed=1, rendered=rendered)

    published = mark_changes({"/tin-tuc/a/": "Hẹn giờ: …"}, {})
    assert published == "1 bài không còn là bài hẹn giờ"
    assert rebuild_line(report(2, 3), 0.5, published) == \
        "Đã dựng lại: đọc 1 bài, dựng 2 trang, ghi 3 tệp trong 0,50 giây; 1 bài không còn là bài hẹn giờ."
    assert rebuild_line(report(0, 0), 0.5, mark_changes({}, {"/tin-tuc/a/": "Bản nháp: …"})) == \
        "Đã dựng lại: đọc 1 bài; 1 bài thành bản nháp (0,50 giây)."
    assert mark_changes({"/a/": "Bản nháp: …"}, {"/a/": "Bản nháp: …"}) == ""


def test_while_the_edited_page_is_shown_early_other_pages_wait_for_the_build(tmp_path: Path):
    """Between show_early and the end of the build, the edited page is served at once and a request for a
    page the build may still remake (a list, a roll) is answered only when the build is over."""
    import asyncio
    import io
    import threading

    from tornado import httpserver, ioloop, netutil

    from bangvang.config import load_config
    from bangvang.serve import DevServer, serve_config
    from tests.test_incremental import copy_example

    root = copy_example(tmp_path)
    port = free_port()
    config = serve_config(load_config(root / "site.yaml", cache_dir=root / ".cache"), port, "127.0.0.1", drafts=True)
    dev = DevServer(config, io.StringIO(), io.StringIO(), quiet=True)
    dev.rebuild(search=False, first=True)
    started = threading.Event()
    holder = {}

    def run_loop():
        asyncio.set_event_loop(asyncio.new_event_loop())
        httpserver.HTTPServer(dev.application()).add_sockets(netutil.bind_sockets(port, address="127.0.0.1"))
        holder["loop"] = ioloop.IOLoop.current()
        started.set()
        holder["loop"].start()

    threading.Thread(target=run_loop, daemon=True).start()
    assert started.wait(10)
    client = Server.__new__(Server)
    client.port = port
    try:
        article = next(url for source, url in sorted(dev.page_urls.items()) if source.startswith("tin-tuc/"))
        with dev.state.lock:
            dev.state.settled.clear()
            dev.state.ready = frozenset({article})
        assert client.get(article)[0] == 200  # the edited page: at once
        assert client.get("/theme/css/site.css")[0] == 200  # not a page: at once
        answers = []
        waiting = threading.Thread(target=lambda: answers.append(client.get("/tin-tuc/")))
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive() and answers == []  # held while the build may still remake it
        dev.settle()
        waiting.join(10)
        assert answers and answers[0][0] == 200
    finally:
        holder["loop"].add_callback(holder["loop"].stop)
