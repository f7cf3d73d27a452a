"""codespell's settings, read as ``glossary check``'s: its configuration files, its word
and line files, and its quiet levels.

Where no glossary configuration applies, the nearest directory holding codespell's
configuration (``pyproject.toml`` ``[tool.codespell]``, ``setup.cfg`` ``[codespell]``,
``.codespellrc`` ``[codespell]``, merged in that order as codespell merges them) gives the
settings. Each codespell key is mapped onto the glossary setting that does the same; a key
that has no such setting is listed as unused (``--print-config`` shows it, with why), and
a key codespell itself does not know is an error, as it is for codespell.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from itertools import pairwise
from typing import Any, NamedTuple

from .errors import ConfigError, GlossaryIOError
from .files import nearest

__all__ = [
    "BINARY_FILE", "ENCODING", "NON_AUTOMATIC_FIXES", "UNSUPPORTED", "CodespellConfig", "Context", "clear_cache",
    "dictionaries", "find_codespell_config", "load_codespell_config", "read_exclude_lines", "read_word_files",
]

# codespell's quiet-level bits that mean something here (the others are accepted and change nothing)
ENCODING = 1  #: no warnings about files that are not decodable
BINARY_FILE = 2  #: no warnings about binary files
NON_AUTOMATIC_FIXES = 8  #: findings that are not fixed automatically are neither printed nor counted

#: codespell settings glossary does not take from a configuration file, and why
UNSUPPORTED: dict[str, str] = {
    "builtin": "codespell's built-in dictionaries are English; name their files with dictionary",
    "write-changes": "give -w on the command line (a configuration file never makes check write)",
    "count": "give --count on the command line",
    "quiet-level": "give -q on the command line",
    "context": "give -C on the command line", "before-context": "give -B on the command line",
    "after-context": "give -A on the command line",
    "summary": "the summary line is always printed (-q hides it)",
    "interactive": "no interactive mode: fixes with one correction are written, others reported",
    "regex": "words are found by the glossary's own word boundaries",
    "uri-regex": "URLs and e-mail addresses are found by the checker, and never reported",
    "uri-ignore-words-list": "nothing inside URLs and e-mail addresses is reported",
    "check-filenames": "file names are not checked",
    "hard-encoding-detection": "UTF-8 and UTF-16 with a BOM are read; other files are reported and skipped",
    "ignore-sic": "not supported",
    "stdin-single-line": "standard input is always reported one line per finding",
    "enable-colors": "no colors", "disable-colors": "no colors",
    "config": "not read from a configuration file", "toml": "not read from a configuration file",
}
_MAPPED = ("skip", "ignore-words-list", "ignore-words", "ignore-regex", "ignore-multiline-regex", "dictionary",
           "check-hidden", "exclude-file")


class CodespellConfig(NamedTuple):
    """codespell's settings in one directory, as glossary settings (TOML spelling of the keys)."""

    data: dict[str, Any]
    origins: tuple[tuple[str, str], ...]  #: (glossary key, the codespell key and file it came from)
    files: tuple[str, ...]  #: the files read, each with its section
    unused: tuple[str, ...]  #: "key = value: why" for each setting that does not apply


def _sections(directory: str) -> list[tuple[str, dict[str, str]]]:
    """codespell's settings in ``directory``, per file, in codespell's order of reading."""
    import configparser
    import tomllib

    found: list[tuple[str, dict[str, str]]] = []
    pyproject = os.path.join(directory, "pyproject.toml")
    if os.path.isfile(pyproject):
        try:
            with open(pyproject, "rb") as f:
                table = tomllib.load(f).get("tool", {}).get("codespell")
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{pyproject}: cannot read: {exc}") from None
        if table is not None:
            if not isinstance(table, dict):
                raise ConfigError(f"{pyproject}: [tool.codespell] must be a table")
            found.append((f"{pyproject} [tool.codespell]", {  # as codespell turns TOML into its options
                str(k): "" if v is True else ",".join(map(str, v)) if isinstance(v, list) else str(v)
                for k, v in table.items() if v is not False}))
    for name in ("setup.cfg", ".codespellrc"):
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            continue
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
        if parser.has_section("codespell"):
            found.append((f"{path} [codespell]", dict(parser["codespell"])))
    return found


_found: dict[str, str | None] = {}


def find_codespell_config(directory: str) -> str | None:
    """The nearest directory at or above ``directory`` with codespell settings, or None
    (remembered per directory until :func:`clear_cache`)."""
    return nearest(directory, lambda d: d if _mentions_codespell(d) and _sections(d) else None, _found)


def _mentions_codespell(directory: str) -> bool:
    """Does any of codespell's files in ``directory`` name it at all (before parsing any)?"""
    for name in ("pyproject.toml", "setup.cfg", ".codespellrc"):
        try:
            with open(os.path.join(directory, name), "rb") as f:
                if b"codespell" in f.read():
                    return True
        except OSError:
            continue
    return False


