"""Slips beside slips: a word judged with its neighbours read as what they most likely
mean, when a neighbour is itself a slip (``chỉ đước dung để``, ``một sộ chững chỉ``,
``Dư liẹu``).

:mod:`glossary.realword` judges a word between its neighbours as typed; when a neighbour
slipped too, the word's context is corrupted and the judgement fails (or, beside a
non-word, flags a word that is right: ``tài liẹu``). Here each neighbour may be read as
itself, or as a kin (the same letters with other marks, a dropped ``h`` restored) at its
channel cost plus :data:`PRIOR` nats (a non-word, or an unaccented word no English text
uses, pays no prior: it is surely a slip). Each reading of the word then takes, on each
side, the neighbour reading that fits it best together with the word beyond
(a small Viterbi over five words, separable on the two sides), and the judgement is
:mod:`glossary.realword`'s on those readings: the same cautious bounds, margins and
evidence. Only a verdict that needs a neighbour read otherwise is given:
the rest is :func:`~glossary.realword.verdict`'s.

>>> verdict_beside("có", "thể", "tay", "thễ", "ký")[0]
'thay'
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

from .context import BREAK, EN, UNK, channel_cost, english_count, english_share, kin, model, token_class, word_class
from .realword import ASCII_MARGIN, EVIDENCE, LOG_EPSILON, MARGIN, good_side
from .vietnamese import candidates, counts

__all__ = ["PRIOR", "decides", "readings", "verdict_beside"]

#: nats a neighbour that is an attested syllable (or an English word) pays to be read as its kin
PRIOR = 5.0
#: an attested neighbour is read as a kin the table uses this many times as often
FREQUENT = 10
#: kin of an attested neighbour considered (the most frequent in the table first)
_NEIGHBOUR_KIN = 3
#: readings of a non-word neighbour considered
_POOL = 4
_CACHE = 1 << 16
Reading = tuple[str, float]


def _low(word: str) -> str:
    return unicodedata.normalize("NFC", word).lower()


@lru_cache(maxsize=_CACHE)
def readings(word: str) -> tuple[Reading, ...]:
    """(class, cost in nats) of each reading of a neighbour ``word`` (any case; "" for a
    break): itself at no cost first, then its kin or, for a non-word, its candidates.

    >>> readings("liẹu")[1]
    ('liệu', 1.0)
    """
    if not word:
        return ((BREAK, 0.0),)
    low = _low(word)
    own = token_class(word)
    out = [(own, 0.0)]
    m = model()
    if own == UNK:  # a marked non-word: surely a slip
        pool = [c for c in candidates(low, limit=_POOL) if " " not in c]
        out += [(c, channel_cost(low, c)) for c in pool]
    elif own == EN or own.isascii() or own in counts() or own in m.index:
        prior = 0.0 if own == EN and not english_count(low) else PRIOR
        kins = kin(low) if own == EN else [k for k in kin(low) if m.count(k) >= FREQUENT * max(m.count(own), 1)]
        out += [(k, channel_cost(low, k) + prior) for k in kins[:_NEIGHBOUR_KIN]]
    return tuple(dict.fromkeys(out))


def _around(low: str, lw: str, rw: str) -> tuple[tuple[Reading, ...], tuple[Reading, ...]]:
    """The readings of the neighbours of ``low``; an unaccented word's unaccented
    neighbours are read as typed (a run of unaccented words is written so on purpose:
    ``tai xuong``)."""
    lo, ro = readings(lw), readings(rw)
    if low.isascii():
        lo, ro = (r[:1] if w.isascii() else r for r, w in ((lo, lw), (ro, rw)))
    return lo, ro


def decides(lw: str, low: str, rw: str) -> bool:
    """Is a neighbour of ``low`` surely a slip (a non-word, or an unaccented word no
    English text uses, with readings), so that :func:`verdict_beside` judges it instead of
    :mod:`glossary.realword`?"""
    return any(len(r) > 1 and r[1][1] < PRIOR for r in _around(low, lw, rw))


def _side(word: str, outer: str, options: tuple[Reading, ...], upper: bool, left: bool) -> tuple[float, str]:
    """The best reading of a neighbour for ``word`` (cautious pair bound) with the word
    beyond it (plain), less its cost: (score, class)."""
    m = model()
    best = (-math.inf, BREAK)
    for c, cost in options:
        if left:
            s = m.logp(c, outer) + m.bounded_logp(word, c, upper) - cost
        else:
            s = m.bounded_logp(c, word, upper) + m.logp(outer, c) - cost
        best = max(best, (s, c))
    return best


def _paired(lo: tuple[Reading, ...], ro: tuple[Reading, ...], kins: list[str]) -> bool:
    """Did the table see a kin beside a neighbour read otherwise, :data:`EVIDENCE` times?"""
    m = model()
    return any(m.pair_count(c, k) >= EVIDENCE for c, _ in lo[1:] for k in kins) or any(
        m.pair_count(k, c) >= EVIDENCE for c, _ in ro[1:] for k in kins)


@lru_cache(maxsize=_CACHE)
def verdict_beside(ll: str, lw: str, low: str, rw: str, rr: str) -> tuple[str, ...] | None:
    """Suggestions when the lower-case word ``low`` is a slip once its neighbours ``lw``
    and ``rw`` are read as they most likely mean (``ll``, ``rr``: the words beyond them,
    "" for a break); None when it is not, or (unless :func:`decides`) when its
    neighbours as typed decide."""
    lo, ro = _around(low, lw, rw)
    if len(lo) == 1 and len(ro) == 1:
        return None
    ascii_word = low.isascii()
    m = model()
    kins = [k for k in kin(low) if m.count(k) >= EVIDENCE]  # a kin seen less cannot have the evidence
    if not kins:
        return None
    if not decides(lw, low, rw) and not _paired(lo, ro, kins):
        return None  # no kin pairs with a neighbour read otherwise: the neighbours as typed decide
    llc, rrc = word_class(ll), word_class(rr)
    scored = []
    for k in kins:
        ls, lc = _side(k, llc, lo, False, True)
        rs, rc = _side(k, rrc, ro, False, False)
        scored.append((ls + rs - channel_cost(low, k), k, lc, rc))
    best_score, best, lc, rc = max(scored)
    if lc == lo[0][0] and rc == ro[0][0] and not decides(lw, low, rw):
        return None  # the neighbours as typed: realword's judgement stands
    sides = [i for i, t in enumerate((lc, rc)) if good_side(t, ascii_word)]
    if not any((m.pair_count(lc, best) if i == 0 else m.pair_count(best, rc)) >= EVIDENCE for i in sides):
        return None
    keep = -math.inf
    if low in counts() or low in m.index:
        keep = _side(low, llc, lo, True, True)[0] + _side(low, rrc, ro, True, False)[0]
    if ascii_word:
        if EN in (lc, rc):
            return None  # beside an English word
        foreign = (_side(EN, llc, lo, True, True)[0] + _side(EN, rrc, ro, True, False)[0]
                   + math.log(max(english_share(low), 1e-9)) - LOG_EPSILON)
        keep = max(keep, foreign)
    if best_score - keep <= (ASCII_MARGIN if ascii_word else MARGIN):
        return None
    others = sorted(((s, k) for s, k, _, _ in scored if k != best), reverse=True)
    return (best, *(k for _, k in others[:4]))
