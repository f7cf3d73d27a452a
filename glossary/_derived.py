"""The layout of the files in which :func:`glossary.cache.persisted` keeps its values.

A value is what ``marshal`` writes (tuples, lists, dicts, sets, strings, numbers and
bytes). Its long ``bytes`` (the arrays of counts and keys, up to a megabyte each) are kept
raw after the rest, each on an 8-byte boundary, and read back as views of the file mapped
in memory: a new process copies none of them (its checksum reads each page once, from
the system's page cache), where reading them as ``marshal`` keeps them cost it three
copies (the file, the value, the array made of it) and a few milliseconds per megabyte.

The layout, all numbers little-endian::

    CRC-32 of all that follows (4 bytes) | H (4 bytes) | the header (H bytes, marshal)
    | zeros to an 8-byte boundary | the raw bytes, each padded with zeros to 8 bytes

The header is ``(rest, places)``: the value with each long ``bytes`` replaced by ``b""``,
and for each of them (where, offset, length), ``where`` the indices that lead to it
through the value's tuples and lists, ``offset`` counted from the end of the padding.

>>> value = ("words", [b"x" * 5000, 7])
>>> got = decode(memoryview(encode(value)))
>>> got[0], bytes(got[1][0]) == value[1][0], got[1][1], type(got[1][0]).__name__
('words', True, 7, 'memoryview')
"""

from __future__ import annotations

import sys

from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, Literal, TypeGuard

__all__ = ["LAYOUT", "RAW", "Raw", "decode", "encode", "is_raw", "numbers", "read"]

#: this layout's number, in the cache key of every value kept so
LAYOUT = 2

#: a ``bytes`` of the value this long or longer is kept raw (read back as a memoryview)
RAW = 4096
#: what a value's bytes may come back as
Raw = bytes | memoryview
#: the most tuples and lists a long bytes may stand in (a header asking more is no header of ours)
_DEPTH = 8
Where = tuple[int, ...]


def is_raw(x: object) -> TypeGuard[Raw]:
    """Is ``x`` bytes, or a view of plain bytes (as :func:`decode` gives back)?"""
    return type(x) is bytes or (type(x) is memoryview and x.format == "B" and x.ndim == 1 and x.c_contiguous)


def numbers(data: Raw, code: Literal["I", "Q"] = "I") -> memoryview[int]:
    """``data`` (native numbers of the ``array`` type ``code``, as ``tobytes`` wrote them)
    seen as those numbers, without a copy.

    >>> from array import array
    >>> list(numbers(array("I", [7, 40]).tobytes())), list(numbers(array("Q", [2**40]).tobytes(), "Q"))
    ([7, 40], [1099511627776])
    """
    return memoryview(data).cast(code)


def _lift(value: object, where: Where = ()) -> Iterator[tuple[Where, bytes]]:
    if type(value) is bytes:
        if len(value) >= RAW:
            yield where, value
    elif type(value) is tuple or type(value) is list:
        for i, x in enumerate(value):
            yield from _lift(x, (*where, i))


def _put(value: Any, where: Where, new: object, old: object = None) -> Any:
    """``value`` with what ``where`` leads to (through tuples and lists, made anew on the
    way) replaced by ``new``; with ``old`` given, what is replaced must be that (``b""``,
    the placeholder a header leaves), or ``ValueError``."""
    chain = [value]
    for i in where:
        if type(chain[-1]) is not tuple and type(chain[-1]) is not list:
            raise TypeError("no tuple or list on the way")
        chain.append(chain[-1][i])
    if old is not None and (type(chain[-1]) is not type(old) or chain[-1] != old):
        raise ValueError("not the placeholder")
    for i, container in zip(reversed(where), reversed(chain[:-1]), strict=True):
        items = list(container)
        items[i] = new
        new = type(container)(items)
    return new


def _padded(n: int) -> int:
    return -n % 8


def encode(value: Any) -> bytes:
    """The file's bytes for ``value`` (``ValueError`` if ``marshal`` cannot write it)."""
    import marshal
    import zlib

    raws = list(_lift(value))
    rest, places, offset = value, [], 0
    for where, data in raws:
        rest = _put(rest, where, b"")
        places.append((where, offset, len(data)))
        offset += len(data) + _padded(len(data))
    header = marshal.dumps((rest, tuple(places)))
    parts = [len(header).to_bytes(4, "little"), header, bytes(_padded(8 + len(header)))]
    for _, data in raws:
        parts += [data, bytes(_padded(len(data)))]
    body = b"".join(parts)
    return zlib.crc32(body).to_bytes(4, "little") + body


def decode(view: memoryview) -> Any:
    """The value the file's bytes ``view`` hold, its long bytes as views into ``view``;
    None when they are not such a file (or were damaged: the checksum no longer fits)."""
    return _decode(view)[0]


def _decode(view: memoryview) -> tuple[Any, bool]:
    """:func:`decode`, and whether the value holds views into ``view``."""
    import marshal
    import zlib

    if len(view) < 8 or zlib.crc32(view[4:]) != int.from_bytes(view[:4], "little"):
        return None, False
    size = int.from_bytes(view[4:8], "little")
    try:
        rest, places = marshal.loads(view[8 : 8 + size])
        base = 8 + size + _padded(8 + size)
        for where, offset, length in places:
            if not (type(where) is tuple and len(where) <= _DEPTH and all(type(i) is int and i >= 0 for i in where)
                    and type(offset) is int and type(length) is int and offset >= 0 and offset % 8 == 0
                    and length >= RAW and base + offset + length <= len(view)):
                return None, False
            rest = _put(rest, where, view[base + offset : base + offset + length], b"")
    except (EOFError, ValueError, TypeError, IndexError, RecursionError):
        return None, False
    return rest, bool(places)


def read(path: str) -> Any:
    """The value of the file ``path`` (None when it is no such file), mapped in memory
    where the platform can (read whole where it cannot). Its mapping stays open as long as
    a view into it lives; a file is never rewritten in place (the cache renames a new one
    over it, and removes old ones), so the views never change under the reader. (Windows
    refuses to replace or remove a mapped file: there the cache leaves such a file as it
    is until no process maps it. A cache directory on a network file system that another
    machine prunes may, as for any mapped file, end a reader with SIGBUS.)"""
    with open(path, "rb") as f:
        try:
            import mmap

            # (Python 3.13 and later: no second descriptor kept open per mapping)
            extra = {"trackfd": False} if sys.version_info >= (3, 13) else {}
            data: Any = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ, **extra)
        except (ImportError, OSError, ValueError):  # no mmap here, or an empty file
            data = f.read()
    view = memoryview(data)
    got, mapped = _decode(view)
    if not mapped:
        view.release()
        if type(data) is not bytes:
            try:
                data.close()
            except BufferError:  # a view still held (by a value being checked): the collector closes it
                pass
    return got
