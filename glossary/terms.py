"""Read and validate glossary files (UTF-8 CSV with a header line).

Columns: ``term``, ``replacement``, ``kind`` (required) and ``domain``, ``note``,
``source`` (optional). Validation reports every problem at once, each with its file and
line; loading a file (:func:`glossary.load`) raises
:class:`~glossary.errors.GlossaryFileError` when any is an error.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from .errors import Problem
from .model import Entry, Kind

__all__ = [
    "COLUMNS",
    "FAMILY",
    "Row",
    "check_rows",
    "entry_problems",
    "make_entry",
    "match_key",
    "parse_terms",
]

COLUMNS = ("term", "replacement", "kind", "domain", "note", "source")
_REQUIRED = COLUMNS[:3]
_KINDS = {k.value: k for k in Kind}
#: What a row does, for layering and conflicts: typo and variant rows both fix the text.
FAMILY = {Kind.TYPO: "fix", Kind.VARIANT: "fix", Kind.ABBREVIATION: "abbreviation", Kind.TERM: "term"}


class Row(NamedTuple):
    """A glossary entry with the line it was read from (0 when it has none), and the file
    (empty when it is the one being checked)."""

    entry: Entry
    line: int
    path: str = ""

    def where(self, path: str) -> str:
        """How another row's message names this row: its line, and its file if not ``path``."""
        return f"line {self.line}" if self.path in ("", path) else f"{self.path}:{self.line}"


def match_key(entry: Entry) -> str:
    """The string a row is matched by: folded for case-insensitive kinds, as written otherwise."""
    from .text import fold

    return entry.term if entry.kind.case_sensitive else fold(entry.term)


def _decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        msg = f"not valid UTF-8: byte 0x{bad} at byte offset {exc.start}; save the file as UTF-8"
        return None, [Problem(path, line, msg)]


def parse_terms(data: bytes, path: str = "<glossary>") -> tuple[list[Row], list[Problem]]:
    """Parse glossary CSV bytes into rows, returning every problem found (nothing is raised)."""
    text, problems = _decode(data, path)
    if text is None:
        return [], problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    header: list[str] | None = None
    last_line = 0
    try:
        for record in reader:
            line = last_line + 1
            last_line = reader.line_num
            if not record or (len(record) == 1 and not record[0].strip()):
                continue
            if header is None:
                header = [h.strip() for h in record]
                problems.extend(_check_header(header, path, line))
                if any(p.severity == "error" for p in problems):
                    return [], problems
                continue
            if len(record) != len(header):
                problems.append(Problem(path, line, f"expected {len(header)} fields, found {len(record)}"))
                continue
            row = _row(dict(zip(header, record, strict=True)), path, line, problems)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        problems.append(Problem(path, reader.line_num or last_line + 1, f"malformed CSV: {exc}"))
    if header is None:
        problems.append(Problem(path, 1, "empty glossary: the first line must be the header " + ",".join(COLUMNS)))
    problems.extend(check_rows(rows, path))
    problems.sort(key=lambda p: p.line)
    return rows, problems


def is_codespell(data: bytes) -> bool:
    """Does the file look like a codespell dictionary (``typo->fix`` lines)?"""
    for line in data[:4096].splitlines():
        if line.strip() and not line.lstrip().startswith(b"#"):  # codespell's files may begin with comments
            head, arrow, _ = line.partition(b"->")
            return bool(arrow) and b"," not in head
    return False


def parse_codespell(data: bytes, path: str = "<dictionary>") -> tuple[list[Row], list[Problem]]:
    """Read codespell's dictionary format: ``typo->fix``, ``typo->fix1, fix2,`` (several
    corrections: reported, never fixed) or ``typo->fix, reason`` (the reason becomes the
    note; codespell never fixes such a line, this library does, and says so in a
    warning). Every line becomes typo rows.

    A codespell dictionary is someone else's data, so what this library would refuse in
    its own format only warns here: a key our word boundaries can never match (it begins
    with ``_``) is left out, and a fix that is itself a typo key (codespell's common and
    rare dictionaries chain: whent -> whet -> when) is kept."""
    text, problems = _decode(data, path)
    if text is None:
        return [], problems
    rows: list[Row] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        typo, arrow, rest = line.partition("->")
        if not arrow or not typo.strip() or not rest.strip():
            problems.append(Problem(path, n, f"expected 'typo->correction', found {raw!r}"))
            continue
        parts = [p.strip() for p in rest.split(",")]
        reason = ""
        if len(parts) > 1:
            if parts[-1]:
                reason = parts.pop()
                if len(parts) == 1:
                    problems.append(Problem(
                        path, n, f"{typo.strip()!r} has a reason ({reason!r}): codespell only reports such an "
                        "entry, glossary check --write also fixes it (add it to ignore-words to keep it as is)",
                        "warning", "reason",
                    ))
            else:
                parts.pop()
        for fix in parts:
            entry = make_entry(typo.strip(), fix, Kind.TYPO, note=reason, source=os.path.basename(path))
            found = entry_problems(entry)
            problems.extend(Problem(path, n, msg + "; row left out", "warning", "unmatchable") for msg in found)
            if not found:
                rows.append(Row(entry, n))
    for p in check_rows(rows, path):
        if p.code == "chain":
            problems.append(p._replace(severity="warning"))
        elif p.severity == "error":
            problems.append(p)
    problems.extend(_cycles(rows, path))
    return rows, problems


