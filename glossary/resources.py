"""Where the package's own files are, and its version: the bottom floor, importing nothing
of the package (as wordfreq keeps its data paths in ``util.py``)."""

from __future__ import annotations

import os

__all__ = ["VERSION", "builtin_path", "data_path", "pure_python"]

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
