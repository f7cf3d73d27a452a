"""Characters that show nothing: a text read without them, and the map back to it.

Pages and word processors leave soft hyphens, word joiners, zero-width joiners and
byte-order marks inside and between words. :func:`visible` drops them all, for reading a
text as it shows (``glossary check``); :func:`inside_words` drops only the soft hyphens
and word joiners inside a word, where they break a key, for the operations that rewrite
the text (``normalize``, ``expand``, ``find``), which keep the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from .edits import OffsetMap, apply_edits
from .model import Edit, EditKind
from .patterns import regex
from .text import is_word_char

__all__ = ["inside_words", "visible"]

#: what shows nothing inside or between words: the soft hyphen, the zero-width non-joiner
#: and joiner, the word joiner and the byte-order mark (zero-width spaces are
#: :func:`~glossary.text.prepare`'s: they may stand for a space)
_INVISIBLE = "\u00ad\u200c\u200d\u2060\ufeff"


def inside_words(text: str) -> tuple[str, OffsetMap | None]:
    """``text`` without the soft hyphens and word joiners that stand inside a word (after
    a letter, digit or mark, before a letter: ``nữ\u00adng``), for finding the keys they
    break; and the map back (None when there are none). Others stay, and so do the
    joiners that shape a script or an emoji (ZWJ, ZWNJ): a rewrite of the text keeps them.

    >>> inside_words("nữ\u00adng \u00adx")[0] == "nững \u00adx"
    True
    """
    if text.isascii() or ("\u00ad" not in text and "\u2060" not in text):
        return text, None
    return _without(text, "[\u00ad\u2060]+", lambda a, b: bool(a) and is_word_char(text[a - 1])
                    and b < len(text) and text[b].isalpha())


def visible(text: str) -> tuple[str, OffsetMap | None]:
    """``text`` without the characters that show nothing inside or between words (a soft
    hyphen in ``nữ\u00adng``, a word joiner, a byte-order mark), for reading it as it
    shows; and the map back to ``text`` (None when it holds none: ``text`` itself).

    >>> view, back = visible("Đây là nữ\u00adng tệp")
    >>> view, back.span_to_input(7, 12)
    ('Đây là nững tệp', (7, 13))
    """
    if not any(c in text for c in _INVISIBLE):
        return text, None
    return _without(text, f"[{_INVISIBLE}]+", lambda a, b: True)


def _without(text: str, pattern: str, wanted: Callable[[int, int], bool]) -> tuple[str, OffsetMap | None]:
    """``text`` without the runs of ``pattern`` at the spans ``wanted`` takes, and the map back."""
    cuts = [Edit(m.start(), m.end(), m.group(), "", EditKind.SPACE) for m in regex(pattern).finditer(text)
            if wanted(m.start(), m.end())]
    return (apply_edits(text, cuts), OffsetMap(cuts)) if cuts else (text, None)
