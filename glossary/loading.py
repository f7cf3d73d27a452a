"""Find, read and layer glossary files; the built-in glossary is loaded once per process.

CSV glossaries are compiled once and cached by content (see :mod:`glossary.cache`), so a
new process memory-maps the compiled form instead of parsing the CSV again.
"""

from __future__ import annotations

import os
from _thread import allocate_lock
from collections.abc import Iterable, Sequence

from .api import Glossary
from .compiled import Table, is_compiled, load_file
from .errors import GlossaryFileError
from .files import read_bytes
from .resources import builtin_path
from .scan import resolve_engine
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    from .errors import Problem
    from .terms import Row

__all__ = ["LAYERS", "builtin_glossary", "is_builtin", "layering_problems", "load"]

PathLike = str | os.PathLike[str]
_lock = allocate_lock()  # threading.Lock, without importing threading
_builtin: Glossary | None = None
_BUILTIN = "<built-in>"
#: opt-in built-in layers: name -> data file (``load(layers=["informal"])``, ``--informal``)
LAYERS = {"informal": "informal.csv"}


def builtin_glossary() -> Glossary:
    """The built-in glossary, read on first use and shared afterwards."""
    global _builtin
    if _builtin is None:
        with _lock:
            if _builtin is None:
                _builtin = _compiled([(read_bytes(builtin_path()), builtin_path())], _BUILTIN)
    return _builtin


def is_builtin(g: Glossary) -> bool:
    """Is ``g`` the built-in glossary alone (with any engine)?"""
    return _builtin is not None and g._table is _builtin._table


def _rows_of(data: bytes, path: str) -> list[Row]:
    """The rows of one glossary file, each knowing its file and line (0 for compiled files)."""
    from .terms import Row, is_codespell, parse_codespell, parse_terms

    if is_compiled(data):
        return [Row(e, 0, path) for e in Table(data, path).iter_entries()]
    rows, problems = parse_codespell(data, path) if is_codespell(data) else parse_terms(data, path)
    if any(p.severity == "error" for p in problems):
        raise GlossaryFileError(path, problems)
    return [r._replace(path=path) for r in rows]


def _compiled(sources: Sequence[tuple[bytes, str]], name: str) -> Glossary:
    """The glossary of ``sources`` layered in order (later ones win), from the cache when
    it holds them, else parsed, validated, compiled and cached."""
    from .cache import cached, forget

    def build() -> bytes:
        from .terms import is_codespell

        rows = _layer_rows(_rows_of(data, path) for data, path in sources)
        chains = any(is_codespell(data) for data, _ in sources)  # codespell's dictionaries chain
        return Glossary._from_rows(rows, name, allow_chains=chains).to_bytes()

    got = cached([data for data, _ in sources], build)
    if isinstance(got, bytes):
        return Glossary(Table(got, name, trusted=True), name)
    try:
        return Glossary(load_file(got), name)
    except Exception:  # a cache entry that fails to load, for whatever reason: rebuild it
        forget(got)
        return Glossary(Table(build(), name, trusted=True), name)


def _compiled_file(data: bytes, name: str, engine: str) -> Glossary:
    """A compiled file from outside: checked in full once (see :mod:`glossary.verify`),
    then memory-mapped from the cache, which keeps a copy under a hash of its bytes. The
    file itself is read, never mapped: rewriting it while in use cannot hurt a process."""
    from .cache import cached, forget

    verified: list[Table] = []

    def build() -> bytes:
        verified.append(Table(data, name))  # raises CompiledFormatError unless sound
        return data

    got = cached([data], build, salt="compiled")
    if isinstance(got, bytes):
        return Glossary(verified[0], name, engine=engine)
    try:
        return Glossary(load_file(got), name, engine=engine)
    except Exception:  # a cache entry that fails to load, for whatever reason
        forget(got)
        return Glossary(verified[0] if verified else Table(data, name), name, engine=engine)


