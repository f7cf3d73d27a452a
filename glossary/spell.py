"""The spell checker behind ``glossary check``: findings in a text, with suppressions.

A :class:`Checker` runs its finders (glossary typos and variants, non-words, tone style) over a
decoded text and drops what the caller asked to ignore: ignore words, ignore regexes,
URLs and e-mail addresses, and inline pragmas (below). Like codespell, it reads words
joined by ``_``, an apostrophe or a hyphen as one token: a glossary key inside
``O_WRONLY``, ``wasn't`` or ``re-use`` is not reported there::

    x = "nững"  # glossary: ignore            (the whole line)
    x = "nững"  # glossary: ignore nững        (only the listed words)
    # glossary: ignore-next-line
    # glossary: off  ...  # glossary: on       (a block)

``codespell:ignore`` and ``codespell:ignore-next-line`` are honoured as well.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .api import Glossary
from .cache import persisted
from .edits import apply_edits
from .hidden import visible
from .joiners import strung
from .loading import builtin_glossary, is_builtin
from .model import Kind, ToneStyle
from .nonword import NonWordFinder, Vocabulary
from .spans import SpanSet, line_of, line_starts
from .text import carry_case, eth_edits, fold, is_word_char, joined, mark_order_edits, prepare_map
from .tone import tone_edits

__all__ = ["Checker", "Finding", "apply_fixes", "ignored_spans"]

_URL = re.compile(
    r"""(?:[a-z][a-z0-9+.-]*://|mailto:|www\.)[^\s<>"'`]+[^\s<>"'`.,;:!?)\]}]"""
    r"|[\w.%+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)
_PRAGMA = re.compile(r"\b(glossary|codespell):\s*(ignore-next-line|ignore|off|on)(?![\w-])([^\n]*)")
_PRAGMA_WORD = re.compile(r"[^\s,]+")


class Finding(NamedTuple):
    """One problem in a text. Offsets are code points of the decoded text."""

    start: int
    end: int
    before: str
    suggestions: tuple[str, ...]
    kind: str  #: "typo", "variant", "non-word", "context", "unicode" or "tone"
    rule: str  #: the glossary key, "non-word", "context", "eth", "mark-order" or "tone-style"
    fixable: bool  #: exactly one correction, which --write may apply


class _WordRule:
    """Ignore words: a word in lower case ignores every spelling; one with capitals only itself."""

    def __init__(self, words: Iterable[str]) -> None:
        self.exact: set[str] = set()
        self.any_case: set[str] = set()
        for w in words:
            w = unicodedata.normalize("NFC", w.strip())
            if w:
                (self.any_case if w == fold(w) else self.exact).add(w)

    def __bool__(self) -> bool:
        return bool(self.exact or self.any_case)

    def __contains__(self, surface: object) -> bool:
        if not isinstance(surface, str):
            return False
        s = unicodedata.normalize("NFC", surface)
        return s in self.exact or fold(s) in self.any_case


def _url_spans(text: str, starts: list[int], at: Iterable[int]) -> list[tuple[int, int]]:
    """URL and e-mail spans on the lines holding the offsets ``at`` (searching the whole
    of a large file would cost more than everything else a check does)."""
    spans: list[tuple[int, int]] = []
    done: set[int] = set()
    for pos in at:
        i = line_of(starts, pos)
        if i in done:
            continue
        done.add(i)
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        spans.extend((m.start(), m.end()) for m in _URL.finditer(text, starts[i], end))
    return spans


def ignored_spans(
    text: str, regexes: Sequence[re.Pattern[str]], at: Iterable[int] = (), starts: list[int] | None = None
) -> tuple[list[tuple[int, int]], dict[int, _WordRule]]:
    """Spans no finding may touch, and per-line word lists from pragmas naming words.

    Returns (spans, {line_start_offset: words}) where spans are whole ignored lines and
    blocks, ignore-regex matches, and URL and e-mail addresses on the lines of ``at``.
    ``starts`` is :func:`~glossary.spans.line_starts` of ``text`` if the caller has it.
    """
    if starts is None:
        starts = line_starts(text)
    spans = _url_spans(text, starts, at)
    for rx in regexes:
        spans.extend((m.start(), m.end()) for m in rx.finditer(text) if m.end() > m.start())
    per_line: dict[int, _WordRule] = {}
    if "glossary:" in text or "codespell:" in text:
        ends = [*starts[1:], len(text)]
        off_from: int | None = None
        for m in _PRAGMA.finditer(text):
            i = line_of(starts, m.start())
            directive = m.group(2)
            words, words_end = [], m.start(3)
            for w in _PRAGMA_WORD.finditer(text, m.start(3), m.end(3)):
                if not w.group()[0].isalnum():
                    break
                words.append(w.group())
                words_end = w.end()
            if directive == "off" and m.group(1) == "glossary":
                off_from = starts[i] if off_from is None else off_from
            elif directive == "on" and m.group(1) == "glossary":
                if off_from is not None:
                    spans.append((off_from, ends[i]))
                    off_from = None
            elif directive in ("ignore", "ignore-next-line"):
                j = i if directive == "ignore" else i + 1
                if j >= len(starts):
                    continue
                if words:
                    per_line[starts[j]] = _WordRule(words)
                    spans.append((m.start(3), words_end))  # the pragma's own words are not findings
                else:
                    spans.append((starts[j], ends[j]))
        if off_from is not None:
            spans.append((off_from, len(text)))
    return spans, per_line


#: the non-word finders of the last glossaries checked with, by id (and a weak reference,
#: so that a new glossary at a freed id is never taken for the old one): a new Checker of
#: a glossary copies its vocabulary instead of reading every row again
_FINDERS: dict[int, tuple[weakref.ref[Glossary], NonWordFinder]] = {}
_FINDERS_KEPT = 8


def _finder_for(glossary: Glossary) -> NonWordFinder:
    got = _FINDERS.get(id(glossary))
    if got is None or got[0]() is not glossary:
        if len(_FINDERS) >= _FINDERS_KEPT:
            _FINDERS.clear()
        finder = (NonWordFinder.from_vocabulary(_builtin_vocabulary()) if is_builtin(glossary)
                  else NonWordFinder.for_glossary(glossary.entries()))
        got = _FINDERS[id(glossary)] = (weakref.ref(glossary), finder)
    return got[1].fresh()


def _valid_vocabulary(got: object) -> bool:
    return type(got) is tuple and len(got) == 3 and all(type(x) is frozenset for x in got)


@persisted("builtin-vocabulary", valid=_valid_vocabulary)
def _builtin_vocabulary() -> Vocabulary:
    """What the non-word finder knows of the built-in glossary, kept in the cache: reading
    its 2,300 entries took a new process about 20 ms."""
    return NonWordFinder.for_glossary(builtin_glossary().entries()).vocabulary()


class Checker:
    """Finds problems in texts with one glossary and one set of settings."""

    def __init__(
        self,
        glossary: Glossary,
        *,
        checks: Sequence[str] = ("glossary", "non-words"),
        ignore_words: Iterable[str] = (),
        ignore_regex: Iterable[str] = (),
        tone_style: ToneStyle | str | None = None,
    ) -> None:
        self.glossary = glossary
        self.checks = frozenset(checks)
        self.ignore_words = _WordRule(ignore_words)
        self.regexes = [re.compile(p) for p in ignore_regex]
        self.tone = None if tone_style is None else ToneStyle.coerce(tone_style, "tone style")
        self._nonwords = None
        if "non-words" in self.checks:
            self._nonwords = _finder_for(glossary)

    def check(self, text: str) -> list[Finding]:
        """Every finding in ``text``, in order, none overlapping another."""
        found: list[Finding] = []
        if "glossary" in self.checks:
            found.extend(self._glossary(text))
        if self._nonwords is not None:
            found.extend(_unicode_fixes(text))
            taken = SpanSet((f.start, f.end) for f in found)
            found.extend(
                Finding(s, e, before, sugg, kind, kind, False)  # never fixed: the writer chooses
                for s, e, before, sugg, kind in self._nonwords.find_kinds(text)
                if not taken.overlaps(s, e)
            )
        if self.tone is not None and "tone" in self.checks:
            taken = SpanSet((f.start, f.end) for f in found)
            found.extend(f for f in self._tone(text) if not taken.overlaps(f.start, f.end))
        if not found:
            return found
        found.sort()
        starts = line_starts(text)
        spans, per_line = ignored_spans(text, self.regexes, (f.start for f in found), starts)
        if spans or per_line or self.ignore_words:
            ignored = SpanSet(spans)
            found = [f for f in found if not self._ignored(f, ignored, per_line, starts)]
        return found

    def _ignored(self, f: Finding, spans: SpanSet, per_line: dict[int, _WordRule], starts: list[int]) -> bool:
        if f.before in self.ignore_words or spans.overlaps(f.start, f.end):
            return True
        if per_line:
            rule = per_line.get(starts[line_of(starts, f.start)])
            if rule is not None and f.before in rule:
                return True
        return False

    def _glossary(self, text: str) -> list[Finding]:
        out = []
        bare, cut = visible(text)  # a soft hyphen or joiner inside a key does not hide it: nữ\u00adng
        for m in self.glossary.find(bare, kinds=(Kind.TYPO, Kind.VARIANT)):
            start, end = (m.start, m.end) if cut is None else cut.span_to_input(m.start, m.end)
            if _joined(text, start, end):
                continue  # part of a longer word or identifier: O_WRONLY, wasn't, re-use (not Ngaỳ_đầu)
            if m.replacement is not None:
                suggestions: tuple[str, ...] = (_same_form(m.surface, m.replacement),)
            else:
                seen = dict.fromkeys(_same_form(m.surface, carry_case(m.surface, e.replacement)) for e in m.entries)
                suggestions = tuple(seen)
            if suggestions == (m.surface,):
                continue
            out.append(Finding(start, end, text[start:end], suggestions, str(m.kind), m.entries[0].term,
                               len(suggestions) == 1))
        return out

    def _tone(self, text: str) -> list[Finding]:
        assert self.tone is not None
        view, vmap = prepare_map(text, spaces=False)
        out = []
        for e in tone_edits(view, self.tone):
            start, end = vmap.span_to_input(e.start, e.end)
            before = text[start:end]
            out.append(Finding(start, end, before, (_same_form(before, e.after),), "tone", "tone-style", True))
        return out


def _unicode_fixes(text: str) -> list[Finding]:
    """Words written with the Icelandic eth (``Ðiều``) or with a tone mark typed before a
    vowel mark (``tié̂ng``): Unicode fixes, reported on the whole word."""
    edits = sorted(eth_edits(text) + mark_order_edits(text))
    out: list[Finding] = []
    for e in edits:
        if out and out[-1].end > e.start:
            continue  # another fix in the same word
        a, b = e.start, e.end
        while a and is_word_char(text[a - 1]):
            a -= 1
        while b < len(text) and is_word_char(text[b]):
            b += 1
        inside = [x._replace(start=x.start - a, end=x.end - a) for x in edits if a <= x.start and x.end <= b]
        rule = "eth" if e.before in "\u00d0\u00f0" else "mark-order"
        out.append(Finding(a, b, text[a:b], (apply_edits(text[a:b], inside),), "unicode", rule, True))
    return out


_ESCAPES = "abfnrtv"


def _joined(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` part of a longer token: the letters after a string escape
    (``\thow`` is a tab and "how"), a word joined by an apostrophe (``wasn't``), or by an
    underscore or a hyphen (an identifier, ``O_WRONLY``, or a compound, ``re-use``) but
    for Vietnamese syllables strung together so (:func:`~glossary.joiners.strung`:
    ``Ngaỳ_đầu``, ``Nhấn-phaỉ``)? A spell checker reads such a token as a whole, as
    codespell does."""
    if start and text[start - 1] == "\\" and text[start] in _ESCAPES:
        return True
    if joined(text, start, end, "'’"):
        return True
    underscored = (start and text[start - 1] == "_") or (end < len(text) and text[end] == "_")
    return bool(underscored or joined(text, start, end, "-")) and not strung(text, start, end)


def _same_form(surface: str, replacement: str) -> str:
    """Write a replacement in the normalization form of the text it replaces (NFD stays NFD)."""
    if not unicodedata.is_normalized("NFC", surface) and unicodedata.is_normalized("NFD", surface):
        return unicodedata.normalize("NFD", replacement)
    return replacement


def apply_fixes(text: str, findings: Iterable[Finding]) -> str:
    """``text`` with every fixable finding replaced by its one suggestion, nothing else changed."""
    parts = []
    pos = 0
    for f in sorted(findings):
        if not f.fixable or f.start < pos:
            continue
        parts.append(text[pos : f.start])
        parts.append(f.suggestions[0])
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)
