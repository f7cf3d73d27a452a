"""Restore the marks of Vietnamese written without them: ``khong co gi`` -> ``không có gì``.

A Viterbi search over the syllable bigram model of :mod:`glossary.context` picks, for each
run of words between breaks (a line end, punctuation), the likeliest marked spelling of every
unaccented syllable. Only ASCII words whose letters spell an attested syllable are candidates;
everything else stays as written: words that already carry a mark, numbers, URLs, e-mail
addresses, file names, code (anything holding ``. / _ @ : = '`` or a digit, and text between
backticks), acronyms in mixed-case text, ``camelCase``, and words that read better as English
(g2p-hamster's counts of English words in Vietnamese text, as the checker weighs them).

>>> restore_marks("Khong co gi, cam on ban!")
'Không có gì, cảm ơn bạn!'
>>> restore_marks("Mở file README.md trong thu muc docs/")
'Mở file README.md trong thư mục docs/'

``min_confidence`` leaves a syllable as written unless the model gives its choice at least
that share of the probability, given the choices beside it (precision first;
:data:`PRECISE` is the setting measured in ``benchmarks/restore_eval.py``). ``lost_only``
is for text that is marked except for a few words: only lines with Vietnamese marks are
read, and an unaccented word that is itself a syllable (``hay``, ``cho``) is kept unless
its context clearly wants a marked one (:data:`LOST_KEEP_BONUS`).

>>> restore_marks("Tôi khong biết cach làm", lost_only=True)
'Tôi không biết cách làm'

Restoring is idempotent, and a word that carries any mark is never changed.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
from collections.abc import Iterator
from typing import NamedTuple

from .context import BREAK, EN, NUM, UNK, english_share, model, siblings, token_class
from .edits import Explained, apply_edits
from .errors import OptionError
from .model import Edit, EditKind, Kind, Match
from .shorthand import shorthand
from .text import carry_case, fold, need_text
from .vietnamese import counts

__all__ = ["PRECISE", "restore_marks", "restore_marks_and_explain"]

#: the ``min_confidence`` of the precision setting (see ``benchmarks/restore_eval.py``)
PRECISE = 0.99
#: log of the bonus of reading a word as English (tuned on the held-out split: the checker's 7 keeps `the` for `thể`)
EN_EPSILON = 0.0
#: with ``lost_only``, log-odds in favour of an unaccented word that is itself a syllable
#: (``hay``, ``cho``): measured on marked text with a tenth of its words stripped
LOST_KEEP_BONUS = 4.0
#: the absolute discount of the Kneser-Ney smoothing
D = 0.75
#: ambiguous chat shorthand (``k``, ``ng``) is expanded only with at least this confidence
SHORTHAND_CONFIDENCE = 0.9
#: share of the software table's own unigram in Pu (the rest: the general syllable counts)
MIX = 0.5
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


class _Option(NamedTuple):
    first: str  #: the class seen from the left
    last: str  #: the class seen from the right
    score: float  #: emission score (and the bigrams inside a multi-word sense)
    out: str | None  #: what the word becomes (None: as written)


class _Word(NamedTuple):
    start: int
    end: int
    text: str
    options: tuple[_Option, ...]  # one option and out None: kept as written
    shorthand: bool = False  #: ambiguous chat shorthand, reported when left


class _Tables:
    """The bigram model's counts, smoothed for restoring: interpolated Kneser-Ney
    (absolute discount :data:`D`, a continuation unigram mixed with the general syllable
    counts), which weighs what the table saw after a syllable against how many different
    syllables follow it. Per-class numbers are cached."""

    def __init__(self) -> None:
        m = model()
        self.m = m
        self.size = size = len(m.unigrams)
        self.bigrams = m.bigrams
        left = [0] * size  # C(l ·)
        kinds = [0] * size  # distinct syllables after l
        cont = [0] * size  # distinct syllables before x
        for key, n in m.bigrams.items():
            left[key // size] += n
            kinds[key // size] += 1
            cont[key % size] += 1
        self._left, self._kinds, self._cont = left, kinds, cont
        self._types = len(m.bigrams) or 1
        special = sum(cont[m.index[c]] for c in (BREAK, EN, NUM, UNK) if c in m.index)
        self._share = 1 - special / self._types
        self._syllables = (self._types - special) or 1
        self._general = sum(counts().values()) or 1
        self._info: dict[str, tuple[int, float, float, float, float]] = {}

    def unigram_p(self, token: str) -> float:
        """The lower order: continuation share, for a syllable mixed (:data:`MIX`) with its
        share of the general syllable counts."""
        i = self.m.index.get(token, -1)
        own = self._cont[i] if i >= 0 else 0
        if token in (BREAK, EN, NUM, UNK):
            return max(own / self._types, 1e-8)
        general = counts().get(token, 0) / self._general
        return max(self._share * (MIX * own / self._syllables + (1 - MIX) * general), 1e-8)

    def info(self, token: str) -> tuple[int, float, float, float, float]:
        """(id or -1, Pu, log Pu, log of the back-off weight after it, log C(token ·))."""
        got = self._info.get(token)
        if got is None:
            i = self.m.index.get(token, -1)
            pu = self.unigram_p(token)
            seen = self._left[i] if i >= 0 else 0
            if seen:
                lam, lseen = math.log(D * self._kinds[i]) - math.log(seen), math.log(seen)
            else:
                lam = lseen = 0.0
            got = (i, pu, math.log(pu), lam, lseen)
            self._info[token] = got
        return got

    def kinds(self, i: int) -> int:
        """How many distinct tokens follow token ``i`` in the table (0 for -1)."""
        return self._kinds[i] if i >= 0 else 0

    def trans_ids(self, il: int, lam: float, lseen: float, kinds: int) -> float:
        """log P(<s> | left), the left given by its cached numbers."""
        ix, pu, lpu, _, _ = self.info(BREAK)
        c = self.bigrams.get(il * self.size + ix) if il >= 0 and ix >= 0 else None
        return math.log(c - D + D * kinds * pu) - lseen if c else lam + lpu

    def trans(self, left: str, token: str) -> float:
        """log P(token | left)."""
        il, _, _, lam, lseen = self.info(left)
        ix, pu, lpu, _, _ = self.info(token)
        if il >= 0 and ix >= 0:
            c = self.bigrams.get(il * self.size + ix)
            if c:
                return math.log(c - D + D * self._kinds[il] * pu) - lseen
        return lam + lpu


_lock = threading.Lock()
_tables: list[_Tables] = []
_options_cache: dict[str, tuple[str, ...]] = {}


def _model_tables() -> _Tables:
    if not _tables:
        with _lock:
            if not _tables:
                _tables.append(_Tables())
    return _tables[0]


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


def _shorthand_options(word: str, t: _Tables) -> tuple[tuple[_Option, ...], bool] | None:
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


def _sense(replacement: str, t: _Tables) -> _Option:
    """A reading as ``replacement`` (one or more syllables), scored by its inner bigrams."""
    parts = [token_class(p) for p in replacement.split()]
    inner = sum(t.trans(a, b) for a, b in itertools.pairwise(parts))
    return _Option(parts[0], parts[-1], inner, replacement)


def _reads_foreign(line: str, informal: bool) -> bool:
    """Does an unmarked line read as another language: are fewer than half its words
    possible Vietnamese syllables (or, with ``informal``, chat shorthand)?"""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", line)]
    table = shorthand() if informal else None
    chat = set(table.fixed) | set(table.context) if table else set()
    known = sum(1 for w in words if _spellings(w) or w in counts() or w in chat)
    return known * 2 < len(words)


def _kept(word: str) -> tuple[_Option, ...]:
    cls = token_class(word)
    return (_Option(cls, cls, 0.0, None),)


def _word_options(word: str, mixed_case_line: bool, lost_only: bool) -> tuple[_Option, ...]:
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
    options = [_Option(s, s, keep if s == low else 0.0, None if s == low else s) for s in spellings]
    en = english_share(low)
    if en:
        options.append(_Option(EN, EN, math.log(en) + EN_EPSILON, None))
    return tuple(options)


def _chains(text: str, lost_only: bool, informal: bool, t: _Tables) -> Iterator[list[_Word]]:
    """Runs of words with only spaces between them, within a line; a chain with no
    candidate is not yielded."""
    code = [m.span() for m in _CODE_SPAN.finditer(text)] if "`" in text else []
    chain: list[_Word] = []
    line_marked = line_mixed = line_foreign = False
    line_end = -1
    prev_end = 0

    def flush() -> Iterator[list[_Word]]:
        if any(_free(w) for w in chain):
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
                chain.append(_Word(start + a, start + b, core, _kept(core)))
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
                    chain.append(_Word(pos, pos + len(part), part, got[0], got[1]))
                elif part:
                    chain.append(_Word(pos, pos + len(part), part, _word_options(part, line_mixed, lost_only)))
                pos += len(part) + 1
        if b < len(chunk):
            yield from flush()
    yield from flush()


def _free(w: _Word) -> bool:
    """Is ``w`` a candidate, rather than a word kept as written?"""
    return len(w.options) > 1 or w.options[0].out is not None


def _decode(words: list[_Word], t: _Tables) -> list[int]:
    """The Viterbi path: the index of the chosen option of each word (:meth:`_Tables.trans`
    inlined: this loop is where restoring spends its time)."""
    big, size, log = t.bigrams, t.size, math.log
    i0, _, _, lam0, lseen0 = t.info(BREAK)
    prev: list[tuple[int, float, float, int, float]] = [(i0, lam0, lseen0, t.kinds(i0), 0.0)]
    back: list[list[int]] = []
    for w in words:
        cur: list[tuple[int, float, float, int, float]] = []
        ptr: list[int] = []
        for first, last, em, _ in w.options:
            ix, pu, lpu, _, _ = t.info(first)
            best, arg = -math.inf, 0
            for j, (il, lam, lseen, kinds, score) in enumerate(prev):
                c = big.get(il * size + ix) if il >= 0 and ix >= 0 else None
                s = score + (log(c - D + D * kinds * pu) - lseen if c else lam + lpu)
                if s > best:
                    best, arg = s, j
            il, _, _, lam, lseen = t.info(last)
            cur.append((il, lam, lseen, t.kinds(il), best + em))
            ptr.append(arg)
        back.append(ptr)
        prev = cur
    end = [score + t.trans_ids(il, lam, lseen, kinds) for il, lam, lseen, kinds, score in prev]
    path = [max(range(len(end)), key=end.__getitem__)]
    for ptr in reversed(back[1:]):
        path.append(ptr[path[-1]])
    path.reverse()
    return path


def _confidence(words: list[_Word], path: list[int], i: int, t: _Tables) -> float:
    """The share of probability of word ``i``'s choice, given the choices beside it."""
    left = words[i - 1].options[path[i - 1]].last if i else BREAK
    right = words[i + 1].options[path[i + 1]].first if i + 1 < len(words) else BREAK
    scores = [t.trans(left, o.first) + t.trans(o.last, right) + o.score for o in words[i].options]
    top = max(scores)
    return 1.0 / sum(math.exp(s - top) for s in scores) if scores[path[i]] == top else 0.0


