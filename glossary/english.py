"""How often English words appear in Vietnamese text: the evidence that an unaccented
ASCII word is a foreign word rather than a slip (g2p-hamster's English-token counts,
Apache-2.0, ``data/english_counts.tsv``), kept in the cache as a trie and read word by
word.

>>> english_count("The") > 10_000, english_count("không")
(True, 0)
"""

from __future__ import annotations

import threading

from ._derived import Raw, is_raw
from .cache import persisted
from .resources import data_path
from .wordtables import CountsTable, readable

__all__ = ["english_count", "english_share"]

_lock = threading.Lock()


def _valid_english(got: object) -> bool:
    """Is ``got`` what :func:`_english_counts` keeps, a table that reads?"""
    return (type(got) is tuple and len(got) == 3 and is_raw(got[0]) and is_raw(got[1]) and type(got[2]) is int
            and readable(lambda: CountsTable(*got)))


@persisted("english-counts", valid=_valid_english)
def _english_counts() -> tuple[Raw, Raw, int]:
    """g2p-hamster's English words and their counts, kept in the cache as a trie and an
    array (parsing the file took a new process about 3 ms, and a check asks about a few
    hundred words at most)."""
    with open(data_path("english_counts.tsv"), encoding="utf-8") as f:
        fields = f.read().split()  # lines of a word and its count, a tab between
    return CountsTable.pack(dict(zip(fields[::2], map(int, fields[1::2]), strict=True)))


_english: list[CountsTable] = []


def english_count(word: str) -> int:
    """How often g2p-hamster saw ``word`` (lower-cased) as an English word in Vietnamese text.

    >>> english_count("the") > english_count("khong")
    True
    """
    if not _english:
        with _lock:
            if not _english:
                _english.append(CountsTable(*_english_counts()))
    return _english[0].get(word.lower())


def english_share(word: str) -> float:
    """``word``'s share of the English words g2p-hamster saw in Vietnamese text."""
    n = english_count(word)
    return n / (_english[0].total or 1) if n else 0.0
