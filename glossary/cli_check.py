"""The ``glossary check`` command: options, configuration per file, jobs, reports."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .cli_args import job_count_arg
from .cli_base import CHECK_HELP, EXIT_FINDINGS, EXIT_IO, EXIT_OK
from .errors import OptionError

if TYPE_CHECKING:  # the checking machinery is imported when `check` runs, not at start-up
    from .checking import FileReport, Reported
    from .config import Resolver

__all__ = ["add_parser", "run"]


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Define ``glossary check`` on ``sub`` (anything with argparse's ``add_parser``)."""
    p = sub.add_parser(
        "check", parents=[common], help=CHECK_HELP,
        description="Report glossary typos and variants, Vietnamese non-words (with suggestions) and, with "
        "--tone-style, tone placement in files: "
        "path:line:col: before ==> after. Directories are walked; - reads standard input. "
        "Exit codes: 0 clean, 1 findings, 2 usage or configuration error, 3 file error.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files and directories to check (default: . , except with --write); after -- , "
                   "every argument is a path, even one that begins with -")
    p.add_argument("-w", "--write", "--write-changes", action="store_true",
                   help="apply the fixes that have exactly one correction, in place")
    p.add_argument("--diff", action="store_true", help="print the fixes as a unified diff instead of writing them")
    p.add_argument("--format", choices=["text", "json", "sarif"], default="text",  # report.FORMATS
                   help="text: path:line:col: before ==> after; json: one object per line; sarif: SARIF 2.1.0")
    p.add_argument("-L", "--ignore-words-list", action="append", metavar="WORDS", dest="ignore_words",
                   help="comma-separated words to ignore; a word in lower case ignores every spelling of it, "
                   "a word with capitals only that exact spelling (repeatable)")
    p.add_argument("-I", "--ignore-words-file", action="append", metavar="FILE", dest="ignore_words_files",
                   help="comma-separated files of words to ignore, one a line (codespell's -I; repeatable)")
    p.add_argument("--ignore-words", action="append", metavar="WORDS|FILE", dest="ignore_words_either",
                   help="words to ignore as -L, or, for an item that names an existing file, the words of "
                   "that file as -I (codespell's --ignore-words FILE)")
    p.add_argument("--ignore-regex", action="append", metavar="REGEX",
                   help="ignore findings inside matches of this regular expression (repeatable)")
    p.add_argument("--ignore-multiline-regex", action="append", metavar="REGEX",
                   help="as --ignore-regex, with . matching line breaks too (codespell's option; repeatable)")
    p.add_argument("-x", "--exclude-file", action="append", metavar="FILE",
                   help="comma-separated files of lines to ignore whole, as they stand (codespell's -x)")
    p.add_argument("-D", "--dictionary", action="append", metavar="DICTIONARY",
                   help="comma-separated glossary or codespell dictionary files to check with instead of the "
                   "built-in glossary; - names the built-in glossary (repeatable)")
    p.add_argument("-S", "--exclude", "--skip", action="append", metavar="GLOBS",
                   help="comma-separated globs of files or directories to skip, also when named explicitly")
    p.add_argument("--tone-style", choices=["main-vowel", "first-vowel"],
                   help="also report oa/oe/uy syllables not written in this tone placement")
    p.add_argument("--checks", metavar="LIST",
                   help="comma-separated finders to run: glossary, non-words, tone "
                   "(default: glossary, non-words; tone runs when --tone-style is given)")
    p.add_argument("-H", "--check-hidden", action="store_true", help="also walk hidden files and directories")
    p.add_argument("--undecodable", choices=["warning", "error"],
                   help="a file that is not UTF-8 (nor UTF-16 or UTF-32 with a BOM): a warning and skipped "
                   "(default), or an error that makes the run exit 3, for CI")
    p.add_argument("--no-ignore", action="store_true",
                   help="also walk what git ignores (.gitignore, .git/info/exclude, the global excludes file)")
    p.add_argument("--config", metavar="FILE", help="use this configuration file for every path")
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")
    p.add_argument("--print-config", action="store_true", help="print the merged settings and exit")
    p.add_argument("-j", "--jobs", type=job_count_arg, default=1, metavar="N",
                   help="check files in N processes (0: all cores); each file is checked whole by one "
                   "process, so one large file gains nothing")
    p.add_argument("-q", "--quiet", "--quiet-level", nargs="?", const="all", metavar="LEVEL",
                   help="alone: no summary and no warnings on standard error; with codespell's LEVEL bits: "
                   "1 no warnings about undecodable files, 2 none about binary files, 8 report only what "
                   "--write fixed (4, 16 and 32 change nothing here)")
    p.add_argument("--count", action="store_true", help="print the number of findings as the last line of stderr")
    p.add_argument("-C", "--context", type=_lines, metavar="N", help="print N lines around each finding (text)")
    p.add_argument("-B", "--before-context", type=_lines, metavar="N", help="print N lines before each finding")
    p.add_argument("-A", "--after-context", type=_lines, metavar="N", help="print N lines after each finding")
    p.add_argument("-d", "--disable-colors", action="store_true",
                   help="accepted for codespell's command lines: glossary prints no colors")
    p.set_defaults(func=run)


