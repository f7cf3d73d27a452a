"""Edits as data: replay them, chain two rounds of them into one, and map offsets through them.

An edit list is sorted, non-overlapping, and indexes the text it applies to.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort_left
from collections.abc import Iterable, Sequence
from itertools import accumulate
from operator import add, itemgetter, sub

from .errors import GlossaryTypeError, OptionError
from .model import Edit, Match
from .typed import NamedTuple

__all__ = ["Explained", "OffsetMap", "apply_edits", "compose", "input_to_output", "output_to_input", "through"]


_START, _END, _AFTER = itemgetter(0), itemgetter(1), itemgetter(3)  # fields of an Edit
_SPAN = itemgetter(0, 1)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply ``edits`` (sorted, non-overlapping, indexing ``text``) and return the result.

    Each edit's ``before`` must equal the text it replaces, so replaying edits on the
    wrong text fails loudly instead of corrupting it.

    >>> from glossary.model import EditKind
    >>> apply_edits("nững ngày", [Edit(0, 4, "nững", "những", EditKind.TYPO)])
    'những ngày'
    """
    if not isinstance(text, str):
        raise GlossaryTypeError(f"apply_edits() needs text as str, not {type(text).__name__}")
    out: list[str] = []
    pos = 0
    last_insert = -1
    for ed in edits:
        start, end = ed.start, ed.end
        if start < pos or end < start or end > len(text) or (start == end == last_insert):
            raise OptionError(f"edits overlap, are out of order or out of bounds at {ed!r}")
        if text[start:end] != ed.before:
            raise OptionError(f"edit does not match the text: {ed!r} but the text has {text[start:end]!r}")
        out.append(text[pos:start])
        out.append(ed.after)
        pos = end
        last_insert = start if start == end else -1
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _overlaps(a: int, b: int, p: int, q: int, inserted: bool) -> bool:
    """Must second-round edit [a, b) merge with a first-round edit whose output is [p, q)?

    They merge when they overlap, and when both are insertions at the same point of the
    original text (``inserted``: the first-round edit replaced nothing).
    """
    if a == b and inserted and p <= a <= q:
        return True
    if a < b and p < q:
        return a < q and p < b
    if a == b and p == q:
        return a == p
    if a == b:
        return p < a < q
    return a < p < b


class _Ends(Sequence[int]):
    """Where each first-round edit's output ends, computed only for the edits looked at:
    composing a few fixes into the edits of a long NFD text must not cost a pass over them."""

    __slots__ = ("_outs", "_sizes")

    def __init__(self, outs: Sequence[int], sizes: Sequence[int]) -> None:
        self._outs, self._sizes = outs, sizes

    def __len__(self) -> int:
        return len(self._outs)

    def __getitem__(self, j: int) -> int:  # type: ignore[override]
        return self._outs[j] + self._sizes[j]


def compose(
    text0: str, first: Sequence[Edit], second: Sequence[Edit], text1: str | None = None,
    where: OffsetMap | None = None,
) -> list[Edit]:
    """Chain two edit rounds: ``first`` turns ``text0`` into ``text1``, ``second`` turns
    ``text1`` into ``text2``; the result turns ``text0`` into ``text2`` directly.

    Where a second-round edit overlaps first-round edits, they merge into one edit that
    takes the second round's kind and spans the original text they all came from.
    ``where`` is the :class:`OffsetMap` of ``first``, if the caller has it.
    """
    if not second:
        return list(first)
    if not first:
        return list(second)
    if text1 is None:
        text1 = apply_edits(text0, first)
    if where is None:
        where = OffsetMap(first)
    ps = where._outs  # where each first-round edit's output starts in text1
    qs = _Ends(ps, where._sizes)
    cum = where._delta  # cum[k]: length change of first[:k]
    starts, ends = where._starts, where._ends
    n1 = len(first)
    used: set[int] = set()
    out: list[Edit] = []
    i = 0
    k = 0  # first[k:] may still overlap second[i:]
    while i < len(second):
        group = [second[i]]
        lo, hi = second[i].start, second[i].end
        members: list[int] = []
        i += 1
        k = bisect_left(qs, lo, k)  # skip the first-round edits that end before (qs never decreases)
        grown = True
        while grown:
            grown = False
            j = k
            while j < n1 and ps[j] <= hi:
                if j not in used and any(
                    _overlaps(g.start, g.end, ps[j], qs[j], starts[j] == ends[j]) for g in group
                ):
                    used.add(j)
                    members.append(j)
                    lo, hi = min(lo, ps[j]), max(hi, qs[j])
                    grown = True
                j += 1
            while i < len(second) and second[i].start <= hi and any(
                _overlaps(second[i].start, second[i].end, ps[m], qs[m], starts[m] == ends[m]) for m in members
            ):
                group.append(second[i])
                hi = max(hi, second[i].end)
                i += 1
                grown = True
        members.sort()
        if members and ps[members[0]] == lo:
            start0 = first[members[0]].start
        else:
            start0 = lo - cum[bisect_right(qs, lo)]
        if members and qs[members[-1]] == hi:
            end0 = first[members[-1]].end
        else:
            c = bisect_left(qs, hi)
            if c < n1 and qs[c] == hi and ps[c] < hi:
                c += 1
            end0 = hi - cum[c]
        pieces = []
        pos = lo
        for g in group:
            pieces.append(text1[pos : g.start])
            pieces.append(g.after)
            pos = g.end
        pieces.append(text1[pos:hi])
        head = group[0]
        out.append(Edit(start0, end0, text0[start0:end0], "".join(pieces), head.kind, head.term))
    if len(out) * 16 < n1:  # a few merged edits into many (an NFD text's): remove and insert, do not sort
        rest = list(first)
        for j in sorted(used, reverse=True):
            del rest[j]
        for ed in reversed(out):  # before equal spans, in their order: as the stable sort below
            insort_left(rest, ed, key=_SPAN)
        return rest
    out.extend(ed for j, ed in enumerate(first) if j not in used)
    out.sort(key=_SPAN)
    return out


