"""The dev server's open data and awardee index after an edit: only the rows that changed, spliced in.

A StreamJob's files (pages/plan.py) list every honour of the site: made whole, one edited title cost
seconds at N=1,000 and half a minute at N=10,000. While the site's shape is unchanged (deps.py) the files
list the same rows in the same places, and a row changes only with the content of the articles it read.
So each stream job written into the dev server's folder leaves a StreamMemo: per row, what it read, the
digest of its view and the length of its line; per file, its rows, each row's piece length and its head.
The next build that redoes the job makes again only the rows whose reads an edit changed, and writes each
file they are in as its old bytes with those lines (and a changed head) replaced. The memo holds no file
contents: the old bytes are the files in the folder, which it vouches for by their digests; anything it
cannot vouch for (another shape, another file, a row whose tail state changed) makes the job whole.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Any

from .deps import SiteShape, changed_keys
from .pages.plan import StreamJob

# A streamed file's pieces are gathered up to this size before each write.
STREAM_BUFFER = 1 << 16


class PieceBuffer:
    """The pieces of one streamed file, written to it in blocks of about STREAM_BUFFER bytes."""

    def __init__(self, out, first: bytes = b""):
        self.out, self.pieces, self.size = out, [first], len(first)

    def add(self, piece: bytes) -> None:
        self.pieces.append(piece)
        self.size += len(piece)
        if self.size >= STREAM_BUFFER:
            self.flush()

    def flush(self) -> None:
        self.out.write(b"".join(self.pieces))
        self.pieces.clear()
        self.size = 0


def head_keys(job: StreamJob, keys) -> list[bytes]:
    """The render key of each file's head: the start of its render key."""
    return [keys.key(job.template, {"head": head}) for head in job.heads]


@dataclass(frozen=True)
class StreamFile:
    rel: str
    members: array  # the rows it lists, in order
    pieces: array  # the length of each row's piece (its line and what comes before it)
    head: int  # the length of its head
    start: bytes  # the render key of its head
    key: bytes  # its render key
    digest: str  # of its bytes (write.file_digest), as written


@dataclass(frozen=True)
class StreamMemo:
    """One stream job's outputs as last written, for the site (shape and content) they show."""

    shape: SiteShape
    rels: tuple[str, ...]
    digests: list[bytes]  # per row: the digest of its view (cache.RenderKeys.view_digest)
    lengths: array  # per row: the length of its line
    states: array  # per row: hash of what the files' tails gather from it (the makers' state())
    readers: dict[int, list[int]]  # read key (pages/plan.Reads) → the rows that read it
    files: tuple[StreamFile, ...]


