"""argparse's side of the command line: the parser classes every command's parser is made
of, and the argument types (imported only when a run needs argparse: see
:mod:`glossary.cli_fast` for the common commands read without it)."""

from __future__ import annotations

import argparse
import sys

from .cli_base import EXIT_USAGE
from .resources import VERSION
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any, NoReturn

__all__ = ["Parser", "SubcommandParser", "VersionAction", "confidence_arg", "job_count_arg", "parse_arguments"]


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


class VersionAction(argparse.Action):
    """``--version``: the version and the scanner in use (found only when asked: it loads the scanner)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from .scan import describe_engine

        print(f"glossary {VERSION} ({describe_engine()})")  # on standard output, as argparse's version action
        parser.exit()


def job_count_arg(value: str) -> int:
    """``--jobs``: a whole number, 0 (one per core) or more."""
    from .pool import check_jobs

    try:
        return check_jobs(int(value))
    except ValueError as exc:  # int() of a non-number, or check_jobs' OptionError
        why = str(exc) if "jobs" in str(exc) else f"{value!r} is not a whole number"
        raise argparse.ArgumentTypeError(why) from None


def confidence_arg(value: str) -> float:
    """A confidence: a number from 0 to 1."""
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is outside 0..1")
    return x
