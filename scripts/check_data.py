#!/usr/bin/env python3
"""Check the built-in data against the safety gates; print every problem.

    python3 scripts/check_data.py                 # gates on data/terms.csv, syllables.txt and the informal files
    python3 scripts/check_data.py --corpus /tmp/vi.txt --seed ../shared/seed/article-vi.txt

The gates need only the standard library. ``--corpus`` and ``--seed`` also need the
``glossary`` package importable: the corpus check counts typo/variant edits made by
``normalize`` per 10,000 words (the budget is 1) and lists each changed word; the seed
check expands the seed article with the default domains and reports any abbreviation of
the article left unexpanded, and any code of its document numbers (205-QĐ/TW) that is
expanded or not found.
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import vnsyllable as vs

ROOT = Path(__file__).resolve().parent.parent
SEED_ABBREVIATIONS = ("CAND", "CBCS", "XDLL", "ANTT", "ANQG")
SEED_CODES = ("QĐ/TW",)  #: only inside document numbers (205-QĐ/TW): found, kept as written


def gates(terms: Path, syllables: Path) -> list[str]:
    problems = []
    syl_text = syllables.read_text(encoding="utf-8")
    syl = syl_text.split("\n")[:-1]
    if syl != sorted(set(syl)):
        problems.append("syllables.txt is not sorted and unique")
    for s in syl:
        if s != unicodedata.normalize("NFC", s) or s != s.lower() or not vs.is_valid(s):
            problems.append(f"syllables.txt: {s!r} is not a lowercase NFC Vietnamese syllable")
    attested = set(syl)
    with open(terms, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    keys = [(r["term"], r["kind"], r["domain"]) for r in rows]
    if keys != sorted(keys):
        problems.append("terms.csv is not sorted by (term, kind, domain)")
    abbreviations = {r["term"] for r in rows if r["kind"] == "abbreviation"}
    abbreviations_folded = {a.lower() for a in abbreviations}
    for n, r in enumerate(rows, 2):
        for col, value in r.items():
            if value != unicodedata.normalize("NFC", value):
                problems.append(f"line {n}: {col} is not NFC")
        if r["kind"] == "abbreviation" and not r["domain"]:
            problems.append(f"line {n}: abbreviation {r['term']!r} has no domain")
        if r["kind"] not in ("typo", "variant"):
            continue
        key, rep = r["term"], r["replacement"]
        words = key.lower().split(" ")
        if rep in abbreviations:
            if key.lower() in abbreviations_folded or key.lower() in attested:
                problems.append(f"line {n}: abbreviation typo key {key!r} is itself a word or abbreviation")
            continue
        if len(words) == 1 and words[0] in attested:
            problems.append(f"line {n}: typo key {key!r} is an attested syllable")
        for w in rep.lower().split(" "):
            if w not in attested:
                problems.append(f"line {n}: replacement syllable {w!r} of {key!r} is not attested")
        if len(words) > 1 and all(w in attested for w in words) and not r["note"]:
            problems.append(f"line {n}: multi-word typo key {key!r} of real syllables needs a note")
        pairs = list(zip(words, rep.lower().split(" "), strict=False))  # compared only when as long
        if len(words) == len(rep.split(" ")) and all(a == b or vs.tone_style_twin(a) == b for a, b in pairs):
            problems.append(f"line {n}: {key!r} -> {rep!r} is a tone-placement style pair")
    return problems


def informal_gates(informal: Path, context: Path, syllables: Path, terms: Path) -> list[str]:
    """The chat shorthand files: informal.csv (one standard form per key) and
    informal_context.csv (keys with several readings, ``|``-separated)."""
    problems = []
    attested = set(syllables.read_text(encoding="utf-8").split("\n"))
    with open(terms, encoding="utf-8", newline="") as f:
        builtin_fixes = {r["term"].lower() for r in csv.DictReader(f) if r["kind"] in ("typo", "variant")}
    with open(informal, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if [(r["term"], r["kind"], r["domain"]) for r in rows] != sorted((r["term"], r["kind"], r["domain"]) for r in rows):
        problems.append("informal.csv is not sorted by (term, kind, domain)")
    keys = set()
    for n, r in enumerate(rows, 2):
        where = f"informal.csv line {n}"
        if any(v != unicodedata.normalize("NFC", v) for v in r.values()):
            problems.append(f"{where}: not NFC")
        if r["domain"] != "informal" or r["kind"] not in ("variant", "abbreviation"):
            problems.append(f"{where}: domain must be informal and kind variant or abbreviation")
        if not r["source"] or not r["note"]:
            problems.append(f"{where}: every row needs a note and a source")
        key = r["term"].lower()
        if key in keys:
            problems.append(f"{where}: {r['term']!r} has a second row (several readings go to informal_context.csv)")
        keys.add(key)
        if key in attested and "chat" not in r["note"]:
            problems.append(f"{where}: {r['term']!r} is an attested syllable: say in the note why it is shorthand")
        if key in builtin_fixes:
            problems.append(f"{where}: {r['term']!r} is a key of terms.csv already")
        for w in r["replacement"].lower().split(" "):
            if w not in attested:
                problems.append(f"{where}: replacement syllable {w!r} is not attested")
    with open(context, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["term", "senses", "note", "source"]:
            problems.append(f"informal_context.csv: header must be term,senses,note,source, not {reader.fieldnames}")
            return problems
        rows = list(reader)
    if [r["term"] for r in rows] != sorted({r["term"] for r in rows}):
        problems.append("informal_context.csv is not sorted and unique by term")
    for n, r in enumerate(rows, 2):
        where = f"informal_context.csv line {n}"
        if any(v != unicodedata.normalize("NFC", v) for v in r.values()):
            problems.append(f"{where}: not NFC")
        senses = r["senses"].split("|")
        if len(senses) < 2 or len(set(senses)) != len(senses):
            problems.append(f"{where}: {r['term']!r} needs two or more distinct senses")
        if not r["source"] or not r["note"]:
            problems.append(f"{where}: every row needs a note and a source")
        if r["term"].lower() in keys:
            problems.append(f"{where}: {r['term']!r} is in informal.csv too")
        for sense in senses:
            if sense != r["term"] and any(w not in attested for w in sense.lower().split(" ")):
                problems.append(f"{where}: sense {sense!r} is not made of attested syllables")
    return problems


BUDGET = 1.0  #: typo/variant edits per 10,000 words of clean text


def corpus_check(terms: Path, corpus: Path) -> list[str]:
    import glossary

    g = glossary.load(str(terms))
    text = corpus.read_text(encoding="utf-8")
    r = g.normalize_and_explain(text)
    edits = [e for e in r.edits if e.kind in ("typo", "variant")]
    words = len(re.findall(r"\w+", text))
    if not words:
        return [f"corpus: {corpus} has no words"]
    rate = len(edits) / words * 1e4
    print(f"corpus: {words} words, {len(edits)} typo/variant edits = {rate:.2f} per 10,000 words (budget {BUDGET:g})")
    for (before, after), k in collections.Counter((e.before, e.after) for e in edits).most_common():
        print(f"  {k} x {before!r} -> {after!r}")
    return [f"corpus: {rate:.2f} edits per 10,000 words, over the budget of {BUDGET:g}"] if rate > BUDGET else []


def seed_check(terms: Path, seed: Path) -> list[str]:
    import glossary

    g = glossary.load(str(terms))
    text = g.normalize(seed.read_text(encoding="utf-8"))
    r = g.expand_and_explain(text)
    done = collections.Counter(e.before for e in r.edits)
    print("seed: " + ", ".join(f"{k} x{v}" for k, v in sorted(done.items())))
    known = {m.surface for m in g.find(text, kinds=["abbreviation"]) if m.replacement}
    return [f"seed: {a} is not expanded with the default domains" for a in SEED_ABBREVIATIONS
            if a not in done] + [f"seed: {m.surface!r} left ambiguous" for m in r.unresolved] + [
            f"seed: document-number code {c} is expanded or not found" for c in SEED_CODES
            if c in done or c not in known]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--terms", type=Path, default=ROOT / "data" / "terms.csv")
    p.add_argument("--syllables", type=Path, default=ROOT / "data" / "syllables.txt")
    p.add_argument("--corpus", type=Path, help="clean Vietnamese text for the false-positive check")
    p.add_argument("--seed", type=Path, help="the seed article")
    args = p.parse_args(argv)
    problems = gates(args.terms, args.syllables)
    data = ROOT / "data"
    problems += informal_gates(data / "informal.csv", data / "informal_context.csv", args.syllables, args.terms)
    if args.corpus:
        problems += corpus_check(args.terms, args.corpus)
    if args.seed:
        problems += seed_check(args.terms, args.seed)
    for msg in problems:
        print(msg)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
