"""Read text in whole-line chunks, with strict UTF-8 decoding that says where it failed.

A file of any size streams in chunks of about 64 KiB that always end at a line end, so
each chunk can be processed on its own (no glossary key spans a line break).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import IO

from .errors import GlossaryError, GlossaryIOError, display_path

__all__ = ["InputDecodeError", "Source"]

_CHUNK = 1 << 16


class InputDecodeError(GlossaryError, ValueError):
    """Input bytes that are not valid UTF-8."""

    def __init__(self, path: str, line: int, offset: int, byte: bytes) -> None:
        super().__init__(
            f"{path}:{line}: not valid UTF-8: byte 0x{byte.hex()} at byte offset {offset} "
            "(use --keep-invalid to pass such bytes through unchanged)"
        )



def _breaks(data: bytes) -> int:
    """Line breaks in ``data``: ``\\r\\n``, ``\\r`` and ``\\n`` each end a line (a chunk
    never ends between the two bytes of a ``\\r\\n``: it ends after a ``\\n``)."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


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
        """Fail before any output is written if the file is missing or, unless invalid
        bytes are kept, not valid UTF-8."""
        if self.path == "-":
            return
        for _ in self.chunks():
            pass

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
                    bad_line = line + _breaks(data[: exc.start])
                    bad = data[exc.start : exc.start + 1]
                    raise InputDecodeError(self.name, bad_line, offset + exc.start, bad) from None
                self.chunk_bytes = len(data)
                yield text, line
                line += _breaks(data)
                offset += len(data)
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()

    def encode(self, text: str) -> bytes:
        return text.encode("utf-8", "surrogateescape" if self.keep_invalid else "strict")
