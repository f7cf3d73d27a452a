"""A Vietnamese syllable bigram model: how likely a syllable is after another, and what a
typed word may have been meant as in its context.

The counts (``data/bigrams.bin``, MPL-2.0, built by ``scripts/build_bigrams.py`` from the
Vietnamese translations of LibreOffice, Firefox, Thunderbird, Chromium and a few Python
projects) are read on first use, once, by whichever thread gets there first.

Tokens are classes: a syllable (lower case, NFC), ``<num>`` for digits, ``<en>`` for any
other ASCII word, ``<unk>`` for any other word, and ``<s>`` for a break (a line start, an
end, or punctuation between two words). The bigram is interpolated with the unigram::

    P(x | l) = (C(l x) + K * Pu(x)) / (C(l) + K)

where ``Pu`` mixes the table's unigram with the syllable counts of ``syllable_counts.tsv``
(news and general text), so a syllable the software translations never use still has a
probability. A candidate ``x`` between ``l`` and ``r`` scores
``log P(x | l) + log P(r | x) - channel_cost(typed, x)`` (natural logarithms).

>>> m = model()
>>> m.logp("tin", "tập") > m.logp("tín", "tập")
True
>>> token_class("Tập"), token_class("PDF"), token_class("2024"), token_class("naïve")
('tập', '<en>', '<num>', '<unk>')
"""

from __future__ import annotations

import math
import threading
import unicodedata
from array import array
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ._derived import Raw, is_raw
from .cache import persisted
from .channel import channel_cost, restored_h, tone_key
from .english import english_count, english_share
from .files import count_map, read_counts
from .resources import data_path
from .text import BLANKS, is_word_char
from .vietnamese import by_letters, counts, strip_marks, unaccented
from .wordtables import StringsTable, readable

if TYPE_CHECKING:
    from .files import Counts

__all__ = [
    "BOUND",
    "BREAK",
    "EN",
    "NUM",
    "SPECIAL",
    "UNK",
    "BigramModel",
    "K",
    "channel_cost",
    "english_count",
    "english_share",
    "kin",
    "model",
    "neighbours",
    "read_counts",
    "restored_h",
    "siblings",
    "token_class",
    "word_after",
    "word_before",
    "word_class",
]

BREAK, EN, NUM, UNK = "<s>", "<en>", "<num>", "<unk>"
#: weight of the unigram in the interpolated bigram
K = 3.0
#: standard deviations (square roots of a count) by which :meth:`BigramModel.bounded_logp` moves a pair's count
BOUND = 2.0
#: the classes that are no syllable: a break, an English word, a number, an unknown word
SPECIAL = frozenset((BREAK, EN, NUM, UNK))
#: share of the table's own unigram in Pu (the rest from syllable_counts.tsv)
_MIX = 0.5
_FLOOR = 1e-8


