"""Text functions inside pipelines: lazy line streams and pandas Series (worker
processes are :mod:`glossary.pool`'s).

Lines are processed in batches of about 64 KiB joined by ``\\n``: no glossary key spans a
line break and no operation adds or removes one, so each output line is exactly the
result of its input line, at a fraction of the per-call cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .errors import OptionError
from .text import need_text
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

__all__ = ["map_lines", "series_map"]

_BATCH = 1 << 16


def map_lines(fn: Callable[[str], str], lines: Iterable[str], *, batch: int = _BATCH) -> Iterator[str]:
    """Apply a line-preserving text function to each line of ``lines``, lazily, in batches.
    A function that adds or removes a line break raises :class:`~glossary.errors.OptionError`.

    >>> list(map_lines(str.upper, ["a", "b\\nc", "d"]))
    ['A', 'B\\nC', 'D']
    """
    pending: list[str] = []
    size = 0
    for line in lines:
        need_text(line, "the lines of a stream")
        if "\n" in line:
            yield from _flush(fn, pending)
            pending, size = [], 0
            yield fn(line)  # a line with a line break inside is processed on its own
            continue
        pending.append(line)
        size += len(line) + 1
        if size >= batch:
            yield from _flush(fn, pending)
            pending, size = [], 0
    yield from _flush(fn, pending)


def _flush(fn: Callable[[str], str], pending: list[str]) -> Iterator[str]:
    if not pending:
        return
    if len(pending) == 1:
        yield fn(pending[0])
        return
    out = fn("\n".join(pending)).split("\n")
    if len(out) != len(pending):  # running it again line by line would repeat its side effects
        raise OptionError(f"map_lines() needs a function that keeps line breaks; it turned {len(pending)} "
                          f"lines into {len(out)}")
    yield from out


# -- pandas -------------------------------------------------------------------------------
def series_map(fn: Callable[[str], str], series: Any) -> Any:
    """Map a text function over a pandas Series, passing None and NaN (and other non-text
    values) through unchanged; the result keeps the index and name."""
    def one(value: Any) -> Any:
        return fn(value) if isinstance(value, str) else value

    return series.map(one)
