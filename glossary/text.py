"""Text primitives: word characters, offset-keeping case folding, case carrying, and the
cleaned "view" of a text (NFC, whitespace runs collapsed) that matching works on.
"""

from __future__ import annotations

import os
import unicodedata
from array import array
from collections.abc import Callable
from operator import itemgetter

from .canonical import long_mark_runs, nfc, nfd
from .edits import OffsetMap, apply_edits, compose
from .errors import GlossaryTypeError
from .model import Edit, EditKind
from .patterns import regex
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
    "JOINERS",
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

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_RUN_EDGE = "[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029 \u00a0\u200b]"  # inside a line, not a run
# The runs that may change, found at C speed by their first odd character: runs holding a
# no-break or zero-width space (from the first one on; the spaces before it are added in
# Python), and runs of spaces only, two or more, inside a line (indentation and trailing
# space, which code is full of, never reach Python).
_ODD_RUN = "[\u00a0\u200b][ \u00a0\u200b]*"
_WIDE_RUN = f"  (?<={_RUN_EDGE}  ) *(?={_RUN_EDGE})"
_NON_ASCII_SEGMENT = r"[\x00-\x7f]?[^\x00-\x7f]+"


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
    out = _carried(surface, replacement)
    if out is not replacement and not out.isascii() and not unicodedata.is_normalized("NFC", out):
        return unicodedata.normalize("NFC", out)
    return out


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


def whitespace_clean(text: str) -> bool:
    """True when :func:`prepare` would leave the whitespace of ``text`` alone."""
    return "\u00a0" not in text and "  " not in text and "\u200b" not in text


def _nfc_edits(text: str) -> list[Edit]:
    # Coarse segments start at an ASCII character (which never composes with what
    # precedes it and has combining class 0) or at the start of the text, so NFC of the
    # whole text is the concatenation of NFC of its segments. A segment that is not NFC
    # is split further before every character of class 0 that does not compose with
    # what precedes it, so an edit never spans two letters.
    #
    # Linear time: a character of class 0 that is NFC on its own can only compose with
    # the last character of the NFC of what precedes it, and only when that one is of
    # class 0 too (any mark in between blocks it); a character that is not NFC on its own
    # never appears in NFC text, so it always joins the piece. The NFC of a piece is
    # computed only when a character of class 0 needs its last character, or at its end.
    combining = unicodedata.combining
    marks: re.Pattern[str] | None = None
    edits = []
    for m in regex(_NON_ASCII_SEGMENT).finditer(text):
        seg = m.group()
        if unicodedata.is_normalized("NFC", seg):
            continue
        base = m.start()
        start = 0
        done: str | None = nfc(seg[:1])  # NFC of seg[start:i]; None until needed
        n = len(seg)
        skip_to = 0
        for i in range(1, n + 1):
            if i < skip_to:  # inside a run of marks seen already
                continue
            if i < n:
                c = seg[i]
                if combining(c):
                    if i + 1 < n and combining(seg[i + 1]):  # a run: find its end at C speed
                        marks = marks or long_mark_runs()[0]
                        run = marks.match(seg, i)
                        skip_to = run.end() if run else i
                    done = None
                    continue
                if unicodedata.normalize("NFC", c) != c:
                    done = None
                    continue
                if done is None:
                    done = nfc(seg[start:i])
                last = done[-1]
                if not combining(last):
                    pair = unicodedata.normalize("NFC", last + c)
                    if pair != last + c:
                        done = done[:-1] + pair
                        continue
            if done is None:
                done = nfc(seg[start:i])
            piece = seg[start:i]
            if done != piece:
                edits.append(Edit(base + start, base + i, piece, done, EditKind.UNICODE))
            if i < n:
                start, done = i, seg[i]
    return edits


def _space_edits(text: str) -> list[Edit]:
    edits = []
    n = len(text)
    breaks = _LINE_BREAKS
    if "\u00a0" in text or "\u200b" in text:
        for m in regex(_ODD_RUN).finditer(text):
            s, e = m.span()
            while s and text[s - 1] == " ":
                s -= 1
            run = text[s:e]
            if s and e < n and text[s - 1] not in breaks and text[e] not in breaks:  # inside a line
                after = " " if run.strip("\u200b") else ""
            elif "\u200b" in run:  # zero-width spaces in indentation or trailing space
                after = run.replace("\u200b", "")
            else:
                continue
            edits.append(Edit(s, e, run, after, EditKind.SPACE))
    wide = [Edit(m.start(), m.end(), m.group(), " ", EditKind.SPACE) for m in regex(_WIDE_RUN).finditer(text)]
    if not edits:
        return wide
    if wide:
        edits.extend(wide)
        edits.sort(key=_START)
    return edits


