"""Worker processes: a pool that never deadlocks on Ctrl-C, and ordered parallel maps of a
glossary operation over texts or over the whole-line byte ranges of files.

The glossary crosses to each worker once, as its compiled bytes; results come back in
input order, with at most a few tasks per worker in flight, so memory stays bounded.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from .api import Glossary, _from_bytes
from .errors import OptionError

__all__ = [
    "check_jobs", "file_ranges", "job_count", "ordered_file_map", "ordered_map", "process_pool", "start_context",
]

_worker: Any = None


def _init_worker(data: bytes, name: str, engine: str, method: str, options: dict[str, Any]) -> None:
    global _worker
    g = _from_bytes(data, name, engine)  # the parent's own glossary: trusted
    _worker = (getattr(g, method), options)


def _call(text: str) -> str:
    fn, options = _worker
    return str(fn(text, **options))


def _call_range(task: tuple[str, int, int, str]) -> bytes:
    """Read bytes [start, end) of a file, process them, return them encoded: the parent
    only writes, and the text crosses between processes once."""
    path, start, end, errors = task
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(end - start)
    return _call(data.decode("utf-8", errors)).encode("utf-8", errors)


def _start_worker(init: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    if init is not None:
        init(*args)


def start_context() -> Any:
    """The multiprocessing context pools start workers with: the application's choice
    (``multiprocessing.set_start_method``), else CPython's default for the platform and
    version, the safe one: ``spawn`` on macOS and Windows, ``fork`` on Linux (``forkserver``
    from Python 3.14). Workers get everything they need as arguments (the glossary as its
    compiled bytes), so every start method gives the same results."""
    import multiprocessing

    return multiprocessing.get_context()


@contextmanager
def process_pool(jobs: int, init: Callable[..., None] | None = None, args: tuple[Any, ...] = ()) -> Iterator[Any]:
    """A pool of ``jobs`` worker processes that ignore Ctrl-C; the pool is terminated if
    the block is left by an exception (Ctrl-C included) or an unfinished generator, so an
    interrupt never leaves the parent waiting on a worker that died mid-task."""
    pool = start_context().Pool(jobs, _start_worker, (init, args))
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def _pool_map(glossary: Glossary, method: str, options: dict[str, Any], worker: Callable[[Any], Any],
              tasks: Iterable[Any], jobs: int) -> Iterator[Any]:
    init = (glossary.to_bytes(), glossary.name, glossary.engine, method, options)
    with process_pool(jobs, _init_worker, init) as pool:
        window: deque[Any] = deque()
        for task in tasks:
            window.append(pool.apply_async(worker, (task,)))
            if len(window) >= 2 * jobs:
                yield window.popleft().get()
        while window:
            yield window.popleft().get()


def check_jobs(jobs: object) -> int:
    """``jobs`` if it is a valid job count: a whole number, 0 (one per core) or more."""
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 0:
        negative = isinstance(jobs, int) and not isinstance(jobs, bool)
        why = f"{jobs} is negative; use 0 for one process per core" if negative else f"not {jobs!r}"
        raise OptionError(f"jobs must be a whole number, 0 (one per core) or more: {why}")
    return jobs


def job_count(jobs: int) -> int:
    """The number of processes ``jobs`` asks for: 0 means one per core."""
    jobs = check_jobs(jobs)
    return (os.cpu_count() or 1) if jobs == 0 else jobs


def ordered_map(
    glossary: Glossary, method: str, texts: Iterable[str], *, jobs: int, options: dict[str, Any] | None = None
) -> Iterator[str]:
    """``getattr(glossary, method)(text, **options)`` for each text, in input order, in
    ``jobs`` processes (0: one per core). The glossary is sent to each worker once, as its
    compiled bytes; at most a few texts per worker are in flight, so memory stays bounded
    whatever the length of ``texts``."""
    options, jobs = options or {}, job_count(jobs)
    if jobs <= 1:
        fn = getattr(glossary, method)
        yield from (fn(t, **options) for t in texts)
        return
    yield from _pool_map(glossary, method, options, _call, texts, jobs)


def file_ranges(path: str, size: int = 1 << 20) -> Iterator[tuple[int, int]]:
    """Byte ranges of about ``size`` covering a file, each ending after a line break."""
    with open(path, "rb") as f:
        total = os.fstat(f.fileno()).st_size
        start = 0
        while start < total:
            f.seek(min(start + size, total))
            tail = f.readline() if start + size < total else b""
            end = min(start + size, total) + len(tail)
            yield start, end
            start = end


def ordered_file_map(
    glossary: Glossary, method: str, paths: Iterable[str], *, jobs: int, errors: str = "strict",
    options: dict[str, Any] | None = None, done: Callable[[int], None] | None = None,
) -> Iterator[bytes]:
    """Process files (already known to decode) in ranges of whole lines, ``jobs`` at a
    time: workers read, process and encode their range; the results come in file order.
    ``done`` is told the input size in bytes of each range as its result is yielded."""
    sizes: deque[int] = deque()

    def tasks() -> Iterator[tuple[str, int, int, str]]:
        for p in paths:
            for a, b in file_ranges(p):
                sizes.append(b - a)
                yield p, a, b, errors

    for data in _pool_map(glossary, method, options or {}, _call_range, tasks(), job_count(jobs)):
        size = sizes.popleft()
        if done is not None:
            done(size)
        yield data
