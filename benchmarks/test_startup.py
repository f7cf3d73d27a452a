"""Start-up costs, each measured on fresh processes (median of the rounds).

* ``import glossary`` (time inside the process, around the import) beside ``python -c
  pass`` and ``import marisa_trie``;
* the CLI: ``glossary normalize`` on one line of input, whole process wall time, with the
  built-in glossary and with a compiled 20k glossary (``--no-builtin -g``), through the
  installed console script; and with the built-in glossary through a launcher that does
  not import ``re`` itself (as uv writes them; pip's, up to at least 24, import ``re`` first);
* loading the 200k compiled glossary (``glossary.load``, memory-mapped), in this process,
  and time to the first normalized line in a fresh process.

Two bytecode settings: ``pyc`` runs with ``PYTHONPYCACHEPREFIX`` pointing at a warmed
cache outside the repository (what an installed package gets), ``env`` runs with the
environment as is (here ``PYTHONDONTWRITEBYTECODE=1`` is set and the editable package
has no ``.pyc``, so every run compiles the package's modules).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import data, harness

ROUNDS = int(os.environ.get("GLOSSARY_BENCH_STARTUP_ROUNDS", "15"))
LINE = "Lực lượng CABD, nững biểu hiện tiêu cực\n".encode()

_TIMED_IMPORT = "import time; t = time.perf_counter(); import {0}; print(time.perf_counter() - t)"
COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "import marisa_trie": ["-c", _TIMED_IMPORT.format("marisa_trie")],
    "import glossary": ["-c", _TIMED_IMPORT.format("glossary")],
}


def _pycache() -> Path:
    return data.bench_root() / "pycache"


def _env(mode: str) -> dict[str, str]:
    env = dict(os.environ)
    if mode == "pyc":
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(_pycache())
    return env


def _warm(cmd: list[str], mode: str, stdin: bytes | None = None) -> None:
    for _ in range(2):  # writes the bytecode cache (pyc mode) and warms the page cache
        subprocess.run(cmd, input=stdin, capture_output=True, env=_env(mode), cwd=str(data.REPO))


@pytest.mark.parametrize("mode", ["pyc", "env"])
@pytest.mark.parametrize("what", list(COMMANDS))
def test_import(benchmark, what, mode):
    benchmark.group = f"startup {mode}"
    cmd = [sys.executable, *COMMANDS[what]]
    env = _env(mode)
    _warm(cmd, mode)
    inner: list[float] = []

    def run() -> None:
        _, out = harness.wall(cmd, env=env)
        if out.strip():
            inner.append(float(out))

    benchmark.pedantic(run, rounds=ROUNDS, iterations=1)
    benchmark.extra_info.update(what=what, mode=mode, kind="process")
    if inner:
        benchmark.extra_info["import_s_median"] = harness.median(inner)


@pytest.mark.parametrize("mode", ["pyc", "env"])
@pytest.mark.parametrize("glossary_file", ["builtin", "compiled-20k"])
def test_cli_normalize(benchmark, glossary_file, mode):
    benchmark.group = f"startup {mode}"
    import glossary

    cmd = [*harness.command("glossary", "glossary"), "normalize"]
    if glossary_file == "builtin":
        g = glossary.load()
    else:
        try:
            path = str(data.compiled_path(harness.MAIN_SIZE))
        except data.CorpusMissing as exc:
            pytest.skip(str(exc))
        cmd += ["--no-builtin", "-g", path]
        g = glossary.load(path)
    env = _env(mode)
    _warm(cmd, mode, LINE)
    _, out = harness.wall(cmd, stdin=LINE, env=env)
    assert out.decode("utf-8") == g.normalize(LINE.decode("utf-8"))  # a failing command is no start-up time
    benchmark.extra_info.update(what=f"glossary normalize ({glossary_file})", mode=mode, kind="process",
                                output=out.decode("utf-8", "replace").strip(), command=" ".join(cmd[1:]))
    benchmark.pedantic(lambda: harness.wall(cmd, stdin=LINE, env=env), rounds=ROUNDS, iterations=1)


# uv's console-script launcher: pip's does the same after `import re`, which alone costs a
# third of a bare interpreter's start-up
_PLAIN_LAUNCHER = """import sys
from glossary.cli import run
if __name__ == "__main__":
    if sys.argv[0].endswith("-script.pyw"):
        sys.argv[0] = sys.argv[0][:-11]
    elif sys.argv[0].endswith(".exe"):
        sys.argv[0] = sys.argv[0][:-4]
    sys.exit(run())
"""


@pytest.mark.parametrize("mode", ["pyc", "env"])
def test_cli_normalize_plain_launcher(benchmark, mode):
    benchmark.group = f"startup {mode}"
    import glossary

    script = data.bench_root() / "glossary-plain-launcher.py"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(_PLAIN_LAUNCHER, encoding="utf-8")
    cmd = [sys.executable, str(script), "normalize"]
    env = _env(mode)
    _warm(cmd, mode, LINE)
    _, out = harness.wall(cmd, stdin=LINE, env=env)
    assert out.decode("utf-8") == glossary.load().normalize(LINE.decode("utf-8"))
    benchmark.extra_info.update(what="glossary normalize (builtin), launcher without `import re`", mode=mode,
                                kind="process", output=out.decode("utf-8", "replace").strip())
    benchmark.pedantic(lambda: harness.wall(cmd, stdin=LINE, env=env), rounds=ROUNDS, iterations=1)


_FIRST_LINE = """
import json, sys, time
t0 = time.perf_counter()
import glossary
t1 = time.perf_counter()
import glossary.api, glossary.compiled, glossary.loading  # what `import glossary` defers to first use
t2 = time.perf_counter()
g = glossary.load(sys.argv[1])
t3 = time.perf_counter()
out = g.normalize("Lực lượng CABD, nững biểu hiện tiêu cực")
t4 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "deferred_import_s": t2 - t1, "load_s": t3 - t2, "first_line_s": t4 - t3}))
"""


@pytest.mark.usefixtures("vi_corpus")
@pytest.mark.parametrize("size", [data.SIZES[-1]])
def test_load_compiled(benchmark, size):
    """``glossary.load(path)`` of the compiled 200k glossary, in this process (page cache
    warm); plus, in fresh processes, import, load and the first normalized line."""
    import glossary

    benchmark.group = "load"
    path = str(data.compiled_path(size))
    glossary.load(path)
    fresh = [harness.run_probe(_FIRST_LINE, [path]) for _ in range(5)]
    benchmark.extra_info.update(
        size=size, disk_bytes=os.path.getsize(path), kind="load",
        fresh_import_s=harness.median([f["import_s"] for f in fresh]),
        fresh_deferred_import_s=harness.median([f["deferred_import_s"] for f in fresh]),
        fresh_load_s=harness.median([f["load_s"] for f in fresh]),
        fresh_first_line_s=harness.median([f["first_line_s"] for f in fresh]),
    )
    benchmark.pedantic(glossary.load, args=(path,), rounds=max(ROUNDS, 20), iterations=1)

