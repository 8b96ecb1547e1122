"""Helpers for the publish tests: a small site with a real base_url, builds and publishes, and a reader
that polls a served folder during a publish and records anything missing or mixed."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from bangvang.cli import main
from tests.conftest import AWARDS, CAMPAIGNS, UNITS, article

ROOT = Path(__file__).resolve().parent.parent
SITE = """\
title: Trang thử xuất bản
base_url: https://congdoan-thu.vn/
per_page: 2
"""
# Pages every version of the site has, each saying which version it is (the reader checks them).
PAGES = ("index.html", "tin-tuc/bai-mot/index.html", "tin-tuc/bai-hai/index.html", "theme/css/site.css")


def write_site(root: Path, publish_yaml: str, version: str = "v1", extra: dict[str, str | bytes] | None = None) -> Path:
    files: dict[str, str | bytes] = {
        "site.yaml": SITE + publish_yaml,
        "content/units.yaml": UNITS, "content/campaigns.yaml": CAMPAIGNS, "content/awards.yaml": AWARDS,
        "content/tin-tuc/bai-mot.md": article(title="Bài một", body=f"Phiên bản {version}."),
        "content/tin-tuc/bai-hai.md": article(title="Bài hai", date="2021-05-01", body=f"Phiên bản {version}."),
        "static/phien-ban.txt": version,
        **(extra or {}),
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


def set_version(root: Path, version: str) -> None:
    """An edit: both articles and the static marker change together."""
    for name in ("bai-mot", "bai-hai"):
        path = root / f"content/tin-tuc/{name}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.split("Phiên bản ")[0] + f"Phiên bản {version}.\n", encoding="utf-8")
    (root / "static/phien-ban.txt").write_text(version)


def run(root: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([*argv[:1], "--config", str(root / "site.yaml"), *argv[1:]], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def build(root: Path) -> None:
    code, out, err = run(root, "build")
    assert code == 0, out + err


def publish(root: Path, *args: str) -> tuple[int, str, str]:
    return run(root, "publish", *args)


def publish_process(root: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    """A publish in its own process (and process group), to be killed midway."""
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "publish", "--config", str(root / "site.yaml"),
                             *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})}, start_new_session=True)


def version_of(text: str) -> str | None:
    for word in text.replace("<", " ").replace(".", " ").split():
        if word.startswith("v") and word[1:].isdigit():
            return word
    return None


class Reader(threading.Thread):
    """Polls a served site: `snapshot()` returns {page: text} as one reader request sequence would see it.
    Records every page that was missing and every snapshot that mixed two versions."""

    def __init__(self, snapshot):
        super().__init__(daemon=True)
        self.snapshot = snapshot
        self.stop_event = threading.Event()
        self.problems: list[str] = []
        self.reads = 0
        self.versions: set[str] = set()

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                pages = self.snapshot()
            except Exception as exc:  # a missing page, a broken link: exactly what must never happen
                self.problems.append(f"read failed: {exc!r}")
                continue
            versions = {version_of(text) for name, text in pages.items() if name != "theme/css/site.css"}
            versions.discard(None)
            if len(versions) != 1:
                self.problems.append(f"mixed or missing versions: {versions}")
            self.versions |= versions
            self.reads += 1

    def stop(self) -> "Reader":
        self.stop_event.set()
        self.join(10)
        return self


def folder_snapshot(current: Path):
    """A reader of a folder served through a symlink. The site as served at one instant (the symlink
    resolved once) must be one version throughout; and every page read through the symlink, as a web
    server resolves it on each request, must be there."""

    def snapshot() -> dict[str, str]:
        for page in PAGES:
            (current / page).read_bytes()
        release = Path(os.path.realpath(current))
        out = {page: (release / page).read_text(encoding="utf-8") for page in PAGES}
        out["phien-ban.txt"] = (release / "phien-ban.txt").read_text(encoding="utf-8")
        return out

    return snapshot


def wait_for(condition, timeout: float = 30.0, step: float = 0.005) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


# --- OpenSSH's sshd on 127.0.0.1, as an unprivileged user, with throwaway keys ---------------------------

SSH_USER_WHEN_ROOT = "bangvang-test"  # made by tests/publish_tools.sh (.ci/run)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sshd:
    """sshd running as an unprivileged user (the current one, or bangvang-test when the tests run as
    root); `home` is a folder that user owns, where the tests publish. Clients use `config` through
    BANGVANG_SSH_CONFIG, with host alias `bangvang-test-host`."""

    alias = "bangvang-test-host"

    def __init__(self, base: Path):
        import pwd
        import shutil
        import tempfile

        self.dir = Path(tempfile.mkdtemp(prefix="bangvang-sshd-"))
        os.chmod(self.dir, 0o755)
        if os.getuid() == 0:
            if subprocess.run(["getent", "passwd", SSH_USER_WHEN_ROOT], capture_output=True).returncode != 0:
                subprocess.run(["bash", str(ROOT / "tests/publish_tools.sh")], check=True)
            entry = pwd.getpwnam(SSH_USER_WHEN_ROOT)
        else:
            entry = pwd.getpwuid(os.getuid())
        self.user, self.uid, self.gid = entry.pw_name, entry.pw_uid, entry.pw_gid
        self.home = self.dir / "home"
        self.home.mkdir()
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(self.dir / "host_key")], check=True)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(self.dir / "client_key")], check=True)
        shutil.copy(self.dir / "client_key.pub", self.dir / "authorized_keys")
        self.port = free_port()
        (self.dir / "sshd_config").write_text(f"""\
