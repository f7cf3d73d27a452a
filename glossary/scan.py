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

#: (start, end, entries) in the scanned text; entries are the senses that matched.
Span = tuple[int, int, tuple[Entry, ...]]

_BLOCK = 1 << 14
_WS = re.compile(r"\s")
_CACHE_LIMIT = 1 << 20


class Scanner:
    """Finds the keys of some kinds of one table. Keeps a per-scanner token cache."""

    def __init__(self, table: Table, kinds: frozenset[Kind]) -> None:
        self._table = table
        self._kinds = kinds
        self._ci = frozenset().union(*(table.anchors(k) for k in kinds if not k.case_sensitive))
        self._cs = frozenset().union(*(table.anchors(k) for k in kinds if k.case_sensitive))
        self._clean: set[str] = set()
        self._hits: dict[str, tuple[int, ...]] = {}

    def _classify(self, token: str) -> tuple[int, ...]:
        """Offsets in ``token`` where an anchor begins."""
        offsets: set[int] = set()
        if self._cs:
            offsets.update(m.start() for m in PIECE.finditer(token) if m.group() in self._cs)
        if self._ci:
            offsets.update(m.start() for m in PIECE.finditer(fold(token)) if m.group() in self._ci)
        return tuple(sorted(offsets))

    def _positions(self, text: str) -> list[int]:
        clean, hits = self._clean, self._hits
        if len(clean) > _CACHE_LIMIT:
            clean.clear()
            hits.clear()
        out: list[int] = []
        n = len(text)
        a = 0
        while a < n:
            if n - a <= _BLOCK:
                b = n
            else:
                m = _WS.search(text, a + _BLOCK)
                b = m.end() if m else n
            chunk = text if b - a == n else text[a:b]
            tokens = set(chunk.split())
            if not tokens <= clean:
                for tok in tokens - clean:
                    offs = hits.get(tok)
                    if offs is None:
                        offs = self._classify(tok)
                        if not offs:
                            clean.add(tok)
                            continue
                        hits[tok] = offs
                    size, end = len(tok), len(chunk)
                    i = chunk.find(tok)
                    while i != -1:
                        j = i + size
                        if (i == 0 or chunk[i - 1].isspace()) and (j == end or chunk[j].isspace()):
                            out.extend(a + i + o for o in offs)
                            i = chunk.find(tok, j)
                        else:
                            i = chunk.find(tok, i + 1)
            a = b
        out.sort()
        return out

    def _window_positions(self, text: str, windows: Sequence[tuple[int, int]]) -> list[int]:
        out: set[int] = set()
        for lo, hi in windows:
            for m in PIECE.finditer(text, max(0, lo)):
                if m.start() >= hi:
                    break
                piece = m.group()
                if piece in self._cs or fold(piece) in self._ci:
                    out.add(m.start())
        return sorted(out)

    def scan(self, text: str, windows: Sequence[tuple[int, int]] | None = None) -> list[Span]:
        """Leftmost-longest matches in ``text`` (only those starting in ``windows``, if given)."""
        positions = self._positions(text) if windows is None else self._window_positions(text, windows)
        if not positions:
            return []
        kinds = self._kinds
        maxlen = self._table.maxlen
        prefixes = self._table.prefixes
        entries = self._table.entries
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
                senses = tuple(
                    x for x in entries(kid)
                    if x.kind in kinds and (not x.kind.case_sensitive or text[p:e] == x.term)
                )
                if senses:
                    out.append((p, e, senses))
                    last = e
                    break
        return out
