"""Safe file writing: atomic replacement that keeps the target's permission bits."""

from __future__ import annotations

import os
import tempfile

__all__ = ["atomic_write"]


def atomic_write(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory.

    The temporary file is flushed and synced, given the permission bits of the file it
    replaces (or the umask default for a new file), then renamed over ``path``, so a
    reader sees either the old content or the new, never a mix.
    """
    from .errors import GlossaryIOError

    directory = os.path.dirname(os.path.abspath(path))
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise GlossaryIOError(path, exc.strerror or str(exc)) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".glossary-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise GlossaryIOError(path, f"cannot write in {directory}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise GlossaryIOError(path, exc.strerror or str(exc)) from None
