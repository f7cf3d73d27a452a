"""The view of a text in pure Python: NFC, runs of spaces inside a line collapsed and
zero-width spaces dropped, as edits (piece by piece, each edit one letter or one run), or
as the view alone at C speed (whole-text ``unicodedata`` and ``str`` passes) for callers
that need no edits. ``glossary/_prepare.c`` does the same in C; both give the same view.
"""

from __future__ import annotations

import unicodedata
from itertools import accumulate, compress
from operator import itemgetter, ne, sub

from .canonical import class_body, long_mark_runs, nfc
from .edits import apply_edits, compose
from .model import Edit, EditKind
from .patterns import regex
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    import re

__all__ = [
    "clean_view", "map_spans", "newlines", "nfc_edits", "nfc_spans", "prepare_edits", "space_edits", "whitespace_clean",
]

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_RUN_EDGE = "[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029 \u00a0\u200b]"  # inside a line, not a run
# The runs that may change, found at C speed by their first odd character: runs holding a
# no-break or zero-width space (from the first one on; the spaces before it are added in
# Python), and runs of spaces only, two or more, inside a line (indentation and trailing
# space, which code is full of, never reach Python).
_ODD_RUN = "[\u00a0\u200b][ \u00a0\u200b]*"
_WIDE_RUN = f"  (?<={_RUN_EDGE}  ) *(?={_RUN_EDGE})"
_NON_ASCII_SEGMENT = r"[\x00-\x7f]?[^\x00-\x7f]+"
_ASTRAL = "[\U00010000-\U0010ffff]"


def newlines(view: str) -> str:
    r"""``view`` with every other line break that ``str.splitlines`` knows written as
    ``\n``, one character for one: a lone ``\r`` (old Mac files), a form feed, ``\u2028``,
    ``\u2029`` and the rest (the ``\r`` of ``\r\n`` is kept). Words on either side of one
    are then on two lines to every reader of the view, not neighbours to some.

    >>> newlines("a\rb\r\nc\u2028d\x0ce")
    'a\nb\r\nc\nd\ne'
    """
    if not any(c in view for c in _OTHER_BREAKS):  # (no regular expression: compiling one costs more)
        return view
    view = view.translate(_AS_NEWLINE)
    return "\r\n".join(part.replace("\r", "\n") for part in view.split("\r\n")) if "\r" in view else view


_OTHER_BREAKS = _LINE_BREAKS.replace("\n", "")
#: the breaks written as one \n whatever stands beside them (\r is not: \r\n stays whole)
_AS_NEWLINE = dict.fromkeys(map(ord, _OTHER_BREAKS.replace("\r", "")), "\n")


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
    if len(text) > _BULK:
        got = _marked_edits(text)
        if got is not None:
            return got[0]
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


_BULK = 1 << 12  # texts longer than this try _marked_edits first (its tables cost ~30 ms once)


class _Composed(dict[str, str]):
    """NFC of pieces of text, computed once each (an NFD text repeats a few hundred)."""

    def __missing__(self, piece: str) -> str:
        got = nfc(piece)
        if len(piece) <= 16:  # (a long run of marks is rare, and would fill the memory)
            if len(self) >= 1 << 14:
                self.clear()
            self[piece] = got
        return got


_composed = _Composed()
_bulk: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _marked_edits(text: str) -> tuple[list[Edit], str] | None:
    """:func:`nfc_edits` and the NFC of ``text``, by whole-text passes, or None where
    :func:`nfc_spans` cannot make them."""
    got = nfc_spans(text)
    if got is None:
        return None
    unicode = EditKind.UNICODE
    return [Edit(s, e, b, a, unicode) for s, e, b, a in zip(*got[:4], strict=True)], got[4]


def nfc_spans(text: str) -> tuple[list[int], list[int], list[str], list[str], str] | None:
    """The edits of :func:`nfc_edits` as lists (starts, ends, befores, afters) and the NFC
    of ``text``, by whole-text passes, or None where they cannot be made that way.

    In a text of the BMP where every character of class 0 is NFC on its own and never
    the second of a pair that composes, no character composes with what precedes it
    except a mark: the pieces are the runs of marks with the character before them, and
    the edits are those whose NFC differs, found by one regex split.
    """
    global _bulk
    if regex(_ASTRAL).search(text):
        return None
    if _bulk is None:
        _bulk = _bulk_patterns()
    odd, marked = _bulk
    if odd.search(text):
        return None
    parts = marked.split(text)  # text, piece, text, piece, ..., text
    pieces = parts[1::2]
    sizes = list(map(len, parts))
    ends = list(accumulate(sizes))[1::2]
    afters = list(map(_composed.__getitem__, pieces))
    parts[1::2] = afters
    changed = list(map(ne, afters, pieces))
    return (list(compress(map(sub, ends, sizes[1::2]), changed)), list(compress(ends, changed)),
            list(compress(pieces, changed)), list(compress(afters, changed)), "".join(parts))


def _bulk_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the characters of the BMP that :func:`_marked_edits` leaves to the walk: not NFC
    on their own, or of class 0 and the second of a pair that composes; a run of marks
    with the character before it, as a group)."""
    import re

    normalize, combining, decomposition = unicodedata.normalize, unicodedata.combining, unicodedata.decomposition
    odd: set[int] = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul vowels and finals
    marks = []
    for cp in range(0x80, 0x10000):
        c = chr(cp)
        if combining(c):
            marks.append(cp)
        if 0xD800 <= cp < 0xE000:
            continue
        if normalize("NFC", c) != c:
            odd.add(cp)
        pair = decomposition(c).split()
        if len(pair) == 2 and not pair[0].startswith("<"):
            second = int(pair[1], 16)
            if second < 0x10000 and not combining(chr(second)):
                odd.add(second)
    return re.compile(f"[{class_body(sorted(odd))}]"), re.compile(f"([^{class_body(marks)}]?[{class_body(marks)}]+)")


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
        got = _marked_edits(text) if len(text) > _BULK else None
        edits, nfc = got if got is not None else (nfc_edits(text), None)
        if nfc is None:
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


def map_spans(text: str, spaces: bool) -> tuple[str, list[int], list[int], list[int]] | None:
    """The view of ``text`` and the spans of its edits (starts, ends, lengths of what
    replaced them), by whole-text passes, where its only edits are NFC's and
    :func:`nfc_spans` makes them (for an offset map, without edit objects); else None."""
    if len(text) <= _BULK or text.isascii() or (_probably_nfc(text) and unicodedata.is_normalized("NFC", text)):
        return None
    got = nfc_spans(text)
    if got is None or not got[0]:
        return None
    starts, ends, _, afters, view = got
    if spaces and not whitespace_clean(view):
        return None
    return view, starts, ends, list(map(len, afters))
