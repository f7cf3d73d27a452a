"""Hatchling build hook: compile the C scanner (glossary/_speedups.c, with glossary/_prepare.c,
glossary/_weigh.c, glossary/_smooth.c and glossary/_pairs.c) when a compiler is there.

A regular wheel gets the compiled module and a platform tag; an editable install gets it
built in place, next to the sources. Without a working compiler (or with
GLOSSARY_NO_EXTENSIONS=1) the build goes on as pure Python and the library uses its
pure-Python scanner, which gives the same results, more slowly.

``python hatch_build.py ROOT`` builds the module in place in the source tree at ROOT
(the benchmarks build their snapshot of the library this way); it needs setuptools only.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a script, where only compile_speedups is needed
    BuildHookInterface = object  # type: ignore[assignment,misc]


def compile_speedups(root: str, out_dir: str, *, inplace: bool) -> str:
    """Compile ``ROOT/glossary/_speedups.c``, ``_prepare.c``, ``_weigh.c``, ``_smooth.c`` and
    ``_pairs.c`` into one module under ``out_dir``; with ``inplace``, also put the module
    next to its sources. Return the path of the module to ship."""
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    names = ("_speedups.c", "_prepare.c", "_weigh.c", "_smooth.c", "_pairs.c")
    sources = [os.path.join(root, "glossary", name) for name in names]
    # no fused multiply-add, no fast-math reordering (whatever CFLAGS asks): the weigher
    # and the smoothed bigrams must give Python's doubles to the bit
    flags = ["-O2", "-ffp-contract=off", "-fno-fast-math"] if os.name != "nt" else ["/fp:precise"]
    ext = Extension("glossary._speedups", sources, depends=[os.path.join(root, "glossary", "_speedups.h")],
                    extra_compile_args=flags)
    cmd = build_ext(Distribution({"name": "glossary", "ext_modules": [ext]}))
    cmd.build_lib = out_dir
    cmd.build_temp = os.path.join(out_dir, "tmp")
    cmd.ensure_finalized()
    cmd.run()
    built: str = cmd.get_ext_fullpath("glossary._speedups")
    if not inplace:
        return built
    # Copy next to the target, then rename over it: a process that has the old module
    # mapped keeps its (now unlinked) file instead of crashing.
    target = os.path.join(root, "glossary", os.path.basename(built))
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".tmp")
    os.close(fd)
    shutil.copy2(built, tmp)
    os.replace(tmp, target)
    return target


class SpeedupsHook(BuildHookInterface):  # type: ignore[type-arg,misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or os.environ.get("GLOSSARY_NO_EXTENSIONS"):
            return
        self._out_dir = tempfile.mkdtemp(prefix="glossary-build-")
        try:
            built = compile_speedups(self.root, self._out_dir, inplace=version == "editable")
        except Exception as exc:  # no compiler, no headers: fall back to pure Python
            self.app.display_warning(f"glossary: C scanner not built ({exc}); using the pure-Python scanner")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version != "editable":
            build_data["force_include"][built] = "glossary/" + os.path.basename(built)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out_dir = getattr(self, "_out_dir", None)
        if out_dir:
            shutil.rmtree(out_dir, ignore_errors=True)  # the wheel holds its copy now


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="glossary-build-") as out:
        print(compile_speedups(sys.argv[1], out, inplace=True))
