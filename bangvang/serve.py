"""The editors' preview: build, serve on 127.0.0.1, rebuild on save, reload the open tabs.

A thin shell around build_site. Builds go into a private folder in the cache (drafts and the local
base URL never reach output/); the in-memory BuildCache makes each rebuild incremental. The cache is
also stored, after the first build and when the server stops: a warm start serves the folder the stored
cache describes at once and catches up in the background (see DevServer.run). A failed
build keeps the last good site and shows the errors, escaped, as an overlay on every page until the
next good build. The LiveReload protocol and its browser script come from the `livereload` package;
file watching is `watchfiles` (inotify, with a quiet period so a burst of saves gives one rebuild).
"""

from __future__ import annotations

import hashlib
import html
import logging
import mimetypes
import os
import queue
import shutil
import signal
import threading
import time
import traceback
import webbrowser
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, TextIO

import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import httpserver, ioloop, netutil, web

from .cache import BuildCache, cache_file, load_cache, output_stamp, save_cache, seed_documents
from .config import SiteConfig
from .errors import BangVangError, Problem
from .assemble import Site
from .pipeline import BuildReport, build_site, discard_early_search, refresh_after_edit

# A burst of saves (save-all, a git checkout, an editor's write-then-rename) is one change once the
# files have been quiet this long; watchfiles' own grouping does not wait for a quiet period.
QUIET_SECONDS = 0.08
# The longest a request for a page waits for the build remaking it (then the page as it is is served).
SETTLE_SECONDS = 60.0


@dataclass
class BuildState:
    """The last build's outcome, read by the request handlers (one writer: the watcher thread)."""

    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()  # of the last good build, shown in a panel the editor can hide
    marks: dict[str, str] = field(default_factory=dict)  # URL → "Bản nháp: …" / "Hẹn giờ: …"
    moved: dict[str, str] = field(default_factory=dict)  # an edited page's earlier URLs → its URL now
    # While a build that has shown the edited pages early goes on: their URLs (served at once); a request
    # for another page waits for `settled`, so that no tab is given a page the build is about to remake.
    ready: frozenset[str] | None = None
    settled: threading.Event = field(default_factory=threading.Event)
    crash: str = ""
    has_site: bool = False
    builds: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def failed(self) -> bool:
        return bool(self.problems or self.crash)


def serve_config(config: SiteConfig, port: int, host: str, drafts: bool) -> SiteConfig:
    """The configuration for previews: local base URL, private output folder, drafts unless --no-drafts."""
    folder = "serve" if drafts else "serve-no-drafts"
    return replace(config, base_url=f"http://{_url_host(host)}:{port}/", drafts=drafts,
                   output_dir=config.cache_dir / folder / "site")


def is_page_request(path: str) -> bool:
    return path == "" or path.endswith("/") or path.endswith(".html")


def page_url(request_path: str) -> str:
    """The URL of the page a request path asks for ("/tin-tuc/a/index.html" → "/tin-tuc/a/")."""
    return request_path.removesuffix("index.html")


def page_urls(site: Site | None) -> dict[str, str]:
    """Source → URL of every article's and stand-alone page's own page."""
    if site is None:
        return {}
    urls = site.urls
    return {**{a.source: urls.article(a.slug) for a in site.articles}, **{p.source: urls.page(p.slug) for p in site.pages}}