def restore_marks_and_explain(
    text: str, *, min_confidence: float = 0.0, lost_only: bool = False, informal: bool = False
) -> Explained:
    """:func:`restore_marks`, with every restored word as an :class:`~glossary.model.Edit`
    of kind :attr:`~glossary.model.EditKind.MARKS` (expanded shorthand: ``VARIANT``), and
    the ambiguous shorthand left as written in ``unresolved``.

    >>> r = restore_marks_and_explain("Xin chao!")
    >>> r.text, [(e.start, e.end, e.before, e.after) for e in r.edits]
    ('Xin chào!', [(4, 8, 'chao', 'chào')])
    """
    need_text(text, "restore_marks")
    if not 0.0 <= min_confidence <= 1.0:
        raise OptionError(f"min_confidence must be between 0 and 1, not {min_confidence!r}")
    if text.isascii() and not any(c.isalpha() for c in text):
        return Explained(text, ())
    t = _model_tables()
    edits: list[Edit] = []
    unresolved: list[Match] = []
    for words in _chains(text, lost_only, informal, t):
        path = _decode(words, t)
        for i, (w, k) in enumerate(zip(words, path, strict=True)):
            out = w.options[k].out
            need = max(min_confidence, SHORTHAND_CONFIDENCE) if w.shorthand else min_confidence
            if out is None or (need > 0 and _confidence(words, path, i, t) < need):
                if w.shorthand:
                    senses = shorthand().context[fold(w.text)]
                    unresolved.append(Match(w.start, w.end, w.text, Kind.ABBREVIATION, None, senses))
                continue
            after = carry_case(w.text, out)
            if after != w.text:
                chat = informal and (w.shorthand or fold(w.text) in shorthand().fixed)
                kind = EditKind.VARIANT if chat else EditKind.MARKS
                edits.append(Edit(w.start, w.end, w.text, after, kind, w.text.lower() if chat else ""))
    return Explained(apply_edits(text, edits) if edits else text, tuple(edits), tuple(unresolved))


def restore_marks(text: str, *, min_confidence: float = 0.0, lost_only: bool = False, informal: bool = False) -> str:
    """``text`` with the marks of its unaccented Vietnamese syllables restored; with
    ``informal``, chat shorthand expanded too (``ko`` -> ``không``; ``k``, ``ng``,
    ``bn`` only where the context decides).

    >>> restore_marks("Tieng Viet")
    'Tiếng Việt'
    >>> restore_marks("ko bik j het", informal=True)
    'không biết gì hết'
    """
    return restore_marks_and_explain(text, min_confidence=min_confidence, lost_only=lost_only, informal=informal).text
