"""Real-word slips: an attested syllable, or an unaccented word, that a kin (the same
letters with other marks, or a dropped ``h`` restored) fits far better between its
neighbours, on bigram evidence the table has seen: ``của bản.`` for ``của bạn``, ``áp
dung`` for ``áp dụng``, ``cập nhất`` for ``cập nhật``.

The word and each kin are scored between their neighbours with cautious bounds
(:meth:`~glossary.context.BigramModel.bounded_logp`): the kin's pair counts are taken
lower and the word's higher by two standard deviations, so that a pair seen twice decides
nothing. The best kin must win by :data:`MARGIN` nats (:data:`ASCII_MARGIN` for an
unaccented word, which also competes with its reading as a foreign word) after its channel
cost, and the table must have seen it :data:`EVIDENCE` times beside a neighbour that is
a syllable (or, for a marked word, an English word; or a break, a line start or
punctuation, on :data:`BREAK_EXTRA` nats more). Of the word's own pairs, as many as
:data:`SLIP_RATE` of the kin's are taken for the table's own slips (``lưa chọn`` once
beside ``lựa chọn`` 304 times), when the kin is the more frequent word. Where the kin
makes a compound with a neighbour and the word none (:func:`_compound`: ``ứng dung``,
``bao vệ``), the margin is :data:`COMPOUND_BONUS` nats smaller. An unaccented word that
English uses beside an English word is left alone (``to``, ``the``, ``SSL may``); one
English never uses is judged on its other side (``sử dung Bcc``).

Which words are judged at all is :mod:`glossary.gate`'s business: where a neighbour
*triggers* a judgement (:mod:`glossary.triggers`).

>>> verdict("dung", "áp", "bộ")[0], verdict("dụng", "áp", "bộ")
('dụng', None)
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from itertools import chain
from typing import TYPE_CHECKING, cast

from .context import (
    BOUND,
    BREAK,
    EN,
    NUM,
    SPECIAL,
    UNK,
    K,
    channel_cost,
    english_count,
    english_share,
    kin,
    model,
    token_class,
    word_after,
    word_before,
    word_class,
)
from .resources import pure_python
from .vietnamese import counts, residue, unaccented

if TYPE_CHECKING:
    from ._speedups import Weigher
    from .context import BigramModel

__all__ = [
    "ASCII_MARGIN", "EVIDENCE", "LOG_EPSILON", "MARGIN", "SLIP_RATE", "another_domain", "candidates", "end_word",
    "english_veto", "good_side", "judged", "near_miss", "start_word", "verdict",
]

#: nats by which the best kin of a marked syllable must win, on the cautious bounds
MARGIN = 5.0
#: ... of an unaccented word (which also competes with its reading as a foreign word)
ASCII_MARGIN = 4.0
#: times the table must have seen the kin beside a neighbour (a syllable, or an English
#: word): as the context module's other rules (va chạm: the table saw "và chạm" 4 times)
EVIDENCE = 5
#: ... for an unaccented word that is no syllable and no English word (none: such a word is a slip)
NON_WORD_EVIDENCE = 0
#: a word the table uses less than this share of what general text predicts is of another
#: domain (:func:`another_domain`)
DOMAIN_SHARE = 1.0
#: ... and general text uses it this often at least (scaled to the table): a word rare everywhere is no other domain's
DOMAIN_FLOOR = 10.0
#: nats taken off the margin when the kin makes a compound with a neighbour (:func:`_compound`)
COMPOUND_BONUS = 2.0
#: ... its pair's share of the neighbour's pairs, count, times the word's own pair count; the word's most uses
COMPOUND_SHARE, COMPOUND_PAIRS, COMPOUND_RATIO, COMPOUND_MAX = 0.5, 50, 50, 3000
#: log of the share of English words the model leaves for a foreign word in Vietnamese text
LOG_EPSILON = -7.0
#: nats more when a kin's only evidence is beside a break (a line start, punctuation)
BREAK_EXTRA = 2.0
#: the share of a kin's pairs that the table's translators may have typed as the word: so
#: many of the word's own pairs there are taken for their slips (``lưa chọn`` once, where
#: ``lựa chọn`` is seen 304 times), when the kin is the more frequent word
SLIP_RATE = 0.005
_CACHE = 1 << 17


def end_word(token: str) -> str:
    """The word a whitespace-free ``token`` ends with ("" when it ends otherwise: ``bạn.``)."""
    if token.isalnum():  # most tokens are a word and nothing else
        return token
    return word_before(token + " ", len(token) + 1)


def start_word(token: str) -> str:
    """The word a whitespace-free ``token`` starts with ("" when it starts otherwise)."""
    if token.isalnum():
        return token
    return word_after(" " + token, 0)


@cache
def candidates() -> frozenset[str]:
    """The words :func:`spots` may judge: attested syllables and their unaccented forms,
    in lower case and capitalised (at a sentence start). (Not kept in the cache: reading
    its 12k words back costs more than making it from the syllables and their letters.)"""
    words = (counts(), unaccented())  # read twice rather than joined: no set made on the way
    return frozenset(chain(*words, map(str.capitalize, chain(*words))))


def good_side(token: str, ascii_word: bool) -> bool:
    """May ``token`` bear evidence: a syllable, or an English word beside a marked one."""
    return token not in SPECIAL or (token == EN and not ascii_word)


@lru_cache(maxsize=_CACHE)
def _evidence(low: str) -> int:
    """How often the table must have seen a kin of ``low`` beside a neighbour:
    :data:`EVIDENCE`, or :data:`NON_WORD_EVIDENCE` (none) for an unaccented word that is
    no syllable and that English never uses (``giup``, ``chenh``): a slip, as a non-word
    is, unless it stands beside another unaccented word (``tai xuong``)."""
    if low.isascii() and low not in counts() and not english_count(low):
        return NON_WORD_EVIDENCE
    return EVIDENCE


@lru_cache(maxsize=_CACHE)
def _seen_kin(low: str) -> tuple[tuple[str, int], ...]:
    """The kin of ``low`` that the table has seen, each with its index there."""
    index = model().index
    return tuple((k, i) for k in kin(low) if (i := index.get(k)) is not None)


def english_veto(low: str, left_word: str, right_word: str) -> bool:
    """Is ``low`` an unaccented word that English text uses (``the``, ``to``, ``may``)
    beside an English word (an ASCII word that is neither a syllable nor input-method
    residue)? Such a word is read as English. One English never uses (``khong``, ``dung``:
    ``Static khong thể``, ``sử dung Bcc``) is still judged on its other side.

    >>> english_veto("may", "SSL", "khách"), english_veto("dung", "sử", "Bcc")
    (True, False)
    """
    if not (low.isascii() and english_count(low)):
        return False
    return any(w and token_class(w) == EN and residue(w) is None for w in (left_word, right_word))


@lru_cache(maxsize=_CACHE)
def judged(before: str, low: str, after: str) -> bool:
    """Does :func:`verdict` flag ``low`` between the tokens ``before`` and ``after``?"""
    left_word, right_word = end_word(before), start_word(after)
    if english_veto(low, left_word, right_word):
        return False
    return verdict(low, word_class(left_word), word_class(right_word)) is not None


@lru_cache(maxsize=_CACHE)
def another_domain(low: str) -> bool:
    """Does the table use ``low`` less than :data:`DOMAIN_SHARE` of what general text
    predicts, general text using it :data:`DOMAIN_FLOOR` times at least (``tình``, ``nêu``,
    ``lôi``; not ``se`` or ``lẹ``, rare everywhere)?"""
    m = model()
    general = m.general_count(low)
    return general >= DOMAIN_FLOOR and m.count(low) < DOMAIN_SHARE * general


def _cautious(left: str, word: str, right: str, upper: bool, less_left: float = 0.0, less_right: float = 0.0) -> float:
    """The bounded log-probabilities of ``word`` after ``left`` and of ``right`` after it,
    each pair's count less ``less_left`` and ``less_right`` (taken for slips)."""
    m = model()
    return m.bounded_logp(word, left, upper, less_left) + m.bounded_logp(right, word, upper, less_right)


