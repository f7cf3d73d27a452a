"""Vietnamese syllables at run time: the attested list with counts, tone marks, Telex and
VNI residue, and the corrections a non-word may have (the spell checker's error model).

Costs of the error model, lowest first: 0 input-method residue (``vieetj``, ``vie6t5``);
1 a tone mark on the wrong vowel or doubled; 2 a wrong or missing tone or vowel mark,
or a dropped ``h`` of nh/ch/th/kh/ph/gh (and ng/ngh); 3 any other single-letter slip,
or a missing space between two syllables of two letters or more.
Among equal costs, the more frequent syllable comes first.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

from .cache import is_dict, persisted
from .patterns import regex
from .resources import data_path

__all__ = ["TONES", "by_letters", "candidates", "counts", "residue", "strip_marks", "toneless", "unaccented"]

TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = frozenset("aăâeêioôơuưy")
_FAMILIES = ["aăâ", "eê", "oôơ", "uư", "dđ", "iy"]
_FAMILY = {c: f for f in _FAMILIES for c in f}
_LETTERS = "abcdđeghiklmnopqrstuvxyăâêôơư"
_TELEX_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TELEX = (("uwow", "ươ"), ("uow", "ươ"), ("dd", "đ"), ("aa", "â"), ("aw", "ă"), ("ee", "ê"), ("oo", "ô"),
          ("ow", "ơ"), ("uw", "ư"), ("w", "ư"))
_VNI_TONES = {"1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323"}
_VNI_MARKS = {"6": ("aeo", "\u0302"), "7": ("ou", "\u031b"), "8": ("a", "\u0306"), "9": ("d", "")}
_H_INITIALS = ("n", "c", "t", "k", "p", "g")


@cache
@persisted("syllable-counts", valid=is_dict)
def counts() -> dict[str, int]:
    """Attested syllables (lower case, NFC) with their corpus counts (kept in the cache)."""

    out: dict[str, int] = {}
    with open(data_path("syllable_counts.tsv"), encoding="utf-8") as f:
        for line in f:
            syllable, _, n = line.rstrip("\n").partition("\t")
            out[syllable] = int(n or 0)
    return out


#: the combining diacritical marks of U+0300 to U+036F (not the grapheme joiner, of
#: class 0), deleted by ``str.translate``
_DIACRITICS = dict.fromkeys(c for c in range(0x300, 0x370) if unicodedata.combining(chr(c)))


def strip_marks(word: str) -> str:
    """``word`` without tone or vowel marks, đ as d: ``tiếng`` -> ``tieng``."""
    bare = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D")).translate(_DIACRITICS)
    if bare.isascii():
        return bare
    return "".join(c for c in bare if not unicodedata.combining(c))  # marks of other blocks and scripts


def toneless(word: str) -> bool:
    """Does ``word`` bear no tone mark (vowel marks and đ aside)? Vietnamese writes a
    loanword of several syllables solid and without tones (``lôga``, ``bêta``, ``mômen``).

    >>> toneless("lôga"), toneless("chữacủa")
    (True, False)
    """
    return not any(c in TONES for c in unicodedata.normalize("NFD", word))


@cache
@persisted("by-letters", valid=is_dict)
def _by_letters() -> dict[str, list[str]]:
    """The attested syllables by their letters without marks (kept in the cache: a new
    process reads it in a fraction of the time stripping every syllable takes)."""
    out: dict[str, list[str]] = {}
    for s in counts():
        out.setdefault(strip_marks(s), []).append(s)
    return out


@cache
def unaccented() -> frozenset[str]:
    """The attested syllables' letters without marks (``khong``, ``dung``)."""
    return frozenset(_by_letters())


def by_letters(letters: str) -> list[str]:
    """Attested syllables whose :func:`strip_marks` form is ``letters`` (lower case).

    >>> sorted(by_letters("ma"))
    ['ma', 'mà', 'má', 'mã', 'mạ', 'mả']
    """
    return list(_by_letters().get(letters, ()))


def _split_tone(word: str) -> tuple[list[str], list[str]]:
    """Letters of ``word`` without tone marks (NFC, one string each) and the tone marks found."""
    letters: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in TONES:
            tones.append(ch)
        elif unicodedata.combining(ch) and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        else:
            letters.append(ch)
    return letters, tones


def _placed(letters: list[str], tone: str) -> list[str]:
    """Every spelling with ``tone`` on one of the vowels (or no tone), attested or not."""
    base = "".join(letters)
    if not tone:
        return [base]
    out = []
    for i, c in enumerate(letters):
        if c in _VOWELS:
            out.append(unicodedata.normalize("NFC", "".join(letters[: i + 1]) + tone + "".join(letters[i + 1 :])))
    return out


_TONE_MARK = "[" + TONES + "]"
_NOT_TONE = "[^" + TONES + "\n]+"


