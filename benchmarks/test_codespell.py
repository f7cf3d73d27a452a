"""English, side by side with codespell: `glossary check` with codespell's own default
dictionaries (``dictionary.txt`` and ``dictionary_rare.txt``, read in codespell's format)
against `codespell` with its defaults, both as processes over Python's standard library
sources. Findings are compared as (file, line, word); every difference is listed with
the reason it exists.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from benchmarks import codespell_dict, harness

pytest.importorskip("codespell_lib")

ROUNDS = int(os.environ.get("GLOSSARY_BENCH_CODESPELL_ROUNDS", "2"))
_CODESPELL_LINE = re.compile(r"^(.*?):(\d+): (.+?) ==> ")
_OURS_LINE = re.compile(r"^(.*?):(\d+):\d+: (.+?) ==> ")


def _dictionaries() -> list[Path]:
    folder = codespell_dict.dictionary_path().parent
    return [folder / "dictionary.txt", folder / "dictionary_rare.txt"]  # codespell's default: clear, rare


def _ours_cmd(root: Path, jobs: int) -> list[str]:
    dicts = [x for d in _dictionaries() for x in ("-g", str(d))]
    return [*harness.command("glossary", "glossary"), "check", "--no-config", "--no-builtin", *dicts, "--checks", "glossary",
            "-q", "-j", str(jobs), str(root)]


def _codespell_cmd(root: Path) -> list[str]:
    return [*harness.command("codespell", "codespell_lib"), str(root)]


def _findings(stdout: bytes, pattern: re.Pattern[str]) -> Counter[tuple[str, int, str]]:
    got: Counter[tuple[str, int, str]] = Counter()
    for line in stdout.decode("utf-8", "replace").splitlines():
        m = pattern.match(line)
        if m:
            got[(m.group(1), int(m.group(2)), m.group(3))] += 1
    return got


def _run(cmd: list[str]) -> tuple[float, bytes]:
    return harness.wall(cmd, ok=(0, 1, 65))  # 1: glossary check found something; 65: codespell did


@pytest.fixture(scope="module")
def first_runs() -> dict[str, tuple[float, bytes]]:
    """One checked run of glossary check -j 1 and of codespell, shared by the tests."""
    root, _ = codespell_dict.files()
    return {"glossary check -j 1": _run(_ours_cmd(root, 1)), "codespell": _run(_codespell_cmd(root))}


_URLISH = re.compile(r"\S*(?:://|@|www\.)\S*")


def _why(path: str, line: int, word: str, ours: bool) -> str:
    """Why one tool reports (file, line, word) and the other does not."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8").splitlines()[line - 1]
    except UnicodeDecodeError:
        return "file not UTF-8: glossary check skips it (never guessing an encoding); codespell reads it as Latin-1"
    if any(word in m.group() for m in _URLISH.finditer(text)):
        return "inside a URL or an e-mail address, which glossary check never reports or changes"
    at = text.find(word)
    while at > 0 and text[at - 1].isalnum():
        at = text.find(word, at + 1)
    after = text[at + len(word) : at + len(word) + 1] if at >= 0 else ""
    if ours and at > 0 and text[at - 1] in "'’":
        return "after a single quote: codespell's words keep the quote ('thur is not thur) and are never looked up"
    if ours and after in ("'", "’"):
        return "before a single quote: codespell's words keep the quote and are never looked up"
    if ours and ((at > 0 and text[at - 1] == "-") or after == "-"):
        return "next to a hyphen: codespell's words keep it (-fo, -IInclude, CONNEC- at a line break)"
    if any(c.isupper() for c in word[1:]) and not word.isupper():
        return "mixed case (aNumber, FileTests)"
    return "other"


@pytest.mark.parametrize("tool", ["glossary check -j 1", "glossary check -j 2", "codespell"])
def test_codespell_side_by_side(benchmark: Any, first_runs: dict[str, tuple[float, bytes]], tool: str) -> None:
    benchmark.group = "english"
    root, files = codespell_dict.files()
    size = sum(p.stat().st_size for p in files)
    cmd = _codespell_cmd(root) if tool == "codespell" else _ours_cmd(root, int(tool[-1]))
    seconds, out = first_runs[tool] if tool in first_runs else _run(cmd)  # the checked, cache-warming run
    info: dict[str, Any] = {"tool": tool, "bytes": size, "files": len(files), "tree": str(root)}
    if tool == "glossary check -j 2":
        assert out == first_runs["glossary check -j 1"][1]  # the same report, in the same order
    if tool == "glossary check -j 1":
        ours = _findings(out, _OURS_LINE)
        theirs = _findings(first_runs["codespell"][1], _CODESPELL_LINE)
        only_ours, only_theirs = ours - theirs, theirs - ours
        diffs = [(*k, "only glossary", _why(*k, ours=True)) for k in sorted(only_ours.elements())]
        diffs += [(*k, "only codespell", _why(*k, ours=False)) for k in sorted(only_theirs.elements())]
        info.update(findings=sum(ours.values()), codespell_findings=sum(theirs.values()),
                    both=sum((ours & theirs).values()), only_ours=sum(only_ours.values()),
                    only_codespell=sum(only_theirs.values()),
                    why=dict(Counter(f"{side}: {why}" for *_, side, why in diffs).most_common()),
                    differences=[f"{side}: {Path(p).relative_to(root)}:{n}: {w} -- {why}"
                                 for p, n, w, side, why in diffs])
    benchmark.extra_info.update(info)
    benchmark.pedantic(lambda: _run(cmd), rounds=ROUNDS, iterations=1)
