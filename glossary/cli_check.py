"""The ``glossary check`` command: options, configuration per file, jobs, reports."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .cli_base import EXIT_FINDINGS, EXIT_IO, EXIT_OK, job_count_arg

if TYPE_CHECKING:  # the checking machinery is imported when `check` runs, not at start-up
    from .checking import FileReport, Reported
    from .config import Resolver

__all__ = ["add_parser", "run"]


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Define ``glossary check`` on ``sub`` (anything with argparse's ``add_parser``)."""
    p = sub.add_parser(
        "check", parents=[common], help="spell-check files (for pre-commit and CI)",
        description="Report glossary typos and variants, Vietnamese non-words (with suggestions) and, with "
        "--tone-style, tone placement in files: "
        "path:line:col: before ==> after. Directories are walked; - reads standard input. "
        "Exit codes: 0 clean, 1 findings, 2 usage or configuration error, 3 file error.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files and directories to check (default: .)")
    p.add_argument("-w", "--write", action="store_true",
                   help="apply the fixes that have exactly one correction, in place")
    p.add_argument("--diff", action="store_true", help="print the fixes as a unified diff instead of writing them")
    p.add_argument("--format", choices=["text", "json", "sarif"], default="text",  # report.FORMATS
                   help="text: path:line:col: before ==> after; json: one object per line; sarif: SARIF 2.1.0")
    p.add_argument("-L", "--ignore-words", action="append", metavar="WORDS",
                   help="comma-separated words to ignore; a word in lower case ignores every spelling of it, "
                   "a word with capitals only that exact spelling (repeatable)")
    p.add_argument("--ignore-regex", action="append", metavar="REGEX",
                   help="ignore findings inside matches of this regular expression (repeatable)")
    p.add_argument("-S", "--exclude", "--skip", action="append", metavar="GLOBS",
                   help="comma-separated globs of files or directories to skip, also when named explicitly")
    p.add_argument("--tone-style", choices=["main-vowel", "first-vowel"],
                   help="also report oa/oe/uy syllables not written in this tone placement")
    p.add_argument("--checks", metavar="LIST",
                   help="comma-separated finders to run: glossary, non-words, tone "
                   "(default: glossary, non-words; tone runs when --tone-style is given)")
    p.add_argument("--check-hidden", action="store_true", help="also walk hidden files and directories")
    p.add_argument("--config", metavar="FILE", help="use this configuration file for every path")
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")
    p.add_argument("--print-config", action="store_true", help="print the merged settings and exit")
    p.add_argument("-j", "--jobs", type=job_count_arg, default=1, metavar="N",
                   help="check files in N processes (0: all cores)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary and no warnings on standard error")
    p.set_defaults(func=run)


def _split(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def _resolver(args: argparse.Namespace) -> Resolver:
    """Each path's settings: its configuration file, then the command line's options."""
    from .config import Overrides, Resolver

    overrides = Overrides(
        glossaries=tuple(args.glossary or ()), no_builtin=args.no_builtin, ignore_words=_split(args.ignore_words),
        ignore_regex=tuple(args.ignore_regex or ()), exclude=_split(args.exclude), tone_style=args.tone_style,
        checks=_split([args.checks]) if args.checks else None, check_hidden=args.check_hidden,
    )
    return Resolver(config=args.config, use_config=not args.no_config, overrides=overrides)


def run(args: argparse.Namespace) -> int:
    """Run ``glossary check`` (:func:`glossary.check_paths`) and print what it found; bad
    configuration or glossaries raise, and the CLI's one error handler
    (:func:`~glossary.cli_base.run_command`) turns them into exit code 2."""
    from .checking import check_paths
    from .config import render

    resolver = _resolver(args)
    if args.print_config:
        print(render(resolver(args.paths[0] if args.paths else ".")), end="")
        return EXIT_OK
    results = list(check_paths(args.paths or ["."], settings=resolver, jobs=args.jobs, write=args.write,
                               diff=args.diff))
    return _report(args, results)


def _report(args: argparse.Namespace, results: list[FileReport]) -> int:
    from .report import write_findings

    out = sys.stdout
    findings: list[Reported] = [f for r in results for f in r.findings]
    errors: list[str] = []
    for r in results:
        if args.diff and r.diff:
            out.write(r.diff)
        if not args.quiet:
            for w in r.warnings:
                print(f"glossary: warning: {w}", file=sys.stderr)
        if r.error:
            errors.append(r.error)
    if args.format != "text" or not args.diff:
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
    if errors:
        return EXIT_IO
    return EXIT_FINDINGS if findings else EXIT_OK
