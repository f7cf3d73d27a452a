"""Aligning a short form with the syllables of a candidate long form (for :mod:`glossary.mining`).

A short form is read as a sequence of *units*: a letter group (an upper-case letter and the
lower-case letters that continue it, ``Th`` in ``ThS``), a digit run (``7`` in ``QK7``) or a
whole word (``Sở`` in ``Sở TN&MT``). Each unit must match the start of a syllable of the
long form, compared after transliteration (so ``Đ`` matches ``đ`` and ``d``, ``Ư`` matches
``ư`` and ``u``; ``W`` also matches ``ư``, as in ``TW`` for *Trung ương*); the continuation
letters of a group must follow inside the same syllable. In English-looking words several
letters may come from one word (``GHG``: *Greenhouse gas*). Syllables may be skipped:
function words cheaply (*và*, *của*, *of*, *and*), other words at a higher price. The
cheapest alignment wins; its cost becomes the confidence.

>>> syls = syllables("Bộ Giáo dục và Đào tạo", 0, 22)
>>> units = parse_short("GD&ĐT")
>>> a = align(units, syls, END)
>>> syls[a.first].start, syls[a.last].end, round(a.cost, 3)
(3, 22, 0.175)
"""

from __future__ import annotations

import functools
import math
import re
from typing import NamedTuple

from .text import fold

__all__ = ["BOTH", "END", "QUOTES", "START", "Alignment", "Syllable", "Unit", "acronym_like", "align",
           "boundary_after", "boundary_before", "confidence", "parse_short", "syllables", "translit"]

#: Modes: the long form ends at the last syllable (text before ``(SHORT)``), starts at the
#: first one (text after ``SHORT stands for``), or is the whole window (``SHORT (long)``).
END, START, BOTH = "end", "start", "both"

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_PIECE = re.compile(r"[^\W\d_]+|\d+")
_ACRONYM_CHARS = re.compile(r"[^\W_]+(?:[&\-./+'’][^\W_]+)*[+']?")
_ROMAN = re.compile(r"(?=[MDCLXVI])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})")
#: Non-ASCII letters that Vietnamese acronyms use; an all-caps word with any other
#: (``MỚI``, ``CHÚ Ý``) is a shouted word, not an acronym.
_ACRONYM_LETTERS = frozenset("ĐđƯư")

QUOTES = "\"'“”‘’«»„"
#: Characters a long form never spans (``.`` and ``:`` only when a space follows them).
_HARD = frozenset(";!?()[]{}\n\r\t|…" + QUOTES.replace("'", "").replace("’", ""))

FUNCTION_WORDS = frozenset(
    "và của các về cho với trong ở tại những hoặc hay là cùng "
    "and of the for in on to a an by with from at or de du la des et".split()
)

# Costs (the confidence is exp(-cost) scaled by the short form's length).
_SKIP_FUNCTION = 0.15
_SKIP_JOINED = 0.25  # a hyphen-joined piece: "sized" in "medium-sized"
_SKIP_ENGLISH = 0.3
_SKIP_OTHER = 0.7
_SKIP_NUMBER = 0.5
_TRAIL = 0.6
_TRAIL_NAME = 0.3  # a capitalized English word ending a name: "Group", "Bank"
_LEAD = 0.5
_COMMA = 0.1
_INSIDE = 0.25
_INSIDE_CAPS = 0.1
_SPLIT_VARIANT = 0.1
_PER_SYLLABLE = 0.005


@functools.lru_cache(maxsize=4096)
def translit(text: str) -> str:
    """ASCII lower-case form: ``translit("Đồng")`` is ``'dong'``."""
    from unidecode import unidecode

    return str(unidecode(text)).lower()


class Unit(NamedTuple):
    kind: str  # "letter", "digit" or "word"
    key: str  # letter: its transliterated first letter; digit: the digits; word: the folded word
    cont: str = ""  # letter: transliterated continuation letters
    raw: str = ""


class Syllable(NamedTuple):
    start: int
    end: int
    low: str  # folded
    key: str  # transliterated
    func: bool
    numeric: bool
    cap: bool  # starts with an upper-case letter
    upper: bool  # all caps, two letters or more
    comma: bool  # a comma separates it from the previous syllable
    joined: bool  # a hyphen with no spaces joins it to the previous syllable
    english: bool  # ASCII, and so are its neighbours


class Alignment(NamedTuple):
    first: int  # index of the first syllable of the long form
    last: int  # index of the last one
    cost: float


