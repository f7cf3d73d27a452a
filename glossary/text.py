"""Text primitives: word characters, offset-keeping case folding, case carrying, and the
cleaned "view" of a text (NFC, whitespace runs collapsed) that matching works on.
"""

from __future__ import annotations

import unicodedata
from array import array
from collections.abc import Callable

from .canonical import nfc, nfd
from .cleanup import clean_view, map_spans, prepare_edits, whitespace_clean
from .edits import OffsetMap, apply_edits, compose
from .errors import GlossaryTypeError
from .model import Edit, EditKind
from .patterns import regex
from .resources import pure_python
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    import re
    from typing import Any

_c_prepare: Callable[..., Any] | None
try:
    from . import _speedups

    _c_prepare = _speedups.prepare
except (ImportError, AttributeError):  # built without a compiler (or an older build): the Python path serves
    _c_prepare = None

__all__ = [
    "BLANKS",
    "CLOSING",
    "JOINERS",
    "OPENING",
    "PIECE",  # noqa: F822 - made on first use, by __getattr__
    "PIECES",
    "carry_case",
    "eth_edits",
    "fold",
    "is_word_char",
    "joined",
    "mark_order_edits",
    "need_text",
    "needs_end_boundary",
    "prepare",
    "prepare_explained",
    "prepare_map",
    "regex",
    "whitespace_clean",
]

#: Runs of letters and digits (``str.isalnum``). Combining marks are word characters too
#: but are not ``isalnum``; the scanner's exact boundary checks use :func:`is_word_char`.
#: ``PIECE`` is this pattern compiled (on first use).
PIECES = r"[^\W_]+"


