"""The commands that print matches with their places: ``glossary find``, and the report of
``glossary expand --report`` and ``glossary restore --report``, which list on standard
error what was left as written because it has several readings (an ambiguous
abbreviation, chat shorthand the context does not decide), in ``find``'s format."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any

from .edits import Explained
from .errors import OptionError
from .model import Match
from .spans import line_of, line_starts
from .stream import Source, held_output

__all__ = ["cmd_find", "match_record", "run_explained"]


def _line_col(starts: list[int], index: int, first_line: int) -> tuple[int, int]:
    i = line_of(starts, index)
    return first_line + i, index - starts[i] + 1


def match_record(name: str, text: str, first_line: int, base: int, m: Match, fmt: str,
                 starts: list[int] | None = None) -> str:
    """One match of ``text`` (a chunk of input ``name`` starting at line ``first_line`` and
    character ``base``) as a line: ``path:line:col: surface ==> replacement [kind]``
    (every sense when it has no one replacement), or a JSON object (``fmt="json"``)."""
    from .report import entry_json, senses_text

    starts = line_starts(text) if starts is None else starts
    line, col = _line_col(starts, m.start, first_line)
    if fmt == "json":
        end_line, end_col = _line_col(starts, m.end, first_line)
        obj = {
            "path": name, "line": line, "column": col, "end_line": end_line, "end_column": end_col,
            "offset": base + m.start, "surface": m.surface, "kind": str(m.kind), "replacement": m.replacement,
            "senses": [entry_json(e) for e in m.entries],
        }
        return json.dumps(obj, ensure_ascii=False) + "\n"
    rep = m.replacement if m.replacement is not None else senses_text(m)
    return f"{name}:{line}:{col}: {m.surface} ==> {rep} [{m.kind}]\n"


def cmd_find(args: argparse.Namespace, g: Any, sources: list[Source], out: IO[bytes]) -> int:
    """``glossary find``: every glossary key of the inputs, one line (or JSON object) each."""
    for src in sources:
        base = 0
        with held_output(out, not args.keep_invalid) as sink:
            for text, first_line in src.chunks():
                starts = line_starts(text)
                for m in g.find(text, kinds=args.kind, domains=args.domain):
                    sink.write(src.encode(match_record(src.name, text, first_line, base, m, args.format, starts)))
                base += len(text)
    out.flush()
    return 0


def run_explained(args: argparse.Namespace, explainers: Iterator[Callable[[str], Explained]],
                  sources: list[Source], out: IO[bytes], report: str | None) -> int:
    """Stream each input through its explainer (the next of ``explainers``: one document
    per input) in this process, in order: the text to ``out``, and with a ``report``
    format, once the input has been read through, what was left as written to standard error."""
    if args.jobs != 1:
        what = "--report" if report else "--learn" if getattr(args, "learn", False) else "--style first"
        raise OptionError(f"{what} needs each whole text in order: use it with --jobs 1")
    for src in sources:
        explain = next(explainers)
        left: list[str] = []
        base = 0
        with held_output(out, not args.keep_invalid) as sink:
            for text, first_line in src.chunks():
                r = explain(text)
                sink.write(src.encode(r.text))
                if report:
                    left.extend(match_record(src.name, text, first_line, base, m, report) for m in r.unresolved)
                base += len(text)
        sys.stderr.writelines(left)
    out.flush()
    return 0