def acronym_like(token: str) -> bool:
    """Does a space-free token look like an abbreviation (``HĐND``, ``ThS``, ``mRNA``, ``G20``)?

    >>> [acronym_like(t) for t in ("HĐND", "ThS", "mRNA", "QK7", "Việt", "MỚI", "Fed", "A", "2019")]
    [True, True, True, True, False, False, False, False, False]
    """
    if len(token) > 15 or not _ACRONYM_CHARS.fullmatch(token):
        return False
    letters = [c for c in token if c.isalpha()]
    if not letters or any(not c.isascii() and c not in _ACRONYM_LETTERS for c in letters):
        return False
    upper = sum(c.isupper() for c in letters)
    if upper >= 2:
        return True
    if upper == 1 and any(c.isdigit() for c in token):
        return True
    seen_lower = False
    for c in letters:
        if c.islower():
            seen_lower = True
        elif seen_lower:
            return True  # mRNA, iOS, eKYC
    return False


def is_roman(token: str) -> bool:
    return bool(token) and _ROMAN.fullmatch(token) is not None


def parse_short(short: str) -> list[list[Unit]] | None:
    """The unit sequences a short form can be read as (grouped, then letter by letter),
    or ``None`` when it does not look like an abbreviation.

    >>> [[u.raw for u in v] for v in parse_short("ThS")]
    [['Th', 'S'], ['T', 'h', 'S']]
    >>> [u.raw for u in parse_short("Sở TN&MT")[0]]
    ['Sở', 'T', 'N', 'M', 'T']
    >>> parse_short("Việt Nam") is None, parse_short("tăng 5%") is None
    (True, True)
    """
    tokens = short.split()
    if not tokens or len(tokens) > 5 or len(short) > 40:
        return None
    grouped: list[Unit] = []
    split: list[Unit] = []
    acronyms = 0
    for tok in tokens:
        if acronym_like(tok):
            acronyms += 1
            for piece in _PIECE.findall(tok):
                if piece.isdigit():
                    grouped.append(Unit("digit", piece, "", piece))
                    split.append(grouped[-1])
                    continue
                for i, c in enumerate(piece):
                    letter = Unit("letter", translit(c)[:1] or c.lower(), "", c)
                    split.append(letter)
                    if c.islower() and i and grouped and grouped[-1].kind == "letter":
                        last = grouped[-1]
                        grouped[-1] = Unit("letter", last.key, last.cont + translit(c), last.raw + c)
                    else:
                        grouped.append(letter)
        elif tok.isalpha():
            grouped.append(Unit("word", fold(tok), "", tok))
            split.append(grouped[-1])
        else:
            return None
    if not acronyms or sum(u.kind != "word" for u in grouped) < 2 or not any(u.kind == "letter" for u in grouped):
        return None
    return [grouped, split] if split != grouped else [grouped]


def syllables(view: str, start: int, end: int) -> list[Syllable]:
    """The word pieces of ``view[start:end]`` with what alignment needs to know of each."""
    found = [(m.start(), m.end(), m.group()) for m in WORD.finditer(view, start, end)]
    ascii_flags = [w.isascii() for _, _, w in found]
    out = []
    prev_end = start
    for i, (s, e, w) in enumerate(found):
        gap = view[prev_end:s] if i else ""
        low = fold(w)
        letters = [c for c in w if c.isalpha()]
        english = ascii_flags[i] and (i == 0 or ascii_flags[i - 1]) and (i + 1 == len(found) or ascii_flags[i + 1])
        out.append(Syllable(
            s, e, low, translit(low), low in FUNCTION_WORDS, w.isdigit(),
            w[0].isupper(), len(letters) >= 2 and all(c.isupper() for c in letters),
            "," in gap, gap == "-", english and not w.isdigit(),
        ))
        prev_end = e
    return out


def boundary_before(view: str, end: int, limit: int = 300) -> int:
    """Where the clause that ends at ``end`` starts (at most ``limit`` characters back)."""
    lo = max(0, end - limit)
    for i in range(end - 1, lo - 1, -1):
        c = view[i]
        if c in _HARD or (c in ".:" and (i + 1 >= len(view) or view[i + 1].isspace())):
            return i + 1
    return lo


def boundary_after(view: str, start: int, limit: int = 300) -> int:
    """Where the clause that starts at ``start`` ends (at most ``limit`` characters on)."""
    hi = min(len(view), start + limit)
    for i in range(start, hi):
        c = view[i]
        if c in _HARD or (c in ".:" and (i + 1 >= len(view) or view[i + 1].isspace())):
            return i
    return hi


def _subseq(key: str, sub: str, pos: int) -> int | None:
    """Position after ``sub`` found as a subsequence of ``key`` from ``pos``, or None."""
    for c in sub:
        pos = key.find(c, pos)
        if pos < 0:
            return None
        pos += 1
    return pos


