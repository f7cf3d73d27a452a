"""Tone-mark placement in open ``oa``, ``oe`` and ``uy`` syllables.

Vietnamese writes the tone of an open syllable with the vowel pair ``oa``, ``oe`` or
``uy`` either on the main vowel (``hoà``, ``khoẻ``, ``thuỷ``: the placement of the 2018
Ministry of Education decision 1989/QĐ-BGDĐT) or on the first vowel (``hòa``, ``khỏe``,
``thủy``: the older, widespread placement). Every other syllable has one placement:
``hoàn``, ``hoạt``, ``khuỷu``, ``quý``, ``già`` and ``thuở`` never change.
"""

from __future__ import annotations

import re
import unicodedata

from .model import Edit, EditKind, ToneStyle
from .text import fold, is_word_char
from .vietnamese import TONES

__all__ = ["tone_edits"]

_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))
_INITIALS = frozenset(
    "|b|c|ch|d|đ|g|gh|gi|h|k|kh|l|m|n|ng|ngh|nh|p|ph|r|s|t|th|tr|v|x".split("|")
)


def _tables() -> tuple[dict[str, str], dict[str, str]]:
    to_main: dict[str, str] = {}
    for tone in TONES:
        for v1, v2 in _PAIRS:
            for c1 in (v1, v1.upper()):
                for c2 in (v2, v2.upper()):
                    first = unicodedata.normalize("NFC", c1 + tone) + c2
                    main = c1 + unicodedata.normalize("NFC", c2 + tone)
                    to_main[first] = main
    return to_main, {v: k for k, v in to_main.items()}


_TO_MAIN, _TO_FIRST = _tables()


def _pattern(pairs: dict[str, str]) -> re.Pattern[str]:
    # A pair at the end of a word: group by first letter into character classes.
    by_first: dict[str, set[str]] = {}
    for pair in pairs:
        by_first.setdefault(pair[0], set()).add(pair[1])
    alts = [re.escape(a) + "[" + "".join(sorted(bs)) + "]" for a, bs in sorted(by_first.items())]
    return re.compile("(?:" + "|".join(alts) + r")(?![^\W_])")


_FIND = {ToneStyle.MAIN_VOWEL: (_pattern(_TO_MAIN), _TO_MAIN), ToneStyle.FIRST_VOWEL: (_pattern(_TO_FIRST), _TO_FIRST)}


def tone_edits(text: str, style: ToneStyle, windows: list[tuple[int, int]] | None = None) -> list[Edit]:
    """Edits that move tone marks of open oa/oe/uy syllables of NFC ``text`` to ``style``.

    ``windows`` limits the search to syllables ending inside the given ranges.

    >>> [e.after for e in tone_edits("hòa bình, Thủy, quý, khuỷu", ToneStyle.MAIN_VOWEL)]
    ['hoà', 'Thuỷ']
    """
    pattern, table = _FIND[style]
    ranges = windows if windows is not None else [(0, len(text))]
    edits: list[Edit] = []
    for lo, hi in ranges:
        for m in pattern.finditer(text, lo, hi):
            p, end = m.start(), m.end()
            if end < len(text) and is_word_char(text[end]):
                continue  # a window's end is not the end of the word
            k = p
            while k > 0 and is_word_char(text[k - 1]):
                k -= 1
                if p - k > 3:
                    break
            if fold(text[k:p]) not in _INITIALS:
                continue
            edits.append(Edit(k, end, text[k:end], text[k:p] + table[m.group()], EditKind.TONE))
    if windows is not None:
        edits = sorted(set(edits))
    return edits