Port {self.port}
ListenAddress 127.0.0.1
HostKey {self.dir}/host_key
AuthorizedKeysFile {self.dir}/authorized_keys
PidFile {self.dir}/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
Subsystem sftp internal-sftp
LogLevel ERROR
""")
        host_pub = (self.dir / "host_key.pub").read_text().split()
        (self.dir / "known_hosts").write_text(f"[127.0.0.1]:{self.port} {host_pub[0]} {host_pub[1]}\n")
        self.config = self.dir / "ssh_config"
        self.config.write_text(f"""\
Host {self.alias}
  HostName 127.0.0.1
  Port {self.port}
  User {self.user}
  IdentityFile {self.dir}/client_key
  IdentitiesOnly yes
  UserKnownHostsFile {self.dir}/known_hosts
  StrictHostKeyChecking yes
""")
        for path in (self.dir / "host_key", self.home):
            os.chown(path, self.uid, self.gid)
        command = ["/usr/sbin/sshd", "-D", "-e", "-f", str(self.dir / "sshd_config")]
        if os.getuid() == 0:
            command = ["setpriv", f"--reuid={self.uid}", f"--regid={self.gid}", "--clear-groups", *command]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if not wait_for(self._ready, timeout=20, step=0.05):
            self.stop()
            raise RuntimeError("sshd did not start: " + (self.process.stdout.read().decode() if self.process.stdout else ""))

    def _ready(self) -> bool:
        import socket

        if self.process.poll() is not None:
            return True
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            return True
        except OSError:
            return False

    def env(self) -> dict[str, str]:
        return {"BANGVANG_SSH_CONFIG": str(self.config)}

    def stop(self) -> None:
        import shutil

        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


# --- pyftpdlib's FTP server on 127.0.0.1 -----------------------------------------------------------------

class FtpServer:
    """An FTP server in a thread; `log` records ("put", path) for each rename into place and ("del", path)
    for each deletion, in the order the server carried them out. `read_limit` (bytes/s) slows uploads."""

    user, password = "bientap", "mat-khau-thu-nghiem"

    def __init__(self, home: Path, read_limit: int | None = None):
        from pyftpdlib.authorizers import DummyAuthorizer
        from pyftpdlib.handlers import FTPHandler, ThrottledDTPHandler
        from pyftpdlib.servers import FTPServer

        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        self.log: list[tuple[str, str]] = []
        log = self.log
        authorizer = DummyAuthorizer()
        authorizer.add_user(self.user, self.password, str(home), perm="elradfmwMT")

        class Handler(FTPHandler):
            def ftp_RNTO(self, path):
                log.append(("put", os.path.relpath(path, home)))
                return super().ftp_RNTO(path)

            def ftp_DELE(self, path):
                log.append(("del", os.path.relpath(path, home)))
                return super().ftp_DELE(path)

        Handler.authorizer = authorizer
        Handler.banner = "bangvang test"
        if read_limit:
            class Throttled(ThrottledDTPHandler):
                pass
            Throttled.read_limit = read_limit
            Handler.dtp_handler = Throttled
        self.port = free_port()
        self.server = FTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"timeout": 0.05}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.close_all()
        self.thread.join(5)

    def env(self) -> dict[str, str]:
        return {"BANGVANG_FTP_PASSWORD": self.password}

    def target(self, path: str = "/www") -> str:
        return (f"publish:\n  - name: ftp\n    type: ftp\n    host: 127.0.0.1\n    port: {self.port}\n"
                f"    user: {self.user}\n    path: {path}\n")


# --- moto's S3 server on 127.0.0.1 ----------------------------------------------------------------------

class S3Server:
    bucket = "congdoan-site"

    def __init__(self):
        import boto3
        from moto.server import ThreadedMotoServer

        self.port = free_port()
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.client = boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                                   aws_access_key_id="thu", aws_secret_access_key="thu")
        self.client.create_bucket(Bucket=self.bucket)

    def env(self) -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": "thu", "AWS_SECRET_ACCESS_KEY": "thu", "AWS_DEFAULT_REGION": "us-east-1"}

    def target(self, extra: str = "") -> str:
        return (f"publish:\n  - name: kho\n    type: s3\n    bucket: {self.bucket}\n    prefix: congdoan\n"
                f"    endpoint: {self.endpoint}\n    region: us-east-1\n{extra}")

    def objects(self) -> dict[str, dict]:
        out = {}
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            for item in page.get("Contents", []):
                out[item["Key"]] = item
        return out

    def get(self, key: str):
        return self.client.get_object(Bucket=self.bucket, Key=key)

    def stop(self) -> None:
        self.server.stop()


# --- a bare git repository ------------------------------------------------------------------------------

def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def git_snapshot(repo: Path, branch: str):
    """A host deploying the branch: it resolves the branch to one commit and serves that commit's files."""

    def snapshot() -> dict[str, str]:
        commit = git(repo, "rev-parse", f"refs/heads/{branch}")
        out = {page: git(repo, "show", f"{commit}:{page}") for page in PAGES}
        out["phien-ban.txt"] = git(repo, "show", f"{commit}:phien-ban.txt")
        return out

    return snapshot
