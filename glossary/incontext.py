"""Vietnamese words judged in their context with the syllable bigram model
(:mod:`glossary.context`): the ranking of a non-word's suggestions, unaccented words, and
real syllables that are slips of a far more frequent one.

Each judgement is gated so that clean text rarely reaches the model:

- a non-word's suggestions (already a finding) are ranked by
  ``log P(x | left) + log P(right | x) - channel_cost(word, x)``;
- only lines with Vietnamese letters are read, and of their words only those that are not
  attested syllables, or are :func:`suspicious` ones: rare beside a kin (the same letters
  with other marks, or a dropped ``h`` restored) that is far more frequent in the general
  counts or in the table, and not used more than :data:`TABLE_MAX` times by the table;
- an unaccented ASCII word (``cac``, ``khong``) must stand beside a Vietnamese syllable,
  beside no English word, and not be tied to a neighbour (a joiner ``' - & _``, a slash, a
  dot); reading it as a foreign word (by its English frequency) or as itself competes with
  its marked kin, which must win by :data:`ASCII_MARGIN` nats with a bigram seen beside it
  (beside both neighbours, for a form used more than :data:`ASCII_RARE` times, unless
  the form makes no pair of general text with either: ``đọc lai`` but not ``va chạm``);
- a marked syllable (``liêu``, ``họp`` in ``họp thoại``) must not have been seen beside its
  neighbours more than :data:`SEEN` times; its kin must win by :data:`RARE_MARGIN` nats
  with a bigram seen beside a neighbour, or by :data:`AGREE_MARGIN` when both neighbours,
  each on its own, prefer the kin (and the kin is far more frequent in general text too);
- a syllable the table uses often (``dự`` in ``dự liệu``, ``tư`` in ``tư động``) is judged
  only between two syllables the table never saw beside it, when it saw a
  :data:`CONTESTED_RATIO` times more frequent kin beside both (:func:`contested`).

The words this module watches wherever they stand (:func:`watched`) are found, where
they stand alone in lower case, by :mod:`glossary.gate`, and judged there by :func:`spot`.

Findings of the last two kinds are reported with every suggestion and never fixed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache

from .adjacent import decides, verdict_beside
from .cache import persisted
from .context import (
    EN,
    SPECIAL,
    channel_cost,
    english_share,
    kin,
    model,
    restored_h,
    token_class,
    word_after,
    word_before,
    word_class,
)
from .document import lowered, slack, supported
from .domain import general_support, trigram_support
from .general import general_kin, general_pair
from .joiners import attached
from .realword import end_word, english_veto, near_miss, start_word
from .realword import verdict as real_word
from .vietnamese import by_letters, counts, residue, strip_marks

__all__ = [
    "ASCII_MARGIN",
    "RARE_MARGIN",
    "RATIO",
    "contested",
    "english_beside",
    "judge",
    "judgeable",
    "rank",
    "spot",
    "suspicious",
    "watched",
]

#: how much more frequent (general counts) a kin must be than an unaccented attested
#: form used at most ASCII_RARE times (khong), than a more common one (ban for bạn), and
#: than a marked syllable
RATIO, ASCII_COMMON_RATIO, RARE_RATIO = 100, 3, 10
#: ... or how much more frequent in the bigram table (hộp for họp in software text; a
#: word the table never saw counts as seen once)
TABLE_RATIO = 30
#: the most frequent unaccented attested form judged, and the most frequent marked one
ASCII_MAX, RARE_MAX = 100_000, 20_000
#: above this count an unaccented form needs its kin's bigrams with both neighbours seen
#: (co thể, not va chạm or quanh co)
ASCII_RARE = 200
#: a syllable the bigram table used more often than this is never judged (nhấn, hộp, canh,
#: hay: the table knows it is right there)
TABLE_MAX = 100
#: nats by which a kin must beat reading an unaccented word as written
ASCII_MARGIN = 2.0
#: a marked syllable seen beside its neighbours more often than this is left alone (the
#: table holds a few slips of its own translators)
SEEN = 2
#: nats by which a kin must beat a marked real syllable
RARE_MARGIN = 12.0
#: nats beyond the margin by which a kin of a marked syllable wins with a bigram seen beside
#: one neighbour only (for a common unaccented form, see :func:`_unpaired`)
ONE_SIDE_EXTRA = 0.0
#: when both neighbours, each on its own, prefer the kin by AGREE_SIDE nats (with both
#: bigrams seen), a win by AGREE_MARGIN nats is enough
AGREE_SIDE, AGREE_MARGIN = 2.0, 4.0
#: ... and the table saw the kin at least this often beside each (một cờ dòng: cho twice)
AGREE_PAIRS = 5
#: a syllable the table uses more than TABLE_MAX times is judged when a kin is this many
#: times more frequent in the table, by this many nats (see :func:`_contested`)
CONTESTED_RATIO, CONTESTED_MARGIN = 5, 8.0
#: ... and only when the table saw the kin at least this often beside each neighbour
CONTESTED_PAIRS = 5
#: log of the share of English words the model leaves for a foreign word in Vietnamese text
LOG_EPSILON = -7.0
_TOKEN = re.compile(r"\S+")


def _tokens(candidate: str) -> list[str]:
    return candidate.lower().split()


def _score(left: str, candidate: str, right: str) -> float:
    """log P of ``candidate`` (one syllable or several) between ``left`` and ``right``."""
    m = model()
    total, prev = 0.0, left
    for t in _tokens(candidate):
        total += m.logp(t, prev)
        prev = t
    return total + m.logp(right, prev)


def rank(word: str, pool: Sequence[str], left: str, right: str) -> list[str]:
    """``pool`` (lower-case suggestions for ``word``) best first in context.

    >>> rank("đỏi", ["đối", "đỏ", "đổi"], "thay", "<s>")[0]
    'đổi'
    """
    low = unicodedata.normalize("NFC", word).lower()
    keyed = residue(low)

    def cost(c: str) -> float:
        return 0.0 if c == keyed else channel_cost(low, c.replace(" ", ""))

    scored = [(_score(left, c, right) - cost(c), -i, c) for i, c in enumerate(pool)]
    return [c for _, _, c in sorted(scored, reverse=True)]


def judgeable(low: str) -> bool:
    """Could context ever flag the lower-case word ``low`` (is it a slip of some syllable)?"""
    return bool(kin(low)) and (low not in counts() or low in suspicious() or low in contested())


@cache
@persisted("suspicious")
def suspicious() -> frozenset[str]:
    """Attested syllables rare enough, beside a far more frequent kin, to be judged.

    >>> "khong" in suspicious(), "hay" in suspicious()
    (True, False)
    """
    known = counts()
    table = model()
    out = set()
    for w, n in known.items():
        if n > (ASCII_MAX if w.isascii() else RARE_MAX) or table.count(w) > TABLE_MAX:
            continue
        near = [*by_letters(strip_marks(w)), *(k for f in restored_h(w) for k in by_letters(strip_marks(f)))]
        if _frequent_kin(w, near):
            out.add(w)
    return frozenset(out)


@cache
@persisted("contested")
def contested() -> frozenset[str]:
    """Syllables the table uses more than :data:`TABLE_MAX` times beside a kin it uses at
    least :data:`CONTESTED_RATIO` times as often (``tư`` and ``từ``, ``thu`` and ``thư``):
    judged by :func:`_contested` only.

    >>> "tư" in contested(), "hay" in contested()
    (True, False)
    """
    table = model()
    return frozenset(w for w in counts() if table.count(w) > TABLE_MAX
                     and any(table.count(k) >= CONTESTED_RATIO * table.count(w) for k in kin(w)))


@cache
def watched() -> frozenset[str]:
    """The lower-case words judged wherever they stand: :func:`suspicious` and :func:`contested`."""
    return suspicious() | contested()


@lru_cache(maxsize=1 << 16)
def spot(before: str, word: str, after: str) -> bool:
    """Would this module's rules flag the :func:`watched` word ``word`` between the tokens
    ``before`` and ``after`` (white space between them)?

    >>> spot("Đóng", "họp", "thoại"), spot("xe", "va", "chạm")
    (True, False)
    """
    left_word, right_word = end_word(before), start_word(after)
    left, right = word_class(left_word), word_class(right_word)
    if not kin(word):
        return False
    if english_veto(word, left_word, right_word):
        return False  # beside an English word (english_beside)
    return _verdict(word, left, right) is not None


def _frequent_kin(w: str, pool: Sequence[str]) -> list[str]:
    """The kin of the attested syllable ``w`` far more frequent than it: in the general
    counts (by the ratio for its kind), or in the table (by ``TABLE_RATIO``, a word it
    never saw taken as seen once: ``ân`` beside ``ẩn``). In text far from the table's
    domain, where such a word is likelier meant (``lôi kéo``), general Vietnamese must
    agree with a finding too (:mod:`glossary.domain`)."""
    known = counts()
    table = model()
    n, t = known.get(w, 0), table.count(w)
    ratio = (RATIO if n <= ASCII_RARE else ASCII_COMMON_RATIO) if w.isascii() else RARE_RATIO
    return [k for k in pool if k != w and (known.get(k, 0) >= ratio * max(n, 1)
                                          or table.count(k) >= TABLE_RATIO * max(t, 1))]


def _vietnamese(token: str) -> bool:
    return _syllable(token) and not token.isascii()


def english_beside(view: str, start: int, end: int) -> bool:
    """Is ``view[start:end]`` next to an English word (an ASCII word that is neither a
    syllable nor Telex or VNI residue)?

    >>> english_beside("We've been there", 6, 10), english_beside("tieengs vieetj", 8, 14)
    (True, False)
    """
    for word in (word_before(view, start), word_after(view, end)):
        if word and token_class(word) == EN and residue(word) is None:
            return True
    return False


def _syllable(token: str) -> bool:
    return token not in SPECIAL


def _evidence_beside_syllables(left: str, candidate: str, right: str) -> bool:
    """Has the table seen ``candidate`` beside each neighbour that is a syllable?"""
    m = model()
    toks = _tokens(candidate)
    return (not _syllable(left) or m.pair_count(left, toks[0]) > 0) and (
        not _syllable(right) or m.pair_count(toks[-1], right) > 0)


def _unpaired(low: str, left: str, right: str) -> bool:
    """Is ``low`` an unaccented word that makes no pair of words of general text with
    either neighbour as written? Then a kin seen beside one neighbour is enough (``đọc
    lai``), where a compound keeps the word (``va chạm``, ``quanh co``, ``bo mạch``)."""
    return low.isascii() and not general_pair(left, low) and not general_pair(low, right)


def _evidence(left: str, candidate: str, right: str) -> bool:
    m = model()
    toks = _tokens(candidate)
    return m.pair_count(left, toks[0]) > 0 or m.pair_count(toks[-1], right) > 0


def judge(view: str, start: int, end: int) -> tuple[str, ...] | None:
    """Suggestions (lower case, best first) when the attested or unaccented word
    ``view[start:end]`` is likely a slip in its context, else None."""
    word = view[start:end]
    low = unicodedata.normalize("NFC", word).lower()
    if attached(view, start, end) or not kin(low):
        return None
    lw, rw = word_before(view, start), word_after(view, end)
    if english_veto(low, lw, rw):
        return None
    left, right = word_class(lw), word_class(rw)
    if judgeable(low) and (found := _verdict(low, left, right)):
        return found
    if not decides(lw, low, rw) and (found := real_word(low, left, right)):
        return found
    ll = word_before(view, view.rindex(lw, 0, start)) if lw else ""
    rr = word_after(view, view.index(rw, end) + len(rw)) if rw else ""
    if found := verdict_beside(ll, lw, low, rw, rr):
        return found
    if lw and rw and not decides(lw, low, rw) and (found := general_kin(low, lw, rw)):
        return found  # the table silent beside it, general text pairing a kin with both neighbours
    # context almost flags it, and the document writes its kin beside the same words
    # elsewhere, or general Vietnamese prefers that kin there by far, in pairs or in runs of three
    near = None if decides(lw, low, rw) else near_miss(low, left, right, slack(lw, rw))
    if near and (supported(lowered(view), lw, low, rw, near[0]) or general_support(low, lw, rw)
                 or trigram_support(low, (ll, lw, rw, rr))):
        return near
    return None


@lru_cache(maxsize=1 << 16)
def _verdict(low: str, left: str, right: str) -> tuple[str, ...] | None:
    """The judgement of :func:`judge` once the word's neighbours are known."""
    known = counts()
    kins = list(kin(low))
    m = model()
    if m.count(low) > TABLE_MAX:
        return _contested(low, kins, left, right)
    if low.isascii():
        if not (_vietnamese(left) or _vietnamese(right)):
            return None
        share = english_share(low)
        keep = m.logp(EN, left) + m.logp(right, EN) + math.log(max(share, 1e-9)) - LOG_EPSILON
        if low in known:
            keep = max(keep, _score(left, low, right))
        margin = ASCII_MARGIN
    else:
        # the table holds a few slips of its own translators (bạn cọ thể): a bigram seen
        # once or twice does not make a syllable right
        if m.pair_count(left, low) + m.pair_count(low, right) > SEEN or not (_syllable(left) or _syllable(right)):
            return None
        kins = _frequent_kin(low, kins)
        if not kins:
            return None
        keep = _score(left, low, right)
        margin = RARE_MARGIN
    best_score, best = max((_score(left, k, right) - channel_cost(low, k), k) for k in kins)
    gain = best_score - keep
    if not _evidence(left, best, right):
        return None
    strict = not low.isascii() or known.get(low, 0) > ASCII_RARE
    if gain > margin and (not strict or _evidence_beside_syllables(left, best, right) or _unpaired(low, left, right)):
        return _ranked(low, left, right)
    if not low.isascii() and gain > margin + ONE_SIDE_EXTRA:
        return _ranked(low, left, right)
    # a word common in general text (báo chí) is left to the margin: the table is software text
    general_kin = known.get(best, 0) >= RARE_RATIO * max(known.get(low, 0), 1)
    if gain > AGREE_MARGIN and general_kin and _sides_agree(low, best, left, right):
        return _ranked(low, left, right)
    return None


