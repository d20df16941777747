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
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar

from ..parse.diagnostics import Problem
from .context import Site

T = TypeVar("T")
log = logging.getLogger(__name__)
MIN_PAGES_PER_JOB = 150
"""Below this many pages per worker, forking costs more than it saves."""
CHUNKS_PER_JOB = 4
"""Pages are handed out in this many chunks per worker, so slow pages do not idle others."""


class _Work(Generic[T]):
    """What forked workers inherit: the site, the function and the page keys."""

    def __init__(self, site: Site, render: Callable[[Site, str], T], keys: list[str]) -> None:
        self.site, self.render, self.keys = site, render, keys

    def chunk(self, bounds: tuple[int, int]) -> tuple[list[T], list[Problem], set[str]]:
        """Render ``keys[lo:hi]``; return results, new problems and newly used assets."""
        site = self.site
        seen_problems, seen_assets = len(site.diagnostics.problems), set(site.assets)
        results = [self.render(site, key) for key in self.keys[bounds[0] : bounds[1]]]
        return results, site.diagnostics.problems[seen_problems:], site.assets - seen_assets


_WORK: _Work[object] | None = None


def _run_chunk(bounds: tuple[int, int]) -> tuple[list[object], list[Problem], set[str]]:
    assert _WORK is not None, "workers are forked after _WORK is set"
    return _WORK.chunk(bounds)


def available_jobs() -> int:
    """The CPUs this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def fork_is_safe() -> bool:
    """Forking copies only the calling thread: safe on Linux when no other thread could hold
    a lock at that moment (under ``mkdocs serve`` the web server runs in another thread)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def render_all(site: Site, keys: list[str], render: Callable[[Site, str], T], jobs: int) -> list[T]:
    """``[render(site, key) for key in keys]``, in up to ``jobs`` processes."""
    jobs = min(jobs, len(keys) // MIN_PAGES_PER_JOB)
    if jobs <= 1 or not fork_is_safe():
        return [render(site, key) for key in keys]
    global _WORK
    count = jobs * CHUNKS_PER_JOB
    bounds = [(len(keys) * i // count, len(keys) * (i + 1) // count) for i in range(count)]
    _WORK = _Work(site, render, keys)
    frozen_here = gc.get_freeze_count() == 0
    gc.freeze()  # a collection in a worker would otherwise write to (copy) every object
    context = multiprocessing.get_context("fork")
    try:  # an executor, not a Pool: a worker that dies (out of memory) fails, never hangs
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            parts = list(pool.map(_run_chunk, bounds))
    except BrokenProcessPool as exc:
        log.warning(f"a page-rendering process failed ({exc}); rendering in one process")
        return [render(site, key) for key in keys]
    finally:
        _WORK = None
        if frozen_here:  # else the caller froze the model and unfreezes it
            gc.unfreeze()
    out: list[T] = []
    for results, problems, assets in parts:
        out.extend(results)  # type: ignore[arg-type]
        for problem in problems:
            site.diagnostics.warn(problem.message, problem.file, problem.line)
        site.assets |= assets
    return out
