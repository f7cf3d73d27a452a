"""The library's values: entries, matches, edits, and the option enums (what an edit list
explains is :class:`~glossary.edits.Explained`, beside the edit machinery).

All are immutable, cheap to create, picklable and comparable (they are named tuples).
"""

from __future__ import annotations

from enum import StrEnum

from .errors import OptionError
from .typed import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from typing import TypeVar

__all__ = [
    "MIN_CONFIDENCE",
    "Definition",
    "Edit",
    "EditKind",
    "Entry",
    "Kind",
    "Match",
    "Style",
    "ToneStyle",
]


class _StrEnum(StrEnum):
    """A string enum whose members compare equal to (and print as) their plain values."""

    @classmethod
    def coerce(cls: type[_E], value: object, option: str) -> _E:
        """Accept a member or its plain string value; reject anything else by listing the valid ones."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            try:
                return cls(value)
            except ValueError:
                pass
        valid = ", ".join(repr(m.value) for m in cls)
        raise OptionError(f"unknown {option} {value!r}; valid values are {valid}")


if TYPE_CHECKING:
    _E = TypeVar("_E", bound=_StrEnum)


class Kind(_StrEnum):
    """What a glossary row is."""

    ABBREVIATION = "abbreviation"  #: short form -> expansion, matched case-sensitively
    TYPO = "typo"  #: wrong -> right, matched case-insensitively, case carried over
    VARIANT = "variant"  #: accepted alternative -> preferred form, like a typo
    TERM = "term"  #: terminology entry: found and looked up, never rewritten

    @property
    def case_sensitive(self) -> bool:
        return self is Kind.ABBREVIATION


class EditKind(_StrEnum):
    """Why an edit was made."""

    TYPO = "typo"
    VARIANT = "variant"
    ABBREVIATION = "abbreviation"  #: an expansion written by ``expand``
    UNICODE = "unicode"  #: NFC normalization
    SPACE = "space"  #: whitespace cleanup
    TONE = "tone"  #: tone-mark placement
    MARKS = "marks"  #: marks restored on an unaccented syllable (``restore_marks``)


class Style(_StrEnum):
    """How ``expand`` writes an expansion."""

    REPLACE = "replace"  #: ``CSGT`` -> ``Cảnh sát giao thông``
    ANNOTATE = "annotate"  #: ``CSGT`` -> ``CSGT (Cảnh sát giao thông)``
    FIRST = "first"  #: first mention ``Cảnh sát giao thông (CSGT)``, later ones kept


class ToneStyle(_StrEnum):
    """Where the tone mark of an open ``oa``/``oe``/``uy`` syllable goes."""

    MAIN_VOWEL = "main-vowel"  #: hoà, khoẻ, thuỷ, uỷ (decision 1989/QĐ-BGDĐT, 2018)
    FIRST_VOWEL = "first-vowel"  #: hòa, khỏe, thủy, ủy


class Entry(NamedTuple):
    """One row of a glossary."""

    term: str
    replacement: str
    kind: Kind
    domain: str = ""
    note: str = ""
    source: str = ""


class Match(NamedTuple):
    """A glossary key found in a text. ``start``/``end`` index the caller's original string.

    ``replacement`` is what the text would become (case carried over for typos and
    variants, the chosen sense for abbreviations); it is ``None`` for terminology entries
    and for keys whose senses the caller's domains did not narrow to one (``entries``
    then lists every sense).
    """

    start: int
    end: int
    surface: str
    kind: Kind
    replacement: str | None
    entries: tuple[Entry, ...]

    @property
    def ambiguous(self) -> bool:
        return self.replacement is None and self.kind is not Kind.TERM


class Edit(NamedTuple):
    """One change: ``text[start:end]`` (of the input) was ``before`` and became ``after``."""

    start: int
    end: int
    before: str
    after: str
    kind: EditKind
    term: str = ""  #: the glossary key that caused the edit, if any


#: The confidence a mined definition needs by default (``glossary.mine``, ``glossary mine``,
#: ``expand(learn=True)``): precision first.
MIN_CONFIDENCE = 0.5


class Definition(NamedTuple):
    """A short form defined in a text. Spans index the caller's string:
    ``text[short_start:short_end] == short`` and ``text[long_start:long_end] == long``."""

    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int
    confidence: float
    pattern: str
