"""The compiled glossary read: a file mapped or checked, its entries decoded on demand.

This module and :mod:`glossary.compiling` (the writer, which describes the layout) are
the only ones that read and write glossaries as ``marisa_trie`` tries (:mod:`glossary.wordtables`
keeps the checker's word tables in them). Loading checks magic, format version, bounds
and checksum. A file from outside is untrusted: its header is checked field by field and
its tries are rebuilt from the key lists and compared with the stored ones (see
:mod:`glossary.verify`); only the cache's own files map the tries straight from the
buffer. Nothing from a file is ever executed.
"""

from __future__ import annotations

import mmap
import os
from bisect import bisect_left
from collections.abc import Callable, Iterator

import marisa_trie

from .errors import CompiledFormatError
from .model import Entry, Kind
from .text import regex
from .typed import TYPE_CHECKING
from .verify import (
    _FIELDS,
    _PREAMBLE,
    FORMAT_VERSION,
    KIND_CODES,
    KINDS,
    MAGIC,
    TRIES,
    anchor_parts,
    check_keys,
    key_lists,
    multi_index,
    parse,
)

if TYPE_CHECKING:
    from typing import Any

    from .cache import Start
    from .compiling import compile_entries

# compile_entries (the writer's), FORMAT_VERSION, KIND_CODES and MAGIC (the layout's) are
# re-exported: code outside the package may import them from here.
__all__ = ["FORMAT_VERSION", "KIND_CODES", "MAGIC", "Table", "compile_entries", "is_compiled"]

_CACHE_LIMIT = 1 << 16


def __getattr__(name: str) -> Any:
    # The writer loads only for callers who compile: reading a glossary does not need it.
    if name == "compile_entries":
        from .compiling import compile_entries

        return compile_entries
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_compiled(data: bytes) -> bool:
    return data[: len(MAGIC)] == MAGIC


def _capital_first(s: str) -> str:
    return s[:1].upper() + s[1:]


_SURROGATE = "[\ud800-\udfff]"


def _before_surrogate(text: str) -> str:
    """``text`` up to its first lone surrogate (which marisa-trie cannot encode)."""
    m = regex(_SURROGATE).search(text)
    return text[: m.start()] if m else text


class Table:
    """A loaded compiled glossary, entries decoded on demand. ``trusted`` bytes (written by
    this library: the cache's files, a glossary just compiled, a pickle) have their tries
    mapped as they are, which is cheap; any other bytes are checked in full first."""

    def __init__(
        self, buf: bytes | mmap.mmap, path: str = "<bytes>", *, trusted: bool = False, start: Start | None = None
    ) -> None:
        self.path = path
        self._buf = buf
        header, views = parse(buf, path, start[:2] if start is not None else None)
        tries = _mapped(views, path) if trusted else _verified(header, views, path)
        self.header = header
        self.rows: int = header["rows"]
        self.maxlen: int = header["maxlen"]
        #: does any key hold a space? (matching then needs the text's spaces cleaned up)
        self.spaced: bool = header.get("spaced", True)
        self._width: int = header["width"]
        self._nbytes = (self._width + 7 + 7) // 8
        self._widths: dict[str, int] = header["widths"]
        self._domains: list[str] = [""] + header["domains"]
        self._sources: list[str] = [""] + header["sources"]
        self._tries = tries
        self._keys = self._tries["keys"]
        self._records = views["records"]
        self._n_records: int = header["records"]
        multi = multi_index(views["multi"], header, path, check=not trusted)
        self._multi_keys = list(multi[::2])
        self._multi_starts = list(multi[1::2])
        self._anchor_blob = views["anchors"]
        self._anchors: dict[Kind, frozenset[str]] = {}
        self._cache: dict[int, tuple[Entry, ...]] = {}
        self._prefixes = self._keys.iter_prefixes_with_ids
        #: the C scanner's index of this table, kept here by :mod:`glossary.scan` once built
        self.scan_index: Any = None
        known = start is not None and header is start.header  # the start file matches these bytes
        #: the bytes of that index, as the cache kept them for this table (see :meth:`save_index`)
        self.saved_index = start.c_index if start is not None and known else None
        self._start = start if known else None

    def to_bytes(self) -> bytes:
        return bytes(self._buf)

    def save_index(self, data: bytes) -> None:
        """Keep the C scanner's index of this table for later processes, when the table is
        a cache entry (see :func:`load_file`); otherwise do nothing."""
        if self._start is not None:
            from .cache import write_start

            self._start = self._start._replace(c_index=data)
            write_start(self.path, self._start)

    def __len__(self) -> int:
        return self.rows

    @property
    def key_count(self) -> int:
        return int(self.header["keys"])

    def key_id(self, key: str) -> int | None:
        if not key.isascii() and regex(_SURROGATE).search(key):
            return None  # no key holds a lone surrogate
        kid = self._keys.get(key)
        return None if kid is None else int(kid)

    def prefixes(self, text: str) -> Iterator[tuple[str, int]]:
        """(key, key id) of every key that is a prefix of ``text``, shortest first."""
        if not text.isascii():
            text = _before_surrogate(text)  # no key holds one (keys are valid UTF-8)
        return self._prefixes(text)  # type: ignore[no-any-return]

    def anchors(self, kind: Kind) -> frozenset[str]:
        """First letter-and-digit runs of the keys of one kind (folded unless case-sensitive)."""
        got = self._anchors.get(kind)
        if got is None:
            part = anchor_parts(self._anchor_blob, self.path)[KIND_CODES[kind]]
            got = frozenset(part.split("\n")) if part else frozenset()
            self._anchors[kind] = got
        return got

    def entries(self, kid: int) -> tuple[Entry, ...]:
        """Every row (sense) stored under key id ``kid``."""
        got = self._cache.get(kid)
        if got is not None:
            return got
        key = self._keys.restore_key(kid)
        try:
            first, more = self._record(kid, key)
            out = [first]
            if more:
                i = bisect_left(self._multi_keys, kid)
                start = self._multi_starts[i]
                stop = self._multi_starts[i + 1] if i + 1 < len(self._multi_starts) else self._n_records
                if not kid < start <= stop <= self._n_records:
                    raise IndexError("overflow rows out of range")
                out.extend(self._record(r, key)[0] for r in range(start, stop))
        except (IndexError, KeyError, ValueError, OverflowError) as exc:  # ids past their tables: a crafted file
            raise CompiledFormatError(self.path, f"bad record for key {key!r}: {exc}") from None
        got = tuple(out)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[kid] = got
        return got

    def _record(self, r: int, key: str) -> tuple[Entry, bool]:
        bit = r * self._width
        byte = bit >> 3
        v = int.from_bytes(self._records[byte : byte + self._nbytes], "little") >> (bit & 7)
        kind = KINDS[v & 3]
        case = (v >> 2) & 3
        more = bool(v >> 4 & 1)
        v >>= 5
        fields = {}
        for name in _FIELDS:
            w = self._widths[name]
            fields[name] = v & ((1 << w) - 1)
            v >>= w
        if case == 0:
            term = key
        elif case == 1:
            term = key.upper()
        elif case == 2:
            term = _capital_first(key)
        else:
            term = self._tries["exact"].restore_key(fields["exact"] - 1)
        value = self._tries["values"].restore_key(fields["value"] - 1) if fields["value"] else ""
        note = self._tries["notes"].restore_key(fields["note"] - 1) if fields["note"] else ""
        entry = Entry(term, value, kind, self._domains[fields["domain"]], note, self._sources[fields["source"]])
        return entry, more

    def kind_masks(self, fast: Callable[[memoryview, int, int], bytes] | None = None) -> list[int]:
        """For each key id, a bit mask of the kind codes of its rows (bit 0: abbreviation,
        1: typo, ...). ``fast`` is the C extension's reader of the records' first bits."""
        width, nbytes, records = self._width, self._nbytes, self._records
        if fast is not None and self.key_count:
            masks = list(fast(records, width, self.key_count))
        else:
            masks = []
            for kid in range(self.key_count):
                bit = kid * width
                v = int.from_bytes(records[bit >> 3 : (bit >> 3) + nbytes], "little") >> (bit & 7)
                masks.append(1 << (v & 3) | (0x80 if v >> 4 & 1 else 0))
        for kid, mask in enumerate(masks):
            if mask & 0x80:  # several rows: read them all
                masks[kid] = sum({1 << KIND_CODES[e.kind] for e in self.entries(kid)})
        return masks

    def key_of(self, kid: int) -> str:
        """The folded key with id ``kid``."""
        return str(self._keys.restore_key(kid))

    def items(self) -> list[tuple[str, int]]:
        """Every folded key with its id, in the trie's order."""
        return list(self._keys.items())

    def iter_entries(self) -> Iterator[Entry]:
        """Every row, grouped by key (in trie order)."""
        for kid in range(self.key_count):
            yield from self.entries(kid)


