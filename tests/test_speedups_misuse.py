"""The C extension's private API validates its arguments: misuse raises, never crashes.
Each case runs in a child process, which must not die by a signal."""

from __future__ import annotations

import subprocess
import sys

import pytest

from glossary import scan

pytestmark = pytest.mark.skipif(scan._speedups is None, reason="the C scanner is not built here")

SETUP = """
from glossary._speedups import Index, kinds
index = Index([("cabd", 0, 2), ("nững", 1, 2)])
text = "CABD nững " * 50
keys, fixes = {}, {}
key_of = ["cabd", "nững"].__getitem__
fix_of = ["CAND", "những"].__getitem__
carry = lambda surface, fix: fix
"""


def run(code: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-c", SETUP + code], capture_output=True, text=True, timeout=120)
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}: {proc.stderr[-2000:]}"
    return proc


WINDOWS = ["[0, -2**62]", "[-5, -3]", "[-100, 4]", "[3, -1]", "[10**6, 10**7]", "[400, 2]", "[5]"]


@pytest.mark.parametrize("windows", WINDOWS)
def test_window_bounds_out_of_range(windows: str) -> None:
    proc = run(f"print(index.fix(text, 2, {windows}, keys, key_of, fixes, fix_of, carry) is not None)")
    assert proc.returncode == 0 and proc.stdout == "True\n", proc.stderr


def test_a_callback_that_empties_the_windows_list() -> None:
    proc = run(
        "windows = [0, 5, 10, 20, 30, 40, 50, 60]\n"
        "def fix_of(kid):\n"
        "    windows.clear()\n"
        "    return ['CAND', 'những'][kid]\n"
        "print(index.fix(text, 2, windows, keys, key_of, fixes, fix_of, carry)[0][:20])\n"
    )
    assert proc.returncode == 0 and proc.stdout == "CAND những CAND nhữn\n", proc.stderr


def test_a_callback_that_reinitializes_the_index() -> None:
    proc = run(
        "def key_of(kid):\n"
        "    index.__init__([])\n"
        "    return ['cabd', 'nững'][kid]\n"
        "try:\n"
        "    index.fix(text, 2, None, keys, key_of, fixes, fix_of, carry)\n"
        "except RuntimeError as exc:\n"
        "    print('refused:', exc)\n"
        "print(index.scan('CABD', 2))\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("refused: Index cannot be changed while fix() is running\n[(0, 4, 0)]"), proc.stdout


@pytest.mark.parametrize(("width", "n"), [(8, 2**61), (2**40, 2**30), (5, -1), (4, 1), (7, 2**62)])
def test_kinds_rejects_sizes_that_overflow(width: int, n: int) -> None:
    proc = run(
        f"try:\n    kinds(b'\\0' * 64, {width}, {n})\nexcept ValueError:\n    print('refused')\n"
    )
    assert proc.returncode == 0 and proc.stdout == "refused\n", proc.stderr
