"""Worker processes: a pool that never deadlocks on Ctrl-C, and ordered parallel maps of a
glossary operation over texts or over the whole-line byte ranges of files.

The glossary crosses to each worker once, as its compiled bytes; results come back in
input order, with at most a few tasks per worker in flight, so memory stays bounded.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache

from .api import Glossary, _from_bytes
from .errors import OptionError
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "check_jobs", "file_ranges", "job_count", "ordered_file_map", "ordered_file_parts", "ordered_map", "process_pool",
    "start_context",
]

_worker: Any = None


def _init_worker(
    data: bytes, name: str, engine: str, method: str, options: dict[str, Any], layers: tuple[str, ...] = ()
) -> None:
    global _worker
    g = _from_bytes(data, name, engine, layers)  # the parent's own glossary: trusted
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
        try:
            text = data.decode("utf-8", errors)
        except UnicodeDecodeError as exc:  # say where, counting the lines before this range
            from .errors import display_path
            from .stream import decode_error, lines_before

            f.seek(0)
            raise decode_error(display_path(path), data, exc, 1 + lines_before(f, start), start) from None
    return _call(text).encode("utf-8", errors)


_STOPPING = ("SIGINT", "SIGTERM")  # the signals a worker starts with blocked, until its handlers are set


def _stop(signum: int, frame: object) -> None:
    # Once: a second SIGTERM (the pool's own terminate() sends one too) must not cut the
    # cleanup short. Blocking it, rather than setting SIG_IGN, leaves no moment where a
    # signal caught for the old handler finds the new one, which CPython reports on
    # stderr ("Signal 15 ignored due to race condition").
    import signal

    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {getattr(signal, n) for n in _STOPPING})
    else:  # pragma: no cover - Windows
        try:
            signal.signal(signum, signal.SIG_IGN)
        except (OSError, ValueError):
            pass
    raise SystemExit(128 + signum)


def _block_stopping() -> Any:
    """Block Ctrl-C and SIGTERM in this thread (where the platform can), so that a worker
    forked now starts with them blocked; the previous mask, or None."""
    import signal
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {getattr(signal, n) for n in _STOPPING})


def _start_worker(init: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    # Told to stop, a worker unwinds: a file being written is cleaned up or rolled back,
    # and the locks of the pool's queues are released.
    signal.signal(signal.SIGTERM, _stop)
    if hasattr(signal, "pthread_sigmask"):  # blocked by the parent while it started the pool
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {getattr(signal, n) for n in _STOPPING})
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


def _drain(inqueue: Any, task_handler: Any, size: int) -> None:
    """Empty the task pipe of a pool being stopped until its task handler, which may be
    writing a task no worker will read, has finished. ``Pool`` reads the pipe message by
    message; a worker stopped halfway through reading one leaves its tail behind, and
    reading that tail as a message fails ("EOFError: Ran out of input", in a thread of the
    pool's) or waits for bytes that never come. Nobody reads the pipe afterwards (its read
    lock stays held), so its bytes are thrown away as they come, whatever their framing;
    and as a large task is written in several pieces, the pipe being empty for a moment
    does not mean the handler is done."""
    inqueue._rlock.acquire()
    reader = inqueue._reader
    while task_handler.is_alive():
        if not reader.poll(0.05):
            continue
        try:
            if sys.platform == "win32":  # pragma: no cover - a pipe handle, not a descriptor
                reader.recv_bytes()
            else:
                os.read(reader.fileno(), 1 << 16)
        except (EOFError, OSError):  # closed: nothing is left to write into it
            return


@cache
def _pool_class() -> Any:
    """``multiprocessing.pool.Pool``, but stopped without reading half a task (see _drain)."""
    from multiprocessing.pool import Pool

    return type("Pool", (Pool,), {"_help_stuff_finish": staticmethod(_drain), "__module__": __name__})


@contextmanager
def process_pool(jobs: int, init: Callable[..., None] | None = None, args: tuple[Any, ...] = ()) -> Iterator[Any]:
    """A pool of ``jobs`` worker processes that ignore Ctrl-C; the pool is stopped if the
    block is left by an exception (Ctrl-C included) or an unfinished generator, so an
    interrupt never leaves the parent waiting on a worker, nor a worker's half-written
    file behind."""
    import multiprocessing
    import signal

    before = set(multiprocessing.active_children())
    mask = _block_stopping()  # a Ctrl-C now waits until the pool exists, then stops it
    try:
        pool = _pool_class()(jobs, _start_worker, (init, args), context=start_context())
    except BaseException:
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    try:
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        yield pool
    except BaseException:
        _stop_pool(pool, [p for p in multiprocessing.active_children() if p not in before])
        raise
    else:
        pool.close()
        pool.join()


def _ignore_ctrl_c() -> Any:
    """Ignore Ctrl-C from now on; the previous handler (None outside the main thread)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    while True:
        try:
            return signal.signal(signal.SIGINT, signal.SIG_IGN)
        except KeyboardInterrupt:  # one more Ctrl-C was pending: it changes nothing
            continue


def _stop_pool(pool: Any, workers: list[Any]) -> None:
    """Stop the workers first, then the pool's threads. ``Pool.terminate`` alone can wait
    for ever on a worker blocked writing a large result nobody reads any more; so it runs
    in a thread of its own, given up on once every worker is gone (it is run only once,
    so it is not run again at exit)."""
    import signal
    import threading

    previous = _ignore_ctrl_c()  # a second Ctrl-C waits
    try:
        stopper = threading.Thread(target=pool.terminate, daemon=True)  # no new workers from here on
        stopper.start()
        for w in workers:
            if w.is_alive():
                w.terminate()  # SIGTERM: the worker unwinds (see _start_worker)
        for w in workers:
            w.join(5)
            if w.is_alive():
                w.kill()
                w.join(1)
        stopper.join(2)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _pool_map(glossary: Glossary, method: str, options: dict[str, Any], worker: Callable[[Any], Any],
              tasks: Iterable[Any], jobs: int) -> Iterator[Any]:
    init = (glossary.to_bytes(), glossary.name, glossary.engine, method, options, glossary.layers)
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
    """Process regular files in ranges of whole lines, ``jobs`` at a time: workers read,
    process and encode their range; the results come in file order. ``done`` is told the
    input size in bytes of each range as its result is yielded. With ``errors="strict"``,
    bytes that are not UTF-8 raise :class:`~glossary.stream.InputDecodeError` (file, line,
    byte offset) when their range's turn comes."""
    for _, data, _ in ordered_file_parts(glossary, method, paths, jobs=jobs, errors=errors, options=options,
                                         done=done):
        yield data


def ordered_file_parts(
    glossary: Glossary, method: str, paths: Iterable[str], *, jobs: int, errors: str = "strict",
    options: dict[str, Any] | None = None, done: Callable[[int], None] | None = None,
) -> Iterator[tuple[str, bytes, bool]]:
    """:func:`ordered_file_map`, each result with its file's path and whether it is the
    last part of that file (an empty file has no parts)."""
    parts: deque[tuple[str, int, bool]] = deque()

    def tasks() -> Iterator[tuple[str, int, int, str]]:
        for p in paths:
            ranges = list(file_ranges(p))
            for k, (a, b) in enumerate(ranges):
                parts.append((p, b - a, k == len(ranges) - 1))
                yield p, a, b, errors

    for data in _pool_map(glossary, method, options or {}, _call_range, tasks(), job_count(jobs)):
        path, size, last = parts.popleft()
        if done is not None:
            done(size)
        yield path, data, last