def _cycles(rows: list[Row], path: str) -> list[Problem]:
    """Rows whose fixes lead back to their own key: ``--write`` would flip the text on
    every run, so a cycle is an error even where chains are allowed.

    >>> rows = [Row(make_entry(a, b, Kind.TYPO), n) for n, (a, b) in enumerate([("teh", "the"), ("the", "teh")], 1)]
    >>> [p.line for p in _cycles(rows, "d.txt")]
    [1, 2]
    """
    from .text import fold

    targets: dict[str, set[str]] = {}
    for row in rows:
        targets.setdefault(fold(row.entry.term), set()).add(fold(row.entry.replacement))
    # A key with several corrections is only reported, never fixed: no flip goes through it.
    fixes = {key: next(iter(to)) for key, to in targets.items() if len(to) == 1}
    problems = []
    for row in rows:
        start = fold(row.entry.term)
        trail, seen = [fixes.get(start, start)], set()
        while trail[-1] != start and trail[-1] in fixes and trail[-1] not in seen:
            seen.add(trail[-1])
            trail.append(fixes[trail[-1]])
        if trail[0] != start and trail[-1] == start:
            shown = " -> ".join([row.entry.term, *trail])
            problems.append(Problem(path, row.line, f"{shown} is a cycle: each run of --write would change the "
                                    "text again; remove one of its rows", code="cycle"))
    return problems


def _check_header(header: list[str], path: str, line: int) -> list[Problem]:
    problems = []
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        problems.append(
            Problem(path, line, f"missing column(s) {', '.join(missing)}: the first line must be a header "
                    f"naming the columns, e.g. {','.join(COLUMNS)}")
        )
    for c in {h for h in header if header.count(h) > 1}:
        problems.append(Problem(path, line, f"column {c!r} is named twice"))
    for c in header:
        if c not in COLUMNS:
            problems.append(Problem(path, line, f"unknown column {c!r} is ignored", "warning"))
    return problems


def _space_problem(value: str) -> str | None:
    if value != value.strip():
        return "has leading or trailing whitespace"
    if "\n" in value or "\r" in value:
        return "holds a line break"
    if "  " in value or "\u00a0" in value or "\u200b" in value:
        return (
            "holds a run of spaces, a no-break space or a zero-width space "
            "(text is matched after these are cleaned up; write one plain space)"
        )
    return None


def _row(fields: dict[str, str], path: str, line: int, problems: list[Problem]) -> Row | None:
    kind_name = fields["kind"]
    kind = _KINDS.get(kind_name)
    if not kind_name:
        problems.append(Problem(path, line, "empty required field 'kind'"))
    elif kind is None:
        import difflib

        hint = difflib.get_close_matches(kind_name.strip().lower(), _KINDS, n=1)
        tip = f"; did you mean {hint[0]!r}?" if hint else ""
        problems.append(Problem(path, line, f"unknown kind {kind_name!r} (valid: {', '.join(_KINDS)}){tip}"))
    entry = make_entry(
        fields["term"], fields["replacement"], kind or Kind.TERM, fields.get("domain", ""),
        fields.get("note", ""), fields.get("source", ""),
    )
    found = entry_problems(entry)
    problems.extend(Problem(path, line, msg) for msg in found)
    if kind is None or found:
        return None
    return Row(entry, line)


