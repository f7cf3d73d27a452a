"""`glossary check` beside codespell and typos, as whole processes, on an English code tree
and on Vietnamese prose.

    python -m benchmarks.check_tools          # Markdown to stdout, raw figures to <cache>/check_tools.json

The English tree is Python's standard library (``codespell_dict.files()``: 668 ``.py`` files
and whatever else lies there; every tool walks the same directory with its defaults). The
Vietnamese prose is the shared corpus as found, one file in a directory of its own. Each
tool runs once untimed (warming the file cache), then ``ROUNDS`` times; the table gives the
median wall time and the median CPU time of the child process (user + system).
``glossary check`` runs with its defaults (built-in glossary, glossary typos and non-words)
and with ``--checks glossary``; codespell and typos with theirs.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks import codespell_dict, data, harness  # noqa: E402

ROUNDS = int(os.environ.get("GLOSSARY_BENCH_CHECK_ROUNDS", "3"))


def tools() -> dict[str, list[str]]:
    ours = [*harness.command("glossary", "glossary"), "check", "--no-config", "-q"]
    out = {
        "glossary check": ours,
        "glossary check --checks glossary": [*ours, "--checks", "glossary"],
        "codespell": harness.command("codespell", "codespell_lib"),
    }
    typos = shutil.which("typos", path=str(Path(sys.executable).parent)) or shutil.which("typos")
    if typos:
        out["typos"] = [typos, "--format", "brief"]
    return out


def run(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, child CPU seconds) of one run; findings are not errors."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1, 2, 65):  # 1 glossary/typos findings, 2 typos findings, 65 codespell
        raise RuntimeError(f"{cmd[:3]} failed ({proc.returncode}): {proc.stderr[-500:]!r}")
    if proc.returncode == 2 and b"error" in proc.stderr.lower()[:200] and "typos" not in cmd[0]:
        raise RuntimeError(f"{cmd[:3]} failed: {proc.stderr[-500:]!r}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure() -> dict[str, Any]:
    root, files = codespell_dict.files()
    trees = {"English code": (root, sum(p.stat().st_size for p in files))}
    tmp = Path(tempfile.mkdtemp(prefix="glossary-bench-vi-"))
    try:
        from benchmarks.variants import found_text

        text = found_text()
        (tmp / "libreoffice-help-vi.txt").write_text(text, encoding="utf-8")
        trees["Vietnamese prose"] = (tmp, len(text.encode("utf-8")))
    except data.CorpusMissing:
        pass
    out: dict[str, Any] = {}
    try:
        for tree, (path, size) in trees.items():
            for name, cmd in tools().items():
                full = [*cmd, str(path)]
                run(full)
                got = [run(full) for _ in range(ROUNDS)]
                out[f"{tree}|{name}"] = {"wall": statistics.median(w for w, _ in got),
                                         "cpu": statistics.median(c for _, c in got), "bytes": size}
                print(f"{tree} / {name}: {out[f'{tree}|{name}']}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"results": out, "tree": str(root), "py_files": len(files), "rounds": ROUNDS}


def render(res: dict[str, Any]) -> str:
    r = res["results"]
    lines = ["## `glossary check` beside codespell and typos\n",
             f"Whole processes, median of {res['rounds']} runs after a warm-up. English code: `{res['tree']}` "
             f"({res['py_files']} `.py` files, sizes counted over those); Vietnamese prose: the shared corpus as "
             "found, one file. Ratios: the other tool's time over ours (above 1: we are faster).\n",
             "| text | tool | wall s | CPU s | codespell wall / ours | ours CPU / typos CPU |",
             "|---|---|---:|---:|---:|---:|"]
    for tree in ("English code", "Vietnamese prose"):
        cs = r.get(f"{tree}|codespell")
        ty = r.get(f"{tree}|typos")
        for name in ("glossary check", "glossary check --checks glossary", "codespell", "typos"):
            x = r.get(f"{tree}|{name}")
            if x is None:
                continue
            vs_cs = f"{cs['wall'] / x['wall']:.2f}" if cs and name.startswith("glossary") else ""
            vs_ty = f"{x['cpu'] / ty['cpu']:.2f}" if ty and name.startswith("glossary") else ""
            lines.append(f"| {tree} | {name} | {x['wall']:.2f} | {x['cpu']:.2f} | {vs_cs} | {vs_ty} |")
    return "\n".join(lines) + "\n\n"


def main() -> int:
    path = data.bench_root() / "check_tools.json"
    if "--render" in sys.argv:
        res = json.loads(path.read_text())
    else:
        res = measure()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(res))
    sys.stdout.write(render(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
