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

Beside an entry, a *start file* keeps what a process would otherwise work out again each
time it loads the entry: its header, parsed, and the C scanner's hash index of its keys
(see :func:`read_start` and ``glossary.scan``). It is named after the entry and the Python
that wrote it (``<entry>.cpython-311.start``), since the index depends on the Unicode tables
of the interpreter; a start file that does not match its entry is passed over and rewritten.

The cache also keeps values worked out from the built-in data alone (:func:`persisted`: the
syllable counts, the bigram table's arrays, the checker's word sets, the restorer's merged
tables), under a hash of the files of that data and of this library's source (their
sizes and times, see :func:`_inputs_digest`), so that a change to either works them out
afresh.

``GLOSSARY_CACHE_DIR`` moves the cache; ``GLOSSARY_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Sequence

from .resources import VERSION
from .typed import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

__all__ = ["Start", "cache_dir", "cached", "forget", "is_dict", "persisted", "read_start", "write_start"]

_KEEP = 32  # compiled files kept; older ones are removed
_NAME = r"[0-9a-f]{40}\.glossary\Z"  # what the cache names its files
_START_NAME = r"([0-9a-f]{40})\.[a-z]+-[0-9]+\.start\Z"  # and their start files
_START_VERSION = 1  # of the start file's layout
_DERIVED_NAME = r"[0-9a-f]{40}\.derived\Z"  # the values of persisted()
#: values of persisted() kept: a version keeps 11 (about 10 MB), so four versions fit, and two
#: installed side by side never evict each other (an install is a version here: its files' stat)
_KEEP_DERIVED = 48


class Start(NamedTuple):
    """What a start file keeps for a cache entry (see the module's docstring)."""

    crc: int  #: the checksum of the entry it was written for (in the entry's preamble)
    header: dict[str, Any]  #: the entry's header, parsed
    c_index: bytes | None  #: the C scanner's index (``Index.to_bytes()``), once one was built


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


def _hasher(head: str) -> Any:
    try:
        from _blake2 import blake2b  # hashlib would load OpenSSL first: a few ms of every start-up
    except ImportError:  # pragma: no cover - other Python implementations
        from hashlib import blake2b
    return blake2b(head.encode(), digest_size=20)


def cached(sources: Sequence[bytes], build: Callable[[], bytes], *, salt: str = "") -> str | bytes:
    """The path of the cached compiled form of ``sources``, building it with ``build`` on a
    miss; the compiled bytes themselves when the cache is off, not private or cannot be
    written. ``salt`` tells apart the kinds of things cached."""
    from .verify import FORMAT_VERSION

    directory = cache_dir()
    h = _hasher(f"glossary {VERSION} format {FORMAT_VERSION}{salt}")
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


def persisted(name: str, valid: Callable[[object], bool] | None = None) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Keep what a function of no arguments returns, a value worked out from the built-in
    data alone (of types ``marshal`` writes), in the cache under ``name`` and a hash of
    every built-in data file and every module of this library (:func:`_inputs_digest`): a new process reads it
    instead of working it out again, and a changed file or rule works it out afresh.
    The file keeps a CRC-32 of the value's bytes, so that damage is caught without
    walking the value; ``valid`` then says whether what it holds has the value's shape
    (its containers: by default, a frozenset of strings). Without a usable cache the
    function is called."""
    import functools

    from . import _derived

    check = valid or _is_words

    def wrap(compute: Callable[[], T]) -> Callable[[], T]:
        @functools.wraps(compute)
        def get() -> T:
            directory = cache_dir()
            if directory is None or not _usable_dir(directory):
                return compute()
            digest = _inputs_digest()
            if digest is None:
                return compute()
            # (the arrays are native numbers: a cache shared by machines of both byte orders keeps both)
            h = _hasher(f"glossary {VERSION} derived {name} layout {_derived.LAYOUT} {sys.byteorder}")
            h.update(digest)
            path = os.path.join(directory, h.hexdigest() + ".derived")
            got = _read_derived(path)
            if got is not None and check(got):
                return got  # type: ignore[no-any-return]  # its shape was checked
            del got  # unmapped before the file is replaced (Windows refuses to replace a mapped file)
            value = compute()
            try:
                _write_private(path, _derived.encode(value))
                _prune(directory)
            except (OSError, ValueError):
                pass
            return value

        return get

    return wrap


def _read_derived(path: str) -> Any:
    """What the :func:`persisted` file ``path`` holds (its long bytes as views of the file
    mapped in memory), if it is the cache's own and sound; None otherwise."""
    from . import _derived

    if not _usable_entry(path):
        return None
    try:
        return _derived.read(path)
    except Exception:  # whatever a damaged or foreign file raises, it is passed over and rewritten
        return None


def _is_words(got: object) -> bool:
    return type(got) is frozenset and all(type(w) is str for w in got)


def is_dict(got: object) -> bool:
    """A ``valid`` for :func:`persisted` values that are dicts (their container; the
    cache checks their bytes)."""
    return type(got) is dict


