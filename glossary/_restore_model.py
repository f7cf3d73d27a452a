"""The numbers behind :mod:`glossary.restore`: the syllable bigram model of
:mod:`glossary.context` smoothed for restoring (interpolated Kneser-Ney), with the trigram
counts of :mod:`glossary._restore_trigrams` over it, the Viterbi search over a run of words,
and how sure the bigram model is of each choice."""

from __future__ import annotations

import array
import bisect
import functools
import math
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ._derived import Raw, is_raw, numbers
from ._restore_trigrams import D3, Trigrams, add_up
from ._restore_trigrams import valid as _valid_trigrams
from .cache import persisted
from .context import BREAK, SPECIAL, model, read_counts
from .files import sorted_finder
from .resources import data_path, speedup
from .vietnamese import counts

if TYPE_CHECKING:
    from ._speedups import Smoothed

    Numbers = array.array[int] | memoryview[int]

__all__ = ["MIX", "NO_EVIDENCE", "SOFTWARE_WEIGHT", "TATOEBA_WEIGHT", "D", "Option", "Tables", "Word", "confidences",
           "decode", "seen", "tables"]

#: the absolute discount of the Kneser-Ney smoothing
D = 0.75
#: share of the software table's own unigram in Pu (the rest: the general syllable counts)
MIX = 0.5
#: weight of the software table's counts against the general pairs (each seen once): with
#: the Tesseract pairs alone, 2 was the lightest that kept 97% of syllables right on the
#: software held-out split; with the Tatoeba counts, 2 and 3 score alike on the development
#: texts (software held-out split, shared corpus held-out lines, Debian guide: within 0.03
#: points) and 3 keeps line-initial ``cam on`` as ``cảm ơn`` (2 gives ``cám ơn``)
SOFTWARE_WEIGHT = 3
#: weight of the Tatoeba sentences' counts (``tatoeba_bigrams.bin``) against the general
#: pairs: 1 scored best on the Debian guide and kept the in-domain texts within 0.1 point
#: of the model without them; heavier weights gain on the Tatoeba held-out split and lose
#: on every other development text (``benchmarks/RESTORE.md``)
TATOEBA_WEIGHT = 1
#: the tables added to the software table's counts, with their weights
_EXTRA = (("general_bigrams.bin", 1), ("tatoeba_bigrams.bin", TATOEBA_WEIGHT))
#: the most confidence a choice with no bigram evidence gets (tuned on the held-out split
#: and the Debian guide: below the precise setting and below what shorthand needs)
NO_EVIDENCE = 0.8


class Option(NamedTuple):
    first: str  #: the class seen from the left
    last: str  #: the class seen from the right
    score: float  #: emission score (and the bigrams inside a multi-word sense)
    out: str | None  #: what the word becomes (None: as written)


class Word(NamedTuple):
    start: int
    end: int
    text: str
    options: tuple[Option, ...]  # one option and out None: kept as written
    shorthand: bool = False  #: ambiguous chat shorthand, reported when left


