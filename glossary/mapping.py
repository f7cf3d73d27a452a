"""A glossary read as a mapping: from each key, as written, to the entries it stands for.

``Glossary`` is a read-only :class:`collections.abc.Mapping`, as users of dict-like
keyword tools (flashtext, pyahocorasick) expect: ``in``, ``[]``, ``get``, ``keys``,
``values``, ``items``, ``len`` and iteration all speak of keys, and
:meth:`TermMapping.entries` yields every row. A key is looked up the way the glossary
matches it in text: an abbreviation in its exact spelling (``CAND``, not ``cand``), a
typo, variant or term in any case (``nững``, ``Nững``, ``NỮNG``); ``lookup`` is the
forgiving search (any case, any accents).

>>> from glossary import Entry, Glossary, Kind
>>> g = Glossary.from_entries([Entry("CAND", "Công an nhân dân", Kind.ABBREVIATION),
...                            Entry("nững", "những", Kind.TYPO)])
>>> "CAND" in g, "cand" in g, "NỮNG" in g, len(g), sorted(g)
(True, False, True, 2, ['CAND', 'nững'])
>>> g["CAND"][0].replacement
'Công an nhân dân'
>>> g.get("XYZ") is None
True
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping

from .errors import GlossaryKeyError
from .model import Entry
from .text import fold
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    from .compiled import Table

__all__ = ["TermMapping"]


class TermMapping(Mapping[str, tuple[Entry, ...]]):
    """The mapping protocol over a compiled table (``self._table``)."""

    _table: Table
    _terms_cache: tuple[str, ...] | None = None
    _hash_cache: int | None = None

    def _senses_of(self, term: object) -> tuple[Entry, ...]:
        if not isinstance(term, str):
            return ()
        term = unicodedata.normalize("NFC", term)
        kid = self._table.key_id(fold(term))
        if kid is None:
            return ()
        return tuple(e for e in self._table.entries(kid) if not e.kind.case_sensitive or e.term == term)

    def __getitem__(self, term: str) -> tuple[Entry, ...]:
        """The entries (senses) the glossary applies to ``term`` as written.

        A key not in the glossary raises :class:`~glossary.errors.GlossaryKeyError` (a
        ``KeyError``), naming the spellings it does hold when only the case differs.
        """
        got = self._senses_of(term)
        if got:
            return got
        raise GlossaryKeyError(term, self._hint(term))

    def _hint(self, term: object) -> str:
        if not isinstance(term, str):
            return f"glossary keys are text (str), not {type(term).__name__}"
        kid = self._table.key_id(fold(unicodedata.normalize("NFC", term)))
        if kid is None:
            return f"{term!r} is not a key of this glossary; lookup() also ignores case and accents"
        spellings = ", ".join(repr(t) for t in dict.fromkeys(e.term for e in self._table.entries(kid)))
        return f"{term!r} is not a key of this glossary: abbreviations match as written; did you mean {spellings}?"

    def __contains__(self, term: object) -> bool:
        return bool(self._senses_of(term))

    def _terms(self) -> tuple[str, ...]:
        got = self._terms_cache
        if got is None:
            got = self._terms_cache = tuple(dict.fromkeys(e.term for e in self._table.iter_entries()))
        return got

    def __iter__(self) -> Iterator[str]:
        """Every key as written, each once, in the compiled table's order."""
        return iter(self._terms())

    def __len__(self) -> int:
        """The number of distinct keys (as written); ``stats["rows"]`` counts rows."""
        return len(self._terms())

    def __hash__(self) -> int:  # immutable, and equal (as a Mapping) to glossaries of the same rows
        got = self._hash_cache
        if got is None:
            got = self._hash_cache = hash(frozenset(self._terms()))
        return got

    def entries(self) -> Iterator[Entry]:
        """Every row (:class:`~glossary.model.Entry`), grouped by key."""
        return self._table.iter_entries()
