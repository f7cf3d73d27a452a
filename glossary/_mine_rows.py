"""Mined definitions gathered over sources into glossary rows, and written as CSV or JSON lines.

>>> d = Definition("UBND", "Ủy ban nhân dân", 17, 21, 0, 15, 0.98, "paren")
>>> e = d._replace(long="ủy ban  nhân dân")
>>> [row] = aggregate({"a.txt": [d, d], "b.txt": [e]})
>>> row.term, row.replacement, row.occurrences, row.variants, row.sources
('UBND', 'Ủy ban nhân dân', 3, (('Ủy ban nhân dân', 3),), ('a.txt', 'b.txt'))
>>> print(rows_to_csv([row]), end="")
term,replacement,kind,domain,note,source
UBND,Ủy ban nhân dân,abbreviation,,"mined: 3 times in 2 files, confidence 0.98",a.txt; b.txt
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import NamedTuple, Protocol

from .model import MIN_CONFIDENCE, Definition, Entry, Kind


class Reference(Protocol):
    """What :func:`aggregate` needs of a reference glossary: :meth:`~glossary.Glossary.lookup`."""

    def lookup(self, term: str) -> list[Entry]: ...

__all__ = ["MIN_CONFIDENCE", "MinedRow", "Reference", "aggregate", "rows_to_csv", "rows_to_jsonl"]

_MAX_SOURCES_SHOWN = 5


class MinedRow(NamedTuple):
    """One short form with what the sources say it stands for.

    ``replacement`` is the most common long form, each definition weighted by its
    confidence (variants differing only in case or spacing count as one); ``variants``
    lists every long form with its count, the chosen one first. ``conflict`` holds the
    expansions of the reference glossary that differ from ``replacement``; ``known`` is
    true when the reference glossary already has it.
    """

    term: str
    replacement: str
    occurrences: int  #: how many definitions were found, in every source
    confidence: float
    variants: tuple[tuple[str, int], ...]
    sources: tuple[str, ...]
    patterns: tuple[str, ...]
    conflict: tuple[str, ...] = ()
    known: bool = False


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def same_expansion(a: str, b: str) -> bool:
    """Equal ignoring case, spaces and Unicode normal form."""
    return "".join(_clean(a).split()).casefold() == "".join(_clean(b).split()).casefold()


def aggregate(
    definitions: Mapping[str, Iterable[Definition]] | Iterable[tuple[str, Iterable[Definition]]],
    *,
    glossary: Reference | None = None,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[MinedRow]:
    """Gather definitions by short form over sources (``{source name: definitions}``).

    Definitions below ``min_confidence`` are left out. With ``glossary`` (usually the
    built-in one), rows are marked ``known`` or given the ``conflict``-ing expansions.
    Rows come most frequent first.
    """
    pairs = definitions.items() if isinstance(definitions, Mapping) else definitions
    groups: dict[str, dict[str, Counter[str]]] = {}  # term -> expansion key -> surface forms
    weight: dict[tuple[str, str], float] = {}  # (term, expansion key) -> summed confidence
    best: dict[str, float] = {}
    sources: dict[str, dict[str, None]] = {}
    patterns: dict[str, Counter[str]] = {}
    for source, defs in pairs:
        for d in defs:
            if d.confidence < min_confidence:
                continue
            term, long = _clean(d.short), _clean(d.long)
            key = "".join(long.split()).casefold()
            groups.setdefault(term, {}).setdefault(key, Counter())[long] += 1
            weight[term, key] = weight.get((term, key), 0.0) + d.confidence
            best[term] = max(best.get(term, 0.0), d.confidence)
            sources.setdefault(term, {})[source] = None
            patterns.setdefault(term, Counter())[d.pattern] += 1
    rows = []
    for term, by_key in groups.items():
        ranked = sorted(by_key, key=lambda k: -weight[term, k])  # stable: first seen wins ties
        variants = tuple((by_key[k].most_common(1)[0][0], by_key[k].total()) for k in ranked)
        chosen = variants[0][0]
        conflict: tuple[str, ...] = ()
        known = False
        if glossary is not None:
            built = [e.replacement for e in glossary.lookup(term) if e.term == term and e.kind is Kind.ABBREVIATION]
            known = any(same_expansion(b, chosen) for b in built)
            conflict = tuple(dict.fromkeys(b for b in built if not same_expansion(b, chosen)))
        rows.append(MinedRow(
            term, chosen, sum(n for _, n in variants), best[term], variants, tuple(sources[term]),
            tuple(p for p, _ in patterns[term].most_common()), conflict, known,
        ))
    rows.sort(key=lambda r: (-r.occurrences, -r.confidence, r.term))
    return rows


def _note(row: MinedRow) -> str:
    files = len(row.sources)
    n = row.occurrences
    parts = [f"mined: {n} time{'s' * (n != 1)} in {files} file{'s' * (files != 1)}, "
             f"confidence {row.confidence:.2f}"]
    if len(row.variants) > 1:
        parts.append("variants: " + "; ".join(f"{v} ({n})" for v, n in row.variants))
    if row.conflict:
        parts.append("CONFLICT with the built-in glossary: " + "; ".join(row.conflict))
    if row.known:
        parts.append("already in the built-in glossary")
    return " | ".join(parts)


def _sources(row: MinedRow) -> str:
    shown = list(row.sources[:_MAX_SOURCES_SHOWN])
    if len(row.sources) > _MAX_SOURCES_SHOWN:
        shown.append(f"+{len(row.sources) - _MAX_SOURCES_SHOWN} more")
    return "; ".join(shown)


def rows_to_csv(rows: Iterable[MinedRow], *, domain: str = "") -> str:
    """Rows in the glossary file format (``kind=abbreviation``), ready to review and merge."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["term", "replacement", "kind", "domain", "note", "source"])
    for r in rows:
        w.writerow([r.term, r.replacement, Kind.ABBREVIATION.value, domain, _note(r), _sources(r)])
    return out.getvalue()


def rows_to_jsonl(rows: Iterable[MinedRow]) -> str:
    """One JSON object per row and line, with every field of :class:`MinedRow`."""
    lines = []
    for r in rows:
        obj = r._asdict()
        obj["kind"] = Kind.ABBREVIATION.value
        obj["variants"] = [list(v) for v in r.variants]
        for name in ("sources", "patterns", "conflict"):
            obj[name] = list(obj[name])
        lines.append(json.dumps(obj, ensure_ascii=False) + "\n")
    return "".join(lines)
