"""Read text in whole-line chunks, with strict UTF-8 decoding that says where it failed.

A file of any size streams in chunks of about 64 KiB that always end at a line end, so
each chunk can be processed on its own (no glossary key spans a line break). Every
input is read once, so pipes, ``/dev/stdin`` and process substitution work like files;
the output made from one input is held (:func:`held_output`) until the input has been
read to its end, so an input that turns out not to be UTF-8 leaves no partial output.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterator

from .errors import GlossaryError, GlossaryIOError, display_path
from .typed import TYPE_CHECKING

if TYPE_CHECKING:  # types only: importing typing is a start-up cost
    from typing import IO, Protocol

    class Writable(Protocol):
        """What output is written to: a binary stream, or the buffer :func:`held_output` holds."""

        def write(self, data: bytes, /) -> int: ...

        def flush(self) -> None: ...


__all__ = ["HeldOutputs", "InputDecodeError", "Source", "held_output"]

_CHUNK = 1 << 16
_HELD_IN_MEMORY = 8 << 20  # output held beyond this goes to a temporary file


class InputDecodeError(GlossaryError, ValueError):
    """Input bytes that are not valid UTF-8."""

    def __init__(self, path: str, line: int, offset: int, byte: bytes) -> None:
        super().__init__(
            f"{path}:{line}: not valid UTF-8: byte 0x{byte.hex()} at byte offset {offset} "
            "(use --keep-invalid to pass such bytes through unchanged)"
        )
        self.where = (path, line, offset, byte)

    def __reduce__(self) -> tuple[type[InputDecodeError], tuple[str, int, int, bytes]]:
        return type(self), self.where  # raised in a worker process, re-raised in the parent



def _breaks(data: bytes) -> int:
    """Line breaks in ``data``: ``\\r\\n``, ``\\r`` and ``\\n`` each end a line (a chunk
    never ends between the two bytes of a ``\\r\\n``: it ends after a ``\\n``)."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def decode_error(name: str, data: bytes, exc: UnicodeDecodeError, line: int, offset: int) -> InputDecodeError:
    """The error for ``data``, which begins at ``line`` and byte ``offset`` of input ``name``."""
    return InputDecodeError(name, line + _breaks(data[: exc.start]), offset + exc.start,
                            data[exc.start : exc.start + 1])


def lines_before(stream: IO[bytes], end: int) -> int:
    """The number of line breaks in the first ``end`` bytes of ``stream``, read in blocks."""
    count, last = 0, b""
    while end > 0:
        block = stream.read(min(end, 1 << 20))
        if not block:
            break
        count += _breaks(block) - (last == b"\r" and block[:1] == b"\n")  # a CRLF split between blocks
        last, end = block[-1:], end - len(block)
    return count


class Source:
    """One input (a file or stdin), read as decoded chunks of whole lines."""

    def __init__(self, path: str, keep_invalid: bool) -> None:
        self.path = path
        self.name = "<stdin>" if path == "-" else display_path(path)  #: printable, whatever the bytes
        self.keep_invalid = keep_invalid
        self.chunk_bytes = 0  #: the size in bytes of the chunk last yielded

    def open(self) -> IO[bytes]:
        if self.path == "-":
            return sys.stdin.buffer
        try:
            return open(self.path, "rb")
        except OSError as exc:
            raise GlossaryIOError.from_os(self.name, exc) from None

    def check(self) -> None:
        """Fail before any output is written if the file is missing, a directory or not
        readable. Nothing is read: a pipe can be read only once."""
        if self.path == "-":
            return
        try:
            st = os.stat(self.path)
        except OSError as exc:
            raise GlossaryIOError.from_os(self.name, exc) from None
        if stat.S_ISDIR(st.st_mode):
            raise GlossaryIOError(self.name, "is a directory")
        if not os.access(self.path, os.R_OK):
            raise GlossaryIOError(self.name, "permission denied")

    def is_regular(self) -> bool:
        """Is the input a regular file (which can be read in ranges, by several processes)?"""
        try:
            return self.path != "-" and stat.S_ISREG(os.stat(self.path).st_mode)
        except OSError:
            return False

    def chunks(self) -> Iterator[tuple[str, int]]:
        """Yield (text, number of the chunk's first line); every chunk ends at a line end."""
        stream = self.open()
        errors = "surrogateescape" if self.keep_invalid else "strict"
        line, offset = 1, 0
        carry: list[bytes] = []  # the blocks of a line not yet ended; joined once it ends
        try:
            while True:
                try:
                    block = stream.read1(_CHUNK) if hasattr(stream, "read1") else stream.read(_CHUNK)
                except OSError as exc:
                    raise GlossaryIOError(self.name, exc.strerror or str(exc)) from None
                if block:
                    cut = block.rfind(b"\n") + 1  # only the new block: a long line costs no rescans
                    if not cut:
                        carry.append(block)
                        continue
                    data = b"".join([*carry, block[:cut]])
                    carry = [block[cut:]]
                else:
                    data, carry = b"".join(carry), []
                    if not data:
                        return
                try:
                    text = data.decode("utf-8", errors)
                except UnicodeDecodeError as exc:
                    raise decode_error(self.name, data, exc, line, offset) from None
                self.chunk_bytes = len(data)
                yield text, line
                line += _breaks(data)
                offset += len(data)
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()

    def encode(self, text: str) -> bytes:
        return text.encode("utf-8", "surrogateescape" if self.keep_invalid else "strict")


