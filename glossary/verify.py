"""Checks of a compiled glossary before any of its bytes are trusted.

The checksum of a compiled file catches damage, not a file crafted to be read wrongly:
anyone can recompute it. So a file from outside (``load(path)``, ``Glossary.from_bytes``,
``glossary validate``) is read as untrusted: every header field the reader relies on must
have the right type and range, and the tries (whose library does not check its input and
can crash on hostile bytes) are never mapped from the file: they are rebuilt from the
plain key lists stored beside them, and the rebuilt bytes must equal the stored ones, so
key ids are those the records were written for. Only the cache's own files, written by
this library into a private directory, are mapped as they are.
"""

from __future__ import annotations

import itertools
import mmap
import struct
import sys
import zlib
from array import array

from .errors import CompiledFormatError
from .model import Kind
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "FORMAT_VERSION",
    "MAGIC",
    "TRIES",
    "anchor_parts",
    "check_header",
    "check_keys",
    "check_multi",
    "key_lists",
    "multi_index",
    "pack_lists",
    "parse",
]

MAGIC = b"\x89GLSRY\r\n"
FORMAT_VERSION = 2
_PREAMBLE = struct.Struct("<8sIII4x")
_SECTIONS = ("keys", "values", "notes", "exact", "records", "multi", "anchors", "lists")

TRIES = ("keys", "values", "notes", "exact")
_FIELDS = ("value", "domain", "source", "note", "exact")  #: a record's id fields, in bit order
_KIND_NAMES = frozenset(k.value for k in Kind)
_MAX_EXPANSION = 64  # the key lists compress about 3:1; a blob claiming far more is a bomb
_SEP = "\0"  # never inside a key, replacement or note (glossary files reject NUL)


def pack_lists(lists: list[list[str]]) -> tuple[bytes, list[int], int]:
    """The key lists of the tries (each sorted) as one compressed blob, with the number
    of keys in each list and the blob's size once decompressed."""
    raw = _SEP.join(s for items in lists for s in items).encode("utf-8")
    return zlib.compress(raw, 6), [len(items) for items in lists], len(raw)


def key_lists(blob: bytes, counts: object, raw_size: object) -> list[list[str]]:
    """Unpack :func:`pack_lists`, bounded: ``ValueError`` on anything malformed."""
    if not isinstance(counts, list) or len(counts) != len(TRIES) or not all(_is_count(n) for n in counts):
        raise ValueError("lists must count the keys of each trie")
    if not isinstance(raw_size, int) or not 0 <= raw_size <= _MAX_EXPANSION * len(blob) + 1024:
        raise ValueError("key lists: implausible size")
    d = zlib.decompressobj()
    try:
        raw = d.decompress(blob, raw_size + 1)
    except zlib.error as exc:
        raise ValueError(f"key lists: {exc}") from None
    if len(raw) != raw_size or not d.eof or d.unused_data:
        raise ValueError("key lists: size does not match")
    sizes: list[int] = counts
    total = sum(sizes)
    items = raw.decode("utf-8").split(_SEP) if total else []
    if len(items) != total or (not total and raw):
        raise ValueError("key lists: count does not match")
    if "" in items:
        raise ValueError("key lists: an empty key")
    out, pos = [], 0
    for n in sizes:  # order and repeats do not matter: the rebuilt trie must equal the stored one
        out.append(items[pos : pos + n])
        pos += n
    return out


def _is_count(v: object) -> bool:
    return type(v) is int and v >= 0


def check_header(header: Any, records_size: int) -> None:
    """Every header field the reader relies on, of the right type and in range."""
    if not isinstance(header, dict):
        raise ValueError("the header must be an object")

    for name in ("rows", "keys", "maxlen", "records"):
        if not _is_count(header[name]):
            raise ValueError(f"{name} must be a count, not {header[name]!r}")
    widths = header["widths"]
    if not isinstance(widths, dict) or set(widths) != set(_FIELDS) or not all(
        type(w) is int and 0 <= w <= 32 for w in widths.values()
    ):
        raise ValueError(f"widths must give 0..32 bits to each of {', '.join(_FIELDS)}")
    if header["width"] != 5 + sum(widths.values()):
        raise ValueError("width does not match widths")
    if header["records"] * header["width"] > 8 * records_size:
        raise ValueError("records section too short")
    if header["records"] < header["keys"]:
        raise ValueError("fewer records than keys")
    for name in ("domains", "sources"):
        if not isinstance(header[name], list) or not all(isinstance(x, str) for x in header[name]):
            raise ValueError(f"{name} must be a list of strings")
    kinds = header["kinds"]
    if not isinstance(kinds, dict) or not all(k in _KIND_NAMES for k in kinds) or not all(
        _is_count(n) for n in kinds.values()
    ):
        raise ValueError("kinds must count rows per kind")
    per_domain = header.get("per_domain", {})
    if not isinstance(per_domain, dict) or not all(_is_count(n) for n in per_domain.values()):
        raise ValueError("per_domain must count rows per domain")
    if type(header.get("spaced", True)) is not bool:
        raise ValueError("spaced must be true or false")