def make_entry(term: str, replacement: str, kind: Kind, domain: str = "", note: str = "", source: str = "") -> Entry:
    """An entry with every field NFC-normalized (and domain and source stripped)."""

    def nfc(s: str) -> str:
        return unicodedata.normalize("NFC", s)

    return Entry(nfc(term), nfc(replacement), kind, nfc(domain).strip(), nfc(note), nfc(source).strip())


def entry_problems(entry: Entry) -> list[str]:
    """What is wrong with one entry on its own (empty fields, keys that can never match, ...)."""
    problems = []
    term, replacement, kind = entry.term, entry.replacement, entry.kind
    for name, value in (("term", term), ("replacement", replacement), ("note", entry.note)):
        if "\0" in value:
            problems.append(f"{name} {value!r} holds a NUL character")
    if not term:
        problems.append("empty required field 'term'")
    else:
        why = _space_problem(term)
        if why:
            problems.append(f"term {term!r} can never match: it {why}")
        elif not term[0].isalnum():
            problems.append(f"term {term!r} can never match: a term must begin with a letter or digit")
    if kind is not Kind.TERM:
        if not replacement:
            problems.append(f"empty required field 'replacement' (needed for kind {kind.value!r})")
        else:
            why = _space_problem(replacement)
            if why:
                problems.append(f"replacement {replacement!r} {why}")
            elif unicodedata.category(replacement[0])[0] == "M":
                problems.append(f"replacement {replacement!r} begins with a combining mark")
            elif kind in (Kind.TYPO, Kind.VARIANT) and term and _matches_inside(term, replacement):
                problems.append(f"the fix {replacement!r} contains the key {term!r} where it would match again: "
                                "normalizing twice would change the text twice")
    return problems


def _matches_inside(key: str, text: str) -> bool:
    """Would the (case-insensitive) key match somewhere in ``text`` other than as all of it?"""
    from .text import fold, is_word_char, needs_end_boundary

    k, t = fold(key), fold(text)
    if k == t:
        return False
    i = t.find(k)
    while i != -1:
        j = i + len(k)
        if (i == 0 or not is_word_char(t[i - 1])) and (
            j == len(t) or not (needs_end_boundary(k[-1]) and is_word_char(t[j]))
        ):
            return True
        i = t.find(k, i + 1)
    return False


def check_rows(rows: Iterable[Row], path: str = "<glossary>", *, allow_chains: bool = False) -> list[Problem]:
    """Problems between rows: conflicting duplicates in one domain, and (unless
    ``allow_chains``, as codespell's dictionaries need) chains of fixes.

    Typo rows of one key with different corrections are allowed (with a warning): such a
    typo is reported with every correction and never fixed automatically.
    """
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], Row] = {}
    fixes: dict[str, Row] = {}
    rows = list(rows)
    for row in rows:
        e = row.entry
        key = match_key(e)
        slot = (FAMILY[e.kind], key, e.domain)
        first = seen.get(slot)
        here = row.path or path
        if first is None:
            seen[slot] = row
        elif e.kind is Kind.TYPO and first.entry.kind is Kind.TYPO and first.entry.replacement != e.replacement:
            problems.append(
                Problem(here, row.line, f"{e.term!r} has several corrections (see {first.where(here)}): it is "
                        "reported with all of them and never fixed automatically", "warning")
            )
        elif (first.entry.kind, first.entry.replacement) != (e.kind, e.replacement):
            where = f" in domain {e.domain!r}" if e.domain else ""
            problems.append(
                Problem(here, row.line, f"{e.term!r}{where} conflicts with {first.where(here)}: "
                        f"{e.kind.value} -> {e.replacement!r} here, {first.entry.kind.value} -> "
                        f"{first.entry.replacement!r} there")
            )
        else:
            problems.append(Problem(here, row.line, f"duplicate of {first.where(here)}", "warning"))
        if e.kind in (Kind.TYPO, Kind.VARIANT):
            fixes.setdefault(key, row)
    if allow_chains:
        return problems
    from .text import fold

    for row in rows:
        e = row.entry
        if e.kind not in (Kind.TYPO, Kind.VARIANT):
            continue
        target = fold(e.replacement)
        other = fixes.get(target)
        if other is not None and target != fold(e.term):
            here = row.path or path
            problems.append(
                Problem(here, row.line, f"{e.term!r} -> {e.replacement!r}, but {e.replacement!r} is itself a "
                        f"{other.entry.kind.value} key ({other.where(here)}) -> {other.entry.replacement!r}; "
                        "point this row at the final form (chains and cycles are not allowed)", code="chain")
            )
    return problems
