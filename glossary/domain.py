"""How far a text stands from the software translations the bigram table was counted on,
and what that asks of a word context flags in it.

The table (:mod:`glossary.context`) is counted on software text. In general prose (news,
conversation) many right words sit beside neighbours the table never saw them with, and a
kin it saw there wins: ``Tao đoán là mày nghĩ`` read as ``Tạo``, ``ngày nay`` as
``ngày này``. On Tatoeba's held-out Vietnamese sentences that raised the findings from 9
to 50 per 10k words, nearly all of them false.

A text's *distance* is the share of its syllables that the table uses less than general
text predicts (:func:`~glossary.realword.another_domain`: ``tao``, ``mày``, ``nay``), taken
towards :data:`PRIOR` as if :data:`PRIOR_WEIGHT` more syllables had been read, so that a
short text says little. Software help sits near 0.2 (0.11 to 0.46 on the held-out
documents), conversation and news near 0.65 (0.53 to 0.73). Past :data:`NEAR`, a word
context flags must also be a slip to a model of general Vietnamese: the smoothed bigrams
that restoring marks reads (:class:`~glossary._restore_model.Tables`: the software
table, general web pairs and Tatoeba's sentences), where its best kin, after the channel
cost, must beat it by up to :data:`GAIN` nats, the demand rising linearly from nothing at
:data:`NEAR` to all of it at :data:`FAR`.

>>> round(distance("Nhấn vào nút để mở hộp thoại Tùy chọn của tệp"), 2)
0.11
>>> round(distance("Tao đoán là mày nghĩ mình giỏi lắm"), 2)
0.8
>>> demand(0.2), demand(0.7)
(0.0, 5.0)
"""

from __future__ import annotations

from functools import cache, lru_cache

from ._restore_model import tables
from .adjacent import readings
from .cache import persisted
from .context import SPECIAL, UNK, channel_cost, kin, word_class
from .realword import another_domain
from .vietnamese import counts

__all__ = [
    "FAR", "GAIN", "GLANCE", "GLANCE_FAR", "NEAR", "PRIOR", "PRIOR_WEIGHT", "SUPPORT", "TRIGRAM_SUPPORT", "demand",
    "distance", "general_gain", "general_support", "may_be_far", "trigram_gain", "trigram_support",
]

#: the distance taken for a text before any syllable is read, and as how many syllables it counts
PRIOR, PRIOR_WEIGHT = 0.4, 4
#: distances where the general model starts to be asked, and where it is asked all of GAIN
NEAR, FAR = 0.3, 0.55
#: nats by which a kin must beat the word in the general model, in a text at FAR or beyond
GAIN = 5.0
#: nats by which general Vietnamese must prefer a kin of a word that context almost flags
#: between two words, for it to be flagged (:func:`general_support`)
SUPPORT = 8.0
#: ... by which the general model's trigrams must prefer it, the runs of three words it
#: is in weighed (:func:`trigram_support`; at 7 nats, `có thể đính một` was flagged)
TRIGRAM_SUPPORT = 8.0
#: characters of a text's start read by :func:`may_be_far`, and the distance there past which it says yes
#: (of 515 documents of software text, 76 said yes, and 6 of their 29 far ones no; at 0.25,
#: 139 and 3: the whole text read for more of them cost more than the judging it spared)
GLANCE, GLANCE_FAR = 400, NEAR


def distance(text: str) -> float:
    """The distance of ``text`` from software text: the share of its syllables (words
    between white space that are one, in any case) that the table uses less than general
    text predicts, taken towards :data:`PRIOR`."""
    words = text.lower().split()
    seen = sum(map(counts().__contains__, words))
    far = sum(map(_far().__contains__, words))
    return (far + PRIOR * PRIOR_WEIGHT) / (seen + PRIOR_WEIGHT)


@cache
@persisted("far")
def _far() -> frozenset[str]:
    """The syllables the table uses less than general text predicts (kept in the cache)."""
    return frozenset(w for w in counts() if another_domain(w))


def may_be_far(text: str) -> bool:
    """Does the start of ``text`` (:data:`GLANCE` characters) stand at :data:`GLANCE_FAR`
    or more from software text? A guess, for a caller deciding whether working out the
    whole text's demand early (to spare judging words it would turn down) is worth a pass
    over it: wrong either way, it costs time, never a finding.

    >>> may_be_far("Tao đoán là mày nghĩ mình giỏi lắm"), may_be_far("Nhấn vào nút để mở hộp thoại")
    (True, False)
    """
    return distance(text[:GLANCE]) >= GLANCE_FAR


