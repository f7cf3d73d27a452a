"""The house has one way through: no module imports one that imports it back (lazily,
under TYPE_CHECKING or at the top), only the package face imports upward, and every
module imports on its own in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "glossary"
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
EXTENSIONS = sorted(p.stem for p in PACKAGE.glob("*.pyi"))  # compiled modules, known by their stubs


def _imports(module: str) -> set[str]:
    """The package's modules that ``module`` imports anywhere in its source, and "" for
    the package face (``from . import x`` / ``from glossary import x``)."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                name = node.module or ""
            elif node.level == 0 and (node.module or "").split(".")[0] == "glossary":
                name = (node.module or "").partition(".")[2]
            else:
                continue
            if name:
                out.add(name.split(".")[0])
            else:
                out.update(a.name for a in node.names if a.name in MODULES)
                if any(a.name not in MODULES + EXTENSIONS for a in node.names):
                    out.add("")  # a name from the package face
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "glossary":
                    out.add(a.name.partition(".")[2].split(".")[0])
    out.discard(module)
    return out


def _graph() -> dict[str, set[str]]:
    return {m: _imports(m) for m in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_the_checker_sees_circles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle() -> None:
    assert _cycles(_graph()) == []


def test_only_the_package_face_imports_from_the_package_face() -> None:
    upward = sorted(m for m, deps in _graph().items() if "" in deps)
    assert upward == []


def test_every_module_imports_alone_in_a_fresh_interpreter() -> None:
    script = (
        "import importlib, subprocess, sys\n"
        "bad = []\n"
        "for m in sys.argv[1:]:\n"
        "    p = subprocess.run([sys.executable, '-c', f'import glossary.{m}'], capture_output=True, text=True)\n"
        "    if p.returncode:\n"
        "        bad.append((m, p.stderr.strip().splitlines()[-1:]))\n"
        "print(bad)\n"
    )
    importable = [m for m in MODULES if m not in ("__main__", "distributed")]  # these two run or need dask
    got = subprocess.run([sys.executable, "-c", script, *importable], capture_output=True, text=True, check=True)
    assert got.stdout.strip() == "[]"


def test_importing_the_package_reads_no_data_and_loads_no_engine() -> None:
    # Nothing but the package face: not even typing, enum or re (see glossary.typed).
    code = "import sys; before = set(sys.modules); import glossary; print(sorted(set(sys.modules) - before))"
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(eval(got))
    assert loaded <= {"glossary", "glossary.resources", "glossary.typed", "__future__"}


def _readme_layers() -> dict[str, int]:
    """The layer of each module, from the README's architecture table."""
    import re

    text = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    layers: dict[str, int] = {}
    for m in re.finditer(r"^\|\s*(\d+)\s*\|([^|]+)\|", section, re.M):
        for name in re.findall(r"`(\w+)`", m.group(2)):
            layers[name] = int(m.group(1))
    return layers


def test_the_readme_maps_every_module() -> None:
    layers = _readme_layers()
    assert sorted(set(MODULES + EXTENSIONS) - set(layers)) == ["_speedups"]  # C: scanner (`scan`), prepare (`text`)
    assert sorted(set(layers) - set(MODULES)) == []


def test_every_import_goes_to_the_same_layer_or_below() -> None:
    layers = _readme_layers()
    layers["_speedups"] = 1  # the C extension imports nothing of the package: `text` and `scan` both use it
    upward = [(m, d) for m, deps in _graph().items() for d in deps if d and layers[d] > layers[m]]
    assert upward == []
