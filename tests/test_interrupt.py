"""Ctrl-C with worker processes, at random moments: the command exits 130 promptly and
quietly, and leaves neither a temporary file nor a half-written file behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import default_sigint

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT are POSIX")

LINE = "lực lượng CABD, nững biểu hiện, hiêu quả\n"
FIXED = "lực lượng CAND, những biểu hiện, hiệu quả\n"


def _workers(pid: int) -> int:
    """How many child processes ``pid`` has (Linux), or -1 where that cannot be seen."""
    try:
        return len(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
    except OSError:
        return -1


def _interrupt(argv: list[str], after: float) -> tuple[int, bytes]:
    """Start glossary, wait until its two workers run (or a second where that cannot be
    seen), then Ctrl-C it ``after`` seconds later."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "glossary", *argv], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env, start_new_session=True, preexec_fn=default_sigint)
    deadline = time.monotonic() + 30
    while proc.poll() is None and 0 <= _workers(proc.pid) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(after + (1.0 if _workers(proc.pid) < 0 else 0.0))
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends: the whole process group
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"glossary {argv[0]} did not exit after Ctrl-C at {after:.2f} s")
    return proc.returncode, err


def test_ctrl_c_during_check_write_with_workers_leaves_no_temporary_files(tmp_path: Path) -> None:
    rng = random.Random(15)
    tree = tmp_path / "tree"
    tree.mkdir()
    for trial in range(4):
        for i in range(400):
            (tree / f"f{i:03}.txt").write_text(LINE * 3, encoding="utf-8")
        code, err = _interrupt(["check", "--no-config", "-q", "-j", "2", "--write", str(tree)],
                               rng.uniform(0.0, 1.0))
        assert code in (1, 130), err.decode()  # 1: it finished before the interrupt
        assert b"Traceback" not in err
        left = sorted(p.name for p in tree.iterdir() if not p.name.startswith("f"))
        assert left == [], f"trial {trial}: {left}"
        for f in tree.iterdir():
            assert f.read_text(encoding="utf-8") in (LINE * 3, FIXED * 3), f


def test_ctrl_c_with_large_results_in_flight_never_deadlocks(tmp_path: Path) -> None:
    rng = random.Random(13)
    big = tmp_path / "big.txt"
    big.write_text((LINE.strip() + " ") * 40 + "\n" * 1 + (LINE * 20_000), encoding="utf-8")
    long_lines = tmp_path / "long.txt"
    long_lines.write_text(((LINE.strip() + " ") * 2000 + "\n") * 400, encoding="utf-8")  # ~1 MB results
    for _ in range(5):
        code, err = _interrupt(["normalize", "-j", "2", "--no-progress", str(long_lines), str(big), str(long_lines)],
                               rng.uniform(0.0, 1.0))
        assert (code, err) == (130, b""), err.decode()
