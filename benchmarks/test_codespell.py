"""PRELIMINARY English case (the spell-check command comes later): codespell's own
dictionary, single-fix rows only (see ``codespell_dict.py``), over Python's standard
library sources (about 670 files, 11 MB).

* ``ours-inprocess``: ``glossary.load(compiled).find(text)`` per file, files read and
  decoded inside the timing (UTF-8, invalid bytes kept as surrogates).
* ``ours-cli``: ``glossary find --no-builtin -g compiled --keep-invalid FILES`` as a process.
* ``codespell``: ``codespell -D <the same rows in codespell format> FILES`` as a process.

Findings are compared as (file, line, lower-cased word) sets. The tools do not split text
the same way: codespell's words are ``[\\w\\-'’]+`` (so ``_``, ``-`` and ``'`` join words),
ours are runs of letters, digits and combining marks; counts differ for that reason.
"""

from __future__ import annotations

import bisect
import functools
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from benchmarks import codespell_dict, harness

pytest.importorskip("codespell_lib")

ROUNDS = int(__import__("os").environ.get("GLOSSARY_BENCH_CODESPELL_ROUNDS", "2"))
_CODESPELL_LINE = re.compile(r"^(.*?):(\d+): (.+?) ==> ")
_OURS_LINE = re.compile(r"^(.*?):(\d+):(\d+): (.+?) ==> ")


def _tree() -> tuple[Path, list[Path], int]:
    try:
        root, files = codespell_dict.files()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    return root, files, sum(p.stat().st_size for p in files)


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "surrogateescape")


def _ours_findings(g, files: list[Path], why: dict[tuple[str, int, str], str] | None = None) -> set[tuple[str, int, str]]:
    """(file, line, word) of every match; with ``why``, also why codespell may see it differently."""
    out = set()
    for p in files:
        text = _read(p)
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        for m in g.find(text):
            line = bisect.bisect_right(starts, m.start)
            key = (str(p), line, m.surface.lower())
            out.add(key)
            if why is not None:
                why[key] = _why(text, m.start, m.end)
    return out


_CODESPELL_WORD = re.compile(r"[\w\-'’]+")


def _why(text: str, s: int, e: int) -> str:
    """How codespell's word around a match differs from ours."""
    if not text[e - 1].isalnum():
        return "key ends in punctuation (no right boundary: matches inside a longer word)"
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    line = text[ls : le if le >= 0 else len(text)]
    word = next((w.group() for w in _CODESPELL_WORD.finditer(line) if w.start() <= s - ls < w.end()), "")
    for ch, name in (("_", "underscore"), ("-", "hyphen"), ("'", "apostrophe"), ("’", "apostrophe")):
        if ch in word:
            return f"{name} joins it to a longer codespell word"
    return "other"


@functools.cache
def _codespell_findings(stdout: str) -> frozenset[tuple[str, int, str]]:
    got = set()
    for line in stdout.splitlines():
        m = _CODESPELL_LINE.match(line)
        if m:
            got.add((m.group(1), int(m.group(2)), m.group(3).lower()))
    return frozenset(got)


def _codespell_cmd(files: list[Path]) -> list[str]:
    exe = Path(sys.executable).with_name("codespell")
    base = [str(exe)] if exe.is_file() else [sys.executable, "-m", "codespell_lib"]
    return [*base, "-D", str(codespell_dict.codespell_dictionary()), *map(str, files)]


def _ours_cmd(files: list[Path]) -> list[str]:
    exe = Path(sys.executable).with_name("glossary")
    base = [str(exe)] if exe.is_file() else [sys.executable, "-m", "glossary"]
    return [*base, "find", "--no-builtin", "-g", str(codespell_dict.compiled()), "--keep-invalid",
            *map(str, files)]


def _common_info(benchmark, total: int, files: list[Path], root: Path) -> None:
    _, report = codespell_dict.converted()
    benchmark.extra_info.update(bytes=total, files=len(files), tree=str(root), conversion=report,
                                preliminary=True)


def test_ours_inprocess(benchmark):
    import glossary

    benchmark.group = "english (preliminary)"
    root, files, total = _tree()
    g = glossary.load(str(codespell_dict.compiled()))
    why: dict[tuple[str, int, str], str] = {}
    ours = _ours_findings(g, files, why)
    proc = subprocess.run(_codespell_cmd(files), capture_output=True, text=True)
    theirs = _codespell_findings(proc.stdout)
    _common_info(benchmark, total, files, root)
    only_ours = sorted(ours - theirs)
    only_theirs = sorted(theirs - ours)
    benchmark.extra_info.update(
        method="ours in-process find", findings=len(ours), codespell_findings=len(theirs),
        both=len(ours & theirs), only_ours=len(only_ours), only_codespell=len(only_theirs),
        only_ours_why=dict(Counter(why[k] for k in only_ours).most_common()),
        only_ours_examples=[f"{Path(p).relative_to(root)}:{n}: {w}" for p, n, w in only_ours[:8]],
        only_codespell_examples=[f"{Path(p).relative_to(root)}:{n}: {w}" for p, n, w in only_theirs[:8]],
    )
    benchmark.pedantic(lambda: _ours_findings(g, files), rounds=ROUNDS, iterations=1)


def test_ours_cli(benchmark):
    benchmark.group = "english (preliminary)"
    root, files, total = _tree()
    cmd = _ours_cmd(files)
    _, out = harness.wall(cmd)
    found = set()
    for line in out.decode("utf-8", "replace").splitlines():
        m = _OURS_LINE.match(line)
        if m:
            found.add((m.group(1), int(m.group(2)), m.group(4).lower()))
    _common_info(benchmark, total, files, root)
    benchmark.extra_info.update(method="glossary find (process)", findings=len(found))
    benchmark.pedantic(lambda: harness.wall(cmd), rounds=ROUNDS, iterations=1)


def test_codespell(benchmark):
    benchmark.group = "english (preliminary)"
    root, files, total = _tree()
    cmd = _codespell_cmd(files)
    _, out = harness.wall(cmd)
    _common_info(benchmark, total, files, root)
    benchmark.extra_info.update(method="codespell (process)",
                                findings=len(_codespell_findings(out.decode("utf-8", "replace"))))
    benchmark.pedantic(lambda: harness.wall(cmd), rounds=ROUNDS, iterations=1)