def layering_problems(path: PathLike) -> list[Problem]:
    """The problems a valid glossary file has only once layered over the built-in one, as
    ``load(path, builtin=True)`` (``glossary -g PATH``) layers it: a fix pointing at a
    built-in typo, a built-in fix pointing at one of its keys, ... Each names its file and line."""
    from .terms import check_rows, is_codespell

    name = os.fspath(path)
    data = read_bytes(path)
    own = _rows_of(data, name)
    alone = set(check_rows(own, name))  # reported by the file's own check already
    rows = _layer_rows([_rows_of(read_bytes(builtin_path()), builtin_path()), own])
    layered = check_rows(rows, f"{_BUILTIN} + {name}", allow_chains=is_codespell(data))  # codespell's chain
    return [p for p in layered if p not in alone]


def _layer_rows(layers: Iterable[list[Row]]) -> list[Row]:
    from .terms import FAMILY, match_key

    merged: list[Row] = []
    for rows in layers:
        mine = {(FAMILY[r.entry.kind], match_key(r.entry)) for r in rows}
        merged = [r for r in merged if (FAMILY[r.entry.kind], match_key(r.entry)) not in mine]
        merged.extend(rows)
    return merged


def _layer_sources(layers: Iterable[str]) -> list[tuple[bytes, str]]:
    """The data of the opt-in built-in layers named, checked against :data:`LAYERS`."""
    from .errors import OptionError
    from .resources import data_path

    if isinstance(layers, str):
        layers = [layers]
    out = []
    for name in layers:
        if name not in LAYERS:
            raise OptionError(f"unknown layer {name!r}: choose from {', '.join(sorted(LAYERS))}")
        out.append((read_bytes(data_path(LAYERS[name])), f"<{name}>"))
    return out


def load(
    *paths: PathLike, builtin: bool | None = None, engine: str = "auto", layers: Iterable[str] = ()
) -> Glossary:
    """Load a glossary.

    ``load()`` is the built-in glossary. ``load(path)`` reads a user glossary (CSV,
    codespell dictionary or compiled) on its own; ``load(path, builtin=True)`` layers it
    over the built-in one, the user's rows winning. Several paths layer left to right.
    CSV files are compiled once and cached; a compiled file is checked once and cached
    too. Cached files are memory-mapped. ``engine`` picks the scanner: ``"auto"`` (the C
    one when it is built), ``"c"`` or ``"python"``. ``layers`` adds opt-in built-in layers
    over the built-in glossary and under the user's files: ``layers=["informal"]`` is chat
    shorthand (``ko`` -> ``không``); its ambiguous shorthand (``k``, ``ng``) is expanded
    only where context decides, and reported in ``unresolved`` otherwise (see
    :meth:`Glossary.expand_and_explain`).
    """
    resolve_engine(engine)  # an unknown or unavailable engine fails before any file is read
    wanted = tuple(dict.fromkeys([layers] if isinstance(layers, str) else layers))
    extra = _layer_sources(wanted)
    use_builtin = not paths if builtin is None else builtin
    if extra:
        base = [(read_bytes(builtin_path()), builtin_path())] if use_builtin else []
        own = [(read_bytes(p), os.fspath(p)) for p in paths]
        names = ([_BUILTIN] if use_builtin else []) + [n for _, n in extra] + [n for _, n in own]
        g = _compiled(base + extra + own, " + ".join(names))
        return Glossary(g._table, g.name, engine=engine, layers=wanted)
    if not paths:
        if not use_builtin:
            return Glossary.from_entries([], "<empty>", engine=engine)
        return _with_engine(builtin_glossary(), engine)
    names = [os.fspath(p) for p in paths]
    sources = [(read_bytes(p), n) for p, n in zip(paths, names, strict=True)]
    if len(sources) == 1 and not use_builtin and is_compiled(sources[0][0]):
        return _compiled_file(sources[0][0], names[0], engine)
    if use_builtin:
        sources.insert(0, (read_bytes(builtin_path()), builtin_path()))
        names.insert(0, _BUILTIN)
    return _with_engine(_compiled(sources, " + ".join(names)), engine)


def _with_engine(g: Glossary, engine: str) -> Glossary:
    """``g``, or a glossary sharing its compiled table that scans with ``engine``."""
    return g if engine == "auto" else Glossary(g._table, g.name, engine=engine)