class Tables:
    """The bigram counts restoring reads: the software-text table of :mod:`glossary.context`,
    the general-domain pairs (``general_bigrams.bin``: the pairs of words Tesseract's
    data saw in web text, once each) and the counts of Tatoeba's Vietnamese sentences
    (``tatoeba_bigrams.bin``), added up with their weights; smoothed by interpolated
    Kneser-Ney (absolute discount :data:`D`, a continuation unigram mixed with the general
    syllable counts), which weighs what the tables saw after a syllable against how many
    different syllables follow it. Per-class numbers are cached."""

    def __init__(self) -> None:
        vocab, keys, values, left, kinds, cont = _merged()
        self.index = {w: i for i, w in enumerate(vocab)}
        self.size = len(vocab)
        self._keys, self._counts = numbers(keys), numbers(values)  # the keys sorted
        self._find = sorted_finder(self._keys)
        # tuples: read as fast as lists, and of ints only, so the cyclic collector stops walking them
        self._left, self._kinds, self._cont = (tuple(numbers(x)) for x in (left, kinds, cont))
        self._types = len(self._keys) or 1
        special = sum(self._cont[self.index[c]] for c in SPECIAL if c in self.index)
        self._share = 1 - special / self._types
        self._syllables = (self._types - special) or 1
        self._general = sum(counts().values()) or 1
        self._info: dict[str, tuple[int, float, float, float, float]] = {}
        self._smoothed = _smoothed(self._keys, self._counts, numbers(kinds))

    @functools.cached_property
    def bigrams(self) -> dict[int, int]:
        """Each pair's count by its key, made on first use: restoring reads it in its hot
        loop, where a caller asking about a few pairs (:mod:`glossary.domain`) bisects the
        sorted keys instead, and is spared building it (about 40 ms)."""
        return dict(zip(self._keys, self._counts, strict=True))

    @functools.cached_property
    def trigrams(self) -> Trigrams:
        """The trigram counts, read on first use."""
        return Trigrams(self.size, _merged_trigrams())

    def _pair(self, key: int) -> int:
        """The count of the pair ``key``: from :attr:`bigrams` once it is made, else by bisection."""
        made: dict[int, int] | None = self.__dict__.get("bigrams")
        if made is not None:
            return made.get(key, 0)
        i = self._find(key)
        return self._counts[i] if i >= 0 else 0

    def unigram_p(self, token: str) -> float:
        """The lower order: continuation share, for a syllable mixed (:data:`MIX`) with its
        share of the general syllable counts."""
        i = self.index.get(token, -1)
        own = self._cont[i] if i >= 0 else 0
        if token in SPECIAL:
            return max(own / self._types, 1e-8)
        general = counts().get(token, 0) / self._general
        return max(self._share * (MIX * own / self._syllables + (1 - MIX) * general), 1e-8)

    def info(self, token: str) -> tuple[int, float, float, float, float]:
        """(id or -1, Pu, log Pu, log of the back-off weight after it, log C(token ·))."""
        got = self._info.get(token)
        if got is None:
            i = self.index.get(token, -1)
            pu = self.unigram_p(token)
            seen = self._left[i] if i >= 0 else 0
            if seen:
                lam, lseen = math.log(D * self._kinds[i]) - math.log(seen), math.log(seen)
            else:
                lam = lseen = 0.0
            got = (i, pu, math.log(pu), lam, lseen)
            self._info[token] = got
        return got

    def kinds(self, i: int) -> int:
        """How many distinct tokens follow token ``i`` in the table (0 for -1)."""
        return self._kinds[i] if i >= 0 else 0

    def trans_ids(self, il: int, lam: float, lseen: float, kinds: int) -> float:
        """log P(<s> | left), the left given by its cached numbers."""
        ix, pu, lpu, _, _ = self.info(BREAK)
        c = self._pair(il * self.size + ix) if il >= 0 and ix >= 0 else None
        return math.log(c - D + D * kinds * pu) - lseen if c else lam + lpu

    def trans(self, left: str, token: str) -> float:
        """log P(token | left)."""
        il, _, _, lam, lseen = self.info(left)
        ix, pu, lpu, _, _ = self.info(token)
        if il >= 0 and ix >= 0:
            c = self._pair(il * self.size + ix)
            if c:
                return math.log(c - D + D * self._kinds[il] * pu) - lseen
        return lam + lpu

    def between(self, left: str, words: Sequence[str], right: str) -> list[float]:
        """``trans(left, w) + trans(w, right)`` for each of ``words``, to the last bit, the
        neighbours' numbers read once (a word's kin weighed between them): in C
        (``_speedups.Smoothed``) unless ``GLOSSARY_PURE_PYTHON`` is set or the extension
        is not built, where :meth:`between_python` gives the same doubles.

        >>> t = tables()
        >>> t.between("chó", ["của"], "nhà") == [t.trans("chó", "của") + t.trans("của", "nhà")]
        True
        """
        if self._smoothed is None:
            return self.between_python(left, words, right)
        return self._smoothed.between(self.info(left), self.info(right), words, self._info, self.info)

    def between_python(self, left: str, words: Sequence[str], right: str) -> list[float]:
        """:meth:`between` in Python."""
        il, _, _, lam_l, lseen_l = self.info(left)
        ir, pu_r, lpu_r, _, _ = self.info(right)
        kinds, size, info, pair = self._kinds, self.size, self.info, self._pair
        kinds_l = kinds[il] if il >= 0 else 0
        out = []
        for w in words:
            iw, pu, lpu, lam, lseen = info(w)
            after = pair(il * size + iw) if il >= 0 <= iw else 0
            before = pair(iw * size + ir) if iw >= 0 <= ir else 0
            out.append((math.log(after - D + D * kinds_l * pu) - lseen_l if after else lam_l + lpu)
                       + (math.log(before - D + D * kinds[iw] * pu_r) - lseen if before else lam + lpu_r))
        return out


def _smoothed(keys: Numbers, values: Numbers, kinds: Numbers) -> Smoothed | None:
    """The C twin of :meth:`Tables.between` over these arrays, unless ``GLOSSARY_PURE_PYTHON``
    is set or the extension is not built (or is an older build)."""
    c_smoothed = speedup("Smoothed")
    return None if c_smoothed is None else c_smoothed(keys, values, kinds, D)