class BigramModel:
    """Unigram and bigram counts of syllable classes, with interpolated log-probabilities."""

    def __init__(self, vocab: list[str], unigrams: list[int], bigrams: Counts,
                 margins: Margins | None = None) -> None:
        self.index = {w: i for i, w in enumerate(vocab)}
        # (tuples: read as fast as lists, and of ints only, so the cyclic collector stops
        # walking them once it has seen them)
        self.unigrams = tuple(unigrams)
        self.bigrams = bigrams
        self.total = sum(unigrams) or 1
        # how often each token has a right neighbour, how many distinct tokens follow it,
        # how often it has a left neighbour
        left, types, right = margins or _margins(len(unigrams), bigrams)
        self._left, self._types, self._right = tuple(left), tuple(types), tuple(right)
        special = sum(self.count(t) for t in SPECIAL)
        self._special_share = special / self.total
        self._syllable_total = (self.total - special) or 1
        general = counts()
        self._general = general
        self._general_total = sum(general.values()) or 1
        self._pu: dict[str, float] = {}  # unigram_p of the syllables asked about so far

    def count(self, token: str) -> int:
        """How often the table saw ``token`` (a class from :func:`token_class`)."""
        i = self.index.get(token)
        return 0 if i is None else self.unigrams[i]

    def pair_count(self, left: str, token: str) -> int:
        """How often the table saw ``left`` followed by ``token``."""
        i, j = self.index.get(left), self.index.get(token)
        if i is None or j is None:
            return 0
        return self.bigrams.get(i * len(self.unigrams) + j, 0)

    @property
    def margins(self) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """Per token index: the count of the pairs it begins, how many distinct tokens
        follow it, and the count of the pairs it ends."""
        return self._left, self._types, self._right

    def general_count(self, token: str) -> float:
        """How often the table would have seen the syllable ``token`` if its text were
        like the general text of ``syllable_counts.tsv``."""
        return self._general.get(token, 0) * self._syllable_total / self._general_total

    def after_share(self, left: str, token: str) -> float:
        """The share of the pairs that begin with ``left`` that go on with ``token``."""
        i = self.index.get(left)
        return self.pair_count(left, token) / self._left[i] if i is not None and self._left[i] else 0.0

    def before_share(self, token: str, right: str) -> float:
        """The share of the pairs that end with ``right`` that begin with ``token``."""
        j = self.index.get(right)
        return self.pair_count(token, right) / self._right[j] if j is not None and self._right[j] else 0.0

    def unigram_p(self, token: str) -> float:
        """Pu(token): a class's share of the table; a syllable's share of the rest, mixing
        the table's syllables with the general syllable counts."""
        if token in SPECIAL:
            return max(self.count(token) / self.total, _FLOOR)
        got = self._pu.get(token)
        if got is None:
            own = self.count(token) / self._syllable_total
            general = self._general.get(token, 0) / self._general_total
            got = max((1 - self._special_share) * (_MIX * own + (1 - _MIX) * general), _FLOOR)
            if len(self._pu) < 1 << 16:
                self._pu[token] = got
        return got

    def unigram_logp(self, token: str) -> float:
        """log Pu(token)."""
        return math.log(self.unigram_p(token))

    def logp(self, token: str, left: str) -> float:
        """log P(token | left), interpolated with the unigram (``K``)."""
        i = self.index.get(left)
        seen = 0 if i is None else self._left[i]
        return math.log((self.pair_count(left, token) + K * self.unigram_p(token)) / (seen + K))

    def score(self, left: str, token: str, right: str) -> float:
        """log P(token | left) + log P(right | token)."""
        return self.logp(token, left) + self.logp(right, token)

    def bounded_logp(self, token: str, left: str, upper: bool, less: float = 0.0) -> float:
        """log P(token | left) with the pair's count moved by :data:`BOUND` standard
        deviations, up (``upper``) or down: a bound that a count of 2 cannot make
        confident; ``less`` is taken off the count first (pairs taken for slips).
        Smoothed by Witten-Bell (the unigram weighs as much as the number of distinct
        tokens seen after ``left``), which trusts an unseen pair after a word with varied
        neighbours less than ``K`` does.

        >>> m = model()
        >>> m.bounded_logp("tin", "tập", False) < m.logp("tin", "tập") < m.bounded_logp("tin", "tập", True)
        True
        """
        i = self.index.get(left)
        seen, weight = (0, K) if i is None else (self._left[i], max(K, self._types[i]))
        return _bounded(max(self.pair_count(left, token) - less, 0.0), seen, weight, self.unigram_p(token), upper)

    def bounded_between(self, left: str, words: Sequence[str], right: str, upper: bool) -> list[float]:
        """``bounded_logp(w, left, upper) + bounded_logp(right, w, upper)`` for each of
        ``words``, the neighbours looked up once (a word's kin, weighed between them).

        >>> m = model()
        >>> m.bounded_between("tập", ["tin"], "này", False) == [
        ...     m.bounded_logp("tin", "tập", False) + m.bounded_logp("này", "tin", False)]
        True
        """
        index, size, pairs, lefts, types = self.index, len(self.unigrams), self.bigrams, self._left, self._types
        i, r = index.get(left), index.get(right)
        seen, weight = (0, K) if i is None else (lefts[i], max(K, types[i]))
        pu_right = self.unigram_p(right)
        out = []
        for w in words:
            j = index.get(w)
            if j is None:
                after, before, seen_w, weight_w = 0.0, 0.0, 0, K
            else:
                after = float(0 if i is None else pairs.get(i * size + j, 0))
                before = float(0 if r is None else pairs.get(j * size + r, 0))
                seen_w, weight_w = lefts[j], max(K, types[j])
            out.append(_bounded(after, seen, weight, self.unigram_p(w), upper)
                       + _bounded(before, seen_w, weight_w, pu_right, upper))
        return out


