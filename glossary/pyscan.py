"""The pure-Python engine's candidate filter: where in a text a key of a scanner's kinds is
spelled, found at C speed for the text that holds none.

Each key is indexed by its rarest letter-and-digit run (for a typo of several words, the
misspelled one). A block of text is split at whitespace and dropped when every token is
known to hold no indexing run; tokens never seen before are classified once and
remembered. The few tokens left are found in order by ``str.find``, and where a token's
run indexes a key the text there is compared with the key: a candidate is a key spelled
at an offset, which :class:`~glossary.scan.Scanner` then checks for word boundaries and
senses. No key is missed: a key spelled at a word boundary holds its indexing run as a
whole run of the text, in one token.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from itertools import filterfalse

from .compiled import KIND_CODES, Table
from .model import Kind
from .patterns import regex
from .text import PIECES, fold, needs_end_boundary

__all__ = ["KIND_BITS", "MANY_REGIONS", "Candidate", "Candidates", "Suspect", "carry", "regions", "within"]

#: (start, -length, key id): key ``kid`` (folded, or one of its case-sensitive spellings) is
#: spelled at ``start``. Sorted, a text's candidates come by start, the longest first.
Candidate = tuple[int, int, int]
#: The keys an indexing run may begin, by length (shortest first): spelling -> key id.
_Keys = tuple[tuple[int, dict[str, int]], ...]
#: What a token's run means, relative to the token's start: ``(offset, -length, key id)``
#: when the run is a key by itself, ``(offset, keys, folded?)`` when the text at offset
#: (negative: in a token before) must spell one of ``keys``.
_Hit = tuple[int, int, int] | tuple[int, _Keys, bool]
#: (offset, token): a whitespace-delimited token of a text that may hold an indexing run
#: (or, around a replacement, a few tokens with the whitespace between: a run never holds
#: whitespace, so they index what each does). A text's suspects, sorted by offset, hold
#: every token with hits.
Suspect = tuple[int, str]

#: Bit k of a mask: rows of kind code k.
KIND_BITS = {k: 1 << code for k, code in KIND_CODES.items()}
_FIXED = frozenset({Kind.TYPO, Kind.VARIANT})  # kinds whose rows say what the key should be
_BLOCK = 1 << 14
_WS = r"\s"
#: More windows than this are read in one pass over the whole text (or its suspects).
MANY_REGIONS = 32
_CACHE_LIMIT = 1 << 20


class Candidates:
    """The candidate filter of the keys of some kinds of one table."""

    def __init__(self, table: Table, kinds: frozenset[Kind]) -> None:
        self._table = table
        self._kinds = kinds
        self._by_case: dict[bool, dict[str, dict[int, _Keys]]] = {}  # case-sensitive? -> _pieces
        self._clean: set[str] = set()  # tokens that hold no indexing run
        self._hits: dict[str, tuple[_Hit, ...]] = {}
        #: key id -> must the key be followed by a non-word character?
        self.bounded: dict[int, bool] = {}

    def _pieces(self, case_sensitive: bool) -> dict[str, dict[int, _Keys]]:
        """Each key of the kinds that matches case-sensitively (or not) indexed by its rarest
        run (one its fixes do not keep, then the least frequent Vietnamese syllable, then
        the one fewest of those keys hold, then the longest): run -> {offset of the run in
        the key: the keys, by length}. A typo key of several words is then found through
        its misspelled word, not through the common word it may start with."""
        got = self._by_case.get(case_sensitive)
        if got is not None:
            return got
        table = self._table
        want = sum(KIND_BITS[k] for k in self._kinds if k.case_sensitive == case_sensitive)
        spellings: dict[str, int] = {}  # spelling -> key id
        if want:
            masks = table.kind_masks()
            for key, kid in table.items():
                if not masks[kid] & want:
                    continue
                self.bounded[kid] = needs_end_boundary(key[-1])
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
        index: dict[str, dict[int, dict[int, dict[str, int]]]] = {}
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
            by_len = index.setdefault(piece, {}).setdefault(offset, {})
            by_len.setdefault(len(spelling), {})[spelling] = spellings[spelling]
        got = self._by_case[case_sensitive] = {
            p: {d: tuple(sorted(by_len.items())) for d, by_len in ds.items()} for p, ds in index.items()
        }
        return got

    def _classify(self, token: str) -> tuple[_Hit, ...]:
        """What the runs of ``token`` index (see ``_Hit``); empty when nothing."""
        out: list[_Hit] = []
        cs, ci = self._pieces(True), self._pieces(False)
        for index, folded, is_folded in ((cs, token, False), (ci, fold(token), True)):
            if index:
                for m in regex(PIECES).finditer(folded):
                    ds = index.get(m.group())
                    if ds:
                        for d, keys in ds.items():
                            size = m.end() - m.start()
                            if not d and keys[0][0] == size:  # the run is a key itself: no need to compare
                                (kid,) = keys[0][1].values()
                                out.append((m.start(), -size, kid))
                                keys = keys[1:]
                            if keys:
                                out.append((m.start() - d, keys, is_folded))
        return tuple(out)

    def _emit(self, text: str, suspects: list[Suspect], out: list[Candidate]) -> None:
        """Append to ``out`` the candidates of the tokens ``suspects`` (offset, token) of ``text``."""
        clean, hits = self._clean, self._hits
        for start, tok in suspects:
            offs = hits.get(tok)
            if offs is None:
                if tok in clean:
                    continue
                offs = self._classify(tok)
                if not offs:
                    clean.add(tok)
                    continue
                hits[tok] = offs
            for rel, keys, x in offs:
                p = start + rel
                if keys.__class__ is int:
                    out.append((p, keys, x))
                elif p >= 0 and not (p and rel and text[p - 1].isalnum()):  # a key starts a word
                    for n, spelled in keys:  # type: ignore[union-attr]
                        seen = text[p : p + n]
                        kid = spelled.get(seen)
                        if kid is None:
                            if not x or seen.lower() == seen:  # (folded text is its own fold)
                                continue
                            kid = spelled.get(fold(seen))
                            if kid is None:
                                continue
                        out.append((p, -n, kid))

    def _suspects(self, text: str, lo: int, hi: int, out: list[Suspect]) -> None:
        """Append to ``out`` each token of ``text[lo:hi]`` that has hits, with its offset
        (``lo`` and ``hi`` must fall between whitespace-delimited tokens)."""
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
            # The tokens not known clean, in order (at C speed); each one with hits is found
            # by str.find from the end of the one before (a token equal to it in between
            # would be listed before it).
            end = len(chunk)
            at = 0
            for tok in filterfalse(clean.__contains__, tokens):
                if tok not in hits:
                    offs = self._classify(tok)
                    if not offs:
                        clean.add(tok)
                        continue
                    hits[tok] = offs
                size = len(tok)
                i = chunk.find(tok, at)
                while (i and not chunk[i - 1].isspace()) or (i + size < end and not chunk[i + size].isspace()):
                    i = chunk.find(tok, i + 1)
                at = i + size
                out.append((a + i, tok))
            a = b

    def find(
        self, text: str, windows: Sequence[tuple[int, int]] | None = None, suspects: list[Suspect] | None = None
    ) -> tuple[list[Candidate], list[Suspect] | None]:
        """The candidates of all of ``text``, or those starting in ``windows`` (merged and
        widened to whole tokens: :func:`regions`), sorted; and the suspects of ``text`` when
        known (read whole, or ``suspects`` given: they are then the only tokens read)."""
        if len(self._clean) > _CACHE_LIMIT:
            self._clean.clear()
            self._hits.clear()
        out: list[Candidate] = []
        n = len(text)
        if windows is None or len(windows) > MANY_REGIONS:
            # Many windows (a fixed-point round after many fixes): one pass over the text
            # (mostly known clean by now), or over its suspects, costs less than one per
            # window, and the windows are merged only when a candidate is left to keep or drop.
            if suspects is None:
                suspects = []
                self._suspects(text, 0, n, suspects)
            self._emit(text, suspects, out)
        else:
            maxlen = self._table.maxlen
            for lo, hi in regions(text, windows):
                # A key starting in the region may have its indexing run after it: read on.
                ext = hi
                if hi < n:
                    m = regex(_WS).search(text, min(n, hi + maxlen))
                    ext = m.start() if m else n
                found: list[Suspect] = []
                self._suspects(text, lo, ext, found)
                part: list[Candidate] = []
                self._emit(text, found, part)
                out.extend(c for c in part if lo <= c[0] < hi)
        out.sort()
        if out and windows is not None and len(windows) > MANY_REGIONS:
            out = within(out, regions(text, windows))
        return out, suspects


def carry(text: str, suspects: list[Suspect], moves: list[tuple[int, int, str]]) -> list[Suspect]:
    """The suspects of ``text``, made by replacing each span ``[s, e)`` of ``moves`` (sorted,
    apart) of an earlier text whose suspects were ``suspects`` (whitespace-delimited tokens)
    by its string: the earlier ones shifted, except those that hold or touch a replaced
    span, and around each replacement every whole token that holds or touches it, read
    from ``text`` (a replacement may hold white space, and a token two replacements)."""
    out: list[Suspect] = []
    i, count = 0, len(suspects)
    delta = 0
    n = len(text)
    lo = hi = -1  # the span of ``text`` whose tokens are to be read, not yet read

    def read(lo: int, hi: int) -> None:
        out.extend((m.start(), m.group()) for m in regex(r"\S+").finditer(text, lo, hi))

    for s, e, after in moves:
        while i < count and (got := suspects[i])[0] + len(got[1]) < s:
            if hi >= 0:  # the span before it, first
                read(lo, hi)
                lo = hi = -1
            out.append((got[0] + delta, got[1]))
            i += 1
        while i < count and suspects[i][0] <= e:
            i += 1  # holds or touches the replaced span: a token of the span around it below
        a = s + delta
        b = a + len(after)
        delta += len(after) - (e - s)
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        if b < n and not text[b].isspace():
            m = regex(_WS).search(text, b)
            b = m.start() if m else n
        if hi >= 0 and a <= hi:  # a token this replacement shares with the one before
            hi = max(hi, b)
        else:
            if hi >= 0:
                read(lo, hi)
            lo, hi = a, b
    if hi >= 0:
        read(lo, hi)
    out.extend((t + delta, tok) for t, tok in suspects[i:])
    return out


def regions(text: str, windows: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Windows merged and widened to whole whitespace-delimited tokens (sorted, apart)."""
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


def within(candidates: list[Candidate], regions: Sequence[tuple[int, int]]) -> list[Candidate]:
    """The candidates that start in one of ``regions`` (sorted, not overlapping)."""
    starts = [lo for lo, _ in regions]
    return [c for c in candidates if (r := bisect_right(starts, c[0]) - 1) >= 0 and c[0] < regions[r][1]]
