"""The ``glossary`` command: a thin argparse face over the Python API.

Exit codes: 0 success, 1 findings (``lookup`` found nothing), 2 usage error or bad
glossary, 3 a file could not be read or written, 4 input that is not valid UTF-8,
130 interrupted, 141 output pipe closed.
"""

from __future__ import annotations

import os
import sys

from .cli_base import CHECK_HELP, EXIT_OK, EXIT_USAGE, TOOLS, run_command
from .cli_base import glossary_of as _glossary
from .errors import GlossaryIOError
from .stream import HeldOutputs, InputDecodeError, Source
from .typed import TYPE_CHECKING

if TYPE_CHECKING:  # argparse and the rest load only when a run needs them (see cli_fast)
    import argparse
    from collections.abc import Iterator, Sequence
    from typing import IO, Any, NoReturn


def _sources(args: argparse.Namespace) -> list[Source]:
    paths = args.files or ["-"]
    sources = [Source(p, args.keep_invalid) for p in paths]
    for src in sources:
        src.check()
    return sources


def _out() -> IO[bytes]:
    return sys.stdout.buffer


# -- commands -----------------------------------------------------------------------
def _transform(args: argparse.Namespace, method: str, options: dict[str, Any]) -> int:
    """Stream every input through ``glossary.<method>`` in whole-line chunks, in order; each
    input's output is written once the input has been read through and found valid. With
    --jobs, chunks are processed in worker processes."""
    from collections import deque

    g = _glossary(args)
    sources = _sources(args)
    out = _out()
    if args.jobs != 1 and all(s.is_regular() for s in sources):
        from .pool import ordered_file_parts

        # Files in ranges of whole lines: workers read, process and encode; this process writes.
        errors = "surrogateescape" if args.keep_invalid else "strict"
        with _progress(args, sources) as bar, HeldOutputs(out, not args.keep_invalid) as held:
            for path, data, last in ordered_file_parts(g, method, [s.path for s in sources], jobs=args.jobs,
                                                       errors=errors, options=options, done=bar.update):
                held.to(path).write(data)
                if last:
                    held.end()  # the file is complete: its output goes out
        out.flush()
        return EXIT_OK
    pending: deque[tuple[Source, int]] = deque()
    failed: list[tuple[Source, Exception]] = []

    def texts() -> Iterator[str]:
        for src in sources:
            try:
                for text, _ in src.chunks():
                    pending.append((src, src.chunk_bytes))
                    yield text
            except (InputDecodeError, GlossaryIOError) as exc:
                failed.append((src, exc))  # raised once the inputs before this one are written out
                return

    with _progress(args, sources) as bar, HeldOutputs(out, not args.keep_invalid) as held:
        if args.jobs == 1:  # in this process (as ordered_map does), without loading the pool
            fn = getattr(g, method)
            results: Iterator[str] = (fn(t, **options) for t in texts())
        else:
            from .pool import ordered_map

            results = ordered_map(g, method, texts(), jobs=args.jobs, options=options)
        for result in results:
            src, size = pending.popleft()
            held.to(src).write(src.encode(result))
            bar.update(size)  # input bytes, as the total counts them
        if failed:
            if failed[0][0] is not held.current:
                held.end()  # the last input with output is complete
            raise failed[0][1]  # the failing input's output so far is dropped
    out.flush()
    return EXIT_OK


class _NoProgress:
    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def update(self, n: int) -> None:
        pass


def _progress(args: argparse.Namespace, sources: list[Source]) -> Any:
    """A tqdm progress bar on a terminal's stderr (pip install 'glossary-vi[progress]'), else nothing."""
    if args.no_progress or not sys.stderr.isatty():
        return _NoProgress()
    try:
        from tqdm import tqdm
    except ImportError:
        return _NoProgress()
    sizes = [os.path.getsize(s.path) for s in sources if s.path != "-" and os.path.isfile(s.path)]
    total = sum(sizes) if len(sizes) == len(sources) else None
    return tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, leave=False, delay=1.0)


def cmd_normalize(args: argparse.Namespace) -> int:
    return _transform(args, "normalize", {"tone_style": args.tone_style})


def cmd_restore(args: argparse.Namespace) -> int:
    from .restore import PRECISE

    confidence = PRECISE if args.precise else args.min_confidence
    options = {"min_confidence": confidence, "lost_only": args.lost_only, "informal": args.informal}
    if _report(args) is None:
        return _transform(args, "restore_marks", options)
    from itertools import repeat

    from .cli_report import run_explained

    g = _glossary(args)
    return run_explained(args, repeat(lambda text: g.restore_marks_and_explain(text, **options)), _sources(args),
                         _out(), _report(args))


