"""Where the package's own files are, its version, and whether its C extension serves: the
bottom floor, importing nothing of the package but, when asked, that extension (as
wordfreq keeps its data paths in ``util.py``)."""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["VERSION", "builtin_path", "data_path", "pure_python", "speedup"]

#: The package version (``glossary.__version__``); the build reads it from here.
VERSION = "0.1.0"


def data_path(name: str) -> str:
    """A built-in data file: inside the installed package, or in the source tree's data/."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "data", name)
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(here), "data", name)


def builtin_path() -> str:
    """Where the built-in ``terms.csv`` is."""
    return data_path("terms.csv")


def pure_python() -> bool:
    """Is ``GLOSSARY_PURE_PYTHON`` set: the C extension, built or not, left unused (its
    scanner, text preparation, pair table and count map each give way to their Python
    twin)?"""
    return bool(os.environ.get("GLOSSARY_PURE_PYTHON"))


def speedup(name: str) -> Any:
    """The C extension's ``name`` (``_speedups.Counts``, ``sorted_index``...), or None where
    its Python twin serves: ``GLOSSARY_PURE_PYTHON`` set, the extension not built (no
    compiler at install time), or an older build without it.

    >>> speedup("no-such-thing") is None
    True
    """
    if pure_python():
        return None
    try:
        from . import _speedups
    except ImportError:
        return None
    return getattr(_speedups, name, None)
