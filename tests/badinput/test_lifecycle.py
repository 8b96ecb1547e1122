"""Bad-input cases about the build's lifecycle: what files alone cannot describe.

Each test is named after its fixture folder in cases/ (whose case.yaml says `driver: lifecycle`) and
uses the folder's site/ files where it has some. Builds run as real subprocesses where signals,
locks, environment variables or a second process are the point.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.badinput.test_cases import fresh_site, leftovers, outside_output, run_cli, write_files
from tests.conftest import ROOT, TEST_NOW, article
from tests.sitecheck import tree_bytes

BUILD = [sys.executable, str(ROOT / "build.py"), "build"]


def many_articles(root: Path, count: int, words: str = "") -> None:
    """`count` small articles with awardees: enough to use the forked workers (200+)."""
    files = {}
    for i in range(count):
        extra = f'awardees:\n  - name: "Người Thứ {i}"\n    award: bang-khen\n'
        files[f"content/tin-tuc/2020/bai-{i:04d}.md"] = article(f"Bài số {i}", date=f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                                                 extra=extra, body=f"Nội dung bài {i}. {words}")
    write_files(root, files)


def digest_tree(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def build_process(root: Path, *args: str, env: dict | None = None, **kw) -> subprocess.Popen:
    return subprocess.Popen([*BUILD, "--config", str(root / "site.yaml"), *args], cwd=root,
                            env={**os.environ, "SOURCE_DATE_EPOCH": TEST_NOW, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


# --- C28 ------------------------------------------------------------------------------------------


def test_c28_prefix_sibling_escape(tmp_path: Path):
    """`public` and `public-old` share a prefix: a string check would let public-old/x through."""
    from bangvang.errors import OutputError
    from bangvang.serve import contained_file
    from bangvang.write import contained_dir, safe_join

    root = tmp_path / "output"
    sibling = tmp_path / "output-old"
    root.mkdir()
    sibling.mkdir()
    (sibling / "x").write_text("cũ", "utf-8")
    (root / "lien-ket").symlink_to(sibling)  # a folder inside the output that leads to the sibling
    with pytest.raises(OutputError):
        contained_dir(root, root / "lien-ket" / "moi")
    assert not (sibling / "moi").exists()
    for rel in ("../output-old/x", "/etc/passwd", "a\\..\\..\\x", "a/../../output-old/x", "", "a//b"):
        with pytest.raises(OutputError):
            safe_join(root, rel)
    assert contained_file(root, "lien-ket/x") is None
    assert contained_file(root, "../output-old/x") is None
    assert contained_file(root, "%2e%2e/output-old/x") is not None  # a literal name, not a traversal
    assert str(contained_file(root, "%2e%2e/output-old/x")).startswith(str(root) + os.sep)


# --- E43 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ('title: "Trang thử\nbase_url: https://example.org/\n', ["site.yaml:1:", "ngoặc kép"]),
    ("title: Trang thử\nbase_url: https://example.org/\nper_pgae: 5\n", ["site.yaml:3:1: per_pgae:", "“per_page”"]),
    ("title: Trang thử\nbase_url: example.org/congdoan\n", ["site.yaml:2:11: base_url:", "https://"]),
    ("title: Trang thử\nbase_url: https://example.org/\nper_page: mười\n", ["site.yaml:3:11: per_page:"]),
    ("title: Trang thử\nbase_url: https://example.org/\ntimezone: Asia/Ha_Noi\n", ["site.yaml:3:11: timezone:", "Asia/Ho_Chi_Minh"]),
    ("title: Trang thử\nbase_url: https://example.org/\nprefixes:\n  articles: Tin Tức\n", ["site.yaml:4:13: prefixes.articles:"]),
    ("title: a\ntitle: b\nbase_url: https://example.org/\nper_page: 0\n", ["site.yaml:2:1:", "dòng 1"]),
])
def test_e43_broken_site_yaml(tmp_path: Path, text: str, expected: list[str]):
    root = fresh_site(tmp_path, "site")
    code, _, err, _ = run_cli(root, "build", [])
    assert code == 0, err
    before = tree_bytes(root / "output")
    (root / "site.yaml").write_text(text, "utf-8")
    code, out, err, _ = run_cli(root, "build", [])
    assert code == 1 and "Traceback" not in err, err
    assert any(line.startswith(expected[0]) and all(t in line for t in expected[1:]) for line in err.splitlines()), err
    assert tree_bytes(root / "output") == before


def test_e43_missing_trailing_slash_is_added(tmp_path: Path):
    root = fresh_site(tmp_path, "site")
    (root / "site.yaml").write_text("title: Trang thử\nbase_url: https://example.org/congdoan\n", "utf-8")
    code, _, err, _ = run_cli(root, "build", [])
    assert code == 0, err
    assert 'href="/congdoan/tin-tuc/' in (root / "output/index.html").read_text("utf-8")


# --- F44 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("articles", [5, 240], ids=["one-process", "forked-workers"])
@pytest.mark.parametrize("failure", ["bug", "template"])
def test_f44_failure_at_page_n(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, articles: int, failure: str):
    """A page that fails to render halfway: exit 1 (template) or 2 (a generator bug), nothing published."""
    import bangvang.pipeline
    from bangvang.errors import BuildFailed, Problem

    root = fresh_site(tmp_path, "site")
    many_articles(root, articles)
    code, _, err, _ = run_cli(root, "build", [])
    assert code == 0, err
    published = tree_bytes(root / "output")
    many_articles(root, articles, words="Sửa đổi.")  # every article changes: every page is rendered again
    around = outside_output(root)
    real = bangvang.pipeline.render_job
    calls = {"n": 0}
    fail_at = max(2, articles // 3)  # counted in each worker: every worker renders more pages than this

    def failing(env, job):
        calls["n"] += 1
        if calls["n"] == fail_at:
            if failure == "bug":
                raise RuntimeError("hỏng giữa chừng")
            raise BuildFailed([Problem("templates/article.html", 7, "Lỗi khi dựng trang (thử).")])
        return real(env, job)

    monkeypatch.setattr(bangvang.pipeline, "render_job", failing)
    code, _, err, _ = run_cli(root, "build", [])
    assert code == (2 if failure == "bug" else 1), err
    assert "Traceback" not in err
    if failure == "template":
        assert "templates/article.html:7:" in err
    assert tree_bytes(root / "output") == published
    assert leftovers(root) == []
    assert outside_output(root) == around
    monkeypatch.setattr(bangvang.pipeline, "render_job", real)
    code, _, err, _ = run_cli(root, "build", [])
    assert code == 0, err
    assert "Sửa đổi." in (root / "output/tin-tuc/bai-so-1/index.html").read_text("utf-8")


# --- F45 ------------------------------------------------------------------------------------------


def wait_for_staging(root: Path, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        staging = [root / name for name in leftovers(root) if name.startswith(".output.new-")]
        if staging and any(staging[0].rglob("*.html")):
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    raise AssertionError("the build never started writing")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_f45_killed_build(tmp_path: Path, sig: int):
    root = fresh_site(tmp_path, "site")
    many_articles(root, 300)
    code, _, err, _ = run_cli(root, "build", [])
    assert code == 0, err
    published = digest_tree(root / "output")
    for attempt in range(3):
        many_articles(root, 300, words="Lần hai." + " thêm" * attempt)
        process = build_process(root, env={"PYTHONUNBUFFERED": "1"}, start_new_session=True)
        wait_for_staging(root, process)
        if sig == signal.SIGKILL:
            os.killpg(process.pid, signal.SIGKILL)  # the build and its workers die at once: no clean-up runs
        else:
            os.kill(process.pid, signal.SIGINT)  # Ctrl+C: the build cleans up after itself
        out, err = process.communicate(timeout=60)
        if process.returncode != 0:
            break
        published = digest_tree(root / "output")  # the signal came after the build had finished: try again
    assert digest_tree(root / "output") == published, f"exit {process.returncode}: {err}"
    if sig == signal.SIGINT:
        assert process.returncode == 130 and "giữ nguyên" in err and "Traceback" not in err, err
        assert leftovers(root) == []
    else:
        assert leftovers(root), "a killed build leaves its staging folder (the next build removes it)"
    code, out, err, _ = run_cli(root, "build", [])
    assert code == 0, err
    assert leftovers(root) == []
    if sig == signal.SIGKILL:
        assert re.search(r"Đã dọn \d+ thư mục tạm của lần dựng bị ngắt trước: \.output\.new-", out), out
    assert "Lần hai." in (root / "output/tin-tuc/bai-so-7/index.html").read_text("utf-8")


# --- F46 ------------------------------------------------------------------------------------------


def test_f46_two_builds_at_once(tmp_path: Path):
    """A build waits while another holds the lock; two started together both succeed, one after the other."""
    root = fresh_site(tmp_path, "site")
    many_articles(root, 60)
    code, _, err, _ = run_cli(root, "build", [])
    assert code == 0, err
    published = tree_bytes(root / "output")
    with open(root / ".output.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as if another build were running
        many_articles(root, 60, words="Đang chờ.")
        waiting = build_process(root)
        time.sleep(3)
        assert waiting.poll() is None, waiting.communicate()
        assert tree_bytes(root / "output") == published and leftovers(root) == []
        fcntl.flock(lock, fcntl.LOCK_UN)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "Đang chờ." in (root / "output/tin-tuc/bai-so-3/index.html").read_text("utf-8")

    many_articles(root, 60, words="Cùng lúc.")
    first, second = build_process(root), build_process(root)
    for process in (first, second):
        out, err = process.communicate(timeout=180)
        assert process.returncode == 0, err
    assert leftovers(root) == []
    alone = fresh_site(tmp_path, "alone")
    many_articles(alone, 60, words="Cùng lúc.")
    code, _, err, _ = run_cli(alone, "build", [])
    assert code == 0, err
    assert tree_bytes(root / "output") == tree_bytes(alone / "output")


# --- F47, F48: the dev server ---------------------------------------------------------------------


@pytest.fixture
def dev_server(tmp_path: Path):
    from tests.test_serve import Server, free_port

    root = fresh_site(tmp_path, "site")
    write_files(root, {"content/tin-tuc/2021/bai-khac.md": article("Bài khác đang xem", date="2021-07-01")})
    server = Server(root, free_port())
    yield server
    server.stop()


def wait_until(predicate, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_f47_dev_server_bad_save(dev_server):
    server, root = dev_server, dev_server.root
    edited = root / "content/tin-tuc/2021/co-so.md"
    good = edited.read_text("utf-8")
    builds = server.rebuilds()
    # a bad save in one article; the error shows on every page, also one nobody is looking at
    edited.write_text(good.replace("unit: ldld-ha-noi", 'unit: "<script>alert(1)</script>"'), "utf-8")
    wait_until(lambda: server.rebuilds() > builds)
    for path in ("/", "/tin-tuc/bai-khac-dang-xem/", "/khong-co-trang-nay/"):
        status, page = server.get(path)
        assert status in (200, 404) and 'id="bv-build-error"' in page, path
        assert "content/tin-tuc/2021/co-so.md:4:7" in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "content/tin-tuc/2021/co-so.md:4:7: unit:" in server.log.read_text("utf-8")
    assert server.process.poll() is None
    # ten saves within 200 ms are one rebuild
    builds = server.rebuilds()
    for i in range(10):
        edited.write_text(good + f"\nLần lưu {i}.\n", "utf-8")
        time.sleep(0.015)
    wait_until(lambda: server.rebuilds() > builds)
    time.sleep(1.5)
    assert server.rebuilds() == builds + 1
    status, page = server.get("/tin-tuc/bai-khac-dang-xem/")
    assert 'id="bv-build-error"' not in page  # fixed: the overlay is gone by itself
    assert "Lần lưu 9." in server.get("/tin-tuc/bai-co-so-cua-bo-thu/")[1]
    # site.yaml is read again: a new title shows; a broken one is an error like any other
    config = root / "site.yaml"
    settings = config.read_text("utf-8")
    builds = server.rebuilds()
    config.write_text(settings.replace("title: Trang thử", "title: Trang thử đã đổi tên"), "utf-8")
    wait_until(lambda: server.rebuilds() > builds)
    wait_until(lambda: "Trang thử đã đổi tên" in server.get("/")[1])
    builds = server.rebuilds()
    config.write_text(settings + "per_pgae: 3\n", "utf-8")
    wait_until(lambda: server.rebuilds() > builds)
    assert "site.yaml:" in server.get("/")[1] and "per_pgae" in server.get("/")[1]
    config.write_text(settings, "utf-8")
    wait_until(lambda: 'id="bv-build-error"' not in server.get("/")[1])
    # a parent that is not in the registry is a content error on every page, never a crash (issue 16)
    units = root / "content/units.yaml"
    registry = units.read_text("utf-8")
    builds = server.rebuilds()
    units.write_text(registry.replace("  parent: tong-ldld\n", "  parent: tong-ldldd\n", 1), "utf-8")
    wait_until(lambda: server.rebuilds() > builds)
    status, page = server.get("/tin-tuc/bai-khac-dang-xem/")
    assert 'id="bv-build-error"' in page and "content/units.yaml:8:11" in page and "ldld-ha-noi.parent" in page
    assert "“Tổng Liên đoàn Lao động Việt Nam”" in page and "KeyError" not in page
    units.write_text(registry, "utf-8")
    wait_until(lambda: 'id="bv-build-error"' not in server.get("/")[1])
    assert server.process.poll() is None


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in open(table).read().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                found.add(address)
    return found


def test_f48_dev_server_attacks(dev_server, tmp_path: Path):
    server = dev_server
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("MẬT KHẨU", "utf-8")
    site = server.root / ".cache/serve/site"
    (site / "lien-ket.txt").symlink_to(secret)
    (site / "thu-muc").symlink_to(tmp_path)
    for path in ("/../bi-mat.txt", "/%2e%2e/%2e%2e/%2e%2e/bi-mat.txt", "/..%2f..%2f..%2fbi-mat.txt", "//etc/passwd",
                 "/lien-ket.txt", "/thu-muc/bi-mat.txt", "/theme/../../../../bi-mat.txt", "/%2e%2e%5c%2e%2e%5cbi-mat.txt"):
        status, body = server.get(path)
        assert status in (403, 404), path
        assert "MẬT KHẨU" not in body and "root:" not in body, path
    for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example"):
        assert server.get("/", host=host)[0] == 403, host
    assert listening_addresses(server.port) == {"0100007F"}  # 127.0.0.1 only, not 0.0.0.0 or ::


# --- F49 ------------------------------------------------------------------------------------------


def test_f49_determinism(tmp_path: Path):
    """Two builds of the example site that differ in TZ, locale, hash seed, file creation order and
    file times give the same bytes."""
    def copy_site(target: Path, reverse: bool) -> None:
        files = sorted((ROOT / "content").rglob("*"), reverse=reverse)
        for path in files:  # created in the opposite order: directory listings differ on disk
            rel = path.relative_to(ROOT)
            if path.is_dir():
                (target / rel).mkdir(parents=True, exist_ok=True)
        for i, path in enumerate(files):
            rel = path.relative_to(ROOT)
            if path.is_file():
                (target / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target / rel)
                stamp = 1_600_000_000 + (i * 7919 if reverse else i)
                os.utime(target / rel, (stamp, stamp))
        shutil.copyfile(ROOT / "site.yaml", target / "site.yaml")
        (target / "theme").mkdir()
        shutil.copyfile(ROOT / "theme/logo.svg", target / "theme/logo.svg")  # the example's branding.logo

    outputs = []
    for name, env, reverse in [
            ("a", {"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C", "PYTHONHASHSEED": "1"}, False),
            ("b", {"TZ": "America/Los_Angeles", "LC_ALL": "C.UTF-8", "LANG": "vi_VN.UTF-8", "PYTHONHASHSEED": "4242"}, True)]:
        root = tmp_path / name
        copy_site(root, reverse)
        process = build_process(root, "--out", str(root / "output"), env=env)
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        outputs.append(root / "output")
    first, second = (tree_bytes(o) for o in outputs)
    assert sorted(first) == sorted(second)
    assert [rel for rel in first if first[rel] != second[rel]] == []


def test_f49_no_wall_clock_in_the_output(tmp_path: Path):
    """With SOURCE_DATE_EPOCH, nothing of today's date or time appears; without it, the output is the same."""
    root = fresh_site(tmp_path, "site")
    process = build_process(root, env={"SOURCE_DATE_EPOCH": TEST_NOW})
    assert process.wait(timeout=300) == 0, process.communicate()
    pinned = tree_bytes(root / "output")
    today = time.strftime("%Y-%m-%d"), time.strftime("%d/%m/%Y")
    for rel, data in pinned.items():
        text = data.decode("utf-8", "replace")
        assert not any(t in text for t in today), rel
    shutil.rmtree(root / "output")
    shutil.rmtree(root / ".bangvang-cache", ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    process = subprocess.run([*BUILD, "--config", str(root / "site.yaml")], cwd=root, env=env, capture_output=True)
    assert process.returncode == 0, process.stderr
    assert tree_bytes(root / "output") == pinned


# --- F50 ------------------------------------------------------------------------------------------


def every_text(output: Path) -> dict[str, str]:
    """Every output file as text; Pagefind's gzipped index files decompressed, so they are searched too."""
    texts = {}
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        elif path.suffix.startswith(".pf_"):  # pagefind's compressed files start with a signature first
            try:
                data = gzip.decompress(data)
            except OSError:
                pass
        texts[path.relative_to(output).as_posix()] = data.decode("utf-8", "replace")
    return texts


def test_f50_drafts_and_future(tmp_path: Path):
    root = fresh_site(tmp_path, "site")
    hidden = {
        "content/tin-tuc/2021/ban-nhap.md": article("Bản nháp bí mật", extra=(
            "draft: true\ntags: [chude-nhap]\ncampaign: gioi-viec-nuoc\n"
            'awardees:\n  - name: "Người Trong Nháp"\n    award: bang-khen\n'), body="Từ khoá xyzdraftword."),
        "content/tin-tuc/2021/hen-gio.md": article("Bài hẹn giờ bí mật", date="2030-01-01 08:00", unit="ldld-nam-tu-liem",
                                                   extra=('tags: [chude-hen-gio]\n'
                                                          'awardees:\n  - name: "Người Trong Tương Lai"\n    award: bang-khen\n'),
                                                   body="Từ khoá xyzfutureword."),
    }
    code, _, err, _ = run_cli(root, "build", [])
    assert code == 0, err
    without = every_text(root / "output")
    write_files(root, hidden)
    code, out, err, _ = run_cli(root, "build", [])
    assert code == 0, err
    assert "content/tin-tuc/2021/hen-gio.md: bài hẹn giờ, sẽ được xuất bản từ 01/01/2030 08:00." in out
    texts = every_text(root / "output")
    assert texts == without  # not in any page, feed, sitemap, search index, tag or unit page, nor in any count
    for token in ("xyzdraftword", "xyzfutureword", "Người Trong Nháp", "Người Trong Tương Lai", "chude-nhap", "bi-mat"):
        assert not any(token in text for text in texts.values()), token
    code, _, err, _ = run_cli(root, "build", ["--drafts", "--out", str(root / "xem-thu")])
    assert code == 0, err
    preview = every_text(root / "xem-thu")
    for token in ("Bản nháp bí mật", "Bài hẹn giờ bí mật", "Người Trong Nháp", "Người Trong Tương Lai"):
        assert any(token in text for text in preview.values()), token
    assert "tin-tuc/ban-nhap-bi-mat/index.html" in preview
    assert any(rel.endswith("/chude-nhap/index.html") for rel in preview)
