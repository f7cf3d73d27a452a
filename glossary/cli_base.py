"""What every ``glossary`` command shares: exit codes, the one place where errors become
messages and exit codes, the glossary the common options ask for, and the exit. Nothing
here imports argparse (see :mod:`glossary.cli_args`), so the common commands start
without it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from .errors import GlossaryError, GlossaryFileError, GlossaryIOError, display_path
from .stream import InputDecodeError
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    from argparse import Namespace
    from typing import Any, NoReturn

__all__ = [
    "CHECK_HELP",
    "EXIT_DECODE",
    "EXIT_FINDINGS",
    "EXIT_INTERRUPT",
    "EXIT_IO",
    "EXIT_OK",
    "EXIT_PIPE",
    "EXIT_USAGE",
    "TOOLS",
    "finish",
    "glossary_of",
    "run_command",
]

#: One-line help of the commands whose modules are imported only when they run.
CHECK_HELP = "spell-check files (for pre-commit and CI)"
TOOLS = {
    "lsp": "run the language server for editors (needs the lsp extra)",
    "completion": "print a shell completion script",
}

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_IO = 3
EXIT_DECODE = 4
EXIT_INTERRUPT = 130
EXIT_PIPE = 141


def glossary_of(args: Namespace) -> Any:
    """The glossary the common options ask for: ``--glossary`` files, over the built-in
    glossary unless ``--no-builtin``, with the chat shorthand layer if ``--informal``."""
    from .loading import load

    layers = ["informal"] if getattr(args, "informal", False) else []
    return load(*(args.glossary or []), builtin=not args.no_builtin, layers=layers)


def run_command(func: Callable[[Namespace], int], args: Namespace) -> int:
    """Run one command; turn every expected failure into a message on stderr and an exit code."""
    try:
        return func(args)
    except GlossaryFileError as exc:
        for p in exc.problems:
            if p.severity == "error":
                print(f"glossary: {p}", file=sys.stderr)
        return EXIT_USAGE
    except GlossaryIOError as exc:
        print(f"glossary: error: {exc}", file=sys.stderr)
        return EXIT_IO
    except InputDecodeError as exc:
        print(f"glossary: error: {exc}", file=sys.stderr)
        return EXIT_DECODE
    except GlossaryError as exc:
        print(f"glossary: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPT
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE
    except OSError as exc:  # writing the output failed (a full disk, a closed terminal)
        _silence_stdout()
        where = f"{display_path(os.fsdecode(exc.filename))}: " if exc.filename else "writing the output: "
        print(f"glossary: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_IO


def _silence_stdout() -> None:
    # Python flushes stdout at exit; with the reader gone (or the disk full) that would
    # print a traceback, so what is still buffered goes to the null device instead.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def finish(code: int) -> NoReturn:
    """Exit with ``code``. The work is done: a Ctrl-C while the interpreter shuts down
    changes nothing, so it is ignored rather than shown as a traceback."""
    try:  # the C module behind `signal`, which builds three enums first (about 1 ms of a run)
        from _signal import SIG_IGN, SIGINT, signal  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - other Python implementations
        from signal import SIG_IGN, SIGINT, signal

    while True:
        try:
            signal(SIGINT, SIG_IGN)
            break
        except KeyboardInterrupt:  # one was pending
            continue
    import gc

    # the interpreter's last collection would walk every table and cache the run kept, to free
    # what the process's end frees anyway (a twentieth of a short check): they are set aside
    gc.freeze()
    sys.exit(code)
