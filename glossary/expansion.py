"""Writing out abbreviations: one document at a time, with what it has written out and,
optionally, the abbreviations it defines for itself.

An :class:`Expander` is one document: with ``style="first"`` the first mention in the
whole document is written out, and with ``learn`` a definition ("Hội đồng nhân dân
(HĐND)") applies to every later mention, in the same text or in later texts fed to the
same expander (lines of a stream, chunks of a file). Each text is prepared once; the
glossary's abbreviations and the document's own are found on the same view of it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ._mine_rows import MIN_CONFIDENCE
from .compiled import Table
from .edits import Explained, OffsetMap, apply_edits, through
from .hidden import inside_words
from .mining import mine
from .model import Definition, Edit, EditKind, Entry, Kind, Match, Style
from .scan import Scanner, Span
from .senses import choose_sense, defined_in_place, ends_sentence, in_code
from .spans import SpanSet
from .terms import entry_problems
from .text import fold, is_word_char, prepare_map

__all__ = ["ABBREVIATIONS", "Expander", "local_entries"]

ABBREVIATIONS = frozenset({Kind.ABBREVIATION})


class Expander:
    """One document being expanded with ``scanner`` (the abbreviations of ``table``).

    >>> from glossary import Glossary
    >>> g = Glossary.from_entries([Entry("CSGT", "Cảnh sát giao thông", Kind.ABBREVIATION)])
    >>> doc = Expander(g._table, g._scanner(ABBREVIATIONS), style="first", learn=True)
    >>> [doc.explain(t).text for t in ["Bảo hiểm xã hội (BHXH), CSGT.", "BHXH, CSGT."]]
    ['Bảo hiểm xã hội (BHXH), Cảnh sát giao thông (CSGT).', 'BHXH, CSGT.']
    """

    def __init__(
        self, table: Table, scanner: Scanner, *, style: Style | str = Style.REPLACE,
        domains: frozenset[str] | None = None, learn: bool = False, shorthand: bool = False,
    ) -> None:
        self._table = table
        self._scanner = scanner
        self.style = Style.coerce(style, "style")
        self.domains = domains
        self.learn = learn
        self.shorthand = shorthand  #: also the chat shorthand only context decides (``k``, ``ng``)
        self._seen: set[str] = set()  # abbreviations already written out (style "first")
        self._learned: dict[str, Entry] = {}  # what the document defined so far, by short form
        self._local: tuple[tuple[Entry, ...], Scanner] | None = None

    def explain(self, text: str) -> Explained:
        """Expand ``text``, the next part of the document; return the edits and the
        ambiguous mentions left as written. Soft hyphens and word joiners inside a word
        are read through (a key with one inside is found) and kept."""
        bare, cut = inside_words(text)
        view, vmap = prepare_map(bare, spaces=self._table.spaced or self.learn, engine=self._scanner.engine)
        hits = self._scanner.scan(view)
        if self.shorthand:
            hits = _with_shorthand(view, hits)
        edits, unresolved = self._edits(hits, bare, view, vmap, self._seen)
        if self.learn:
            edits = self._with_definitions(bare, view, vmap, edits)
        return through(cut, text, Explained(apply_edits(bare, edits), tuple(edits), tuple(unresolved)))

    def _edits(
        self, hits: Iterable[Span], text: str, view: str, vmap: OffsetMap, seen: set[str]
    ) -> tuple[list[Edit], list[Match]]:
        edits: list[Edit] = []
        unresolved: list[Match] = []
        mode = self.style
        for s, e, _, senses in hits:
            start, end = vmap.span_to_input(s, e)
            surface = text[start:end]
            sense = choose_sense(senses, self.domains)
            if sense is None:
                unresolved.append(Match(start, end, surface, Kind.ABBREVIATION, None, senses))
                continue
            if in_code(view, s, e):
                continue  # part of a longer code (12/QĐ-UBND): a reference, kept as written
            expansion = sense.replacement
            first_time = sense.term not in seen
            seen.add(sense.term)
            if defined_in_place(view, s, e, expansion):
                continue
            if mode is Style.REPLACE:
                after = expansion
            elif mode is Style.ANNOTATE:
                after = f"{surface} ({expansion})"
            elif first_time:
                after = f"{expansion} ({surface})"
            else:
                continue
            if e < len(view) and is_word_char(view[e]) and not is_word_char(view[e - 1]):
                after += " "  # TP.Hà Nội: the key's full stop separated the words, now a space does
            elif ends_sentence(view, s, e):
                after += "."  # táo, v.v. Sau đó: the key's full stop also ended the sentence
            edits.append(Edit(start, end, surface, after, EditKind.ABBREVIATION, sense.term))
        return edits, unresolved

    def _with_definitions(self, text: str, view: str, vmap: OffsetMap, edits: list[Edit]) -> list[Edit]:
        """Add the abbreviations the document defines: a short form that the glossary has
        as an abbreviation keeps the glossary's expansion (the caller's rows always win),
        and the definitions themselves are never rewritten. With ``style="first"`` a
        definition is the mention that writes the abbreviation out, so it adds no edits."""
        definitions = mine(text, min_confidence=MIN_CONFIDENCE)
        if not definitions and not self._learned:
            return edits
        found = _entries(definitions)
        sites = SpanSet((d.short_start, d.short_end) for d in definitions)
        kept = [ed for ed in edits if not sites.overlaps(ed.start, ed.end)]
        applies = dict.fromkeys(self._learned, 0)
        for entry, at in found:
            if entry.term in applies or entry_problems(entry):
                continue  # defined before (the first definition wins), or not a key the format can hold
            if not self._is_abbreviation(entry.term):
                self._learned[entry.term] = entry
                applies[entry.term] = at
        if self._learned and self.style is not Style.FIRST:
            local, _ = self._edits(self._local_scanner().scan(view), text, view, vmap, set())
            taken = SpanSet((ed.start, ed.end) for ed in kept)
            kept += [ed for ed in local if ed.start >= applies[ed.term] and not taken.overlaps(ed.start, ed.end)]
            kept.sort(key=lambda ed: (ed.start, ed.end))
        return kept

    def _is_abbreviation(self, term: str) -> bool:
        """Does the glossary have ``term``, spelled so, as an abbreviation?"""
        kid = self._table.key_id(fold(term))
        return kid is not None and any(
            e.term == term and e.kind is Kind.ABBREVIATION for e in self._table.entries(kid)
        )

    def _local_scanner(self) -> Scanner:
        """A scanner of the document's own definitions, rebuilt when it learns more."""
        entries = tuple(self._learned.values())
        if self._local is None or self._local[0] != entries:
            from .compiling import compile_entries  # the writer, only for a text's own definitions

            table = Table(compile_entries(entries), "<defined in the text>")
            self._local = (entries, Scanner(table, ABBREVIATIONS, engine=self._scanner.engine))
        return self._local[1]


