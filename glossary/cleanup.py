"""The view of a text in pure Python: NFC, runs of spaces inside a line collapsed and
zero-width spaces dropped, as edits (piece by piece, each edit one letter or one run), or
as the view alone at C speed (whole-text ``unicodedata`` and ``str`` passes) for callers
that need no edits. ``glossary/_prepare.c`` does the same in C; both give the same view.
"""

from __future__ import annotations

import unicodedata
from operator import itemgetter

from .canonical import long_mark_runs, nfc
from .edits import apply_edits, compose
from .model import Edit, EditKind
from .patterns import regex
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    import re

__all__ = ["clean_view", "nfc_edits", "prepare_edits", "space_edits", "whitespace_clean"]

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_RUN_EDGE = "[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029 \u00a0\u200b]"  # inside a line, not a run
# The runs that may change, found at C speed by their first odd character: runs holding a
# no-break or zero-width space (from the first one on; the spaces before it are added in
# Python), and runs of spaces only, two or more, inside a line (indentation and trailing
# space, which code is full of, never reach Python).
_ODD_RUN = "[\u00a0\u200b][ \u00a0\u200b]*"
_WIDE_RUN = f"  (?<={_RUN_EDGE}  ) *(?={_RUN_EDGE})"
_NON_ASCII_SEGMENT = r"[\x00-\x7f]?[^\x00-\x7f]+"


def whitespace_clean(text: str) -> bool:
    """True when the view of ``text`` keeps its whitespace as it is."""
    return "\u00a0" not in text and "  " not in text and "\u200b" not in text


def nfc_edits(text: str) -> list[Edit]:
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


def space_edits(text: str) -> list[Edit]:
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



def prepare_edits(text: str, spaces: bool) -> tuple[str, list[Edit]]:
    """The view of ``text`` (NFC, spaces cleaned up when ``spaces``) and the edits that make
    it, for text without the fixes NFC does not make (see ``text.prepare``)."""
    edits: list[Edit] = []
    if not text.isascii() and not (_probably_nfc(text) and unicodedata.is_normalized("NFC", text)):
        edits = nfc_edits(text)
        nfc = apply_edits(text, edits)
        if spaces and not whitespace_clean(nfc):
            edits = compose(text, edits, space_edits(nfc))
            return _renormalize(text, apply_edits(text, edits), edits)
        return nfc, edits
    if not spaces or whitespace_clean(text):
        return text, edits
    edits = space_edits(text)
    return _renormalize(text, apply_edits(text, edits), edits)


def _renormalize(text: str, view: str, edits: list[Edit]) -> tuple[str, list[Edit]]:
    """NFC again where dropping a zero-width space put a combining mark next to a letter
    it composes with (``E\u200b\u0300`` becomes ``È``, not ``E\u0300``)."""
    # Only a dropped zero-width space can join a mark to a letter (a collapsed run leaves a
    # space, which composes with nothing), so text without one skips the second NFC check.
    if "\u200b" not in text or view.isascii() or unicodedata.is_normalized("NFC", view):
        return view, edits
    more = nfc_edits(view)
    return apply_edits(view, more), compose(text, edits, more, view)


# A no-break space in a run at the end of a line (or of the text): the last one of the
# run, then spaces and zero-width spaces only (each character is read once: from the no-break
# space before it). On the text reversed, at the start of a line.
_EDGE_NBSP = f"\u00a0[ \u200b]*(?:[{_LINE_BREAKS}]|\\Z)"


def clean_view(text: str, spaces: bool) -> str:
    """``prepare_edits(text, spaces)[0]``, made by whole-text passes at C speed.

    NFC of the whole text. Inside a line a run of spaces, no-break and zero-width spaces
    becomes one space (none if it holds only zero-width spaces), and at a line's edge only
    its zero-width spaces go: so, when no run at a line's edge holds a no-break space,
    every no-break space becomes a space, every zero-width space goes, and then every run
    of two spaces or more inside a line becomes one (the runs it leaves at a line's edge
    are those the view keeps, without their zero-width spaces). Otherwise the runs are
    rewritten one by one (:func:`space_edits`).
    """
    view = text if text.isascii() or (_probably_nfc(text) and unicodedata.is_normalized("NFC", text)) else nfc(text)
    if not spaces or whitespace_clean(view):
        return view
    if "\u00a0" in view and _nbsp_at_edge(view):
        view = apply_edits(view, space_edits(view))
    else:
        if "\u00a0" in view:
            view = view.replace("\u00a0", " ")
        if "\u200b" in view:
            view = view.replace("\u200b", "")
        if "  " in view:
            view = regex(_WIDE_RUN).sub(" ", view)
    if "\u200b" in text and not view.isascii() and not unicodedata.is_normalized("NFC", view):
        view = nfc(view)  # a dropped zero-width space put a mark next to a letter (see _renormalize)
    return view


def _probably_nfc(text: str) -> bool:
    """Is the start of ``text`` NFC? Where it is not, :func:`clean_view` goes straight to
    NFC: ``unicodedata.is_normalized`` normalizes the whole text to answer when it holds
    marks (as NFD text does), which would be done twice."""
    return len(text) <= _PROBE or unicodedata.is_normalized("NFC", text[:_PROBE])


_PROBE = 4096


def _nbsp_at_edge(text: str) -> bool:
    """Does a run of spaces at the start or end of a line (or of ``text``) hold a no-break space?"""
    return regex(_EDGE_NBSP).search(text) is not None or regex(_EDGE_NBSP).search(text[::-1]) is not None
