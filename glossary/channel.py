"""The channel: how cheaply a writer slips from the syllable meant to the one typed (a
misplaced tone cheapest, then another tone, a vowel mark or d/đ, a dropped ``h``, any
other edit), and the forms a dropped ``h`` leaves. The context model weighs each
candidate by this cost (:func:`~glossary.context.kin`, :mod:`glossary.realword`)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .vietnamese import TONES, strip_marks

__all__ = [
    "MISPLACED_TONE", "OTHER_EDIT", "OTHER_TONE", "RESTORED_H", "VOWEL_MARK", "channel_cost", "letters_and_tone",
    "restored_h", "tone_key",
]

#: channel costs (nats): how cheaply a writer slips from the meant syllable to the typed one
#: (tuned on the dev part of the evaluation: halving the tone, mark and h costs found 0.6
#: points more slips there with no new false flag)
MISPLACED_TONE, OTHER_TONE, VOWEL_MARK, RESTORED_H, OTHER_EDIT = 0.25, 0.5, 1.0, 1.0, 3.5
_H_PAIRS = (("n", "nh"), ("c", "ch"), ("t", "th"), ("k", "kh"), ("p", "ph"), ("g", "gh"), ("ng", "ngh"))


def restored_h(low: str) -> list[str]:
    """``low`` with a dropped ``h`` restored: initial n/c/t/k/p/g, final n/c, ng before e/ê/i.

    >>> restored_h("nung"), restored_h("cac"), restored_h("nghe"), restored_h("nge")
    (['nhung'], ['chac', 'cach'], [], ['nghe'])
    """
    out = []
    for short, long in _H_PAIRS:
        if low.startswith(short) and not low.startswith(long) and not (short == "n" and low.startswith("ng")):
            out.append(long + low[len(short) :])
        if long in ("nh", "ch") and low.endswith(short) and not low.endswith(long):
            out.append(low[: -len(short)] + long)
    return out


@lru_cache(maxsize=1 << 16)
def tone_key(word: str) -> tuple[str, str]:
    """``word``'s letters without its tone mark, and the tone mark: the same for ``hoà``
    and ``hòa``."""
    letters, tone, _ = letters_and_tone(word)
    return letters, tone


def letters_and_tone(word: str) -> tuple[str, str, int]:
    """(letters without the tone mark, NFC; the tone mark or ""; index of the toned letter)."""
    letters: list[str] = []
    tone, at = "", -1
    for ch in unicodedata.normalize("NFD", word):
        if ch in TONES:
            tone, at = ch, len(letters) - 1
        elif unicodedata.combining(ch) and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        else:
            letters.append(ch)
    return "".join(letters), tone, at


@lru_cache(maxsize=1 << 16)
def _shape(word: str) -> tuple[str, str, int, str]:
    """:func:`letters_and_tone` of ``word``, and its letters without any mark: worked out
    once per word, however many words it is weighed against."""
    letters, tone, at = letters_and_tone(word)
    return letters, tone, at, strip_marks(letters)


def _mark_cost(typed: str, meant: str) -> float | None:
    """The cost of ``typed`` for ``meant`` when they differ only in marks, else None."""
    a, ta, ia, bare_a = _shape(typed)
    b, tb, ib, bare_b = _shape(meant)
    if bare_a != bare_b or len(a) != len(b):
        return None
    cost = VOWEL_MARK * sum(x != y for x, y in zip(a, b, strict=True))
    if ta != tb:
        cost += OTHER_TONE
    elif ia != ib:
        cost += MISPLACED_TONE
    return cost


@lru_cache(maxsize=1 << 16)
def channel_cost(typed: str, meant: str) -> float:
    """How unlikely it is that ``meant`` was written as ``typed``, in nats: 0 for the
    same word, a misplaced tone cheapest, then another tone, each vowel mark or d/đ, a
    dropped ``h`` (of nh, ch, th, kh, ph, gh, ngh, or a final nh/ch), and any other edit.

    >>> [channel_cost(t, "hoàng") for t in ("hoàng", "hòang", "hoang", "hoáng", "hoằng", "hoag")]
    [0.0, 0.25, 0.5, 0.5, 1.0, 3.5]
    >>> channel_cost("nhung", "những"), channel_cost("nung", "nhưng")
    (1.5, 2.0)
    """
    t = unicodedata.normalize("NFC", typed).lower()
    m = unicodedata.normalize("NFC", meant).lower()
    if t == m:
        return 0.0
    cost = _mark_cost(t, m)
    if cost is not None:
        return cost
    best = OTHER_EDIT
    for short, long in _H_PAIRS:
        restored = []
        if m.startswith(long):
            restored.append(short + m[len(long) :])
        if long in ("nh", "ch") and m.endswith(long):
            restored.append(m[: -len(long)] + short)
        for r in restored:
            inner = _mark_cost(t, r)
            if inner is not None:
                best = min(best, RESTORED_H + inner)
    return best
