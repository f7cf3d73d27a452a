"""The built-in chat shorthand: ``data/informal.csv`` (one standard form per key, also the
``informal`` layer of :func:`glossary.load`) and ``data/informal_context.csv`` (keys with
several readings, ``k`` for ``không`` or ``nghìn``, expanded only where context decides).

>>> table = shorthand()
>>> table.fixed["ko"].replacement, [e.replacement for e in table.context["k"]]
('không', ['không', 'nghìn', 'k'])
"""

from __future__ import annotations

import csv
import threading
from typing import NamedTuple

from .model import Entry, Kind
from .resources import data_path
from .text import fold

__all__ = ["Shorthand", "shorthand"]

_lock = threading.Lock()


class Shorthand(NamedTuple):
    """The two tables, keyed by the folded shorthand."""


    fixed: dict[str, Entry]  #: folded key -> its one standard form (``informal.csv``)
    context: dict[str, tuple[Entry, ...]]  #: folded key -> its senses (``informal_context.csv``)


_tables: list[Shorthand] = []


def shorthand() -> Shorthand:
    """The built-in chat shorthand, read once."""
    if not _tables:
        from .terms import parse_terms

        with _lock:
            if not _tables:
                path = data_path("informal.csv")
                with open(path, "rb") as f:
                    rows, _ = parse_terms(f.read(), path)
                fixed = {fold(r.entry.term): r.entry for r in rows}
                context: dict[str, tuple[Entry, ...]] = {}
                with open(data_path("informal_context.csv"), encoding="utf-8", newline="") as f:
                    for row in csv.DictReader(f):
                        context[fold(row["term"])] = tuple(
                            Entry(row["term"], sense, Kind.ABBREVIATION, "informal", row["note"], row["source"])
                            for sense in row["senses"].split("|")
                        )
                _tables.append(Shorthand(fixed, context))
    return _tables[0]
