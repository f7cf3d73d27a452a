"""The :class:`Glossary`: normalize, expand, find and look up, built from the floors below."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Iterator

from .compiled import Table
from .edits import Explained, OffsetMap, apply_edits, compose, through
from .errors import GlossaryFileError, GlossaryTypeError, Problem
from .files import atomic_write
from .hidden import inside_words
from .mapping import TermMapping
from .model import Edit, Entry, Kind, Match, Style, ToneStyle
from .resources import VERSION
from .scan import Scanner, resolve_engine
from .senses import choose_sense, fix_of, wanted_domains
from .text import carry_case, fold, need_text, prepare, prepare_explained, prepare_map
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

    from .expansion import Expander
    from .terms import Row

__all__ = ["Glossary"]

_FIX_KINDS = frozenset({Kind.TYPO, Kind.VARIANT})
_ALL_KINDS = frozenset(Kind)
_KIND_ORDER = {Kind.TYPO: 0, Kind.VARIANT: 1, Kind.ABBREVIATION: 2, Kind.TERM: 3}
_MAX_ROUNDS = 8


class Glossary(TermMapping):
    """A compiled glossary and the operations on it. Safe to share between threads.

    Also a read-only mapping from each key, as written, to its entries (see
    :mod:`glossary.mapping`); :meth:`entries` yields every row.
    """

    def __init__(
        self, table: Table, name: str = "<glossary>", *, engine: str = "auto", layers: Iterable[str] = ()
    ) -> None:
        self._table = table
        self.name = name
        #: the opt-in built-in layers it holds (``load(layers=...)``): with ``"informal"``,
        #: :meth:`expand` also weighs the chat shorthand that only context decides
        self.layers = tuple(layers)
        self.engine = resolve_engine(engine)  #: the scanner that runs: "c" or "python"
        self._engine_asked = engine  # what a copy in another process asks for
        self._scanners: dict[frozenset[Kind], Scanner] = {}
        self._unaccented: dict[str, list[int]] | None = None

    # -- construction -------------------------------------------------------------
    @classmethod
    def from_entries(
        cls, entries: Iterable[Entry], name: str = "<entries>", *, allow_chains: bool = False, engine: str = "auto"
    ) -> Glossary:
        """Validate and compile entries (later rows of a key follow earlier ones).

        ``allow_chains`` accepts fixes that are themselves typo keys (as codespell's
        dictionaries have); normalize then applies them in turn. ``engine`` picks the
        scanner: ``"auto"`` (the C one when it is built), ``"c"`` or ``"python"``.
        """
        from .terms import Row, entry_problems, make_entry  # parsing and checking rows: only when compiling

        rows: list[Row] = []
        problems: list[Problem] = []
        for i, e in enumerate(entries, 1):
            if not isinstance(e, Entry):
                raise GlossaryTypeError(f"entries must be Entry tuples, not {type(e).__name__}")
            kind = Kind.coerce(e.kind, "kind")
            e = make_entry(e.term, e.replacement, kind, e.domain, e.note, e.source)
            found = entry_problems(e)
            problems.extend(Problem(name, i, msg) for msg in found)
            if not found:
                rows.append(Row(e, i))
        return cls._from_rows(rows, name, allow_chains=allow_chains, problems=problems, engine=engine)

    @classmethod
    def _from_rows(
        cls, rows: list[Row], name: str, *, allow_chains: bool = False, problems: list[Problem] | None = None,
        engine: str = "auto",
    ) -> Glossary:
        """Check rows against each other and compile them; each problem names the file and
        line its row came from (``Row.path``, else ``name``)."""
        from .compiling import compile_entries
        from .terms import check_rows  # only when compiling

        problems = list(problems or ())
        problems.extend(check_rows(rows, name, allow_chains=allow_chains))
        if any(p.severity == "error" for p in problems):
            raise GlossaryFileError(name, problems)
        data = compile_entries([r.entry for r in rows], generator=f"glossary {VERSION}")
        return cls(Table(data, name, trusted=True), name, engine=engine)

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "<bytes>", *, engine: str = "auto") -> Glossary:
        """Load a glossary from the bytes of a compiled file (see :meth:`to_bytes`), checked
        in full: bytes from anywhere give a glossary or a ``CompiledFormatError``."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise GlossaryTypeError(f"from_bytes() needs bytes, not {type(data).__name__}")
        return cls(Table(bytes(data), name), name, engine=engine)

    def to_bytes(self) -> bytes:
        """The compiled form: what ``glossary build`` writes and :meth:`from_bytes` reads."""
        return self._table.to_bytes()

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the compiled form to ``path`` atomically."""
        atomic_write(os.fspath(path), self.to_bytes())

    def __reduce__(self) -> tuple[Any, ...]:
        return (_from_bytes, (self.to_bytes(), self.name, self._engine_asked, self.layers))

    def __repr__(self) -> str:
        return f"<Glossary {self.name!r}: {len(self._table)} rows>"

    @property
    def stats(self) -> dict[str, Any]:
        """Counts of rows per kind and per domain, and the number of distinct keys."""
        h = self._table.header
        return {"rows": h["rows"], "keys": h["keys"], "kinds": dict(h["kinds"]), "domains": dict(h["per_domain"])}

    def _scanner(self, kinds: frozenset[Kind]) -> Scanner:
        sc = self._scanners.get(kinds)
        if sc is None:
            sc = self._scanners[kinds] = Scanner(self._table, kinds, engine=self.engine)
        return sc

    # -- normalize ----------------------------------------------------------------
    def normalize(self, text: str, *, tone_style: ToneStyle | str | None = None) -> str:
        """Clean up Unicode and spaces, fix typos and variants, optionally set tone style.

        >>> g = Glossary.from_entries([Entry("nững", "những", Kind.TYPO)])
        >>> g.normalize("NỮNG  nững")
        'NHỮNG những'
        """
        text = need_text(text, "normalize")
        tone = None if tone_style is None else ToneStyle.coerce(tone_style, "tone style")
        bare, cut = inside_words(text)
        if cut is not None:  # a soft hyphen or word joiner inside a word, perhaps a key: mapped back
            return through(cut, text, self._normalized(bare, tone)).text
        view, _ = prepare(text, engine=self.engine, explain=False)
        return self._fix_rounds(view, tone)[0]

    def normalize_and_explain(self, text: str, *, tone_style: ToneStyle | str | None = None) -> Explained:
        """Like :meth:`normalize`, also returning every edit as a span of ``text``. Soft
        hyphens and word joiners inside a word are read through (a key with one inside is
        found and fixed whole) and kept elsewhere."""
        text = need_text(text, "normalize")
        tone = None if tone_style is None else ToneStyle.coerce(tone_style, "tone style")
        bare, cut = inside_words(text)
        return through(cut, text, self._normalized(bare, tone))

    def _normalized(self, text: str, tone: ToneStyle | None) -> Explained:
        view, edits, view_map = prepare_explained(text, engine=self.engine)
        out, rounds, ambiguous = self._fix_rounds(view, tone, explain=True)
        cur = view
        where: OffsetMap | None = view_map
        for step in rounds:
            edits = compose(text, edits, step, cur, where)
            cur = apply_edits(cur, step)
            where = None
        unresolved = []
        for s, e, senses in ambiguous:  # first-round spans: offsets into the view
            start, end = view_map.span_to_input(s, e)
            unresolved.append(Match(start, end, text[start:end], senses[0].kind, None, senses))
        return Explained(out, tuple(edits), tuple(unresolved))

    def _fix_rounds(
        self, view: str, tone: ToneStyle | None, *, explain: bool = False
    ) -> tuple[str, list[list[Edit]], list[tuple[int, int, tuple[Entry, ...]]]]:
        """Apply typo/variant fixes (and tone style) to a prepared view until nothing changes.

        A fix can complete a new key with its neighbours, so after the first full pass
        only the text around changes is scanned again. With ``explain`` the edits of each
        round are returned, and the ambiguous matches of the first pass.
        """
        scanner = self._scanner(_FIX_KINDS)
        rounds: list[list[Edit]] = []
        ambiguous: list[tuple[int, int, tuple[Entry, ...]]] = []
        maxlen = max(self._table.maxlen, 8)
        cur = view
        windows: list[tuple[int, int]] | None = None
        suspects = None  # the pure-Python engine's: where the next round must read
        for _ in range(_MAX_ROUNDS):
            got = scanner.fix(cur, windows, explain=explain, suspects=suspects)
            suspects = got.suspects
            if windows is None:
                ambiguous = got.ambiguous
            if got.edits:
                rounds.append(got.edits)
            cur, changed = got.text, got.changed
            if tone is not None:
                from .tone import tone_edits  # the tone rules load only for callers who ask for a tone style

                tone_windows = None if windows is None else [(a, b + 1) for a, b in changed]
                tsteps = tone_edits(cur, tone, tone_windows) if tone_windows != [] else []
                if tsteps:
                    suspects = None
                    if explain:
                        rounds.append(tsteps)
                    cur = apply_edits(cur, tsteps)
                    changed = sorted([*changed, *((ed.start, ed.end) for ed in tsteps)])  # tone edits keep lengths
            if not changed:
                break
            windows = [(a - maxlen, b + 1) for a, b in changed]
        return cur, rounds, ambiguous

    # -- expand -------------------------------------------------------------------
    def expand(
        self,
        text: str,
        *,
        style: Style | str = Style.REPLACE,
        domains: Iterable[str] | str | None = None,
        learn: bool = False,
    ) -> str:
        """Write out abbreviations. Typos are not fixed: call ``expand(normalize(text))``.

        With ``learn=True`` the abbreviations the text defines itself ("Hội đồng nhân dân
        (HĐND)") are also expanded where they are mentioned after their definition; the
        glossary's own rows always win.

        >>> g = Glossary.from_entries([Entry("CSGT", "Cảnh sát giao thông", Kind.ABBREVIATION)])
        >>> g.expand("CSGT và CSGT", style="first")
        'Cảnh sát giao thông (CSGT) và CSGT'
        >>> g.expand("Bảo hiểm xã hội (BHXH) và CSGT. BHXH tăng.", learn=True)
        'Bảo hiểm xã hội (BHXH) và Cảnh sát giao thông. Bảo hiểm xã hội tăng.'
        """
        return self.expand_and_explain(text, style=style, domains=domains, learn=learn).text

    def expand_and_explain(
        self,
        text: str,
        *,
        style: Style | str = Style.REPLACE,
        domains: Iterable[str] | str | None = None,
        learn: bool = False,
    ) -> Explained:
        """Like :meth:`expand`, also returning the edits and the ambiguous mentions left as written."""
        text = need_text(text, "expand")
        return self._expander(style, domains, learn).explain(text)

    def _expander(self, style: Style | str, domains: Iterable[str] | str | None, learn: bool) -> Expander:
        """A new document to expand (see :class:`~glossary.expansion.Expander`)."""
        from .expansion import ABBREVIATIONS, Expander  # with the miner it needs: only when expanding

        return Expander(self._table, self._scanner(ABBREVIATIONS), style=style, domains=wanted_domains(domains),
                        learn=learn, shorthand="informal" in self.layers)

    def restore_marks(
        self, text: str, *, min_confidence: float = 0.0, lost_only: bool = False, informal: bool = False
    ) -> str:
        """:func:`glossary.restore.restore_marks` (the model is built in, not this glossary's)."""
        from .restore import restore_marks

        return restore_marks(text, min_confidence=min_confidence, lost_only=lost_only, informal=informal)

    def restore_marks_and_explain(
        self, text: str, *, min_confidence: float = 0.0, lost_only: bool = False, informal: bool = False
    ) -> Explained:
        """:func:`glossary.restore.restore_marks_and_explain`."""
        from .restore import restore_marks_and_explain

        return restore_marks_and_explain(text, min_confidence=min_confidence, lost_only=lost_only, informal=informal)

    # -- streams and pipelines ----------------------------------------------------------
    def normalize_lines(self, lines: Iterable[str], *, tone_style: ToneStyle | str | None = None) -> Iterator[str]:
        """:meth:`normalize` each line of ``lines`` lazily, with bounded memory.

        >>> g = Glossary.from_entries([Entry("nững", "những", Kind.TYPO)])
        >>> list(g.normalize_lines(["nững  ngày", "và nững đêm"]))
        ['những ngày', 'và những đêm']
        """
        tone = None if tone_style is None else ToneStyle.coerce(tone_style, "tone style")
        from .pipeline import map_lines  # the stream and pandas helpers load when used

        return map_lines(lambda t: self.normalize(t, tone_style=tone), lines)

    def expand_lines(
        self,
        lines: Iterable[str],
        *,
        style: Style | str = Style.REPLACE,
        domains: Iterable[str] | str | None = None,
        learn: bool = False,
    ) -> Iterator[str]:
        """:meth:`expand` each line of ``lines`` lazily, as one document: with
        ``style="first"`` the first mention in the whole stream is the one written out,
        and with ``learn=True`` a definition applies to every later line.

        >>> g = Glossary.from_entries([Entry("CSGT", "Cảnh sát giao thông", Kind.ABBREVIATION)])
        >>> list(g.expand_lines(["Bảo hiểm xã hội (BHXH).", "BHXH và CSGT."], learn=True))
        ['Bảo hiểm xã hội (BHXH).', 'Bảo hiểm xã hội và Cảnh sát giao thông.']
        """
        doc = self._expander(style, domains, learn)
        from .pipeline import map_lines

        return map_lines(lambda text: doc.explain(text).text, lines)

    def normalize_series(self, series: Any, *, tone_style: ToneStyle | str | None = None) -> Any:
        """:meth:`normalize` a pandas Series of strings; None, NaN and other non-text pass through."""
        from .pipeline import series_map

        return series_map(lambda t: self.normalize(t, tone_style=tone_style), series)

    def expand_series(
        self, series: Any, *, style: Style | str = Style.REPLACE, domains: Iterable[str] | str | None = None
    ) -> Any:
        """:meth:`expand` a pandas Series of strings; None, NaN and other non-text pass through."""
        from .pipeline import series_map

        return series_map(lambda t: self.expand(t, style=style, domains=domains), series)

    # -- find and lookup ----------------------------------------------------------
    def find(
        self,
        text: str,
        *,
        kinds: Iterable[Kind | str] | None = None,
        domains: Iterable[str] | str | None = None,
    ) -> list[Match]:
        """Every glossary key in ``text`` (leftmost-longest, at word boundaries).

        >>> g = Glossary.from_entries([Entry("CAND", "Công an nhân dân", Kind.ABBREVIATION)])
        >>> [(m.start, m.end, m.replacement) for m in g.find("lực lượng CAND.")]
        [(10, 14, 'Công an nhân dân')]
        """
        text = need_text(text, "find")
        if kinds is None:
            wanted_kinds = _ALL_KINDS
        else:
            if isinstance(kinds, str):
                kinds = [kinds]
            wanted_kinds = frozenset(Kind.coerce(k, "kind") for k in kinds)
        wanted = wanted_domains(domains)
        bare, cut = inside_words(text)  # soft hyphens and word joiners inside words read through
        view, vmap = prepare_map(bare, spaces=self._table.spaced, engine=self.engine)
        out = []
        for s, e, _, senses in self._scanner(wanted_kinds).scan(view):
            start, end = vmap.span_to_input(s, e)
            if cut is not None:
                start, end = cut.span_to_input(start, end)
            out.append(self._match(text, view, start, end, s, e, senses, wanted))
        return out

    def _match(
        self, text: str, view: str, start: int, end: int, s: int, e: int,
        senses: tuple[Entry, ...], domains: frozenset[str] | None,
    ) -> Match:
        senses = tuple(sorted(senses, key=lambda x: _KIND_ORDER[x.kind]))
        kind = senses[0].kind
        same = tuple(x for x in senses if x.kind is kind)
        replacement: str | None = None
        if kind in _FIX_KINDS:
            rep = fix_of(same)
            replacement = None if rep is None else carry_case(view[s:e], rep)
        elif kind is Kind.ABBREVIATION:
            chosen = choose_sense(same, domains)
            replacement = None if chosen is None else chosen.replacement
        return Match(start, end, text[start:end], kind, replacement, senses)

    def lookup(self, term: str) -> list[Entry]:
        """Entries for ``term``: exact spelling first, then any case, then ignoring accents.

        >>> g = Glossary.from_entries([Entry("HĐND", "Hội đồng nhân dân", Kind.ABBREVIATION)])
        >>> [e.replacement for e in g.lookup("HDND")]
        ['Hội đồng nhân dân']
        """
        term = unicodedata.normalize("NFC", need_text(term, "lookup")).strip()
        if not term.isascii() and any("\ud800" <= c <= "\udfff" for c in term):
            return []  # a lone surrogate (bytes that were not UTF-8): no key holds one
        kid = self._table.key_id(fold(term))
        if kid is not None:
            found = self._table.entries(kid)
            exact = [e for e in found if e.term == term]
            return exact or list(found)
        from unidecode import unidecode  # only for lookups that miss

        if self._unaccented is None:
            index: dict[str, list[int]] = {}
            for key, kid in self._table.items():
                index.setdefault(unidecode(key).lower(), []).append(kid)
            self._unaccented = index
        out: list[Entry] = []
        for kid in self._unaccented.get(unidecode(term).lower(), []):
            out.extend(self._table.entries(kid))
        return out


def _from_bytes(data: bytes, name: str, engine: str = "auto", layers: Iterable[str] = ()) -> Glossary:
    """Unpickle, or start a worker: the bytes come from a glossary of this process or its
    parent (unpickling runs code anyway, so a pickle is trusted or never loaded)."""
    return Glossary(Table(bytes(data), name, trusted=True), name, engine=engine, layers=layers)