def _valid_merged(got: object) -> bool:
    return (type(got) is tuple and len(got) == 6 and type(got[0]) is tuple
            and all(is_raw(x) and len(x) % 4 == 0 for x in got[1:])
            and len(got[1]) == len(got[2]) and len(got[3]) == len(got[4]) == len(got[5]) == 4 * len(got[0]))


@persisted("restore-tables", valid=_valid_merged)
def _merged() -> tuple[tuple[str, ...], Raw, Raw, Raw, Raw, Raw]:
    """The software table (its counts times :data:`SOFTWARE_WEIGHT`), the general pairs and
    the Tatoeba counts (times :data:`TATOEBA_WEIGHT`) added up, as (vocabulary, bigram keys
    ``left * V + right`` in order, their counts, C(l ·), the distinct tokens after l, the
    distinct tokens before x), the numbers as native uint32 bytes: kept in the cache, as
    adding up some 220k pairs in Python takes a few tenths of a second."""
    m = model()
    extra = [(read_counts(data_path(name)), weight) for name, weight in _EXTRA]
    index = dict(m.index)
    for (vocab, _, _), _ in extra:
        for w in vocab:
            index.setdefault(w, len(index))
    size, old = len(index), len(m.unigrams)
    bigrams = {(k // old) * size + k % old: SOFTWARE_WEIGHT * n for k, n in m.bigrams.items()}
    for (vocab, _, counted), weight in extra:
        ids, v = [index[w] for w in vocab], len(vocab)
        for k, n in counted.items():
            key = ids[k // v] * size + ids[k % v]
            bigrams[key] = bigrams.get(key, 0) + weight * n
    left = [0] * size  # C(l ·)
    kinds = [0] * size  # distinct syllables after l
    cont = [0] * size  # distinct syllables before x
    for key, n in bigrams.items():
        left[key // size] += n
        kinds[key // size] += 1
        cont[key % size] += 1

    def raw(xs: Iterable[int]) -> bytes:
        return array.array("I", xs).tobytes()

    pairs = sorted(bigrams.items())  # sorted by key: a few lookups bisect them
    return tuple(index), raw(k for k, _ in pairs), raw(n for _, n in pairs), raw(left), raw(kinds), raw(cont)


@persisted("restore-trigrams", valid=_valid_trigrams)
def _merged_trigrams() -> tuple[Raw, ...]:
    """The trigram counts over the vocabulary of :func:`_merged`, with the same weights
    (kept in the cache: adding up some 300k trigrams takes a few tenths of a second)."""
    return add_up(_merged()[0], {"software": SOFTWARE_WEIGHT, "tatoeba": TATOEBA_WEIGHT})


_lock = threading.Lock()
_tables: list[Tables] = []


def tables() -> Tables:
    if not _tables:
        with _lock:
            if not _tables:
                _tables.append(Tables())
    return _tables[0]


def decode(words: list[Word], t: Tables) -> list[int]:
    """The Viterbi path: the index of the chosen option of each word. Each choice is scored
    by the trigram model (:mod:`glossary._restore_trigrams`) with the token two back that its
    best path chose (:meth:`Tables.trans` inlined: this loop is where restoring spends its
    time)."""
    big, size, log, exp, tri = t.bigrams, t.size, math.log, math.exp, t.trigrams
    keys, counts, bisect_left = tri.keys, tri.counts, bisect.bisect_left
    i0, _, _, lam0, lseen0 = t.info(BREAK)
    # a state: the id of its last token, that token's back-off numbers, the score, and the
    # id of the token before it on its best path (-1: none)
    prev: list[tuple[int, float, float, int, float, int]] = [(i0, lam0, lseen0, t.kinds(i0), 0.0, -1)]
    back: list[list[int]] = []
    for w in words:
        cur: list[tuple[int, float, float, int, float, int]] = []
        ptr: list[int] = []
        # per state: C(h il ·), D3 * N(h il ·), where the keys of h il · are, C(il ·), the back-off weight
        ahead = [(*got, exp(lseen), exp(lam)) if (got := tri.after(h, il))[0] else _UNSEEN
                 for il, lam, lseen, _, _, h in prev]
        for first, last, em, _ in w.options:
            ix, pu, lpu, _, _ = t.info(first)
            best, arg = -math.inf, 0
            for j, (il, lam, lseen, kinds, score, _) in enumerate(prev):
                c = big.get(il * size + ix) if il >= 0 and ix >= 0 else None
                total, spare, lo, hi, base, seen, weight = ahead[j]
                if total:  # the trigram, over the bigram
                    k = base + ix
                    i = bisect_left(keys, k, lo, hi)
                    c3 = counts[i] if i < hi and keys[i] == k else 0  # an ix of -1 is in no range
                    p2 = (c - D + D * kinds * pu) / seen if c else weight * pu
                    s = score + log((max(c3 - D3, 0) + spare * p2) / total)
                else:
                    s = score + (log(c - D + D * kinds * pu) - lseen if c else lam + lpu)
                if s > best:
                    best, arg = s, j
            il, _, _, lam, lseen = t.info(last)
            # the token before the last: the first of a two-token option, else the one before
            before = prev[arg][0] if first == last else ix
            cur.append((il, lam, lseen, t.kinds(il), best + em, before))
            ptr.append(arg)
        back.append(ptr)
        prev = cur
    end = [score + _closing(t, il, lam, lseen, kinds, h) for il, lam, lseen, kinds, score, h in prev]
    path = [max(range(len(end)), key=end.__getitem__)]
    for ptr in reversed(back[1:]):
        path.append(ptr[path[-1]])
    path.reverse()
    return path


def _closing(t: Tables, il: int, lam: float, lseen: float, kinds: int, h: int) -> float:
    """log P(<s> | h, il): the break after a run, by the trigram model."""
    return t.trigrams.logp(h, il, t.info(BREAK)[0], t.trans_ids(il, lam, lseen, kinds))


#: a state no trigram starts from: (C(h il ·) = 0, and what :func:`decode` then leaves unread)
_UNSEEN = (0, 0.0, 0, 0, 0, 1.0, 1.0)


def seen(t: Tables, left: str, token: str) -> bool:
    """Did the table see ``token`` right after ``left``?"""
    il, ix = t.index.get(left, -1), t.index.get(token, -1)
    return il >= 0 and ix >= 0 and il * t.size + ix in t.bigrams


def confidences(words: list[Word], path: list[int], t: Tables) -> list[float]:
    """How sure the bigram model is of each word's choice on ``path``: its posterior
    probability over every reading of the whole run (forward-backward; a choice the trigrams
    made against the bigrams' judgement comes out doubtful), so that a choice that holds
    only beside a neighbour's doubtful choice (``đống gọi`` for ``đóng gói``) is as doubtful
    as that neighbour. A choice with no bigram evidence, one whose bigrams with the words
    beside it (a line break is no word) were never seen, rests on the unigram alone: its
    confidence is capped at :data:`NO_EVIDENCE` (below the precise setting)."""
    n = len(words)
    prev_last = [BREAK]
    fwd = [0.0]
    steps: list[list[list[float]]] = []  # steps[i][k][j]: log P(option k of word i | option j of word i - 1)
    alphas: list[list[float]] = []
    for w in words:
        step = [[t.trans(last, o.first) for last in prev_last] for o in w.options]
        cur = [o.score + _logsumexp([a + b for a, b in zip(fwd, row, strict=True)])
               for o, row in zip(w.options, step, strict=True)]
        steps.append(step)
        alphas.append(cur)
        fwd, prev_last = cur, [o.last for o in w.options]
    back = [t.trans(last, BREAK) for last in prev_last]
    total = _logsumexp([a + b for a, b in zip(fwd, back, strict=True)])
    out = [0.0] * n
    for i in range(n - 1, -1, -1):
        w, k = words[i], path[i]
        out[i] = math.exp(alphas[i][k] + back[k] - total)
        if len(w.options) > 1 and not _evidence(words, path, i, t):
            out[i] = min(out[i], NO_EVIDENCE)
        if i:
            nxt = [o.score + b for o, b in zip(w.options, back, strict=True)]
            back = [_logsumexp([row[j] + x for row, x in zip(steps[i], nxt, strict=True)])
                    for j in range(len(words[i - 1].options))]
    return out


def _evidence(words: list[Word], path: list[int], i: int, t: Tables) -> bool:
    """Has the table seen word ``i``'s choice next to a word beside it (its choice)?"""
    o = words[i].options[path[i]]
    if i and seen(t, words[i - 1].options[path[i - 1]].last, o.first):
        return True
    return i + 1 < len(words) and seen(t, o.last, words[i + 1].options[path[i + 1]].first)


def _logsumexp(xs: list[float]) -> float:
    top = max(xs)
    if top == -math.inf:
        return top
    return top + math.log(sum(math.exp(x - top) for x in xs))