def _ranked(low: str, left: str, right: str) -> tuple[str, ...]:
    """The five best kin of ``low`` between ``left`` and ``right``: every kin, not only
    those that made the decision (``Hiến thị`` is a slip because ``Hiện`` is far more
    frequent, and is meant as ``Hiển``)."""
    ranked = sorted(((_score(left, k, right) - channel_cost(low, k), k) for k in kin(low)), reverse=True)
    return tuple(k for _, k in ranked[:5])


def _contested(low: str, kins: list[str], left: str, right: str) -> tuple[str, ...] | None:
    """The judgement of a syllable the table uses often (``dụng``, ``tư``) beside a kin it
    uses :data:`CONTESTED_RATIO` times more: only between two syllables, neither bigram of
    the word seen, both of the kin's seen, and the kin winning by :data:`CONTESTED_MARGIN`."""
    m = model()
    if not (_syllable(left) and _syllable(right)) or m.pair_count(left, low) or m.pair_count(low, right):
        return None
    t = m.count(low)
    kins = [k for k in kins if m.count(k) >= CONTESTED_RATIO * t]
    if not kins:
        return None
    keep = _score(left, low, right)
    best_score, best = max((_score(left, k, right) - channel_cost(low, k), k) for k in kins)
    seen = min(m.pair_count(left, best), m.pair_count(best, right))
    if best_score - keep <= CONTESTED_MARGIN or seen < CONTESTED_PAIRS:
        return None
    return _ranked(low, left, right)


def _sides_agree(low: str, best: str, left: str, right: str) -> bool:
    """Do both neighbours, each on its own, prefer ``best`` to ``low`` by
    :data:`AGREE_SIDE` nats, with both of ``best``'s bigrams seen :data:`AGREE_PAIRS` times?"""
    if not (_syllable(left) and _syllable(right)):
        return False
    m = model()
    b, r = _tokens(best), right
    if min(m.pair_count(left, b[0]), m.pair_count(b[-1], r)) < AGREE_PAIRS:
        return False
    return (m.logp(b[0], left) - m.logp(low, left) > AGREE_SIDE
            and m.logp(r, b[-1]) - m.logp(r, low) > AGREE_SIDE)
