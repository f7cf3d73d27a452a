"""A cache of compiled glossaries in the user's cache directory, keyed by content.

Reading a glossary CSV means parsing, validating and compiling it; the cache keeps the
compiled file under a hash of the source bytes (and of this library's version), so the
next process only hashes the CSV and memory-maps the result. A compiled file from outside
is checked in full once and kept the same way. Files are written through a temporary file
and renamed, never rewritten in place, so concurrent runs never see a partial file and a
process mapping one is never cut short; a damaged entry is dropped and rebuilt.

The cache's files are trusted (their tries are mapped unchecked), so, as ssh does with
``~/.ssh``, the cache is used only when its directory belongs to the user and no one else
may write to it: it is created with mode 0700 and its files 0600, and a directory or
entry that fails these checks is passed over (the glossary is then built in memory).
Pruning removes only files of the cache's own naming.

``GLOSSARY_CACHE_DIR`` moves the cache; ``GLOSSARY_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Sequence

from .resources import VERSION

__all__ = ["cache_dir", "cached", "forget"]

_KEEP = 32  # compiled files kept; older ones are removed
_NAME = re.compile(r"[0-9a-f]{40}\.glossary\Z")  # what the cache names its files


def cache_dir() -> str | None:
    """Where compiled glossaries are cached, or None when caching is off."""
    if os.environ.get("GLOSSARY_NO_CACHE"):
        return None
    explicit = os.environ.get("GLOSSARY_CACHE_DIR")
    if explicit:
        return explicit
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
        return os.path.join(base, "glossary", "Cache")
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Caches/glossary")
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "glossary")


def _private(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (always true where there are no
    POSIX owners)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: per-user profile directories
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _usable_dir(directory: str) -> bool:
    """Create the cache directory (mode 0700) if need be; is it private?"""
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        st = os.stat(directory)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and _private(st)


def _usable_entry(path: str) -> bool:
    """A regular file (not a link), private, of this user: an entry this cache wrote."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and _private(st)


def cached(sources: Sequence[bytes], build: Callable[[], bytes], *, salt: str = "") -> str | bytes:
    """The path of the cached compiled form of ``sources``, building it with ``build`` on a
    miss; the compiled bytes themselves when the cache is off, not private or cannot be
    written. ``salt`` tells apart the kinds of things cached."""
    from .compiled import FORMAT_VERSION

    try:
        from _blake2 import blake2b  # hashlib would load OpenSSL first: a few ms of every start-up
    except ImportError:  # pragma: no cover - other Python implementations
        from hashlib import blake2b

    directory = cache_dir()
    h = blake2b(f"glossary {VERSION} format {FORMAT_VERSION}{salt}".encode(), digest_size=20)
    for data in sources:
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    if directory is not None and not _usable_dir(directory):
        directory = None
    if directory is not None:
        path = os.path.join(directory, h.hexdigest() + ".glossary")
        if _usable_entry(path):
            return path
    data = build()
    if directory is None:
        return data
    try:
        _write_private(path, data)
        _prune(directory)
    except OSError:
        return data
    return path


def _write_private(path: str, data: bytes) -> None:
    """Write a new file of mode 0600 and rename it over ``path`` (never writing in place:
    a process may have the old file mapped)."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".glossary-", suffix=".tmp", dir=os.path.dirname(path))
    try:
        with os.fdopen(fd, "wb") as f:  # mkstemp creates the file 0600
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        forget(tmp)
        raise


def forget(path: str) -> None:
    """Drop a cached file that failed to load."""
    try:
        os.unlink(path)
    except OSError:
        pass


def _prune(directory: str) -> None:
    try:
        entries = [e for e in os.scandir(directory) if _NAME.match(e.name) and e.is_file(follow_symlinks=False)]
        if len(entries) <= _KEEP:
            return
        entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime)
        for e in entries[: len(entries) - _KEEP]:
            forget(e.path)
    except OSError:
        pass
