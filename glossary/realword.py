"""Real-word slips: an attested syllable, or an unaccented word, that a kin (the same
letters with other marks, or a dropped ``h`` restored) fits far better between its
neighbours, on bigram evidence the table has seen: ``của bản.`` for ``của bạn``, ``áp
dung`` for ``áp dụng``, ``cập nhất`` for ``cập nhật``.

The word and each kin are scored between their neighbours with cautious bounds
(:meth:`~glossary.context.BigramModel.bounded_logp`): the kin's pair counts are taken
lower and the word's higher by two standard deviations, so that a pair seen twice decides
nothing. The best kin must win by :data:`MARGIN` nats (:data:`ASCII_MARGIN` for an
unaccented word, which also competes with its reading as a foreign word) after its channel
cost, and the table must have seen it :data:`EVIDENCE` times beside a neighbour that is a
syllable (or, for a marked word, an English word). An unaccented word beside an English
one is left alone (``to``, ``the``).

Gate, so that clean text rarely reaches the model: a word is judged only where a
neighbour *triggers* it: the table saw a kin after the word before (or before the word
after) at least :data:`EVIDENCE` times and :data:`TRIGGER_RATIO` times as often as the
word itself. Which pairs of adjacent tokens trigger is learnt once per pair; a text then
costs one lookup per pair (in C when the scanner is), and judgements are cached per
(token before, word, token after).

>>> verdict("dung", "áp", "bộ")[0], verdict("dụng", "áp", "bộ")
('dụng', None)
"""

from __future__ import annotations

import bisect
import itertools
import math
import os
import re
import threading
from collections.abc import Callable, Sequence
from functools import cache, lru_cache

from .context import BREAK, EN, NUM, UNK, channel_cost, english_share, kin, model, token_class, word_after, word_before
from .vietnamese import counts, residue, unaccented

Lookup = Callable[[list[str], dict[str, dict[str, int]]], tuple[list[int], list[int]]]
_c_pairs: Lookup | None
try:
    from ._speedups import pairs as _c_pairs
except ImportError:  # built without a compiler (or an older build): the Python twin serves
    _c_pairs = None

__all__ = ["ASCII_MARGIN", "EVIDENCE", "MARGIN", "TRIGGER_RATIO", "candidates", "pair_lookup", "spots", "verdict"]

#: nats by which the best kin of a marked syllable must win, on the cautious bounds
MARGIN = 5.0
#: ... of an unaccented word (which also competes with its reading as a foreign word)
ASCII_MARGIN = 4.0
#: times the table must have seen the kin beside a neighbour (a syllable, or an English
#: word): as the context module's other rules (va chạm: the table saw "và chạm" 4 times)
EVIDENCE = 5
#: a neighbour triggers a judgement when the table saw a kin beside it this many times as
#: often as the word itself (and EVIDENCE times at least)
TRIGGER_RATIO = 10
#: a word the table uses less than this share of what general text predicts is outside
#: its domain: beside two syllables, its kin must have been seen BOTH_SIDES times beside
#: each, or take PAIR_SHARE of the pairs of one (hỗ trợ, công cụ)
DOMAIN_SHARE, BOTH_SIDES, PAIR_SHARE = 1.0, 2, 0.2
#: log of the share of English words the model leaves for a foreign word in Vietnamese text
LOG_EPSILON = -7.0
_TOKEN = re.compile(r"\S+")
_SPECIAL = frozenset((BREAK, EN, NUM, UNK))
_CACHE = 1 << 18
_OPENING, _CLOSING = "([{\"'“‘«", ")]}\"'”’».,;:!?…"


@cache
def candidates() -> frozenset[str]:
    """The words :func:`spots` may judge: attested syllables and their unaccented forms,
    in lower case and capitalised (at a sentence start)."""
    words = {*counts(), *unaccented()}
    return frozenset(words | {w.capitalize() for w in words})


def _class(word: str) -> str:
    return token_class(word) if word else BREAK


def _good(token: str, ascii_word: bool) -> bool:
    """May ``token`` bear evidence: a syllable, or an English word beside a marked one."""
    return token not in _SPECIAL or (token == EN and not ascii_word)


# -- the gate -------------------------------------------------------------------------
@lru_cache(maxsize=_CACHE)
def _kin_ids(low: str) -> tuple[int, ...]:
    """The table's indices of the kin of ``low`` that it has seen."""
    index = model().index
    return tuple(i for k in kin(low) if (i := index.get(k)) is not None)