@lru_cache(maxsize=_CACHE)
def verdict(low: str, left: str, right: str) -> tuple[str, ...] | None:
    """Suggestions (best first) when the lower-case word ``low`` between the classes
    ``left`` and ``right`` is a slip of a kin, on cautious bigram evidence; else None.
    A break (a line start, punctuation) bears evidence too (``Kiêu bảng``, ``ẩn đi
    náy):``), asking :data:`BREAK_EXTRA` nats more, and not for an unaccented word beside
    an unaccented one (``tai xuong,``: a run written so on purpose)."""
    got = _weighed(low, left, right)
    return _ranked(low, left, right, got[1]) if got and got[0] > 0 else None


@lru_cache(maxsize=_CACHE)
def near_miss(low: str, left: str, right: str, slack: float) -> tuple[str, ...] | None:
    """The suggestions of a word :func:`verdict` leaves alone whose best kin falls short of
    the margin by ``slack`` nats at most (all its other rules met)."""
    got = _weighed(low, left, right)
    return _ranked(low, left, right, got[1]) if got and -slack < got[0] <= 0 else None


@lru_cache(maxsize=_CACHE)
def _weighed(low: str, left: str, right: str) -> tuple[float, str] | None:
    """(nats by which the best kin beats the margin, that kin), when a kin has the
    evidence (beside a break, not for a word of another domain); else None. Weighed in
    C (``_speedups.Weigher``) when the table's pairs are kept there, else in Python
    (:func:`_weigh_python`): the same doubles either way."""
    weigher = _weigher()
    if weigher is None:
        return _weigh_python(low, left, right)
    if not kin(low):
        return None
    got = weigher.weigh(_profile(low), left, right, model().unigram_p(right))
    if got is None:
        return None
    nats, best, by_break = got
    if by_break and another_domain(low):
        return None  # a break says nothing of a word from another domain (“nêu gương”, chuộc, lôi kéo)
    return nats, best


