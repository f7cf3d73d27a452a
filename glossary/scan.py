"""The hot loop: leftmost-longest glossary matches at word boundaries.

Two engines give the same spans. The C extension (``glossary._speedups``, built by
``pip install`` where a compiler is present) hashes every folded key and key anchor
(the first letter-and-digit run of a key) and walks the text once, extending only at
anchors; each span it reports is checked against the trie here. Without it, the
candidate filter of :mod:`glossary.pyscan` finds, at C speed for text that holds none,
where the text spells a key (each key indexed by its rarest letter-and-digit run: for a
typo of several words, the misspelled one), and the longest of those at a word start
that ends at a word boundary wins.

:class:`Scanner` is the one face of both: :meth:`Scanner.scan` finds, :meth:`Scanner.fix`
finds and replaces, and nothing above this module knows which engine runs. The engine is
chosen per scanner (``engine="auto"``, ``"c"`` or ``"python"``); ``auto`` takes the C one
when it is built, unless ``GLOSSARY_PURE_PYTHON=1`` is set.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from .compiled import Table
from .errors import OptionError
from .model import Edit, EditKind, Entry, Kind
from .pyscan import KIND_BITS, MANY_REGIONS, Candidate, Candidates, Suspect, carry, regions
from .resources import pure_python
from .senses import fix_of
from .text import carry_case, fold, is_word_char, needs_end_boundary
from .typed import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from typing import Any

_speedups: ModuleType | None
try:
    from . import _speedups
except ImportError:  # built without a compiler: the pure-Python engine serves
    _speedups = None

__all__ = ["ENGINES", "FixRound", "Scanner", "Span", "accelerated", "describe_engine", "resolve_engine"]

#: The engines a scanner can be asked for.
ENGINES = ("auto", "c", "python")

#: (start, end, key id, senses) in the scanned text; senses are the entries that matched.
Span = tuple[int, int, int, tuple[Entry, ...]]

_CACHE_LIMIT = 1 << 20
_KIND_BITS = KIND_BITS


def accelerated() -> bool:
    """Is the C scanner available and enabled?"""
    return _speedups is not None and not pure_python()


def resolve_engine(engine: str) -> str:
    """The engine ``engine`` stands for: ``"c"`` or ``"python"`` (``"auto"``: the C one
    when it is built and not disabled by ``GLOSSARY_PURE_PYTHON``)."""
    if engine not in ENGINES:
        valid = ", ".join(repr(e) for e in ENGINES)
        raise OptionError(f"unknown engine {engine!r}; valid values are {valid}")
    if engine == "auto":
        return "c" if accelerated() else "python"
    if engine == "c" and _speedups is None:
        raise OptionError("the C scanner is not built in this installation (no compiler at install time?); "
                          "use engine='python' or 'auto'")
    return engine


def describe_engine() -> str:
    """Which scanner ``engine="auto"`` runs, and why, in words."""
    if _speedups is None:
        return "pure-Python scanner: the C scanner is not built"
    if accelerated():
        return "C scanner"
    return "pure-Python scanner: GLOSSARY_PURE_PYTHON is set"


class FixRound(NamedTuple):
    """What one pass of :meth:`Scanner.fix` did."""

    text: str  #: the text with every match replaced by its fix
    changed: list[tuple[int, int]]  #: spans of ``text`` that were written
    edits: list[Edit]  #: the edits, indexing the input (only when explaining)
    ambiguous: list[tuple[int, int, tuple[Entry, ...]]]  #: matches with no single fix (only when explaining)
    #: the pure-Python engine's suspects of ``text`` (see :mod:`glossary.pyscan`), when known:
    #: pass them to the next round's :meth:`Scanner.fix` of ``text``, which then reads only them
    suspects: list[Suspect] | None = None


def _index(table: Table, case_sensitive: bool) -> Any:
    """The C index of a table, built on first use (or read from the bytes the cache kept
    for the table) and kept as long as the table; the spellings of case-sensitive rows are
    added the first time a scanner needs them."""
    got: _Speed | None = table.scan_index
    if got is None:
        assert _speedups is not None
        index = masks = None
        if table.saved_index is not None:
            try:
                index = _speedups.Index.from_bytes(table.saved_index, table.key_count)
            except ValueError:  # written by another build of the scanner: built again below
                index = None
        if index is None:
            masks = table.kind_masks(_speedups.kinds)
            index = _speedups.Index([(key, kid, masks[kid]) for key, kid in table.items()])
            table.save_index(index.to_bytes())
        got = table.scan_index = _Speed(index, masks)
    if case_sensitive and not got.has_exact:
        if got.masks is None:
            got.masks = table.kind_masks(_speedups.kinds if _speedups is not None else None)
        got.index.set_exact([
            (e.term, kid)
            for kid, mask in enumerate(got.masks)
            if mask & _KIND_BITS[Kind.ABBREVIATION]
            for e in table.entries(kid)
            if e.kind.case_sensitive
        ])
        got.has_exact = True
    return got.index


class _Speed:
    __slots__ = ("has_exact", "index", "masks")

    def __init__(self, index: Any, masks: list[int] | None) -> None:
        self.index, self.masks, self.has_exact = index, masks, False


class Scanner:
    """Finds (and fixes) the keys of some kinds of one table, with the engine asked for."""

    def __init__(self, table: Table, kinds: frozenset[Kind], *, engine: str = "auto") -> None:
        self._table = table
        self._kinds = kinds
        present = {Kind(k) for k, n in table.header["kinds"].items() if n}
        self._empty = not (kinds & present)
        self._senses: dict[int, tuple[tuple[Entry, ...], tuple[Entry, ...]]] = {}
        self._keys: dict[int, str] = {}
        self.engine = resolve_engine(engine)
        self._fixes: dict[int, str] = {}  # key id -> its fix ("" when its rows disagree)
        cs = any(k.case_sensitive for k in kinds & present)
        self._index: Any = _index(table, cs) if self.engine == "c" and not self._empty else None
        self._mode = sum(_KIND_BITS[k] for k in kinds)
        self._candidates = Candidates(table, kinds) if self._index is None else None

    def scan(self, text: str, windows: Sequence[tuple[int, int]] | None = None) -> list[Span]:
        """Leftmost-longest matches in ``text`` (only those starting in ``windows``, if given)."""
        if self._empty:
            return []
        if self._candidates is not None:
            return self._longest(text, self._candidates.find(text, windows)[0])
        return self._scan_c(text, None if windows is None else regions(text, windows))

    def positions(self, text: str, windows: Sequence[tuple[int, int]] | None = None) -> list[int]:
        """Sorted offsets where the pure-Python engine's candidate filter finds a key spelled
        (in all of ``text`` or in ``windows``: see :meth:`Candidates.find`)."""
        found = self._candidates or Candidates(self._table, self._kinds)
        return sorted({c[0] for c in found.find(text, windows)[0]})

    def _longest(self, text: str, cands: list[Candidate]) -> list[Span]:
        """Leftmost-longest matches among sorted candidates: the first (longest) one at a
        word start that ends at a word boundary (if its key needs one) and has senses."""
        assert self._candidates is not None
        bounded = self._candidates.bounded
        n = len(text)
        out: list[Span] = []
        last = 0
        for p, neg, kid in cands:
            if p < last:
                continue
            if p and ((c := text[p - 1]).isalnum() or (c >= "\u0300" and is_word_char(c))):
                last = p + 1  # no key starts here
                continue
            e = p - neg
            if e < n and bounded[kid] and ((c := text[e]).isalnum() or (c >= "\u0300" and is_word_char(c))):
                continue
            senses = self._senses_for(kid, text, p, e)
            if senses:
                out.append((p, e, kid, senses))
                last = e
        return out

    def _senses_for(self, kid: int, text: str, p: int, e: int) -> tuple[Entry, ...]:
        """The senses of key ``kid`` that apply to ``text[p:e]``: the case-insensitive ones,
        and the case-sensitive ones spelled exactly so."""
        got = self._senses.get(kid) or self._split_senses(kid)
        any_case, exact = got
        if not exact:
            return any_case
        surface = text[p:e]
        matched = tuple(x for x in exact if x.term == surface)
        return any_case + matched if matched else any_case

    def _match_at(self, text: str, p: int) -> Span | None:
        """The longest key of this scanner's kinds that starts at ``p`` and ends at a word boundary."""
        if p and is_word_char(text[p - 1]):
            return None
        n = len(text)
        for key, kid in reversed(list(self._table.prefixes(fold(text[p : p + self._table.maxlen])))):
            e = p + len(key)
            if e < n and needs_end_boundary(key[-1]) and is_word_char(text[e]):
                continue
            senses = self._senses_for(kid, text, p, e)
            if senses:
                return p, e, kid, senses
        return None

    def _scan_c(self, text: str, regions: list[tuple[int, int]] | None) -> list[Span]:
        # Each C span is checked against the trie's key (hashes can collide) and its
        # senses; a span that fails is decided by the trie, and the scan resumes after it.
        index, mode = self._index, self._mode
        assert index is not None
        keys = self._keys
        out: list[Span] = []
        last = 0
        for lo, hi in regions if regions is not None else [(0, len(text))]:
            lo = max(lo, last)
            if lo >= hi:
                continue
            spans = index.scan(text, mode, lo, hi)
            i = 0
            while i < len(spans):
                p, e, kid = spans[i]
                i += 1
                key = keys.get(kid)
                if key is None and kid >= 0:
                    key = keys[kid] = self._table.key_of(kid)
                surface = text[p:e]
                if key is not None and (surface.lower() == key or fold(surface) == key):
                    senses = self._senses_for(kid, text, p, e)
                    if senses:
                        out.append((p, e, kid, senses))
                        last = e
                        continue
                m = self._match_at(text, p)
                if m is not None:
                    out.append(m)
                    last = m[1]
                spans, i = index.scan(text, mode, last if m is not None else p + 1, hi), 0
        return out

    def fix(
        self, text: str, windows: list[tuple[int, int]] | None = None, *, explain: bool = False,
        suspects: list[Suspect] | None = None,
    ) -> FixRound:
        """Replace every match (starting in ``windows``, if given) by its fix, carrying the
        surface's case over; a key whose rows disagree is left as written. ``explain``
        also returns the edits and, on a whole-text pass, the ambiguous matches.
        ``suspects``: those of ``text`` from the round that made it (see :class:`FixRound`)."""
        if not explain and self._index is not None:
            flat = None if windows is None else [x for w in windows for x in w]
            got: tuple[str, list[int]] | None = self._index.fix(
                text, self._mode, flat, self._keys, self._table.key_of, self._fixes, self._fix_of, carry_case
            )
            if got is not None:  # None: a hash collision, which the loop below decides by the trie
                out, spans = got
                return FixRound(out, list(zip(spans[::2], spans[1::2], strict=True)), [], [])
        if self._candidates is not None and not self._empty:
            cands, suspects = self._candidates.find(text, windows, suspects)
            found = self._longest(text, cands)
        else:
            found, suspects = self.scan(text, windows), None
        parts: list[str] = []
        changed: list[tuple[int, int]] = []
        edits: list[Edit] = []
        ambiguous: list[tuple[int, int, tuple[Entry, ...]]] = []
        moves: list[tuple[int, int, str]] = []
        fixes = self._fixes
        pos = delta = 0
        for s, e, kid, senses in found:
            rep = fixes.get(kid)
            if rep is None:
                rep = fixes[kid] = fix_of(senses) or ""
            if not rep:
                if explain and windows is None:
                    ambiguous.append((s, e, senses))
                continue
            surface = text[s:e]
            after = rep if surface.islower() else carry_case(surface, rep)
            if after == surface:
                continue
            parts.append(text[pos:s])
            parts.append(after)
            pos = e
            changed.append((s + delta, s + delta + len(after)))
            delta += len(after) - (e - s)
            moves.append((s, e, after))
            if explain:
                edits.append(Edit(s, e, surface, after, EditKind(senses[0].kind.value), senses[0].term))
        if parts:
            parts.append(text[pos:])
            text = "".join(parts)
            # (a round after a few fixes reads the text around them instead: see Candidates.find)
            suspects = carry(text, suspects, moves) if suspects is not None and len(moves) > MANY_REGIONS else None
        return FixRound(text, changed, edits, ambiguous, suspects)

    def _fix_of(self, kid: int) -> str:
        """The fix of key ``kid`` ("" when its rows disagree), for the C fixer's cache."""
        got = self._senses.get(kid) or self._split_senses(kid)
        return fix_of(got[0]) or ""

    def _split_senses(self, kid: int) -> tuple[tuple[Entry, ...], tuple[Entry, ...]]:
        """The senses of key ``kid`` of this scanner's kinds: (case-insensitive, case-sensitive)."""
        ents = [x for x in self._table.entries(kid) if x.kind in self._kinds]
        got = (
            tuple(x for x in ents if not x.kind.case_sensitive),
            tuple(x for x in ents if x.kind.case_sensitive),
        )
        if len(self._senses) >= _CACHE_LIMIT:
            self._senses.clear()
        self._senses[kid] = got
        return got