class StreamMemos:
    """The memos of one build: those the last one left (kept) and those this one makes."""

    def __init__(self, kept: dict[str, StreamMemo], shape: SiteShape):
        self.kept, self.shape = kept, shape
        self.made: dict[str, StreamMemo] = {}

    def sent(self) -> dict[str, StreamMemo]:
        """The memos made here, to send from a forked worker (without the shape, which the parent has)."""
        return {name: replace(memo, shape=None) for name, memo in self.made.items()}

    def received(self, made: dict[str, StreamMemo]) -> None:
        """Take memos a forked worker made (sent)."""
        self.made.update((name, replace(memo, shape=self.shape)) for name, memo in made.items())

    def result(self, manifest: dict[str, str]) -> dict[str, StreamMemo]:
        """The memos that describe the output as committed (a file another way rewrote drops its memo)."""
        memos = {**self.kept, **self.made}
        return {name: memo for name, memo in memos.items()
                if all(manifest.get(f.rel) == f.digest for f in memo.files)}

    def write(self, job: StreamJob, rels: list[str], target, previous: dict[str, bytes], renders: dict[str, bytes],
              keys) -> int | None:
        """Write the job's files, spliced where a memo allows; record their render keys. Returns the files
        made anew (their render key changed), or None when the job's reads are not being recorded (the
        caller then writes it)."""
        if job.reads is None or job.reads.keys is None:
            return None
        memo = self.kept.get(job.template)
        if memo is not None and hasattr(target, "splice"):
            done = self._splice(job, memo, rels, target, renders, keys)
            if done is not None:
                return done
        self._write_all(job, rels, target, renders, keys)
        return sum(previous.get(rel) != renders[rel] for rel in rels)

    def _row(self, job: StreamJob, r: int) -> tuple[tuple[Any, tuple[int, ...]], set[int]]:
        """Row r, and what making it read (noted for the unit as well)."""
        reads = job.reads
        outer, reads.keys = reads.keys, set()
        try:
            item = job.row(r)
        finally:
            got, reads.keys = reads.keys, outer
        outer |= got
        return item, got

    def _write_all(self, job: StreamJob, rels: list[str], target, renders: dict[str, bytes], keys) -> None:
        encode, makers = job.streams()
        state = makers[0].state
        starts = head_keys(job, keys)
        hashes = [hashlib.blake2b(start, digest_size=16) for start in starts]
        members = [array("L") for _ in rels]
        pieces = [array("L") for _ in rels]
        heads = [maker.head() for maker in makers]
        digests: list[bytes] = []
        lengths, states = array("L"), array("q")
        readers: dict[int, list[int]] = {}
        outs = [target.open(rel) for rel in rels]
        buffers = [PieceBuffer(out, head) for out, head in zip(outs, heads)]
        try:
            for r in range(job.size):
                (view, files), got = self._row(job, r)
                digest = keys.view_digest(view)
                line = encode(view)
                digests.append(digest)
                lengths.append(len(line))
                states.append(hash(state(view)))
                for key in got:
                    readers.setdefault(key, []).append(r)
                for i in files:
                    hashes[i].update(digest)
                    piece = makers[i].add(view, line)
                    members[i].append(r)
                    pieces[i].append(len(piece))
                    buffers[i].add(piece)
            for i, maker in enumerate(makers):
                buffers[i].add(maker.tail())
                buffers[i].flush()
        finally:
            for out in outs:
                out.close()
        files = []
        for i, rel in enumerate(rels):
            key = renders[rel] = hashes[i].digest()
            files.append(StreamFile(rel, members[i], pieces[i], len(heads[i]), starts[i], key, target.manifest[rel]))
        self.made[job.template] = StreamMemo(self.shape, tuple(rels), digests, lengths, states, readers, tuple(files))

    def _splice(self, job: StreamJob, memo: StreamMemo, rels: list[str], target, renders: dict[str, bytes],
                keys) -> int | None:
        if memo.rels != tuple(rels) or len(memo.lengths) != job.size:
            return None
        changed = changed_keys(memo.shape, self.shape)
        if changed is None or any(target.previous.get(f.rel) != f.digest for f in memo.files):
            return None
        encode, makers = job.streams()
        state = makers[0].state
        digests, lengths = list(memo.digests), array("L", memo.lengths)
        lines: dict[int, bytes] = {}
        touched: dict[int, list[int]] = {}
        for r in sorted({r for key in changed for r in memo.readers.get(key, ())}):
            (view, files), _ = self._row(job, r)
            digest = keys.view_digest(view)
            if digest == memo.digests[r]:
                continue
            if hash(state(view)) != memo.states[r]:
                return None
            lines[r] = line = encode(view)
            digests[r], lengths[r] = digest, len(line)
            for i in files:
                touched.setdefault(i, []).append(r)
        job.reads.keys.update(memo.readers)  # the unit reads every row, made again or not
        starts = head_keys(job, keys)
        files, written = [], 0
        for i, old in enumerate(memo.files):
            rows = touched.get(i, [])
            if not rows and starts[i] == old.start and target.reuse(old.rel):
                renders[old.rel] = old.key
                files.append(old)
                continue
            head = makers[i].head() if starts[i] != old.start else None
            pieces = self._splice_file(target, old, head, rows, lines, memo.lengths)
            key = hashlib.blake2b(starts[i], digest_size=16)
            key.update(b"".join(map(digests.__getitem__, old.members)))
            renders[old.rel] = key.digest()
            files.append(StreamFile(old.rel, old.members, pieces, old.head if head is None else len(head),
                                    starts[i], key.digest(), target.manifest[old.rel]))
            written += 1
        self.made[job.template] = StreamMemo(self.shape, memo.rels, digests, lengths, memo.states, memo.readers,
                                             tuple(files))
        return written

    @staticmethod
    def _splice_file(target, old: StreamFile, head: bytes | None, rows: list[int], lines: dict[int, bytes],
                     lengths: array) -> array:
        """Write one file as its old bytes with a new head (None: the old one) and the given rows' new
        lines; returns its new piece lengths."""
        pieces = array("L", old.pieces)
        edits = [] if head is None else [(0, old.head, head)]
        offset = old.head  # where piece `done` starts
        done = 0
        for r in rows:  # in roll order, as the file lists them
            k = bisect_left(old.members, r)
            offset += sum(old.pieces[done:k])
            end = offset + old.pieces[k]
            edits.append((end - lengths[r], end, lines[r]))
            pieces[k] += len(lines[r]) - lengths[r]
            offset, done = end, k + 1
        target.splice(old.rel, edits)
        return pieces