def moved_urls(moved: dict[str, str], before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    """The pages moved in this session (earlier URL → URL now), after a build took each source's page from
    its URL in `before` to that in `after`: chains followed, and no URL a page has now taken over."""
    changed = {before[s]: after[s] for s in before.keys() & after.keys() if before[s] != after[s]}
    current = set(after.values())
    result = {old: changed.get(new, new) for old, new in moved.items()}
    result.update(changed)
    return {old: new for old, new in sorted(result.items()) if old not in current and new in current}


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


class DevServer:
    def __init__(self, config: SiteConfig, out: TextIO, err: TextIO, quiet: bool = False,
                 read_config: Callable[[], SiteConfig] | None = None):
        self.config = config
        self.read_config = read_config  # site.yaml is read again before every rebuild
        self.out, self.err, self.quiet = out, err, quiet
        self.cache: BuildCache = load_cache(config)
        # The stored cache describes the preview folder exactly as it is: serve it before building.
        self.warm = bool(self.cache.output_stamp) and self.cache.output_stamp == output_stamp(config.output_dir)
        self.stored = self.warm  # whether the stored cache still describes the folder
        self.stored_once = False  # stored since this server started (after its first good build)
        self.state = BuildState()
        self.marks_known = False  # a build of this server has set state.marks (a warm start has none yet)
        self.page_urls: dict[str, str] = {}  # source → URL of its page, as the last build left them
        self.urls_site: Site | None = None  # the site page_urls was taken from
        self.shown = False  # the build under way has reloaded the tabs early (show_early)
        self.told: tuple[Problem, ...] = ()  # the warnings printed in the terminal (shown early or not)
        self.loop: ioloop.IOLoop | None = None
        self.stop_event = threading.Event()
        self.changes: queue.Queue = queue.Queue()

    # -- building ---------------------------------------------------------------------------------
    def rebuild(self, search: bool = False, first: bool = False) -> None:
        """Build; then reload the tabs, unless the build did at show_early and ended well."""
        self.shown = False
        try:
            self._build(search, first)
        finally:
            self.settle()
        if not first and (not self.shown or self.state.failed):
            self.notify_browsers()

    def _build(self, search: bool, first: bool) -> None:
        started = time.monotonic()
        try:
            if self.read_config is not None and not first:
                self.config = self.read_config()
            # The first build runs before any thread is started, so it may fork workers and swap the
            # folder in whole; later ones write in place while the server reads it.
            # After a good build, the tabs reload as soon as the edited page is in the folder (show_early).
            # After a failed one they wait for the whole build, which takes the error overlay away.
            shown = None if first or self.state.failed else self.show_early
            report = build_site(self.config, cache=self.cache, in_place=not first, search=search,
                                defer_streams=not first, shown=shown, early_search=not first, stream_memos=first)
            self.follow_moves(self.cache.site)
        except BangVangError as exc:
            with self.state.lock:
                self.state.problems, self.state.crash = exc.problems, ""
                self.state.builds += 1
            self._print_problems(exc.problems)
            return
        except Exception:  # a bug, not the editor's mistake: keep serving and say so
            with self.state.lock:
                self.state.problems, self.state.crash = (), traceback.format_exc()
                self.state.builds += 1
            print(self.state.crash, file=self.err)
            return
        with self.state.lock:
            before, marks_before = self.told, self.state.marks
            self.state.problems, self.state.crash, self.state.has_site = (), "", True
            self.state.warnings = self.told = report.warnings
            known, self.marks_known = self.marks_known, self.marks_known or not report.fresh
            if not report.fresh:
                self.state.marks = dict(report.marks)
            self.state.builds += 1
        if not self.quiet:
            marked = mark_changes(marks_before, self.state.marks) if known and not report.fresh else ""
            print(rebuild_line(report, time.monotonic() - started, marked), file=self.out, flush=True)
            if report.warnings != before:
                for problem in report.warnings:
                    print(problem.format(), file=self.err)
                if report.warnings:
                    print(f"{len(report.warnings)} cảnh báo: trang vẫn được dựng; cảnh báo cũng hiện ở khung "
                          "cuối trang trên trình duyệt.", file=self.err, flush=True)

    def show_early(self, site: Site, urls: tuple[str, ...], warnings: tuple[Problem, ...]) -> None:
        """The edited pages are in the folder and the build goes on with the pages that show them: the tabs
        reload now; the edited pages are served at once, the others once the build is over (settle)."""
        self.follow_moves(site)
        with self.state.lock:
            self.state.problems, self.state.crash, self.state.warnings = (), "", warnings
            self.state.settled.clear()
            self.state.ready = frozenset(urls)
        self.shown = True
        self.notify_browsers()

    def settle(self) -> None:
        """The build is over, good or not: every page may be served again."""
        with self.state.lock:
            self.state.ready = None
            self.state.settled.set()

    def follow_moves(self, site: Site | None) -> None:
        """A new title is a new address: the tab showing the article follows it there on reload."""
        if site is self.urls_site:  # already followed when the edited page was shown early
            return
        self.urls_site = site
        now = page_urls(site)
        with self.state.lock:
            self.state.moved = moved_urls(self.state.moved, self.page_urls, now)
        self.page_urls = now

    def _print_problems(self, problems: tuple[Problem, ...]) -> None:
        for problem in problems:
            print(problem.format(), file=self.err)
        errors = sum(p.is_error for p in problems)
        print(f"Dựng lỗi ({errors} lỗi): vẫn phục vụ bản dựng tốt gần nhất; "
              "lỗi hiện trên trình duyệt. Sửa và lưu lại để dựng tiếp.", file=self.err, flush=True)

    # -- watching ---------------------------------------------------------------------------------
    def watched_paths(self) -> list[Path]:
        paths = [self.config.content_dir, self.config.templates_dir, self.config.theme_dir]
        if self.config.static_dir:
            paths.append(self.config.static_dir)
        if self.config.config_path:
            paths.append(self.config.config_path)
        return [p for p in paths if p.exists()]

    def watch(self) -> None:
        """Report changes as they come; restart the watch if site.yaml was replaced (rename-on-save)."""
        while not self.stop_event.is_set():
            config_inode = _inode(self.config.config_path)
            for changes in watchfiles.watch(*self.watched_paths(), stop_event=self.stop_event, step=20,
                                            raise_interrupt=False):
                self.changes.put(changes)
                if _inode(self.config.config_path) != config_inode:
                    break

    def build_loop(self) -> None:
        """Catch up, then rebuild once per burst: after the first change, wait until the files have been quiet."""
        self.catch_up()
        while not self.stop_event.is_set():
            try:
                self.changes.get(timeout=0.5)
            except queue.Empty:
                continue
            while True:
                try:
                    self.changes.get(timeout=QUIET_SECONDS)
                except queue.Empty:
                    break
            self.forget_stored()
            self.rebuild()
            self.refresh_index()
            if not self.stored_once:
                self.store()

    def catch_up(self) -> None:
        """After a warm start: bring the served folder up to date, then store the cache for next time.
        A full incremental build (not the no-change shortcut) so that the site is in memory and the
        first edit takes the quick path; it writes only what changed meanwhile."""
        if self.warm:
            self.forget_stored()
            self.cache.fingerprint = ""
            self.rebuild()
            self.refresh_index()
        self.store()

    def store(self) -> None:
        """Save the cache while it describes the folder: after the first good build, so that the next
        start is warm even if this server is killed, and when it stops. Before the folder changes
        again, forget_stored withdraws it."""
        if self.state.has_site and not self.state.failed and not self.stored:
            save_cache(self.config, self.cache)
            self.stored = self.stored_once = True

    def forget_stored(self) -> None:
        """The folder is about to change: the stored state would vouch for files it no longer matches
        (the preview folder is trusted without a stat per file). The stored documents stay."""
        if self.stored:
            cache_file(self.config).unlink(missing_ok=True)
            self.stored = False

    def refresh_index(self) -> None:
        """After the reload signal, so that a save is shown without waiting for them: the open data and
        awardee index an edit changed, and site search, side by side (pipeline.refresh_after_edit), with
        the search parts the edit's build began."""
        if self.state.failed or not self.state.has_site:
            discard_early_search(self.cache)
            return
        try:
            refresh_after_edit(self.config, self.cache)
        except BangVangError as exc:
            self._print_problems(exc.problems)

    def notify_browsers(self) -> None:
        if self.loop is not None:
            self.loop.add_callback(send_reload)

    # -- serving ----------------------------------------------------------------------------------
    def application(self) -> web.Application:
        return web.Application([
            (r"/livereload", LiveReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", SiteHandler, {"server": self}),
        ])

    def run(self, host: str, port: int, open_browser: bool = False,
            on_ready: Callable[[], None] | None = None) -> None:
        for name in ("tornado.access", "tornado.application", "tornado.general", "livereload"):
            logging.getLogger(name).setLevel(logging.CRITICAL)  # our own messages say what matters
        # The port first: a busy one is said at once, before a build or a word about the preview.
        try:
            sockets = netutil.bind_sockets(port, address=host)
        except OSError as exc:
            raise SystemExit(f"Không mở được cổng {port} trên {host} ({exc.strerror}). "
                             "Chọn cổng khác bằng --port.") from None
        if self.warm:
            with self.state.lock:
                self.state.has_site = True
            print("Mở bản xem trước của lần chạy trước; đang cập nhật trong nền, trình duyệt sẽ tự tải lại "
                  "khi xong.", file=self.out, flush=True)
        else:
            self.cache.load_bulk()
            if not self.cache.outputs:
                seed_documents(self.cache, self.config.cache_dir)  # what `build` or an earlier preview parsed
            reset_folder(self.config.output_dir, keep=bool(self.cache.outputs))
            self.rebuild(search=True, first=True)
        httpserver.HTTPServer(self.application()).add_sockets(sockets)
        self.loop = ioloop.IOLoop.current()
        url = f"http://{_url_host(host)}:{port}/"
        print(f"Xem trước tại {url}  (Ctrl+C để dừng)", file=self.out, flush=True)
        watcher = threading.Thread(target=self.watch, name="bangvang-watch", daemon=True)
        builder = threading.Thread(target=self.build_loop, name="bangvang-build", daemon=True)
        watcher.start()
        builder.start()
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        if on_ready:
            self.loop.add_callback(on_ready)
        # A closed terminal or a process manager stops the server like Ctrl+C: the cache is stored.
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _interrupt) if main else None
        try:
            self.loop.start()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop_event.set()
            watcher.join(timeout=3)
            builder.join(timeout=30)
            if main:
                signal.signal(signal.SIGTERM, previous)
            if not builder.is_alive():
                self.store()
            print("Đã dừng máy chủ xem trước.", file=self.out, flush=True)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def send_reload() -> None:
    message = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
    for waiter in list(LiveReloadHandler.waiters):
        try:
            waiter.write_message(message)
        except Exception:  # a closed tab; the handler removes itself on close
            LiveReloadHandler.waiters.discard(waiter)


def reset_folder(folder: Path, keep: bool) -> None:
    """Start from an empty preview folder unless the stored cache knows exactly what is in it."""
    if not keep and folder.exists():
        shutil.rmtree(folder)


def rebuild_line(report: BuildReport, seconds: float, marked: str = "") -> str:
    took = f"{seconds:.2f}".replace(".", ",")
    if report.fresh:
        return f"Không có thay đổi ({took} giây)."
    shown = f" Có {report.drafts} bản nháp, {len(report.scheduled)} bài hẹn giờ." if report.drafts or report.scheduled \
        else ""
    if marked and not report.rendered and not report.written:
        # A preview already shows drafts: `draft:` flipped changes no page, only its mark.
        return f"Đã dựng lại: đọc {report.parsed} bài; {marked} ({took} giây).{shown}"
    marked = f"; {marked}" if marked else ""
    return (f"Đã dựng lại: đọc {report.parsed} bài, dựng {report.rendered} trang, "
            f"ghi {report.written} tệp trong {took} giây{marked}.{shown}")


def mark_changes(before: dict[str, str], after: dict[str, str]) -> str:
    """What changed in the preview's marks, in words ("1 bài không còn là bản nháp"), or ""."""
    said = []
    for word, what in (("Bản nháp", "bản nháp"), ("Hẹn giờ", "bài hẹn giờ")):
        old = {url for url, mark in before.items() if mark.startswith(word)}
        new = {url for url, mark in after.items() if mark.startswith(word)}
        if old - new:
            said.append(f"{len(old - new)} bài không còn là {what}")
        if new - old:
            said.append(f"{len(new - old)} bài thành {what}")
    return ", ".join(said)


class SiteHandler(web.RequestHandler):
    """Static files from the preview folder, contained, with the reload script and error overlay."""

    def initialize(self, server: DevServer) -> None:
        self.server = server

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")

    async def head(self, path: str) -> None:
        await self.get(path)

    async def get(self, path: str) -> None:
        if not self._host_allowed():
            self.send_error(403)
            return
        state = self.server.state
        root = self.server.config.output_dir
        moved = state.moved.get(self.request.path)
        if moved is not None:
            self.redirect(moved, permanent=False)
            return
        ready = state.ready
        if ready is not None and is_page_request(path) and page_url(self.request.path) not in ready:
            await ioloop.IOLoop.current().run_in_executor(None, state.settled.wait, SETTLE_SECONDS)
        target = contained_file(root, path)
        if target is None:
            self.set_status(403)
            self.finish("403: đường dẫn không được phép.")
            return
        if target.is_dir():
            if not self.request.path.endswith("/"):
                self.redirect(self.request.path + "/", permanent=False)
                return
            target = target / "index.html"
        if not state.has_site:
            self._send_page(None, 500)
            return
        if not target.is_file():
            self._send_page(contained_file(root, "404.html"), 404)
            return
        if target.suffix == ".html":
            self._send_page(target, 200)
            return
        self.set_header("Content-Type", _content_type(target))
        self.finish(target.read_bytes())

    def _send_page(self, page: Path | None, status: int) -> None:
        text = page.read_text("utf-8") if page is not None and page.is_file() else EMPTY_PAGE
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(decorate(text, self.server.state, self.request.host, self.request.path))

    def _host_allowed(self) -> bool:
        """Refuse other Host names (DNS rebinding): the preview is for this machine only."""
        host = self.request.host.rsplit(":", 1)[0].strip("[]")
        return host in ("127.0.0.1", "localhost", "::1", self.server.config.base_url.split("//")[1].split(":")[0])


EMPTY_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Chưa dựng được trang</title></head>
<body><main><h1>Chưa dựng được trang</h1><p>Sửa lỗi bên dưới rồi lưu lại; trang sẽ tự tải lại.</p></main></body></html>
"""


def decorate(page: str, state: BuildState, host: str, path: str = "") -> str:
    """Add the LiveReload client; the error overlay while the last build failed, else the warnings panel;
    and on a draft or scheduled article, a mark saying so."""
    port = host.rsplit(":", 1)[-1] if ":" in host else "80"
    script = f'<script src="/livereload.js?port={html.escape(port)}"></script>'
    page = page.replace("</head>", script + "</head>", 1) if "</head>" in page else script + page
    with state.lock:
        overlay = error_overlay(state.problems, state.crash) if state.failed else warnings_panel(state.warnings)
        mark = state.marks.get(path if path.endswith("/") else path.rsplit("/", 1)[0] + "/")
    if mark:
        overlay += ('<p id="bv-preview-mark" role="note" style="margin:0;padding:.5rem 1.25rem;background:#1d3f72;'
                    f'color:#fff;font:700 16px/1.5 system-ui,sans-serif">{html.escape(mark)}</p>')
    if overlay:
        index = page.find(">", page.find("<body")) + 1 if "<body" in page else 0
        page = page[:index] + overlay + page[index:]
    return page


def error_overlay(problems: tuple[Problem, ...], crash: str) -> str:
    """An escaped, dismissible panel listing every problem with file:line and the hint."""
    items = []
    for problem in problems:
        where = html.escape(problem.location())
        field_ = f" <code>{html.escape(problem.field)}</code>:" if problem.field else ""
        hint = f'<br><span class="bv-hint">Gợi ý: {html.escape(problem.hint)}</span>' if problem.hint else ""
        kind = "bv-warn" if not problem.is_error else "bv-err"
        items.append(f'<li class="{kind}"><strong>{where}</strong>:{field_} {html.escape(problem.message)}{hint}</li>')
    if crash:
        items.append("<li class=\"bv-err\"><strong>Lỗi không mong muốn trong chương trình</strong> "
                     "(không phải lỗi nội dung); chi tiết in ở cửa sổ dòng lệnh.</li>")
    errors = sum(p.is_error for p in problems) + (1 if crash else 0)
    return (
        '<div id="bv-build-error" role="alert" style="position:fixed;inset:0 0 auto 0;z-index:2147483647;'
        'max-height:80vh;overflow:auto;background:#fff5f5;color:#1d1b16;border-bottom:4px solid #b00020;'
        'font:16px/1.5 system-ui,sans-serif;padding:1rem 1.25rem;box-shadow:0 4px 16px rgba(0,0,0,.3)">'
        f'<p style="margin:0 0 .5rem;font-weight:700;color:#b00020">Dựng trang thất bại: {errors} lỗi. '
        'Trang đang hiển thị là bản dựng tốt gần nhất.</p>'
        '<ul style="margin:0;padding-left:1.25rem">' + "".join(items) + "</ul>"
        '<button type="button" onclick="this.parentNode.remove()" '
        'style="margin-top:.75rem;min-height:32px;padding:0 .75rem">Ẩn</button></div>'
    )


def warnings_panel(warnings: tuple[Problem, ...]) -> str:
    """An escaped panel at the foot of the page listing the last build's warnings; "Ẩn" hides it until the
    warnings change (remembered for this tab, so a reload after each save does not bring it back)."""
    if not warnings:
        return ""
    signature = hashlib.blake2b("\n".join(p.format() for p in warnings).encode(), digest_size=8).hexdigest()
    items = []
    for problem in warnings:
        field_ = f" <code>{html.escape(problem.field)}</code>:" if problem.field else ""
        hint = f'<br><span class="bv-hint">Gợi ý: {html.escape(problem.hint)}</span>' if problem.hint else ""
        items.append(f"<li><strong>{html.escape(problem.location())}</strong>:{field_} "
                     f"{html.escape(problem.message)}{hint}</li>")
    return (
        f'<div id="bv-build-warnings" role="status" data-signature="{signature}" style="position:fixed;'
        'inset:auto 0 0 0;z-index:2147483646;max-height:40vh;overflow:auto;background:#fffbe6;color:#1d1b16;'
        'border-top:4px solid #8a6d00;font:15px/1.5 system-ui,sans-serif;padding:.75rem 1.25rem;'
        'box-shadow:0 -4px 16px rgba(0,0,0,.2)">'
        f'<p style="margin:0 0 .5rem;font-weight:700;color:#6b5400">{len(warnings)} cảnh báo '
        '(trang vẫn được dựng; sửa để bản xuất bản sạch hơn):</p>'
        '<ul style="margin:0;padding-left:1.25rem">' + "".join(items) + "</ul>"
        '<button type="button" style="margin-top:.5rem;min-height:32px;padding:0 .75rem" onclick="'
        "sessionStorage.setItem('bv-warnings-hidden',this.parentNode.dataset.signature);"
        'this.parentNode.remove()">Ẩn</button></div>'
        "<script>(function(){var p=document.getElementById('bv-build-warnings');"
        "if(p&&sessionStorage.getItem('bv-warnings-hidden')===p.dataset.signature)p.remove();})();</script>"
    )


def contained_file(root: Path, rel: str) -> Path | None:
    """root/rel only if it resolves inside root (no traversal, no symlink leaving the site)."""
    real_root = os.path.realpath(root)
    candidate = os.path.realpath(os.path.join(real_root, rel.lstrip("/")))
    if candidate != real_root and not candidate.startswith(real_root + os.sep):
        return None
    return Path(candidate)


def _content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return kind + ("; charset=utf-8" if kind.startswith("text/") or kind in ("application/json", "application/xml")
                   else "")


def _inode(path: Path | None) -> int:
    try:
        return path.stat().st_ino if path else 0
    except OSError:
        return 0
