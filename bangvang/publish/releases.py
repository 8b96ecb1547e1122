"""rsync targets: each publish is a new release folder, made live by switching one symlink.

    path/releases/<time>/   one folder per publish (unchanged files hard-linked from the live one)
    path/current            → releases/<time>: what the web server serves

The upload goes into releases/.incoming/ (resumed by the next run if interrupted), is renamed to its
release name when complete, and `current` is switched with rename(2), which is atomic: a reader sees
the old site or the new one, never a mix and never a missing page. `--rollback` switches back to the
release before the live one; releases beyond `keep` are removed. Without `host` the path is a folder
on this machine and the same commands run locally; with one they run over OpenSSH (keys or the agent,
and ~/.ssh/config, as for any ssh command).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
from dataclasses import dataclass

from ..errors import Problem, PublishError
from .site import BuiltSite
from .sync import Summary
from .targets import Target

INCOMING = ".incoming"
# An ssh client configuration other than ~/.ssh/config (host aliases, keys, known hosts), for ssh, rsync and
# SFTP alike; like GIT_SSH_COMMAND, it is set in the environment, never in site.yaml.
SSH_CONFIG_VARIABLE = "BANGVANG_SSH_CONFIG"
# One script per step, run by sh locally or through ssh: the remote side needs a POSIX shell, GNU mv -T
# (an atomic rename of the symlink over the old one) and rsync.
PREPARE = r'''
set -e
mkdir -p "$1/releases"
cd "$1"
if [ -L current ]; then readlink current; fi
'''
ACTIVATE = r'''
set -e
cd "$1"
name="$2"
[ -e "releases/$name" ] && name="$name-$$"
mv "releases/.incoming" "releases/$name"
ln -sfn "releases/$name" .current.new
mv -T .current.new current
echo "$name"
keep="$3"
live="$name"
ls -1 releases | grep -v '^\.' | sort -r | tail -n +"$((keep + 1))" | while read -r old; do
  [ "$old" = "$live" ] || rm -rf "releases/$old"
done
'''
LIST = r'''
set -e
cd "$1/releases/$2"
find . -type f -print0
'''
ROLLBACK = r'''
set -e
cd "$1"
[ -L current ] || { echo "NO-CURRENT"; exit 0; }
live=$(basename "$(readlink current)")
previous=$(ls -1 releases | grep -v '^\.' | sort | awk -v live="$live" '$0 < live' | tail -n 1)
[ -n "$previous" ] || { echo "NO-PREVIOUS $live"; exit 0; }
ln -sfn "releases/$previous" .current.new
mv -T .current.new current
echo "$live $previous"
'''


@dataclass(frozen=True)
class Shell:
    """Commands on the machine that holds the site: this one, or one reached with ssh."""

    host: str | None
    user: str | None
    port: str | None

    @property
    def destination(self) -> str:
        return f"{self.user}@{self.host}" if self.user else str(self.host)

    def ssh_command(self) -> list[str]:
        config = os.environ.get(SSH_CONFIG_VARIABLE)
        return ["ssh", "-o", "BatchMode=yes", *(["-F", config] if config else []),
                *(["-p", self.port] if self.port else [])]

    def run(self, script: str, *args: str) -> str:
        if self.host:
            remote = " ".join(shlex.quote(a) for a in ("sh", "-c", script, "sh", *args))
            command = [*self.ssh_command(), self.destination, remote]
        else:
            command = ["sh", "-c", script, "sh", *args]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise failure(self.host, done.stderr or done.stdout)
        return done.stdout.strip()

    def remote_path(self, path: str) -> str:
        return f"{self.destination}:{path}" if self.host else path


def failure(host: str | None, output: str) -> PublishError:
    where = f"máy chủ {host}" if host else "thư mục đích"
    detail = " ".join(output.strip().splitlines()[-2:])[:300] or "không rõ lý do"
    return PublishError([Problem("site.yaml", None, f"Không xuất bản được lên {where}: {detail}. Trang đang chạy "
                                 "giữ nguyên như trước.",
                                 hint="Kiểm tra kết nối, tên máy, người dùng và khoá SSH (thử: ssh người-dùng@máy-chủ), "
                                      "rồi chạy lại: lần sau tiếp tục từ chỗ dừng.", code="publish-failed")])


def shell_for(target: Target) -> Shell:
    return Shell(target.host, target.get("user"), target.get("port"))


def release_name() -> str:
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime())


def publish(target: Target, site: BuiltSite, *, dry_run: bool, progress) -> Summary:
    shell = shell_for(target)
    path = target.get("path", "").rstrip("/") or "/"
    keep = target.number("keep", 5)
    summary = Summary()
    if dry_run and not _exists(shell, path):
        summary.sent, summary.sent_bytes = len(site.files), site.total_bytes
        return summary
    live = shell.run(PREPARE, path)
    # --checksum: rsync's quick check (size and whole-second mtime) misses a page rewritten at the same size
    # within the second of the last publish (a one-word edit, then build and publish at once).
    command = ["rsync", "--recursive", "--links", "--times", "--checksum", "--delete", "--stats", "--omit-dir-times",
               "--info=progress2", "--no-inc-recursive"]
    if shell.host:
        command += ["-e", " ".join(shlex.quote(a) for a in shell.ssh_command())]
    if live:
        command.append(f"--link-dest=../{live.rstrip('/').split('/')[-1]}")
    if dry_run:
        command.append("--dry-run")
    if target.get("bwlimit"):  # KB/s: leave room on a shared office connection
        command.append(f"--bwlimit={target.get('bwlimit')}")
    command += [str(site.root) + "/", shell.remote_path(f"{path}/releases/{INCOMING}/")]
    output = _run_rsync(command, shell.host, progress)
    stats = _stats(output)
    summary.sent = stats.get("Number of regular files transferred", 0)
    summary.sent_bytes = stats.get("Total transferred file size", 0)
    summary.unchanged = len(site.files) - summary.sent
    # The upload fills a new release, so rsync deletes nothing there: what goes away is what the live one has.
    wanted = {f.rel for f in site.files}
    present = _listing(shell, path, live) if live else set()
    summary.deleted = len(present - wanted)
    if dry_run:
        return summary
    if live and summary.sent == 0 and present == wanted:
        # The live release is this very site: a copy of it would only push the version before out of --rollback.
        shell.run('rm -rf "$1/releases/.incoming"', path)
        return summary
    shell.run(ACTIVATE, path, release_name(), str(keep))
    return summary


def _listing(shell: Shell, path: str, live: str) -> set[str]:
    """The files of the live release, as paths relative to it."""
    name = live.rstrip("/").split("/")[-1]
    return {entry.removeprefix("./") for entry in shell.run(LIST, path, name).split("\0") if entry}


def _run_rsync(command: list[str], host: str | None, progress) -> str:
    """Run rsync, turning its progress lines ("  1,234  45%  …") into progress calls; returns the rest."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    kept: list[str] = []
    buffer = b""
    while True:
        chunk = process.stdout.read1(65536) if hasattr(process.stdout, "read1") else process.stdout.read(65536)
        if not chunk:
            break
        buffer += chunk
        *pieces, buffer = re.split(rb"[\r\n]", buffer)
        for piece in pieces:
            text = piece.decode("utf-8", "replace")
            m = re.match(r"^\s+[\d,.]+\s+(\d+)%", text)
            if m:
                progress(int(m.group(1)), 100)
            elif text.strip():
                kept.append(text)
    kept.append(buffer.decode("utf-8", "replace"))
    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.wait() != 0:
        raise failure(host, error)
    return "\n".join(kept)


def _exists(shell: Shell, path: str) -> bool:
    try:
        shell.run('[ -d "$1" ]', path)
        return True
    except PublishError:
        return False


def _stats(text: str) -> dict[str, int]:
    out = {}
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z ]+?): ([\d,.]+)", line.strip())
        if m:
            out[m.group(1)] = int(re.sub(r"[,.]", "", m.group(2)))
    return out


def rollback(target: Target) -> str:
    """Switch `current` back to the release before the live one; says which, in Vietnamese."""
    shell = shell_for(target)
    path = target.get("path", "").rstrip("/") or "/"
    answer = shell.run(ROLLBACK, path)
    if answer == "NO-CURRENT" or answer.startswith("NO-PREVIOUS"):
        raise PublishError([Problem("site.yaml", None, f"Không có bản xuất bản trước để quay lại trên “{target.name}”.",
                                    hint="Quay lại chỉ được khi còn bản cũ (xem keep trong site.yaml).",
                                    code="no-rollback")])
    live, previous = answer.split()
    return f"Đã quay lại “{target.name}”: bản {previous} đang chạy (thay cho {live})."