def cmd_expand(args: argparse.Namespace) -> int:
    if args.style != "first" and not args.learn and _report(args) is None:
        return _transform(args, "expand", {"style": args.style, "domains": args.domain})
    # Each file is one document, read in order: its first mentions are written out once,
    # and what it defines applies to the rest of it.
    from itertools import repeat

    from .cli_report import run_explained

    g = _glossary(args)
    documents = (g._expander(args.style, args.domain, args.learn).explain for _ in repeat(None))
    return run_explained(args, documents, _sources(args), _out(), _report(args))


def _report(args: argparse.Namespace) -> str | None:
    """The format of the report of what was left as written (``--report``), or None."""
    return args.report_format or ("text" if args.report else None)


def cmd_mine(args: argparse.Namespace) -> int:
    from .mining import aggregate, mine, rows_to_csv, rows_to_jsonl

    floor = args.min_confidence
    by_source = {src.name: [d for text, _ in src.chunks() for d in mine(text, min_confidence=floor)]
                 for src in _sources(args)}
    rows = aggregate(by_source, glossary=_glossary(args), min_confidence=floor)
    out = rows_to_csv(rows) if args.format == "csv" else rows_to_jsonl(rows)
    _out().write(out.encode("utf-8"))
    print(f"{len(rows)} abbreviation(s) defined in the input", file=sys.stderr)
    return EXIT_OK


def cmd_find(args: argparse.Namespace) -> int:
    from .cli_report import cmd_find as find

    return find(args, _glossary(args), _sources(args), _out())


# -- parser -------------------------------------------------------------------------
COMMANDS = ("normalize", "restore", "expand", "mine", "find", "lookup", "validate", "build", "check", "stats", "lsp",
            "completion")


