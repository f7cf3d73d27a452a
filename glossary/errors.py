"""One error hierarchy: every error the library raises is a :class:`GlossaryError`.

Each subclass also inherits the builtin exception a caller would expect
(``ValueError`` for bad data, ``TypeError`` for a wrong argument type,
``OSError`` for a file that cannot be read), so ``except ValueError`` keeps
working for code that does not know this library.
"""

from __future__ import annotations

from .typed import NamedTuple

__all__ = [
    "CompiledFormatError",
    "ConfigError",
    "GlossaryError",
    "GlossaryFileError",
    "GlossaryIOError",
    "GlossaryKeyError",
    "GlossaryTypeError",
    "OptionError",
    "Problem",
    "display_path",
]


def display_path(path: str) -> str:
    r"""``path`` as printable text: bytes of a file name that are not UTF-8 (which Python
    keeps as lone surrogates) are shown as ``\xNN``, so printing the name cannot fail.

    >>> print(display_path("n\udcffame.txt"), display_path("bình.txt"))
    n\xffame.txt bình.txt
    """
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


class Problem(NamedTuple):
    """One finding of the glossary validator, tied to a file and a line."""

    path: str
    line: int
    message: str
    severity: str = "error"  # "error" or "warning"
    code: str = ""  #: what kind of problem: "chain", "conflict", "unmatchable", ... ("" if unnamed)

    def __str__(self) -> str:
        path = display_path(self.path)
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.severity}: {self.message}"


class GlossaryError(Exception):
    """Base class of every error raised by ``glossary``."""


class GlossaryFileError(GlossaryError, ValueError):
    """A glossary file is malformed. ``problems`` lists every error found, not only the first."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        self.line = errors[0].line if errors else 0
        shown = "\n".join(str(p) for p in errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} error(s) in glossary {display_path(path)}:\n{shown}{more}")


class CompiledFormatError(GlossaryFileError):
    """A compiled glossary file is truncated, corrupt, or of an unknown format version."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(path, [Problem(path, 0, message)])


class GlossaryIOError(GlossaryError, OSError):
    """A file could not be read or written (missing, a directory, no permission, ...)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{display_path(path)}: {reason}")

    @classmethod
    def from_os(cls, path: str, exc: OSError) -> GlossaryIOError:
        """Say in plain words why ``path`` could not be read or written."""
        if isinstance(exc, FileNotFoundError):
            return cls(path, "no such file")
        if isinstance(exc, IsADirectoryError):
            return cls(path, "is a directory")
        if isinstance(exc, PermissionError):
            return cls(path, "permission denied")
        return cls(path, exc.strerror or str(exc))


class GlossaryTypeError(GlossaryError, TypeError):
    """An argument of the wrong type was passed (bytes where text was expected, ...)."""


class GlossaryKeyError(GlossaryError, KeyError):
    """``glossary[key]`` for a key the glossary does not hold; ``key`` is the key asked for,
    and the message says what the glossary holds instead, if anything close."""

    def __init__(self, key: object, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(key)

    def __str__(self) -> str:
        return self.message


class ConfigError(GlossaryError, ValueError):
    """A configuration file or option is invalid (also ``glossary.config.ConfigError``)."""


class OptionError(GlossaryError, ValueError):
    """An option has a value outside its allowed set; the message lists the valid values."""