class OffsetMap:
    """Offsets mapped through one edit list, both ways, in O(log n) per lookup.

    Build it once per edit list and ask it many times: mapping every match of a long
    NFD text one edit-list walk at a time would be quadratic.

    >>> from glossary.model import EditKind
    >>> m = OffsetMap([Edit(0, 4, "nững", "những", EditKind.TYPO)])
    >>> m.to_output(5), m.to_input(6), m.to_input(2), m.to_input(2, right=True)
    (6, 5, 0, 4)
    """

    __slots__ = ("_delta", "_ends", "_outs", "_sizes", "_starts")

    def __init__(self, edits: Sequence[Edit]) -> None:
        # In bulk (map and accumulate run in C): an NFD text has an edit per accented letter.
        self._set(list(map(_START, edits)), list(map(_END, edits)), list(map(len, map(_AFTER, edits))))

    @classmethod
    def from_spans(
        cls, starts: Sequence[int], ends: Sequence[int], sizes: Sequence[int],
        outs: Sequence[int] | None = None, deltas: Sequence[int] | None = None,
    ) -> OffsetMap:
        """The map of edits given by their input spans and the lengths of what replaced
        them (and, if the caller has them, where each replacement starts in the output
        and the length change before each edit, ``len(starts) + 1`` of them)."""
        self = cls.__new__(cls)
        self._set(starts, ends, sizes, outs, deltas)
        return self

    def _set(
        self, starts: Sequence[int], ends: Sequence[int], sizes: Sequence[int],
        outs: Sequence[int] | None = None, deltas: Sequence[int] | None = None,
    ) -> None:
        self._starts = starts  #: input starts, non-decreasing
        self._ends = ends
        self._sizes = sizes  #: lengths of the replacements
        if outs is None or deltas is None:
            deltas = list(accumulate(map(sub, sizes, map(sub, ends, starts)), initial=0))
            outs = list(map(add, starts, deltas))
        self._outs = outs  #: output starts, non-decreasing
        self._delta = deltas  #: _delta[i]: length change made by the edits before edit i

    def to_output(self, index: int, *, right: bool = False) -> int:
        """Map offset ``index`` of the input to the output.

        ``right=False`` maps the start of a span, ``right=True`` its end, so that a span
        maps to the smallest output span it became: an offset strictly inside a replaced
        span maps to the start (or end) of its replacement, and text inserted exactly at
        ``index`` is left out of the span (skipped for a start, not reached for an end).
        """
        starts, ends, delta = self._starts, self._ends, self._delta
        i = bisect_left(starts, index)  # edits before i start before index
        if i and ends[i - 1] > index:  # strictly inside edit i - 1
            out = starts[i - 1] + delta[i - 1]
            return out + self._sizes[i - 1] if right else out
        if right:
            return index + delta[i]
        # Edits starting at index: insertions, then at most one that replaces text.
        j = bisect_right(starts, index, lo=i)
        if j > i and ends[j - 1] > index:
            return index + delta[j - 1]
        return index + delta[j]

    def to_input(self, index: int, *, right: bool = False) -> int:
        """Map offset ``index`` of the output back to the input.

        ``right=False`` maps the start of a span, ``right=True`` its end, giving the
        smallest input span that produced an output span: an offset strictly inside
        replacement text maps to the start (or end) of the replaced input, and text
        deleted exactly at ``index`` is left out of the span.
        """
        outs, sizes, delta = self._outs, self._sizes, self._delta
        i = bisect_left(outs, index)  # edits before i begin their output before index
        if i and outs[i - 1] + sizes[i - 1] > index:  # strictly inside
            return self._ends[i - 1] if right else self._starts[i - 1]
        if right:
            return index - delta[i]
        # Edits whose output starts at index: deletions, then at most one that inserts.
        j = bisect_right(outs, index, lo=i)
        if j > i and sizes[j - 1]:
            return index - delta[j - 1]
        return index - delta[j]

    def span_to_input(self, start: int, end: int) -> tuple[int, int]:
        """Map an output span back to the smallest input span that produced it."""
        if not self._starts:
            return start, end
        return self.to_input(start), self.to_input(end, right=True)


