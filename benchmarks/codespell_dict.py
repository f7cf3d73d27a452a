"""PRELIMINARY English case: codespell's dictionary as a glossary, and the text tree to check.

codespell's ``dictionary.txt`` has one ``typo->fix`` per line. codespell lower-cases both
sides; a fix holding a comma is not auto-fixable (``typo->fix1, fix2,`` lists several
candidates; ``typo->fix, reason`` carries a reason after the last comma). ``glossary``
cannot read that format yet, so this module converts the single-fix lines (no comma) to
``Entry(typo, fix, Kind.TYPO)``, adds codespell's apostrophe variants (``'`` -> ``’``), and
drops (and counts) the rows our validator rejects, e.g. a fix that is itself a typo key.
The same single-fix rows are written back in codespell's format, so both tools check the
same dictionary.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from . import data

_ALT = (("'", "’"),)  # codespell's alt_chars


def dictionary_path() -> Path:
    import codespell_lib

    return Path(codespell_lib.__file__).parent / "data" / "dictionary.txt"


def parse(path: Path) -> tuple[dict[str, str], Counter[str]]:
    """Single-fix ``{typo: fix}`` and counts of what was skipped."""
    pairs: dict[str, str] = {}
    counts: Counter[str] = Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "->" not in line:
                counts["malformed"] += 1
                continue
            key, fix = line.split("->", 1)
            key, fix = key.lower(), fix.lower().strip()
            variants = [(key, fix)] + [(key.replace(a, b), fix.replace(a, b)) for a, b in _ALT if a in key]
            for k, v in variants:
                counts["lines" if k == key else "apostrophe variants"] += 1
                if "," in v:
                    counts["several fixes" if v.endswith(",") else "fix with a reason"] += 1
                    continue
                pairs[k] = v
    return pairs, counts


@functools.cache
def converted() -> tuple[list[Any], dict[str, Any]]:
    """The entries ``glossary`` accepts, and a report of the conversion."""
    from glossary import Entry, Glossary, GlossaryFileError, Kind

    pairs, counts = parse(dictionary_path())
    entries = [Entry(k, v, Kind.TYPO) for k, v in pairs.items()]
    rejected: Counter[str] = Counter()
    for _ in range(5):
        try:
            Glossary.from_entries(entries, "codespell")
            break
        except GlossaryFileError as exc:
            bad = {p.line for p in exc.problems if p.severity == "error"}
            for p in exc.problems:
                if p.severity == "error":
                    reason = "fix is itself a typo key" if "itself" in p.message else p.message.split(":")[0][:60]
                    rejected[reason] += 1
            entries = [e for i, e in enumerate(entries, 1) if i not in bad]
    report = {"counts": dict(counts), "single_fix": len(pairs), "rejected": dict(rejected), "entries": len(entries)}
    return entries, report


def _cache() -> Path:
    import tempfile

    stamp = hashlib.sha256(dictionary_path().read_bytes()).hexdigest()[:10]
    root = Path(os.environ.get("GLOSSARY_BENCH_CACHE", Path(tempfile.gettempdir()) / "glossary-bench"))
    path = root / f"codespell-{stamp}-{data.library_stamp()}"
    path.mkdir(parents=True, exist_ok=True)
    return path


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


def compiled() -> Path:
    path = _cache() / "codespell.glossary"
    if not path.is_file():
        from glossary import Glossary

        Glossary.from_entries(converted()[0], "codespell").save(path)
    return path


def codespell_dictionary() -> Path:
    """The same single-fix rows, in codespell's own format."""
    path = _cache() / "codespell-single-fix.txt"
    if not path.is_file():
        path.write_text("".join(f"{e.term}->{e.replacement}\n" for e in converted()[0]), encoding="utf-8")
    return path
