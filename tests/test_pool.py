"""Worker pools start with the platform's safe start method; the spawn path works end to end."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from glossary.pool import _pool_class, process_pool, start_context

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter: the start method is process-wide state.
SPAWNED = textwrap.dedent('''
    import multiprocessing, sys
    multiprocessing.set_start_method("spawn")
    import glossary
    from glossary.cli import main
    from glossary.pool import ordered_file_map, ordered_map, process_pool

    with process_pool(2) as pool:
        assert pool._ctx.get_start_method() == "spawn", pool._ctx.get_start_method()
    g = glossary.load()
    texts = [f"{i}: nững CABD, hiêu quả" * (i % 5) for i in range(300)]
    assert list(ordered_map(g, "normalize", texts, jobs=2)) == [g.normalize(t) for t in texts]
    assert list(ordered_map(g, "expand", texts, jobs=2, options={"style": "first"})) == [
        g.expand(t, style="first") for t in texts]
    path = sys.argv[1]
    data = b"".join(part for part in ordered_file_map(g, "normalize", [path], jobs=2))
    assert data.decode("utf-8") == g.normalize(open(path, encoding="utf-8").read())
    sys.exit(main(["check", "-j", "2", "--format", "json", sys.argv[2], sys.argv[3]]))
''')


def test_pools_use_the_default_start_method() -> None:
    assert start_context().get_start_method() == multiprocessing.get_start_method()
    with process_pool(1) as pool:
        assert pool._ctx.get_start_method() == multiprocessing.get_start_method()
        assert isinstance(pool, _pool_class())  # the one stopped without reading half a task


def test_spawned_workers_get_everything_they_need(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("nững  ngày CABD\n" * 80_000, encoding="utf-8")  # several ranges of about 1 MB
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("một nững hai\n", encoding="utf-8")
    b.write_text("sạch\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", SPAWNED, str(big), str(a), str(b)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # 1: check found the typo in a.txt
    assert '"before": "nững"' in done.stdout and "a.txt" in done.stdout and "b.txt" not in done.stdout


class _WritingWhileUnread:
    """A task handler that is done once the pipe it writes to is empty."""

    def __init__(self, queue: Any) -> None:
        self._reader = queue._reader

    def is_alive(self) -> bool:
        return bool(self._reader.poll())


@pytest.mark.skipif(sys.platform == "win32", reason="a pipe handle, not a descriptor")
def test_stopping_a_pool_throws_away_a_task_a_worker_left_half_read() -> None:
    """A worker stopped between a task's length and its body leaves the body in the pipe;
    stopping the pool empties the pipe without reading that body as a message (its first
    bytes, read as a length, make a negative one: an empty message, and "EOFError: Ran
    out of input" in the pool's thread, a traceback after Ctrl-C)."""
    queue = start_context().SimpleQueue()
    queue.put((7, 0, "_call_range", ("file.txt", 0, 4096, "strict"), {}))
    queue.put((7, 1, "_call_range", ("file.txt", 4096, 8192, "strict"), {}))
    os.read(queue._reader.fileno(), 4)  # the worker read the length, then was stopped
    failures: list[BaseException] = []

    def drain() -> None:
        try:
            _pool_class()._help_stuff_finish(queue, _WritingWhileUnread(queue), 2)
        except BaseException as exc:
            failures.append(exc)

    stopper = threading.Thread(target=drain, daemon=True)
    stopper.start()
    stopper.join(10)
    assert not stopper.is_alive() and failures == []
    assert not queue._reader.poll()  # emptied


@pytest.mark.skipif(sys.platform == "win32", reason="a pipe handle, not a descriptor")
def test_stopping_a_pool_reads_until_the_task_handler_is_done() -> None:
    """A task larger than the pipe is written in pieces, the pipe empty between them: the
    drain goes on until the writer has finished, or the writer would wait for ever (and
    the pool's ``terminate`` with it)."""
    queue = start_context().SimpleQueue()
    fd = queue._writer.fileno()

    def write() -> None:
        for _ in range(5):
            os.write(fd, b"x" * 60_000)  # (not past the pipe's 64 KiB: each write returns)
            time.sleep(0.1)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    stopper = threading.Thread(target=_pool_class()._help_stuff_finish, args=(queue, writer, 2), daemon=True)
    stopper.start()
    stopper.join(10)
    writer.join(1)
    assert not stopper.is_alive() and not writer.is_alive()
