"""Offsets in a text: where its lines start, and sets of spans asked "does this overlap?".

Both answer in O(log n) per question, so checking every finding of a large file against
every ignored span or earlier finding stays linear in practice.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

__all__ = ["SpanSet", "line_of", "line_starts"]

_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts; ``\\r\\n``, ``\\r`` and ``\\n`` end a line.

    >>> line_starts("a\\r\\nb\\rc\\n")
    [0, 3, 5, 7]
    """
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def line_of(starts: list[int], offset: int) -> int:
    """The index of the line holding ``offset``, given :func:`line_starts`."""
    return bisect_right(starts, offset) - 1


class SpanSet:
    """Half-open spans, queried for overlap with another span.

    >>> spans = SpanSet([(0, 3), (2, 5), (9, 10)])
    >>> spans.overlaps(4, 6), spans.overlaps(5, 9), spans.overlaps(9, 9)
    (True, False, False)
    """

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for a, b in sorted(s for s in spans if s[0] < s[1]):
            if ends and a < ends[-1]:  # overlapping spans merge: their union answers the same
                ends[-1] = max(ends[-1], b)
            else:
                starts.append(a)
                ends.append(b)
        self._starts, self._ends = starts, ends

    def overlaps(self, start: int, end: int) -> bool:
        """Does ``[start, end)`` share a character with any span (or, when empty, lie
        strictly inside one)?"""
        i = bisect_left(self._starts, end) - 1  # the last span starting before end
        return i >= 0 and start < self._ends[i]
