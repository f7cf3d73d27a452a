"""Which words of a text context judges, so that clean text rarely reaches the model.

A word is judged where a pair of adjacent tokens *triggers* it: the neighbour prefers a
kin of the word (:func:`~glossary.triggers.kin_after`, :func:`~glossary.triggers.kin_before`),
or the word is one that :mod:`glossary.incontext` watches wherever it stands (rare
syllables and unaccented forms; a syllable a kin outnumbers, only where a pair triggers
it as any word). What each pair of tokens
triggers is learnt the first time the pair is met; from then on a text costs one lookup
per pair of adjacent tokens, all its lines at once (in C when the scanner is), and each
triggered word one cached judgement per (token before, word, token after).

>>> line = "Bạn có thể áp dung bộ lọc"
>>> spots([(0, line, line.split())])
[(14, 'dung')]
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Generic, Protocol, TypeVar

from .adjacent import decides, verdict_beside
from .context import model, word_class
from .document import lowered, slack, supported
from .domain import general_gain, general_support, trigram_support
from .general import general_kin
from .incontext import contested, watched
from .incontext import spot as watched_spot
from .realword import candidates, end_word, english_veto, judged, near_miss, start_word
from .resources import pure_python
from .text import CLOSING, OPENING, fold
from .triggers import Ids, kin_at_break, triggered_by

#: what a token triggers as the second of a pair (``True`` always, ``False`` never) or
#: else (none_of, ids) of :func:`~glossary.triggers.triggered_by`: it is judged after a
#: token whose end class is in ``ids`` (not in them, when ``none_of``)
_Trigger = bool | tuple[bool, Ids]
#: what the pair table needs of a token: its trigger as the second of a pair, as the
#: first, and the table's class indices of the words it ends and starts with
Facts = tuple[_Trigger, _Trigger, int, int]


def _fires(trigger: _Trigger, n: int) -> bool:
    """Does ``trigger`` fire beside a token of the table's class index ``n``?"""
    return trigger is True or (trigger is not False and n >= 0 and (n in trigger[1]) != trigger[0])


class Table(Protocol):
    """Flags (0 to 3) of pairs of tokens: ``_speedups.PairTable`` or :class:`PairTable`."""

    def add(self, a: str, b: str, flags: int) -> None: ...
    def get(self, a: str, b: str) -> int | None: ...
    def mark(self, tokens: list[str], facts: dict[str, Facts], work: Callable[[str], Facts]) -> list[int]: ...
    def clear(self) -> None: ...
    def __len__(self) -> int: ...


class PairTable:
    """The pure-Python twin of ``_speedups.PairTable`` (which keeps mixed hashes, not keys)."""

    def __init__(self) -> None:
        self._after: dict[str, dict[str, int]] = {}
        self._size = 0

    def add(self, a: str, b: str, flags: int) -> None:
        after = self._after.setdefault(a, {})
        self._size += b not in after
        after[b] = flags

    def get(self, a: str, b: str) -> int | None:
        return self._after.get(a, {}).get(b)

    def mark(self, tokens: list[str], facts: dict[str, Facts], work: Callable[[str], Facts]) -> list[int]:
        """The indices j, in order and each once, of the tokens that a pair flags (flag 1
        of ``tokens[j - 1], tokens[j]``, flag 2 of ``tokens[j], tokens[j + 1]``); a pair
        holds two tokens, neither empty (an empty token separates lines). A pair the table
        lacks is learnt on the way: flag 1 when the second token's trigger as a second
        fires beside the first's end class, flag 2 when the first's trigger as a first
        fires beside the second's start class, as ``facts`` holds them per token
        (:data:`Facts`), ``work(token)`` filling in a token it lacks."""
        spots: list[int] = []
        table = self._after
        for i in range(len(tokens) - 1):
            a, b = tokens[i], tokens[i + 1]
            if not (a and b):
                continue
            after = table.get(a)
            flags = None if after is None else after.get(b)
            if flags is None:
                fa = facts.get(a)
                if fa is None:
                    fa = facts[a] = work(a)
                fb = facts.get(b)
                if fb is None:
                    fb = facts[b] = work(b)
                flags = _fires(fb[0], fa[2]) | _fires(fa[1], fb[3]) << 1
                self.add(a, b, flags)
            if flags & 2 and (not spots or spots[-1] < i):
                spots.append(i)
            if flags & 1:
                spots.append(i + 1)
        return spots

    def clear(self) -> None:
        self._after.clear()
        self._size = 0

    def __len__(self) -> int:
        return self._size


_CTable: type[Table] | None
try:
    from ._speedups import PairTable as _CTable
except ImportError:  # built without a compiler (or an older build): the Python twin serves
    _CTable = None

__all__ = ["PairTable", "Table", "pair_table", "spots"]

