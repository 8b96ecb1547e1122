"""Release targets: rsync to a folder on this machine and to OpenSSH's sshd on 127.0.0.1, and SFTP to the
same sshd: releases, an atomic `current` switch, rollback, keep; a reader polling during a publish; a
publish killed midway."""

from __future__ import annotations

import os
import signal

import pytest

from tests.publishkit import (Reader, Sshd, build, folder_snapshot, publish, publish_process, set_version, wait_for,
                              write_site)


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    server = Sshd(tmp_path_factory.mktemp("sshd"))
    yield server
    server.stop()


@pytest.fixture(params=["local", "ssh", "sftp"])
def place(request, tmp_path, monkeypatch):
    """(publish section, the folder on the 'server' that the web server would serve from)."""
    if request.param == "local":
        dest = tmp_path / "www"
        return f"publish:\n  - name: may-chu\n    type: rsync\n    path: {dest}\n    keep: 2\n", dest, {}
    server = request.getfixturevalue("sshd")
    dest = server.home / f"site-{os.getpid()}-{len(list(server.home.iterdir()))}"
    monkeypatch.setenv("BANGVANG_SSH_CONFIG", str(server.config))
    kind = "rsync" if request.param == "ssh" else "sftp"
    yaml = (f"publish:\n  - name: may-chu\n    type: {kind}\n    host: {server.alias}\n    path: {dest}\n"
            "    keep: 2\n")
    return yaml, dest, server.env()


def releases(dest):
    return sorted(p.name for p in (dest / "releases").iterdir() if not p.name.startswith("."))


def test_publish_edit_publish_rollback_and_keep(tmp_path, place):
    yaml, dest, _ = place
    root = write_site(tmp_path / "site", yaml)
    build(root)
    code, out, err = publish(root)
    assert code == 0, err
    assert "Đã xuất bản lên “may-chu”: gửi" in out
    current = dest / "current"
    assert current.is_symlink() and "v1" in (current / "phien-ban.txt").read_text()
    first = os.readlink(current)
    set_version(root, "v2")
    build(root)
    code, out, err = publish(root, "may-chu")
    assert code == 0, err
    assert "v2" in (current / "tin-tuc/bai-mot/index.html").read_text()
    second = os.readlink(current)
    assert second != first and len(releases(dest)) == 2
    # unchanged files are hard links to the previous release's, not copies (sftp: hardlink@openssh.com)
    css = "theme/css/site.css"
    assert os.stat(dest / first / css).st_ino == os.stat(dest / second / css).st_ino
    total = sum(1 for p in (root / "output").rglob("*") if p.is_file())
    assert int(out.split("gửi ")[1].split(" ")[0]) < total / 2, out  # only what changed was sent
    code, out, err = publish(root, "--rollback")
    assert code == 0, err
    assert "Đã quay lại “may-chu”" in out
    assert os.readlink(current) == first and "v1" in (current / "phien-ban.txt").read_text()
    code, _, err = publish(root, "--rollback")
    assert code == 1 and "Không có bản xuất bản trước" in err
    # two more publishes: only `keep` releases stay, the live one among them
    for version in ("v3", "v4"):
        set_version(root, version)
        build(root)
        assert publish(root)[0] == 0
    assert len(releases(dest)) == 2
    assert "v4" in (current / "phien-ban.txt").read_text()


def test_publishing_an_unchanged_site_makes_no_release_so_rollback_still_goes_back_one_version(tmp_path, place):
    yaml, dest, _ = place
    root = write_site(tmp_path / "site", yaml, extra={"static/se-xoa.txt": "cũ"})
    build(root)
    assert publish(root)[0] == 0
    first = os.readlink(dest / "current")
    code, out, err = publish(root)  # published again out of habit
    assert code == 0, err
    assert "gửi 0 tệp" in out and "không có gì thay đổi" in out
    assert os.readlink(dest / "current") == first and releases(dest) == [first.split("/")[-1]]
    assert not (dest / "releases/.incoming").exists()
    set_version(root, "v2")
    (root / "static/se-xoa.txt").unlink()
    build(root)
    code, out, err = publish(root)
    assert code == 0, err
    assert "xoá 0" not in out and "không có gì thay đổi" not in out  # what the site no longer has is counted
    second = os.readlink(dest / "current")
    assert second != first
    assert publish(root)[0] == 0 and os.readlink(dest / "current") == second
    code, out, err = publish(root, "--rollback")
    assert code == 0, err
    assert os.readlink(dest / "current") == first and "v1" in (dest / "current/phien-ban.txt").read_text()


