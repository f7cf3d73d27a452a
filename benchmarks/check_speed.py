"""``glossary check`` against an earlier checker, in the same run: words per CPU second.

The issue that brought context into checking set a floor: the checker with context must
check Vietnamese prose at ≥ 0.8x the words per second of the checker before it. This
measures both on the same machine, in the same run, alternating, so that the ratio means
something on a shared machine:

- ``baseline``: any interpreter with another ``glossary`` installed (``--baseline``; for
  the figure in ``CONTEXT.md``, a worktree of the last commit before context);
- ``current``: the interpreter running this script.

Texts (never committed): the held-out split of the bigram table's sources and the whole
shared corpus in documents of 40 lines (as ``context_eval`` cuts them), and the seed
article. For each text and checker, in a fresh process: the CPU time of checking every
document with a new checker, five rounds; the first round is *cold* (it reads the data
the checker needs on first use), the best is *warm*: the same text again, so what the
process keeps per token and pair of tokens is already there. *New text after the other
half* is the throughput of a long-lived process on text it has not met: the
even-numbered documents checked untimed, then the odd-numbered ones with a fresh checker.
And ``glossary check FILE`` as a whole process (start-up, reading, output and all), CPU
time of the child, on the shared corpus written to one file (in NFC, and in NFD as macOS
writes it) and on the seed article; before any is timed, each checker runs once
untimed so that its bytecode and the data it keeps in the user cache are written (the
very first run of a new version works that data out: about 1.5 s more). Words are runs of
letters and digits, counted once here.

    python -m benchmarks.check_speed --baseline ../wt-old/.venv/bin/python
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from .data import CorpusMissing, base_text, run_main, shared_dir
from .texts import documents, held_documents, words

WORKER = """
import json, sys, time
from glossary import load
from glossary.spell import Checker
docs = json.load(open(sys.argv[1], encoding="utf-8"))
g = load()
times = []
for _ in range(int(sys.argv[2])):
    checker = Checker(g, checks=("glossary", "non-words"))
    t = time.process_time()
    found = 0
    for d in docs:
        found += len(checker.check(d))
    times.append(time.process_time() - t)
print(json.dumps({"times": times, "findings": found}))
"""


#: a long-lived checker meeting new text: the even-numbered documents read first, untimed
#: (the data loaded, and every cache filled with what they hold), then the odd-numbered
#: ones timed with a fresh checker. The warm rounds above read the same documents again, so
#: whatever a process keeps per token or pair (the pair table, the gate's triggers) is
#: already there; here it is not.
NEW_TEXT_WORKER = """
import json, sys, time
from glossary import load
from glossary.spell import Checker
docs = json.load(open(sys.argv[1], encoding="utf-8"))
g = load()
checker = Checker(g, checks=("glossary", "non-words"))
for d in docs[::2]:
    checker.check(d)
