"""Shared helpers of the benchmark tests: cached texts, built methods, correctness records,
and process-level measurements (RSS, wall time of a command)."""

from __future__ import annotations

import functools
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import data, peers
from .reference import count_wrong, first_difference, is_word_char

#: Timed rounds per benchmark, at least (each benchmark also runs once untimed, to check
#: its output). Fast methods get more rounds, up to about ``ROUND_BUDGET`` seconds, so their
#: medians resist the noise of a shared machine.
ROUNDS = int(os.environ.get("GLOSSARY_BENCH_ROUNDS", "3"))
ROUND_BUDGET = float(os.environ.get("GLOSSARY_BENCH_ROUND_BUDGET", "2.0"))
MAX_ROUNDS = 15


def rounds_for(seconds: float) -> int:
    """How many timed rounds for a method whose checked run took ``seconds``."""
    if seconds <= 0:
        return MAX_ROUNDS
    return max(ROUNDS, min(MAX_ROUNDS, int(ROUND_BUDGET / seconds)))


def timed(fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0
MAIN_SIZE = 20_000
#: Methods run per line (their whole-text call is quadratic: 0.1-0.2 MB/s on 1.6 MB).
PER_LINE = frozenset({"flashtext", "flashtext_unicode"})


@functools.cache
def text(name: str, copies: int = data.COPIES) -> str:
    return data.corpus(name, copies)


@functools.cache
def alphabet() -> frozenset[str]:
    """Every word character of the generated corpora (for flashtext's boundaries)."""
    chars: set[str] = set()
    for name in ("clean", "noisy", "mixed"):
        chars.update(text(name, 1))
    return frozenset(c for c in chars if is_word_char(c))


@functools.cache
def method(name: str, size: int = MAIN_SIZE, shape: str = "anywhere") -> tuple[Callable[[str], Any], float]:
    """A built method and how long building it took (seconds)."""
    m = peers.BY_NAME[name]
    compiled = data.compiled_path(size, shape) if m.role == "ours" else None
    ctx = peers.Context(data.typo_pairs(size, shape), alphabet(), compiled)
    t0 = time.perf_counter()
    fn = m.build(ctx)
    built = time.perf_counter() - t0
    if name in PER_LINE:
        line_fn = fn

        def fn(t: str) -> str:
            return "\n".join(map(line_fn, t.split("\n")))

    return fn, built


def verdict(wrong: int | None, matches: int) -> str:
    if wrong == 0:
        return "yes"
    if wrong is None:
        return "no (line structure differs)"
    if matches == 0:
        return f"no ({wrong} spurious edits; the reference makes none)"
    return f"no ({wrong} of {matches} matches wrong)"


def record(
    benchmark: Any, role: str, out: Any, corpus: str, size: int, shape: str, copies: int = data.COPIES
) -> None:
    """Check ``out`` against the reference and store the verdict in ``extra_info``."""
    src = text(corpus, copies)
    info = benchmark.extra_info
    info.update(bytes=len(src.encode("utf-8")), chars=len(src), corpus=corpus, size=size, shape=shape,
                copies=copies if corpus != "mixed" else 1)
    if role == "baseline":
        info["correct"] = "n/a (no output)"
        return
    expected, matches, fallbacks = data.reference_output(corpus, size, shape, copies)
    wrong = count_wrong(out, expected)
    info.update(correct=verdict(wrong, matches), wrong=wrong, matches=matches, fallbacks=fallbacks)
    if wrong:
        info["first_difference"] = first_difference(out, expected)[:300]


# -- processes ----------------------------------------------------------------------------
RSS_PROBE = r"""
import gc, json, resource, sys, time
def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""


def run_probe(body: str, args: Sequence[str] = (), timeout: float = 600) -> dict[str, Any]:
    """Run ``body`` (which prints one JSON object as its last line) in a fresh interpreter;
    ``args`` are its ``sys.argv[1:]``."""
    import json

    code = RSS_PROBE + body
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=timeout, cwd=str(data.REPO))
    if proc.returncode != 0:
        raise RuntimeError(f"probe failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def command(name: str, module: str) -> list[str]:
    """How to run a tool installed beside this Python: its console script, else ``-m module``."""
    exe = Path(sys.executable).with_name(name)
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", module]


def wall(
    cmd: Sequence[str], stdin: bytes | None = None, env: dict[str, str] | None = None, ok: Sequence[int] = (0,)
) -> tuple[float, bytes]:
    """Wall time of one run of ``cmd`` and its standard output; an exit code not in ``ok``
    (a check that found something exits 1, codespell 65) is an error, never a timing."""
    t0 = time.perf_counter()
    proc = subprocess.run(list(cmd), input=stdin, capture_output=True, env=env, cwd=str(data.REPO))
    dt = time.perf_counter() - t0
    if proc.returncode not in ok:
        raise RuntimeError(f"{cmd[:3]} failed ({proc.returncode}): {proc.stderr[-1000:]!r}")
    return dt, proc.stdout


median = statistics.median
