"""Choosing what a match becomes: a typo's one fix, an abbreviation's sense for the
caller's domains, whether a mention is already defined in place, and whether it is part
of a longer code."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import GlossaryTypeError
from .model import Entry
from .text import fold, joined

__all__ = ["choose_sense", "defined_in_place", "fix_of", "in_code", "wanted_domains"]


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
    """Is ``view[s:e]`` a plain key joined to other words by ``/`` or ``-``, as in a
    document number (``12/QĐ-UBND``, ``NĐ-CP``)? A key that holds ``/`` or ``-`` itself
    (``QĐ/TW``) was written for such codes and is expanded in them (``205-QĐ/TW``)."""
    return "/" not in view[s:e] and "-" not in view[s:e] and joined(view, s, e, "/-")