def input_to_output(edits: Sequence[Edit], index: int, *, right: bool = False) -> int:
    """Map one offset of the input of ``edits`` to the output (see :meth:`OffsetMap.to_output`).

    For many offsets through the same edits, build one :class:`OffsetMap`.
    """
    return OffsetMap(edits).to_output(index, right=right)


def output_to_input(edits: Sequence[Edit], index: int, *, right: bool = False) -> int:
    """Map one offset of the output of ``edits`` back to the input (see :meth:`OffsetMap.to_input`).

    For many offsets through the same edits, build one :class:`OffsetMap`.
    """
    return OffsetMap(edits).to_input(index, right=right)


class Explained(NamedTuple):
    """The result of an explaining operation: the output text and the edits that made it.

    ``apply_edits(input, result.edits) == result.text`` always holds. ``unresolved`` lists
    matches that were left as written because they have several senses.
    """

    text: str
    edits: tuple[Edit, ...]
    unresolved: tuple[Match, ...] = ()

    def to_original(self, index: int, *, side: str = "left") -> int:
        """Map an offset of ``text`` (the output) back to the input.

        An offset inside replaced text maps to the start (``side="left"``) or the end
        (``side="right"``) of the input span that was replaced.
        """
        return _offsets(self.edits).to_input(index, right=_side(side))

    def to_normalized(self, index: int, *, side: str = "left") -> int:
        """Map an offset of the input forward to ``text`` (the output)."""
        return _offsets(self.edits).to_output(index, right=_side(side))

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the output to the smallest input span that produced it (for an
        empty span where text was deleted: the deleted text)."""
        a, b = self.to_original(start), self.to_original(end, side="right")
        return (b, a) if b < a else (a, b)

    def span_to_normalized(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the input to the output span it became (for an empty span where
        text was inserted: the inserted text)."""
        a, b = self.to_normalized(start), self.to_normalized(end, side="right")
        return (b, a) if b < a else (a, b)


def through(cut: OffsetMap | None, text: str, done: Explained) -> Explained:
    """``done``, worked out on ``text`` without the characters ``cut`` dropped from it
    (:func:`~glossary.hidden.inside_words`: soft hyphens, word joiners), as spans of ``text``
    itself: an edit or a match takes in what was dropped inside it (``nữ\u00adng`` is
    fixed whole), and what was dropped elsewhere stays where it was."""
    if cut is None:
        return done

    def span(start: int, end: int) -> tuple[int, int]:
        a, b = cut.span_to_input(start, end)
        return (a, a) if start == end else (a, b)

    edits = []
    for ed in done.edits:
        a, b = span(ed.start, ed.end)
        edits.append(ed._replace(start=a, end=b, before=text[a:b]))
    unresolved = []
    for m in done.unresolved:
        a, b = span(m.start, m.end)
        unresolved.append(m._replace(start=a, end=b, surface=text[a:b]))
    return Explained(apply_edits(text, edits), tuple(edits), tuple(unresolved))


_last_map: tuple[tuple[Edit, ...], OffsetMap] | None = None  # the edits last mapped, and their map


def _offsets(edits: tuple[Edit, ...]) -> OffsetMap:
    """The :class:`~glossary.edits.OffsetMap` of ``edits``, kept for the next call: callers
    map every span of one result in turn."""
    global _last_map
    last = _last_map
    if last is not None and last[0] is edits:
        return last[1]
    offsets = OffsetMap(edits)
    _last_map = (edits, offsets)
    return offsets


def _side(side: str) -> bool:
    if side not in ("left", "right"):
        raise OptionError(f"unknown side {side!r}; valid values are 'left', 'right'")
    return side == "right"