_TOKEN = re.compile(r"\S+")
_CACHE = 1 << 17
#: pairs of tokens kept: the table is emptied (and learnt again) past this, before a text
_PAIRS_KEPT = 1 << 19

T = TypeVar("T")


class _PerToken(Generic[T]):
    """A function of one token whose answers are kept, for up to :data:`_CACHE` tokens: a
    token met before costs one dict lookup (``lru_cache``'s wrapper costs more per call)."""

    def __init__(self, work: Callable[[str], T]) -> None:
        self._work = work
        self._memo: dict[str, T] = {}

    def __call__(self, token: str) -> T:
        got = self._memo.get(token)
        if got is None:
            got = self._work(token)
            if len(self._memo) < _CACHE:
                self._memo[token] = got
        return got


def _end_class(token: str) -> int:
    """The table's index of the class of the word ``token`` ends with (a break when it
    ends otherwise); -1 for a class the table never saw."""
    return model().index.get(word_class(end_word(token)), -1)


def _start_class(token: str) -> int:
    """The table's index of the class of the word ``token`` starts with, as :func:`_end_class`."""
    return model().index.get(word_class(start_word(token)), -1)


def _kin_begins_lines(token: str) -> bool:
    """Does a kin of ``token``'s word begin lines far more often than it (``Kiêu bảng``)?"""
    pool = candidates()
    core = token if token in pool else token.strip(OPENING + CLOSING)
    return core in pool and kin_at_break(core.lower(), True)


_at_line_start = _PerToken(_kin_begins_lines)


_lock = threading.Lock()
#: the pairs of adjacent tokens met so far, per engine: flags 1 when the second token is
#: to be judged, 2 when the first is, 0 when neither
_tables: dict[str, Table] = {}


def pair_table() -> Table:
    """The engine's table of pairs: in C when the scanner is (``GLOSSARY_PURE_PYTHON`` unset)."""
    engine = "c" if _CTable is not None and not pure_python() else "python"
    got = _tables.get(engine)
    if got is None:
        with _lock:
            got = _tables.setdefault(engine, _CTable() if engine == "c" and _CTable is not None else PairTable())
    return got


def _second_trigger(b: str) -> _Trigger:
    core = b if b in candidates() else b.rstrip(CLOSING)  # a word before punctuation: "của bản."
    if core not in candidates():
        return False
    if core != b and kin_at_break(core.lower(), False):
        return True
    return triggered_by(core.lower(), True)  # kin_after, for every class before it


def _first_trigger(a: str) -> _Trigger:
    core = a if a in candidates() else a.lstrip(OPENING)
    return triggered_by(core.lower(), False) if core in candidates() else False  # kin_before


def _facts_of(token: str) -> Facts:
    """What the pair table needs of ``token`` (:data:`Facts`): a watched word is judged
    beside anything, but a contested one only where it triggers as any other word. (Its
    own rule, :func:`~glossary.incontext.spot`, needs a neighbour beside which the
    table saw a kin :data:`~glossary.incontext.CONTESTED_PAIRS` times and never the word:
    that kin triggers it there, having been seen :data:`~glossary.realword.EVIDENCE` times
    and :data:`~glossary.triggers.TRIGGER_RATIO` times as often as the word.)"""
    watch = token in watched() and token not in contested()
    second, first = (True, True) if watch else (_second_trigger(token), _first_trigger(token))
    return second, first, _end_class(token), _start_class(token)


#: a word context almost flags: its best kin and the two words on either side ("" for none)
_Almost = tuple[str, str, str, str, str]
#: ... with the word itself first
_Near = tuple[str, str, str, str, str, str]

#: the facts of the tokens met so far, for the pair table to read (and fill in) in place;
#: emptied, under the lock, once they pass _CACHE tokens
_facts: dict[str, Facts] = {}


def _flagged(flat: list[str], j: int, pool: frozenset[str], watch: frozenset[str],
             near: dict[int, _Near] | None = None, need: Callable[[], float] | None = None,
             ) -> str | None:
    """The word of ``flat[j]`` when context flags it between its neighbours, else None;
    a word context almost flags goes into ``near`` (the word, its best kin, the two
    words on either side). A watched word is judged by :mod:`glossary.incontext` first
    (wherever it stands; a contested one where :func:`_facts_of` says), then as any other. A word
    whose best kin gains less than ``need()`` nats in the general model
    (:func:`~glossary.domain.general_gain`, asked of a text far from software text) is
    not judged at all: whatever context said, it would not be reported."""
    token = flat[j]
    core = token if token in pool else token.strip(OPENING + CLOSING)
    if core not in pool:  # (a watched word is an attested syllable: in the pool as it stands)
        return None
    before = flat[j - 1] if j and token.startswith(core) else ""
    after = flat[j + 1] if token.endswith(core) else ""
    if need is not None and (nats := need()) > 0 and general_gain(
            fold(core), end_word(before), start_word(after)) < nats:
        return None
    if token in watch:
        if watched_spot(before, token, after):  # (its own core: the tokens beside it)
            return token
    ll = flat[j - 2] if before and j > 1 else ""
    rr = flat[j + 2] if after and j + 2 < len(flat) else ""
    slip, almost = _judged_in_run(ll, before, core, after, rr)
    if slip:
        return core
    if almost is not None and near is not None:
        near[j] = (core, *almost)
    return None