def _inputs() -> list[str]:
    """Every built-in data file and every module of this library, in a fixed order."""
    from .resources import data_path

    here = os.path.dirname(os.path.abspath(__file__))
    data = os.path.dirname(data_path("terms.csv"))
    found = []
    for folder, suffix in ((here, ".py"), (data, "")):
        with os.scandir(folder) as it:
            found += sorted(e.path for e in it if e.name.endswith(suffix) and e.is_file())
    return found


_digests: list[bytes | None] = []
#: seconds within which a file's times are too recent to vouch for its content: a file
#: system stamps times at a coarse tick, so a file rewritten twice in one tick, at the same
#: size, would keep its whole stat; such a file is hashed whole (as git does with its index)
_RACY = 2.0
#: where a file's change time is a time of the last change to it (POSIX), and so cannot be
#: set back: on Windows it is the creation time, kept when a file is written over, and a
#: copy keeps the modification time, so a file's stat there says too little of its bytes
_STAT_VOUCHES = os.name == "posix"


def _inputs_digest() -> bytes | None:
    """The hash of :func:`_inputs`, once per process (None when one cannot be read): on
    POSIX, of each file's path, size, inode and modification and change times, in
    nanoseconds, as ``make`` and mypy trust them (hashing every byte of the data and the
    modules cost a new process about 7 ms), each file changed less than :data:`_RACY`
    seconds ago (or stamped in the future) hashed whole as well; elsewhere, of every
    file's bytes. Writing a file sets its change time to the system's clock, which no call
    sets back: a change is seen unless the file system's clock lags this one's by more
    than :data:`_RACY` seconds and the file is written twice, at the same size, within one
    tick of that clock (a network file system out of time), or the file system keeps no
    change time of its own (FAT)."""
    if not _digests:
        import time

        h = _hasher("inputs")
        try:
            recent = time.time_ns() - int(_RACY * 1e9)
            for path in _inputs():
                st = os.stat(path)
                h.update(f"{path}\0{st.st_size} {st.st_ino} {st.st_mtime_ns} {st.st_ctime_ns}\0".encode())
                if not _STAT_VOUCHES or max(st.st_mtime_ns, st.st_ctime_ns) >= recent:
                    with open(path, "rb") as f:
                        data = f.read()
                    h.update(len(data).to_bytes(8, "little"))
                    h.update(data)
            _digests.append(h.digest())
        except OSError:
            _digests.append(None)
    return _digests[0]


def _read_marshal(path: str | None) -> object:
    """What the cache file ``path`` (a start file) holds, if it is the cache's own
    (private) and reads back; None otherwise."""
    import marshal

    if path is None or not _usable_entry(path):
        return None
    try:
        with open(path, "rb") as f:
            return marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None


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


def _start_path(entry: str) -> str | None:
    if not entry.endswith(".glossary"):
        return None  # not a cache entry
    impl = sys.implementation
    return f"{entry[: -len('.glossary')]}.{impl.name}-{impl.version[0]}{impl.version[1]}.start"


def read_start(entry: str) -> Start | None:
    """The start file of the cache entry ``entry``, if there is a sound one of this cache's
    own (private, of this layout). Whether it matches the entry is the caller's to check,
    with the entry's checksum."""
    got = _read_marshal(_start_path(entry))
    if not (isinstance(got, tuple) and len(got) == 4 and got[0] == _START_VERSION and type(got[1]) is int
            and type(got[2]) is dict and (got[3] is None or type(got[3]) is bytes)):
        return None
    return Start(got[1], got[2], got[3])


def write_start(entry: str, start: Start) -> None:
    """Write (or replace) the start file of the cache entry ``entry``; never fails: a cache
    that cannot be written is only slower."""
    import marshal

    path = _start_path(entry)
    try:
        if path is not None and _usable_dir(os.path.dirname(path) or "."):
            _write_private(path, marshal.dumps((_START_VERSION, *start)))
    except (OSError, ValueError):
        pass


def forget(path: str) -> None:
    """Drop a cached file that failed to load."""
    try:
        os.unlink(path)
    except OSError:
        pass


def _prune(directory: str) -> None:
    import re

    try:
        found = [e for e in os.scandir(directory) if e.is_file(follow_symlinks=False)]
        entries = [e for e in found if re.match(_NAME, e.name)]
        if len(entries) > _KEEP:
            entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime)
            for e in entries[: len(entries) - _KEEP]:
                forget(e.path)
            entries = entries[len(entries) - _KEEP :]
        kept = {e.name[:40] for e in entries}
        for e in found:  # start files whose entry is gone
            m = re.match(_START_NAME, e.name)
            if m and m.group(1) not in kept:
                forget(e.path)
        derived = sorted((e for e in found if re.match(_DERIVED_NAME, e.name)),
                         key=lambda e: e.stat(follow_symlinks=False).st_mtime)
        for e in derived[: max(0, len(derived) - _KEEP_DERIVED)]:
            forget(e.path)
    except OSError:
        pass