def _bounded(n: float, seen: int, weight: float, pu: float, upper: bool) -> float:
    """:meth:`BigramModel.bounded_logp` of a pair seen ``n`` times, after a token with
    ``seen`` pairs and the Witten-Bell ``weight``, for a token of unigram ``pu``."""
    moved = n + BOUND * math.sqrt(n) if upper else max(n - BOUND * math.sqrt(n), 0.0)
    return math.log((moved + weight * pu) / (seen + weight))


Margins = tuple[list[int], list[int], list[int]]


def _margins(size: int, bigrams: Counts) -> Margins:
    """Per token: the count of the pairs it begins, the number of them, the count of the pairs it ends."""
    left, types, right = [0] * size, [0] * size, [0] * size
    for key, n in bigrams.items():
        i, j = divmod(key, size)
        left[i] += n
        types[i] += 1
        right[j] += n
    return left, types, right


_lock = threading.RLock()
_loaded: list[BigramModel] = []


def _valid_table(got: object) -> bool:
    """Has ``got`` the shape of :func:`_built_in` (its containers; the cache checks its bytes)?"""
    if not (type(got) is tuple and len(got) == 7 and all(type(x) is list for x in got[:2] + got[4:])
            and is_raw(got[2]) and is_raw(got[3]) and len(got[2]) == len(got[3]) and len(got[2]) % 4 == 0):
        return False
    size = len(got[1])
    return len(got[0]) == size and all(len(x) == size for x in got[4:])


@persisted("bigram-table", valid=_valid_table)
def _built_in() -> tuple[list[str], list[int], Raw, Raw, list[int], list[int], list[int]]:
    """The built-in table read, its pairs as two native uint32 arrays (keys, counts), with
    its margins: kept in the cache (reading and adding up 57k pairs took a fresh checker
    about 35 ms; reading them back, and :func:`~glossary.files.count_map`, about 3)."""
    vocab, unigrams, bigrams = read_counts(data_path("bigrams.bin"))
    keys, values = array("I", bigrams), array("I", bigrams.values())
    return (vocab, unigrams, keys.tobytes(), values.tobytes(), *_margins(len(unigrams), bigrams))


def model() -> BigramModel:
    """The built-in model, read on first use (once, thread-safe)."""
    if not _loaded:
        with _lock:
            if not _loaded:
                vocab, unigrams, keys, values, left, types, right = _built_in()
                _loaded.append(BigramModel(vocab, unigrams, count_map(keys, values), (left, types, right)))
    return _loaded[0]


@lru_cache(maxsize=1 << 16)
def token_class(word: str) -> str:
    """The class of a word: the syllable itself (lower case, NFC) when the table or the
    attested list knows it, else ``<num>``, ``<en>`` or ``<unk>`` (kept per word: the
    judgements of one context ask it of the same neighbours several times)."""
    w = unicodedata.normalize("NFC", word).lower()
    if w.isdigit():
        return NUM
    if w in model().index or w in counts():
        return w
    return EN if w.isascii() else UNK