#: what the C weigher reads of a word wherever it stands: the word, whether it is ASCII,
#: the evidence a kin needs, the kin that may have it (those the table saw, unless none is
#: needed) each with its index in the table (-1 for none), whether the word may be kept as
#: written (attested, or in the table), its index and count in the table, its unigram
#: probability (when it may be kept) and the log of its share of English words (when ASCII)
Profile = tuple[str, bool, int, tuple[tuple[str, int], ...], bool, int, int, float, float]


@lru_cache(maxsize=_CACHE)
def _profile(low: str) -> Profile:
    m = model()
    need, index = _evidence(low), m.index
    rows = tuple((k, index.get(k, -1)) for k in kin(low) if need <= 0 or k in index)
    kept, ascii_word = low in counts() or low in index, low.isascii()
    return (low, ascii_word, need, rows, kept, index.get(low, -1), m.count(low), m.unigram_p(low) if kept else 0.0,
            math.log(max(english_share(low), 1e-9)) if ascii_word else 0.0)


def _constants() -> tuple[float, ...]:
    """The rules' constants, in the order ``_speedups.Weigher`` reads them."""
    return (K, BOUND, MARGIN, ASCII_MARGIN, BREAK_EXTRA, COMPOUND_BONUS, COMPOUND_SHARE, SLIP_RATE, LOG_EPSILON,
            EVIDENCE, COMPOUND_PAIRS, COMPOUND_RATIO, COMPOUND_MAX)


@cache
def _c_weigher() -> Weigher | None:
    """The C weigher over the built-in table, when the extension is built and the table's
    pairs are a ``_speedups.Counts``."""
    try:
        from ._speedups import Counts
    except ImportError:  # built without a compiler (or an older build)
        return None
    m = model()
    return _weigher_of(m) if type(m.bigrams) is Counts else None


def _weigher_of(m: BigramModel) -> Weigher:
    """A C weigher over the table of ``m`` (whose pairs are a ``_speedups.Counts``)."""
    from ._speedups import Counts, Weigher

    return Weigher(m.index, m.unigrams, *m.margins, cast(Counts, m.bigrams), (BREAK, EN, NUM, UNK),
                   m.unigram_p(EN), _constants(), channel_cost, m.unigram_p)


def _weigher() -> Weigher | None:
    """:func:`_c_weigher`, unless ``GLOSSARY_PURE_PYTHON`` is set."""
    return None if pure_python() else _c_weigher()