def test_dry_run_sends_nothing(tmp_path, place):
    yaml, dest, _ = place
    root = write_site(tmp_path / "site", yaml)
    build(root)
    code, out, err = publish(root, "--dry-run")
    assert code == 0, err
    assert "Thử (--dry-run) “may-chu”: sẽ gửi" in out and "Chưa gửi gì" in out
    assert not (dest / "current").exists()


def test_a_reader_polling_during_publishes_never_sees_a_missing_page_or_a_mix(tmp_path, place):
    yaml, dest, _ = place
    root = write_site(tmp_path / "site", yaml)
    build(root)
    assert publish(root)[0] == 0
    reader = Reader(folder_snapshot(dest / "current"))
    reader.start()
    for version in ("v2", "v3", "v4", "v5"):
        set_version(root, version)
        build(root)
        code, _, err = publish(root)
        assert code == 0, err
    assert wait_for(lambda: "v5" in reader.versions, timeout=30)  # the reader's next look finds the new site
    reader.stop()
    assert reader.problems == []
    assert reader.reads > 10 and "v1" in reader.versions


def test_a_publish_killed_midway_leaves_the_live_site_and_the_next_one_completes(tmp_path, place):
    yaml, dest, env = place
    big = {f"static/tai-lieu/{i:02d}.bin": os.urandom(100_000) for i in range(20)}
    root = write_site(tmp_path / "site", yaml.replace("keep: 2", "keep: 2\n    bwlimit: 300"), extra=big)
    build(root)
    assert publish(root)[0] == 0
    live = os.readlink(dest / "current")
    set_version(root, "v2")
    for i in range(20):
        (root / f"static/tai-lieu/{i:02d}.bin").write_bytes(os.urandom(100_000))
    build(root)
    process = publish_process(root, env=env)
    incoming = dest / "releases/.incoming"
    assert wait_for(lambda: incoming.is_dir() and any(incoming.rglob("*.bin")), timeout=60), \
        process.communicate(timeout=5)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)
    assert os.readlink(dest / "current") == live
    assert "v1" in (dest / "current/tin-tuc/bai-mot/index.html").read_text()
    (root / "site.yaml").write_text((root / "site.yaml").read_text().replace("    bwlimit: 300\n", ""))
    code, out, err = publish(root)
    assert code == 0, err
    assert "v2" in (dest / "current/phien-ban.txt").read_text()
    assert not incoming.exists()


def test_sftp_swap_by_renames_for_a_web_root_that_must_be_a_folder(tmp_path, sshd, monkeypatch):
    monkeypatch.setenv("BANGVANG_SSH_CONFIG", str(sshd.config))
    www = sshd.home / f"public_html-{os.getpid()}"
    root = write_site(tmp_path / "site", f"publish:\n  - name: hosting\n    type: sftp\n    host: {sshd.alias}\n"
                                         f"    path: {www}\n    swap: rename\n")
    build(root)
    code, out, err = publish(root)
    assert code == 0, err
    assert www.is_dir() and not www.is_symlink() and "v1" in (www / "phien-ban.txt").read_text()
    set_version(root, "v2")
    build(root)
    assert publish(root)[0] == 0
    assert "v2" in (www / "tin-tuc/bai-mot/index.html").read_text()
    assert "v1" in (www.with_name(www.name + ".old") / "phien-ban.txt").read_text()
    set_version(root, "v3")
    build(root)
    code, out, err = publish(root)
    assert code == 0, err
    assert "v3" in (www / "phien-ban.txt").read_text()
    assert "giữ nguyên" in out and "gửi 0 tệp" not in out
    code, out, err = publish(root)  # unchanged: v2 stays the version to go back to
    assert code == 0 and "không có gì thay đổi" in out, err
    assert "v2" in (www.with_name(www.name + ".old") / "phien-ban.txt").read_text()
    code, out, err = publish(root, "--rollback")
    assert code == 0, err
    assert "v2" in (www / "phien-ban.txt").read_text()
