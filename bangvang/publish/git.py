"""git targets: one commit per publish on a branch (gh-pages, pages, main of a *.github.io repository),
for GitHub Pages, GitLab Pages and any host that deploys a branch.

The commit is made without a working copy: a git folder in the cache holds the fetched branch, and the
built site is read straight from output/ into a temporary index, with `.nojekyll` (GitHub Pages must not
run Jekyll over it) and `CNAME` from the target added. Its parent is the branch as fetched, and the push
is not forced: the branch moves in one step from the old commit to the new one, so a host deploys one
version or the other, and a publish killed before the push leaves the branch as it was (the next run
makes the commit again from the objects already stored). `--rollback` pushes a new commit with the
tree of the one before. Credentials are git's own (SSH keys, a credential helper), never site.yaml.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from ..config import SiteConfig
from ..errors import Problem, PublishError
from .site import BuiltSite
from .sync import Summary
from .targets import Target

IDENTITY = {"GIT_AUTHOR_NAME": "Bảng Vàng", "GIT_AUTHOR_EMAIL": "bangvang@localhost",
            "GIT_COMMITTER_NAME": "Bảng Vàng", "GIT_COMMITTER_EMAIL": "bangvang@localhost"}


class Git:
    def __init__(self, folder: Path, target: Target):
        self.folder, self.target = folder, target
        self.branch = target.get("branch", "gh-pages") or "gh-pages"
        self.remote_ref = f"refs/remotes/bangvang/{self.branch}"

    def run(self, *args: str, env: dict | None = None, check: bool = True, input: bytes | None = None,
            cwd: Path | None = None) -> str:
        done = subprocess.run(["git", "--git-dir", str(self.folder), "-c", "core.autocrlf=false",
                               "-c", "core.quotepath=off", *args], capture_output=True, input=input, cwd=cwd,
                              env={**os.environ, **{k: v for k, v in IDENTITY.items() if k not in os.environ},
                                   **(env or {})})
        if check and done.returncode != 0:
            detail = " ".join(done.stderr.decode("utf-8", "replace").strip().splitlines()[-2:])[:300]
            raise PublishError([Problem("site.yaml", self.target.line, f"git không xuất bản được lên "
                                        f"“{self.target.get('repo')}” ({detail}). Nhánh {self.branch} giữ nguyên.",
                                        hint="Kiểm tra địa chỉ kho, quyền ghi (khoá SSH hoặc trình quản lý mật khẩu "
                                             "của git) rồi chạy lại.", code="publish-failed")])
        return done.stdout.decode("utf-8", "replace").strip()

    def fetch(self) -> str | None:
        """The branch's commit on the remote (None when the branch does not exist yet)."""
        if not (self.folder / "HEAD").exists():
            self.folder.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["git", "init", "--quiet", "--bare", str(self.folder)], check=True, capture_output=True)
        repo = self.target.get("repo") or ""
        listed = self.run("ls-remote", "--heads", repo, self.branch)
        if not listed:
            return None
        self.run("fetch", "--quiet", "--no-tags", repo, f"+refs/heads/{self.branch}:{self.remote_ref}")
        return self.run("rev-parse", self.remote_ref)

    def push(self, commit: str) -> None:
        self.run("push", "--quiet", self.target.get("repo") or "", f"{commit}:refs/heads/{self.branch}")


def _folder(config: SiteConfig, target: Target) -> Path:
    return config.cache_dir / "publish" / f"{target.name}.git"


def site_tree(git: Git, site: BuiltSite, target: Target) -> str:
    """The tree of the site as it will be on the branch, written into the git folder."""
    index = git.folder / f"index-{os.getpid()}"
    env = {"GIT_INDEX_FILE": str(index), "GIT_WORK_TREE": str(site.root)}
    try:
        git.run("read-tree", "--empty", env=env)
        git.run("add", "--all", "--force", ".", env=env, cwd=site.root)
        extras = {".nojekyll": b""}
        if target.get("cname"):
            extras["CNAME"] = (target.get("cname") or "").encode() + b"\n"
        for name, data in extras.items():
            blob = git.run("hash-object", "-w", "--stdin", input=data)
            git.run("update-index", "--add", "--cacheinfo", f"100644,{blob},{name}", env=env)
        return git.run("write-tree", env=env)
    finally:
        index.unlink(missing_ok=True)


def publish(target: Target, site: BuiltSite, *, dry_run: bool, progress, config: SiteConfig) -> Summary:
    git = Git(_folder(config, target), target)
    summary = Summary()
    parent = git.fetch()
    progress(1, 3)
    tree = site_tree(git, site, target)
    progress(2, 3)
    changes = git.run("diff-tree", "-r", "--no-renames", "--name-status", parent, tree).splitlines() if parent else \
        [f"A\t{line}" for line in git.run("ls-tree", "-r", "--name-only", tree).splitlines()]
    sent = {line.split("\t", 1)[1] for line in changes if line[:1] in "AM"}
    summary.sent = len(sent)
    summary.deleted = sum(1 for line in changes if line[:1] == "D")
    by_rel = site.by_rel()
    summary.sent_bytes = sum(by_rel[rel].size for rel in sent if rel in by_rel)
    summary.unchanged = sum(1 for rel in by_rel if rel not in sent)  # .nojekyll and CNAME are not site files
    if dry_run or (parent and not changes):
        return summary
    message = target.get("message") or f"Xuất bản trang {time.strftime('%d/%m/%Y %H:%M', time.localtime())}"
    commit = git.run("commit-tree", tree, *(["-p", parent] if parent else []), "-m", message)
    git.push(commit)
    progress(3, 3)
    return summary


def rollback(target: Target, config: SiteConfig) -> str:
    git = Git(_folder(config, target), target)
    tip = git.fetch()
    previous = git.run("rev-parse", "--verify", "--quiet", f"{tip}^", check=False) if tip else ""
    if not previous:
        raise PublishError([Problem("site.yaml", target.line, f"Không có bản xuất bản trước để quay lại trên "
                                    f"“{target.name}”.", hint="Nhánh mới chỉ có một lần xuất bản.",
                                    code="no-rollback")])
    tree = git.run("rev-parse", f"{previous}^{{tree}}")
    commit = git.run("commit-tree", tree, "-p", tip, "-m", f"Quay lại bản xuất bản {previous[:10]}")
    git.push(commit)
    return f"Đã quay lại “{target.name}”: nhánh {git.branch} trở về nội dung của {previous[:10]}."
