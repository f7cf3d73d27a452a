"""Inputs that can be read only once: pipes, ``/dev/stdin``, process substitution, named
FIFOs; and output held per input until the input is known to decode."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pipes and FIFOs as POSIX has them")

LINE = "nững CABD UBND\n"
EXPECTED = {
    "normalize": "những CAND UBND\n",
    "expand": "nững CABD Ủy ban nhân dân\n",
}


def _glossary(*args: str, stdin: bytes | None = None, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "glossary", *args], input=stdin, capture_output=True, env=env,
                          timeout=timeout)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("command", ["normalize", "expand", "find", "mine"])
def test_dev_stdin_from_a_pipe_is_read(command: str, jobs: str) -> None:
    args = [command, "/dev/stdin"] + (["-j", jobs] if command in EXPECTED else [])
    if jobs == "2" and command not in EXPECTED:
        pytest.skip("find and mine have no --jobs")
    text = LINE + ("Ủy ban nhân dân (UBND) họp.\n" if command == "mine" else "")
    proc = _glossary(*args, stdin=text.encode())
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    if command in EXPECTED:
        assert out == EXPECTED[command]
    elif command == "find":
        assert out.splitlines()[0] == "/dev/stdin:1:1: nững ==> những [typo]"
    else:
        assert out.splitlines()[1].startswith("UBND,Ủy ban nhân dân,abbreviation")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for process substitution")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_process_substitution_is_read(jobs: str) -> None:
    script = f'{sys.executable} -m glossary normalize -j {jobs} <(printf "{LINE.strip()}\\n") <(printf "x\\n")'
    proc = subprocess.run(["bash", "-c", script], capture_output=True, timeout=60,
                          env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert (proc.returncode, proc.stdout.decode(), proc.stderr) == (0, EXPECTED["normalize"] + "x\n", b"")


def _feed_fifo(path: Path, data: bytes) -> threading.Thread:
    def write() -> None:
        with open(path, "wb") as f:  # blocks until the reader opens it
            f.write(data)

    t = threading.Thread(target=write, daemon=True)
    t.start()
    return t


@pytest.mark.parametrize("command", ["normalize", "find"])
def test_a_named_fifo_is_read_once_and_does_not_hang(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    writer = _feed_fifo(fifo, LINE.encode())
    try:
        proc = _glossary(command, str(fifo), timeout=30)
    except subprocess.TimeoutExpired:
        _feed_fifo(fifo, b"")  # let the waiting reader go
        pytest.fail("glossary waited for ever on a named FIFO")
    writer.join(5)
    assert proc.returncode == 0, proc.stderr
    assert ("những" if command == "normalize" else f"{fifo}:1:1: nững") in proc.stdout.decode()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_input_that_does_not_decode_leaves_no_partial_output(tmp_path: Path, jobs: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text("nững\n" * 3, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(("nững\n" * 30_000).encode() + b"ab\xffc\n")  # the error is far past the first chunk
    proc = _glossary("normalize", "-j", jobs, str(good), str(bad))
    assert proc.returncode == 4
    assert proc.stdout.decode() == "những\n" * 3  # the good file's output only, whole
    offset = 30_000 * len("nững\n".encode()) + 2
    assert f"{bad}:30001: not valid UTF-8: byte 0xff at byte offset {offset}" in proc.stderr.decode()


def test_a_pipe_that_does_not_decode_leaves_no_partial_output() -> None:
    proc = _glossary("find", "-", stdin=b"n\xe1\xbb\xafng\n" * 20_000 + b"\xff\n")
    assert (proc.returncode, proc.stdout) == (4, b"")
    assert "<stdin>:20001: not valid UTF-8" in proc.stderr.decode()
