"""Which neighbours *trigger* a judgement of a word (for :mod:`glossary.gate`): those
beside which the table saw a kin of it :data:`~glossary.realword.EVIDENCE` times, and
:data:`TRIGGER_RATIO` times as often as the word itself (:func:`kin_after`,
:func:`kin_before`, :func:`kin_at_break`), worked out for every neighbour at once, one set
per word (:func:`triggered_by`), from a table kept in the cache.

>>> kin_after("áp", "dung"), kin_after("áp", "dụng")
(True, False)
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from functools import cache, lru_cache

from ._derived import Raw, is_raw, numbers
from .cache import persisted
from .context import BREAK, SPECIAL, model
from .realword import _evidence, _seen_kin, candidates, good_side

__all__ = ["TRIGGER_RATIO", "Ids", "kin_after", "kin_at_break", "kin_before", "triggered_by"]

#: a neighbour triggers a judgement when the table saw a kin beside it this many times as
#: often as the word itself (and EVIDENCE times at least)
TRIGGER_RATIO = 10
_CACHE = 1 << 17


@lru_cache(maxsize=_CACHE)
def kin_after(left: str, low: str) -> bool:
    """Did the table see a kin of ``low`` after the class ``left`` EVIDENCE times, and
    TRIGGER_RATIO times as often as ``low`` itself?"""
    i = model().index.get(left)
    return i is not None and good_side(left, low.isascii()) and _outnumbered(low, i, True)


@lru_cache(maxsize=_CACHE)
def kin_at_break(low: str, after: bool) -> bool:
    """The same as :func:`kin_after` (``after``) or :func:`kin_before` beside a break: a
    line start, or punctuation. Such a word is judged (``Kiêu bảng``, ``ẩn đi náy):``), on
    :data:`~glossary.realword.BREAK_EXTRA` nats more when the break is its kin's only evidence."""
    b = model().index.get(BREAK)
    return b is not None and _outnumbered(low, b, after)


@lru_cache(maxsize=_CACHE)
def kin_before(low: str, right: str) -> bool:
    """The same as :func:`kin_after`, for a kin of ``low`` before the class ``right``."""
    r = model().index.get(right)
    return r is not None and good_side(right, low.isascii()) and _outnumbered(low, r, False)


#: token indices, as the keys of a dict, read by ``in``: a set the cyclic garbage collector
#: never walks (a dict of ints is not tracked, a frozenset always is; the checker keeps
#: thousands of these, and a full collection would visit every index of every one)
Ids = dict[int, None]


@lru_cache(maxsize=_CACHE)
def triggered_by(low: str, after: bool) -> tuple[bool, Ids]:
    """:func:`kin_after` (``after``) or :func:`kin_before` of ``low`` beside every token
    of the table at once, as (False, the indices of the tokens for which it is true) or
    (True, those for which it is false): one set per word, for :mod:`glossary.gate` to
    look a new pair up in.

    >>> i = model().index["của"]
    >>> none_of, ids = triggered_by("bản", True)
    >>> ((i in ids) != none_of) == kin_after("của", "bản")
    True
    """
    bad = _bad_sides(low.isascii())
    none_of, ids = _beside(low, after)
    return (True, ids | bad) if none_of else (False, dict.fromkeys(ids.keys() - bad.keys()) if bad else ids)


@cache
def _bad_sides(ascii_word: bool) -> Ids:
    """The indices of the special tokens that bear no evidence for such a word (:func:`good_side`)."""
    m = model()
    return dict.fromkeys(i for t in SPECIAL if not good_side(t, ascii_word) and (i := m.index.get(t)) is not None)


@lru_cache(maxsize=_CACHE)
def _beside(low: str, after: bool) -> tuple[bool, Ids]:
    """The tokens beside which (after them, or before them) a kin of ``low`` outnumbers
    it, as :func:`_counted` says, whatever the token's class: (False, those tokens) or
    (True, the tokens beside which none does). Read from :func:`_table` for the words
    :func:`candidates` holds, counted for any other."""
    if low in candidates() and low.lower() == low:
        words, starts, none_of, ids = _sides()[0 if after else 1]
        i = bisect_left(words, low)
        if i == len(words) or words[i] != low:
            return False, {}
        return bool(none_of[i]), dict.fromkeys(ids[starts[i] : starts[i + 1]])
    return False, dict.fromkeys(n for n in range(len(model().unigrams)) if _counted(low, n, after))


