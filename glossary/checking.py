"""Run ``glossary check`` over paths: walk, decode, check, fix, collect results.

Walking: directories are walked in sorted order; hidden files and directories (names
starting with ``.``) are skipped unless ``check_hidden`` is set or the path is named
explicitly; exclude globs apply to every file, named or found. Symlinks met while
walking are not followed (no cycles, no edits outside the tree); a symlink named
explicitly is checked, and ``--write`` replaces the file it points to, keeping the link.
Binary files and files that are not strictly decodable UTF-8 or BOM-marked UTF-16 are
skipped with a warning and never written.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
from collections.abc import Callable, Iterator
from typing import NamedTuple

from .config import Settings
from .errors import display_path
from .files import atomic_write, decode_bytes, is_binary
from .spans import line_of, line_starts
from .spell import Checker, Finding, apply_fixes

__all__ = ["FileResult", "Reported", "check_bytes", "iter_files"]


class Reported(NamedTuple):
    """A finding placed in its file: 1-based line and columns (code points), offsets."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int  #: code points from the start of the decoded text
    byte_offset: int  #: bytes from the start of the file (BOM included)
    before: str
    suggestions: tuple[str, ...]
    kind: str
    rule: str
    fixable: bool
    fixed: bool = False


class FileResult(NamedTuple):
    path: str
    findings: list[Reported]
    warnings: list[str]
    error: str | None = None  #: an I/O problem (unreadable, not writable)
    diff: str = ""
    fixed: int = 0


def excluded(path: str, settings: Settings) -> bool:
    """Does an exclude glob match the file's (or directory's) name, its path, its path
    below the config root, or a directory it is in?"""
    patterns = settings.exclude
    if not patterns:
        return False
    norm = os.path.normpath(path)
    candidates = {os.path.basename(norm), norm, norm.replace(os.sep, "/")}
    if settings.root:
        rel = os.path.relpath(os.path.abspath(norm), settings.root)
        if not rel.startswith(".."):
            candidates.add(rel.replace(os.sep, "/"))
    parts = norm.replace(os.sep, "/").split("/")
    candidates.update(parts[:-1])  # a pattern naming a directory excludes what is inside
    return any(fnmatch.fnmatchcase(c, p) for c in candidates for p in patterns)


def _hidden(name: str) -> bool:
    return name.startswith(".") and name not in (".", "..")


def iter_files(path: str, check_hidden: bool, skip_dir: Callable[[str], bool] = lambda d: False) -> Iterator[str]:
    """Files under a directory, sorted, without following symlinks; directories for
    which ``skip_dir`` says so are not entered at all."""
    for root, dirs, files in os.walk(path, followlinks=False):
        dirs[:] = sorted(
            d for d in dirs if (check_hidden or not _hidden(d))
            and not os.path.islink(full := os.path.join(root, d)) and not skip_dir(full)
        )
        for name in sorted(files):
            full = os.path.join(root, name)
            if (check_hidden or not _hidden(name)) and not os.path.islink(full):
                yield full


def place(path: str, text: str, findings: list[Finding], encode: object, bom_len: int) -> list[Reported]:
    """Attach line, column and byte offset to findings."""
    starts = line_starts(text)
    out = []
    enc = encode  # a callable: str -> bytes, without BOM
    prev_offset, prev_bytes = 0, 0
    for f in findings:
        i, j = line_of(starts, f.start), line_of(starts, f.end)
        prev_bytes += len(enc(text[prev_offset : f.start]))  # type: ignore[operator]
        prev_offset = f.start
        out.append(
            Reported(path, i + 1, f.start - starts[i] + 1, j + 1, f.end - starts[j] + 1, f.start,
                     bom_len + prev_bytes, f.before, f.suggestions, f.kind, f.rule, f.fixable)
        )
    return out


def _writable(path: str) -> bool:
    """Writable, and not marked read-only: a file with no write bit is left alone even by root."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return bool(mode & 0o222) and os.access(path, os.W_OK)


def check_bytes(
    path: str, data: bytes, checker: Checker, *, write: bool = False, diff: bool = False,
    explicit: bool = True, target: str | None = None,
) -> FileResult:
    """Check one file's bytes; with ``write``, atomically rewrite ``target`` (default ``path``)."""
    if is_binary(data):
        return FileResult(path, [], [f"{display_path(path)}: binary file, skipped"] if explicit else [])
    decoded = decode_bytes(data)
    if decoded is None:
        why = "not UTF-8 (nor UTF-16 with a BOM), skipped and never written"
        return FileResult(path, [], [f"{display_path(path)}: {why}"])
    text = decoded.text
    findings = checker.check(text)
    if not findings:
        return FileResult(path, [], [])
    reported = place(path, text, findings, lambda s: s.encode(decoded.encoding), len(decoded.bom))
    if not (write or diff) or not any(f.fixable for f in findings):
        return FileResult(path, reported, [])
    new_text = apply_fixes(text, findings)
    patch = ""
    if diff:
        patch = "".join(
            difflib.unified_diff(
                text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                f"a/{display_path(path)}", f"b/{display_path(path)}",
            )
        )
    if not write:
        return FileResult(path, reported, [], diff=patch)
    destination = target or path
    if not _writable(destination):
        return FileResult(path, reported, [], f"{display_path(path)}: not writable, fixes not written", patch)
    try:
        atomic_write(destination, decoded.encode(new_text))
    except OSError as exc:  # a GlossaryIOError, which names the file
        return FileResult(path, reported, [], str(exc), patch)
    done = [r._replace(fixed=r.fixable) for r in reported]
    return FileResult(path, done, [], diff=patch, fixed=sum(r.fixed for r in done))
