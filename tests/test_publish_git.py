"""git targets against a bare repository: one commit per publish with .nojekyll and CNAME, rollback, a
reader deploying the branch while publishes run, and a publish killed midway."""

from __future__ import annotations

import os
import signal
import subprocess

from tests.publishkit import Reader, build, git, git_snapshot, publish, publish_process, set_version, wait_for, write_site


def make_repo(tmp_path):
    repo = tmp_path / "ldld.github.io.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(repo)], check=True)
    return repo


def target(repo, extra=""):
    return (f"publish:\n  - name: github\n    type: git\n    repo: {repo}\n    branch: gh-pages\n"
            f"    cname: congdoan-thu.vn\n    limits: github-pages\n{extra}")


def test_one_commit_per_publish_with_nojekyll_and_cname_and_rollback(tmp_path):
    repo = make_repo(tmp_path)
    root = write_site(tmp_path / "site", target(repo))
    build(root)
    code, out, err = publish(root)
    assert code == 0, err
    assert "Đã xuất bản lên “github”" in out
    sent = len(list(p for p in (root / "output").rglob("*") if p.is_file())) + 2  # with .nojekyll and CNAME
    assert f"gửi {sent} tệp" in out and "giữ nguyên 0," in out  # never a negative count
    files = git(repo, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert ".nojekyll" in files and "tin-tuc/bai-mot/index.html" in files
    assert git(repo, "show", "gh-pages:CNAME") == "congdoan-thu.vn"
    assert git(repo, "rev-list", "--count", "gh-pages") == "1"
    code, out, _ = publish(root)  # nothing changed: no empty commit
    assert code == 0 and git(repo, "rev-list", "--count", "gh-pages") == "1"
    set_version(root, "v2")
    build(root)
    assert publish(root)[0] == 0
    assert git(repo, "rev-list", "--count", "gh-pages") == "2"
    assert "v2" in git(repo, "show", "gh-pages:tin-tuc/bai-mot/index.html")
    code, out, err = publish(root, "--rollback")
    assert code == 0, err
    assert "Đã quay lại “github”" in out
    assert "v1" in git(repo, "show", "gh-pages:tin-tuc/bai-mot/index.html")
    assert git(repo, "rev-list", "--count", "gh-pages") == "3"


def test_a_host_deploying_the_branch_during_publishes_sees_one_whole_version(tmp_path):
    repo = make_repo(tmp_path)
    root = write_site(tmp_path / "site", target(repo))
    build(root)
    assert publish(root)[0] == 0
    reader = Reader(git_snapshot(repo, "gh-pages"))
    reader.start()
    for version in ("v2", "v3", "v4"):
        set_version(root, version)
        build(root)
        code, _, err = publish(root)
        assert code == 0, err
    assert wait_for(lambda: "v4" in reader.versions, timeout=30)
    reader.stop()
    assert reader.problems == [] and reader.reads > 3 and "v1" in reader.versions


def test_a_publish_killed_midway_leaves_the_branch_and_the_next_one_completes(tmp_path):
    repo = make_repo(tmp_path)
    many = {f"static/tep/{i:04d}.txt": os.urandom(2000).hex() for i in range(1500)}
    root = write_site(tmp_path / "site", target(repo), extra=many)
    build(root)
    assert publish(root)[0] == 0
    tip = git(repo, "rev-parse", "gh-pages")
    set_version(root, "v2")
    for i in range(1500):
        (root / f"static/tep/{i:04d}.txt").write_text(os.urandom(2000).hex())
    build(root)
    process = publish_process(root)
    objects = root / ".bangvang-cache/publish/github.git/objects"
    count = sum(1 for _ in objects.rglob("*"))
    assert wait_for(lambda: sum(1 for _ in objects.rglob("*")) > count + 200, timeout=60)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)
    assert git(repo, "rev-parse", "gh-pages") == tip
    code, out, err = publish(root)
    assert code == 0, err
    assert "v2" in git(repo, "show", "gh-pages:tin-tuc/bai-mot/index.html")
    assert git(repo, "rev-list", "--count", "gh-pages") == "2"


def test_a_publish_killed_during_the_push_leaves_the_branch_and_the_next_one_completes(tmp_path):
    """Killed while the repository receives the push (its objects sent, the branch not yet moved: a slow
    pre-receive hook holds it there): the branch stays at the live commit, and the next publish completes."""
    repo = make_repo(tmp_path)
    root = write_site(tmp_path / "site", target(repo))
    build(root)
    assert publish(root)[0] == 0
    tip = git(repo, "rev-parse", "gh-pages")
    receiving = tmp_path / "receiving"
    hook = repo / "hooks/pre-receive"
    hook.write_text(f"#!/bin/sh\ncat >/dev/null\ntouch {receiving}\nsleep 60\n")
    hook.chmod(0o755)
    set_version(root, "v2")
    build(root)
    process = publish_process(root)
    assert wait_for(receiving.exists, timeout=60), process.communicate(timeout=5)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)
    assert git(repo, "rev-parse", "gh-pages") == tip
    assert "v1" in git(repo, "show", "gh-pages:tin-tuc/bai-mot/index.html")
    hook.unlink()
    code, out, err = publish(root)
    assert code == 0, err
    assert "v2" in git(repo, "show", "gh-pages:tin-tuc/bai-mot/index.html")
    assert git(repo, "rev-list", "--count", "gh-pages") == "2"
