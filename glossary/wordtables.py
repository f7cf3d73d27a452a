"""Word-keyed tables kept as marisa-tries, read from the cache without a dict of them.

A table of some thousands of words that a process asks about a hundred of (the kin of
the syllables a news article holds; the English words among its few ASCII ones) costs a
new process more to read back as a dict (a string and a tuple made, and hashed, per
word, and a megabyte of memory) than all its lookups. Kept as a marisa-trie (a hundred
kilobytes), it loads in a tenth of a millisecond and answers a word in a microsecond or
two: where the dict took the seed article's check 5 ms and 350 page faults, the trie's
lookups take it 0.3 ms.

>>> t = StringsTable(StringsTable.pack({"khong": ("không", "khống"), "xyz": ()}))
>>> t.get("khong"), t.get("xyz"), t.get("abc")
(('không', 'khống'), (), None)
>>> c = CountsTable(*CountsTable.pack({"the": 40, "of": 7}))
>>> c.get("the"), c.get("abc"), c.total
(40, 0, 47)
"""

from __future__ import annotations

from array import array
from collections.abc import Callable

import marisa_trie

from ._derived import Raw, numbers

__all__ = ["CountsTable", "StringsTable", "readable"]

_SEP = "\x00"  #: between the strings of a word's value (no word or string holds it)


def readable(make: Callable[[], object]) -> bool:
    """Does ``make()`` (a table made of bytes from the cache) succeed? A cache entry whose
    table does not read is worked out again rather than failing every lookup."""
    try:
        make()
    except Exception:  # marisa raises plain exceptions on bytes that are no trie
        return False
    return True


class StringsTable:
    """Each word's tuple of strings (in order), from the bytes :meth:`pack` makes."""

    def __init__(self, data: Raw) -> None:
        self._trie = marisa_trie.BytesTrie().frombytes(bytes(data))

    @staticmethod
    def pack(table: dict[str, tuple[str, ...]]) -> bytes:
        if any(_SEP in s for word, value in table.items() for s in (word, *value)) or any(
                "" in value for value in table.values()):
            raise ValueError("a word or a string holds NUL, or a string is empty (one would read back as none)")
        return bytes(marisa_trie.BytesTrie((w, _SEP.join(v).encode()) for w, v in table.items()).tobytes())

    def get(self, word: str) -> tuple[str, ...] | None:
        """``word``'s strings; None for a word the table lacks (or one no trie can hold:
        a lone surrogate)."""
        try:
            got = self._trie.get(word)
        except UnicodeEncodeError:
            return None
        if not got:
            return None
        value: bytes = got[0]
        return tuple(value.decode().split(_SEP)) if value else ()


class CountsTable:
    """Each word's count (0 for a word the table lacks) and their total, from what
    :meth:`pack` makes: a trie of the words, and their counts in the order of its ids."""

    def __init__(self, trie: Raw, counts: Raw, total: int) -> None:
        self._trie = marisa_trie.Trie().frombytes(bytes(trie))
        self._counts = numbers(counts)
        if len(self._counts) != len(self._trie):
            raise ValueError("a count for each word, no more, no less")
        self.total = total

    @staticmethod
    def pack(table: dict[str, int]) -> tuple[bytes, bytes, int]:
        trie = marisa_trie.Trie(table)
        counts = array("I", bytes(4 * len(trie)))
        for word, n in table.items():
            counts[trie[word]] = n
        return bytes(trie.tobytes()), counts.tobytes(), sum(table.values())

    def get(self, word: str) -> int:
        try:
            i = self._trie.get(word)
        except UnicodeEncodeError:  # a lone surrogate: in no table
            return 0
        return 0 if i is None else self._counts[i]
