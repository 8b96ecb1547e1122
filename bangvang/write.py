"""The only module that writes files.

A build writes into `.output.new-<pid>` beside `output/` and swaps it in only when the whole build
succeeded, so readers (and the dev server) never see a half-built site and a failed build leaves the
old one untouched. Files whose bytes did not change are hard-linked from the old site rather than
rewritten. A lock file serialises concurrent builds; leftovers of a killed build are removed by the
next one.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable, Iterator, Mapping

from .errors import OutputError, Problem

RENAME_EXCHANGE = 2


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def check_output_dir(output: Path, protected: Mapping[str, Path]) -> None:
    """Refuse an output folder whose replacement would destroy sources (MkDocs #346)."""
    out = output.resolve()
    problems = []
    if out == Path(out.anchor) or out == Path.home().resolve():
        problems.append("là thư mục gốc hoặc thư mục nhà")
    for label, path in protected.items():
        path = path.resolve()
        if out == path or path.is_relative_to(out):
            problems.append(f"chứa {label} ({path})")
        elif out.is_relative_to(path) and label in ("thư mục nội dung", "thư mục mẫu", "thư mục giao diện", "thư mục tĩnh"):
            problems.append(f"nằm trong {label}")
    if (out / ".git").exists():
        problems.append("chứa .git")
    if problems:
        raise OutputError([Problem(str(output), None, "Không dùng thư mục này làm thư mục xuất bản vì nó "
                                   + "; ".join(problems) + ".",
                                   hint="Chọn một thư mục riêng cho trang đã dựng, ví dụ output/.", code="unsafe-output")])


def safe_join(root: Path, rel: str) -> Path:
    """root/rel, refusing anything that could leave root: checked on the text here, and on the
    resolved path of every folder the writers create (contained_dir)."""
    parts = rel.split("/")
    if not rel or rel.startswith("/") or "\\" in rel or "\0" in rel or any(p in ("", ".", "..") for p in parts):
        raise OutputError([Problem(rel, None, "Đường dẫn ra ngoài thư mục xuất bản.", code="path")])
    return root / rel


def contained_dir(root: Path, directory: Path) -> None:
    """Create a folder inside root, level by level, checking each level's resolved path before going
    deeper: a symlink on the way that leaves root is refused before anything is created outside."""
    real_root = os.path.realpath(root)
    current = root
    for part in directory.relative_to(root).parts:
        current = current / part
        real = os.path.realpath(current)
        if not real.startswith(real_root + os.sep):
            raise OutputError([Problem(str(current), None, "Đường dẫn ra ngoài thư mục xuất bản.", code="path")])
        if not os.path.isdir(real):
            os.mkdir(real)


def _checked_dir(root: Path, directory: Path, checked: set[Path]) -> None:
    """contained_dir for many folders under one root: a folder made here inside a checked one is a real
    folder, inside; resolving its path (a dozen system calls per page) is needed only for one that was
    there already."""
    if directory in checked:
        return
    _checked_dir(root, directory.parent, checked)
    try:
        os.mkdir(directory)
    except FileExistsError:
        contained_dir(root, directory)
    checked.add(directory)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """For small state files (cache): write a sibling then rename over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def create_new_file(path: Path, data: bytes) -> None:
    """Create a file that must not exist yet (never overwrites an editor's work)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:
        handle.write(data)


@dataclass
class OutputLock:
    """An exclusive flock beside the output folder; waits for another build to finish."""

    path: Path
    handle: IO | None = None
    waited: bool = False

    @classmethod
    def beside(cls, output: Path) -> "OutputLock":
        """The lock of an output folder: ".<name>.lock" next to it."""
        return cls(output.with_name(f".{output.name}.lock"))

    def __enter__(self) -> "OutputLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.waited = True
            fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        if self.handle:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()


@dataclass
class StagedSite:
    """A new site being written beside the old one; `commit` swaps it in, `discard` drops it."""

    output: Path
    previous: Mapping[str, str] = field(default_factory=dict)  # rel → digest of the current output
    manifest: dict[str, str] = field(default_factory=dict)
    written: int = 0
    linked: int = 0

    def __post_init__(self) -> None:
        self.output = self.output.resolve()
        self.staging = self.output.with_name(f".{self.output.name}.new-{os.getpid()}")
        remove_leftovers(self.output)
        self.staging.mkdir(parents=True)
        self._dirs: set[Path] = {self.staging}

    def write(self, rel: str, data: bytes) -> None:
        target = safe_join(self.staging, rel)
        digest = file_digest(data)
        if rel in self.manifest:  # carried over as a hard link first: never write through it into the old site
            target.unlink(missing_ok=True)
        self.manifest[rel] = digest
        self._mkdir(target.parent)
        if self.previous.get(rel) == digest and self._link_old(rel, target, len(data)):
            self.linked += 1
            return
        with open(target, "wb") as handle:
            handle.write(data)
        self.written += 1

    def open(self, rel: str) -> "OutputStream":
        """A file written piece by piece (one too large to hold in memory), recorded when closed."""
        target = safe_join(self.staging, rel)
        if rel in self.manifest:
            target.unlink(missing_ok=True)
        self._mkdir(target.parent)
        return OutputStream(rel, open(target, "wb"), self._streamed)

    def _streamed(self, rel: str, digest: str, path: Path | None) -> None:
        self.manifest[rel] = digest
        self.written += 1

    def merge(self, manifest: dict[str, str], written: int, linked: int) -> None:
        """Record what forked workers wrote into the staging folder."""
        self.manifest.update(manifest)
        self.written += written
        self.linked += linked

    def reuse(self, rel: str) -> bool:
        """Carry an unchanged file over from the current site without rendering it; False if it is gone."""
        digest = self.previous.get(rel)
        if digest is None:
            return False
        if rel in self.manifest:
            return self.manifest[rel] == digest
        target = safe_join(self.staging, rel)
        self._mkdir(target.parent)
        try:
            os.link(self.output / rel, target)
        except OSError:
            return False
        self.manifest[rel] = digest
        self.linked += 1
        return True

    def _mkdir(self, directory: Path) -> None:
        if directory in self._dirs:
            return
        if self.staging in directory.parents:
            self._mkdir(directory.parent)
            # A folder made here inside a checked one is a real folder, inside: resolving its path (a dozen
            # system calls per page) is needed only for one that was there already.
            try:
                os.mkdir(directory)
            except FileExistsError:
                contained_dir(self.staging, directory)
        else:
            contained_dir(self.staging, directory)
        self._dirs.add(directory)

    def _link_old(self, rel: str, target: Path, size: int) -> bool:
        old = self.output / rel
        try:
            if old.stat().st_size != size:  # edited by hand since the last build: write it afresh
                return False
            os.link(old, target)
            return True
        except OSError:
            return False

    def flush(self) -> None:
        """Files are written as they come: nothing is pending."""

    @contextmanager
    def view(self, rels: Iterable[str]) -> Iterator[Path]:
        """A temporary folder holding exactly these files of this build (hard links), for a tool that
        reads the site (the search indexer)."""
        with _linked_view(self.staging, rels) as folder:
            yield folder

    def read(self, rel: str) -> bytes:
        """A file of this build, as written or carried over."""
        return safe_join(self.staging, rel).read_bytes()

    def unchanged(self) -> bool:
        return self.output.is_dir() and self.manifest == dict(self.previous)

    def commit(self) -> None:
        """Swap the staged site in; the old one is removed afterwards."""
        if self.unchanged():
            self.discard()
            return
        if self.output.exists():
            if not _exchange(self.staging, self.output):
                old = self.output.with_name(f".{self.output.name}.old-{os.getpid()}")
                os.rename(self.output, old)
                os.rename(self.staging, self.output)
                self.staging = old
            shutil.rmtree(self.staging, ignore_errors=True)
        else:
            os.rename(self.staging, self.output)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def leftovers(output: Path) -> list[Path]:
    """Temporary folders beside the output left by a build that was killed (SIGKILL, power loss)."""
    parent = output.parent
    if not parent.is_dir():
        return []
    # the search indexer's views are named after the folder they view: ..output.new-<pid>.view-*
    patterns = (f".{output.name}.new-*", f".{output.name}.old-*", f".{output.name}.view-*", f"..{output.name}.new-*")
    return sorted({path for pattern in patterns for path in parent.glob(pattern)})


def remove_leftovers(output: Path) -> list[Path]:
    """Remove the leftovers of killed builds; call only while holding the lock."""
    removed = leftovers(output)
    for leftover in removed:
        shutil.rmtree(leftover, ignore_errors=True)
    return removed


@dataclass
class InPlaceSite:
    """For the dev server's private folder: write only changed files, delete vanished ones."""

    root: Path
    previous: Mapping[str, str] = field(default_factory=dict)
    manifest: dict[str, str] = field(default_factory=dict)
    pending: list[tuple[str, bytes | Path]] = field(default_factory=list)  # bytes, or a streamed file
    written: int = 0
    linked: int = 0

    def write(self, rel: str, data: bytes) -> None:
        digest = file_digest(data)
        self.manifest[rel] = digest
        if self.previous.get(rel) != digest or not (self.root / rel).exists():
            self.pending.append((rel, data))

    def open(self, rel: str) -> "OutputStream":
        """A file written piece by piece into a pending folder beside the preview; moved in by flush."""
        safe_join(self.root, rel)
        pending = self.root.with_name(f".{self.root.name}.pending")
        pending.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=pending, delete=False)
        return OutputStream(rel, handle, self._streamed, Path(handle.name))

    def _streamed(self, rel: str, digest: str, path: Path | None) -> None:
        assert path is not None
        self.manifest[rel] = digest
        if self.previous.get(rel) != digest or not (self.root / rel).exists():
            self.pending.append((rel, path))
        else:
            path.unlink()

    def reuse(self, rel: str) -> bool:
        """Keep a file the last build wrote. The preview folder is private to the dev server, so the
        record of what is in it is trusted without a stat per file (a rebuild touches every file)."""
        digest = self.previous.get(rel)
        if digest is None:
            return False
        self.manifest[rel] = digest
        return True

    def read(self, rel: str) -> bytes:
        """A file of this build (call flush first)."""
        return safe_join(self.root, rel).read_bytes()

    def unchanged(self) -> bool:
        return not self.pending and set(self.manifest) == set(self.previous)

    def splice(self, rel: str, edits: list[tuple[int, int, bytes]]) -> None:
        """Write again a file the last build wrote, with byte ranges replaced ((start, end, new bytes), in
        order): the dev server's few changed lines in files of many megabytes (streams.py). The rest is
        copied by the kernel, and the digest recorded is made from the old one and the edits rather than
        from every byte: the record of this private folder only has to tell contents apart (a file made
        whole again later, with the same bytes, is merely moved in once more)."""
        path = safe_join(self.root, rel)
        old = self.previous[rel]
        with open(path, "rb") as source:
            edits = [(a, b, new) for a, b, new in edits if os.pread(source.fileno(), b - a, a) != new]
            if not edits:
                self.manifest[rel] = old
                return
            digest = hashlib.blake2b(f"splice {old}".encode(), digest_size=16)
            for a, b, new in edits:
                digest.update(f" {a} {b} {len(new)} ".encode())
                digest.update(new)
            size = os.fstat(source.fileno()).st_size
            pending = self.root.with_name(f".{self.root.name}.pending")
            pending.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=pending, delete=False, buffering=0) as out:
                at = 0
                for a, b, new in [*edits, (size, size, b"")]:
                    _copy_range(source.fileno(), out.fileno(), at, a)
                    _write(out.fileno(), new)
                    at = b
        self.manifest[rel] = digest.hexdigest()
        self.pending.append((rel, Path(out.name)))

    @contextmanager
    def view(self, rels: Iterable[str]) -> Iterator[Path]:
        """A temporary folder holding exactly these files of this build (hard links): the preview
        folder itself may still hold pages this build no longer has (they go at commit). Call flush first."""
        with _linked_view(self.root, rels) as folder:
            yield folder

    def flush(self) -> None:
        """Apply the writes so far (call only once the build has succeeded up to here)."""
        self.root.mkdir(parents=True, exist_ok=True)
        checked: set[Path] = {self.root}
        for rel, payload in self.pending:
            target = safe_join(self.root, rel)
            _checked_dir(self.root, target.parent, checked)
            if isinstance(payload, Path):
                os.replace(payload, target)
            else:
                tmp = target.with_name(f".{target.name}.tmp")
                tmp.write_bytes(payload)
                os.replace(tmp, target)
            self.written += 1
        self.pending.clear()

    def commit(self) -> None:
        """Apply the remaining writes and remove the files the new site no longer has."""
        self.flush()
        for rel in set(self.previous) - set(self.manifest):
            safe_join(self.root, rel).unlink(missing_ok=True)

    def discard(self) -> None:
        self.pending.clear()
        shutil.rmtree(self.root.with_name(f".{self.root.name}.pending"), ignore_errors=True)