def demand(d: float) -> float:
    """Nats a kin must win by in the general model, in a text at distance ``d``."""
    return GAIN * min(max((d - NEAR) / (FAR - NEAR), 0.0), 1.0)


def _read(word: str) -> str:
    """The class a neighbour ``word`` is read as ("" for none: a break): a non-word as its
    likeliest syllable (``Dư liẹu`` is read beside ``liệu``)."""
    own = word_class(word)  # the first reading: readings() works out the rest
    if own != UNK:
        return own
    got = readings(word)
    return got[1][0] if len(got) > 1 else own


@lru_cache(maxsize=1 << 16)
def general_gain(low: str, before: str, after: str) -> float:
    """Nats by which the best kin of the lower-case word ``low`` beats it between the
    words ``before`` and ``after`` ("" for none) in the general model, after its channel
    cost (minus infinity when it has no kin).

    >>> general_gain("cua", "chó", "nhà") > GAIN, general_gain("nay", "ngày", "người") < 0
    (True, True)
    """
    left, right, kins = _read(before), _read(after), kin(low)
    own, *weights = tables().between(left, (low, *kins), right)  # own: trans(left, low) + trans(low, right)
    best = -float("inf")
    # a channel cost is never negative: once a kin's bigrams alone cannot beat the best, none after it can
    for weight, k in sorted(zip(weights, kins, strict=True), reverse=True):
        if weight <= best:
            break
        best = max(best, weight - channel_cost(low, k))
    return best - own


def general_support(low: str, before: str, after: str) -> bool:
    """Does general Vietnamese (:func:`general_gain`) prefer a kin of the lower-case word
    ``low`` between the words ``before`` and ``after`` (both words) by :data:`SUPPORT`
    nats? A second model's say on a word the table almost flags
    (:func:`~glossary.realword.near_miss`): ``Không có kết qua tương ứng``, where the
    table's margin falls a third of a nat short.

    >>> general_support("qua", "kết", "tương"), general_support("dung", "thể", "được")
    (True, False)
    """
    return bool(before and after) and general_gain(low, before, after) >= SUPPORT


@lru_cache(maxsize=1 << 16)
def trigram_gain(low: str, words: tuple[str, str, str, str]) -> float:
    """Nats by which the best kin of the lower-case word ``low`` beats it, after its
    channel cost, over the three runs of three words it is in, in the general model's
    trigrams (:attr:`~glossary._restore_model.Tables.trigrams`: software text and
    Tatoeba's sentences, each run backed off to its last pair): ``words`` are the two
    words before it and the two after ("" for none: a break).

    >>> words = ("có", "thể", "được", "sử")
    >>> round(trigram_gain("dung", words), 1), round(trigram_gain("dùng", words), 1)
    (8.7, -6.5)
    """
    t = tables()
    reads = [_read(w) for w in words]
    a, b, c, d = (t.index.get(r, -1) for r in reads)
    after, last = t.trigrams.logp, t.trans(reads[2], reads[3])

    def score(x: str) -> float:
        i = t.index.get(x, -1)
        return (after(a, b, i, t.trans(reads[1], x)) + after(b, i, c, t.trans(x, reads[2]))
                + after(i, c, d, last))

    own = score(low)
    return max((score(k) - channel_cost(low, k) for k in kin(low)), default=-float("inf")) - own


def trigram_support(low: str, words: tuple[str, str, str, str]) -> bool:
    """Do the general model's trigrams prefer a kin of the lower-case word ``low`` by
    :data:`TRIGRAM_SUPPORT` nats (:func:`trigram_gain`), between ``words`` (the two words
    before it and the two after, "" for none)? A third say on a word the table almost
    flags, asked only between two syllables (not beside a break, an English word or code:
    at a sentence's start or end it took right words for slips, ``Nạp địa chỉ``, ``Đè
    chiều cao``), and not of an unaccented word beside another (``dang nhap``: a run
    written so on purpose).

    >>> trigram_support("dung", ("nào", "nên", "công", "thức")), trigram_support("dung", ("", "", "công", "thức"))
    (True, False)
    >>> trigram_gain("nhap", ("để", "dang", "vào", "tài")) > TRIGRAM_SUPPORT
    True
    >>> trigram_support("nhap", ("để", "dang", "vào", "tài"))
    False
    """
    _, before, after, _ = words
    if not (_syllable(before) and _syllable(after)):
        return False
    if low.isascii() and (before.isascii() or after.isascii()):
        return False
    return trigram_gain(low, words) >= TRIGRAM_SUPPORT


def _syllable(word: str) -> bool:
    """Is ``word`` a syllable the bigram table reads as such (not a break, an English word,
    a number or an unknown word)?"""
    return bool(word) and word_class(word) not in SPECIAL
