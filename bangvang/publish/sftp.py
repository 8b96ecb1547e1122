"""SFTP targets (hosts that give SFTP but no shell or rsync): by default the same layout as rsync's.

    path/releases/<time>/   one folder per publish
    path/current            → releases/<time>: what the web server serves (point the host's web root here)

The upload goes into releases/.incoming/: the oldest release beyond `keep` is renamed to it and brought
up to date file by file (only files whose digest differs from its manifest are sent, each under a
temporary name renamed over the old one), so a publish sends what changed since that release, and an
interrupted one is resumed by the next run. When it is complete it is renamed to its release name and
`current` is replaced by a new symlink with OpenSSH's posix-rename, one atomic step: readers see the
old site or the new one. Connection settings, keys and known hosts come from the ssh configuration
(~/.ssh/config, or the file named by BANGVANG_SSH_CONFIG) and the ssh agent, never from site.yaml.

For a host whose web root cannot be a symlink, `swap: rename` uploads beside it and swaps folders by
renames instead (publish_by_renames).
"""

from __future__ import annotations

import io
import os
import posixpath
import stat
import time

from ..errors import Problem, PublishError
from .releases import INCOMING, SSH_CONFIG_VARIABLE, release_name
from .site import BuiltSite, SiteFile
from .sync import Summary, read_manifest, sync, write_manifest
from .targets import Target

TEMP_SUFFIX = ".bangvang-part"


