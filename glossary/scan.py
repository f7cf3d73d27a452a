"""The hot loop: leftmost-longest glossary matches at word boundaries.

Python code runs only where a key can begin. A C-speed pre-pass splits each block of
text at whitespace and drops every token already known to hold no key anchor (the first
letter-and-digit run of a key); tokens never seen before are classified once and
remembered. Only the rare tokens that hold an anchor are located (``str.find``) and
tried against the trie, longest key first, with exact word-boundary checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .compiled import Table
from .model import Entry, Kind
from .text import PIECE, fold, is_word_char

__all__ = ["Scanner", "Span"]

#: (start, end, key id, senses) in the scanned text; senses are the entries that matched.
Span = tuple[int, int, int, tuple[Entry, ...]]

_BLOCK = 1 << 14
_FIND_RATIO = 64  # a str.find pass costs about as much as 64 tokens of a Python loop
_WS = re.compile(r"\s")
_TOKEN = re.compile(r"\S+")
_CACHE_LIMIT = 1 << 20
_AT_START = (0,)


class Scanner:
    """Finds the keys of some kinds of one table. Keeps a per-scanner token cache."""

    def __init__(self, table: Table, kinds: frozenset[Kind]) -> None:
        self._table = table
        self._kinds = kinds
        self._ci = frozenset().union(*(table.anchors(k) for k in kinds if not k.case_sensitive))
        self._cs = frozenset().union(*(table.anchors(k) for k in kinds if k.case_sensitive))
        self._clean: set[str] = set()
        self._hits: dict[str, tuple[int, ...]] = {}
        self._senses: dict[int, tuple[tuple[Entry, ...], tuple[Entry, ...]]] = {}

    def _classify(self, token: str) -> tuple[int, ...]:
        """Offsets in ``token`` where an anchor begins."""
        offsets: set[int] = set()
        if self._cs:
            offsets.update(m.start() for m in PIECE.finditer(token) if m.group() in self._cs)
        if self._ci:
            offsets.update(m.start() for m in PIECE.finditer(fold(token)) if m.group() in self._ci)
        got = tuple(sorted(offsets))
        return _AT_START if got == _AT_START else got

    def _positions(self, text: str, lo: int, hi: int, out: list[int]) -> None:
        """Append to ``out`` the offsets in ``text[lo:hi]`` where an anchor begins a
        whitespace-delimited token (``lo`` and ``hi`` must fall between tokens)."""
        clean, hits = self._clean, self._hits
        a = lo
        while a < hi:
            if hi - a <= _BLOCK:
                b = hi
            else:
                m = _WS.search(text, a + _BLOCK, hi)
                b = m.end() if m else hi
            chunk = text if (a == 0 and b == len(text)) else text[a:b]
            tokens = chunk.split()
            if clean.issuperset(tokens):
                a = b
                continue
            present: dict[str, tuple[int, ...]] = {}
            for tok in set(tokens) - clean:
                offs = hits.get(tok)
                if offs is None:
                    offs = self._classify(tok)
                    if not offs:
                        clean.add(tok)
                        continue
                    hits[tok] = offs
                present[tok] = offs
            if len(present) * _FIND_RATIO > len(tokens):
                # Many different hit tokens: one regex pass beats a str.find pass per token.
                for m in _TOKEN.finditer(chunk):
                    offs = present.get(m.group())
                    if offs is not None:
                        if offs == _AT_START:
                            out.append(a + m.start())
                        else:
                            out.extend(a + m.start() + o for o in offs)
            else:
                end = len(chunk)
                for tok, offs in present.items():
                    size = len(tok)
                    i = chunk.find(tok)
                    while i != -1:
                        j = i + size
                        if (i == 0 or chunk[i - 1].isspace()) and (j == end or chunk[j].isspace()):
                            out.extend(a + i + o for o in offs)
                            i = chunk.find(tok, j)
                        else:
                            i = chunk.find(tok, i + 1)
            a = b

    def positions(self, text: str, windows: Sequence[tuple[int, int]] | None = None) -> list[int]:
        """Sorted offsets where a key may begin, in all of ``text`` or in the given windows."""
        if len(self._clean) > _CACHE_LIMIT:
            self._clean.clear()
            self._hits.clear()
        out: list[int] = []
        n = len(text)
        if windows is None:
            self._positions(text, 0, n, out)
            out.sort()
            return out
        merged: list[list[int]] = []
        for lo, hi in sorted(windows):
            if merged and lo <= merged[-1][1]:
                if hi > merged[-1][1]:
                    merged[-1][1] = hi
            else:
                merged.append([lo, hi])
        region_end = 0
        for lo, hi in merged:
            lo, hi = max(lo, region_end, 0), min(n, hi)
            while lo > 0 and not text[lo - 1].isspace():  # widen to whole tokens
                lo -= 1
            if hi < n and not text[hi].isspace():
                m = _WS.search(text, hi)
                hi = m.start() if m else n
            if lo < hi:
                self._positions(text, lo, hi, out)
                region_end = hi
        out.sort()
        return out

    def scan(self, text: str, windows: Sequence[tuple[int, int]] | None = None) -> list[Span]:
        """Leftmost-longest matches in ``text`` (only those starting in ``windows``, if given)."""
        if not (self._ci or self._cs):
            return []
        positions = self.positions(text, windows)
        if not positions:
            return []
        maxlen = self._table.maxlen
        prefixes = self._table.prefixes
        senses_of = self._senses
        n = len(text)
        out: list[Span] = []
        last = 0
        for p in positions:
            if p < last or (p and is_word_char(text[p - 1])):
                continue
            query = text[p : p + maxlen]
            folded = query.lower()
            if len(folded) != len(query):
                folded = fold(query)
            for key, kid in reversed(list(prefixes(folded))):
                e = p + len(key)
                if e < n and is_word_char(key[-1]) and is_word_char(text[e]):
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
                    out.append((p, e, kid, senses))
                    last = e
                    break
        return out

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
