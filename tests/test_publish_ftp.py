"""FTP targets against pyftpdlib on 127.0.0.1: ordered upload of changed files only, deletions last, a
manifest on the host, and a publish killed midway that leaves every live file whole and is resumed."""

from __future__ import annotations

import json
import os
import signal

from bangvang.publish.sync import order_key
from tests.publishkit import FtpServer, build, publish, publish_process, set_version, wait_for, write_site


def test_publish_edit_publish_sends_changes_in_order_and_deletes_last(tmp_path, monkeypatch):
    server = FtpServer(tmp_path / "ftp")
    try:
        monkeypatch.setenv("BANGVANG_FTP_PASSWORD", server.password)
        root = write_site(tmp_path / "site", server.target(), extra={"static/se-xoa.txt": "cũ"})
        build(root)
        code, out, err = publish(root)
        assert code == 0, err
        www = server.home / "www"
        assert (www / "tin-tuc/bai-mot/index.html").is_file() and (www / "se-xoa.txt").is_file()
        manifest = json.loads((www / ".bangvang-manifest.json").read_text())["files"]
        assert set(manifest) == {p.relative_to(root / "output").as_posix()
                                 for p in (root / "output").rglob("*") if p.is_file()}
        first = len(manifest)
        assert f"gửi {first} tệp" in out
        server.log.clear()
        set_version(root, "v2")
        (root / "static/se-xoa.txt").unlink()
        build(root)
        code, out, err = publish(root)
        assert code == 0, err
        puts = [path.removeprefix("www/") for kind, path in server.log
                if kind == "put" and not path.endswith(".bangvang-manifest.json")]
        dels = [i for i, (kind, _) in enumerate(server.log) if kind == "del"]
        assert puts and len(puts) < first  # only what changed
        assert [order_key(p)[0] for p in puts] == sorted(order_key(p)[0] for p in puts)  # assets, pages, feeds
        assert "feed.xml" in puts and puts.index("phien-ban.txt") < puts.index("tin-tuc/bai-mot/index.html")
        last_put = max(i for i, (kind, path) in enumerate(server.log)
                       if kind == "put" and not path.endswith(".bangvang-manifest.json"))
        assert dels and min(dels) > last_put
        assert not (www / "se-xoa.txt").exists()
        assert "v2" in (www / "tin-tuc/bai-mot/index.html").read_text()
        assert "xoá 0" not in out and "xoá " in out
        assert not list(www.rglob("*.bangvang-part"))
        # nothing changed: nothing sent
        code, out, _ = publish(root)
        assert code == 0 and "gửi 0 tệp" in out
        # FTP keeps no versions: --rollback is refused in words, and nothing changes on the host
        live = {p: p.read_bytes() for p in www.rglob("*") if p.is_file()}
        code, _, err = publish(root, "--rollback")
        assert code == 1 and "Nơi xuất bản “ftp” (ftp) không quay lại được" in err and "rsync, sftp và git" in err
        assert {p: p.read_bytes() for p in www.rglob("*") if p.is_file()} == live
    finally:
        server.stop()


def test_missing_password_is_explained_without_sending(tmp_path, monkeypatch):
    server = FtpServer(tmp_path / "ftp")
    try:
        monkeypatch.delenv("BANGVANG_FTP_PASSWORD", raising=False)
        monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.netrc
        root = write_site(tmp_path / "site", server.target())
        build(root)
        code, _, err = publish(root)
        assert code == 1 and "BANGVANG_FTP_PASSWORD" in err and "~/.netrc" in err
        (tmp_path / ".netrc").write_text(f"machine 127.0.0.1 login {server.user} password {server.password}\n")
        os.chmod(tmp_path / ".netrc", 0o600)
        code, _, err = publish(root)
        assert code == 0, err
    finally:
        server.stop()


def test_a_publish_killed_midway_leaves_every_live_file_whole_and_the_next_run_resumes(tmp_path):
    server = FtpServer(tmp_path / "ftp", read_limit=100_000)
    try:
        big = {f"static/tai-lieu/{i:02d}.bin": os.urandom(300_000) for i in range(4)}
        root = write_site(tmp_path / "site", server.target(), extra=big)
        build(root)
        process = publish_process(root, env=server.env())
        assert process.wait(180) == 0, process.communicate()
        www = server.home / "www"
        before = {p.relative_to(www).as_posix(): p.read_bytes() for p in www.rglob("*") if p.is_file()}
        set_version(root, "v2")
        for i in range(4):
            (root / f"static/tai-lieu/{i:02d}.bin").write_bytes(os.urandom(300_000))
        build(root)
        after = {p.relative_to(root / "output").as_posix(): p.read_bytes()
                 for p in (root / "output").rglob("*") if p.is_file()}
        server.log.clear()
        process = publish_process(root, env=server.env())
        # killed once the progress manifest was saved on the host (every 2 s) and before the pages went up
        assert wait_for(lambda: any(path.endswith(".bangvang-manifest.json") for _, path in server.log), timeout=60)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
        for rel, data in before.items():  # every file of the live site is there, whole: old or new
            if rel == ".bangvang-manifest.json":
                continue
            now = (www / rel).read_bytes()
            assert now == data or now == after.get(rel), rel
        assert "v1" in (www / "tin-tuc/bai-mot/index.html").read_text()  # pages go after the assets
        code = publish_process(root, env=server.env())
        out, err = code.communicate(timeout=120)
        assert code.returncode == 0, err
        sent = int(out.decode().split("gửi ")[1].split(" ")[0])
        changed = sum(1 for rel in after if before.get(rel) != after[rel])
        assert sent < changed  # resumed: what the killed run had sent is not sent again
        assert {rel: (www / rel).read_bytes() for rel in after} == after
    finally:
        server.stop()


