"""Apply what a text defines: the abbreviations a document defines for itself (found by
:func:`glossary.mining.mine`), expanded where they are mentioned after their definition."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ._mine_rows import MIN_CONFIDENCE, Definition
from .edits import Explained
from .mining import mine
from .model import Entry, Kind, Style
from .spans import SpanSet

if TYPE_CHECKING:
    from .api import Glossary

__all__ = ["expand_learned", "local_entries"]


def local_entries(text: str, *, min_confidence: float = MIN_CONFIDENCE) -> list[tuple[Entry, int]]:
    """Abbreviations a text defines for itself, each with the offset from which it applies
    (the end of its definition's short form). The first definition of a short form wins.

    >>> [(e.term, e.replacement, at) for e, at in local_entries("Hội đồng nhân dân (HĐND) họp. HĐND ...")]
    [('HĐND', 'Hội đồng nhân dân', 23)]
    """
    return _entries(mine(text, min_confidence=min_confidence))


def _entries(definitions: list[Definition]) -> list[tuple[Entry, int]]:
    import unicodedata

    out: dict[str, tuple[Entry, int]] = {}
    for d in definitions:
        term = " ".join(unicodedata.normalize("NFC", d.short).split())
        if term not in out:
            long = " ".join(unicodedata.normalize("NFC", d.long).split())
            entry = Entry(term, long, Kind.ABBREVIATION, note=f"defined in the text ({d.pattern})", source="text")
            out[term] = (entry, max(d.short_end, d.long_end))
    return sorted(out.values(), key=lambda x: x[1])


def expand_learned(
    glossary: Glossary,
    text: str,
    *,
    style: Style | str = Style.REPLACE,
    domains: Iterable[str] | str | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    _seen: set[str] | None = None,
    _learned: dict[str, Entry] | None = None,
) -> Explained:
    """``glossary.expand_and_explain(text)``, plus the abbreviations the text defines itself,
    applied to their mentions after the definition.

    A short form that ``glossary`` has as an abbreviation keeps the glossary's expansion
    (the caller's rows always win), except at the definitions themselves, which are never
    rewritten. With ``style="first"`` a definition is the mention that writes the
    abbreviation out, so what the text defines adds no edits.

    ``_seen`` and ``_learned`` carry a document's state from one chunk to the next: the
    abbreviations already written out, and the definitions met so far (which then apply
    from the start of the chunk).

    >>> from glossary import Glossary
    >>> g = Glossary.from_entries([Entry("CAND", "Công an nhân dân", Kind.ABBREVIATION)])
    >>> expand_learned(g, "Hội đồng nhân dân (HĐND) và CAND. HĐND họp.").text
    'Hội đồng nhân dân (HĐND) và Công an nhân dân. Hội đồng nhân dân họp.'
    """
    from .api import Glossary
    from .edits import apply_edits
    from .terms import entry_problems

    mode = Style.coerce(style, "style")
    base = glossary.expand_and_explain(text, style=mode, domains=domains, _seen=_seen)
    definitions = mine(text, min_confidence=min_confidence)
    earlier = {} if _learned is None else _learned
    if not definitions and not earlier:
        return base
    sites = SpanSet((d.short_start, d.short_end) for d in definitions)
    edits = [ed for ed in base.edits if not sites.overlaps(ed.start, ed.end)]
    changed = len(edits) != len(base.edits)
    applies = dict.fromkeys(earlier, 0)
    learned = list(earlier.values())
    for entry, at in _entries(definitions):
        if entry.term in applies or entry_problems(entry):
            continue  # defined before (the first definition wins), or not a key the format can hold
        if not any(e.term == entry.term and e.kind is Kind.ABBREVIATION for e in glossary.lookup(entry.term)):
            learned.append(entry)
            applies[entry.term] = at
            if _learned is not None:
                _learned[entry.term] = entry
    if learned and mode is not Style.FIRST:
        local = Glossary.from_entries(learned, name="<defined in the text>").expand_and_explain(text, style=mode)
        taken = SpanSet((ed.start, ed.end) for ed in edits)
        more = [ed for ed in local.edits if ed.start >= applies[ed.term] and not taken.overlaps(ed.start, ed.end)]
        edits.extend(more)
        changed = changed or bool(more)
    if not changed:
        return base
    edits.sort(key=lambda ed: (ed.start, ed.end))
    return Explained(apply_edits(text, edits), tuple(edits), base.unresolved)
