"""Byte-exact text files: strict decoding, re-encoding that reproduces the original bytes,
binary detection, and atomic writes that keep the permission bits."""

from __future__ import annotations

import codecs
import os
from typing import NamedTuple

from .errors import GlossaryIOError

__all__ = ["DecodedFile", "atomic_write", "decode_bytes", "is_binary", "read_bytes"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF = 8192


class DecodedFile(NamedTuple):
    """A file's text and how to turn text back into bytes of the same form."""

    text: str
    encoding: str  #: "utf-8", "utf-16-le" or "utf-16-be"
    bom: bytes  #: the byte-order mark the file starts with, or b""

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a whole file, turning every OS failure into a :class:`GlossaryIOError`."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise GlossaryIOError.from_os(os.fspath(path), exc) from None


def is_binary(data: bytes) -> bool:
    """A NUL byte near the start marks a binary file, unless the file is UTF-16 with a BOM."""
    head = data[:_SNIFF]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\0" in head


def decode_bytes(data: bytes) -> DecodedFile | None:
    """Decode strictly as UTF-8 (with or without BOM) or BOM-marked UTF-16.

    Returns None when the bytes are not text in one of those forms, or when encoding the
    decoded text would not give back exactly the same bytes: such a file must never be
    rewritten.
    """
    bom, encoding = b"", "utf-8"
    for mark, enc in _BOMS:
        if data.startswith(mark):
            bom, encoding = mark, enc
            break
    try:
        text = data[len(bom) :].decode(encoding)
    except UnicodeDecodeError:
        return None
    decoded = DecodedFile(text, encoding, bom)
    try:
        if decoded.encode(text) != data:
            return None
    except UnicodeEncodeError:
        return None
    return decoded


def atomic_write(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory.

    The temporary file is flushed and synced, given the permission bits, owner and
    extended attributes of the file it replaces (as far as this process may set them;
    the umask default for a new file), then renamed over ``path``, so a reader sees
    either the old content or the new, never a mix. A file with other hard links is
    rewritten in place instead, so that every link sees the new content.
    """
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise GlossaryIOError(path, exc.strerror or str(exc)) from None
    if st is not None and st.st_nlink > 1:
        _write_in_place(path, data)
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=".glossary-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise GlossaryIOError(path, f"cannot write in {directory}: {exc.strerror or exc}") from None
    try:
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
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise GlossaryIOError(path, exc.strerror or str(exc)) from None


def _write_in_place(path: str, data: bytes) -> None:
    try:
        with open(path, "r+b") as f:
            f.write(data)
            f.truncate()
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        raise GlossaryIOError(path, exc.strerror or str(exc)) from None


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