def _weigh_python(low: str, left: str, right: str) -> tuple[float, str] | None:
    """:func:`_weighed` in Python."""
    ascii_word = low.isascii()
    kins = kin(low)
    if not kins:
        return None
    m = model()
    need = _evidence(low)
    breaks = [i for i, t in enumerate((left, right)) if t == BREAK]
    sides = [i for i, t in enumerate((left, right)) if good_side(t, ascii_word)]
    if ascii_word and any(t != BREAK and t.isascii() for t in (left, right)):
        need, breaks = EVIDENCE, []  # tai xuong: a run of unaccented words may be written so on purpose
    if need < EVIDENCE:  # an unaccented non-word is judged beside a syllable, not between breaks (« Loc »)
        breaks = []
        if not sides:
            return None
    li, ri, size, pairs = m.index.get(left), m.index.get(right), len(m.unigrams), m.bigrams
    looked = sides + breaks
    if need <= 0:  # no evidence asked: every kin has it on every side looked at
        evidence = dict.fromkeys(kins, looked)
    else:  # only a kin the table has seen can have it; each one's counts beside the neighbours read once
        evidence = {}
        for k, j in _seen_kin(low):
            beside = (0 if li is None else pairs.get(li * size + j, 0),
                      0 if ri is None else pairs.get(j * size + ri, 0))
            evidence[k] = [i for i in looked if beside[i] >= need]
    evidenced = [k for k in kins if evidence.get(k)]
    if not evidenced:
        return None
    scores = m.bounded_between(left, evidenced, right, False)
    best_score, best = max((s - channel_cost(low, k), k) for s, k in zip(scores, evidenced, strict=True))
    keep = -math.inf
    if low in counts() or low in m.index:
        slips = SLIP_RATE if m.count(best) >= m.count(low) else 0.0  # the table's slips of best do not make low right
        keep = _cautious(left, low, right, True, slips * m.pair_count(left, best), slips * m.pair_count(best, right))
    if ascii_word:
        share = english_share(low)
        foreign = (m.bounded_logp(EN, left, True) + m.bounded_logp(right, EN, True)
                   + math.log(max(share, 1e-9)) - LOG_EPSILON)
        keep = max(keep, foreign)
    by_break = not set(evidence[best]) & set(sides)
    margin = (ASCII_MARGIN if ascii_word else MARGIN) + (BREAK_EXTRA if by_break else 0.0)
    if not by_break and _compound(low, best, left, right):
        margin -= COMPOUND_BONUS
    if by_break and another_domain(low):
        return None  # a break says nothing of a word from another domain (“nêu gương”, chuộc, lôi kéo)
    return best_score - keep - margin, best


def _compound(low: str, best: str, left: str, right: str) -> bool:
    """Does ``best`` make a compound with a neighbour where ``low`` makes none (``ứng dung``,
    ``bao vệ``, ``hiên tại``): of the pairs that begin with ``left`` (or end with ``right``),
    ``best``'s takes :data:`COMPOUND_SHARE`, seen :data:`COMPOUND_PAIRS` times and
    :data:`COMPOUND_RATIO` times as often as ``low``'s; ``low`` used at most
    :data:`COMPOUND_MAX` times by the table (``có`` stands anywhere: ``sự kiện có phép``)?"""
    m = model()
    if m.count(low) > COMPOUND_MAX:
        return False
    for pair, share, own in ((m.pair_count(left, best), m.after_share(left, best), m.pair_count(left, low)),
                             (m.pair_count(best, right), m.before_share(best, right), m.pair_count(low, right))):
        if pair >= max(COMPOUND_PAIRS, COMPOUND_RATIO * own) and share >= COMPOUND_SHARE:
            return True
    return False


def _ranked(low: str, left: str, right: str, best: str) -> tuple[str, ...]:
    """``best`` and the four next kin of ``low`` between ``left`` and ``right``."""
    rest = [k for k in kin(low) if k != best]
    scores = model().bounded_between(left, rest, right, False)
    others = sorted(((s - channel_cost(low, k), k) for s, k in zip(scores, rest, strict=True)), reverse=True)
    return (best, *(k for _, k in others[:4]))
