"""Phrases the glossary spells, written out in a text: is a word one of their words?

A glossary's several-word keys and expansions (``Ban Tổ chức``, ``Ủy ban nhân dân``) are
attested spellings: context does not make a slip of a word inside one (``Ban`` there is
no slip of ``Bạn``). :func:`phrase_index` lists each word of those phrases with its
place; :func:`in_phrase` tells whether a word of a text stands inside one, written out
word for word with only blanks between, reading only the words around it (a long line
is not read whole for each word asked about).

>>> index = phrase_index(frozenset({"Ban Tổ chức"}))
>>> text = "Thư của Ban Tổ chức. Ban có thể"
>>> in_phrase(index, text, 8, 11), in_phrase(index, text, 21, 24)
(True, False)
"""

from __future__ import annotations

from itertools import pairwise

from .patterns import regex
from .text import PIECES, fold

__all__ = ["PhraseIndex", "blank_run", "in_phrase", "phrase_index"]

#: each word of the phrases (folded) -> (the phrase's words, the word's place in it)
PhraseIndex = dict[str, list[tuple[tuple[str, ...], int]]]
#: the phrase indexes built so far, per set of phrases (a glossary's): a new Checker starts warm
_INDEXES: dict[frozenset[str], PhraseIndex] = {}


def phrase_index(phrases: frozenset[str]) -> PhraseIndex:
    """Each word of the phrases of two words or more -> (the phrase's words, the word's place)."""
    index = _INDEXES.get(phrases)
    if index is None:
        index = {}
        for phrase in phrases:
            words = tuple(fold(w) for w in regex(PIECES).findall(phrase))
            for i, w in enumerate(words if len(words) > 1 else ()):
                index.setdefault(w, []).append((words, i))
        if len(_INDEXES) >= 8:
            _INDEXES.clear()
        _INDEXES[phrases] = index
    return index


def in_phrase(index: PhraseIndex, view: str, start: int, end: int) -> bool:
    """Does the word at ``view[start:end]`` stand inside a phrase of ``index``, written
    out word for word, only blanks between its words?"""
    near = index.get(fold(view[start:end]))
    if not near:
        return False
    # the words around it with only blanks between: as many as a phrase may need on either side
    a = blank_run(view, start, -max(i for _, i in near))
    b = blank_run(view, end, max(len(words) - i - 1 for words, i in near))
    line = list(regex(PIECES).finditer(view, a, b))
    k = next((i for i, m in enumerate(line) if m.start() == start), None)
    if k is None:
        return False
    for words, i in near:
        run = line[k - i : k - i + len(words)] if k >= i else []
        if (len(run) == len(words) and all(fold(m.group()) == w for m, w in zip(run, words, strict=True))
                and all(not view[x.end() : y.start()].strip() for x, y in pairwise(run))):
            return True
    return False


def blank_run(view: str, at: int, words: int) -> int:
    """Where a run of ``words`` words after ``view[at]`` ends (of ``-words`` words before
    it begins, for a negative count): words of letters and digits, each parted from the
    last by blanks on one line; sooner where anything else stands between.

    >>> text = "x.Ban  Tổ chức nhân"
    >>> text[blank_run(text, 5, 2):], text[: blank_run(text, 7, -1)]
    (' nhân', 'x.')
    """
    size = len(view)
    for _ in range(abs(words)):
        j = at
        if words > 0:
            while j < size and view[j] != "\n" and view[j].isspace():
                j += 1
            if j == at or j == size or not view[j].isalnum():
                break
            while j < size and view[j].isalnum():
                j += 1
        else:
            while j and view[j - 1] != "\n" and view[j - 1].isspace():
                j -= 1
            if j == at or not j or not view[j - 1].isalnum():
                break
            while j and view[j - 1].isalnum():
                j -= 1
        at = j
    return at
