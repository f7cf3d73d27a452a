"""Find, read and layer glossary files; the built-in glossary is loaded once per process."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

from .api import Glossary
from .compiled import Table, is_compiled, load_file
from .errors import GlossaryFileError
from .model import Entry
from .terms import is_codespell, match_key, parse_codespell, parse_terms, read_bytes

__all__ = ["builtin_glossary", "builtin_path", "data_path", "layer", "load", "read_entries"]

PathLike = str | os.PathLike[str]
_lock = threading.Lock()
_builtin: Glossary | None = None


def data_path(name: str) -> Path:
    """A built-in data file: inside the installed package, or in the source tree's data/."""
    from importlib.resources import files

    packaged = files("glossary") / "data" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data" / name


def builtin_path() -> Path:
    """Where the built-in ``terms.csv`` is."""
    return data_path("terms.csv")


def builtin_glossary() -> Glossary:
    """The built-in glossary, read on first use and shared afterwards."""
    global _builtin
    if _builtin is None:
        with _lock:
            if _builtin is None:
                _builtin = _load_one(builtin_path(), "<built-in>")
    return _builtin


def _load_one(path: PathLike, name: str | None = None) -> Glossary:
    name = name or os.fspath(path)
    data = read_bytes(path)
    if is_compiled(data):
        return Glossary(load_file(os.fspath(path)), name)
    return Glossary.from_entries(_csv_entries(data, os.fspath(path)), name)


def _csv_entries(data: bytes, path: str) -> list[Entry]:
    rows, problems = parse_codespell(data, path) if is_codespell(data) else parse_terms(data, path)
    if any(p.severity == "error" for p in problems):
        raise GlossaryFileError(path, problems)
    return [r.entry for r in rows]


def read_entries(path: PathLike) -> list[Entry]:
    """All entries of a glossary file, CSV or compiled."""
    data = read_bytes(path)
    if is_compiled(data):
        return list(Table(data, os.fspath(path)).iter_entries())
    return _csv_entries(data, os.fspath(path))


def layer(layers: Iterable[list[Entry]]) -> list[Entry]:
    """Merge glossaries: a key defined by a later layer replaces every row of that key
    (of the same family: fixes, abbreviations or terms) from the layers below."""
    merged: list[Entry] = []
    for entries in layers:
        mine = {(_family(e), match_key(e)) for e in entries}
        merged = [e for e in merged if (_family(e), match_key(e)) not in mine]
        merged.extend(entries)
    return merged


def _family(e: Entry) -> str:
    return "fix" if e.kind.value in ("typo", "variant") else e.kind.value


def load(*paths: PathLike, builtin: bool | None = None) -> Glossary:
    """Load a glossary.

    ``load()`` is the built-in glossary. ``load(path)`` reads a user glossary (CSV or
    compiled) on its own; ``load(path, builtin=True)`` layers it over the built-in one,
    the user's rows winning. Several paths layer left to right.
    """
    use_builtin = not paths if builtin is None else builtin
    if not paths:
        return builtin_glossary() if use_builtin else Glossary.from_entries([], "<empty>")
    if len(paths) == 1 and not use_builtin:
        return _load_one(paths[0])
    layers = [list(builtin_glossary())] if use_builtin else []
    layers.extend(read_entries(p) for p in paths)
    names = (["<built-in>"] if use_builtin else []) + [os.fspath(p) for p in paths]
    return Glossary.from_entries(layer(layers), " + ".join(names))
