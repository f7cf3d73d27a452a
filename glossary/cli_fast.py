"""The common commands read without argparse: ``glossary normalize`` and ``glossary
expand`` with options written out in full, as scripts and pipelines write them.

Importing argparse and building the command's parser costs about as much as a bare
interpreter's start-up, which is most of the time of a short run. :func:`quick_args`
reads an argument list only when it is sure to give exactly what the argparse parser
gives (the same values, defaults included); anything else (``--help``, an abbreviated or
unknown option, ``--opt=value``, ``--``, a value that starts with ``-``, a value outside
an option's choices, files on both sides of an option) is left to argparse, with its
messages and exit codes. ``tests/test_cli_fast.py`` holds the two readers to each other.
"""

from __future__ import annotations

from .typed import TYPE_CHECKING

if TYPE_CHECKING:  # to type checkers, what argparse would have made
    from argparse import Namespace
else:
    from types import SimpleNamespace as Namespace

__all__ = ["quick_args"]

#: options every streaming command has: option -> (destination, None for a flag, else
#: "append", "jobs" or the value's choices)
_COMMON: dict[str, tuple[str, object]] = {
    "-g": ("glossary", "append"), "--glossary": ("glossary", "append"),
    "--no-builtin": ("no_builtin", None), "--informal": ("informal", None),
    "--keep-invalid": ("keep_invalid", None),
    "-j": ("jobs", "jobs"), "--jobs": ("jobs", "jobs"), "--no-progress": ("no_progress", None),
}
_DEFAULTS = {"version": None, "glossary": None, "no_builtin": False, "informal": False, "keep_invalid": False,
             "jobs": 1, "no_progress": False}
#: each command's own options and their defaults
_OWN: dict[str, tuple[dict[str, tuple[str, object]], dict[str, object]]] = {
    "normalize": ({"--tone-style": ("tone_style", ("main-vowel", "first-vowel"))}, {"tone_style": None}),
    "expand": (
        {"--style": ("style", ("replace", "annotate", "first")), "-d": ("domain", "append"),
         "--domain": ("domain", "append"), "--learn": ("learn", None), "--report": ("report", None),
         "--report-format": ("report_format", ("text", "json"))},
        {"style": "replace", "domain": None, "learn": False, "report": False, "report_format": None},
    ),
}


def quick_args(arguments: list[str]) -> Namespace | None:
    """The parsed arguments of a common command line, or None to let argparse read it."""
    if not arguments or arguments[0] not in _OWN:
        return None
    command = arguments[0]
    own, defaults = _OWN[command]
    files: list[str] = []
    values: dict[str, object] = {**_DEFAULTS, "command": command, "files": files, **defaults}
    lists: dict[str, list[str]] = {}  # the values of repeatable options (None until given)
    files_done = False
    i, n = 1, len(arguments)
    while i < n:
        arg = arguments[i]
        i += 1
        if arg == "-" or not arg.startswith("-"):  # an input file
            if files_done:
                return None  # files on both sides of an option: argparse's error
            files.append(arg)
            continue
        files_done = bool(files)
        dest, how = own.get(arg) or _COMMON.get(arg) or ("", "")
        if not dest:
            return None  # --help, abbreviations, --opt=value, --, unknown options: argparse's
        if how is None:
            values[dest] = True
            continue
        if i == n or arguments[i].startswith("-"):
            return None  # a missing value, or one argparse might read as an option
        value = arguments[i]
        i += 1
        if how == "append":
            values[dest] = lists.setdefault(dest, [])
            lists[dest].append(value)
        elif how == "jobs":
            if not (value.isascii() and value.isdigit()):
                return None  # argparse says why it is not a job count
            values[dest] = int(value)
        elif isinstance(how, tuple) and value in how:
            values[dest] = value
        else:
            return None  # a value outside the choices
    return Namespace(**values)
