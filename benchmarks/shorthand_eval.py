"""How well chat shorthand is written out: ``glossary.load(layers=["informal"])``
(``normalize`` then ``expand``) and ``restore_marks(informal=True)``, on held-out lines
with shorthand injected by a fixed seeded rule.

The rule (:func:`inject`): every word or run of words of a line that is, in lower case, the
standard form of some chat shorthand in the package's own data (``data/informal.csv``, and
the readings of ``data/informal_context.csv`` other than the key itself: ``không`` ->
``ko``, ``k``, ``hok``…; ``được`` -> ``dc``, ``đc``, ``đk``…; ``người`` -> ``ng``; ``bạn`` ->
``bn``; ``như thế nào`` -> ``ntn``) is replaced, with probability :data:`RATE`, by one of
its keys chosen uniformly (``random.Random(SEED)``). Capitalised words are left (a capital
``K`` is read as the letter). The lines are the same held-out sources ``restore_eval.py``
reads (``build/bigrams/heldout.tsv``, in domain) and the Debian guide (out of domain),
with their marks kept (``marked``) and, after injecting, stripped from every word but the
shorthand (``unaccented``, for ``restore_marks`` only).

Each injected shorthand is, in the output: written out *right* (the form it replaced, case
aside); written out *wrong*; *left and reported* (in the result's ``unresolved``); or left
unreported. *Changed elsewhere* counts shorthand edits (and, on marked text, restored
marks) where nothing was injected: words of the original text read as shorthand.

This is an upper bound: the same hand wrote the shorthand tables and the injector, so
every injected key is in the tables and each stands where its standard form stood in
edited text; real chat has shorthand the tables lack, misspellings, and context the
bigram model (built from software translations) has rarely seen.

    python -m benchmarks.shorthand_eval             # Markdown to stdout
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Callable
from typing import Any, NamedTuple

import glossary
from glossary import Explained
from glossary.edits import compose
from glossary.model import EditKind
from glossary.shorthand import shorthand
from glossary.text import PIECE, fold
from glossary.vietnamese import strip_marks

#: the chance that an occurrence of a standard form is replaced by shorthand
RATE = 0.5
SEED = 1


class Injected(NamedTuple):
    start: int
    end: int
    key: str  #: the shorthand written
    form: str  #: the standard form it replaced
    ambiguous: bool  #: a key of ``informal_context.csv`` (context must decide)


def shorthand_keys() -> dict[tuple[str, ...], list[tuple[str, bool]]]:
    """Standard form (as its syllables) -> the shorthand keys for it, and whether each is ambiguous."""
    table = shorthand()
    out: dict[tuple[str, ...], list[tuple[str, bool]]] = {}
    for key, entry in sorted(table.fixed.items()):
        out.setdefault(tuple(entry.replacement.lower().split()), []).append((entry.term, False))
    for key, senses in sorted(table.context.items()):
        for e in senses:
            if fold(e.replacement) != key:
                out.setdefault(tuple(e.replacement.lower().split()), []).append((e.term, True))
    return out


def inject(line: str, rng: random.Random, keys: dict[tuple[str, ...], list[tuple[str, bool]]],
           rate: float = RATE) -> tuple[str, list[Injected]]:
    """``line`` with shorthand in place of some standard forms (longest forms first)."""
    words = list(PIECE.finditer(line))
    longest = max(len(k) for k in keys)
    pieces: list[str] = []
    found: list[Injected] = []
    pos = i = 0
    size = 0  # length of the new line so far
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            run = words[i : i + n]
            text = line[run[0].start() : run[-1].end()]
            form = tuple(w.group() for w in run)
            if form in keys and text == " ".join(form):  # lower case, one space between its words
                break
        else:
            i += 1
            continue
        if rng.random() < rate:
            key, ambiguous = rng.choice(keys[form])
            before = line[pos : run[0].start()]
            pieces += [before, key]
            size += len(before)
            found.append(Injected(size, size + len(key), key, text, ambiguous))
            size += len(key)
            pos = run[-1].end()
        i += n
    pieces.append(line[pos:])
    return "".join(pieces), found


def layer_system() -> Callable[[str], Explained]:
    """``load(layers=["informal"])``: ``normalize`` then ``expand``, as one result on the input."""
    g = glossary.load(layers=["informal"])

    def run(text: str) -> Explained:
        first = g.normalize_and_explain(text)
        second = g.expand_and_explain(first.text)
        edits = compose(text, first.edits, second.edits, first.text)
        left = tuple(m._replace(start=a, end=b) for m in second.unresolved
                     for a, b in [first.span_to_original(m.start, m.end)])
        return Explained(second.text, tuple(edits), left)

    return run


def restore_system(text: str) -> Explained:
    return glossary.restore_marks_and_explain(text, informal=True)


def restore_lost_only(text: str) -> Explained:
    """For marked text: ``lost_only`` keeps the unaccented words that are syllables."""
    return glossary.restore_marks_and_explain(text, informal=True, lost_only=True)


def score(system: Callable[[str], Explained], cases: list[tuple[str, list[Injected]]], marked: bool) -> dict[str, Any]:
    """Each injected shorthand: right, wrong, left and reported, left unreported; and
    shorthand changes where nothing was injected."""
    keys = set(shorthand().fixed) | set(shorthand().context)
    c: Counter[str] = Counter()
    for text, found in cases:
        r = system(text)
        left = {(m.start, m.end) for m in r.unresolved}
        for inj in found:
            kind = "ambiguous" if inj.ambiguous else "fixed"
            c[kind] += 1
            hits = [e for e in r.edits if e.start < inj.end and inj.start < e.end]
            if not hits:
                c[kind + " reported" if (inj.start, inj.end) in left else kind + " left"] += 1
                continue
            lo, hi = min(e.start for e in hits), max(e.end for e in hits)
            want = text[lo : inj.start] + inj.form + text[inj.end : hi]
            got = glossary.apply_edits(text[lo:hi], [e._replace(start=e.start - lo, end=e.end - lo) for e in hits])
            c[kind + (" right" if fold(got) == fold(want) else " wrong")] += 1
        for e in r.edits:
            if any(e.start < inj.end and inj.start < e.end for inj in found):
                continue
            if fold(e.term) in keys or (marked and e.kind is EditKind.MARKS):
                c["elsewhere"] += 1
    c["lines"] = len(cases)
    return dict(c)


def cases_of(lines: list[str], seed: int) -> list[tuple[str, list[Injected]]]:
    rng = random.Random(seed)
    keys = shorthand_keys()
    return [inject(line, rng, keys) for line in lines]


def unaccented(cases: list[tuple[str, list[Injected]]]) -> list[tuple[str, list[Injected]]]:
    """The same lines with the marks of every word but the injected shorthand stripped
    (``mún`` stays: stripped, it would be no key of the tables)."""
    out = []
    for text, found in cases:
        pieces, pos = [], 0
        for inj in found:
            pieces += [strip_marks(text[pos : inj.start]), inj.key]
            pos = inj.end
        pieces.append(strip_marks(text[pos:]))
        plain = "".join(pieces)
        if len(plain) != len(text):  # stripping keeps lengths (NFC): the spans still hold
            raise ValueError(f"stripping changed the length of {text!r}")
        out.append((plain, found))
    return out


def run(texts: dict[str, list[str]], seed: int = SEED) -> dict[str, Any]:
    results: dict[str, Any] = {}
    layer = layer_system()
    for name, lines in texts.items():
        cases = cases_of(lines, seed)
        results[name] = {
            ("marked", "load(layers=[\"informal\"]): normalize, expand"): score(layer, cases, True),
            ("marked", "restore_marks(informal=True, lost_only=True)"): score(restore_lost_only, cases, True),
            ("unaccented", "restore_marks(informal=True)"): score(restore_system, unaccented(cases), False),
        }
        print(f"shorthand, {name}: done", file=sys.stderr)
    return results


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def render(results: dict[str, Any]) -> str:
    out = [
        "Chat shorthand injected by a fixed seeded rule (`benchmarks/shorthand_eval.py`: each lower-case "
        f"standard form in the shorthand tables replaced by one of its keys with probability {RATE}, seed {SEED}) "
        "into the same held-out lines: **an upper bound**, since the same hand wrote the tables and the injector "
        "(every injected key is in the tables, in text that was edited). One-reading shorthand (`ko`, `dc`, `ntn`): "
        "right / wrong / left. Shorthand with several readings (`k`, `ng`, `bn`, `mk`, `đk`…): right / wrong / "
        "left and reported in `unresolved` / left unreported. *Elsewhere*: shorthand edits (on marked text, also "
        "restored marks) where nothing was injected.",
        "",
        "| text | text is | system | lines | one reading | right / wrong / left | several readings | "
        "right / wrong / reported / unreported | elsewhere |",
        "|---|---|---|---:|---:|---|---:|---|---:|",
    ]
    for name, by in results.items():
        for (cond, system), r in by.items():
            f, a = r.get("fixed", 0), r.get("ambiguous", 0)
            fixed = " / ".join(_pct(r.get(f"fixed {k}", 0), f) for k in ("right", "wrong", "left"))
            amb = " / ".join(_pct(r.get(f"ambiguous {k}", 0), a) for k in ("right", "wrong", "reported", "left"))
            out.append(f"| {name} | {cond} | `{system}` | {r['lines']:,} | {f:,} | {fixed} | {a:,} | {amb} | "
                       f"{r.get('elsewhere', 0):,} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    from .data import CorpusMissing
    from .restore_eval import debian_guide, vietnamese
    from .texts import heldout_lines

    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args(argv)
    texts = {"held-out": vietnamese([line for lines in heldout_lines().values() for line in lines])}
    try:
        texts["Debian guide"] = vietnamese(debian_guide())
    except CorpusMissing as e:
        print(f"skipped the Debian guide: {e}", file=sys.stderr)
    print(render(run(texts)))
    return 0


if __name__ == "__main__":
    from .data import run_main

    sys.exit(run_main(main))