def test_more_deletions_than_the_cap_are_refused_without_the_flag(tmp_path, monkeypatch):
    """Deletions on a live FTP folder cannot be undone: capped like S3's."""
    server = FtpServer(tmp_path / "ftp")
    try:
        monkeypatch.setenv("BANGVANG_FTP_PASSWORD", server.password)
        many = {f"static/tep/{i:02d}.txt": str(i) for i in range(10)}
        root = write_site(tmp_path / "site", server.target() + "    max_deletions: 5\n", extra=many)
        build(root)
        assert publish(root)[0] == 0
        for i in range(10):
            (root / f"static/tep/{i:02d}.txt").unlink()
        build(root)
        server.log.clear()
        code, out, err = publish(root, "--dry-run")
        assert code == 1 and "sẽ xoá 10 tệp" in err and "--allow-deletions" in err and "Chưa gửi gì" in err
        code, _, err = publish(root)
        assert code == 1 and "nhiều hơn mức cho phép 5" in err
        assert server.log == [] and len(list((server.home / "www/tep").iterdir())) == 10
        code, out, err = publish(root, "--allow-deletions")
        assert code == 0, err
        assert "xoá 10" in out and not list((server.home / "www/tep").iterdir())
    finally:
        server.stop()


def test_ctrl_c_during_a_publish_says_the_live_site_is_whole_and_the_next_run_resumes(tmp_path):
    server = FtpServer(tmp_path / "ftp", read_limit=100_000)
    try:
        big = {f"static/tai-lieu/{i:02d}.bin": os.urandom(300_000) for i in range(4)}
        root = write_site(tmp_path / "site", server.target(), extra=big)
        build(root)
        process = publish_process(root, env=server.env())
        assert wait_for(lambda: any(path.endswith(".bangvang-manifest.json") for _, path in server.log), timeout=60)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        assert process.returncode == 130
        err = err.decode()
        assert "Đã dừng xuất bản giữa chừng" in err and "Chạy lại lệnh để gửi nốt" in err
        assert "Traceback" not in err and "Thư mục xuất bản giữ nguyên" not in err
        process = publish_process(root, env=server.env())
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert int(out.decode().split("gửi ")[1].split(" ")[0]) < len(list((root / "output").rglob("*.*")))
    finally:
        server.stop()


def test_progress_on_a_terminal_moves_with_the_bytes_of_a_large_file_and_nothing_when_piped(tmp_path, monkeypatch):
    """One large attachment over a slow line, the only file that changed: the bar shows percentages in
    between (it counts bytes, not files), then the summary; piped output gets the summary alone."""
    import io
    import re

    from bangvang.cli import main

    class Tty(io.StringIO):
        def isatty(self):
            return True

    from bangvang.publish import ProgressBar

    server = FtpServer(tmp_path / "ftp", read_limit=1_000_000)
    try:
        monkeypatch.setenv("BANGVANG_FTP_PASSWORD", server.password)
        monkeypatch.setattr(ProgressBar, "DELAY", 0.0)
        root = write_site(tmp_path / "site", server.target())
        build(root)
        out, piped = io.StringIO(), io.StringIO()
        assert main(["publish", "--config", str(root / "site.yaml")], out=out, err=piped) == 0, piped.getvalue()
        assert piped.getvalue() == "" and "Đã xuất bản lên “ftp”: gửi" in out.getvalue()
        (root / "static/tai-lieu").mkdir()
        (root / "static/tai-lieu/lon.bin").write_bytes(os.urandom(8_000_000))  # more than the socket buffers
        build(root)
        out, err = io.StringIO(), Tty()
        assert main(["publish", "--config", str(root / "site.yaml")], out=out, err=err) == 0, err.getvalue()
        assert "gửi 1 tệp (8,0 MB)" in out.getvalue()
        shown = err.getvalue()
        assert "Xuất bản lên ftp" in shown
        percents = {int(p) for p in re.findall(r"(\d+)%", shown)}
        assert any(0 < p < 100 for p in percents), percents  # moved while the one large file was sent
    finally:
        server.stop()
