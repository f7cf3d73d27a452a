"""Packaging promises: lazy import, public names, typed, data found, one version."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import glossary
import glossary.resources
from glossary.resources import builtin_path

ROOT = Path(__file__).resolve().parent.parent


def test_import_reads_no_data() -> None:
    code = (
        "import sys, builtins\n"
        "opened = []\n"
        "real = builtins.open\n"
        "builtins.open = lambda f, *a, **k: (opened.append(str(f)), real(f, *a, **k))[1]\n"
        "import glossary\n"
        "assert 'marisa_trie' not in sys.modules, 'marisa_trie imported'\n"
        "assert 'glossary.api' not in sys.modules\n"
        "assert not [f for f in opened if 'terms' in f], opened\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_public_names_exist() -> None:
    for name in glossary.__all__:
        assert getattr(glossary, name) is not None, name
    assert glossary.Glossary.__name__ == "Glossary"


def test_version_lives_in_one_place() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in meta["project"]["dynamic"]
    assert meta["tool"]["hatch"]["version"]["path"] == "glossary/resources.py"
    assert glossary.__version__ == glossary.resources.VERSION and glossary.__version__.count(".") == 2


def test_package_is_typed() -> None:
    assert (Path(glossary.__file__).parent / "py.typed").is_file()


def test_builtin_data_is_found() -> None:
    path = builtin_path()
    assert os.path.isfile(path) and os.path.basename(path) == "terms.csv"
    assert os.path.getsize(path) > 0