def clear_cache() -> None:
    _found.clear()


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def read_word_files(paths: Iterable[str], root: str = "") -> tuple[str, ...]:
    """Words of codespell ``--ignore-words`` files: one a line, blank lines skipped."""
    words: list[str] = []
    for p in paths:
        path = os.path.join(root, p) if root else p
        try:
            with open(path, encoding="utf-8") as f:
                words.extend(w.strip() for w in f if w.strip())
        except (OSError, UnicodeDecodeError) as exc:
            raise GlossaryIOError(path, f"cannot read the ignore-words file: {getattr(exc, 'strerror', None) or exc}") \
                from None
    return tuple(words)


def read_exclude_lines(paths: Iterable[str], root: str = "") -> tuple[str, ...]:
    """codespell ``--exclude-file``: lines to ignore whole, as one regular expression that
    matches exactly those lines (trailing white space aside, as codespell compares them)."""
    lines: set[str] = set()
    for p in paths:
        path = os.path.join(root, p) if root else p
        try:
            with open(path, encoding="utf-8") as f:
                lines.update(line.rstrip() for line in f)
        except (OSError, UnicodeDecodeError) as exc:
            raise GlossaryIOError(path, f"cannot read the exclude file: {getattr(exc, 'strerror', None) or exc}") \
                from None
    lines.discard("")
    if not lines:
        return ()
    return ("(?m)^(?:" + "|".join(re.escape(line) for line in sorted(lines)) + r")[^\S\n]*$",)


def dictionaries(value: Iterable[str], root: str = "") -> tuple[tuple[str, ...], bool]:
    """codespell ``--dictionary`` values: the files, and whether ``-`` (the built-in) is named.

    >>> dictionaries(["-", "mine.txt"], "/p")
    (('/p/mine.txt',), True)
    """
    files, builtin = [], False
    for v in value:
        if v == "-":
            builtin = True
        else:
            files.append(os.path.normpath(os.path.join(root, v)) if root else os.path.abspath(v))
    return tuple(files), builtin


def load_codespell_config(directory: str) -> CodespellConfig:
    """codespell's settings in ``directory`` as glossary settings, with where each came from.

    Paths in them (dictionaries, word and line files) are taken from ``directory``, where
    codespell, run there, would find them.
    """
    sections = _sections(directory)
    merged: dict[str, tuple[str, str]] = {}  # key: (value, where); later files win, as in codespell
    for where, table in sections:
        for key, value in table.items():
            if key not in _MAPPED and key not in UNSUPPORTED:
                raise ConfigError(f"{where}: unknown codespell setting {key!r}")
            merged[key] = (value, where)
    root = os.path.abspath(directory)
    data: dict[str, Any] = {}
    origins: list[tuple[str, str]] = []
    unused: list[str] = []

    def put(ours: str, key: str, new: list[str] | bool) -> None:
        old = data.get(ours)
        data[ours] = old + new if isinstance(old, list) and isinstance(new, list) else new
        origins.append((ours, f"{key} in {merged[key][1]}"))

    for key, (value, _) in merged.items():
        if key in UNSUPPORTED:
            unused.append(f"{key} = {value!r}: {UNSUPPORTED[key]}")
        elif key == "skip":
            put("exclude", key, _split(value))
        elif key == "ignore-words-list":
            put("ignore-words", key, _split(value))
        elif key == "ignore-words":
            put("ignore-words", key, list(read_word_files(_split(value), root)))
        elif key == "ignore-regex":
            put("ignore-regex", key, [value])
        elif key == "ignore-multiline-regex":
            put("ignore-regex", key, [f"(?s:{value})"])
        elif key == "exclude-file":
            put("ignore-regex", key, list(read_exclude_lines(_split(value), root)))
        elif key == "dictionary":
            files, builtin = dictionaries(_split(value), root)
            put("glossaries", key, list(files))
            put("builtin", key, builtin or not files)
        elif key == "check-hidden":
            put("check-hidden", key, value.strip().lower() not in ("false", "0", "no"))
    return CodespellConfig(data, tuple(origins), tuple(where for where, _ in sections), tuple(unused))


class Context:
    """codespell's ``-C``/``-B``/``-A`` output: the lines around a finding, ``> `` marking its
    own line and ``: `` the others, read from the file as it is when printed."""

    def __init__(self, before: int, after: int) -> None:
        self.before, self.after = before, after
        self._lines: dict[str, list[str]] = {}

    def _file_lines(self, path: str) -> list[str]:
        got = self._lines.get(path)
        if got is None:
            from .files import decode_bytes
            from .spans import line_starts

            try:
                with open(path, "rb") as f:
                    decoded = decode_bytes(f.read())
            except OSError:
                decoded = None
            text = decoded.text if decoded is not None else ""
            starts = line_starts(text)
            if len(starts) > 1 and starts[-1] == len(text):
                starts.pop()  # the text's last line break ends a line, it does not begin one
            starts.append(len(text))
            got = self._lines[path] = [text[a:b].rstrip("\r\n") for a, b in pairwise(starts)]
        return got

    def lines(self, path: str, line: int) -> list[str]:
        """The context of 1-based ``line`` of ``path`` (nothing for standard input)."""
        if path == "-":
            return []
        lines = self._file_lines(path)
        first, last = max(0, line - 1 - self.before), min(len(lines), line + self.after)
        return [("> " if i == line - 1 else ": ") + lines[i] for i in range(first, last)]