_START = itemgetter(0)


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
        if not _has_eth(text):  # C gives the text back where a tone is typed before a vowel mark
            assert _c_prepare is not None
            got = _c_prepare(text, spaces, 1 if explain else 0, Edit, EditKind.UNICODE, EditKind.SPACE, "")
            if got is not None:
                return got[0], got[1] if explain else []
    fixes = _unicode_fixes(text)
    if fixes:
        fixed = apply_edits(text, fixes)
        view, more = prepare(fixed, spaces=spaces, engine=engine)
        return view, compose(text, fixes, more, fixed)
    return _prepare(text, spaces)


def _has_eth(text: str) -> bool:
    """Might :func:`eth_edits` find something (at memory speed)?"""
    return "\u00d0" in text or "\u00f0" in text


def _unicode_fixes(text: str) -> list[Edit]:
    """The fixes NFC does not make (:func:`eth_edits`, :func:`mark_order_edits`), sorted."""
    if text.isascii():
        return []
    return sorted(eth_edits(text) + mark_order_edits(text))


def prepare_map(text: str, *, spaces: bool = True, engine: str = "auto") -> tuple[str, OffsetMap]:
    """Like :func:`prepare`, with the edits as an :class:`~glossary.edits.OffsetMap` (for
    callers that only map offsets back: no edit objects are made in C).

    >>> view, where = prepare_map("Vie\u0323\u0302t  Nam")
    >>> view, where.span_to_input(view.index("Nam"), len(view))
    ('Việt Nam', (8, 11))
    """
    if _in_c(engine) and not (text.isascii() and (not spaces or "  " not in text)) and not _has_eth(text):
        assert _c_prepare is not None
        got = _c_prepare(text, spaces, 2, Edit, EditKind.UNICODE, EditKind.SPACE, "")
        if got is not None:
            return got[0], OffsetMap.from_spans(*(array("q", b) for b in got[1]))
    view, edits = prepare(text, spaces=spaces, engine=engine)
    return view, OffsetMap(edits)


def prepare_explained(text: str, *, spaces: bool = True, engine: str = "auto") -> tuple[str, list[Edit], OffsetMap]:
    """:func:`prepare`'s view and edits, with their :class:`~glossary.edits.OffsetMap`
    (made in C with the edits, for callers that chain more edits onto them).

    >>> view, edits, where = prepare_explained("Vie\u0323\u0302t  Nam")
    >>> view, len(edits), where.to_input(view.index("Nam"))
    ('Việt Nam', 2, 8)
    """
    if _in_c(engine) and not (text.isascii() and (not spaces or "  " not in text)) and not _has_eth(text):
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
    return engine == "c" or not os.environ.get("GLOSSARY_PURE_PYTHON")


def _prepare(text: str, spaces: bool) -> tuple[str, list[Edit]]:
    """The Python path of :func:`prepare`, for text without :func:`_unicode_fixes`."""
    edits: list[Edit] = []
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        edits = _nfc_edits(text)
        nfc = apply_edits(text, edits)
        if spaces and not whitespace_clean(nfc):
            edits = compose(text, edits, _space_edits(nfc))
            return _renormalize(text, apply_edits(text, edits), edits)
        return nfc, edits
    if not spaces or whitespace_clean(text):
        return text, edits
    edits = _space_edits(text)
    return _renormalize(text, apply_edits(text, edits), edits)


def _renormalize(text: str, view: str, edits: list[Edit]) -> tuple[str, list[Edit]]:
    """NFC again where dropping a zero-width space put a combining mark next to a letter
    it composes with (``E\u200b\u0300`` becomes ``È``, not ``E\u0300``)."""
    # Only a dropped zero-width space can join a mark to a letter (a collapsed run leaves a
    # space, which composes with nothing), so text without one skips the second NFC check.
    if "\u200b" not in text or view.isascii() or unicodedata.is_normalized("NFC", view):
        return view, edits
    more = _nfc_edits(view)
    return apply_edits(view, more), compose(text, edits, more, view)
