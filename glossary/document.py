"""Evidence from the rest of the document: a word that context almost flags is flagged
when the same document writes its kin beside the same neighbour elsewhere, and never
writes the word itself there again (``của bản.`` once in a file that says ``của bạn``
five times).

A writer who slips once types the word right elsewhere; a word meant as written is
usually written so again. :func:`~glossary.realword.near_miss` gives the words whose best
kin falls short of the margin by :data:`SLACK` nats at most; this module looks the pairs
up in the document (lower case, whole words).

>>> doc = "Chọn tệp của bạn.\\nLưu tệp của bản."
>>> supported(doc.lower(), "của", "bản", "", "bạn")
True
>>> supported(doc.lower(), "tệp", "của", "bản", "cửa")
False
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from typing import TypeVar

from .resources import speedup
from .text import BLANKS

__all__ = ["BOTH_SLACK", "SLACK", "lowered", "slack", "supported"]

#: nats below the margin by which a kin may fall short when the document supports it
SLACK = 2.0
#: ... when both neighbours are words (so that the document writes the kin beside each)
BOTH_SLACK = 3.0
T = TypeVar("T")
_last: list[tuple[str, str]] = []
_indexed: list[tuple[str, dict[tuple[str, str], int]]] = []
#: what parts two words as a pair: anything but word characters and spaces
_APART = re.compile(f"[^\\w{BLANKS}]+")
#: put where a pair is parted: no word character, no white space, so no word
_WALL = " \x00 "
_WORD = re.compile(r"\w+")


def _remembered(memo: list[tuple[str, T]], text: str, work: Callable[[str], T]) -> T:
    """``work(text)``, kept in ``memo`` for the last text asked about (compared by identity)."""
    last = memo[0] if memo else None  # one read: another thread may replace it meanwhile
    if last is not None and last[0] is text:
        return last[1]
    got = work(text)
    memo[:] = [(text, got)]
    return got


def lowered(text: str) -> str:
    """``text`` in lower case (NFC), remembered for the last text asked about."""
    return _remembered(_last, text, lambda t: unicodedata.normalize("NFC", t).lower())


def slack(left: str, right: str) -> float:
    """The nats by which a kin may fall short between the words ``left`` and ``right``
    ("" for none): :data:`BOTH_SLACK` when both are words, else :data:`SLACK`."""
    return BOTH_SLACK if left and right else SLACK


def _index(doc: str) -> dict[tuple[str, str], int]:
    """Every pair of whole words that ``doc`` writes side by side, a space between, with
    its count: read once per document (remembered for the last one), so that a long file
    is not scanned again for each word asked about."""
    return _remembered(_indexed, doc, _count_pairs)


def _count_pairs(doc: str) -> dict[tuple[str, str], int]:
    """Each pair of whole words with only blanks between, with its count: in C
    (``_speedups.pair_counts``, a tenth of the time on a large file) unless
    ``GLOSSARY_PURE_PYTHON`` is set or the extension is not built (the Python count also
    holds pairs with a wall in them, which no one asks for)."""
    pair_counts = speedup("pair_counts")
    if pair_counts is not None:
        return pair_counts(doc, BLANKS)  # type: ignore[no-any-return]  # its dict
    # the text cut where no pair can cross, then at spaces: the words side by side are the
    # pairs (a pair with the wall in it is never asked for)
    words = _APART.sub(_WALL, doc).split()
    return Counter(pairwise(words))


def _pairs(doc: str, a: str, b: str) -> int:
    """How often ``doc`` writes the words ``a`` and ``b`` side by side, a space between."""
    if not (a and b):
        return 0
    if _WORD.fullmatch(a) and _WORD.fullmatch(b):
        return _index(doc).get((a, b), 0)
    # a word with a character that is no word character (an apostrophe, a lone mark) is
    # in no pair of the index: looked for in the text itself, at every place as the index is
    return len(re.findall(rf"(?<!\w){re.escape(a)}[{BLANKS}]+(?={re.escape(b)}(?!\w))", doc))


def supported(doc: str, left: str, low: str, right: str, meant: str) -> bool:
    """Does the lower-case ``doc`` write ``meant`` beside ``left`` and beside ``right``
    (words, "" for none: a neighbour that is no word asks nothing), and ``low`` beside
    neither more than once (here)? Both sides, because one pair alone is often a common
    phrase (``cho phép`` says nothing of ``sự kiện có phép gán``)."""
    left, right = left.lower(), right.lower()
    if _pairs(doc, left, low) > 1 or _pairs(doc, low, right) > 1:
        return False
    return all(_pairs(doc, a, b) > 0 for a, b in ((left, meant), (meant, right)) if a and b)