def word_class(word: str) -> str:
    """:func:`token_class` of ``word``, or a break for no word (""): what stands beside a
    word, read from the word found there.

    >>> word_class("Tập"), word_class("")
    ('tập', '<s>')
    """
    return token_class(word) if word else BREAK


def word_before(text: str, start: int) -> str:
    """The word just before ``text[start:]`` when only spaces stand between, else ""."""
    i = start
    while i and text[i - 1] in BLANKS:
        i -= 1
    j = i
    while j and is_word_char(text[j - 1]):
        j -= 1
    return text[j:i] if j < i and i < start else ""


def word_after(text: str, end: int) -> str:
    """The word just after ``text[:end]`` when only spaces stand between, else ""."""
    i = end
    while i < len(text) and text[i] in BLANKS:
        i += 1
    j = i
    while j < len(text) and is_word_char(text[j]):
        j += 1
    return text[i:j] if i < j and i > end else ""


def neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The classes on either side of ``text[start:end]`` within its line: the word before
    and the word after when only spaces stand between, else ``<s>``.

    >>> neighbours("Mở tap tin, rồi", 3, 6)
    ('mở', 'tin')
    >>> neighbours("Mở tập tin, rồi", 7, 10)
    ('tập', '<s>')
    """
    return word_class(word_before(text, start)), word_class(word_after(text, end))


def siblings(word: str) -> list[str]:
    """Attested syllables spelled with the same letters as ``word`` once marks are
    stripped (``đ`` as ``d``), most frequent in the table first: the candidates of an
    unaccented syllable.

    >>> siblings("khong")[0]
    'không'
    """
    m = model()
    letters = strip_marks(unicodedata.normalize("NFC", word).lower())
    found = set(by_letters(letters)) | set(_table_by_letters().get(letters, ()))
    return sorted(found, key=lambda s: (-m.count(s), -counts().get(s, 0), s))


@lru_cache(maxsize=1 << 16)
def kin(low: str) -> tuple[str, ...]:
    """The syllables the lower-case word ``low`` may be a slip of: the same letters with
    other marks, or with a dropped ``h`` restored; not the same syllable with its tone on
    another vowel (``hoà``, ``hòa``: a spelling style, not a slip).

    >>> kin("khong")[0], "hòa" in kin("hoà")
    ('không', False)
    """
    got = _kin_table().get(low)
    return got if got is not None else _kin(low)


def _kin(low: str) -> tuple[str, ...]:
    """:func:`kin`, worked out."""
    found = dict.fromkeys(s for s in siblings(low) if s != low)
    for form in restored_h(low):
        found.update(dict.fromkeys(siblings(form)))
    mine = tone_key(low)
    return tuple(k for k in found if tone_key(k) != mine)


@cache
def _kin_table() -> StringsTable:
    """:func:`kin` of every attested syllable and unaccented form, kept in the cache as a
    trie: a new process reads it rather than working out each word's kin on first sight,
    and looks up only the words it meets (a dict of all 6k took it 5 ms to read back)."""
    return StringsTable(_kin_packed())


def _valid_kin(got: object) -> bool:
    """Is ``got`` what :func:`_kin_packed` keeps, a table that reads?"""
    return is_raw(got) and readable(lambda: StringsTable(got))


@persisted("kin", valid=_valid_kin)
def _kin_packed() -> Raw:
    return StringsTable.pack({w: _kin(w) for w in {*counts(), *unaccented()}})


_by_letters_table: dict[str, list[str]] = {}


def _table_by_letters() -> dict[str, list[str]]:
    """The table's syllables by their letters without marks (built once)."""
    if not _by_letters_table:
        with _lock:
            if not _by_letters_table:
                table: dict[str, list[str]] = {}
                for w in model().index:
                    if w not in SPECIAL:
                        table.setdefault(strip_marks(w), []).append(w)
                _by_letters_table.update(table)
    return _by_letters_table
