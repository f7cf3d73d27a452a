"""The hot loop: leftmost-longest glossary matches at word boundaries.

Two engines give the same spans. The C extension (``glossary._speedups``, built by
``pip install`` where a compiler is present) hashes every folded key and key anchor
(the first letter-and-digit run of a key) and walks the text once, extending only at
anchors; each span it reports is checked against the trie here. Without it, a C-speed
pre-pass splits each block of text at whitespace and drops every token already known
to hold no indexing run (each key is indexed by its rarest letter-and-digit run: for a
typo of several words, the misspelled one); tokens never seen before are classified
once and remembered, and only where a token holds an indexing run and the text there
spells one of its keys is the trie asked, longest key first, with exact word-boundary
checks.

:class:`Scanner` is the one face of both: :meth:`Scanner.scan` finds, :meth:`Scanner.fix`
finds and replaces, and nothing above this module knows which engine runs. The engine is
chosen per scanner (``engine="auto"``, ``"c"`` or ``"python"``); ``auto`` takes the C one
when it is built, unless ``GLOSSARY_PURE_PYTHON=1`` is set.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate, compress, count
from types import ModuleType

from .compiled import KIND_CODES, Table
from .errors import OptionError
from .model import Edit, EditKind, Entry, Kind
from .senses import fix_of
from .text import PIECES, carry_case, fold, is_word_char, needs_end_boundary, regex
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
#: A token's candidates (see Scanner._classify).
_Keys = tuple[tuple[int, frozenset[str]], ...]  # (length, keys of that length)
_Hits = tuple[int | tuple[int, _Keys, bool], ...]

_BLOCK = 1 << 14
_WS = r"\s"
_SPLIT = r"(\s+)"  # tokens and the whitespace between them
_MANY_REGIONS = 32  # more regions than this are read in one pass over the whole text
_FIND_RATIO = 64  # a str.find pass over a block costs about as much as cutting it into 64 tokens
_CACHE_LIMIT = 1 << 20
_AT_START = (0,)
_KIND_BITS = {k: 1 << code for k, code in KIND_CODES.items()}  # bit k of a mask: rows of kind code k
_FIXED = frozenset({Kind.TYPO, Kind.VARIANT})  # kinds whose rows say what the key should be


def accelerated() -> bool:
    """Is the C scanner available and enabled?"""
    return _speedups is not None and not os.environ.get("GLOSSARY_PURE_PYTHON")


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
        self._piece_index: dict[bool, dict[str, dict[int, _Keys]]] = {}  # case-sensitive? -> _pieces
        self._clean: set[str] = set()
        self._hits: dict[str, _Hits] = {}
        self._senses: dict[int, tuple[tuple[Entry, ...], tuple[Entry, ...]]] = {}
        self._keys: dict[int, str] = {}
        self.engine = resolve_engine(engine)
        self._fixes: dict[int, str] = {}  # key id -> its fix ("" when its rows disagree)
        cs = any(k.case_sensitive for k in kinds & present)
        self._index: Any = _index(table, cs) if self.engine == "c" and not self._empty else None
        self._mode = sum(_KIND_BITS[k] for k in kinds)

    def _pieces(self, case_sensitive: bool) -> dict[str, dict[int, _Keys]]:
        """The pure-Python engine's candidate filter: each key of this scanner's kinds that
        matches case-sensitively (or not) is indexed by its rarest letter-and-digit run
        (one its fixes do not keep, then the least frequent Vietnamese syllable, then the
        one fewest of those keys hold, then the longest): run -> {offset of the run in the
        key: the keys, by length}. A typo key of several words is then found through its
        misspelled word, not through the common word it may start with, and the text
        there is compared with the keys before the trie is asked."""
        got = self._piece_index.get(case_sensitive)
        if got is not None:
            return got
        table = self._table
        want = sum(_KIND_BITS[k] for k in self._kinds if k.case_sensitive == case_sensitive)
        spellings: dict[str, int] = {}  # spelling -> key id
        if want:
            masks = table.kind_masks()
            for key, kid in table.items():
                if not masks[kid] & want:
                    continue
                if case_sensitive:
                    spellings.update((e.term, kid) for e in table.entries(kid)
                                     if e.kind in self._kinds and e.kind.case_sensitive)
                else:
                    spellings[key] = kid
        runs = {s: [(m.start(), m.group()) for m in regex(PIECES).finditer(s)] for s in spellings}
        counts = Counter(piece for r in runs.values() for piece in {p for _, p in r})
        attested: dict[str, int] = {}
        if any(len(r) > 1 for r in runs.values()):
            from .vietnamese import counts as syllable_counts  # loaded only for keys of several runs

            attested = syllable_counts()
        index: dict[str, dict[int, dict[int, set[str]]]] = {}
        for spelling, r in runs.items():
            if not r:
                continue
            kept: set[str] = set()  # runs a fix keeps are words that correct text holds
            if len(r) > 1 and not case_sensitive:
                for e in table.entries(spellings[spelling]):
                    if e.kind in self._kinds and e.kind in _FIXED:
                        kept.update(regex(PIECES).findall(fold(e.replacement)))
            offset, piece = min(r, key=lambda x: (x[1] in kept, attested.get(x[1].lower(), 0), counts[x[1]],
                                                  -len(x[1])))
            index.setdefault(piece, {}).setdefault(offset, {}).setdefault(len(spelling), set()).add(spelling)
        got = self._piece_index[case_sensitive] = {
            p: {d: tuple((n, frozenset(keys)) for n, keys in sorted(by_len.items())) for d, by_len in ds.items()}
            for p, ds in index.items()
        }
        return got

    def scan(self, text: str, windows: Sequence[tuple[int, int]] | None = None) -> list[Span]:
        """Leftmost-longest matches in ``text`` (only those starting in ``windows``, if given)."""
        if self._empty:
            return []
        if self._index is None and windows is not None and len(windows) > _MANY_REGIONS:
            # A fixed-point round after many fixes: one pass over the text (its blocks are
            # mostly known clean by now) costs less than a pass per window, and the
            # windows are only merged when a candidate is left to keep or drop.
            positions = self.positions(text)
            if positions:
                merged = self._regions(text, windows)
                starts = [lo for lo, _ in merged]
                positions = [p for p in positions if (r := bisect_right(starts, p) - 1) >= 0 and p < merged[r][1]]
        else:
            regions = None if windows is None else self._regions(text, windows)
            if self._index is not None:
                return self._scan_c(text, regions)
            positions = self.positions(text, regions)
        out: list[Span] = []
        last = 0
        for p in positions:
            if p >= last:
                m = self._match_at(text, p)
                if m is not None:
                    out.append(m)
                    last = m[1]
        return out

    def _match_at(self, text: str, p: int) -> Span | None:
        """The longest key of this scanner's kinds that starts at ``p`` and ends at a word boundary."""
        if p and is_word_char(text[p - 1]):
            return None
        n = len(text)
        senses_of = self._senses
        for key, kid in reversed(list(self._table.prefixes(fold(text[p : p + self._table.maxlen])))):
            e = p + len(key)
            if e < n and needs_end_boundary(key[-1]) and is_word_char(text[e]):
                continue
            got = senses_of.get(kid)
            if got is None:
                got = self._split_senses(kid)
            any_case, exact = got
            if exact:
                surface = text[p:e]
                matched = tuple(x for x in exact if x.term == surface)
                senses = any_case + matched if matched else any_case
            else:
                senses = any_case
            if senses:
                return p, e, kid, senses
        return None

    def _scan_c(self, text: str, regions: list[tuple[int, int]] | None) -> list[Span]:
        # Each C span is checked against the trie's key (hashes can collide) and its
        # senses; a span that fails is decided by the trie, and the scan resumes after it.
        index, mode = self._index, self._mode
        assert index is not None
        keys, senses_of = self._keys, self._senses
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
                    got = senses_of.get(kid) or self._split_senses(kid)
                    senses = got[0]
                    if got[1]:
                        senses += tuple(x for x in got[1] if x.term == surface)
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

    def fix(self, text: str, windows: list[tuple[int, int]] | None = None, *, explain: bool = False) -> FixRound:
        """Replace every match (starting in ``windows``, if given) by its fix, carrying the
        surface's case over; a key whose rows disagree is left as written. ``explain``
        also returns the edits and, on a whole-text pass, the ambiguous matches."""
        if not explain and self._index is not None:
            flat = None if windows is None else [x for w in windows for x in w]
            got: tuple[str, list[int]] | None = self._index.fix(
                text, self._mode, flat, self._keys, self._table.key_of, self._fixes, self._fix_of, carry_case
            )
            if got is not None:  # None: a hash collision, which the loop below decides by the trie
                out, spans = got
                return FixRound(out, list(zip(spans[::2], spans[1::2], strict=True)), [], [])
        parts: list[str] = []
        changed: list[tuple[int, int]] = []
        edits: list[Edit] = []
        ambiguous: list[tuple[int, int, tuple[Entry, ...]]] = []
        fixes = self._fixes
        pos = delta = 0
        for s, e, kid, senses in self.scan(text, windows):
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
            if explain:
                edits.append(Edit(s, e, surface, after, EditKind(senses[0].kind.value), senses[0].term))
        if parts:
            parts.append(text[pos:])
            text = "".join(parts)
        return FixRound(text, changed, edits, ambiguous)

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

    @staticmethod
    def _regions(text: str, windows: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Windows merged and widened to whole whitespace-delimited tokens."""
        merged: list[list[int]] = []
        for lo, hi in sorted(windows):
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        n = len(text)
        out: list[tuple[int, int]] = []
        for lo, hi in merged:
            lo, hi = min(max(lo, out[-1][1] if out else 0, 0), n), min(n, hi)
            while lo > 0 and not text[lo - 1].isspace():
                lo -= 1
            if hi < n and not text[hi].isspace():
                m = regex(_WS).search(text, hi)
                hi = m.start() if m else n
            if lo < hi:
                out.append((lo, hi))
        return out

    # -- the pure-Python pre-pass -----------------------------------------------------
    def _classify(self, token: str) -> _Hits:
        """Where in or before ``token`` a key whose indexing run is in ``token`` would begin:
        offsets relative to the token's start (negative: in a token before), each an int
        (a key that is that run alone: the trie decides) or (offset, the keys by length,
        folded?) when the text there must be one of those keys."""
        plain: set[int] = set()
        checked: list[tuple[int, _Keys, bool]] = []
        cs, ci = self._pieces(True), self._pieces(False)
        for index, folded, is_folded in ((cs, token, False), (ci, fold(token), True)):
            if index:
                for m in regex(PIECES).finditer(folded):
                    ds = index.get(m.group())
                    if ds:
                        for d, keys in ds.items():
                            if not d and len(keys) == 1 and keys[0][0] == m.end() - m.start():
                                plain.add(m.start())
                            else:
                                checked.append((m.start() - d, keys, is_folded))
        got: _Hits = (*sorted(plain), *checked)
        return _AT_START if got == _AT_START else got

    @staticmethod
    def _emit(text: str, base: int, offs: _Hits, out: list[int]) -> None:
        """Append the candidates of a token at ``base`` whose hits are ``offs``."""
        for o in offs:
            if o.__class__ is int:
                out.append(base + o)
            else:
                rel, keys, is_folded = o  # type: ignore[misc]
                p = base + rel
                if p >= 0:
                    for size, spelled in keys:
                        seen = text[p : p + size]
                        if (fold(seen) if is_folded else seen) in spelled:
                            out.append(p)
                            break

    def _positions(self, text: str, lo: int, hi: int, out: list[int]) -> None:
        """Append to ``out`` the offsets in ``text[lo:hi]`` where an anchor begins a
        whitespace-delimited token (``lo`` and ``hi`` must fall between tokens)."""
        clean, hits = self._clean, self._hits
        a = lo
        while a < hi:
            if hi - a <= _BLOCK:
                b = hi
            else:
                m = regex(_WS).search(text, a + _BLOCK, hi)
                b = m.end() if m else hi
            chunk = text if (a == 0 and b == len(text)) else text[a:b]
            tokens = chunk.split()
            if clean.issuperset(tokens):
                a = b
                continue
            present: dict[str, _Hits] = {}
            for tok in set(tokens) - clean:
                offs = hits.get(tok)
                if offs is None:
                    offs = self._classify(tok)
                    if not offs:
                        clean.add(tok)
                        continue
                    hits[tok] = offs
                present[tok] = offs
            if not present:
                a = b
                continue
            if len(present) * _FIND_RATIO > len(tokens):
                # Many different hit tokens: where they are, at C speed: the chunk cut into
                # tokens and the whitespace between them, their ends summed, the hits
                # picked by membership.
                parts = regex(_SPLIT).split(chunk)
                ends = list(accumulate(map(len, parts)))
                for i in compress(count(), map(present.__contains__, parts)):
                    tok = parts[i]
                    offs = present[tok]
                    start = a + ends[i] - len(tok)
                    if offs == _AT_START:
                        out.append(start)
                    else:
                        self._emit(text, start, offs, out)
            else:  # a few (a common word that indexes some key): a str.find pass for each
                end = len(chunk)
                for tok, offs in present.items():
                    size = len(tok)
                    i = chunk.find(tok)
                    while i != -1:
                        j = i + size
                        if (i == 0 or chunk[i - 1].isspace()) and (j == end or chunk[j].isspace()):
                            if offs == _AT_START:
                                out.append(a + i)
                            else:
                                self._emit(text, a + i, offs, out)
                            i = chunk.find(tok, j)
                        else:
                            i = chunk.find(tok, i + 1)
            a = b

    def positions(self, text: str, regions: Sequence[tuple[int, int]] | None = None) -> list[int]:
        """Sorted offsets where a key may begin, in all of ``text`` or in the given regions
        (which must start and end between whitespace-delimited tokens)."""
        if len(self._clean) > _CACHE_LIMIT:
            self._clean.clear()
            self._hits.clear()
        out: list[int] = []
        n = len(text)
        if regions is None:
            self._positions(text, 0, n, out)
            return sorted({p for p in out if p >= 0})
        if len(regions) > _MANY_REGIONS:  # one pass over the text costs less than one per region
            starts = [lo for lo, _ in regions]
            return [p for p in self.positions(text) if (r := bisect_right(starts, p) - 1) >= 0 and p < regions[r][1]]
        for lo, hi in regions:
            # A key starting in the region may have its indexing run after it: read on.
            ext = hi
            if hi < n:
                m = regex(_WS).search(text, min(n, hi + self._table.maxlen))
                ext = m.start() if m else n
            part: list[int] = []
            self._positions(text, lo, ext, part)
            out.extend(p for p in part if lo <= p < hi)
        return sorted(set(out))
