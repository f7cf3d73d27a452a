"""NFC and NFD in linear time, however long a run of combining marks.

CPython's ``unicodedata.normalize`` puts combining marks in canonical order with an
insertion sort, quadratic in the length of a run of marks of mixed classes (300,000 marks
take minutes). Canonical ordering is a stable sort by combining class of each run of
marks, so long runs are decomposed and sorted here first; ``unicodedata`` then finds
them in order, and the result is the same.
"""

from __future__ import annotations

import unicodedata

from .patterns import regex
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    import re
    from typing import Literal

__all__ = ["class_body", "long_mark_runs", "nfc", "nfd"]

_LONG_RUN = 16  # marks in a row beyond which NFC is helped by sorting them first
_mark_runs: tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None = None
_ASTRAL = "[\U00010000-\U0010ffff]"


def long_mark_runs() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Runs of characters that decompose to combining marks only: (any, long ones)."""
    any_run, long_run, _ = _patterns()
    return any_run, long_run


def _long_runs(text: str) -> re.Pattern[str]:
    """The pattern of long runs of marks to search ``text`` with: the one of marks of the
    BMP when ``text`` holds no character beyond it (a class that also holds ranges beyond
    the BMP is checked range by range: twenty times slower on text full of marks)."""
    patterns = _patterns()
    return patterns[1] if regex(_ASTRAL).search(text) else patterns[2]


def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    global _mark_runs
    if _mark_runs is None:
        import re

        # Every mark of a nonzero combining class lies below U+20000 (planes 2 and above
        # hold ideographs, tags and variation selectors, all of class 0).
        combining = unicodedata.combining
        cps = [cp for cp in range(0x300, 0x20000) if combining(chr(cp))]
        cps += [0xF73, 0xF75, 0xF81]  # class 0, but decompose to marks only
        cps.sort()
        cls = class_body(cps)
        bmp = class_body([cp for cp in cps if cp < 0x10000])
        _mark_runs = (re.compile(f"[{cls}]+"), re.compile(f"[{cls}]{{{_LONG_RUN + 1},}}"),
                      re.compile(f"[{bmp}]{{{_LONG_RUN + 1},}}"))
    return _mark_runs


def class_body(cps: list[int]) -> str:
    """A regular expression character class's body for the sorted code points ``cps``,
    runs of consecutive ones written as ranges."""
    import re

    ranges: list[list[int]] = []
    for cp in cps:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


def nfc(text: str) -> str:
    """``unicodedata.normalize("NFC", text)`` in linear time.

    CPython puts combining marks in canonical order with an insertion sort, quadratic in
    the length of a run of marks of mixed classes. Here long runs are decomposed and
    stably sorted by combining class first, which is exactly canonical ordering, so the
    result is the same.

    >>> nfc("a\u0301\u0323") == "\u1ea1\u0301"
    True
    """
    return _in_pieces("NFC", _ordered(text))


def _in_pieces(form: Literal["NFC", "NFD"], text: str) -> str:
    """``unicodedata.normalize(form, text)``, a piece of about 64k characters at a time.

    A piece ends before a space or a line break: a starter that composes with nothing
    before it and that no mark is reordered across, so the pieces' forms joined are the
    text's. CPython grows its output buffer by a fixed step, which costs a copy of the
    whole buffer per step where ``realloc`` cannot grow in place (as under sanitizers).
    """
    if len(text) <= _PIECE:
        return unicodedata.normalize(form, text)
    out: list[str] = []
    pos, n = 0, len(text)
    while pos < n:
        end = pos + _PIECE
        if end >= n:
            end = n
        else:
            cut = max(text.rfind(" ", pos + 1, end), text.rfind("\n", pos + 1, end))
            if cut > pos:
                end = cut
            else:  # no cut in this piece: it runs on to the next one
                ahead = [i for i in (text.find(" ", end), text.find("\n", end)) if i != -1]
                end = min(ahead) if ahead else n
        out.append(unicodedata.normalize(form, text[pos:end]))
        pos = end
    return "".join(out)


_PIECE = 1 << 16


def nfd(text: str) -> str:
    """``unicodedata.normalize("NFD", text)`` in linear time (see :func:`nfc`).

    >>> nfd("\u1ea1\u0301") == "a\u0323\u0301"
    True
    """
    return _in_pieces("NFD", _ordered(text))


def _ordered(text: str) -> str:
    """``text`` with every long run of marks decomposed and put in canonical order: the
    same text to NFC and NFD, which then sort only short runs."""
    if len(text) <= _LONG_RUN or text.isascii():
        return text
    pieces = []
    pos = 0
    decompose = unicodedata.decomposition
    for m in _long_runs(text).finditer(text):
        run = m.group()
        chars = set(run)
        if any(decompose(c) for c in chars):
            run = "".join([unicodedata.normalize("NFD", c) for c in run])
            chars = set(run)
        pieces.append(text[pos : m.start()])
        pieces.append(_stable_sort_by_class(run, chars))
        pos = m.end()
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


def _stable_sort_by_class(run: str, chars: set[str]) -> str:
    """The marks of ``run`` stably sorted by combining class, one C-speed pass per class."""
    combining = unicodedata.combining
    classes: dict[int, set[str]] = {}
    for c in chars:
        classes.setdefault(combining(c), set()).add(c)
    if len(classes) == 1:
        return run
    return "".join(
        run.translate({ord(c): None for c in chars - same}) for _, same in sorted(classes.items())
    )
