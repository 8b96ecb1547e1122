"""Work split over the machine's cores with forked worker processes.

A fork gives every worker the parent's Site, registry and templates without pickling them; workers
send back only small results (parsed documents, manifests). Used by `build`; the dev server's
rebuilds stay in one process, because forking a process that runs a web server thread is unsafe and
an incremental rebuild is small anyway.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence

# Set by the parent just before it forks, read by the workers: the one way to hand them the model
# without pickling it. Never written while workers run.
_SHARED: dict[str, Any] = {}


def worker_count() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector held off during a bounded piece of work: a dev-server edit.

    The dev server keeps the whole site in memory, frozen after each build (pipeline.build_site), but
    what an edit makes is not: while it runs, every full collection walks all of that, 9 to 11 times
    per title edit at N=10,000 (1.45 s of 5.8 s). Reference counting still frees what is not in a cycle;
    cycles wait for the next collection after the work."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def run_forked(function: Callable[[Any, Any], Any], state: Any, items: Sequence[Any]) -> list[Any]:
    """[function(state, item) for item in items], the items spread over forked workers, results in order.

    The parent takes every n-th item itself instead of waiting: one process fewer, so one copy fewer of
    the pages a worker touches (every object it reads is written to, its reference count, and so copied)."""
    workers = min(worker_count(), len(items))
    if workers <= 1:
        return [function(state, item) for item in items]
    _SHARED["call"] = (function, state)
    release_free_memory()  # pages the parent has freed but still holds would count once more in each worker
    # A worker's garbage collector would write into every object it inherited and so copy the parent's
    # memory page by page; frozen objects are left alone (and stay shared).
    gc.freeze()
    try:
        own = range(0, len(items), workers)
        others = [i for i in range(len(items)) if i % workers]
        results: list[Any] = [None] * len(items)
        with multiprocessing.get_context("fork").Pool(processes=workers - 1) as pool:
            pending = pool.map_async(_call, [items[i] for i in others], chunksize=1)
            for i in own:
                results[i] = function(state, items[i])
            for i, result in zip(others, pending.get()):
                results[i] = result
        return results
    finally:
        gc.unfreeze()
        _SHARED.clear()


def _call(item: Any) -> Any:
    function, state = _SHARED["call"]
    return function(state, item)


def split(items: Sequence[Any], parts: int) -> list[Sequence[Any]]:
    """Round-robin parts (so each part gets a share of old and new, long and short files)."""
    return [items[i::parts] for i in range(parts) if items[i::parts]]


def release_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's malloc_trim; nothing elsewhere).

    Building the model and merging the workers' results free much more than they keep, and glibc keeps
    freed pages mapped: at N=10,000 the parent held about 70 MB of them after rendering, through the
    Pagefind runs. Takes milliseconds."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    import ctypes  # only a build that forks or indexes pays for loading ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