checker = Checker(g, checks=("glossary", "non-words"))
t = time.process_time()
found = sum(len(checker.check(d)) for d in docs[1::2])
print(json.dumps({"time": time.process_time() - t, "findings": found}))
"""


#: as users run it: bytecode written and read (an environment that forbids it would time
#: the compiling of every module in every process)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _child(python: str, script: str, *args: str) -> Any:
    """What ``script``, run by ``python`` as users run it, prints as JSON."""
    out = subprocess.run([python, "-c", script, *args], check=True, env=ENV, capture_output=True, text=True,
                         cwd=tempfile.gettempdir()).stdout
    return json.loads(out)


def _in_process(python: str, docs_file: Path, rounds: int) -> dict[str, float]:
    r = _child(python, WORKER, str(docs_file), str(rounds))
    return {"cold": r["times"][0], "warm": min(r["times"]), "findings": r["findings"]}


def _new_text(python: str, docs_file: Path) -> dict[str, float]:
    """CPU seconds of checking the odd-numbered documents after the even ones, and the
    findings in them."""
    return {k: float(v) for k, v in _child(python, NEW_TEXT_WORKER, str(docs_file)).items()}


def _whole_process(python: str, path: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([python, "-m", "glossary", "check", str(path)], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir(), env=ENV)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def texts() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    try:
        seed = shared_dir() / "seed" / "article-vi.txt"
        out["seed article"] = [seed.read_text(encoding="utf-8")]
        out["shared corpus"] = documents(base_text().splitlines())
    except (CorpusMissing, OSError) as e:
        print(f"skipped: {e}", file=sys.stderr)
    out["held-out"] = held_documents()
    return out


def run(checkers: dict[str, str], runs: int, rounds: int) -> dict[str, dict[str, list[float]]]:
    """Per text and checker, the words per CPU second of each run (runs alternate)."""
    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        first = Path(tmp) / "first.txt"
        first.write_text("Chọn tập tin của bạn để mở.\n", encoding="utf-8")
        for python in checkers.values():  # untimed: bytecode and the data kept in the user cache written
            _whole_process(python, first)
        for name, docs in texts().items():
            n = sum(words(d) for d in docs)
            docs_file = Path(tmp) / "docs.json"
            docs_file.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
            for _ in range(runs):
                for label, python in checkers.items():
                    r = _in_process(python, docs_file, rounds)
                    results.setdefault(f"{name}, cold", {}).setdefault(label, []).append(n / r["cold"])
                    results.setdefault(f"{name}, warm", {}).setdefault(label, []).append(n / r["warm"])
                    results.setdefault(f"{name}, findings", {}).setdefault(label, []).append(r["findings"])
                    if len(docs) > 1:
                        odd = sum(words(d) for d in docs[1::2])
                        row = f"{name}, new text after the other half"
                        results.setdefault(row, {}).setdefault(label, []).append(odd / _new_text(python, docs_file)["time"])
            if name in ("shared corpus", "seed article"):
                whole = "".join(docs)
                for form in ("NFC", "NFD"):
                    path = Path(tmp) / f"{form}.txt"
                    path.write_text(unicodedata.normalize(form, whole), encoding="utf-8")
                    for _ in range(runs):
                        for label, python in checkers.items():
                            seconds = _whole_process(python, path)
                            row = f"{name}, `glossary check FILE`" + (", NFD" if form == "NFD" else "")
                            results.setdefault(row, {}).setdefault(label, []).append(n / seconds)
    return results


def render(results: dict[str, dict[str, list[float]]], labels: list[str]) -> str:
    head = " | ".join(labels)
    out = [f"| text, measure | {head} | ratio |", "|---|" + "---:|" * (len(labels) + 1)]
    for row, by_label in results.items():
        if row.endswith("findings"):
            cells = [str(int(statistics.median(by_label[k]))) for k in labels]
            out.append(f"| {row} | " + " | ".join(cells) + " | |")
            continue
        med = {k: statistics.median(v) for k, v in by_label.items()}
        cells = [f"{med[k]:,.0f} ({min(by_label[k]):,.0f}–{max(by_label[k]):,.0f})" for k in labels]
        ratio = med[labels[-1]] / med[labels[0]]
        out.append(f"| {row} | " + " | ".join(cells) + f" | {ratio:.2f}x |")
    return "\n".join(out) + "\n\nWords per CPU second, median of the runs (range); ratio = current ÷ baseline.\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--baseline", required=True, help="a Python interpreter with the earlier glossary installed")
    p.add_argument("--runs", type=int, default=3, help="alternating runs of each checker (default 3)")
    p.add_argument("--rounds", type=int, default=5, help="rounds per run, the first cold (default 5)")
    args = p.parse_args(argv)
    if not os.access(args.baseline, os.X_OK):
        print(f"check_speed: {args.baseline}: not an executable interpreter", file=sys.stderr)
        return 2
    checkers = {"baseline": args.baseline, "current": sys.executable}
    print(render(run(checkers, args.runs, args.rounds), list(checkers)))
    return 0


if __name__ == "__main__":
    sys.exit(run_main(main))
