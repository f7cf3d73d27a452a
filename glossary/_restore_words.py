"""The words of a text as :mod:`glossary.restore` reads them: runs of words between
breaks, and for each word the readings the model weighs (its marked spellings, English, a
chat shorthand's standard forms) or none (kept as written: marked words, numbers, URLs,
code, acronyms, ``camelCase``, lines in another language)."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator

from ._restore_model import Option, Tables, Word
from .context import EN, english_share, siblings, token_class
from .shorthand import shorthand
from .text import fold
from .vietnamese import counts

__all__ = ["EN_EPSILON", "LOST_KEEP_BONUS", "REAL_WORD_BONUS", "chains", "is_free"]

#: log of the bonus of reading a word as English (tuned on the held-out split: the checker's 7 keeps `the` for `thể`)
EN_EPSILON = 0.0
#: with ``lost_only``, log-odds in favour of an unaccented word that is itself a syllable
#: (``hay``, ``cho``): measured on marked text with a tenth of its words stripped
LOST_KEEP_BONUS = 4.0
#: log-odds in favour of reading shorthand that is also a word (``hông``, hip) as that word
REAL_WORD_BONUS = 2.0
#: at most this many spellings of one unaccented syllable are weighed (the commonest)
_MAX_CANDIDATES = 12

_CHUNK = re.compile(r"\S+")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_OPENING = "([{\"'“‘«<*"
_CLOSING = ")]}\"'”’».,;:!?…>*"
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_VIETNAMESE_MARKED = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]"
)


_options_cache: dict[str, tuple[str, ...]] = {}


def _spellings(low: str) -> tuple[str, ...]:
    """The syllables ``low`` (ASCII, lower case) may stand for, commonest first; () when
    it is no candidate."""
    got = _options_cache.get(low)
    if got is None:
        sibs = siblings(low)
        got = tuple(sibs[:_MAX_CANDIDATES]) if any(s != low for s in sibs) else ()
        if got and low in sibs and low not in got:
            got = (*got[:-1], low)  # the word as written stays a choice
        _options_cache[low] = got
    return got


def _opaque(core: str) -> bool:
    """Code, a URL, a path, a number with letters, a contraction: left whole."""
    return any(not (c.isalpha() or c == "-") for c in core)


def _shorthand_options(word: str, t: Tables) -> tuple[tuple[Option, ...], bool] | None:
    """The readings of ``word`` as chat shorthand, and whether context must decide; None
    when it is no shorthand."""
    low = fold(word)
    table = shorthand()
    entry = table.fixed.get(low)
    if entry is not None:
        return (_sense(entry.replacement, t),), False
    senses = table.context.get(low)
    if senses is None:
        return None
    kept = _kept(word)[0]
    if kept.first == low:  # a real word as written (bít, hông): it keeps the benefit of the doubt
        kept = kept._replace(score=REAL_WORD_BONUS)
    options = [_sense(e.replacement, t) for e in senses if fold(e.replacement) != low]
    return (*options, kept), True


def _sense(replacement: str, t: Tables) -> Option:
    """A reading as ``replacement`` (one or more syllables), scored by its inner bigrams."""
    parts = [token_class(p) for p in replacement.split()]
    inner = sum(t.trans(a, b) for a, b in itertools.pairwise(parts))
    return Option(parts[0], parts[-1], inner, replacement)


def _reads_foreign(line: str, informal: bool) -> bool:
    """Does an unmarked line read as another language: are fewer than half its words
    possible Vietnamese syllables (or, with ``informal``, chat shorthand)?"""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", line)]
    table = shorthand() if informal else None
    chat = set(table.fixed) | set(table.context) if table else set()
    known = sum(1 for w in words if _spellings(w) or w in counts() or w in chat)
    return known * 2 < len(words)


def _kept(word: str) -> tuple[Option, ...]:
    cls = token_class(word)
    return (Option(cls, cls, 0.0, None),)


def _word_options(word: str, mixed_case_line: bool, lost_only: bool) -> tuple[Option, ...]:
    """The readings of ``word``, each with its emission score."""
    if not word.isascii() or not word.isalpha():
        return _kept(word)
    low = word.lower()
    fixed = _kept(word)
    if word[1:] != word[1:].lower() and not word.isupper():  # camelCase, McDonald
        return fixed
    if word.isupper() and len(word) > 1 and mixed_case_line:  # an acronym in running text
        return fixed
    spellings = _spellings(low)
    if not spellings:
        return fixed
    keep = LOST_KEEP_BONUS if lost_only else 0.0
    options = [Option(s, s, keep if s == low else 0.0, None if s == low else s) for s in spellings]
    en = english_share(low)
    if en:
        options.append(Option(EN, EN, math.log(en) + EN_EPSILON, None))
    return tuple(options)


def chains(text: str, lost_only: bool, informal: bool, t: Tables) -> Iterator[list[Word]]:
    """Runs of words with only spaces between them, within a line; a chain with no
    candidate is not yielded."""
    code = [m.span() for m in _CODE_SPAN.finditer(text)] if "`" in text else []
    chain: list[Word] = []
    line_marked = line_mixed = line_foreign = False
    line_end = -1
    prev_end = 0

    def flush() -> Iterator[list[Word]]:
        if any(is_free(w) for w in chain):
            yield list(chain)
        chain.clear()

    for m in _CHUNK.finditer(text):
        start, end = m.span()
        if start >= line_end:  # a new line: what it holds decides case and lost_only
            yield from flush()
            nl = [text.find(c, start) for c in "\n\r"]
            line_end = min((i for i in nl if i >= 0), default=len(text))
            line = text[start:line_end]
            line_marked = bool(_VIETNAMESE_MARKED.search(line))
            line_mixed = any(c.islower() for c in line)
            line_foreign = not line_marked and _reads_foreign(line, informal)
        elif any(c in _LINE_BREAKS for c in text[prev_end:start]):
            yield from flush()
        prev_end = end
        if line_foreign or (lost_only and not line_marked):
            continue
        if code and any(a < end and start < b for a, b in code):
            yield from flush()
            continue
        chunk = m.group()
        a, b = 0, len(chunk)
        while a < b and chunk[a] in _OPENING:
            a += 1
        while b > a and chunk[b - 1] in _CLOSING:
            b -= 1
        core = chunk[a:b]
        if a:
            yield from flush()
        if not core or (_opaque(core) and not (informal and fold(core) in shorthand().fixed)):
            if core.isdigit():
                chain.append(Word(start + a, start + b, core, _kept(core)))
            else:
                yield from flush()
        else:
            pos = start + a
            for k, part in enumerate(core.split("-")):
                if k:
                    yield from flush()
                chat = informal and part and not (part.isupper() and (len(part) == 1 or line_mixed))
                got = _shorthand_options(part, t) if chat else None  # K, MK: a letter, an acronym
                if got is not None:
                    chain.append(Word(pos, pos + len(part), part, got[0], got[1]))
                elif part:
                    chain.append(Word(pos, pos + len(part), part, _word_options(part, line_mixed, lost_only)))
                pos += len(part) + 1
        if b < len(chunk):
            yield from flush()
    yield from flush()


def is_free(w: Word) -> bool:
    """Is ``w`` a candidate, rather than a word kept as written?"""
    return len(w.options) > 1 or w.options[0].out is not None