def _start_cost(u: Unit, sy: Syllable) -> float | None:
    if not sy.key or not sy.low[0].isalpha():
        return None
    if u.key == sy.key[0]:
        return 0.05 if (u.raw[0].lower() == "đ") != (sy.low[0] == "đ") else 0.0
    if u.key == "w" and sy.low[0] == "ư":
        return 0.1
    return None


def _options(sy: Syllable, units: list[Unit], j: int) -> list[tuple[int, float]]:
    """Ways syllable ``sy`` can consume units ``j, j+1, ...``: ``(how many, cost)``."""
    u = units[j]
    if u.kind == "word":
        if sy.low == u.key:
            return [(1, 0.0)]
        return [(1, 0.1)] if sy.key == translit(u.key) else []
    if u.kind == "digit":
        if not sy.numeric:
            return []
        if sy.key == u.key:
            return [(1, 0.0)]
        return [(1, 0.3)] if sy.key.endswith(u.key) else []
    cost = _start_cost(u, sy)
    if cost is None:
        return []
    pos = _subseq(sy.key, u.cont, 1)
    if pos is None:
        return []
    out = [(1, cost)]
    if sy.english or sy.upper:
        step = _INSIDE_CAPS if sy.upper else _INSIDE
        m = 1
        while j + m < len(units) and units[j + m].kind == "letter":
            nu = units[j + m]
            p = sy.key.find(nu.key, pos)
            after = None if p < 0 else _subseq(sy.key, nu.cont, p + 1)
            if after is None:
                break
            pos = after
            cost += step
            m += 1
            out.append((m, cost))
    return out


def _skip(sy: Syllable) -> float:
    if sy.func:
        return _SKIP_FUNCTION
    if sy.numeric:
        return _SKIP_NUMBER
    if sy.joined:
        return _SKIP_JOINED
    return _SKIP_ENGLISH if sy.english else _SKIP_OTHER


def _align_from(units: list[Unit], syls: list[Syllable], a: int) -> list[tuple[int, float]]:
    """Cheapest cost of consuming every unit with syllable ``a`` consuming the first, for
    each possible last consuming syllable: ``[(last, cost), ...]``."""
    n, k = len(syls), len(units)
    costs: list[dict[int, float]] = [{} for _ in range(n + 1)]
    costs[a][0] = 0.0
    ends: dict[int, float] = {}
    for i in range(a, n):
        sy = syls[i]
        comma = _COMMA if i > a and sy.comma else 0.0
        for j, c in costs[i].items():
            for m, oc in _options(sy, units, j):
                nc = c + oc + comma
                if j + m == k:
                    if nc < ends.get(i, math.inf):
                        ends[i] = nc
                elif nc < costs[i + 1].get(j + m, math.inf):
                    costs[i + 1][j + m] = nc
            if j:
                nc = c + _skip(sy) + comma
                if nc < costs[i + 1].get(j, math.inf):
                    costs[i + 1][j] = nc
    return sorted(ends.items())


def align(variants: list[list[Unit]], syls: list[Syllable], mode: str) -> Alignment | None:
    """The cheapest alignment of a short form (its unit sequences from :func:`parse_short`)
    with a window of syllables, or ``None`` when its letters cannot be matched."""
    n = len(syls)
    best: Alignment | None = None
    best_key = (math.inf, 0)
    for v, units in enumerate(variants):
        extra = _SPLIT_VARIANT * v
        starts = [0] if mode == START else range(n - 1, -1, -1)
        for a in starts:
            if not _options(syls[a], units, 0):
                continue
            for last, c in _align_from(units, syls, a):
                cost = c + extra
                if mode == END:
                    tail = syls[last + 1 :]
                    cost += sum(_TRAIL_NAME if s.english and s.cap else _TRAIL for s in tail)
                    cost += _COMMA * sum(s.comma for s in tail)
                    first, end = a, n - 1
                elif mode == BOTH:
                    cost += _LEAD * a + _TRAIL * (n - 1 - last)
                    first, end = 0, n - 1
                else:
                    first, end = 0, last
                cost += _PER_SYLLABLE * (end - first + 1)
                key = (round(cost, 6), end - first)
                if key < best_key:
                    best, best_key = Alignment(first, end, cost), key
    return best


def confidence(cost: float, units: int) -> float:
    """The confidence of an alignment of ``units`` units at ``cost``.

    >>> confidence(0.0, 4), confidence(0.0, 2), round(confidence(0.7, 4), 2)
    (0.98, 0.9, 0.49)
    """
    base = 0.9 if units <= 2 else 0.98
    return round(base * math.exp(-cost), 4)