@lru_cache(maxsize=_CACHE)
def _kin_after(left: str, low: str) -> bool:
    """Did the table see a kin of ``low`` after the class ``left`` EVIDENCE times, and
    TRIGGER_RATIO times as often as ``low`` itself?"""
    m = model()
    i = m.index.get(left)
    if i is None or not _good(left, low.isascii()):
        return False
    row, pairs = i * len(m.unigrams), m.bigrams
    j = m.index.get(low)
    floor = max(EVIDENCE, TRIGGER_RATIO * (0 if j is None else pairs.get(row + j, 0)))
    return any(pairs.get(row + k, 0) >= floor for k in _kin_ids(low))


@lru_cache(maxsize=_CACHE)
def _kin_before(low: str, right: str) -> bool:
    """The same as :func:`_kin_after`, for a kin of ``low`` before the class ``right``."""
    m = model()
    r = m.index.get(right)
    if r is None or not _good(right, low.isascii()):
        return False
    size, pairs = len(m.unigrams), m.bigrams
    j = m.index.get(low)
    floor = max(EVIDENCE, TRIGGER_RATIO * (0 if j is None else pairs.get(j * size + r, 0)))
    return any(pairs.get(k * size + r, 0) >= floor for k in _kin_ids(low))


_ends: dict[str, str] = {}
_starts: dict[str, str] = {}


def _end_class(token: str) -> str:
    """The class of the word that ``token`` ends with (a break when it ends otherwise)."""
    got = _ends.get(token)
    if got is None:
        got = _class(word_before(token + " ", len(token) + 1))
        if len(_ends) < _CACHE:
            _ends[token] = got
    return got


def _start_class(token: str) -> str:
    """The class of the word that ``token`` starts with (a break when it starts otherwise)."""
    got = _starts.get(token)
    if got is None:
        got = _class(word_after(" " + token, 0))
        if len(_starts) < _CACHE:
            _starts[token] = got
    return got


_lock = threading.Lock()
#: adjacent tokens met so far: first token -> second token -> flags: 1 when the first
#: prefers a kin of the second after it, 2 when the second prefers a kin of the first
#: before it, 0 when neither (emptied when it holds _PAIRS_KEPT pairs)
_table: dict[str, dict[str, int]] = {}
_size = [0]
_PAIRS_KEPT = 1 << 19


def _learn(tokens: Sequence[str], unknown: Sequence[int]) -> list[int]:
    """Note which of the pairs of adjacent tokens at ``unknown`` trigger a judgement;
    return those that do."""
    pool = candidates()
    found = []
    for i in unknown:
        a, b = tokens[i], tokens[i + 1]
        flags = 0
        core = b if b in pool else b.rstrip(_CLOSING)  # a word before punctuation: "của bản."
        if core in pool and _kin_after(_end_class(a), core.lower()):
            flags |= 1
        core = a if a in pool else a.lstrip(_OPENING)
        if core in pool and _kin_before(core.lower(), _start_class(b)):
            flags |= 2
        found.append((a, b, flags))
    with _lock:
        if _size[0] > _PAIRS_KEPT:
            _table.clear()
            _size[0] = 0
        for a, b, flags in found:
            _table.setdefault(a, {})[b] = flags
        _size[0] += len(found)
    return [i for i, (_, _, flags) in zip(unknown, found, strict=True) if flags]


def _pairs_py(tokens: list[str], table: dict[str, dict[str, int]]) -> tuple[list[int], list[int]]:
    """The pure-Python twin of ``_speedups.pairs``: the indices of the adjacent pairs of
    ``tokens`` (none with an empty token) whose flags in ``table`` are true, and of those
    it lacks."""
    hits, unknown = [], []
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if not (a and b):
            continue
        after = table.get(a)
        flags = None if after is None else after.get(b)
        if flags is None:
            unknown.append(i)
        elif flags:
            hits.append(i)
    return hits, unknown


def pair_lookup() -> Lookup:
    """The engine's pair lookup: in C when the scanner is (``GLOSSARY_PURE_PYTHON`` unset)."""
    if _c_pairs is not None and not os.environ.get("GLOSSARY_PURE_PYTHON"):
        return _c_pairs
    return _pairs_py


