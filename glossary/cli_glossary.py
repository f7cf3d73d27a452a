"""The commands about glossary files themselves: ``glossary lookup``, ``validate``,
``build`` and ``stats`` (the commands that stream text through a glossary are in
:mod:`glossary.cli`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from .cli_base import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, glossary_of
from .errors import GlossaryFileError, Problem

__all__ = ["ADDERS", "cmd_build", "cmd_lookup", "cmd_stats", "cmd_validate"]


def cmd_lookup(args: argparse.Namespace) -> int:
    from .report import entry_json

    g = glossary_of(args)
    found = g.lookup(args.term)
    out = sys.stdout
    for e in found:
        if args.format == "json":
            print(json.dumps(entry_json(e), ensure_ascii=False), file=out)
        else:
            extra = "".join(f"  [{v}]" for v in (e.domain,) if v)
            note = f"  -- {e.note}" if e.note else ""
            print(f"{e.term}\t{e.kind}\t{e.replacement}{extra}{note}", file=out)
    if not found:
        print(f"glossary: {args.term!r} is not in the glossary", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from .compiled import Table, is_compiled
    from .files import read_bytes
    from .terms import is_codespell, parse_codespell, parse_terms

    errors = warnings = 0
    for path in args.files:
        data = read_bytes(path)
        problems: list[Problem]
        if is_compiled(data):
            try:
                rows = len(Table(data, path))
                problems = []
            except GlossaryFileError as exc:
                rows, problems = 0, exc.problems
        else:
            parsed, problems = (parse_codespell if is_codespell(data) else parse_terms)(data, path)
            rows = len(parsed)
        if not args.no_builtin and not any(p.severity == "error" for p in problems):
            from .loading import layering_problems

            problems = problems + layering_problems(path)
        for p in problems:
            print(p)
        e = sum(p.severity == "error" for p in problems)
        errors += e
        warnings += len(problems) - e
        if not e:
            print(f"{path}: ok, {rows} rows", file=sys.stderr)
    if errors or warnings:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_USAGE if errors else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from .loading import load

    g = load(args.file, builtin=False)
    g.save(args.output)
    size = os.path.getsize(args.output)
    print(f"wrote {args.output}: {g.stats['rows']} rows, {size} bytes", file=sys.stderr)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    g = glossary_of(args)
    st = g.stats
    if args.format == "json":
        print(json.dumps(st, ensure_ascii=False, indent=2, sort_keys=True))
        return EXIT_OK
    print(f"{g.name}: {st['rows']} rows, {st['keys']} distinct keys")
    print("by kind:")
    for k, n in sorted(st["kinds"].items()):
        print(f"  {k:<14}{n:>7}")
    print("by domain:")
    for d, n in sorted(st["domains"].items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {d or '(none)':<14}{n:>7}")
    return EXIT_OK


# -- parsers: each defines its command on ``sub`` (anything with argparse's ``add_parser``) ----
def add_lookup(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("lookup", parents=[common], help="show the entries of a term",
                       description="Show the entries of TERM: exact spelling, then any case, then ignoring accents.")
    p.add_argument("term", metavar="TERM", help="the spelling to look up")
    p.add_argument("--format", choices=["text", "json"], default="text", help="json: one object per line")
    p.set_defaults(func=cmd_lookup)


def add_validate(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("validate", help="check glossary files and report every problem",
                       description="Check glossary files (CSV or compiled); report every problem with "
                       "file and line, including those a file has once layered over the built-in "
                       "glossary (as --glossary layers it). Exit 2 if any error is found.")
    p.add_argument("files", nargs="+", metavar="FILE", help="glossary files: CSV, codespell dictionary or compiled")
    p.add_argument("--no-builtin", action="store_true", help="check each file alone, not over the built-in glossary")
    p.set_defaults(func=cmd_validate)


def add_build(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("build", help="compile a glossary file",
                       description="Compile a glossary CSV into the compact binary form that load() reads.")
    p.add_argument("file", metavar="FILE", help="the glossary CSV (or codespell dictionary) to compile")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="where to write the compiled glossary")
    p.set_defaults(func=cmd_build)


def add_stats(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("stats", parents=[common], help="count rows per kind and domain",
                       description="Count the glossary's rows and distinct keys, per kind and per domain.")
    p.add_argument("--format", choices=["text", "json"], default="text", help="json: one object (default: text)")
    p.set_defaults(func=cmd_stats)


#: command -> the function that defines its parser
ADDERS = {"lookup": add_lookup, "validate": add_validate, "build": add_build, "stats": add_stats}
