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


def _project() -> dict[str, object]:
    meta: dict[str, object] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return meta


def test_distribution_name_is_ours_and_every_install_line_uses_it() -> None:
    import re

    project = _project()
    name, extras = project["name"], project["optional-dependencies"]
    assert isinstance(extras, dict)
    # `glossary` on PyPI is an unrelated package: installing it by that name replaces this one
    assert name == "glossary-vi"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    requirements = re.findall(r"pip install (?:-\S+ )*'?([^'\s`]+)", readme)
    assert len(requirements) >= 8, requirements
    seen = set()
    for req in requirements:
        m = re.fullmatch(r"([\w.-]+)?(?:\[([\w,]+)\])?(?: @ .*)?", req.split(" @ ")[0])
        assert m, req
        dist, named = m.group(1), m.group(2)
        assert dist in (None, ".", name) or dist.startswith("."), f"README installs {req!r}, not {name}"
        for extra in (named or "").split(","):
            if extra:
                assert extra in extras, f"README names extra {extra!r}, which pyproject.toml lacks"
                seen.add(extra)
    assert {"progress", "dask", "lsp", "test", "bench"} <= seen


def test_changelog_has_an_unreleased_section_and_names_the_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text and "Keep a Changelog" in text and "Semantic Versioning" in text
    assert f"## [{glossary.__version__}]" in text


def test_readme_pre_commit_rev_exists() -> None:
    import re
    import shutil

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [rev] = re.findall(r"^\s*rev: (\S+)", readme, flags=re.MULTILINE)
    shallow = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--is-shallow-repository"],
                             capture_output=True, text=True).stdout.strip() if shutil.which("git") else ""
    if shallow != "false":
        import pytest

        pytest.skip("not a full git checkout: the pinned commit cannot be looked up")
    found = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{rev}^{{commit}}"], capture_output=True)
    assert found.returncode == 0, f"README's pre-commit rev {rev} is not a commit of this repository"
    hooks = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:.pre-commit-hooks.yaml"],
                           capture_output=True, text=True)
    assert "id: glossary-check" in hooks.stdout
