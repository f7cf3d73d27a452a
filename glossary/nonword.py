"""Non-words: Vietnamese-looking words that are neither attested syllables nor glossary keys.

What is checked, and what is left alone as a likely name, code or foreign word:

- a lower-case word made only of Vietnamese letters, with at least one Vietnamese vowel
  or tone mark, that is not an attested syllable (``hiêu``, ``vịêt``);
- input-method residue on a line that holds Vietnamese: Telex (``vieetj``,
  ``nhuwngx``) and VNI (``vie6t5``) keystrokes of two letters or more that spell a
  common attested syllable, unless an English word stands beside them (``been there``);
- an all-capitals word one slip (a swapped pair, or a neighbouring key) away from a
  known abbreviation that the same document uses more often (``CABD`` once beside
  ``CAND`` sixteen times); other unknown acronyms are left alone;
- never: capitalized words inside a sentence (names; but a marked word of two letters or
  more that is a slip of a syllable and not tied to its neighbour by ``- & _ '`` is a slip
  in a title-case label: ``Trợ lý Biêu mẫu``), mixed-case words and words that
  begin with a digit (identifiers, brands, cell names), words of other alphabets or with
  letters Vietnamese lacks (``café``, ``Müller``), glossary keys, tokens that look
  like URLs, e-mail addresses, paths, hexadecimal numbers or identifiers, a piece tied to
  a letter by ``- & _ '`` (a syllable of a transliteration: ``Ô-xtrây-li-a``; an access
  key: ``Dá&n``), a word glued to a wildcard (``?iệt``), a syllable the bigram table's
  software text uses often (``nhắp``), and syllables run together without a tone that the
  table never saw side by side (a loanword written solid: ``lôga``, ``bêta``).

A word used five times or more in one document is taken as intended (a loanword such as
``lôgic``) unless its letters, marks aside, spell an attested syllable (a repeated slip
such as ``đươc``), and a non-word the error model has no suggestion for is not reported.
Only lines holding a Vietnamese letter are read word by word (an English line with a curly
quote is not); a capital after a list bullet starts an item; letters joined by slashes
(``và/hoặc``) are words, and real syllables among them are judged in context with the
slash as a break (``Bạt/tắt``). Suggestions are ranked in context, and attested or
unaccented words that context says are slips are found too (kind ``context``, :mod:`glossary.incontext`).
Context does not make a slip of a word inside a phrase the glossary spells, written out
(``Ban Tổ chức``). Non-words and context findings are reported with ranked suggestions and
never fixed automatically.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache

from .acronyms import AcronymSlips
from .capitals import (
    VIET_LETTERS,
    VIET_MARK,
    capital_judged,
    in_name,
    marked_near_syllable,
    near_syllable,
    sentence_start,
)
from .cleanup import newlines
from .context import kin, model, neighbours, word_after, word_before
from .domain import demand, distance, general_gain, may_be_far
from .gate import pair_table, spots
from .hidden import visible
from .incontext import english_beside, judge, judgeable, rank, suspicious, watched
from .joiners import tied, unjoined
from .model import Entry, Kind
from .phrases import PhraseIndex, in_phrase, phrase_index
from .text import CLOSING, OPENING, carry_case, fold, prepare_map
from .tone import house_style, placements, prefer_style
from .vietnamese import candidates, counts, residue, toneless

__all__ = ["NonWordFinder"]

# (the lookbehind sits after the first capital, so the scan jumps from capital to capital)
_CAPS = re.compile(r"[A-ZĐƯƠÂĂÊÔ](?<![^\W_][A-ZĐƯƠÂĂÊÔ])[A-ZĐƯƠÂĂÊÔ]{2,}(?![^\W_])")
_CACHE_LIMIT = 1 << 20
_INTENDED = 5  # a non-word used this many times in one document is taken as intended
#: lines handed to context at a time: their tokens are let go after (a 1.6 MB file's 300k
#: tokens kept at once took 23 MB, and the page faults of a third of the check's memory)
_SPOT_LINES = 1000
_TABLE_ATTESTED = 20  # a syllable the bigram table saw this often is attested in software text
_RESIDUE_MIN_COUNT = 1000  # input-method residue must spell a common syllable
_WORD = re.compile(r"[^\W_]+")
_SKIP_TOKEN = re.compile(  # URLs, e-mail, paths, code, hexadecimal, dotted names, camelCase
    r"(?i:[a-z][a-z0-9+.-]*:|www\.)|[@\\/=<>{}\[\]|~$%^*#`]|::|->|_|^[-+]?0[xX][0-9a-fA-F]+"
    r"|^[0-9a-fA-F]{8,}$|^\.|\w\.\w+\.|[a-z][A-Z]"
)
_SLASHED = re.compile(r"[^\W\d_]+(?:/[^\W\d_]+)+")  # và/hoặc, Thêm/Xoá: words, not a path
_POOL = 12  # suggestions ranked in context
_SHOWN = 5  # suggestions reported


#: what a finder knows of its glossary: the words it knows (folded), the abbreviations
#: (upper-case letters only) and the phrases its entries spell
Vocabulary = tuple[frozenset[str], frozenset[str], frozenset[str]]


class NonWordFinder:
    """Finds non-words in texts; knows the glossary's keys so they are never flagged."""

    def __init__(self, known: Iterable[str], abbreviations: Iterable[str], phrases: Iterable[str] = ()) -> None:
        upper = frozenset(a for a in abbreviations if a.isupper() and a.isalpha())
        self._start(frozenset(fold(w) for w in known), upper, frozenset(phrases))

    @classmethod
    def from_vocabulary(cls, vocabulary: Vocabulary) -> NonWordFinder:
        """A finder of the :meth:`vocabulary` of another (as it was kept in the cache)."""
        new = cls.__new__(cls)
        new._start(*vocabulary)
        return new

    def vocabulary(self) -> Vocabulary:
        """(the words it knows, folded; the abbreviations; the phrases): all it knows of its glossary."""
        return self.known, self.abbreviations, self._phrases

    def _start(self, known: frozenset[str], abbreviations: frozenset[str], phrases: frozenset[str]) -> None:
        self.known = known
        self._phrases = phrases  # the multi-word phrases the glossary spells (Ban Tổ chức)
        self._by_word: PhraseIndex | None = None
        self.abbreviations = abbreviations
        self._cache: dict[str, tuple[str, ...] | None] = {}
        self._clean: set[str] = set()
        self._inert: set[str] = set()  # words that are never a finding, wherever they stand
        self._words: dict[str, tuple[tuple[int, str, str], ...]] = {}  # _token_words of the tokens read
        self._acronym = AcronymSlips(self.abbreviations)

    @classmethod
    def for_glossary(cls, entries: Iterable[Entry]) -> NonWordFinder:
        """A finder that knows every word of every replacement, of every key that is not a
        typo, and of every one-word typo key of a glossary's entries (a word of a multi-word
        typo key, such as ``dổi`` of ``giận dổi``, is a slip anywhere else)."""
        known: set[str] = set()
        abbreviations: set[str] = set()
        phrases: set[str] = set()
        for e in entries:
            words = _WORD.findall(e.term)
            if e.kind is not Kind.TYPO or len(words) == 1:
                known.update(words)
            if e.kind is not Kind.TYPO:
                phrases.add(e.term)
            known.update(_WORD.findall(e.replacement))
            phrases.add(e.replacement)
            if e.kind is Kind.ABBREVIATION:
                abbreviations.add(e.term)
        return cls(known, abbreviations, phrases)

    def fresh(self) -> NonWordFinder:
        """A finder with this one's vocabulary (shared: it never changes) and caches of its
        own, empty: what a new checker of the same glossary starts from."""
        new = copy.copy(self)
        new._cache, new._clean, new._inert, new._words = {}, set(), set(), {}
        return new

    def find(self, text: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
        """(start, end, word, suggestions) for each non-word, offsets into ``text``."""
        return [(s, e, w, sugg) for s, e, w, sugg, kind in self.find_kinds(text) if kind == "non-word"]

    def find_kinds(self, text: str) -> list[tuple[int, int, str, tuple[str, ...], str]]:
        """(start, end, word, suggestions, kind) for each non-word (kind ``non-word``) and
        each word that context says is a slip (kind ``context``), offsets into ``text``.

        Lines without a Vietnamese letter are only searched for acronyms (at C speed);
        lines that hold one are read token by token, skipping tokens known to be clean.
        """
        # what shows nothing (soft hyphens, joiners, zero-width spaces, as scraped pages leave
        # them) is dropped from the view, a run of zero-width spaces and spaces read as one
        # space, so that a word is whole and keeps its neighbours; otherwise the whitespace is
        # left alone (cheaper: text without any is mapped as is)
        bare, cut = visible(text)
        view, vmap = prepare_map(bare, spaces="\u200b" in bare)
        # Ngày_đầu: words, each beside its neighbours; a lone \r, a form feed or \u2028: a line
        # end, as \n is (one character for one)
        view = unjoined(newlines(view))
        # what general Vietnamese must say of a context finding far from software text (ngày
        # nay), worked out when first needed
        need = cache(lambda: demand(distance(view)))
        found: list[tuple[int, str]] = []
        far = None  # need, when the text's start looks far from software text
        caps = _CAPS.findall(view)
        if caps:  # code is full of capitals: each distinct word is looked at once
            seen = Counter(caps)
            # an acronym slip only counts where the document uses the real one more often
            slipped = {w for w in seen if (near := self._acronym(w)) and any(seen[a] > seen[w] for a in near)}
            if slipped:
                words = "|".join(re.escape(w) for w in sorted(slipped))
                found.extend((m.start(), m.group()) for m in re.finditer(rf"(?<![^\W_])(?:{words})(?![^\W_])", view))
        if not view.isascii():
            clean = self._clean
            if not clean:
                clean.update(_plain())
            # words standing alone that context judges (one lookup per pair of adjacent tokens,
            # so lines apart judge alike, a thousand at a time); in a text that looks far from
            # software text, a word general Vietnamese would turn down is not judged at all (the
            # demand then worked out on first need)
            far = need if may_be_far(view) else None
            lines: list[tuple[int, str, list[str]]] = []
            spotted: list[tuple[int, str]] = []
            for start, words in _vietnamese_lines(view):
                tokens = words.split()
                lines.append((start, words, tokens))
                if not clean.issuperset(tokens):
                    self._line(start, words, tokens, found)
                if len(lines) == _SPOT_LINES:
                    spotted += spots(lines, pair_table(), view, far)
                    lines = []
            found = list(dict.fromkeys(found + spotted + spots(lines, pair_table(), view, far)))
        out = []
        placed: tuple[int, int] | None = None  # the document's tone placements, counted when needed
        uses = Counter(fold(word) for _, word in found)
        for start, word in sorted(found):
            if uses[fold(word)] >= _INTENDED and not word.isupper() and not near_syllable(word):
                continue  # used this often in one document: a term of its own (lôgic, mômen)
            end = start + len(word)
            if _in_pattern(view, start, end):
                continue  # ?iệt, V?t: a search pattern, not a word
            kind = "non-word"
            suggestions = self._check(word, view, start)
            if suggestions and word.isascii() and not word.isupper() and english_beside(view, start, end):
                continue  # residue beside an English word is English: "been there", "our own fault"
            if suggestions and len(suggestions) > 1 and not word.isupper():
                suggestions = tuple(rank(word, suggestions, *neighbours(view, start, end)))
            elif not suggestions and (may := self._judged(word, view, start)) is not False:
                if may is None and far is not None and need():
                    continue  # a capital inside a sentence, in a text that looks far from software text
                suggestions, kind = judge(view, start, end), "context"
                if suggestions and self._in_phrase(view, start, end):
                    continue  # Ban Tổ chức: a phrase the glossary spells, not a slip of Bạn
                if suggestions and word[0].isupper() and ((may is None and need()) or in_name(word, view, start)):
                    continue  # a name (Trương Văn Tài), or a capital inside a sentence far from software text
                if suggestions:
                    nats = need()
                    if nats and general_gain(fold(word), word_before(view, start), word_after(view, end)) < nats:
                        continue
            if not suggestions:
                low = fold(word)
                if self._cache.get(low, ()) is None and not judgeable(low) and len(self._inert) < _CACHE_LIMIT:
                    self._inert.add(low)  # no suggestion and nothing context could say: skip it from now on
                continue
            if len(suggestions) > 1:
                if placed is None:
                    placed = placements(view)
                first, main = placements(word)  # the word itself is no evidence of the house style
                if (style := house_style(placed[0] - first, placed[1] - main)) is not None:
                    suggestions = prefer_style(suggestions, style)  # xoá or xóa: as the document writes
            suggestions = tuple(carry_case(word, s) for s in suggestions[:_SHOWN])
            start, end = vmap.span_to_input(start, end)
            if cut is not None:
                start, end = cut.span_to_input(start, end)
            out.append((start, end, text[start:end], suggestions, kind))
        return out

    def _in_phrase(self, view: str, start: int, end: int) -> bool:
        """:func:`~glossary.phrases.in_phrase`, over the glossary's phrases (indexed on first use)."""
        if self._by_word is None:
            self._by_word = phrase_index(self._phrases)
        return in_phrase(self._by_word, view, start, end)

    @staticmethod
    def _judged(word: str, view: str, start: int) -> bool | None:
        """May context judge ``word``: lower case, or capitalised where
        :func:`~glossary.capitals.capital_judged` says (None: only in text near software
        text)?"""
        if word[0].isdigit() or any(c.isupper() for c in word[1:]):
            return False
        return True if not word[0].isupper() else capital_judged(word, view, start)

    def _line(self, offset: int, line: str, tokens: list[str], found: list[tuple[int, str]]) -> None:
        """Collect the words of one line (split into ``tokens`` at white space) that may be
        non-words; remember clean tokens. What a token holds does not depend on where it
        stands, so each distinct token not known clean is read once, then found in the line."""
        clean, inert, read = self._clean, self._inert, self._words
        for token in set(tokens).difference(clean):
            got = read.get(token)
            if got is None:
                if len(read) > _CACHE_LIMIT:
                    read.clear()
                got = read[token] = self._token_words(token)
            words = [(i, word) for i, word, low in got if low not in inert]
            if not words:
                if len(clean) > _CACHE_LIMIT:
                    clean.clear()
                    clean.update(_plain())
                clean.add(token)
                continue
            size, at = len(token), line.find(token)
            while at >= 0:  # each place the token stands alone, white space or the line's ends around it
                if (not at or line[at - 1].isspace()) and (at + size == len(line) or line[at + size].isspace()):
                    found.extend((offset + at + i, word) for i, word in words)
                at = line.find(token, at + 1)

    def _token_words(self, token: str) -> tuple[tuple[int, str, str], ...]:
        """The words of ``token`` that may be non-words or that context must judge there,
        wherever it stands: (offset in it, word, folded word)."""
        if token in watched():
            return ()  # a lower-case word standing alone: spots() judges it in context
        core = token.strip(OPENING + CLOSING)
        if _SKIP_TOKEN.search(core) and not _SLASHED.fullmatch(core):
            return ()  # skipped whatever its context (>, =, LibreOffice)
        out = []
        slashed = "/" in core and not core.isascii() and _SLASHED.fullmatch(core) is not None
        for m in _WORD.finditer(token):
            word = m.group()
            low = fold(word)
            if slashed and low in counts() and kin(low):
                out.append((m.start(), word, low))  # Bạt/tắt: judged, the slash a break
                continue
            if (low in self.known or low in counts() or _in_table(low)) and low not in suspicious():
                continue
            if word[0].isdigit() or (word.isupper() and len(word) > 1):
                continue  # numbers; acronyms are found above
            if tied(token, m.start(), m.end()):
                continue  # a syllable of Ô-xtrây-li-a, a piece of Dá&n: not a word of its own
            out.append((m.start(), word, low))
        return tuple(out)

    def _check(self, word: str, view: str, start: int) -> tuple[str, ...] | None:
        """Suggestions when ``word`` is a non-word (possibly none), else None."""
        low = fold(word)
        if low in self.known or word[0].isdigit():
            return None
        cased = [c for c in word if c.isalpha()]
        if len(cased) > 1 and all(c.isupper() for c in cased):
            return self._acronym(word)  # only reached for acronyms the document contradicts
        if any(c.isupper() for c in word[1:]):
            return None  # mixed case: an identifier or a brand
        if word[0].isupper() and not sentence_start(view, start) and not marked_near_syllable(view, start, word):
            return None  # a capitalized word inside a sentence: likely a name
        key = low
        if key in self._cache:
            got = self._cache[key]
        else:
            got = self._classify(low)
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[key] = got
        return got

    @staticmethod
    def _classify(low: str) -> tuple[str, ...] | None:
        if low.startswith("\u00f0"):
            low = "đ" + low[1:]  # the Icelandic eth of legacy encodings, where Vietnamese writes đ
        if low in counts() or _in_table(low):
            return None
        if low.isascii():
            r = residue(low) if sum(c.isalpha() for c in low) > 1 else None
            # residue of a rare syllable is likelier an English word (owns, rows, bees)
            return (r,) if r and counts()[r] >= _RESIDUE_MIN_COUNT else None
        if not set(low) <= VIET_LETTERS:
            return None  # another alphabet, or letters Vietnamese lacks (f, j, w, z)
        found = candidates(low, limit=_POOL)
        if toneless(low):  # lôga, bêta: a loanword written solid, unless the table saw the two words
            found = [s for s in found if " " not in s or model().pair_count(*s.split(" ", 1)) > 0]
        return tuple(found)


@cache
def _plain() -> frozenset[str]:
    """Tokens known clean before any is read: the attested syllables, in lower case and
    capitalised, that context does not hold suspect (:func:`NonWordFinder._token_words`
    gives each of them nothing, whatever the glossary)."""
    out = {s for s in counts() if s not in suspicious()}
    return frozenset(out | {s.capitalize() for s in out})


def _in_table(low: str) -> bool:
    """Is the lower-case word ``low`` a syllable the bigram table's software translations
    use :data:`_TABLE_ATTESTED` times or more (``nhắp``, a variant of ``nhấp``, 86 times)?
    Attested there, if not in the general counts: not a non-word. (The table's slips of
    its own translators are each seen a few times at most.)"""
    return model().count(low) >= _TABLE_ATTESTED


_WILDCARDS = "?*"




def _in_pattern(view: str, start: int, end: int) -> bool:
    """Is the word at ``view[start:end]`` glued to a wildcard (a ``?`` or ``*`` before it,
    or before a letter after it: ``?iệt``, ``V?t``, ``tệ*p``), so part of a search pattern or
    a glob rather than a word? (A ``?`` after a word and before a space ends a question.)

    >>> _in_pattern("Tìm ?iệt", 5, 8), _in_pattern("V?t", 0, 1), _in_pattern("Đâu? Ở", 0, 3)
    (True, True, False)
    """
    if start and view[start - 1] in _WILDCARDS:
        return True
    return end + 1 < len(view) and view[end] in _WILDCARDS and view[end + 1].isalnum()


def _vietnamese_lines(view: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of the lines (split at ``\\n``) holding a Vietnamese letter outside
    ASCII (not just any non-ASCII character: an English line with a curly quote or a dash
    is not Vietnamese); the others (code, English, other scripts) are skipped at C speed."""
    pos = 0
    while m := VIET_MARK.search(view, pos):
        start = view.rfind("\n", 0, m.start()) + 1
        end = view.find("\n", m.end())
        if end < 0:
            end = len(view)
        yield start, view[start:end]
        pos = end + 1
