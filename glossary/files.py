"""Byte-exact text files: strict decoding, re-encoding that reproduces the original bytes,
binary detection, and atomic writes that keep the permission bits; and the packed data
files the package ships (a header line, one zlib stream), the bigram tables among them."""

from __future__ import annotations

import bisect
import codecs
import functools
import os
import stat
import struct
import sys
from array import array
from collections.abc import Callable, Sequence

from .errors import GlossaryError, GlossaryIOError
from .resources import speedup
from .typed import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, Protocol

    class Counts(Protocol):
        """Counts by int key, as a dict answers them (``_speedups.Counts``, or a dict)."""

        def get(self, key: int, default: int, /) -> int: ...
        def items(self) -> Iterable[tuple[int, int]]: ...
        def __len__(self) -> int: ...

__all__ = [
    "BIGRAM_MAGIC", "DecodedFile", "atomic_write", "count_map", "decode_bytes", "is_binary", "nearest", "read_bytes",
    "read_counts", "read_packed", "read_pair_keys",
]

_BOMS = (  # UTF-32's marks first: the little-endian one begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF = 8192


class DecodedFile(NamedTuple):
    """A file's text and how to turn text back into bytes of the same form."""

    text: str
    encoding: str  #: "utf-8", "utf-16-le", "utf-16-be", "utf-32-le" or "utf-32-be"
    bom: bytes  #: the byte-order mark the file starts with, or b""

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a whole file or pipe, turning every OS failure into a :class:`GlossaryIOError`.
    A device or socket is refused before anything is read (``/dev/zero`` never ends)."""
    try:
        with open(path, "rb") as f:
            mode = os.fstat(f.fileno()).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
                raise GlossaryIOError(os.fspath(path), "not a regular file (a device or socket), not read")
            return f.read()
    except GlossaryIOError:
        raise
    except OSError as exc:
        raise GlossaryIOError.from_os(os.fspath(path), exc) from None


def is_binary(data: bytes) -> bool:
    """A NUL byte near the start marks a binary file, unless the file is UTF-16 with a BOM."""
    head = data[:_SNIFF]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        return False
    return b"\0" in head


def decode_bytes(data: bytes) -> DecodedFile | None:
    """Decode strictly as UTF-8 (with or without BOM) or BOM-marked UTF-16 or UTF-32.

    Returns None when the bytes are not text in one of those forms, or when encoding the
    decoded text would not give back exactly the same bytes: such a file must never be
    rewritten.

    >>> decode_bytes("việt".encode("utf-32")).encoding in ("utf-32-le", "utf-32-be")
    True
    """
    marked = [(mark, enc) for mark, enc in _BOMS if data.startswith(mark)] or [(b"", "utf-8")]
    for bom, encoding in marked:  # FF FE 00 00 is UTF-32's mark, or UTF-16's and a NUL
        try:
            text = data[len(bom) :].decode(encoding)
            decoded = DecodedFile(text, encoding, bom)
            if decoded.encode(text) == data:
                return decoded
        except UnicodeError:
            pass
    return None


def atomic_write(path: str, data: bytes, *, expected: bytes | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory.

    The temporary file is flushed and synced, given the permission bits, owner and
    extended attributes of the file it replaces (as far as this process may set them;
    the umask default for a new file), then renamed over ``path``, so a reader sees
    either the old content or the new, never a mix. A file with other hard links is
    rewritten in place instead, so that every link sees the new content; if that write
    fails (a full disk) or is interrupted, the old content is written back.

    With ``expected``, the file must still hold exactly those bytes just before it is
    replaced: a file someone changed meanwhile is left alone (:class:`GlossaryIOError`).
    Nothing is left behind when the write fails or is interrupted (Ctrl-C included).
    """
    directory = os.path.dirname(os.path.abspath(path))
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise GlossaryIOError(path, exc.strerror or str(exc)) from None
    if st is not None and st.st_nlink > 1:
        _write_in_place(path, data, expected)
        return
    tmp = ""  # named before it is created, so an interrupt right after the creation still removes it
    try:
        fd = -1
        while fd < 0:
            tmp = os.path.join(directory, f".glossary-{os.urandom(6).hex()}.tmp")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
            except FileExistsError:
                tmp = ""  # another file's name: try the next one
            except OSError as exc:
                tmp = ""
                raise GlossaryIOError(path, f"cannot write in {directory}: {exc.strerror or exc}") from None
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if st is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        else:
            _copy_owner_and_attributes(st, path, tmp)
            os.chmod(tmp, st.st_mode & 0o7777)
        if expected is not None and _content(path) != expected:
            raise GlossaryIOError(path, _CHANGED)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(exc, OSError) and not isinstance(exc, GlossaryIOError):
            raise GlossaryIOError(path, exc.strerror or str(exc)) from None
        raise


_BINARY = getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_CHANGED = "changed while it was being checked; not written (run again to check the new content)"


def _content(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def _write_in_place(path: str, data: bytes, expected: bytes | None) -> None:
    try:
        f = open(path, "r+b", buffering=0)
    except OSError as exc:
        raise GlossaryIOError(path, exc.strerror or str(exc)) from None
    with f:
        try:
            old = f.read()
        except OSError as exc:
            raise GlossaryIOError(path, exc.strerror or str(exc)) from None
        if expected is not None and old != expected:
            raise GlossaryIOError(path, _CHANGED)
        try:
            _overwrite(f, data)
        except BaseException as exc:
            try:
                _overwrite(f, old)  # the old content fits in the space it had
            except OSError as again:
                raise GlossaryIOError(path, f"{_why(exc)}; writing the old content back also failed "
                                      f"({again.strerror or again}): the file may be damaged") from None
            if isinstance(exc, OSError):
                raise GlossaryIOError(path, f"{_why(exc)}; the file was left as it was") from None
            raise


def _why(exc: BaseException) -> str:
    return (exc.strerror or str(exc)) if isinstance(exc, OSError) else "interrupted"


def _overwrite(f: Any, data: bytes) -> None:
    """Write all of ``data`` at the start of the unbuffered file ``f``, cut it there, sync."""
    f.seek(0)
    view = memoryview(data)
    while view:
        view = view[f.write(view) :]
    f.truncate()
    os.fsync(f.fileno())


def _copy_owner_and_attributes(st: os.stat_result, source: str, target: str) -> None:
    """Give ``target`` the owner, group and extended attributes of ``source``, as far as
    this process is allowed to (an ordinary user cannot give a file away)."""
    if hasattr(os, "chown") and (st.st_uid, st.st_gid) != _owner(target):
        try:
            os.chown(target, st.st_uid, st.st_gid)
        except OSError:
            try:
                os.chown(target, -1, st.st_gid)  # the group alone may still be allowed
            except OSError:
                pass
    if hasattr(os, "listxattr"):
        try:
            names = os.listxattr(source)
        except OSError:
            return
        for name in names:
            try:
                os.setxattr(target, name, os.getxattr(source, name))
            except OSError:
                pass


def _owner(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid


def nearest(directory: str, probe: Callable[[str], str | None], cache: dict[str, str | None]) -> str | None:
    """The first answer of ``probe`` for ``directory`` and then each directory above it
    (None when none answers); every directory walked is remembered in ``cache``."""
    d = os.path.abspath(directory)
    seen = []
    found: str | None = None
    while True:
        if d in cache:
            found = cache[d]
            break
        seen.append(d)
        found = probe(d)
        if found is not None:
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    for s in seen:
        cache[s] = found
    return found


def read_packed(path: str, magic: bytes, what: str) -> bytes:
    """The body of a packed data file (a ``magic`` line, then one zlib stream), inflated;
    a :class:`~glossary.errors.GlossaryError` naming the file and ``what`` it should be
    when it is not one."""
    import zlib

    with open(path, "rb") as f:
        raw = f.read()
    if not raw.startswith(magic):
        raise GlossaryError(f"{path}: not a {what} (bad header)")
    try:
        return zlib.decompress(raw[len(magic) :])
    except zlib.error as e:
        raise GlossaryError(f"{path}: damaged {what} ({e})") from None


#: the first line of a bigram table (``bigrams.bin`` and its kin; ``scripts/build_bigrams.py``)
BIGRAM_MAGIC = b"GLOSSARY-BIGRAMS 1\n"


def read_counts(path: str) -> tuple[list[str], list[int], dict[int, int]]:
    """A table file's vocabulary, unigram counts and bigram counts (keyed ``left * V + right``)."""
    body, vocab, n, pos = _read_table(path)
    v = len(vocab)
    try:
        unigrams = list(struct.unpack_from(f"<{v}I", body, pos))
        keys = struct.unpack_from(f"<{n}I", body, pos + 4 * v)
        values = struct.unpack_from(f"<{n}H", body, pos + 4 * v + 4 * n)
    except struct.error as e:
        raise GlossaryError(f"{path}: damaged bigram table ({e})") from None
    _fit(path, keys, v)
    return vocab, unigrams, dict(zip(keys, values, strict=True))


def native_array(code: str, data: bytes | memoryview) -> array[int]:
    """The array of type ``code`` whose native bytes are ``data`` (as ``tobytes`` wrote them).

    >>> native_array("I", array("I", [7, 40]).tobytes())
    array('I', [7, 40])
    """
    got = array(code)
    got.frombytes(data)
    return got


def count_map(keys: bytes | memoryview, values: bytes | memoryview) -> Counts:
    """The counts ``values`` by their ``keys`` (two native uint32 arrays of the same length,
    every key below 2**32 - 1), answering ``get`` and ``items`` as a dict made from them
    does: built in C (``_speedups.Counts``, about a millisecond for the bigram table's 57k
    pairs, where a dict of them took a new process about 15) unless
    ``GLOSSARY_PURE_PYTHON`` is set or the extension is not built.

    >>> from array import array
    >>> pairs = count_map(array("I", [7, 40]).tobytes(), array("I", [2, 5]).tobytes())
    >>> pairs.get(40, 0), pairs.get(8, 0), len(pairs), sorted(pairs.items())
    (5, 0, 2, [(7, 2), (40, 5)])
    """
    c_counts = speedup("Counts")
    if c_counts is not None:
        return c_counts(keys, values)  # type: ignore[no-any-return]  # a Counts
    k, v = native_array("I", keys), native_array("I", values)
    if len(k) != len(v) or (k and max(k) == 0xFFFFFFFF):  # refused as the C map refuses them
        raise ValueError("count_map needs two uint32 arrays of the same length, every key below 2**32 - 1")
    return dict(zip(k, v, strict=True))


def sorted_finder(keys: array[int] | memoryview[int]) -> Callable[[int], int]:
    """A function that gives where a key stands in ``keys`` (a uint32 array in ascending
    order), -1 when it is not there: a binary search in C (``_speedups.sorted_index``,
    about a tenth of the cost of :func:`bisect.bisect_left`, which makes an int of every
    key it probes) unless ``GLOSSARY_PURE_PYTHON`` is set or the extension is not built.

    >>> find = sorted_finder(array("I", [3, 8, 40]))
    >>> find(8), find(9), find(2**40)
    (1, -1, -1)
    """
    sorted_index = speedup("sorted_index")
    if sorted_index is not None:
        return functools.partial(sorted_index, keys)

    def find(key: int) -> int:
        i = bisect.bisect_left(keys, key)
        return i if i < len(keys) and keys[i] == key else -1

    return find


def _read_table(path: str) -> tuple[bytes, list[str], int, int]:
    """A table file's body, its vocabulary, how many pairs it holds, and where its unigram
    counts start (the layout of ``scripts/build_bigrams.py``)."""
    body = read_packed(path, BIGRAM_MAGIC, "bigram table")
    try:
        v, n, size = struct.unpack_from("<III", body)
        vocab = body[12 : 12 + size].decode("utf-8").split("\n")
    except (struct.error, UnicodeDecodeError) as e:
        raise GlossaryError(f"{path}: damaged bigram table ({e})") from None
    if len(vocab) != v:
        raise GlossaryError(f"{path}: damaged bigram table (its sizes or keys do not fit its vocabulary)")
    return body, vocab, n, 12 + size


def _fit(path: str, keys: Sequence[int], v: int, ordered: bool = False) -> None:
    """Refuse keys past the vocabulary's pairs (``ordered`` keys: only the last is read)."""
    if keys and (keys[-1] if ordered else max(keys)) >= v * v:
        raise GlossaryError(f"{path}: damaged bigram table (its sizes or keys do not fit its vocabulary)")


def read_pair_keys(path: str) -> tuple[list[str], array[int]]:
    """A table file's vocabulary and the keys of its pairs (sorted, as the build scripts
    write them), without the counts: for a table asked only whether it saw a pair (a
    tenth of the time of :func:`read_counts`)."""
    body, vocab, n, pos = _read_table(path)
    start = pos + 4 * len(vocab)
    try:
        keys = array("I", body[start : start + 4 * n])
    except ValueError as e:  # cut short inside a key
        raise GlossaryError(f"{path}: damaged bigram table ({e})") from None
    if sys.byteorder == "big":
        keys.byteswap()  # written little-endian
    if len(keys) != n:
        raise GlossaryError(f"{path}: damaged bigram table (its sizes or keys do not fit its vocabulary)")
    _fit(path, keys, len(vocab), ordered=True)
    return vocab, keys
