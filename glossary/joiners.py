"""Words joined to others: when a joiner makes a piece of one longer word, and when it
only strings words together.

A hyphen, an ampersand, an underscore or an apostrophe between letters ties them: a
syllable of a hyphenated transliteration (``Ô-xtrây-li-a``), a piece of a label split by
its access key (``Dá&n``) or of a foreign word (``l'équipe``) is no word of its own
(:func:`tied`). An underscore between Vietnamese syllables is another matter: translated
argument names (``Ngày_đầu``, ``tên_cơ_sở_dữ_liệu``, as spreadsheet help writes them) are
Vietnamese words strung together, and :func:`unjoined` reads them as words, each beside
its neighbours. A glossary typo inside such a run, or inside syllables strung together
by hyphens (``Nhấn-phaỉ``), is a typo still (:func:`strung`). A word context might judge
is left alone when it is attached to what it touches: by a joiner, a backslash, a dot
(``.doc``) or the slash of a path (``usr/cac``) (:func:`attached`).
"""

from __future__ import annotations

import unicodedata
from itertools import pairwise

from .capitals import TIED, VIET_MARK, near_syllable
from .patterns import regex
from .text import is_word_char, joined
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    import re

__all__ = ["attached", "strung", "tied", "unjoined"]

#: letters joined by underscores, standing alone (no word character on either side)
_JOINED = r"(?<!\w)[^\W\d_]+(?:_[^\W\d_]+)+(?!\w)"
#: what strings syllables together in :func:`strung`: an underscore, a hyphen
_STRINGS = "_-"
#: letters strung together by them
_STRUNG = r"[^\W\d_]+(?:[-_][^\W\d_]+)+"
#: the joiners :func:`strung` reads past, on both sides of a word together, before it takes
#: the run for something else (``tên_cơ_sở_dữ_liệu`` has 4) ...
_REACH = 12
#: ... and the characters it reads on either side (more than twelve syllables' worth, even in NFD)
_REACH_CHARACTERS = 400


def tied(token: str, start: int, end: int) -> bool:
    """Is ``token[start:end]`` tied to a letter by a joiner (``- ‐ & _ ' ’``), so that it is
    part of a word and not a word of its own: a syllable of a hyphenated transliteration
    (``Ô-xtrây-li-a``, ``Xéc-bi``, ``U-x-béc``), a piece of a label split by its access key
    (``Dá&n``, ``Ẩ&n``), or of a foreign word (``l'équipe``)?

    >>> tied("Ni-gê-ri-a", 3, 5), tied("Dá&n", 0, 2), tied("-gê", 1, 3), tied("‘gê’", 1, 3)
    (True, True, False, False)
    """
    return (start > 1 and token[start - 1] in TIED and token[start - 2].isalnum()) or (
        end + 1 < len(token) and token[end] in TIED and token[end + 1].isalnum())


def _syllables(run: str, pieces: list[str], text: str, start: int) -> bool:
    """Is ``run`` (at ``text[start]``, cut into ``pieces`` at its joiners) Vietnamese
    syllables strung together: a letter with a Vietnamese mark in it, every piece a
    syllable but for its marks, no two pieces side by side one syllable (``chố_i``: an
    access key in ``chối``), and not a handle, a hashtag or a variable (``@Lâm_Tú``,
    ``$tên_tệp``)?"""
    if (start and text[start - 1] in "@#$") or not VIET_MARK.search(run) or not all(map(near_syllable, pieces)):
        return False
    return not any(near_syllable(a + b) for a, b in pairwise(pieces))


def _spaced(m: re.Match[str]) -> str:
    got = m.group()
    return got.replace("_", " ") if _syllables(got, got.split("_"), m.string, m.start()) else got