def _with_shorthand(view: str, hits: list[Span]) -> list[Span]:
    """``hits`` and the ambiguous chat shorthand of ``view`` that no hit overlaps (the
    glossary's own rows win), each with the one reading its context decides, else all."""
    from .restore import find_shorthand  # the bigram model: only for a glossary with the informal layer

    found = find_shorthand(view)
    if not found:
        return hits
    taken = SpanSet((s, e) for s, e, _, _ in hits)
    extra: list[Span] = []
    for m in found:
        if not taken.overlaps(m.start, m.end):
            if m.replacement is None:
                senses = m.entries
            else:
                chosen = next(x for x in m.entries if fold(x.replacement) == fold(m.replacement))
                senses = (chosen._replace(replacement=m.replacement),)
            extra.append((m.start, m.end, -1, senses))
    return sorted([*hits, *extra], key=lambda h: h[0])


def local_entries(text: str, *, min_confidence: float = MIN_CONFIDENCE) -> list[tuple[Entry, int]]:
    """Abbreviations a text defines for itself, each with the offset from which it applies
    (the end of its definition). The first definition of a short form wins.

    >>> [(e.term, e.replacement, at) for e, at in local_entries("Hội đồng nhân dân (HĐND) họp. HĐND ...")]
    [('HĐND', 'Hội đồng nhân dân', 23)]
    """
    return _entries(mine(text, min_confidence=min_confidence))


def _entries(definitions: list[Definition]) -> list[tuple[Entry, int]]:
    out: dict[str, tuple[Entry, int]] = {}
    for d in definitions:
        term = " ".join(unicodedata.normalize("NFC", d.short).split())
        if term not in out:
            long = " ".join(unicodedata.normalize("NFC", d.long).split())
            entry = Entry(term, long, Kind.ABBREVIATION, note=f"defined in the text ({d.pattern})", source="text")
            out[term] = (entry, max(d.short_end, d.long_end))
    return sorted(out.values(), key=lambda x: x[1])
