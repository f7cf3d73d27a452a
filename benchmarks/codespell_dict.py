"""Where codespell's dictionaries are, and the English text tree both tools check."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def dictionary_path() -> Path:
    """codespell's main dictionary (``dictionary_rare.txt`` sits beside it)."""
    import codespell_lib

    return Path(codespell_lib.__file__).parent / "data" / "dictionary.txt"


def files() -> tuple[Path, list[Path]]:
    """The text tree: Python's standard library sources (``*.py``, no site-packages).

    ``GLOSSARY_BENCH_TREE`` overrides the directory.
    """
    env = os.environ.get("GLOSSARY_BENCH_TREE")
    candidates = [Path(env)] if env else [
        Path(f"/usr/lib/python{sys.version_info[0]}.{sys.version_info[1]}"),
        Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}",
    ]
    for root in candidates:
        if (root / "os.py").is_file() or (env and root.is_dir()):
            found = sorted(p for p in root.rglob("*.py") if "site-packages" not in p.parts
                           and "dist-packages" not in p.parts and p.is_file())
            return root, found
    raise FileNotFoundError("no Python standard library sources found; set GLOSSARY_BENCH_TREE")