def strung(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` one of the Vietnamese syllables of a run strung together by
    underscores or hyphens (``Ngaỳ_đầu``, ``Nhấn-phaỉ``; the run as :func:`unjoined` asks),
    so that a typo in it is one to report, though the run is one token (``O_WRONLY``,
    ``re-use``)? A run of more than :data:`_REACH` joiners, or tied to more letters by an
    apostrophe (``d'Ngaỳ_đầu``), is part of something else.

    >>> strung("MONTHS(Ngaỳ_đầu)", 7, 11), strung("Nhấn-phaỉ vào", 5, 9), strung("so_luong", 0, 2)
    (True, True, False)
    """
    def inside(ch: str) -> bool:  # a letter, a combining mark (NFD text) or a joiner
        return ch in _STRINGS or (is_word_char(ch) and not ch.isdigit())

    a, b, joins = start, end, 0
    while a and inside(text[a - 1]):
        a -= 1
        joins += text[a] in _STRINGS
        if joins > _REACH or start - a > _REACH_CHARACTERS:
            return False
    while b < len(text) and inside(text[b]):
        joins += text[b] in _STRINGS
        b += 1
        if joins > _REACH or b - end > _REACH_CHARACTERS:
            return False
    while a < start and text[a] in _STRINGS:
        a += 1
    while b > end and text[b - 1] in _STRINGS:
        b -= 1
    run = unicodedata.normalize("NFC", text[a:b])
    if (a and is_word_char(text[a - 1])) or (b < len(text) and is_word_char(text[b])):
        return False  # letters and digits go on: an identifier (Ngaỳ_đầu2)
    if not regex(_STRUNG).fullmatch(run):
        return False
    return not joined(text, a, b, "'’") and _syllables(run, run.replace("-", "_").split("_"), text, a)


def unjoined(view: str) -> str:
    """``view`` with each underscore read as a space (the length kept, so offsets hold)
    where it joins Vietnamese syllables: in a run of letters joined by underscores that
    holds a letter with a Vietnamese mark, every piece a syllable but for its marks
    (``Ngaỳ_đầu``; not ``so_luong``, without marks, nor ``Đôla_tp`` or ``Ndân_số``), and
    no two pieces side by side one syllable (``chố_i``: an access key in ``chối``), and
    not a handle, a hashtag or a variable (``@Lâm_Tú``, ``$tên_tệp``).

    >>> unjoined("MONTHS(Ngaỳ_đầu; Ngày_cuối) so_luong Ndân_số Từ chố_i")
    'MONTHS(Ngaỳ đầu; Ngày cuối) so_luong Ndân_số Từ chố_i'
    """
    i = view.find("_")
    if i < 0:
        return view
    out: list[str] = []
    done = 0
    while i >= 0:  # the search starts at each underscore: a long text without many is not scanned letter by letter
        start = i
        while start and view[start - 1].isalpha():
            start -= 1
        m = regex(_JOINED).match(view, start)
        if m is None:
            i = view.find("_", i + 1)
            continue
        if (got := _spaced(m)) is not m.group():
            out += (view[done : m.start()], got)
            done = m.end()
        i = view.find("_", m.end())
    return "".join(out) + view[done:] if out else view


def attached(view: str, start: int, end: int) -> bool:
    """Is the word tied to what stands beside it: a joiner (``' - & _``, and the Unicode
    hyphen, as :func:`tied` reads them) with a character across it (not a dash or quote
    before a space: ``-khong có-``) or a backslash on either side, a slash in a run of
    ASCII (a path: ``usr/cac``; between Vietnamese words a slash is a break: ``Bạt/tắt``),
    a dot before it (``.doc``) or a dot and a letter after it (``doc.txt``)?

    >>> attached("tệp .doc của", 5, 8), attached("doc.txt", 0, 3), attached("cac tệp.", 0, 3)
    (True, True, False)
    >>> attached("xem usr/cac", 8, 11), attached("Bạt/tắt gợi ý", 0, 3), attached("mục -khong có-", 5, 10)
    (True, False, False)
    >>> attached("tệp‐cac mới", 4, 7)
    True
    """
    before = view[start - 1] if start else " "
    after = view[end] if end < len(view) else " "
    if before in "\\." or after == "\\":
        return True
    if (before in TIED and start > 1 and not view[start - 2].isspace()) or (
            after in TIED and end + 1 < len(view) and not view[end + 1].isspace()):
        return True
    if "/" in (before, after):
        a, b = start, end
        while a and not view[a - 1].isspace():
            a -= 1
        while b < len(view) and not view[b].isspace():
            b += 1
        if view[a:b].isascii():
            return True
    return after == "." and end + 1 < len(view) and view[end + 1].isalnum()
