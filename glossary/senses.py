"""Choosing what a match becomes: a typo's one fix, an abbreviation's sense for the
caller's domains, whether a mention is already defined in place, and whether it is part
of a longer code."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import GlossaryTypeError
from .model import Entry
from .text import BLANKS, fold, joined

__all__ = ["choose_sense", "defined_in_place", "ends_sentence", "fix_of", "in_code", "wanted_domains"]


def wanted_domains(domains: Iterable[str] | str | None) -> frozenset[str] | None:
    if domains is None:
        return None
    if isinstance(domains, str):
        return frozenset({domains})
    try:
        got = frozenset(domains)
    except TypeError:
        raise GlossaryTypeError(f"domains must be a list of strings, not {type(domains).__name__}") from None
    if not all(isinstance(d, str) for d in got):
        raise GlossaryTypeError("domains must be a list of strings")
    return got


def fix_of(senses: tuple[Entry, ...]) -> str | None:
    """The replacement of a typo or variant key, or None when its rows disagree."""
    first = senses[0].replacement
    return first if all(s.replacement == first for s in senses) else None


def choose_sense(senses: tuple[Entry, ...], domains: frozenset[str] | None) -> Entry | None:
    """The one sense of an abbreviation to expand, or None when it stays ambiguous.

    A key whose rows all agree expands. Otherwise the caller's domains pick the senses
    of those domains (or, failing that, the senses with no domain); exactly one
    distinct expansion must remain.
    """
    if all(s.replacement == senses[0].replacement for s in senses):
        return senses[0]
    if not domains:
        return None
    picked = [s for s in senses if s.domain in domains] or [s for s in senses if not s.domain]
    if picked and all(s.replacement == picked[0].replacement for s in picked):
        return picked[0]
    return None


def defined_in_place(view: str, s: int, e: int, expansion: str) -> bool:
    """Is the mention already next to its expansion: ``X (ABBR)`` or ``ABBR (X)``?"""
    size = len(expansion)
    after = view[e : e + size + 3]
    if fold(after) == fold(f" ({expansion})"):
        return True
    if s and view[s - 1] == "(" and view[e : e + 1] == ")":
        before = view[max(0, s - size - 2) : s - 1].rstrip()
        return fold(before[-size:]) == fold(expansion)
    return False


def in_code(view: str, s: int, e: int) -> bool:
    """Is ``view[s:e]`` part of a document number: joined to a word or number on either
    side by ``/`` or ``-`` (``12/QĐ-UBND``, ``30/2020/NĐ-CP``, ``205-QĐ/TW``)? Such a code
    is an identifier and stays as written, also when the key holds a joiner itself; the
    key standing alone (``theo QĐ/TW``, ``NĐ-CP``) is an ordinary mention.

    >>> in_code("số 205-QĐ/TW ngày", 7, 12), in_code("theo QĐ/TW và", 5, 10)
    (True, False)
    """
    return joined(view, s, e, "/-")


def ends_sentence(view: str, s: int, e: int) -> bool:
    """Is the full stop that ends the key ``view[s:e]`` (``v.v.``) also a sentence's?

    It is at the end of the text or of a line, before more dots (``v.v...``), and, for a
    key that begins in lower case, before a capital (``v.v. Sau đó``). A capitalised key
    ending in ``.`` is a title or prefix (``TS.``, ``TP.``, ``KT.``): the capital after
    it begins the name it stands before.

    >>> ends_sentence("táo, v.v. Sau", 5, 9), ends_sentence("TS. Nguyễn", 0, 3), ends_sentence("v.v., và", 0, 4)
    (True, False, False)
    """
    if view[e - 1] != ".":
        return False
    i, n = e, len(view)
    while i < n and view[i] in BLANKS:
        i += 1
    if i == n or view[i] in "\r\n":
        return True
    if i == e:
        return view[i] == "."
    return view[s].islower() and view[i].isupper()
