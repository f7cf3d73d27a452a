"""Acronyms one slip from a glossary's abbreviation (``CABD`` beside ``CAND``): two letters
swapped, or one letter replaced by a neighbouring key of a QWERTY keyboard.

Code is full of capitals (constants), so a text's acronyms are first looked up one by one;
after a few thousand of them, the slips of every abbreviation are listed once and each word
costs a lookup.
"""

from __future__ import annotations

__all__ = ["SLIP_TABLE_AFTER", "AcronymSlips"]

_KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
#: acronyms looked up one by one (20 µs each) before the table (~100 ms) is built
SLIP_TABLE_AFTER = 4096
_CACHE_LIMIT = 1 << 20
#: the acronyms already looked up one by one, per set of abbreviations (a glossary's)
_MEMOS: dict[frozenset[str], dict[str, tuple[str, ...] | None]] = {}


def _neighbours() -> dict[str, str]:
    out: dict[str, str] = {}
    for r, row in enumerate(_KEYBOARD):
        for i, c in enumerate(row):
            near = {row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)}
            for rr in (r - 1, r + 1):
                if 0 <= rr < len(_KEYBOARD):
                    near.update(_KEYBOARD[rr][j] for j in (i - 1, i, i + 1) if 0 <= j < len(_KEYBOARD[rr]))
            out[c] = "".join(sorted(near))
    return out


_NEAR = _neighbours()


class AcronymSlips:
    """The abbreviations one slip from a word, for one set of abbreviations (upper-case
    letters only).

    >>> AcronymSlips(frozenset({"CAND", "ANTT"}))("CABD"), AcronymSlips(frozenset({"CAND"}))("CAND")
    (('CAND',), None)
    """

    def __init__(self, abbreviations: frozenset[str]) -> None:
        self.abbreviations = abbreviations
        self._table: dict[str, tuple[str, ...]] | None = None
        self._asked = 0
        memo = _MEMOS.get(abbreviations)
        if memo is None:  # shared by the finders of one glossary: a new Checker starts warm
            if len(_MEMOS) >= 8:
                _MEMOS.clear()
            memo = _MEMOS[abbreviations] = {}
        self._memo = memo

    def __call__(self, word: str) -> tuple[str, ...] | None:
        """The abbreviations one slip from ``word``, or None."""
        table = self._table
        if table is None:
            got = self._memo.get(word, ())
            if got != ():
                return got
            self._asked += 1
            if self._asked < SLIP_TABLE_AFTER:
                got = self._slips_of(word)
                if len(self._memo) < _CACHE_LIMIT:
                    self._memo[word] = got
                return got
            table = self._table = self._slip_table()
        return table.get(word)

    def _slip_table(self) -> dict[str, tuple[str, ...]]:
        """Every word one slip from an abbreviation -> those abbreviations, in the order
        :meth:`_slips_of` finds them (by position; a swapped pair before a neighbouring key)."""
        pairs: dict[str, list[tuple[tuple[int, int, int], str]]] = {}
        for a in self.abbreviations:
            if len(a) < 3:
                continue
            for i in range(len(a)):
                if i + 1 < len(a):
                    pairs.setdefault(a[:i] + a[i + 1] + a[i] + a[i + 2 :], []).append(((i, 0, 0), a))
                low = a[i].lower()
                if a[i] == low.upper():
                    for y, near in _NEAR.items():
                        if low in near:
                            pairs.setdefault(a[:i] + y.upper() + a[i + 1 :], []).append(((i, 1, near.index(low)), a))
        return {
            w: (found[0][1],) if len(found) == 1 else tuple(dict.fromkeys(a for _, a in sorted(found)))
            for w, found in pairs.items()
            if w not in self.abbreviations and w.isalpha()
        }

    def _slips_of(self, word: str) -> tuple[str, ...] | None:
        if word in self.abbreviations or len(word) < 3 or not word.isalpha():
            return None
        found = []
        for i in range(len(word)):
            if i + 1 < len(word):
                swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
                if swapped in self.abbreviations:
                    found.append(swapped)
            for c in _NEAR.get(word[i].lower(), ""):
                near = word[:i] + c.upper() + word[i + 1 :]
                if near in self.abbreviations:
                    found.append(near)
        return tuple(dict.fromkeys(found)) or None