def __getattr__(name: str) -> re.Pattern[str]:
    if name == "PIECE":
        return regex(PIECES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

def need_text(text: object, operation: str) -> str:
    """Return ``text`` if it is a ``str``; otherwise raise a type error with a hint."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise GlossaryTypeError(
            f"{operation}() needs text as str, not {type(text).__name__}: decode it first, "
            "e.g. data.decode('utf-8')"
        )
    raise GlossaryTypeError(f"{operation}() needs text as str, not {type(text).__name__}")


#: Characters that join two words into one (``doesn't``, ``re-use``): a key ending in one
#: must not be followed by a word character, as a key ending in a letter must not.
JOINERS = "'’-"
#: the spaces between two words on a line: a tab and every Unicode space (category Zs:
#: the space, the no-break space, the thin, en, em and ideographic spaces, ...)
BLANKS = "\t \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
#: what opens before a word and what closes after it (brackets, quotes, punctuation)
OPENING, CLOSING = "([{\"'“‘«", ")]}\"'”’».,;:!?…"


def needs_end_boundary(last: str) -> bool:
    """Must a key ending in ``last`` be followed by a non-word character to match?

    >>> needs_end_boundary("a"), needs_end_boundary("'"), needs_end_boundary(".")
    (True, True, False)
    """
    return last in JOINERS or is_word_char(last)


def is_word_char(ch: str) -> bool:
    """Letters, digits and combining marks are word characters; ``_`` is not.

    >>> [is_word_char(c) for c in "đ1_\u0301 ."]
    [True, True, False, True, False, False]
    """
    return ch.isalnum() or (ch >= "\u0300" and unicodedata.category(ch)[0] == "M")


def joined(text: str, start: int, end: int, joiners: str) -> bool:
    """Is ``text[start:end]`` joined to a word on either side by one of ``joiners``
    (``re-use`` by ``-``, ``12/QĐ-UBND`` by ``/`` and ``-``)?

    >>> joined("re-use it", 0, 2, "-"), joined("re - use", 0, 2, "-")
    (True, False)
    """
    before = start >= 2 and text[start - 1] in joiners and is_word_char(text[start - 2])
    return before or (end + 1 < len(text) and text[end] in joiners and is_word_char(text[end + 1]))


def fold(text: str) -> str:
    """Lower-case ``text`` one character per character, so offsets never shift.

    ``str.lower`` maps ``İ`` to two code points; here it becomes ``i``. Each character
    folds on its own (``Σ`` is always ``σ``), the way the C scanner folds.

    >>> fold("NỮNG İz")
    'nững iz'
    """
    low = text.lower()
    if len(low) == len(text) and "Σ" not in text:  # str.lower picks σ or ς by context
        return low
    return "".join(c.lower() if c != "\u0130" else "i" for c in text)


def carry_case(surface: str, replacement: str) -> str:
    """Write ``replacement`` in the case pattern of ``surface``.

    All lower keeps the replacement as stored; all upper upper-cases it; a capital
    first letter capitalizes the replacement's first letter; every word capitalized
    capitalizes every word. Other patterns keep the replacement as stored.

    >>> carry_case("nững", "những"), carry_case("Nững", "những"), carry_case("NỮNG", "những")
    ('những', 'Những', 'NHỮNG')
    >>> carry_case("cabd", "CAND"), carry_case("Sử Lý", "xử lý")
    ('CAND', 'Xử Lý')

    The result is NFC, as the replacement is: upper-casing ``ſ\u0301`` gives ``S\u0301``,
    which composes to ``Ś``.
    """
    if surface.islower():  # the common case, decided in C (every cased letter is lower)
        return replacement
    got = _CARRIED.get((surface, replacement))  # capitalized surfaces repeat (sentence starts)
    if got is None:
        got = _carried(surface, replacement)
        if got is not replacement and not got.isascii() and not unicodedata.is_normalized("NFC", got):
            got = unicodedata.normalize("NFC", got)
        if len(_CARRIED) >= _CARRIED_LIMIT:
            _CARRIED.clear()
        _CARRIED[surface, replacement] = got
    return got


_CARRIED: dict[tuple[str, str], str] = {}
_CARRIED_LIMIT = 1 << 12


def _carried(surface: str, replacement: str) -> str:
    cased = [c for c in surface if c.lower() != c.upper()]
    if not cased or all(c.islower() for c in cased):
        return replacement
    if all(c.isupper() for c in cased):
        return replacement.upper() if len(cased) > 1 else _capitalize(replacement)
    words = surface.split()
    if len(words) > 1 and all(_is_capitalized(w) for w in words):
        return " ".join(_capitalize(w) for w in replacement.split(" "))
    if _is_capitalized(surface):
        return _capitalize(replacement)
    return replacement


def _is_capitalized(word: str) -> bool:
    cased = [c for c in word if c.lower() != c.upper()]
    return bool(cased) and cased[0].isupper() and all(c.islower() for c in cased[1:])


def _capitalize(text: str) -> str:
    for i, c in enumerate(text):
        if c.lower() != c.upper():
            return text[:i] + c.upper() + text[i + 1 :]
    return text


_ETH = "[\u00d0\u00f0]"


def eth_edits(text: str) -> list[Edit]:
    """Unicode fixes of the Icelandic eth ``Ð``/``ð`` (U+00D0/U+00F0, left by legacy
    Vietnamese encodings) to ``Đ``/``đ``, where the word it stands in then spells an
    attested Vietnamese syllable (Icelandic ``með`` is left alone).

    >>> [(e.start, e.before, e.after) for e in eth_edits("Ðiều ðó, með")]
    [(0, 'Ð', 'Đ'), (5, 'ð', 'đ')]
    """
    if text.isascii() or not _has_eth(text):
        return []
    from .vietnamese import counts

    out = []
    b = -1
    attested = False
    for m in regex(_ETH).finditer(text):
        if m.start() >= b:  # a new word (each word is read once: linear time)
            a = m.start()
            while a and is_word_char(text[a - 1]):
                a -= 1
            b = m.end()
            while b < len(text) and is_word_char(text[b]):
                b += 1
            word = nfc(text[a:b].replace("\u00d0", "Đ").replace("\u00f0", "đ"))
            attested = fold(word) in counts()
        if attested:
            after = "Đ" if m.group() == "\u00d0" else "đ"
            out.append(Edit(m.start(), m.end(), m.group(), after, EditKind.UNICODE))
    return out


_QUALITY = "[\u0302\u0306\u031b]"
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# marks of combining class 230, which canonical ordering never swaps: a grave, acute, tilde
# or hook typed before a circumflex or breve stays there
_SAME_CLASS_TONES = "\u0300\u0301\u0303\u0309"
_SAME_CLASS_QUALITY = "[\u0302\u0306]"


_tone_quality: re.Pattern[str] | None = None


def _tone_before_quality() -> re.Pattern[str]:
    """Where :func:`mark_order_edits` may find something, at C speed: a same-class tone
    mark, or a character holding one (``é``, U+0341), then marks, then a circumflex or
    breve. Marks are never word characters, so ``\\W*`` spans every run of them."""
    global _tone_quality
    if _tone_quality is None:
        carriers = [chr(cp) for cp in [*range(0xC0, 0x2000), 0x340, 0x341, 0x344]
                    if any(c in _SAME_CLASS_TONES for c in unicodedata.normalize("NFD", chr(cp)))]
        _tone_quality = regex(f"[{''.join(carriers)}]\\W*[\u0302\u0306]")
    return _tone_quality


def mark_order_edits(text: str) -> list[Edit]:
    """Unicode fixes of a tone mark typed before a vowel mark on the same letter
    (``e`` + acute + circumflex, which NFC leaves as ``é`` + circumflex and which splits the
    word): the letter is rebuilt as the one meant (``ế``).

    >>> [(e.before, e.after) for e in mark_order_edits("tie\u0301\u0302ng")] == [("e\u0301\u0302", "ế")]
    True
    """
    if text.isascii() or not ("\u0302" in text or "\u0306" in text or "\u031b" in text):
        return []
    if _tone_before_quality().search(text) is None:
        return []  # (NFD text has a vowel mark in every other word, and its tones come after them)
    out: list[Edit] = []
    b = -1
    for m in regex(_QUALITY).finditer(text):
        if m.start() < b:
            continue  # a run of marks already looked at (each is read once: linear time)
        a = m.start()
        while a and unicodedata.combining(text[a - 1]):
            a -= 1
        b = m.end()
        while b < len(text) and unicodedata.combining(text[b]):
            b += 1
        if not a or (out and out[-1].end > a - 1):
            continue
        a -= 1  # the letter
        decomposed = nfd(text[a:b])  # canonical order: horn and dot below first
        q = regex(_SAME_CLASS_QUALITY).search(decomposed)
        if q is None or not any(c in _SAME_CLASS_TONES for c in decomposed[1 : q.start()]):
            continue  # in canonical order NFC composes it
        marks = decomposed[1:]
        ordered = "".join(c for c in marks if c not in _TONE_MARKS) + "".join(c for c in marks if c in _TONE_MARKS)
        after = nfc(decomposed[0] + ordered)
        if len(after) == 1:
            out.append(Edit(a, b, text[a:b], after, EditKind.UNICODE))
    return out


def prepare(text: str, *, spaces: bool = True, engine: str = "auto", explain: bool = True) -> tuple[str, list[Edit]]:
    """Return the cleaned view of ``text`` and the edits that turn ``text`` into it.

    The view is NFC (with the Icelandic eth of a Vietnamese word written ``Đ``/``đ`` and a
    tone mark typed before a vowel mark put after it: :func:`eth_edits`,
    :func:`mark_order_edits`), with runs of spaces and no-break spaces inside a line
    collapsed to one space and zero-width spaces dropped; indentation, trailing space, tabs, line
    breaks and joiners are kept. Clean text costs a few C-speed passes and is returned as is.
    ``spaces=False`` leaves the whitespace alone (matching needs it only for keys of
    several words). ``engine`` is the scanner's engine (``"python"`` keeps this pure
    Python; otherwise the C extension does the work where it is built, with the same
    result); ``explain=False`` may return no edits, for callers that need the view only.

    >>> prepare("Việt\u00a0 Nam")[0]
    'Việt Nam'
    >>> prepare("Ðiều")[0]
    'Điều'
    """
    if _in_c(engine):
        if text.isascii() and (not spaces or "  " not in text):
            return text, []
        if not _in_python(text, spaces):  # C gives the text back where a tone is typed before a vowel mark
            assert _c_prepare is not None
            got = _c_prepare(text, spaces, 1 if explain else 0, Edit, EditKind.UNICODE, EditKind.SPACE, "")
            if got is not None:
                return got[0], got[1] if explain else []
    fixes = _unicode_fixes(text, spaces)
    if fixes:
        fixed = apply_edits(text, fixes)
        view, more = prepare(fixed, spaces=spaces, engine=engine, explain=explain)
        return (view, compose(text, fixes, more, fixed)) if explain else (view, [])
    if not explain:
        return clean_view(text, spaces), []
    return prepare_edits(text, spaces)


def _has_eth(text: str) -> bool:
    """Might :func:`eth_edits` find something (at memory speed)?"""
    return "\u00d0" in text or "\u00f0" in text


#: zero-width spaces just before a combining mark: they hide the mark from its letter
_HIDDEN_MARK = "\u200b+(?=[\u0300-\u036f])"


def _hides_marks(text: str, spaces: bool) -> bool:
    """Does ``text`` hold zero-width spaces that :func:`prepare` drops (``spaces``) just
    before a combining mark? Dropped last, they would leave a mark order to fix on a second
    pass (``A\u0300\u200b\u0302`` is ``Ầ``), so they are dropped first, in Python."""
    return spaces and "\u200b" in text and regex(_HIDDEN_MARK).search(text) is not None


def _in_python(text: str, spaces: bool) -> bool:
    """Does ``text`` need fixes that only the Python side of :func:`prepare` makes?"""
    return _has_eth(text) or _hides_marks(text, spaces)


def _unicode_fixes(text: str, spaces: bool = False) -> list[Edit]:
    """The fixes NFC does not make (:func:`eth_edits`, :func:`mark_order_edits`), sorted;
    with ``spaces``, where zero-width spaces hide a combining mark, only their removal
    (the mark's order is fixed once they are gone)."""
    if text.isascii():
        return []
    if spaces and "\u200b" in text:
        hidden = [Edit(m.start(), m.end(), m.group(), "", EditKind.SPACE) for m in regex(_HIDDEN_MARK).finditer(text)]
        if hidden:
            return hidden
    return sorted(eth_edits(text) + mark_order_edits(text))


def prepare_map(text: str, *, spaces: bool = True, engine: str = "auto") -> tuple[str, OffsetMap]:
    """Like :func:`prepare`, with the edits as an :class:`~glossary.edits.OffsetMap` (for
    callers that only map offsets back: no edit objects are made in C).

    >>> view, where = prepare_map("Vie\u0323\u0302t  Nam")
    >>> view, where.span_to_input(view.index("Nam"), len(view))
    ('Việt Nam', (8, 11))
    """
    if _in_c(engine) and not (text.isascii() and (not spaces or "  " not in text)) and not _in_python(text, spaces):
        assert _c_prepare is not None
        got = _c_prepare(text, spaces, 2, Edit, EditKind.UNICODE, EditKind.SPACE, "")
        if got is not None:
            return got[0], OffsetMap.from_spans(*(array("q", b) for b in got[1]))
    if not _unicode_fixes(text, spaces):
        spans = map_spans(text, spaces)
        if spans is not None:
            return spans[0], OffsetMap.from_spans(*spans[1:])
    view, edits = prepare(text, spaces=spaces, engine=engine)
    return view, OffsetMap(edits)


def prepare_explained(text: str, *, spaces: bool = True, engine: str = "auto") -> tuple[str, list[Edit], OffsetMap]:
    """:func:`prepare`'s view and edits, with their :class:`~glossary.edits.OffsetMap`
    (made in C with the edits, for callers that chain more edits onto them).

    >>> view, edits, where = prepare_explained("Vie\u0323\u0302t  Nam")
    >>> view, len(edits), where.to_input(view.index("Nam"))
    ('Việt Nam', 2, 8)
    """
    if _in_c(engine) and not (text.isascii() and (not spaces or "  " not in text)) and not _in_python(text, spaces):
        assert _c_prepare is not None
        got = _c_prepare(text, spaces, 3, Edit, EditKind.UNICODE, EditKind.SPACE, "")
        if got is not None:
            edits, arrays = got[1]
            return got[0], edits, OffsetMap.from_spans(*(array("q", b) for b in arrays))
    view, edits = prepare(text, spaces=spaces, engine=engine)
    return view, edits, OffsetMap(edits)


def _in_c(engine: str) -> bool:
    """Does ``engine`` (a scanner's engine) prepare texts in C here?"""
    if _c_prepare is None or engine == "python":
        return False
    return engine == "c" or not pure_python()
