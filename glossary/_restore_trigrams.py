"""The trigram counts :mod:`glossary.restore` reads beside the bigram tables: what the
software translations (``trigrams.bin``, MPL-2.0, built with ``bigrams.bin``) and Tatoeba's
Vietnamese sentences (``tatoeba_trigrams.bin``, CC BY 2.0 FR) wrote after each pair of
tokens, added up with the weights of their bigram counts.

A trigram is interpolated with the bigram below it by absolute discounting::

    P(z | x y) = (max(C(x y z) - D3, 0) + D3 * N(x y ·) * P(z | y)) / C(x y ·)

where ``N(x y ·)`` is how many different tokens follow ``x y``; a pair never seen as the
start of a trigram leaves ``P(z | y)`` as it is. The Viterbi search of
:mod:`glossary._restore_model` reads it along each choice's best path (the token two
back is the one that path chose), which costs no more states than the bigram search.
"""

from __future__ import annotations

import array
import bisect
import math
import struct
import sys

from ._derived import Raw, is_raw, numbers
from .errors import GlossaryError
from .files import read_packed
from .resources import data_path

__all__ = ["D3", "FILES", "Trigrams", "add_up", "read_trigrams", "valid"]

#: the absolute discount of the trigram counts (weighted): 2 scored best on the software
#: held-out split and the shared corpus's held-out lines (1.5 and 4 less well)
D3 = 2.0
#: the trigram files, each with the name of the bigram table whose weight it takes
FILES = (("trigrams.bin", "software"), ("tatoeba_trigrams.bin", "tatoeba"))
_MAGIC = b"GLOSSARY-TRIGRAMS 1\n"


def read_trigrams(path: str) -> tuple[list[str], list[tuple[int, int, int, int]]]:
    """A trigram file's vocabulary and its rows (first, second and third token ids, count)."""
    body = read_packed(path, _MAGIC, "trigram table")
    try:
        v, n, size = struct.unpack_from("<III", body)
        vocab = body[12 : 12 + size].decode("utf-8").split("\n")
        columns = []
        for i in range(4):
            column = array.array("H")
            start = 12 + size + 2 * n * i
            column.frombytes(body[start : start + 2 * n])
            if sys.byteorder == "big":
                column.byteswap()
            columns.append(column)
    except (struct.error, UnicodeDecodeError, ValueError) as e:
        raise GlossaryError(f"{path}: damaged trigram table ({e})") from None
    if len(vocab) != v or any(len(c) != n for c in columns) or any(max(c, default=0) >= v for c in columns[:3]):
        raise GlossaryError(f"{path}: damaged trigram table (its sizes or ids do not fit its vocabulary)")
    return vocab, list(zip(*columns, strict=True))


class Trigrams:
    """The weighted trigram counts over the ``size`` token ids of the restore tables, from
    what :func:`add_up` returns, in sorted arrays (some 300k trigrams in 12 bytes each: a
    dict of them would take ten times that)."""

    def __init__(self, size: int, merged: tuple[Raw, ...]) -> None:
        self.size = size
        keys, counts, pairs, starts, totals = merged
        #: the trigram keys ``(x * size + y) * size + z``, ascending, and their counts
        self.keys, self.counts = numbers(keys, "Q"), numbers(counts)
        self._pairs = numbers(pairs, "Q")
        self._starts, self._totals = numbers(starts), numbers(totals)

    def after(self, x: int, y: int) -> tuple[int, float, int, int, int]:
        """For the token ids x, y: (C(x y ·), D3 * N(x y ·), the range of :attr:`keys` that
        start with x y, and the key of x y z less z); C(x y ·) is 0 for a pair no trigram
        starts with (or an id of -1)."""
        if x < 0 or y < 0:
            return _NONE
        pair = x * self.size + y
        i = bisect.bisect_left(self._pairs, pair)
        if i == len(self._pairs) or self._pairs[i] != pair:
            return _NONE
        lo, hi = self._starts[i], self._starts[i + 1]
        return self._totals[i], D3 * (hi - lo), lo, hi, pair * self.size

    def count(self, x: int, y: int, z: int) -> int:
        """The weighted count of the trigram of token ids x y z (a z of -1 is before every
        key of the range, and so in none)."""
        _, _, lo, hi, base = self.after(x, y)
        i = bisect.bisect_left(self.keys, base + z, lo, hi)
        return self.counts[i] if i < hi and self.keys[i] == base + z else 0

    def logp(self, x: int, y: int, z: int, lp2: float) -> float:
        """log P(z | x y) for the token ids x y z, given ``lp2`` = log P(z | y)."""
        total, spare, _, _, _ = self.after(x, y)
        if not total:
            return lp2
        return math.log((max(self.count(x, y, z) - D3, 0) + spare * math.exp(lp2)) / total)

    def __len__(self) -> int:
        return len(self.keys)


_NONE = (0, 0.0, 0, 0, 0)


def valid(got: object) -> bool:
    """Has ``got`` the shape of what :func:`add_up` returns?"""
    return (type(got) is tuple and len(got) == 5 and all(is_raw(x) for x in got)
            and len(got[0]) % 8 == 0 == len(got[2]) % 8 and all(len(x) % 4 == 0 for x in got[1::2])
            and len(got[0]) == 2 * len(got[1]) and len(got[2]) == 2 * len(got[4]) == 2 * (len(got[3]) - 4))


def add_up(vocab: tuple[str, ...], weights: dict[str, int]) -> tuple[bytes, ...]:
    """The files' counts times the weights of their tables, added up over the token ids of
    ``vocab``, as native arrays: the trigram keys ``(x * V + y) * V + z``, ascending, and
    their counts; the pairs ``x * V + y`` that start a trigram, ascending, the index of each
    one's first trigram (and one past the last), and C(x y ·)."""
    index = {w: i for i, w in enumerate(vocab)}
    size = len(vocab)
    counts: dict[int, int] = {}
    for name, table in FILES:
        weight = weights.get(table, 0)
        if not weight:
            continue
        words, rows = read_trigrams(data_path(name))
        ids = [index.get(w, -1) for w in words]
        for a, b, c, n in rows:
            x, y, z = ids[a], ids[b], ids[c]
            if x >= 0 and y >= 0 and z >= 0:
                k = (x * size + y) * size + z
                counts[k] = counts.get(k, 0) + weight * n
    keys = sorted(counts)
    pairs: list[int] = []
    starts: list[int] = []
    totals: list[int] = []
    for i, k in enumerate(keys):
        if not pairs or k // size != pairs[-1]:
            pairs.append(k // size)
            starts.append(i)
            totals.append(0)
        totals[-1] += counts[k]
    starts.append(len(keys))
    return (array.array("Q", keys).tobytes(), array.array("I", (counts[k] for k in keys)).tobytes(),
            array.array("Q", pairs).tobytes(), array.array("I", starts).tobytes(), array.array("I", totals).tobytes())