@cache
def _by_shape() -> dict[str, tuple[str, ...]]:
    r"""Attested syllables by their letters without the tone mark, a tab and the tone
    (``"hoa\t\u0300"`` -> ``hoà``, ``hòa``; ``"hoa\t"`` -> ``hoa``): the attested
    spellings :func:`_placed` makes, looked up instead of built (a test holds the two
    to the same spellings for every tone of every attested syllable's letters). Worked
    out on all the syllables at once, in a few milliseconds."""
    from collections import Counter
    from itertools import repeat
    from operator import add

    words = list(counts())
    nfd = unicodedata.normalize("NFD", "\n".join(words))
    shapes = unicodedata.normalize("NFC", regex(_TONE_MARK).sub("", nfd)).split("\n")
    keys = list(map(add, map(add, shapes, repeat("\t")), regex(_NOT_TONE).sub("", nfd).split("\n")))
    index = dict(zip(keys, zip(words), strict=True))
    if len(index) < len(words):  # one shape and tone, several placements: hoà, hòa
        shared = {k for k, n in Counter(keys).items() if n > 1}
        index.update(dict.fromkeys(shared, ()))
        for k, w in zip(keys, words, strict=True):
            if k in shared:
                index[k] += (w,)
    return index


def _known_placed(letters: str, tone: str) -> tuple[str, ...]:
    """The attested spellings among ``_placed(letters, tone)``, ``letters`` joined."""
    return _by_shape().get(letters + "\t" + tone, ())


def _best(spellings: list[str]) -> str | None:
    known = counts()
    found = [s for s in spellings if s in known]
    return max(found, key=lambda s: known[s]) if found else None


def residue(token: str) -> str | None:
    """The syllable a Telex or VNI keystroke residue stands for (``vieetj``, ``vie6t5`` ->
    ``việt``), or None. Case is not carried; only lower-case letters are read."""
    t = token.lower()
    if any(c.isdigit() for c in t):
        return _vni(t)
    if not t.isascii() or not t.isalpha():
        return None
    tone = ""
    if len(t) > 2 and t[-1] in _TELEX_TONES:
        tone, t = _TELEX_TONES[t[-1]], t[:-1]
    marked = t
    for keys, letter in _TELEX:
        marked = marked.replace(keys, letter)
    if marked == t:
        return None  # no vowel or đ keystroke: an English word is likelier than residue
    letters, tones = _split_tone(marked)
    return None if tones else _best(_placed(letters, tone))


def _vni(t: str) -> str | None:
    letters: list[str] = []
    tone = ""
    for ch in t:
        if ch in _VNI_TONES:
            tone = _VNI_TONES[ch]
        elif ch in _VNI_MARKS:
            targets, mark = _VNI_MARKS[ch]
            for i in range(len(letters) - 1, -1, -1):
                if letters[i] in targets:
                    if ch == "9":
                        letters[i] = "đ"
                    else:
                        letters[i] = unicodedata.normalize("NFC", letters[i] + mark)
                        if ch == "7" and letters[i] == "ơ" and i and letters[i - 1] == "u":
                            letters[i - 1] = "ư"  # uo7 is ươ
                    break
            else:
                return None
        elif ch.isascii() and ch.isalpha():
            letters.append(ch)
        else:
            return None
    return _best(_placed(letters, tone))


def candidates(word: str, limit: int = 5) -> list[str]:
    """Attested syllables ``word`` may have been meant as, best first (lower case)."""
    w = unicodedata.normalize("NFC", word.lower())
    known = counts()
    scored: dict[str, int] = {}

    def add(spellings: Iterable[str], cost: int) -> None:
        for s in spellings:
            if s in known and s != w and scored.get(s, 99) > cost:
                scored[s] = cost

    r = residue(w)
    if r:
        scored[r] = 0
    letters, tones = _split_tone(w)
    n = len(letters)
    heads = ["".join(letters[:i]) for i in range(n + 1)]
    tails = ["".join(letters[i:]) for i in range(n + 1)]
    if len(tones) > 1:  # doubled tone marks
        add([p for t in tones for p in _known_placed(tails[0], t)], 1)
    tone = tones[0] if tones else ""
    add(_known_placed(tails[0], tone), 1)  # the tone on another vowel
    for t in ("", *TONES):  # another tone
        if t != tone:
            add(_known_placed(tails[0], t), 2)
    for i, c in enumerate(letters):  # another vowel mark, d/đ
        for other in _FAMILY.get(c, ""):
            if other != c:
                add(_known_placed(heads[i] + other + tails[i + 1], tone), 2)
    if letters and letters[0] in _H_INITIALS and (len(letters) < 2 or letters[1] != "h"):
        add(_known_placed(letters[0] + "h" + tails[1], tone), 2)  # a dropped h: nung -> nhung
    add(_by_letters().get(strip_marks(w), []), 2)  # marks missing or wrong: tieng -> tiếng
    for i in range(2, len(w) - 1):  # a missing space: chữacủa -> chữa của
        if w[:i] in known and w[i:] in known and scored.get(f"{w[:i]} {w[i:]}", 99) > 3:
            scored[f"{w[:i]} {w[i:]}"] = 3
    if letters[:2] == ["n", "g"] and len(letters) > 2 and letters[2] in "eêi":
        add(_known_placed("ngh" + tails[2], tone), 2)  # ng before e/ê/i is ngh
    shapes: list[str] = []
    for i in range(n):
        shapes.append(heads[i] + tails[i + 1])  # deletion
        if i + 1 < n:
            shapes.append(heads[i] + letters[i + 1] + letters[i] + tails[i + 2])  # transposition
        shapes += [heads[i] + c + tails[i + 1] for c in _LETTERS if c != letters[i]]  # substitution
    for i in range(n + 1):
        shapes += [heads[i] + c + tails[i] for c in _LETTERS]  # insertion
    for shape in shapes:
        add(_known_placed(shape, tone), 3)
    ranked = sorted(scored, key=lambda s: (scored[s], -min(known.get(p, 0) for p in s.split()), s))
    return ranked[:limit]
