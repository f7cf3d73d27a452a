"""Walk directory trees for ``glossary check``: which files a directory holds.

Only regular files are yielded: symlinks are not followed (no cycles, no edits outside
the tree), and FIFOs, sockets and devices are skipped, never opened or waited on.
Names starting with ``.`` are skipped unless ``hidden`` is set. Inside a git work tree,
what git ignores (``.gitignore`` files, ``.git/info/exclude``, the global excludes file)
is skipped too, as ``git ls-files`` reports it; tracked files are kept even where an
ignore pattern matches them, as git keeps them. A directory that cannot be read is
reported through ``on_error`` and the walk goes on.

>>> import os, tempfile
>>> with tempfile.TemporaryDirectory() as top:
...     for name in ("b.txt", "a.txt", ".hidden.txt", "sub/c.txt"):
...         os.makedirs(os.path.dirname(os.path.join(top, name)), exist_ok=True)
...         open(os.path.join(top, name), "w").close()
...     os.mkfifo(os.path.join(top, "pipe"))
...     [os.path.relpath(p, top) for p in walk_files(top)]
['a.txt', 'b.txt', 'sub/c.txt']
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from typing import NamedTuple

from .errors import GlossaryIOError, display_path

__all__ = ["walk_files"]


def walk_files(
    top: str,
    *,
    hidden: bool = False,
    skip_dir: Callable[[str], bool] | None = None,
    gitignore: bool = True,
    on_error: Callable[[str], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[str]:
    """The regular files under directory ``top``, in sorted order (a directory's files,
    then its subdirectories), as paths that begin with ``top``.

    ``skip_dir(path)`` true: that directory is not entered. ``gitignore``: skip what git
    ignores. ``on_error(message)`` hears of each directory that cannot be read (default:
    raise :class:`~glossary.errors.GlossaryIOError`); ``on_warning(message)`` of ignore
    rules that could not be applied (default: silence).
    """

    def error(path: str, exc: OSError) -> None:
        message = f"{display_path(path)}: cannot read the directory: {exc.strerror or exc}"
        if on_error is None:
            raise GlossaryIOError(path, f"cannot read the directory: {exc.strerror or exc}")
        on_error(message)

    kept = _git_kept(top, on_warning) if gitignore else None
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            error(directory, exc)
            continue
        subdirs = []
        for entry in entries:
            if not hidden and entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file(follow_symlinks=False)
            except OSError as exc:
                error(entry.path, exc)
                continue
            if is_dir:
                if (kept is None or kept.has_dir(entry.path)) and not (skip_dir and skip_dir(entry.path)):
                    subdirs.append(entry.path)
            elif is_file and (kept is None or kept.has_file(entry.path)):
                yield entry.path
        stack.extend(reversed(subdirs))


class _Kept(NamedTuple):
    """What ``git ls-files`` keeps under ``top``: files (and, listed as one entry, nested
    repositories and submodules, whose files are their own) and the directories above them."""

    top: str
    entries: frozenset[str]
    dirs: frozenset[str]

    def _listed_or_inside(self, rel: str) -> bool:
        while rel:
            if rel in self.entries:
                return True
            rel = os.path.dirname(rel)
        return False

    def has_file(self, path: str) -> bool:
        return self._listed_or_inside(os.path.relpath(path, self.top))

    def has_dir(self, path: str) -> bool:
        rel = os.path.relpath(path, self.top)
        return rel in self.dirs or self._listed_or_inside(rel)


def _git(top: str, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    exe = shutil.which("git")
    if exe is None:
        return None
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")}
    try:
        return subprocess.run([exe, *args], cwd=top, capture_output=True, env=env, check=False)
    except OSError:
        return None


def _git_kept(top: str, on_warning: Callable[[str], None] | None) -> _Kept | None:
    """The files git does not ignore under ``top``, or None when nothing is to be
    filtered: not a git work tree, or ``top`` itself ignored (named, so wanted)."""
    listed = _git(top, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    if listed is None:
        if on_warning is not None and _in_work_tree(top):
            on_warning(f"{display_path(top)}: git is not installed, so what .gitignore lists is checked too")
        return None
    if listed.returncode != 0:
        why = listed.stderr.decode("utf-8", "replace").strip()
        if on_warning is not None and "not a git repository" not in why:
            first = why.splitlines()[0] if why else f"exit code {listed.returncode}"
            on_warning(f"{display_path(top)}: git ls-files failed ({first}), so ignore rules are not applied")
        return None
    ignored = _git(top, "check-ignore", "-q", "--no-index", os.path.abspath(top))
    if ignored is not None and ignored.returncode == 0:
        return None
    entries, dirs = set(), set()
    for raw in listed.stdout.split(b"\0"):
        if raw:
            rel = os.path.normpath(os.fsdecode(raw))
            entries.add(rel)
            parent = os.path.dirname(rel)
            while parent and parent not in dirs:
                dirs.add(parent)
                parent = os.path.dirname(parent)
    return _Kept(top, frozenset(entries), frozenset(dirs))


def _in_work_tree(top: str) -> bool:
    path = os.path.abspath(top)
    while True:
        if os.path.exists(os.path.join(path, ".git")):
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent
