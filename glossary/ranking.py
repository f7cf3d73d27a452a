"""Suggestions put in order in their context: the word each finding most likely means
first.

Whether a word is a slip is decided on the software table alone, with cautious bounds
(:mod:`glossary.realword`, :mod:`glossary.incontext`); which of its suggestions comes
first is a different question, asked only of findings, and answered better by the fuller
model that restoring marks reads (:mod:`glossary._restore_model`): the software table,
general web-text pairs and Tatoeba's sentences added up and smoothed by interpolated
Kneser-Ney, so that a pair the software table never saw (``và bất thường``, ``người đọc
có``) still weighs what general text knows. Each suggestion ``x`` between the classes
``left`` and ``right`` scores ``log P(x | left) + log P(right | x)`` less its channel cost
(a misplaced tone cheapest; input-method residue costs nothing).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ._restore_model import tables
from .context import channel_cost
from .vietnamese import residue

__all__ = ["rank"]


def rank(word: str, pool: Sequence[str], left: str, right: str) -> list[str]:
    """``pool`` (lower-case suggestions for ``word``, each one syllable or several) best
    first between the classes ``left`` and ``right`` (``<s>`` for a break).

    >>> rank("đỏi", ["đối", "đỏ", "đổi"], "thay", "<s>")[0]
    'đổi'
    >>> rank("bẩt", ["bật", "bất", "bắt"], "và", "thường")[0]
    'bất'
    """
    low = unicodedata.normalize("NFC", word).lower()
    keyed = residue(low)
    t = tables()

    def score(candidate: str) -> float:
        total, prev = 0.0, left
        for token in candidate.lower().split():
            total += t.trans(prev, token)
            prev = token
        cost = 0.0 if candidate == keyed else channel_cost(low, candidate.replace(" ", ""))
        return total + t.trans(prev, right) - cost

    scored = [(score(c), -i, c) for i, c in enumerate(pool)]
    return [c for _, _, c in sorted(scored, reverse=True)]
