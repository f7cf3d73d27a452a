"""The slow, obviously-correct reference every method's output is checked against.

Matching semantics (the spec of ``Glossary.normalize`` for typo rows):

* A word character is a Unicode letter, digit (``str.isalnum``) or combining mark;
  ``_`` is not one.
* Keys match whole words: the character before a match and (when the key ends in a word
  character or in ' ’ -, which join words) the character after it are not word characters.
* Typo keys match case-insensitively (one character lowers to one character, ``İ`` to ``i``).
* At each position the longest key that ends at a word boundary wins; when the longest
  candidate ends inside a word, the next shorter key that fits is used.
* Matches are leftmost and non-overlapping; a multi-word key matches across one space.
* The replacement carries the case of the matched text: all lower keeps the stored
  replacement, all caps upper-cases it (a single cased letter capitalizes instead), every
  word capitalized capitalizes every word, a capital first letter capitalizes the first
  letter; any other pattern keeps the stored replacement.

Nothing here imports ``glossary``: it is an independent implementation.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from typing import NamedTuple

_ALNUM_RUN = re.compile(r"[^\W_]+")  # Python's \w is isalnum() plus "_"


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def fold(text: str) -> str:
    """One character lowers to one character: ``İ`` to ``i``, ``Σ`` to ``σ`` wherever it
    stands (``str.lower`` writes a final ``ς``)."""
    low = text.lower()
    if len(low) == len(text) and "Σ" not in text:
        return low
    return "".join("i" if c == "\u0130" else c.lower() for c in text)


def _capitalize(text: str) -> str:
    for i, c in enumerate(text):
        if c.lower() != c.upper():
            return text[:i] + c.upper() + text[i + 1 :]
    return text


def _capitalized(word: str) -> bool:
    cased = [c for c in word if c.lower() != c.upper()]
    return bool(cased) and cased[0].isupper() and all(c.islower() for c in cased[1:])


def carry_case(surface: str, replacement: str) -> str:
    cased = [c for c in surface if c.lower() != c.upper()]
    if not cased or all(c.islower() for c in cased):
        return replacement
    if all(c.isupper() for c in cased):
        return replacement.upper() if len(cased) > 1 else _capitalize(replacement)
    words = surface.split()
    if len(words) > 1 and all(_capitalized(w) for w in words):
        return " ".join(_capitalize(w) for w in replacement.split(" "))
    if _capitalized(surface):
        return _capitalize(replacement)
    return replacement


def first_run(key: str) -> str:
    """The leading run of word characters of a key."""
    i = 0
    while i < len(key) and is_word_char(key[i]):
        i += 1
    return key[:i]


class RefMatch(NamedTuple):
    start: int
    end: int
    surface: str
    replacement: str  # case carried


class Reference:
    """Reference matcher over ``{key: replacement}`` (keys are folded on the way in)."""

    def __init__(self, pairs: Mapping[str, str]) -> None:
        self.fixes: dict[str, str] = {}
        by_first: dict[str, list[str]] = {}
        for key, rep in pairs.items():
            k = fold(key)
            if not k or not is_word_char(k[0]):
                raise ValueError(f"key {key!r} must begin with a word character")
            self.fixes[k] = rep
            by_first.setdefault(first_run(k), []).append(k)
        self.by_first = {w: sorted(ks, key=len, reverse=True) for w, ks in by_first.items()}
        self.fallbacks = 0  # matches where a longer candidate ended inside a word

    def matches(self, text: str) -> list[RefMatch]:
        low = fold(text)
        n = len(text)
        out: list[RefMatch] = []
        last = 0
        for m in _ALNUM_RUN.finditer(text):
            p = m.start()
            if p < last or (p and is_word_char(text[p - 1])):
                continue
            e = m.end()
            while e < n and is_word_char(text[e]):  # runs continued by combining marks
                e += 1
            candidates = self.by_first.get(low[p:e])
            if not candidates:
                continue
            skipped = False
            for k in candidates:  # longest first
                end = p + len(k)
                if low[p:end] != k:
                    continue
                if end < n and (is_word_char(k[-1]) or k[-1] in "'’-") and is_word_char(text[end]):
                    skipped = True  # ends inside a word (or after ' ’ - that join words): try a shorter key
                    continue
                surface = text[p:end]
                out.append(RefMatch(p, end, surface, carry_case(surface, self.fixes[k])))
                self.fallbacks += skipped
                last = end
                break
        return out

    def normalize(self, text: str) -> tuple[str, list[RefMatch]]:
        """Replace every match. ``text`` must already be NFC and whitespace-clean."""
        if not unicodedata.is_normalized("NFC", text):
            raise ValueError("the reference needs NFC text")
        if "  " in text or "\u00a0" in text or "\u200b" in text:
            raise ValueError("the reference needs whitespace-clean text")
        found = self.matches(text)
        pieces, pos = [], 0
        for m in found:
            pieces.append(text[pos : m.start])
            pieces.append(m.replacement)
            pos = m.end
        pieces.append(text[pos:])
        return "".join(pieces), found


def count_wrong(out: str, expected: str) -> int | None:
    """How many places ``out`` differs from ``expected`` (missed, wrong or extra edits).

    Lines are aligned one to one (no key or replacement holds a line break); differing
    lines are diffed word by word and every non-equal run counts once. ``None`` when the
    line counts differ.
    """
    if out == expected:
        return 0
    a_lines, b_lines = out.split("\n"), expected.split("\n")
    if len(a_lines) != len(b_lines):
        return None
    wrong = 0
    for a, b in zip(a_lines, b_lines):
        if a != b:
            sm = difflib.SequenceMatcher(None, a.split(" "), b.split(" "), autojunk=False)
            wrong += sum(1 for op in sm.get_opcodes() if op[0] != "equal")
    return wrong


def first_difference(out: str, expected: str, context: int = 40) -> str:
    """A short excerpt around the first difference, for reports."""
    if out == expected:
        return ""
    i = next((k for k, (a, b) in enumerate(zip(out, expected)) if a != b), min(len(out), len(expected)))
    lo = max(0, i - context)
    return f"at {i}: got {out[lo:i + context]!r}, expected {expected[lo:i + context]!r}"
