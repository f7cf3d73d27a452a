"""What every ``glossary`` command shares: exit codes, the parser class, argument types,
and the one place where errors become messages and exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from .errors import GlossaryError, GlossaryFileError, GlossaryIOError, display_path
from .stream import InputDecodeError

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
    "Parser",
    "SubcommandParser",
    "finish",
    "glossary_of",
    "job_count_arg",
    "parse_arguments",
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


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with :data:`EXIT_USAGE`."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


class SubcommandParser(Parser):
    """The parser of one subcommand. It names itself in the parsed arguments, so that an
    argument it does not know is reported with its own usage (see :func:`parse_arguments`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_defaults(subcommand_parser=self)


def parse_arguments(parser: argparse.ArgumentParser, arguments: list[str]) -> argparse.Namespace:
    """Parse; an argument nothing knows is a usage error of the subcommand it follows, shown
    with that subcommand's usage (argparse shows the top-level usage, which names none of
    the subcommand's options)."""
    args, extras = parser.parse_known_args(arguments)
    if extras:
        owner = getattr(args, "subcommand_parser", parser)
        owner.error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def glossary_of(args: argparse.Namespace) -> Any:
    """The glossary the common options ask for: ``--glossary`` files, over the built-in
    glossary unless ``--no-builtin``, with the chat shorthand layer if ``--informal``."""
    from .loading import load

    layers = ["informal"] if getattr(args, "informal", False) else []
    return load(*(args.glossary or []), builtin=not args.no_builtin, layers=layers)


def job_count_arg(value: str) -> int:
    """``--jobs``: a whole number, 0 (one per core) or more."""
    from .pool import check_jobs

    try:
        return check_jobs(int(value))
    except ValueError as exc:  # int() of a non-number, or check_jobs' OptionError
        why = str(exc) if "jobs" in str(exc) else f"{value!r} is not a whole number"
        raise argparse.ArgumentTypeError(why) from None


def run_command(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
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
    import signal

    while True:
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            break
        except KeyboardInterrupt:  # one was pending
            continue
    sys.exit(code)