class SftpStore:
    """A folder on the SFTP server as a sync Store."""

    def __init__(self, sftp, root: str, bwlimit: int | None = None):
        self.sftp, self.root = sftp, root
        self.made: set[str] = {root}
        self.bwlimit = bwlimit * 1000 if bwlimit else None  # bytes per second
        self.started, self.sent = time.monotonic(), 0

    def _throttle(self, done: int, total: int) -> None:
        """paramiko's progress callback: sleep as needed to stay under bwlimit."""
        if self.bwlimit:
            ahead = (self.sent + done) / self.bwlimit - (time.monotonic() - self.started)
            if ahead > 0:
                time.sleep(ahead)

    def _path(self, rel: str) -> str:
        return posixpath.join(self.root, rel)

    def read(self, rel: str) -> bytes | None:
        try:
            with self.sftp.open(self._path(rel), "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def _mkdirs(self, folder: str) -> None:
        if folder in self.made or folder in ("", "/", "."):
            return
        self._mkdirs(posixpath.dirname(folder))
        try:
            self.sftp.mkdir(folder)
        except OSError:
            if not stat.S_ISDIR(self.sftp.stat(folder).st_mode):
                raise
        self.made.add(folder)

    def put(self, rel: str, file: SiteFile, sent=None) -> None:
        final = self._path(rel)
        self._mkdirs(posixpath.dirname(final))
        before = [0]

        def callback(done: int, total: int) -> None:  # paramiko gives the running total of this file
            if sent:
                sent(done - before[0])
                before[0] = done
            self._throttle(done, total)

        self.sftp.put(str(file.path), final + TEMP_SUFFIX, callback=callback, confirm=False)
        self.sent += file.size
        self.sftp.posix_rename(final + TEMP_SUFFIX, final)

    def put_bytes(self, rel: str, data: bytes) -> None:
        final = self._path(rel)
        self._mkdirs(posixpath.dirname(final))
        self.sftp.putfo(io.BytesIO(data), final + TEMP_SUFFIX, confirm=False)
        self.sftp.posix_rename(final + TEMP_SUFFIX, final)

    def delete(self, rel: str) -> None:
        try:
            self.sftp.remove(self._path(rel))
        except FileNotFoundError:
            pass


def connect(target: Target):
    """(SSH client, SFTP session) for the target's host, as OpenSSH's ssh would connect."""
    import paramiko

    config_file = os.environ.get(SSH_CONFIG_VARIABLE) or os.path.expanduser("~/.ssh/config")
    config = paramiko.SSHConfig.from_path(config_file) if os.path.isfile(config_file) else paramiko.SSHConfig()
    host = config.lookup(target.host or "")
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    for known in (host.get("userknownhostsfile") or "").split():
        if os.path.isfile(os.path.expanduser(known)):
            client.get_host_keys().load(os.path.expanduser(known))
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    try:
        client.connect(host.get("hostname", target.host), port=int(target.get("port") or host.get("port", 22)),
                       username=target.get("user") or host.get("user"),
                       key_filename=[os.path.expanduser(k) for k in host.get("identityfile", [])] or None,
                       allow_agent=True, look_for_keys=True, timeout=30)
        return client, client.open_sftp()
    except (paramiko.SSHException, OSError) as exc:
        client.close()
        raise unreachable(target, exc) from None


def unreachable(target: Target, exc: Exception) -> PublishError:
    return PublishError([Problem("site.yaml", target.line, f"Không kết nối SFTP được tới {target.host} "
                                 f"({type(exc).__name__}: {exc}). Trang đang chạy giữ nguyên như trước.",
                                 hint="Kiểm tra tên máy, cổng, người dùng và khoá SSH (thử: sftp người-dùng@máy-chủ); "
                                      "máy chủ lạ phải có trong known_hosts (kết nối một lần bằng ssh để xác nhận).",
                                 code="publish-failed")])


def _exists(sftp, path: str) -> bool:
    try:
        sftp.stat(path)
        return True
    except OSError:
        return False


def _live(sftp, path: str) -> str | None:
    try:
        return posixpath.basename(sftp.readlink(posixpath.join(path, "current")).rstrip("/"))
    except OSError:
        return None


def _releases(sftp, releases: str) -> list[str]:
    try:
        return sorted(name for name in sftp.listdir(releases) if not name.startswith("."))
    except OSError:
        return []


def _switch(sftp, path: str, name: str) -> None:
    link = posixpath.join(path, ".current.new")
    try:
        sftp.remove(link)
    except OSError:
        pass
    sftp.symlink(f"releases/{name}", link)
    sftp.posix_rename(link, posixpath.join(path, "current"))


def _remove_tree(sftp, path: str) -> None:
    for entry in sftp.listdir_attr(path):
        child = posixpath.join(path, entry.filename)
        if stat.S_ISDIR(entry.st_mode):
            _remove_tree(sftp, child)
        else:
            sftp.remove(child)
    sftp.rmdir(path)


def publish(target: Target, site: BuiltSite, *, dry_run: bool, progress) -> Summary:
    client, sftp = connect(target)
    try:
        if target.get("swap") == "rename":
            return publish_by_renames(target, site, sftp, dry_run, progress)
        path = (target.get("path") or ".").rstrip("/") or "/"
        releases = posixpath.join(path, "releases")
        incoming = posixpath.join(releases, INCOMING)
        keep = target.number("keep", 5)
        live = _live(sftp, path)
        if dry_run:
            base = posixpath.join(releases, live) if live else incoming
            return sync(SftpStore(sftp, base), site, progress, dry_run=True)
        # What the live release has that the site no longer has: the files readers will no longer find.
        against_live = sync(SftpStore(sftp, posixpath.join(releases, live)), site, progress, dry_run=True) \
            if live else None
        if against_live and against_live.sent == 0 and against_live.deleted == 0 and not _exists(sftp, incoming):
            return against_live  # already live: a new copy would only push the version before out of reach
        SftpStore(sftp, "/")._mkdirs(releases)
        if not _exists(sftp, incoming):
            older = [name for name in _releases(sftp, releases) if name != live]
            if older and len(older) + 1 >= keep:
                sftp.posix_rename(posixpath.join(releases, older[0]), incoming)  # recycled: only changes are sent
            else:
                sftp.mkdir(incoming)
                if live:
                    seed_from_live(sftp, posixpath.join(releases, live), incoming, site)
        bwlimit = target.number("bwlimit", 0) or None
        summary = sync(SftpStore(sftp, incoming, bwlimit), site, progress)
        summary.deleted = against_live.deleted if against_live else 0
        name = release_name()
        while _exists(sftp, posixpath.join(releases, name)):
            name += "-1"
        sftp.posix_rename(incoming, posixpath.join(releases, name))
        _switch(sftp, path, name)
        present = _releases(sftp, releases)
        for old in [n for n in present if n not in (name, live)][: max(0, len(present) - keep)]:
            _remove_tree(sftp, posixpath.join(releases, old))
        return summary
    finally:
        client.close()


def seed_from_live(sftp, live: str, incoming: str, site: BuiltSite) -> int:
    """A new release starts as hard links to the live release's unchanged files (OpenSSH's
    hardlink@openssh.com; one request each, far fewer than uploading them), with a manifest naming
    them, so sync sends only what changed. The links are safe: every file is replaced by a rename, never
    written in place, so the live release's files are never touched. A server without the extension
    gets the empty folder, and the whole site is sent."""
    from paramiko.sftp import CMD_EXTENDED

    source, target = SftpStore(sftp, live), SftpStore(sftp, incoming)
    wanted = site.manifest
    linked: dict[str, str] = {}
    for rel, digest in read_manifest(source).items():
        if wanted.get(rel) != digest:
            continue
        target._mkdirs(posixpath.dirname(target._path(rel)))
        try:
            sftp._request(CMD_EXTENDED, "hardlink@openssh.com", source._path(rel), target._path(rel))
        except FileNotFoundError:  # gone from the live release: sent like a new file
            continue
        except OSError:  # no such extension (not OpenSSH): the rest is sent
            break
        linked[rel] = digest
    if linked:
        write_manifest(target, linked)
    return len(linked)


def publish_by_renames(target: Target, site: BuiltSite, sftp, dry_run: bool, progress) -> Summary:
    """`swap: rename`, for a host whose web root must be a real folder (`path` itself): the previous
    version, kept as `path.old`, is brought up to date as `path.new`, then two renames swap it in
    (path → path.old, path.new → path). Between the two renames, one round trip to the server (a few
    milliseconds), the web root does not exist."""
    path = (target.get("path") or ".").rstrip("/") or "/"
    new, old = path + ".new", path + ".old"
    if dry_run:
        return sync(SftpStore(sftp, path if _exists(sftp, path) else new), site, progress, dry_run=True)
    against_live = sync(SftpStore(sftp, path), site, progress, dry_run=True) if _exists(sftp, path) else None
    if against_live and against_live.sent == 0 and against_live.deleted == 0 and not _exists(sftp, new):
        return against_live  # already live: path.old stays the version to go back to
    if not _exists(sftp, new):
        if _exists(sftp, old):
            sftp.posix_rename(old, new)  # recycled: only what changed since that version is sent
        else:
            SftpStore(sftp, "/")._mkdirs(new)
    summary = sync(SftpStore(sftp, new, target.number("bwlimit", 0) or None), site, progress)
    summary.deleted = against_live.deleted if against_live else 0
    if _exists(sftp, path):
        if _exists(sftp, old):
            _remove_tree(sftp, old)
        sftp.posix_rename(path, old)
    sftp.posix_rename(new, path)
    return summary


def rollback_by_renames(target: Target, sftp) -> str:
    path = (target.get("path") or ".").rstrip("/") or "/"
    old, spare = path + ".old", path + ".new"
    if not _exists(sftp, old):
        raise PublishError([Problem("site.yaml", target.line, f"Không có bản xuất bản trước để quay lại trên "
                                    f"“{target.name}”.", hint="Bản trước được giữ ở thư mục .old cạnh path.",
                                    code="no-rollback")])
    if _exists(sftp, spare):
        _remove_tree(sftp, spare)
    sftp.posix_rename(path, spare)
    sftp.posix_rename(old, path)
    sftp.posix_rename(spare, old)
    return f"Đã quay lại “{target.name}”: bản trước đang chạy (bản vừa thay được giữ ở {old})."


def rollback(target: Target) -> str:
    client, sftp = connect(target)
    try:
        if target.get("swap") == "rename":
            return rollback_by_renames(target, sftp)
        path = (target.get("path") or ".").rstrip("/") or "/"
        live = _live(sftp, path)
        earlier = [n for n in _releases(sftp, posixpath.join(path, "releases")) if live and n < live]
        if not earlier:
            raise PublishError([Problem("site.yaml", target.line, f"Không có bản xuất bản trước để quay lại trên "
                                        f"“{target.name}”.", hint="Quay lại chỉ được khi còn bản cũ (xem keep).",
                                        code="no-rollback")])
        _switch(sftp, path, earlier[-1])
        return f"Đã quay lại “{target.name}”: bản {earlier[-1]} đang chạy (thay cho {live})."
    finally:
        client.close()

