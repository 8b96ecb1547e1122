"""The dev server's warm start, for real (a subprocess on 127.0.0.1): it serves the folder its stored cache
describes before building anything, catches up in the background, and the result is byte for byte a
clean build's. A cold start borrows the documents `build` parsed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from bangvang.cache import BuildCache, cache_file
from bangvang.config import load_config
from bangvang.pipeline import build_site
from bangvang.serve import serve_config
from tests.sitecheck import tree_bytes
from tests.test_serve import Server, article_file, free_port, site_copy, wait_for  # noqa: F401 (a fixture)

WARM = "Mở bản xem trước của lần chạy trước"


def preview_config(root: Path, port: int):
    config = load_config(root / "site.yaml", cache_dir=root / ".cache")
    return serve_config(config, port, "127.0.0.1", drafts=True)  # serve shows drafts by default


def article_url(text: str) -> str:
    """The URL of an article without an explicit slug, from its title as the site makes it."""
    from bangvang.text import slugify

    title = re.search(r'^title: *"?(.*?)"? *$', text, re.MULTILINE).group(1)
    return f"/tin-tuc/{slugify(title, 150)}/"


def log_lines(server: Server) -> list[str]:
    return server.log.read_text("utf-8").splitlines()


def test_warm_start_serves_the_stored_site_then_catches_up(site_copy: Path):
    port = free_port()
    config = preview_config(site_copy, port)
    state = cache_file(config)
    first = Server(site_copy, port)
    # Stored after the first build, not only at a clean stop: a killed server still leaves a warm start.
    wait_for(lambda: state.is_file(), timeout=60)
    first.process.kill()
    first.process.wait(timeout=10)

    # While it is down: a title edit (a new URL, links and lists change) and a broken article.
    path = article_file(site_copy)
    text = path.read_text("utf-8")
    old_url = article_url(text)
    assert "slug:" not in text.split("\n---", 2)[1]
    edited = re.sub(r"^title: *(.*)$", lambda m: 'title: "Bài đã đổi tên khi máy chủ tắt"', text, count=1,
                    flags=re.MULTILINE)
    path.write_text(edited, "utf-8")
    new_url = article_url(edited)
    other = next(p for p in sorted((site_copy / "content/tin-tuc").rglob("*.md")) if p != path)
    good = other.read_text("utf-8")
    other.write_text(re.sub(r"^date: .*$", "date: ngày mai", good, count=1, flags=re.MULTILINE), "utf-8")

    second = Server(site_copy, port)
    try:
        assert any(WARM in line for line in log_lines(second))
        # The catch-up fails on the broken article: the stored site stays served, with the errors on it.
        wait_for(lambda: "Dựng lỗi" in second.log.read_text("utf-8"), timeout=60)
        status, page = second.get(old_url)
        assert status == 200 and 'id="bv-build-error"' in page
        assert second.get(new_url)[0] == 404
        other.write_text(good, "utf-8")
        wait_for(lambda: "Đã dựng lại" in second.log.read_text("utf-8"), timeout=60)
        status, page = second.get(new_url)
        assert status == 200 and "Bài đã đổi tên khi máy chủ tắt" in page and "bv-build-error" not in page
        assert second.get(old_url)[0] == 404
        wait_for(lambda: state.is_file(), timeout=60)  # stored again once caught up
    finally:
        second.stop()

    clean = replace(config, output_dir=site_copy / "clean", cache_dir=site_copy / ".clean-cache")
    build_site(clean, cache=BuildCache())
    assert tree_bytes(config.output_dir) == tree_bytes(clean.output_dir)

    # Nothing changed since: the next start reads nothing again and renders nothing.
    third = Server(site_copy, port)
    try:
        assert any(WARM in line for line in log_lines(third))
        wait_for(lambda: "Đã dựng lại" in third.log.read_text("utf-8"), timeout=60)
        assert "đọc 0 bài, dựng 0 trang, ghi 0 tệp" in third.log.read_text("utf-8")
    finally:
        third.stop()
    assert tree_bytes(config.output_dir) == tree_bytes(clean.output_dir)


def test_cold_start_uses_the_documents_build_parsed(site_copy: Path):
    build_site(load_config(site_copy / "site.yaml", output_dir=site_copy / "output", cache_dir=site_copy / ".cache"))
    server = Server(site_copy, free_port())
    try:
        first = next(line for line in log_lines(server) if line.startswith("Đã dựng lại"))
        assert first.startswith("Đã dựng lại: đọc 0 bài"), first
        assert not any(WARM in line for line in log_lines(server))
    finally:
        server.stop()