def _split(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def _lines(value: str) -> int:
    """A number of lines of context: a whole number, 0 or more."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return n


def _resolver(args: argparse.Namespace) -> Resolver:
    """Each path's settings: its configuration file, then the command line's options."""
    from .codespell_compat import dictionaries, read_exclude_lines, read_word_files
    from .config import Overrides, Resolver

    either = _split(args.ignore_words_either)
    files = [w for w in either if os.path.isfile(w)]
    words = _split(args.ignore_words) + tuple(w for w in either if w not in files)
    words += read_word_files([*_split(args.ignore_words_files), *files])
    regexes = tuple(args.ignore_regex or ()) + tuple(f"(?s:{r})" for r in args.ignore_multiline_regex or ())
    regexes += read_exclude_lines(_split(args.exclude_file))
    named, builtin = dictionaries(_split(args.dictionary))
    overrides = Overrides(
        glossaries=named + tuple(args.glossary or ()), no_builtin=args.no_builtin or bool(named and not builtin),
        ignore_words=words, ignore_regex=regexes, exclude=_split(args.exclude), tone_style=args.tone_style,
        checks=_split([args.checks]) if args.checks else None, check_hidden=args.check_hidden,
        undecodable=args.undecodable,
    )
    return Resolver(config=args.config, use_config=not args.no_config, overrides=overrides)


def _given(args: argparse.Namespace) -> list[str]:
    """The configuration keys the command line sets (for --print-config)."""
    given = {
        "glossaries": args.glossary or args.dictionary, "builtin": args.no_builtin or args.dictionary,
        "ignore-words": args.ignore_words or args.ignore_words_files or args.ignore_words_either,
        "ignore-regex": args.ignore_regex or args.ignore_multiline_regex or args.exclude_file,
        "exclude": args.exclude, "tone-style": args.tone_style, "checks": args.checks,
        "check-hidden": args.check_hidden,
    }
    return [key for key, value in given.items() if value]


def _quiet(args: argparse.Namespace) -> None:
    """-q alone, or -q LEVEL (codespell's bits); a -q followed by a path is -q alone."""
    q = args.quiet
    args.quiet_level = 0
    if q is None or q == "all":
        args.quiet = q == "all"
        return
    try:
        args.quiet_level = int(q)
    except ValueError:
        args.paths = [q, *(args.paths or [])]  # `-q FILE`: -q takes no level here
        args.quiet = True
        return
    if args.quiet_level < 0:
        raise OptionError(f"--quiet-level {q}: a level is 0 or more (codespell's bits: 1, 2, 4, 8, 16, 32)")
    args.quiet = False


def run(args: argparse.Namespace) -> int:
    """Run ``glossary check`` (:func:`glossary.check_paths`) and print what it found; bad
    configuration or glossaries raise, and the CLI's one error handler
    (:func:`~glossary.cli_base.run_command`) turns them into exit code 2."""
    from .checking import check_paths
    from .config import ConfigError, render

    _quiet(args)
    if args.context is not None and (args.before_context is not None or args.after_context is not None):
        raise OptionError("-C cannot be used with -A or -B (as in codespell): give -A and -B instead")
    if args.format != "text" and (args.context or args.before_context or args.after_context):
        raise OptionError("-C, -A and -B print lines of text: use them with --format text")
    resolver = _resolver(args)
    if args.print_config:
        print(render(resolver(args.paths[0] if args.paths else "."), _given(args)), end="")
        return EXIT_OK
    if args.write and not args.paths:
        raise ConfigError("--write changes only the files and directories named: give them "
                          "(`glossary check --write .` fixes every file under the current directory)")
    results = list(check_paths(args.paths or ["."], settings=resolver, jobs=args.jobs, write=args.write,
                               diff=args.diff, gitignore=not args.no_ignore))
    return _report(args, results)


def _report(args: argparse.Namespace, results: list[FileReport]) -> int:
    from .codespell_compat import BINARY_FILE, ENCODING, NON_AUTOMATIC_FIXES
    from .report import write_findings

    out = sys.stdout
    level = args.quiet_level
    findings: list[Reported] = [f for r in results for f in r.findings
                                if f.fixed or not level & NON_AUTOMATIC_FIXES]
    errors: list[str] = []
    for r in results:
        if args.diff and r.diff:
            out.write(r.diff)
        if not args.quiet:
            for w in r.warnings:
                binary = w.endswith("binary file, skipped")  # checking.check_bytes's two kinds of warning
                if not level & (BINARY_FILE if binary else ENCODING):
                    print(f"glossary: warning: {w}", file=sys.stderr)
        if r.error:
            errors.append(r.error)
    before = args.before_context if args.context is None else args.context
    after = args.after_context if args.context is None else args.context
    if (before or after) and not args.diff:
        _write_with_context(findings, before or 0, after or 0)
    elif args.format != "text" or not args.diff:
        write_findings(out, findings, args.format)
    out.flush()
    for e in errors:
        print(f"glossary: error: {e}", file=sys.stderr)
    if not args.quiet:
        files = len({f.path for f in findings})
        fixed = sum(r.fixed for r in results)
        tail = f", {fixed} fixed" if args.write else ""
        checked, skipped = sum(not r.skipped for r in results), sum(r.skipped for r in results)
        tail += f", {skipped} skipped" if skipped else ""
        print(f"glossary check: {checked} file(s) checked, {len(findings)} finding(s) in {files} file(s){tail}",
              file=sys.stderr)
    if args.count:
        print(len(findings), file=sys.stderr)
    if errors:
        return EXIT_IO
    return EXIT_FINDINGS if findings else EXIT_OK


def _write_with_context(findings: list[Reported], before: int, after: int) -> None:
    """Each finding after its lines of context, as codespell prints them."""
    from .codespell_compat import Context
    from .report import finding_line

    context = Context(before, after)
    for f in findings:
        for line in context.lines(f.path, f.line):
            print(line)
        print(finding_line(f))
