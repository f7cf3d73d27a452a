"""Regular expressions kept as strings and compiled on first use.

The modules on the command line's common path compile nothing at import, nor import
:mod:`re` (together a few milliseconds of a short run): they call :func:`regex` with the
pattern where they need it.
"""

from __future__ import annotations

from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    import re

__all__ = ["regex"]

_patterns: dict[str, re.Pattern[str]] = {}


def regex(pattern: str) -> re.Pattern[str]:
    """``re.compile(pattern)``, compiled on first use and kept."""
    got = _patterns.get(pattern)
    if got is None:
        import re

        got = _patterns[pattern] = re.compile(pattern)
    return got