def check_multi(multi: array[int], keys: int, records: int) -> None:
    """The overflow index: (key id, first extra record) pairs, both rising, in range."""
    if len(multi) % 2:
        raise ValueError("multi-sense index has an odd length")
    kids, starts = multi[::2], multi[1::2]
    if any(k >= keys for k in kids) or any(not keys <= s <= records for s in starts):
        raise ValueError("multi-sense index out of range")
    if any(a >= b for a, b in itertools.pairwise(kids)) or any(
        a > b for a, b in itertools.pairwise(starts)
    ):
        raise ValueError("multi-sense index out of order")


def check_keys(header: dict[str, Any], keys: list[str]) -> None:
    """The header's figures about keys agree with the keys themselves."""
    if header["keys"] != len(keys):
        raise ValueError(f"keys says {header['keys']}, the keys trie holds {len(keys)}")
    if header["maxlen"] != max(map(len, keys), default=0):
        raise ValueError("maxlen does not match the keys")
    if header.get("spaced", True) is not any(" " in k for k in keys) and "spaced" in header:
        raise ValueError("spaced does not match the keys")


def parse(
    buf: bytes | mmap.mmap, path: str, known: tuple[int, dict[str, Any]] | None = None
) -> tuple[dict[str, Any], dict[str, memoryview]]:
    """The header and the sections of a compiled file, checked. ``known`` is (checksum,
    header) as parsed before from a file with that checksum (the cache keeps them: see
    :func:`glossary.cache.read_start`): the header is then not decoded again."""
    size = len(buf)
    if size < _PREAMBLE.size or buf[: len(MAGIC)] != MAGIC:
        raise CompiledFormatError(path, "not a compiled glossary (bad magic bytes)")
    _, version, hlen, crc = _PREAMBLE.unpack_from(buf, 0)
    if version != FORMAT_VERSION:
        raise CompiledFormatError(
            path, f"compiled format version {version}; this glossary reads version {FORMAT_VERSION}: "
            "rebuild the file with `glossary build`"
        )
    view = memoryview(buf)
    if zlib.crc32(view[_PREAMBLE.size :]) != crc:
        raise CompiledFormatError(path, "checksum mismatch: the file is truncated or corrupt")
    try:
        if _PREAMBLE.size + hlen > size:
            raise ValueError("header past the end of the file")
        if known is not None and known[0] == crc:
            header = known[1]
        else:
            import json  # here: a header parsed before does not need it

            header = json.loads(bytes(view[_PREAMBLE.size : _PREAMBLE.size + hlen]).decode("utf-8"))
        if not isinstance(header, dict) or not isinstance(header.get("sections"), dict):
            raise ValueError("no section table")
        views = {}
        for name in _SECTIONS:
            off, ln = header["sections"][name]
            if not (type(off) is int and type(ln) is int and 0 <= off and 0 <= ln and off + ln <= size):
                raise ValueError(f"section {name} out of bounds")
            views[name] = view[off : off + ln]
        check_header(header, len(views["records"]))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise CompiledFormatError(path, f"bad header: {exc}") from None
    return header, views


def multi_index(view: memoryview, header: dict[str, Any], path: str, *, check: bool) -> array[int]:
    if len(view) % 4:
        raise CompiledFormatError(path, "bad multi-sense index: length not a multiple of 4")
    multi = array("I")
    multi.frombytes(bytes(view))
    if sys.byteorder != "little":  # pragma: no cover
        multi.byteswap()
    if check:
        try:
            check_multi(multi, header["keys"], header["records"])
        except ValueError as exc:
            raise CompiledFormatError(path, f"bad section: {exc}") from None
    return multi


def anchor_parts(blob: memoryview, path: str) -> list[str]:
    try:
        parts = bytes(blob).decode("utf-8").split("\x1e")
    except UnicodeDecodeError as exc:
        raise CompiledFormatError(path, f"bad anchors section: {exc}") from None
    if len(parts) != len(_KIND_NAMES):
        raise CompiledFormatError(path, "bad anchors section: not one part per kind")
    return parts
