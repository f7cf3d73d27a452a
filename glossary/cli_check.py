"""The ``glossary check`` command: options, configuration per file, jobs, reports."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the checking machinery is imported when `check` runs, not at start-up
    from .checking import FileResult, Reported
    from .config import Settings
    from .spell import Checker

__all__ = ["add_parser", "run"]

from .cli_base import EXIT_FINDINGS, EXIT_IO, EXIT_OK, job_count_arg
from .errors import display_path


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
    p.add_argument("--format", choices=["text", "json", "sarif"], default="text",
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


class _Resolver:
    """Settings for each path: the nearest configuration file, then the command line."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.loaded: dict[str | None, Settings] = {}

    def base(self, path: str) -> Settings:
        from .config import Settings, find_config, load_config

        if self.args.no_config:
            source = None
        elif self.args.config:
            source = self.args.config
        else:
            directory = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
            source = find_config(directory)
        if source not in self.loaded:
            self.loaded[source] = Settings() if source is None else load_config(source)
        return self.loaded[source]

    def settings(self, path: str) -> Settings:
        from .config import check_values

        a = self.args
        base = self.base(path)
        merged = base._replace(
            glossaries=base.glossaries + tuple(os.path.abspath(g) for g in a.glossary or ()),
            builtin=base.builtin and not a.no_builtin,
            ignore_words=base.ignore_words + _split(a.ignore_words),
            ignore_regex=base.ignore_regex + tuple(a.ignore_regex or ()),
            exclude=base.exclude + _split(a.exclude),
            tone_style=a.tone_style or base.tone_style,
            checks=_split([a.checks]) if a.checks else base.checks,
            check_hidden=a.check_hidden or base.check_hidden,
        )
        check_values(merged, "command line")
        return merged


_checkers: dict[tuple[Any, ...], Checker] = {}


def checker_for(settings: Settings) -> Checker:
    key = (settings.glossaries, settings.builtin, settings.ignore_words, settings.ignore_regex,
           settings.tone_style, settings.checks)
    got = _checkers.get(key)
    if got is None:
        from .loading import load
        from .spell import Checker

        g = load(*settings.glossaries, builtin=settings.builtin)
        checks = settings.checks if settings.tone_style is None else (*settings.checks, "tone")
        got = _checkers[key] = Checker(g, checks=checks, ignore_words=settings.ignore_words,
                                       ignore_regex=settings.ignore_regex, tone_style=settings.tone_style)
    return got


Task = tuple[str, bool, "Settings", bool, bool]  # path, named explicitly, settings, write, diff


def _work(task: Task) -> FileResult:
    from .checking import FileResult, check_bytes

    path, explicit, settings, write, diff = task
    target = os.path.realpath(path) if os.path.islink(path) else path
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        return FileResult(path, [], [], f"{display_path(path)}: {exc.strerror or exc}")
    return check_bytes(path, data, checker_for(settings), write=write, diff=diff, explicit=explicit, target=target)


def _tasks(args: argparse.Namespace, resolver: _Resolver, errors: list[str]) -> Iterator[Task]:
    from .checking import excluded, iter_files

    for path in args.paths or ["."]:
        if path == "-":
            continue
        if not os.path.lexists(path):
            errors.append(f"{display_path(path)}: no such file or directory")
            continue
        if os.path.isdir(path):
            top = resolver.settings(path)
            for f in iter_files(path, top.check_hidden, lambda d: excluded(d, resolver.settings(d))):
                s = resolver.settings(f)
                if not excluded(f, s):
                    yield f, False, s, args.write, args.diff
        else:
            s = resolver.settings(path)
            if not excluded(path, s):
                yield path, True, s, args.write, args.diff


def run(args: argparse.Namespace) -> int:
    """Run ``glossary check``; bad configuration or glossaries raise, and the CLI's one
    error handler (:func:`~glossary.cli_base.run_command`) turns them into exit code 2."""
    from .checking import check_bytes
    from .config import ConfigError, render

    resolver = _Resolver(args)
    if args.print_config:
        print(render(resolver.settings(args.paths[0] if args.paths else ".")), end="")
        return EXIT_OK
    if "-" in (args.paths or []) and args.write:
        raise ConfigError("--write cannot change standard input; use `glossary normalize` as a filter")
    errors: list[str] = []
    results: list[FileResult] = []
    if "-" in (args.paths or []):
        settings = resolver.settings(".")
        results.append(check_bytes("-", sys.stdin.buffer.read(), checker_for(settings), diff=args.diff))
    tasks = list(_tasks(args, resolver, errors))
    if tasks:
        checker_for(tasks[0][2])  # load and validate glossaries once, before any worker starts
        results.extend(_run_tasks(tasks, args.jobs))
    return _report(args, results, errors)


def _run_tasks(tasks: list[Task], jobs: int) -> Iterable[FileResult]:
    from .pool import job_count, process_pool

    jobs = job_count(jobs)
    if jobs <= 1 or len(tasks) < 2:
        return [_work(t) for t in tasks]
    with process_pool(jobs) as pool:
        return list(pool.imap(_work, tasks, chunksize=max(1, min(64, len(tasks) // (jobs * 8)))))


def _report(args: argparse.Namespace, results: list[FileResult], errors: list[str]) -> int:
    import json

    out = sys.stdout
    findings: list[Reported] = [f for r in results for f in r.findings]
    for r in results:
        if args.diff and r.diff:
            out.write(r.diff)
        if not args.quiet:
            for w in r.warnings:
                print(f"glossary: warning: {w}", file=sys.stderr)
        if r.error:
            errors.append(r.error)
    if args.format == "json":
        for f in findings:
            print(json.dumps(_json(f._replace(path=display_path(f.path))), ensure_ascii=False), file=out)
    elif args.format == "sarif":
        from .sarif import sarif

        json.dump(sarif(findings), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif not args.diff:
        for f in findings:
            print(f"{display_path(f.path)}:{f.line}:{f.column}: {f.before} ==> {', '.join(f.suggestions)}", file=out)
    out.flush()
    for e in errors:
        print(f"glossary: error: {e}", file=sys.stderr)
    if not args.quiet:
        files = len({f.path for f in findings})
        fixed = sum(r.fixed for r in results)
        tail = f", {fixed} fixed" if args.write else ""
        print(f"glossary check: {len(findings)} finding(s) in {files} file(s){tail}", file=sys.stderr)
    if errors:
        return EXIT_IO
    return EXIT_FINDINGS if findings else EXIT_OK


def _json(f: Reported) -> dict[str, Any]:
    return {
        "path": f.path, "line": f.line, "column": f.column, "end_line": f.end_line, "end_column": f.end_column,
        "offset": f.offset, "byte_offset": f.byte_offset, "before": f.before, "suggestions": list(f.suggestions),
        "kind": f.kind, "rule": f.rule, "fixable": f.fixable, "fixed": f.fixed,
    }
