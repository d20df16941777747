"""Render pages in forked worker processes on multi-core Linux machines.

Rendering one page reads the whole model but changes nothing of it except the
:class:`~.context.Site`'s asset set, diagnostics and caches; its result is a few
strings. So workers forked after the model is built share it for free (copy on write)
and send back only strings, the problems they found and the assets they used, which
the parent merges in page order: the result is the same as rendering in one process.
Parsing is not parallel: sending a parsed model back costs more than parsing it.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar

from ..parse.diagnostics import Problem
from .context import Site

T = TypeVar("T")
R = TypeVar("R")
log = logging.getLogger(__name__)
MIN_PAGES_PER_JOB = 150
"""Below this many pages per worker, forking costs more than it saves."""
CHUNKS_PER_JOB = 4
"""Pages are handed out in this many chunks per worker, so slow pages do not idle others."""
FIRST_CHUNK = 16
"""The first chunks are this small and then twice as big each, up to the even chunk size:
a caller that takes results in order (the pages MkDocs writes) gets its first ones soon."""


class _Work(Generic[T]):
    """What forked workers inherit: the site, the function and the page keys."""

    def __init__(self, site: Site, render: Callable[[Site, str], T], keys: list[str]) -> None:
        self.site, self.render, self.keys = site, render, keys

    def chunk(self, lo: int, hi: int) -> tuple[list[T], list[Problem], set[str], dict[str, str]]:
        """Render ``keys[lo:hi]``; return results, new problems, newly used assets and the
        URL schemes noted (:attr:`.context.Site.schemes`)."""
        site = self.site
        seen_problems, seen_assets = len(site.diagnostics.problems), set(site.assets)
        results = [self.render(site, key) for key in self.keys[lo:hi]]
        new = site.diagnostics.problems[seen_problems:]
        return results, new, site.assets - seen_assets, dict(site.schemes)


_CHUNK: Callable[[int, int], object] | None = None


def _run_chunk(bounds: tuple[int, int]) -> object:
    assert _CHUNK is not None, "workers are forked after _CHUNK is set"
    return _CHUNK(*bounds)


def available_jobs() -> int:
    """The CPUs this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def fork_is_safe() -> bool:
    """Forking copies only the calling thread: safe on Linux when no other thread could hold
    a lock at that moment (under ``mkdocs serve`` the web server runs in another thread)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def slices(count: int, parts: int) -> list[tuple[int, int]]:
    """``range(count)`` cut into consecutive slices: a ramp of small ones (see
    :data:`FIRST_CHUNK`), then ``parts`` even ones."""
    out: list[tuple[int, int]] = []
    lo, size = 0, FIRST_CHUNK
    while size * 2 <= (count - lo) // parts:
        out.append((lo, lo + size))
        lo, size = lo + size, size * 2
    rest = count - lo
    out.extend((lo + rest * i // parts, lo + rest * (i + 1) // parts) for i in range(parts))
    return out


def fork_submit(
    chunk: Callable[[int, int], R], count: int, jobs: int
) -> tuple[ProcessPoolExecutor, list[tuple[int, int, Future[R]]]] | None:
    """Start ``chunk(lo, hi)`` for consecutive slices of ``range(count)`` in up to ``jobs``
    processes forked now, which inherit everything ``chunk`` reads; the pool and each
    slice's future. None when one process is as good (few items, one CPU, not Linux,
    other threads running): the caller then does the work itself."""
    jobs = min(jobs, count // MIN_PAGES_PER_JOB)
    if jobs <= 1 or not fork_is_safe():
        return None
    global _CHUNK
    bounds = slices(count, jobs * CHUNKS_PER_JOB)
    _CHUNK = chunk
    frozen_here = gc.get_freeze_count() == 0
    gc.freeze()  # a collection in a worker would otherwise write to (copy) every object
    try:  # an executor, not a Pool: a worker that dies (out of memory) fails, never hangs
        pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
        futures = [(lo, hi, pool.submit(_run_chunk, (lo, hi))) for lo, hi in bounds]
    finally:  # the workers are forked at the first submit: they have what they need
        _CHUNK = None
        if frozen_here:  # else the caller froze the model and unfreezes it
            gc.unfreeze()
    return pool, futures  # type: ignore[return-value]


def fork_map(chunk: Callable[[int, int], R], count: int, jobs: int, what: str) -> list[R] | None:
    """``chunk(lo, hi)`` for consecutive slices of ``range(count)`` in forked processes (see
    :func:`fork_submit`), the results in order; None when that is not worth it or a worker
    died: the caller then does the work itself."""
    started = fork_submit(chunk, count, jobs)
    if started is None:
        return None
    pool, futures = started
    try:
        with pool:
            return [future.result() for _, _, future in futures]
    except BrokenProcessPool as exc:
        log.warning(f"a worker process failed ({exc}); {what} in one process instead")
        return None


def render_all(site: Site, keys: list[str], render: Callable[[Site, str], T], jobs: int) -> list[T]:
    """``[render(site, key) for key in keys]``, in up to ``jobs`` processes."""
    parts = fork_map(_Work(site, render, keys).chunk, len(keys), jobs, "rendering pages")
    if parts is None:
        return [render(site, key) for key in keys]
    out: list[T] = []
    for results, problems, assets, schemes in parts:
        out.extend(results)
        for problem in problems:
            site.diagnostics.warn(problem.message, problem.file, problem.line)
        site.assets |= assets
        for scheme, where in schemes.items():
            site.schemes.setdefault(scheme, where)
    return out