def _outnumbered(low: str, n: int, after: bool) -> bool:
    """Did the table see a kin of ``low`` beside token ``n`` (after it, or before it) the
    evidence's times, and TRIGGER_RATIO times as often as ``low`` itself?"""
    none_of, ids = _beside(low, after)
    return (n in ids) != none_of


def _counted(low: str, n: int, after: bool) -> bool:
    """:func:`_outnumbered`, counted in the table."""
    m = model()
    size, pairs = len(m.unigrams), m.bigrams

    def key(k: int) -> int:
        return n * size + k if after else k * size + n

    j = m.index.get(low)
    floor = max(_evidence(low), TRIGGER_RATIO * (0 if j is None else pairs.get(key(j), 0)))
    return any(pairs.get(key(k), 0) >= floor for _, k in _seen_kin(low))


#: per word: (True if the tokens listed are those beside which no kin outnumbers it, the
#: tokens' indices in the table, sorted)
Triggers = dict[str, tuple[bool, list[int]]]


#: one side of :func:`_table`: the words (sorted), where each one's tokens start in the
#: tokens (native uint32 bytes, one more than the words), whether each lists the tokens
#: beside which no kin outnumbers it (a byte each), and the tokens (native uint32 bytes)
Side = tuple[tuple[str, ...], Raw, Raw, Raw]


def _valid_table(got: object) -> bool:
    """Has ``got`` the shape of :func:`_table` (the cache checks its bytes)?"""
    return type(got) is tuple and len(got) == 2 and all(
        type(side) is tuple and len(side) == 4 and type(side[0]) is tuple
        and all(is_raw(x) for x in side[1:]) and len(side[1]) == 4 * (len(side[0]) + 1) and len(side[3]) % 4 == 0
        and len(side[2]) == len(side[0]) for side in got)


@cache
@persisted("trigger-table", valid=_valid_table)
def _table() -> tuple[Side, Side]:
    """:func:`_triggers` laid out flat, kept in the cache: a new process reads two tuples
    of words and a few arrays (where the dicts of tuples took it about 4 ms), and looks a
    word up by bisection."""
    out = []
    for side in _triggers():
        words = tuple(sorted(side))
        starts, ids = array("I", [0]), array("I")
        for w in words:
            ids.extend(side[w][1])
            starts.append(len(ids))
        out.append((words, starts.tobytes(), bytes(side[w][0] for w in words), ids.tobytes()))
    return out[0], out[1]


@cache
def _sides() -> tuple[tuple[tuple[str, ...], memoryview[int], Raw, memoryview[int]], ...]:
    """:func:`_table` with its arrays seen as numbers."""
    return tuple((words, numbers(starts), flags, numbers(ids))
                 for words, starts, flags, ids in _table())


def _triggers() -> tuple[Triggers, Triggers]:
    """For each word :func:`candidates` holds whose kin the table has seen: the tokens
    after which (then: before which) a kin outnumbers it as :func:`_counted` says, as
    (False, those tokens), or (True, the tokens beside which none does) when that is the
    shorter list (an unaccented non-word needs no evidence: any neighbour but a few).
    Worked out once from the whole table and kept in the cache (:func:`_table`): a fresh
    text would otherwise count it pair by pair, most of the checker's time on a new file."""
    m = model()
    size, pairs = len(m.unigrams), m.bigrams
    beside: tuple[list[list[tuple[int, int]]], list[list[tuple[int, int]]]] = (
        [[] for _ in range(size)], [[] for _ in range(size)])
    for key, c in pairs.items():
        n, k = divmod(key, size)
        beside[0][k].append((n, c))  # k after n
        beside[1][n].append((k, c))  # n before k
    out: tuple[Triggers, Triggers] = ({}, {})
    for low in {w.lower() for w in candidates()}:
        kids = [i for _, i in _seen_kin(low)]
        if not kids:
            continue
        evidence, j = _evidence(low), m.index.get(low)
        for side, after in ((0, True), (1, False)):
            own = dict(beside[side][j]) if j is not None else {}  # the word's own counts beside each token
            if evidence == 0:  # every neighbour outnumbers it but those the word itself has
                out[side][low] = (True, sorted(n for n in own if not _counted(low, n, after)))
                continue
            hits = {n for k in kids for n, c in beside[side][k] if c >= evidence and c >= TRIGGER_RATIO * own.get(n, 0)}
            if hits:
                out[side][low] = (False, sorted(hits))
    return out