@lru_cache(maxsize=_CACHE)
def _judged_in_run(ll: str, before: str, core: str, after: str, rr: str) -> tuple[bool, _Almost | None]:
    """Is ``core`` a slip between the tokens ``before`` and ``after`` (``ll`` and ``rr``
    beyond them): :func:`~glossary.realword.judged`, or, beside a slip, with its neighbours
    read as they most likely mean (:func:`~glossary.adjacent.verdict_beside`)? If not, and
    :func:`~glossary.realword.near_miss` almost flags it: (its best kin, the two words
    before it and the two after)."""
    low = core.lower()
    lw, rw = end_word(before), start_word(after)
    beside_slip = decides(lw, low, rw)
    if not beside_slip and judged(before, low, after):
        return True, None
    lw2, rw2 = end_word(ll) if lw == before else "", start_word(rr) if rw == after else ""  # two words away
    if verdict_beside(lw2, lw, low, rw, rw2) is not None:
        return True, None
    if beside_slip or english_veto(low, lw, rw):
        return False, None
    if lw == before and rw == after and general_kin(low, lw, rw):  # two whole words beside it
        return True, None
    got = near_miss(low, word_class(lw), word_class(rw), slack(lw, rw))
    if not got:
        return False, None
    return False, (got[0], lw2, lw, rw, rw2)


def spots(lines: Sequence[tuple[int, str, list[str]]], table: Table | None = None,
          text: str | None = None, need: Callable[[], float] | None = None) -> list[tuple[int, str]]:
    """(offset, word) of each word that context flags between its neighbours, in ``lines``
    given as (offset, line, the line's tokens split at white space): a token of its own,
    lower case or capitalised, or such a word with punctuation around it (``table``:
    :func:`pair_table` by default). ``text``, the whole text the lines are in, is the
    document whose other lines may support a word (by default, the lines themselves).
    ``need``, asked once a word is to be judged, gives the nats by which general
    Vietnamese must prefer a kin of any word flagged (none when it is not given)."""
    table = table if table is not None else pair_table()
    flat: list[str] = []
    firsts = []
    for _, _, tokens in lines:
        firsts.append(len(flat))
        flat += tokens
        flat.append("")  # no pair across lines
    with _lock:  # the table and the facts are emptied only here, between texts, never while one is read
        if len(table) > _PAIRS_KEPT:
            table.clear()
        marked = table.mark(flat, _facts, _facts_of)
        if len(_facts) > _CACHE:
            _facts.clear()
    pool, watch = candidates(), watched()
    wanted: dict[int, str] = {}
    for j in firsts:  # a line's first word: its left neighbour is a break, which no pair holds
        if j < len(flat) and _at_line_start(flat[j]) and (word := _flagged(flat, j, pool, watch, None, need)):
            wanted[j] = word
    if not (marked or wanted):
        return []
    near: dict[int, _Near] = {}
    for j in marked:
        if j not in wanted and (word := _flagged(flat, j, pool, watch, near, need)):
            wanted[j] = word
    # words context almost flags: flagged when the document writes their kin beside the same
    # words, or general Vietnamese prefers that kin there by far, in pairs or in runs of three
    if near:
        doc = lowered(text if text is not None else "\n".join(line for _, line, _ in lines))
        for j, (word, kin, ll, lw, rw, rr) in near.items():
            if j not in wanted and (supported(doc, lw, low := word.lower(), rw, kin) or general_support(low, lw, rw)
                                    or trigram_support(low, (ll, lw, rw, rr))):
                wanted[j] = word
    out = []
    n, at = -1, 0
    matches: Iterator[re.Match[str]] = iter(())
    for j, word in sorted(wanted.items()):  # a line's tokens read once, in order: not again for each word
        if n < 0 or (n + 1 < len(firsts) and j >= firsts[n + 1]):
            n = bisect.bisect_right(firsts, j) - 1
            at, matches = firsts[n], _TOKEN.finditer(lines[n][1])
        m = next(itertools.islice(matches, j - at, None))
        at = j + 1
        out.append((lines[n][0] + m.start() + m.group().index(word), word))
    return out
