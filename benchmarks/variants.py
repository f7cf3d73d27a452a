"""Text as it really comes: every operation on input variants of the shared corpus.

    python -m benchmarks.variants            # Markdown to stdout, raw figures to <cache>/variants.json
    python -m benchmarks.variants --quick    # a quarter of the corpus, one round

The variants are built from one copy of the corpus *as found* (its own whitespace kept,
no collapsing), with fixed seeds:

- ``as found``: the corpus file as it is (NFC, single spaces);
- ``NFD``: the same, decomposed (as macOS file names and some input methods write it);
- ``mixed``: every paragraph NFD with probability 1/2, else NFC;
- ``NBSP``: web text: a no-break space before ``: ; ? ! %`` and inside ``« »``, between a
  number and its unit, for one space in ten elsewhere, and ``&nbsp;`` beside a space for
  one space in thirty;
- ``zero-width``: U+200B beside one space in forty, at the end of one line in twenty and at
  the start of one line in fifty (indentation), as copied from web pages;
- ``CRLF``: Windows line ends.

Every operation (``normalize``, ``normalize_and_explain``, ``expand``, ``find``, and the
checker of ``glossary check``) runs on every variant with both engines and two glossaries:
the built-in one and the benchmark's 20,000-row typo glossary (``data.py``). Before timing,
the two engines' outputs are compared (they must be equal) and ``normalize`` is compared
with the peer's output on the 20k glossary's hits. The peer is what a user would write:
``unicodedata.normalize("NFC")`` then exact pyahocorasick (``peers.build_aho_exact``).

Times are CPU seconds of this process (``time.process_time``), the median of the rounds:
on a shared machine they vary less than wall time. Figures are MB/s of UTF-8 input.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks import data, peers  # noqa: E402

SEED = data.SEED + 500
VARIANTS = ("as found", "NFD", "mixed", "NBSP", "zero-width", "CRLF")
OPERATIONS = ("normalize", "explain", "expand", "find", "check")
ENGINES = ("c", "python")
GLOSSARIES = ("built-in", "20k")
ROUNDS = {"c": int(os.environ.get("GLOSSARY_BENCH_VARIANT_ROUNDS", "3")), "python": 1, "peer": 3}


def found_text() -> str:
    """The corpus as found: its own whitespace, only blank lines dropped."""
    import lzma

    raw = lzma.decompress(data.corpus_path().read_bytes()).decode("utf-8")
    return "\n".join(line for line in raw.splitlines() if line.strip()) + "\n"


_NBSP_BEFORE = re.compile(r" (?=[:;?!%»])")
_NBSP_AFTER = re.compile(r"(?<=«) ")
_NUMBER_UNIT = re.compile(r"(?<=\d) (?=[^\W\d_])")


def _nbsp(text: str, rng: random.Random) -> str:
    text = _NBSP_BEFORE.sub("\u00a0", text)
    text = _NBSP_AFTER.sub("\u00a0", text)
    text = _NUMBER_UNIT.sub("\u00a0", text)

    def space(_: re.Match[str]) -> str:
        r = rng.random()
        if r < 0.1:
            return "\u00a0"
        if r < 0.1 + 1 / 30:
            return "\u00a0 " if r < 0.12 else " \u00a0"
        return " "

    return re.sub(" ", space, text)


def _zero_width(text: str, rng: random.Random) -> str:
    def space(_: re.Match[str]) -> str:
        r = rng.random()
        if r < 1 / 80:
            return "\u200b "
        if r < 1 / 40:
            return " \u200b"
        return " "

    lines = []
    for line in re.sub(" ", space, text).split("\n"):
        if line and rng.random() < 1 / 20:
            line += "\u200b"
        if line and rng.random() < 1 / 50:
            line = "\u200b" + line
        lines.append(line)
    return "\n".join(lines)


def _mixed(text: str, rng: random.Random) -> str:
    return "\n".join(unicodedata.normalize("NFD", p) if rng.random() < 0.5 else p for p in text.split("\n"))


def variant(name: str, quarter: bool = False) -> str:
    text = found_text()
    if quarter:
        text = text[: len(text) // 4]
        text = text[: text.rindex("\n") + 1]
    rng = random.Random(f"{SEED}-{name}")
    if name == "as found":
        return text
    if name == "NFD":
        return unicodedata.normalize("NFD", text)
    if name == "mixed":
        return _mixed(text, rng)
    if name == "NBSP":
        return _nbsp(text, rng)
    if name == "zero-width":
        return _zero_width(text, rng)
    if name == "CRLF":
        return text.replace("\n", "\r\n")
    raise ValueError(name)


def glossaries(engine: str) -> dict[str, Any]:
    import glossary

    out = {"built-in": glossary.load(engine=engine),
           "20k": glossary.load(str(data.compiled_path(20_000, "anywhere")), engine=engine)}
    for g in out.values():
        g.normalize("x")  # the scanner and its index, built before timing as a peer's automaton is
    return out


def builtin_pairs() -> dict[str, str]:
    """The built-in glossary's typo and variant keys with one fix, for the peer."""
    import glossary
    from glossary.model import Kind

    fixes: dict[str, set[str]] = {}
    for e in glossary.load().entries():
        if e.kind in (Kind.TYPO, Kind.VARIANT):
            fixes.setdefault(e.term, set()).add(e.replacement)
    return {k: next(iter(v)) for k, v in fixes.items() if len(v) == 1}


def operations(g: Any) -> dict[str, Callable[[str], Any]]:
    from glossary.spell import Checker

    checker = Checker(g, checks=("glossary", "non-words"))
    return {
        "normalize": g.normalize,
        "explain": g.normalize_and_explain,
        "expand": g.expand,
        "find": g.find,
        "check": checker.check,
    }


