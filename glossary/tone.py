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

from .edits import apply_edits
from .model import Edit, EditKind, ToneStyle
from .text import fold, is_word_char
from .vietnamese import TONES

__all__ = ["house_style", "placements", "prefer_style", "tone_edits"]

#: how many times more syllables of a text must use one placement than the other (and at
#: least how many) for it to be the text's house style
HOUSE_RATIO = 3
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


def placements(text: str) -> tuple[int, int]:
    """How many open ``oa``/``oe``/``uy`` syllables of NFC ``text`` carry their tone on
    the first vowel (``hòa``), and how many on the main vowel (``hoà``).

    >>> placements("Hoà bình, thuỷ lợi, khỏe, quý")
    (1, 2)
    """
    return len(tone_edits(text, ToneStyle.MAIN_VOWEL)), len(tone_edits(text, ToneStyle.FIRST_VOWEL))


def house_style(first: int, main: int) -> ToneStyle | None:
    """The placement a text uses, given :func:`placements`: the one at least
    :data:`HOUSE_RATIO` times as many syllables use as the other, and that many at least
    (else None: no clear house style; translations often mix both).

    >>> house_style(*placements("Hoà bình, thuỷ lợi, toà nhà, khỏe")), house_style(1, 2)
    (<ToneStyle.MAIN_VOWEL: 'main-vowel'>, None)
    """
    if main >= HOUSE_RATIO * max(first, 1):
        return ToneStyle.MAIN_VOWEL
    if first >= HOUSE_RATIO * max(main, 1):
        return ToneStyle.FIRST_VOWEL
    return None


def prefer_style(suggestions: tuple[str, ...], style: ToneStyle) -> tuple[str, ...]:
    """``suggestions`` with each pair of twins that differ only in where an open syllable's
    tone goes (``xoá``, ``xóa``) reordered so that the one in ``style`` comes first; every
    other suggestion keeps its place.

    >>> prefer_style(("xoá", "xóa", "hoa"), ToneStyle.FIRST_VOWEL)
    ('xóa', 'xoá', 'hoa')
    """
    out = list(suggestions)
    for i, s in enumerate(out):
        edits = tone_edits(s, style)
        if not edits:
            continue  # already in the style, or not an open oa/oe/uy syllable
        twin = apply_edits(s, edits)
        if twin in out[i + 1 :]:
            j = out.index(twin, i + 1)
            out[i], out[j] = out[j], out[i]
    return tuple(out)