def _report_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--report", action="store_true",
                   help="list on standard error what was left as written because it has several readings "
                   "(ambiguous abbreviations; with --informal, chat shorthand such as k or ng that the context "
                   "does not decide), as find lists matches: path:line:col: surface ==> readings [kind]")
    p.add_argument("--report-format", choices=["text", "json"],
                   help="the report's format (implies --report): text, or json (one object per line, as find's)")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; given ``command``, the other subcommands are only named
    (building all of them costs several milliseconds of every run)."""
    from .cli_args import Parser as _Parser
    from .cli_args import SubcommandParser, VersionAction, confidence_arg, job_count_arg
    from .cli_glossary import ADDERS
    from .model import MIN_CONFIDENCE

    common = _Parser(add_help=False)
    common.add_argument(
        "--glossary", "-g", action="append", metavar="PATH",
        help="a glossary file (CSV or compiled) layered over the built-in one: its rows replace "
        "the built-in rows of the same keys. Repeat to layer several, later ones winning.",
    )
    common.add_argument("--no-builtin", action="store_true", help="use only the --glossary files")
    common.add_argument("--informal", action="store_true",
                        help="also use the built-in chat shorthand layer (ko -> không, dc -> được)")
    inputs = _Parser(add_help=False)
    inputs.add_argument("files", nargs="*", metavar="FILE", help="input files (default: standard input; - for stdin)")
    inputs.add_argument(
        "--keep-invalid", action="store_true",
        help="pass bytes that are not valid UTF-8 through unchanged instead of stopping with an error",
    )
    workers = _Parser(add_help=False)  # for the commands that stream text through
    workers.add_argument("-j", "--jobs", type=job_count_arg, default=1, metavar="N",
                         help="process in N worker processes, output in input order (0: one per core; default 1). "
                         "Starting them costs a fraction of a second: it pays on inputs of tens of MB, most "
                         "with the pure-Python engine (the C engine normalizes about as fast as a file is "
                         "read and written)")
    workers.add_argument("--no-progress", action="store_true",
                         help="no progress bar (one is shown on a terminal when tqdm is installed)")

    parser = _Parser(
        prog="glossary",
        description="Expand abbreviations and fix typos in text with a compact glossary "
        "(Vietnamese built in). Exit codes: 0 ok, 1 nothing found, 2 usage or bad glossary, "
        "3 file error, 4 input not UTF-8.",
    )
    parser.add_argument("--version", action=VersionAction, nargs=0,
                        help="show the version and which scanner runs, and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=SubcommandParser)
    subparsers.required = True

    class _Lazy:
        def add_parser(self, name: str, **kw: Any) -> argparse.ArgumentParser:
            if command is None or command == name:
                return subparsers.add_parser(name, **kw)
            return subparsers.add_parser(name, help=kw.get("help"))

    sub = _Lazy()

    p = sub.add_parser("normalize", parents=[common, inputs, workers], help="fix Unicode, spaces, typos and variants",
                       description="Write the input to standard output with NFC, whitespace cleanup, "
                       "typo and variant fixes (and, with --tone-style, tone-mark placement).")
    p.add_argument("--tone-style", choices=["main-vowel", "first-vowel"], help="rewrite oa/oe/uy tone marks")
    p.set_defaults(func=cmd_normalize)

    p = sub.add_parser("restore", parents=[common, inputs, workers], help="restore missing Vietnamese marks",
                       description="Write the input to standard output with the marks of unaccented Vietnamese "
                       "syllables restored (khong co gi -> không có gì); with --informal, chat shorthand "
                       "expanded too. Marked words, code, URLs and English stay as written.")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="P",
                   help="leave a syllable as written unless its choice has at least this probability (0-1)")
    p.add_argument("--precise", action="store_true", help="precision first: the measured precise threshold")
    p.add_argument("--lost-only", action="store_true",
                   help="marked text: restore only words that lost their marks, on lines that have marks")
    _report_options(p)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("expand", parents=[common, inputs, workers], help="write out abbreviations",
                       description="Write the input to standard output with abbreviations expanded.")
    p.add_argument("--style", choices=["replace", "annotate", "first"], default="replace",
                   help="replace: CSGT -> Cảnh sát giao thông; annotate: CSGT (Cảnh sát giao thông); "
                   "first: expansion (CSGT) at the first mention only (default: replace)")
    p.add_argument("--domain", "-d", action="append", metavar="DOMAIN",
                   help="prefer senses of this domain for ambiguous abbreviations (repeatable)")
    p.add_argument("--learn", action="store_true",
                   help="also expand abbreviations the text defines itself, after their definition")
    _report_options(p)
    p.set_defaults(func=cmd_expand)

    p = sub.add_parser("mine", parents=[common, inputs], help="harvest abbreviations the input defines",
                       description="Find abbreviations defined in the input (\"Ủy ban nhân dân (UBND)\", "
                       "\"viết tắt là\", \"hereinafter\") and print them as glossary rows, ready to review "
                       "and merge; rows that conflict with the glossary are marked in their note.")
    p.add_argument("--min-confidence", type=confidence_arg, default=MIN_CONFIDENCE, metavar="X",
                   help=f"keep definitions at least this confident, 0 to 1 (default: {MIN_CONFIDENCE})")
    p.add_argument("--format", choices=["csv", "json"], default="csv", help="csv: glossary rows; json: JSON lines")
    p.set_defaults(func=cmd_mine)

    p = sub.add_parser("find", parents=[common, inputs], help="list glossary terms found in the input",
                       description="List every glossary key in the input: "
                       "path:line:col: surface ==> replacement [kind].")
    p.add_argument("--format", choices=["text", "json"], default="text", help="json: one object per line")
    p.add_argument("--kind", action="append", choices=["abbreviation", "typo", "variant", "term"],
                   help="only these kinds (repeatable)")
    p.add_argument("--domain", "-d", action="append", metavar="DOMAIN", help="domains for ambiguous abbreviations")
    p.set_defaults(func=cmd_find)

    for name in ("lookup", "validate", "build"):
        ADDERS[name](sub, common)

    if command in (None, "check"):  # each command's module is imported only when it runs (or for --help)
        from .cli_check import add_parser as add_check

        add_check(sub, common)
    else:
        sub.add_parser("check", help=CHECK_HELP)

    ADDERS["stats"](sub, common)
    if command in (None, *TOOLS):
        from .cli_tools import add_parsers as add_tools

        add_tools(sub, build_parser)
    else:
        for name, summary in TOOLS.items():
            sub.add_parser(name, help=summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    from .cli_fast import quick_args

    arguments = sys.argv[1:] if argv is None else list(argv)
    args = quick_args(arguments)  # the common commands in their common forms, without argparse
    if args is not None:
        return run_command(_QUICK[args.command], args)
    named = next((a for a in arguments if not a.startswith("-")), None)
    try:
        from .cli_args import parse_arguments

        parser = build_parser(named if named in COMMANDS else None)
        args = parse_arguments(parser, arguments)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl-C while starting (argument types import what they check with)
        from .cli_base import EXIT_INTERRUPT

        return EXIT_INTERRUPT
    return run_command(args.func, args)


_QUICK = {"normalize": cmd_normalize, "expand": cmd_expand}  #: what cli_fast may read: command -> function


def run() -> NoReturn:
    """Console-script entry point."""
    import gc

    from .cli_base import EXIT_INTERRUPT, finish

    # a run of the command makes many short-lived tuples and keeps its data to the end:
    # the cyclic collector, at its default pace, walks that data hundreds of times in a
    # long file for nothing (about a twentieth of the time of ``check``)
    gc.set_threshold(50_000, 20, 20)
    try:
        code = main()
    except KeyboardInterrupt:
        code = EXIT_INTERRUPT
    finish(code)
