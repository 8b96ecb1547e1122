"""FTP targets (FTPS with `tls: true`): the live folder is changed in place, so the order matters.

New and changed assets go first, then pages, then feeds and sitemaps, and files the site no longer has
are deleted last (sync.py); each file is uploaded under a temporary name and renamed over the old one,
so no reader gets half a file. Only files whose digest differs from the manifest kept on the host are
sent; the manifest is saved as the upload goes, so an interrupted publish is resumed by the next run.
Deletions on the live folder cannot be undone: more than `max_deletions` (500 unless set) are refused
without --allow-deletions, as for S3 (a build into the wrong folder must not empty the site).
The password comes from the environment (BANGVANG_FTP_PASSWORD) or ~/.netrc, never from site.yaml.
"""

from __future__ import annotations

import ftplib
import io
import netrc
import os
import posixpath


from ..errors import Problem, PublishError
from .site import BuiltSite, SiteFile
from .sync import DEFAULT_MAX_DELETIONS, Summary, sync
from .targets import Target

TEMP_SUFFIX = ".bangvang-part"
PASSWORD_VARIABLE = "BANGVANG_FTP_PASSWORD"
USER_VARIABLE = "BANGVANG_FTP_USER"


class FtpStore:
    def __init__(self, ftp: ftplib.FTP, root: str):
        self.ftp, self.root = ftp, root
        self.made: set[str] = {"", "/", "."}

    def _path(self, rel: str) -> str:
        return posixpath.join(self.root, rel)

    def read(self, rel: str) -> bytes | None:
        buffer = io.BytesIO()
        try:
            self.ftp.retrbinary("RETR " + self._path(rel), buffer.write)
        except ftplib.error_perm:
            return None
        return buffer.getvalue()

    def _mkdirs(self, folder: str) -> None:
        if folder in self.made:
            return
        self._mkdirs(posixpath.dirname(folder))
        try:
            self.ftp.mkd(folder)
        except ftplib.error_perm:  # already there (servers word it differently)
            pass
        self.made.add(folder)

    def _store(self, final: str, handle, sent=None) -> None:
        self._mkdirs(posixpath.dirname(final))
        self.ftp.storbinary("STOR " + final + TEMP_SUFFIX, handle,
                            callback=(lambda block: sent(len(block))) if sent else None)
        try:
            self.ftp.rename(final + TEMP_SUFFIX, final)
        except ftplib.error_perm:  # a server that will not rename over a file: the shortest gap it allows
            self.ftp.delete(final)
            self.ftp.rename(final + TEMP_SUFFIX, final)

    def put(self, rel: str, file: SiteFile, sent=None) -> None:
        with open(file.path, "rb") as handle:
            self._store(self._path(rel), handle, sent)

    def put_bytes(self, rel: str, data: bytes) -> None:
        self._store(self._path(rel), io.BytesIO(data))

    def delete(self, rel: str) -> None:
        try:
            self.ftp.delete(self._path(rel))
        except ftplib.error_perm:
            pass


def credentials(target: Target) -> tuple[str, str]:
    host = target.host or ""
    user = target.get("user") or os.environ.get(USER_VARIABLE)
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        try:
            entry = netrc.netrc().authenticators(host)
        except (OSError, netrc.NetrcParseError):
            entry = None
        if entry:
            user, password = user or entry[0], entry[2]
    if not user or password is None:
        raise PublishError([Problem("site.yaml", target.line, f"Chưa có người dùng hoặc mật khẩu FTP cho {host}.",
                                    hint=f"Ghi user: trong site.yaml và đặt mật khẩu vào biến môi trường "
                                         f"{PASSWORD_VARIABLE} (hoặc ghi cả hai vào ~/.netrc: machine {host} login … "
                                         "password …). Không ghi mật khẩu vào site.yaml.", code="ftp-login")])
    return user, password


def connect(target: Target) -> ftplib.FTP:
    user, password = credentials(target)
    ftp = ftplib.FTP_TLS() if target.get("tls") == "true" else ftplib.FTP()
    try:
        ftp.connect(target.host or "", int(target.get("port") or 21), timeout=60)
        ftp.login(user, password)
        if isinstance(ftp, ftplib.FTP_TLS):
            ftp.prot_p()
    except (ftplib.Error, OSError) as exc:
        ftp.close()
        raise PublishError([Problem("site.yaml", target.line, f"Không kết nối FTP được tới {target.host} ({exc}). "
                                    "Trang đang chạy giữ nguyên như trước.",
                                    hint="Kiểm tra tên máy, cổng, người dùng và mật khẩu.", code="publish-failed")]) \
            from None
    return ftp


def publish(target: Target, site: BuiltSite, *, dry_run: bool, progress, allow_deletions: bool = False) -> Summary:
    ftp = connect(target)
    try:
        store = FtpStore(ftp, (target.get("path") or "/").rstrip("/") or "/")
        return sync(store, site, progress, dry_run=dry_run, cap=target.number("max_deletions", DEFAULT_MAX_DELETIONS),
                    allow_deletions=allow_deletions, target=target.name)
    except (ftplib.Error, OSError) as exc:
        raise PublishError([Problem("site.yaml", target.line, f"FTP bị ngắt giữa chừng ({exc}).",
                                    hint="Chạy lại: lần sau chỉ gửi phần còn lại.", code="publish-failed")]) from None
    finally:
        try:
            ftp.quit()
        except (ftplib.Error, OSError):
            ftp.close()



