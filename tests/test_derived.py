"""The layout of the cache's persisted values: long bytes kept raw and read back mapped."""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary import _derived
from glossary._derived import RAW, decode, encode, numbers, read


def plain(value: Any) -> Any:
    """``value`` with its views made bytes again (and its lists and tuples rebuilt)."""
    if type(value) is memoryview:
        return value.tobytes()
    if type(value) in (tuple, list):
        return type(value)(plain(x) for x in value)
    return value


def views(value: Any) -> list[memoryview]:
    """The views in ``value``, through its tuples and lists."""
    if type(value) is memoryview:
        return [value]
    if type(value) in (tuple, list):
        return [v for x in value for v in views(x)]
    return []


blobs = st.one_of(st.binary(max_size=64), st.integers(RAW - 9, RAW + 9).map(lambda n: bytes([n % 251]) * n))
values = st.recursive(
    st.one_of(blobs, st.integers(-(2**40), 2**40), st.text(max_size=8), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.lists(inner, max_size=4).map(tuple)),
    max_leaves=12,
)


@given(values)
def test_a_value_reads_back_with_its_long_bytes_as_views(value: Any) -> None:
    data = encode(value)
    got = decode(memoryview(data))
    assert plain(got) == value
    longs = [len(v) for v in views(got)]
    assert longs == [len(b) for _, b in _derived._lift(value)] and all(n >= RAW for n in longs)
    size = int.from_bytes(data[4:8], "little")
    base = 8 + size + _derived._padded(8 + size)
    assert base % 8 == 0 and all(offset % 8 == 0 for _, offset, _ in marshal.loads(data[8 : 8 + size])[1])


def test_a_view_shows_the_numbers_written() -> None:
    from array import array

    keys = array("I", range(0, 3 * RAW, 3))
    got = decode(memoryview(encode(("v", keys.tobytes(), array("Q", [2**40, 7] * RAW).tobytes()))))
    assert list(numbers(got[1])) == list(keys) and numbers(got[2], "Q")[:2].tolist() == [2**40, 7]


def test_damage_anywhere_is_caught() -> None:
    data = encode(("words", b"x" * RAW, [b"y" * (RAW + 3), 5]))
    for i in range(len(data)):
        flipped = bytearray(data)
        flipped[i] ^= 0x10
        assert decode(memoryview(bytes(flipped))) is None, i
    for cut in (0, 3, 8, len(data) // 2, len(data) - 1):
        assert decode(memoryview(data[:cut])) is None, cut


def _sealed(body: bytes) -> bytes:
    return zlib.crc32(body).to_bytes(4, "little") + body


@pytest.mark.parametrize("places", [
    (((1,), 0, RAW * 4),),  # past the end
    (((1,), -8, RAW),),  # before the raw bytes
    (((1,), 4, RAW),),  # off the 8-byte boundary
    (((1,), 0, RAW - 1),),  # too short to have been kept raw
    (((1,), 0, -1),),
    (((5,), 0, RAW),),  # no such item
    (((-1,), 0, RAW),),  # counted from the end
    (((0,), 0, RAW),),  # a string, not the placeholder
    (((1,), 0, RAW), ((1,), 0, RAW)),  # the placeholder twice
    (((), 0, RAW),),  # the whole value, which is no placeholder
    (((0, 0), 0, RAW),),  # through a string
    (((1,) * 9, 0, RAW),),  # deeper than any value kept
    ((1, 0, RAW),),  # not a tuple of indices
    ((("a",), 0, RAW),),
])
def test_a_header_that_does_not_fit_its_file_reads_as_nothing(places: Any) -> None:
    raw = b"z" * (RAW + 8)
    header = marshal.dumps((("words", b""), places))
    body = len(header).to_bytes(4, "little") + header + bytes(_derived._padded(8 + len(header))) + raw
    assert decode(memoryview(_sealed(body))) is None
    fits = marshal.dumps((("words", b""), (((1,), 8, RAW),)))  # the same file with a place that fits
    body = len(fits).to_bytes(4, "little") + fits + bytes(_derived._padded(8 + len(fits))) + raw
    assert plain(decode(memoryview(_sealed(body)))) == ("words", b"z" * RAW)


def test_deep_nesting_reads_as_nothing() -> None:
    deep: Any = b""
    for _ in range(1500):
        deep = (deep,)
    header = marshal.dumps((deep, (((0,) * 1500, 0, RAW),)))
    body = len(header).to_bytes(4, "little") + header + bytes(_derived._padded(8 + len(header))) + b"z" * RAW
    assert decode(memoryview(_sealed(body))) is None


@pytest.mark.skipif(os.name == "nt", reason="Windows refuses to replace or remove a mapped file")
def test_a_mapped_file_keeps_its_bytes_when_a_new_one_replaces_it(tmp_path: Path) -> None:
    import mmap

    path = tmp_path / "value.derived"
    path.write_bytes(encode((b"a" * RAW, "small")))
    got = read(str(path))
    assert views(got) and type(got[0].obj) is mmap.mmap and got[1] == "small"
    new = tmp_path / "new"
    new.write_bytes(encode((b"b" * RAW, "other")))
    os.replace(new, path)  # as the cache writes: a new file renamed over the old
    assert got[0].tobytes() == b"a" * RAW
    os.unlink(path)
    assert got[0].tobytes() == b"a" * RAW


def test_reading_a_value_without_long_bytes_keeps_nothing_mapped(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import mmap

    closed: list[bool] = []
    real = mmap.mmap

    class Watched(real):  # type: ignore[misc, valid-type]  # mmap.mmap, subclassed to see it closed
        def close(self) -> None:
            closed.append(True)
            super().close()

    monkeypatch.setattr(mmap, "mmap", Watched)
    path = tmp_path / "value.derived"
    path.write_bytes(encode(frozenset({"a", "b"})))
    assert read(str(path)) == frozenset({"a", "b"}) and closed == [True]
    path.write_bytes(encode((b"a" * RAW,)))
    closed.clear()
    assert plain(read(str(path))) == (b"a" * RAW,) and closed == []


def test_an_empty_or_foreign_file_reads_as_nothing(tmp_path: Path) -> None:
    path = tmp_path / "value.derived"
    for junk in (b"", b"\x00" * 3, marshal.dumps(frozenset({"a"})), b"\xff" * 64):
        path.write_bytes(junk)
        assert read(str(path)) is None