def held_output(out: IO[bytes], hold: bool = True) -> _Held:
    """A stream for the output made from one input, written to ``out`` only when the
    block ends without an exception (held in memory, beyond 8 MiB in a temporary file);
    with ``hold`` false, ``out`` itself.

    >>> import io
    >>> out = io.BytesIO()
    >>> with held_output(out) as o:
    ...     _ = o.write(b"kept")
    >>> try:
    ...     with held_output(out) as o:
    ...         _ = o.write(b"dropped")
    ...         raise ValueError
    ... except ValueError:
    ...     pass
    >>> out.getvalue()
    b'kept'
    """
    return _Held(out, hold)


class _Held:
    """What :func:`held_output` gives (a class, not a ``contextlib`` generator: importing
    contextlib is a start-up cost)."""

    def __init__(self, out: IO[bytes], hold: bool) -> None:
        self._out = out
        self._spool = _Spool() if hold else None

    def __enter__(self) -> Writable:
        return self._out if self._spool is None else self._spool

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if self._spool is None:
            return
        try:
            if kind is None:
                self._spool.copy_to(self._out)
        finally:
            self._spool.close()


class _Spool:
    """Bytes held in memory, then in a temporary file once past 8 MiB (what
    ``tempfile.SpooledTemporaryFile`` does, without importing tempfile at start-up)."""

    def __init__(self) -> None:
        self._memory: io.BytesIO | None = io.BytesIO()
        self._file: IO[bytes] | None = None

    def write(self, data: bytes) -> int:
        if self._memory is not None:
            n = self._memory.write(data)
            if self._memory.tell() <= _HELD_IN_MEMORY:
                return n
            import tempfile  # only for output past 8 MiB: no start-up cost

            self._file = tempfile.TemporaryFile()
            self._file.write(self._memory.getbuffer())
            self._memory = None
            return n
        assert self._file is not None
        return self._file.write(data)

    def flush(self) -> None:
        pass

    def copy_to(self, out: IO[bytes]) -> None:
        if self._memory is not None:
            out.write(self._memory.getbuffer())
            return
        assert self._file is not None
        self._file.seek(0)
        while block := self._file.read(1 << 20):
            out.write(block)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._memory = None


class HeldOutputs:
    """The outputs of several inputs in turn, each held (:func:`held_output`) until it is
    complete: when the next input's output begins, at :meth:`end`, or when the block ends
    without an exception; an exception drops only the output of the input it came in.

    >>> import io
    >>> out = io.BytesIO()
    >>> with HeldOutputs(out) as held:
    ...     _ = held.to("a").write(b"A")
    ...     _ = held.to("b").write(b"B")
    >>> out.getvalue()
    b'AB'
    """

    def __init__(self, out: IO[bytes], hold: bool = True) -> None:
        self.out, self.hold = out, hold
        self.current: object = None  #: the input whose output is being held
        self._held: _Held | None = None
        self._sink: Writable = out

    def __enter__(self) -> HeldOutputs:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        held, self._held = self._held, None
        if held is not None:
            held.__exit__(kind, *exc)

    def to(self, key: object) -> Writable:
        """The stream for input ``key``'s output; the previous input's is complete."""
        if key != self.current:
            self.end()
            held = held_output(self.out, self.hold)
            self._sink = held.__enter__()
            self.current, self._held = key, held
        return self._sink

    def end(self) -> None:
        """The current input's output is complete: write it out."""
        self.__exit__(None)
        self.current = None