def spots(lines: Sequence[tuple[int, str, list[str]]], lookup: Lookup = _pairs_py) -> list[tuple[int, str]]:
    """(offset, word) of each word that :func:`verdict` flags between its neighbours, in
    ``lines`` given as (offset, line, the line's tokens split at white space): a token of
    its own, lower case or capitalised, or such a word with punctuation around it. Most
    text costs one lookup per pair of adjacent tokens, all lines at once (``lookup``:
    :func:`pair_lookup`).

    >>> line = "Bạn có thể áp dung bộ lọc"
    >>> spots([(0, line, line.split())])
    [(14, 'dung')]
    """
    flat: list[str] = []
    firsts = []
    for _, _, tokens in lines:
        firsts.append(len(flat))
        flat += tokens
        flat.append("")  # no pair across lines
    hits, unknown = lookup(flat, _table)
    if unknown:
        hits = sorted(hits + _learn(flat, unknown))
    if not hits:
        return []
    pool = candidates()
    wanted: dict[int, str] = {}
    for i in hits:
        flags = _table.get(flat[i], {}).get(flat[i + 1], 0)
        for j, bit in ((i + 1, 1), (i, 2)):
            if flags & bit and j not in wanted:
                token = flat[j]
                core = token if token in pool else token.strip(_OPENING + _CLOSING)
                before = flat[j - 1] if j and token.startswith(core) else ""
                after = flat[j + 1] if token.endswith(core) else ""
                if _judged(before, core.lower(), after):
                    wanted[j] = core
    out = []
    for j, core in sorted(wanted.items()):
        n = bisect.bisect_right(firsts, j) - 1
        offset, line, _ = lines[n]
        m = next(itertools.islice(_TOKEN.finditer(line), j - firsts[n], None))
        out.append((offset + m.start() + m.group().index(core), core))
    return out


# -- the judgement ---------------------------------------------------------------------
@lru_cache(maxsize=_CACHE)
def _judged(before: str, low: str, after: str) -> bool:
    """Does :func:`verdict` flag ``low`` between the tokens ``before`` and ``after``?"""
    left_word = word_before(before + " ", len(before) + 1)
    right_word = word_after(" " + after, 0)
    if low.isascii() and any(w and token_class(w) == EN and residue(w) is None for w in (left_word, right_word)):
        return False
    return verdict(low, _class(left_word), _class(right_word)) is not None


def _outside_domain(low: str, best: str, left: str, right: str) -> bool:
    """Is ``low`` a word the table barely knows (used less than :data:`DOMAIN_SHARE` of what
    general text predicts: ``tình``, ``chúc``, ``tội`` in news), beside two syllables, with
    its kin ``best`` neither seen :data:`BOTH_SIDES` times beside each nor making a strong
    pair (:data:`PAIR_SHARE`) with one? The table's silence about such a word's neighbours
    says nothing (tóm tắt tình hình, di chúc của, của tội phạm)."""
    m = model()
    if left in _SPECIAL or right in _SPECIAL or m.count(low) >= DOMAIN_SHARE * m.general_count(low):
        return False
    if min(m.pair_count(left, best), m.pair_count(best, right)) >= BOTH_SIDES:
        return False
    return max(m.after_share(left, best), m.before_share(best, right)) < PAIR_SHARE


def _cautious(left: str, word: str, right: str, upper: bool) -> float:
    m = model()
    return m.bounded_logp(word, left, upper) + m.bounded_logp(right, word, upper)


@lru_cache(maxsize=_CACHE)
def verdict(low: str, left: str, right: str) -> tuple[str, ...] | None:
    """Suggestions (best first) when the lower-case word ``low`` between the classes
    ``left`` and ``right`` is a slip of a kin, on cautious bigram evidence; else None."""
    ascii_word = low.isascii()
    sides = [i for i, t in enumerate((left, right)) if _good(t, ascii_word)]
    kins = kin(low)
    if not (sides and kins):
        return None
    m = model()
    keep = _cautious(left, low, right, True) if (low in counts() or low in m.index) else -math.inf
    if ascii_word:
        share = english_share(low)
        foreign = (m.bounded_logp(EN, left, True) + m.bounded_logp(right, EN, True)
                   + math.log(max(share, 1e-9)) - LOG_EPSILON)
        keep = max(keep, foreign)
    ranked = sorted(((_cautious(left, k, right, False) - channel_cost(low, k), k) for k in kins), reverse=True)
    best_score, best = ranked[0]
    if best_score - keep <= (ASCII_MARGIN if ascii_word else MARGIN):
        return None
    seen = [m.pair_count(left, best) if i == 0 else m.pair_count(best, right) for i in sides]
    if max(seen) < EVIDENCE:
        return None
    if _outside_domain(low, best, left, right):
        return None
    return tuple(k for _, k in ranked[:5])
