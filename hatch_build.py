"""Hatchling build hook: compile the C scanner (glossary/_speedups.c) when a compiler is there.

A regular wheel gets the compiled module and a platform tag; an editable install gets it
built in place, next to the sources. Without a working compiler (or with
GLOSSARY_NO_EXTENSIONS=1) the build goes on as pure Python and the library uses its
pure-Python scanner, which gives the same results, more slowly.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class SpeedupsHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or os.environ.get("GLOSSARY_NO_EXTENSIONS"):
            return
        try:
            built = self._compile(inplace=version == "editable")
        except Exception as exc:  # no compiler, no headers: fall back to pure Python
            self.app.display_warning(f"glossary: C scanner not built ({exc}); using the pure-Python scanner")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version != "editable":
            build_data["force_include"][built] = "glossary/" + os.path.basename(built)

    def _compile(self, inplace: bool) -> str:
        from setuptools import Distribution, Extension
        from setuptools.command.build_ext import build_ext

        source = os.path.join(self.root, "glossary", "_speedups.c")
        ext = Extension("glossary._speedups", [source], extra_compile_args=["-O2"] if os.name != "nt" else [])
        out_dir = tempfile.mkdtemp(prefix="glossary-build-")
        cmd = build_ext(Distribution({"name": "glossary", "ext_modules": [ext]}))
        cmd.build_lib = out_dir
        cmd.build_temp = os.path.join(out_dir, "tmp")
        cmd.ensure_finalized()
        cmd.run()
        built = cmd.get_ext_fullpath("glossary._speedups")
        if inplace:
            # Copy next to the target, then rename over it: a process that has the old
            # module mapped keeps its (now unlinked) file instead of crashing.
            target = os.path.join(self.root, "glossary", os.path.basename(built))
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".tmp")
            os.close(fd)
            shutil.copy2(built, tmp)
            os.replace(tmp, target)
            return target
        return built
