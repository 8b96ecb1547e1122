"""Work split over the machine's cores with forked worker processes.

A fork gives every worker the parent's Site, registry and templates without pickling them; workers
send back only small results (parsed documents, manifests). Used by `build`; the dev server's
rebuilds stay in one process, because forking a process that runs a web server thread is unsafe and
an incremental rebuild is small anyway.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Any, Callable, Sequence

# Set by the parent just before it forks, read by the workers: the one way to hand them the model
# without pickling it. Never written while workers run.
_SHARED: dict[str, Any] = {}


def worker_count() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def run_forked(function: Callable[[Any, Any], Any], state: Any, items: Sequence[Any]) -> list[Any]:
    """[function(state, item) for item in items], the items spread over forked workers, results in order."""
    workers = min(worker_count(), len(items))
    if workers <= 1:
        return [function(state, item) for item in items]
    _SHARED["call"] = (function, state)
    # A worker's garbage collector would write into every object it inherited and so copy the parent's
    # memory page by page; frozen objects are left alone (and stay shared).
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(processes=workers) as pool:
            return pool.map(_call, items, chunksize=1)
    finally:
        gc.unfreeze()
        _SHARED.clear()


def _call(item: Any) -> Any:
    function, state = _SHARED["call"]
    return function(state, item)


def split(items: Sequence[Any], parts: int) -> list[Sequence[Any]]:
    """Round-robin parts (so each part gets a share of old and new, long and short files)."""
    return [items[i::parts] for i in range(parts) if items[i::parts]]