class OutputStream:
    """An output file written in pieces; its digest is taken as it goes, and the site records it on close."""

    def __init__(self, rel: str, handle: IO[bytes], done, path: Path | None = None):
        self.rel, self.handle, self.done, self.path = rel, handle, done, path
        self.hash = hashlib.blake2b(digest_size=16)

    def write(self, data: bytes) -> None:
        self.hash.update(data)
        self.handle.write(data)

    def close(self) -> None:
        self.handle.close()
        self.done(self.rel, self.hash.hexdigest(), self.path)


def _copy_range(source: int, out: int, start: int, end: int) -> None:
    """Append bytes start…end of the file `source` to `out` (at its offset), in the kernel where it can."""
    while start < end:
        try:
            done = os.copy_file_range(source, out, end - start, start)
        except OSError:  # a file system without it
            done = 0
        if done <= 0:
            data = os.pread(source, min(end - start, 1 << 20), start)
            if not data:
                raise OSError(errno.EIO, "tệp ngắn hơn ghi nhận", str(start))
            _write(out, data)
            done = len(data)
        start += done


def _write(out: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(out, view):]


@contextmanager
def _linked_view(root: Path, rels: Iterable[str]) -> Iterator[Path]:
    view = Path(tempfile.mkdtemp(prefix=f".{root.name}.view-", dir=root.parent))
    try:
        for rel in rels:
            target = safe_join(view, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(root / rel, target)
        yield view
    finally:
        shutil.rmtree(view, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories with renameat2(RENAME_EXCHANGE) where Linux offers it."""
    import ctypes  # only a real build swaps folders; a no-change check should not pay for ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE)
    if result != 0:
        err = ctypes.get_errno()
        if err in (errno.ENOSYS, errno.EINVAL, errno.EXDEV):
            return False
        raise OSError(err, os.strerror(err))
    return True
