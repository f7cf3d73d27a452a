"""Checking as a library: :func:`check_text` checks a string, :func:`check_paths` files and
trees (walk, decode, check, fix, report), with each file's settings resolved from its
nearest configuration file (:class:`~glossary.config.Resolver`) and, with ``jobs``, in
worker processes. ``glossary check`` is this module plus argument parsing and printing.

>>> [(f.before, f.suggestions) for f in check_text("lực lượng CABD, nững biểu hiện")]
[('CABD', ('CAND',)), ('nững', ('những',))]

Walking (:mod:`glossary.walk`): directories are walked in sorted order; hidden files and
directories (names starting with ``.``) are skipped unless ``check_hidden`` is set or
the path is named explicitly, and so is what git ignores; exclude globs apply to every
file, named or found. Only regular files are read: symlinks met while walking are not
followed (no cycles, no edits outside the tree), FIFOs, sockets and devices are skipped;
a symlink named explicitly is checked, and ``--write`` replaces the file it points to,
keeping the link.
Binary files and files that are not strictly decodable UTF-8 or BOM-marked UTF-16 or
UTF-32 are skipped with a warning (an error with ``undecodable = "error"``) and never
written.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from .config import ConfigError, Resolver, Settings
from .errors import GlossaryIOError, display_path
from .files import atomic_write, decode_bytes, is_binary, read_bytes
from .loading import load
from .pool import job_count, process_pool
from .spans import line_of, line_starts
from .spell import Checker, Finding, apply_fixes
from .text import need_text

__all__ = [
    "FileReport", "FileResult", "Reported", "check_bytes", "check_paths", "check_text", "checker_for", "iter_files",
    "settings_for",
]


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


class FileReport(NamedTuple):
    """What checking one file gave: its findings in order, warnings (a skipped binary or
    undecodable file), an error (unreadable, missing, not writable), the diff of its
    fixes (with ``diff``) and how many findings were written (with ``write``)."""

    path: str
    findings: list[Reported]
    warnings: list[str]
    error: str | None = None  #: an I/O problem (unreadable, not writable)
    diff: str = ""
    fixed: int = 0
    skipped: bool = False  #: not checked: missing, unreadable, binary or not decodable


FileResult = FileReport  # the name before checking became a library


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


def iter_files(
    path: str, check_hidden: bool, skip_dir: Callable[[str], bool] = lambda d: False, *, gitignore: bool = True,
    on_error: Callable[[str], None] | None = None, on_warning: Callable[[str], None] | None = None,
) -> Iterator[str]:
    """Regular files under a directory, sorted, without following symlinks, skipping what
    git ignores; directories for which ``skip_dir`` says so are not entered at all (see
    :func:`glossary.walk.walk_files`)."""
    from .walk import walk_files

    return walk_files(path, hidden=check_hidden, skip_dir=skip_dir, gitignore=gitignore, on_error=on_error,
                      on_warning=on_warning)


def place(
    path: str, text: str, findings: list[Finding], encode: Callable[[str], bytes], bom_len: int
) -> list[Reported]:
    """Attach line, column and byte offset to findings (``encode``: the file's encoding, without BOM)."""
    starts = line_starts(text)
    out = []
    prev_offset, prev_bytes = 0, 0
    for f in findings:
        i, j = line_of(starts, f.start), line_of(starts, f.end)
        prev_bytes += len(encode(text[prev_offset : f.start]))
        prev_offset = f.start
        out.append(
            Reported(path, i + 1, f.start - starts[i] + 1, j + 1, f.end - starts[j] + 1, f.start,
                     bom_len + prev_bytes, f.before, f.suggestions, f.kind, f.rule, f.fixable)
        )
    return out


def _writable(path: str) -> bool:
    """A regular file, writable, and not marked read-only: a file with no write bit is left
    alone even by root, and a pipe or device is never replaced by a file."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and bool(mode & 0o222) and os.access(path, os.W_OK)


def check_bytes(
    path: str, data: bytes, checker: Checker, *, write: bool = False, diff: bool = False,
    explicit: bool = True, target: str | None = None, undecodable: str = "warning",
) -> FileReport:
    """Check one file's bytes; with ``write``, atomically rewrite ``target`` (default ``path``).
    A file that does not decode is skipped with a warning, or with ``undecodable="error"``
    reported as an error."""
    if is_binary(data):
        return FileReport(path, [], [f"{display_path(path)}: binary file, skipped"] if explicit else [], skipped=True)
    decoded = decode_bytes(data)
    if decoded is None:
        why = f"{display_path(path)}: not UTF-8 (nor UTF-16 or UTF-32 with a BOM), skipped and never written"
        if undecodable == "error":
            return FileReport(path, [], [], why, skipped=True)
        return FileReport(path, [], [why], skipped=True)
    text = decoded.text
    findings = checker.check(text)
    if not findings:
        return FileReport(path, [], [])
    reported = place(path, text, findings, lambda s: s.encode(decoded.encoding), len(decoded.bom))
    if not (write or diff) or not any(f.fixable for f in findings):
        return FileReport(path, reported, [])
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
        return FileReport(path, reported, [], diff=patch)
    destination = target or path
    if not _writable(destination):
        return FileReport(path, reported, [], f"{display_path(path)}: not writable, fixes not written", patch)
    try:
        atomic_write(destination, decoded.encode(new_text), expected=data)
    except OSError as exc:  # a GlossaryIOError, which names the file
        return FileReport(path, reported, [], str(exc), patch)
    done = [r._replace(fixed=r.fixable) for r in reported]
    return FileReport(path, done, [], diff=patch, fixed=sum(r.fixed for r in done))


# -- the library's face ---------------------------------------------------------------
_checkers: dict[tuple[Any, ...], Checker] = {}


def checker_for(settings: Settings) -> Checker:
    """The checker for ``settings``, built once per process (glossaries loaded, validated)."""
    key = (settings.glossaries, settings.builtin, settings.ignore_words, settings.ignore_regex,
           settings.tone_style, settings.checks)
    got = _checkers.get(key)
    if got is None:
        g = load(*settings.glossaries, builtin=settings.builtin)
        checks = settings.checks if settings.tone_style is None else (*settings.checks, "tone")
        got = _checkers[key] = Checker(g, checks=checks, ignore_words=settings.ignore_words,
                                       ignore_regex=settings.ignore_regex, tone_style=settings.tone_style)
    return got


def settings_for(path: str = ".") -> Settings:
    """The settings ``glossary check`` uses for ``path``: its nearest configuration file
    (``.glossary.toml`` or a pyproject.toml's ``[tool.glossary]``), else the defaults."""
    return Resolver()(path)


def check_text(text: str, *, settings: Settings | None = None) -> list[Finding]:
    """The findings of ``glossary check`` in ``text`` (offsets in code points), with
    ``settings`` (default: the built-in glossary, glossary typos and non-words).

    >>> [f.before for f in check_text("môt biểu hiện")]
    ['môt']
    """
    return checker_for(settings or Settings()).check(need_text(text, "check_text"))


Task = tuple[str, bool, Settings, bool, bool]  # path, named explicitly, settings, write, diff


def _work(task: Task) -> FileReport:
    path, explicit, settings, write, diff = task
    target = os.path.realpath(path) if os.path.islink(path) else path
    try:
        data = read_bytes(path)  # a pipe is read, a device or socket refused
    except GlossaryIOError as exc:
        return FileReport(path, [], [], str(exc), skipped=True)
    return check_bytes(path, data, checker_for(settings), write=write, diff=diff, explicit=explicit, target=target,
                       undecodable=settings.undecodable)


def _walked(path: str, resolve: Callable[[str], Settings], gitignore: bool) -> Iterator[str | FileReport]:
    """The files under directory ``path``, and in walking order the report of each walk
    error (a directory that cannot be read) or warning (ignore rules not applied)."""
    met: list[FileReport] = []
    top = resolve(path)
    for f in iter_files(path, top.check_hidden, lambda d: excluded(d, resolve(d)), gitignore=gitignore,
                        on_error=lambda e: met.append(FileReport(path, [], [], e, skipped=True)),
                        on_warning=lambda w: met.append(FileReport(path, [], [w], skipped=True))):
        yield from met
        met.clear()
        yield f
    yield from met


def _tasks(
    paths: Iterable[str], resolve: Callable[[str], Settings], write: bool, diff: bool, gitignore: bool = True
) -> Iterator[Task | FileReport]:
    """What to check, in order: a task per file (directories walked), or the report of a
    path that does not exist or of a directory that could not be read."""
    for path in paths:
        if not os.path.lexists(path):
            yield FileReport(path, [], [], f"{display_path(path)}: no such file or directory", skipped=True)
        elif os.path.isdir(path):
            for f in _walked(path, resolve, gitignore):
                if isinstance(f, FileReport):
                    yield f
                elif not excluded(f, s := resolve(f)):
                    yield f, False, s, write, diff
        else:
            s = resolve(path)
            if not excluded(path, s):
                yield path, True, s, write, diff


def check_paths(
    paths: Iterable[str], *, settings: Settings | Callable[[str], Settings] | None = None, jobs: int = 1,
    write: bool = False, diff: bool = False, gitignore: bool = True,
) -> Iterator[FileReport]:
    """Check files and trees, yielding one report per file in a stable order (named paths
    in order, directories walked sorted); ``-`` is standard input.

    ``settings`` is one :class:`~glossary.config.Settings` for every file, or a function
    giving each path its settings (a :class:`~glossary.config.Resolver`); by default each
    file takes its nearest configuration file. ``write`` rewrites files with their
    unambiguous fixes, ``diff`` gives each report a unified diff of them; ``jobs`` checks
    files in that many processes (0: one per core); ``gitignore`` false also walks what git
    ignores (see :mod:`glossary.walk`). A bad configuration or glossary raises
    :class:`~glossary.errors.GlossaryError` before any file is checked or written.
    """
    resolve: Callable[[str], Settings]
    if settings is None:
        resolve = Resolver()
    elif isinstance(settings, Settings):
        resolve = Resolver(use_config=False, base=settings)
    else:
        resolve = settings
    paths = list(paths)
    if "-" in paths:
        if write:
            raise ConfigError("--write cannot change standard input; use `glossary normalize` as a filter")
        here = resolve(".")
        yield check_bytes("-", sys.stdin.buffer.read(), checker_for(here), diff=diff, undecodable=here.undecodable)
    tasks = list(_tasks([p for p in paths if p != "-"], resolve, write, diff, gitignore))
    files = [t for t in tasks if not isinstance(t, FileReport)]
    if files:
        checker_for(files[0][2])  # load and validate glossaries once, before any worker starts
    jobs = job_count(jobs)
    if jobs <= 1 or len(files) < 2:
        yield from (t if isinstance(t, FileReport) else _work(t) for t in tasks)
        return
    with process_pool(jobs) as pool:
        done = pool.imap(_work, files, chunksize=max(1, min(64, len(files) // (jobs * 8))))
        yield from (t if isinstance(t, FileReport) else next(done) for t in tasks)