def _mapped(views: dict[str, memoryview], path: str) -> dict[str, Any]:
    """The tries mapped straight from the buffer: for files this library wrote itself."""
    tries = {}
    for name in TRIES:
        trie = marisa_trie.Trie()
        if len(views[name]):
            try:
                trie.map(views[name])
            except Exception as exc:  # marisa raises plain exceptions on bad data
                raise CompiledFormatError(path, f"corrupt {name} section: {exc}") from None
        tries[name] = trie
    return tries


def _verified(header: dict[str, Any], views: dict[str, memoryview], path: str) -> dict[str, Any]:
    """The tries rebuilt from the file's key lists, which must give the stored bytes."""
    try:
        lists = key_lists(bytes(views["lists"]), header.get("lists"), header.get("lists_size"))
        check_keys(header, lists[0])
        anchor_parts(views["anchors"], path)
    except (ValueError, TypeError) as exc:
        raise CompiledFormatError(path, f"bad section: {exc}") from None
    tries = {}
    for name, items in zip(TRIES, lists, strict=True):
        trie = marisa_trie.Trie(items) if items else None  # marisa sorts and merges repeats
        blob = trie.tobytes() if trie is not None else b""
        if blob != views[name]:
            raise CompiledFormatError(
                path, f"the {name} trie does not match its keys (damaged, or built by another "
                "version of marisa-trie): rebuild the file with `glossary build`"
            )
        tries[name] = trie if trie is not None else marisa_trie.Trie()
    return tries


def load_file(path: str) -> Table:
    """Memory-map a compiled glossary file that this library wrote itself (a cache entry,
    replaced only by renaming, never rewritten in place): it is trusted. What the cache's
    start file keeps for it (its parsed header, the scanner's index) is used when it
    matches the file, and written when it is missing or stale."""
    from .cache import Start, read_start, write_start
    from .files import read_bytes

    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            buf: bytes | mmap.mmap = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    except OSError:
        buf = read_bytes(path)  # raises a GlossaryIOError with a clear reason
    table = Table(buf, path, trusted=True, start=read_start(path))
    if table._start is None:  # no start file, or one for other bytes: write one
        table._start = Start(_PREAMBLE.unpack_from(buf, 0)[3], table.header, None)
        write_start(path, table._start)  # the header, parsed; the scanner adds its index once built
    return table
