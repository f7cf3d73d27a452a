"""Real-word slips where the software table is silent, seen through general text: the
table never saw the word beside either neighbour, general web text pairs neither with it,
and general text pairs one of its kin with both (``hoặc tụ mình`` for ``hoặc tự mình``).

The bigram table (:mod:`glossary.context`) is counted on software translations: between
two syllables it never saw beside a word, it can say little, and :mod:`glossary.realword`
rightly leaves the word alone. Tesseract's list of the pairs of words seen side by side in
web text (:func:`general_pair`) says which pairs occur at all in general
Vietnamese; where it pairs a kin with both neighbours and the word with neither, and the
table uses that kin :data:`RATIO` times as often as the word, the word is a slip.

It is asked only about words :mod:`glossary.gate` already judges (a neighbour prefers a kin
of the word, or the word is watched) that the other rules leave alone, beside no slip and
no English word (as they are), and only between two syllables.

>>> general_kin("tụ", "hoặc", "mình")[0], general_kin("vời", "giống", "thông")[0]
('tự', 'với')
>>> general_kin("tự", "hoặc", "mình") is None
True
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from ._derived import Raw, is_raw, numbers
from .cache import persisted
from .context import channel_cost, kin, model, token_class
from .files import read_pair_keys, sorted_finder
from .resources import data_path
from .vietnamese import counts

__all__ = ["RATIO", "general_kin", "general_pair"]

#: how many times as often as the word the table must use the kin
RATIO = 20
#: a pair the table saw less than a SHUNNED_SHARE-th of the times its words' counts
#: predict, when they predict SHUNNED_DUE at least, is one the table speaks against
SHUNNED_DUE, SHUNNED_SHARE = 8.0, 4


def _valid_pairs(got: object) -> bool:
    return (type(got) is tuple and len(got) == 2 and type(got[0]) is list and is_raw(got[1])
            and len(got[1]) % 4 == 0)


@persisted("general-pairs", valid=_valid_pairs)
def _read_pairs() -> tuple[list[str], Raw]:
    """``general_bigrams.bin``'s vocabulary and sorted pair keys (native uint32 bytes),
    kept in the cache: inflating the file took a new process about 5 ms."""
    vocab, keys = read_pair_keys(data_path("general_bigrams.bin"))
    return vocab, keys.tobytes()


@cache
def _general_pairs() -> tuple[dict[str, int], int, Callable[[int], int]]:
    vocab, raw = _read_pairs()
    return {w: i for i, w in enumerate(vocab)}, len(vocab), sorted_finder(numbers(raw))


def general_pair(a: str, b: str) -> bool:
    """Are the syllables ``a``, ``b`` (lower case) a pair of words that Tesseract's makers
    saw side by side in web text (``general_bigrams.bin``: compounds such as ``va chạm``
    and ``quanh co`` that the software table may never have seen)?

    >>> general_pair("va", "chạm"), general_pair("đọc", "lai")
    (True, False)
    """
    index, size, find = _general_pairs()
    i, j = index.get(a, -1), index.get(b, -1)
    return i >= 0 <= j and find(i * size + j) >= 0


def _shunned(a: str, b: str) -> bool:
    """Did the table see ``a`` and ``b`` side by side far less often than their own counts
    predict, having seen both often enough to tell (``một cho``: 2 where 18 were due)? Then
    the table speaks against the pair, whatever general text holds."""
    m = model()
    due = m.count(a) * m.count(b) / m.total
    return due >= SHUNNED_DUE and m.pair_count(a, b) * SHUNNED_SHARE < due


@lru_cache(maxsize=1 << 16)
def general_kin(low: str, left: str, right: str) -> tuple[str, ...] | None:
    """The kin of the lower-case syllable ``low`` (best first in context) that general text
    pairs with both neighbouring words ``left`` and ``right`` where it pairs ``low`` with
    neither and the table never saw ``low`` beside either, when the table uses such a kin
    :data:`RATIO` times as often as ``low``; else None."""
    left, right = left.lower(), right.lower()
    known, m = counts(), model()
    if not (left in known and low in known and right in known):
        return None  # between two syllables only (an English neighbour is no syllable)
    if m.pair_count(left, low) or m.pair_count(low, right) or general_pair(left, low) or general_pair(low, right):
        return None
    floor = RATIO * max(m.count(low), 1)
    found = [k for k in kin(low) if m.count(k) >= floor and general_pair(left, k) and general_pair(k, right)
             and not _shunned(left, k) and not _shunned(k, right)]
    if not found:
        return None
    lc, rc = token_class(left), token_class(right)

    def score(k: str) -> float:
        return m.logp(k, lc) + m.logp(rc, k) - channel_cost(low, k)

    best = sorted(found, key=score, reverse=True)
    others = sorted((k for k in kin(low) if k not in found), key=score, reverse=True)
    return (*best, *others)[:5]