def cpu(fn: Callable[[str], Any], text: str, rounds: int) -> tuple[Any, float]:
    """The output of an untimed first run (which also fills caches), and the median CPU
    seconds of ``rounds`` more runs."""
    out = fn(text)
    times = []
    for _ in range(rounds):
        t0 = time.process_time()
        fn(text)
        times.append(time.process_time() - t0)
    return out, statistics.median(times)


def measure(quick: bool = False, progress: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    texts = {v: variant(v, quick) for v in VARIANTS}
    sizes = {v: len(t.encode("utf-8")) for v, t in texts.items()}
    engines = {e: glossaries(e) for e in ENGINES}
    rounds = dict(ROUNDS)
    if quick:
        rounds = {k: 1 for k in rounds}
    peer_fns = {
        "built-in": peers.build_aho_exact(peers.Context(builtin_pairs())),
        "20k": peers.build_aho_exact(peers.Context(data.typo_pairs(20_000, "anywhere"))),
    }
    mbs: dict[str, float] = {}
    mismatches: list[str] = []
    for v in VARIANTS:
        text = texts[v]
        for gname in GLOSSARIES:
            fn = peer_fns[gname]
            _, secs = cpu(lambda t, fn=fn: fn(unicodedata.normalize("NFC", t)), text, rounds["peer"])
            mbs[f"{v}|{gname}|peer|normalize"] = sizes[v] / 1e6 / secs
            outs: dict[str, dict[str, Any]] = {}
            for e in ENGINES:
                ops = operations(engines[e][gname])
                outs[e] = {}
                for op in OPERATIONS:
                    progress(f"{v} / {gname} / {e} / {op}")
                    out, secs = cpu(ops[op], text, rounds[e])
                    mbs[f"{v}|{gname}|{e}|{op}"] = sizes[v] / 1e6 / secs
                    outs[e][op] = out
            for op in OPERATIONS:
                if outs["c"][op] != outs["python"][op]:
                    mismatches.append(f"{v} / {gname} / {op}: the engines disagree")
            del outs
    return {"sizes": sizes, "mbs": mbs, "mismatches": mismatches, "quick": quick, "rounds": rounds}


def _f(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:,.0f}" if x >= 10 else f"{x:.1f}"


def render(res: dict[str, Any]) -> str:
    mbs = res["mbs"]
    out = []
    w = out.append
    mb = res["sizes"]["as found"] / 1e6
    w("## Text as it really comes: input variants\n")
    w(f"One copy of the corpus as found ({mb:.2f} MB; `benchmarks/variants.py` says how each variant is made), "
      "MB/s of UTF-8 input by CPU time (median of "
      f"{res['rounds']['c']} rounds for the C engine and the peer, {res['rounds']['python']} for the pure-Python "
      "engine). `check` is the checker of `glossary check` (glossary typos and non-words). The peer is "
      "`unicodedata.normalize(\"NFC\")` then exact pyahocorasick (all matches, boundary check, longest per start).\n")
    if res["mismatches"]:
        w("**The engines disagree:** " + "; ".join(res["mismatches"]) + "\n")
    else:
        w("Both engines gave the same output for every operation on every variant.\n")
    for gname in GLOSSARIES:
        w(f"### {gname} glossary\n")
        head = "| variant | peer | " + " | ".join(f"C {op}" for op in OPERATIONS) + " | " + \
            " | ".join(f"Py {op}" for op in OPERATIONS) + " |"
        w(head)
        w("|---|" + "---:|" * (1 + 2 * len(OPERATIONS)))
        for v in VARIANTS:
            cells = [_f(mbs.get(f"{v}|{gname}|peer|normalize"))]
            cells += [_f(mbs.get(f"{v}|{gname}|{e}|{op}")) for e in ENGINES for op in OPERATIONS]
            w(f"| {v} | " + " | ".join(cells) + " |")
        w("")
    w("### Goals (ratios within this run)\n")
    w("| variant | glossary | C normalize / peer (≥ 1.5) | vs as found (NFD ≥ 0.5) | explain / normalize (≥ 0.7) "
      "| expand / normalize (≥ 0.7) | find / normalize (≥ 0.7) | Py normalize / peer (≥ 1.0) |")
    w("|---|---|---:|---:|---:|---:|---:|---:|")
    for gname in GLOSSARIES:
        for v in VARIANTS:
            n = mbs[f"{v}|{gname}|c|normalize"]
            peer = mbs[f"{v}|{gname}|peer|normalize"]
            base = mbs[f"as found|{gname}|c|normalize"]
            cells = [f"{n / peer:.2f}", f"{n / base:.2f}"]
            cells += [f"{mbs[f'{v}|{gname}|c|{op}'] / n:.2f}" for op in ("explain", "expand", "find")]
            cells.append(f"{mbs[f'{v}|{gname}|python|normalize'] / peer:.2f}")
            w(f"| {v} | {gname} | " + " | ".join(cells) + " |")
    w("")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a quarter of the corpus, one round")
    ap.add_argument("--render", action="store_true", help="re-render the last figures")
    args = ap.parse_args(argv)
    path = data.bench_root() / "variants.json"
    if args.render:
        res = json.loads(path.read_text())
    else:
        t0 = time.perf_counter()
        res = measure(args.quick, lambda s: print(s, file=sys.stderr, flush=True))
        res["seconds"] = time.perf_counter() - t0
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(res))
    sys.stdout.write(render(res))
    return 1 if res["mismatches"] else 0


if __name__ == "__main__":
    sys.exit(main())
