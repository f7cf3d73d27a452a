"""A cache of compiled glossaries in the user's cache directory, keyed by content.

Reading a glossary CSV means parsing, validating and compiling it; the cache keeps the
compiled file under a hash of the source bytes (and of this library's version), so the
next process only hashes the CSV and memory-maps the result. Files are written through a
temporary file and renamed, so concurrent runs never see a partial file; a damaged entry
fails its checksum and is rebuilt.

``GLOSSARY_CACHE_DIR`` moves the cache; ``GLOSSARY_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from .resources import VERSION

__all__ = ["cache_dir", "cached"]

_KEEP = 32  # compiled files kept; older ones are removed


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


def cached(sources: Sequence[bytes], build: Callable[[], bytes]) -> str | bytes:
    """The path of the cached compiled form of ``sources``, building it with ``build`` on a
    miss; the compiled bytes themselves when the cache cannot be written."""
    from .compiled import FORMAT_VERSION

    try:
        from _blake2 import blake2b  # hashlib would load OpenSSL first: a few ms of every start-up
    except ImportError:  # pragma: no cover - other Python implementations
        from hashlib import blake2b

    directory = cache_dir()
    h = blake2b(f"glossary {VERSION} format {FORMAT_VERSION}".encode(), digest_size=20)
    for data in sources:
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    if directory is not None:
        path = os.path.join(directory, h.hexdigest() + ".glossary")
        if os.path.isfile(path):
            return path
    data = build()
    if directory is None:
        return data
    try:
        os.makedirs(directory, exist_ok=True)
        from .files import atomic_write

        atomic_write(path, data)
        _prune(directory)
    except OSError:
        return data
    return path


def forget(path: str) -> None:
    """Drop a cached file that failed to load."""
    try:
        os.unlink(path)
    except OSError:
        pass


def _prune(directory: str) -> None:
    try:
        entries = [e for e in os.scandir(directory) if e.name.endswith(".glossary")]
        if len(entries) <= _KEEP:
            return
        entries.sort(key=lambda e: e.stat().st_mtime)
        for e in entries[: len(entries) - _KEEP]:
            forget(e.path)
    except OSError:
        pass
