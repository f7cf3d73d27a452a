"""Rendering what ``glossary check`` and ``glossary find`` report, in one place: the text
line (``path:line:col: before ==> after``), JSON objects, and SARIF 2.1.0 for code scanning.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import IO, Any

from .checking import Reported
from .errors import display_path
from .model import Entry, Kind, Match
from .resources import VERSION

__all__ = ["FORMATS", "entry_json", "finding_json", "finding_line", "sarif", "senses_text", "write_findings"]

#: The formats of :func:`write_findings`.
FORMATS = ("text", "json", "sarif")


def finding_line(f: Reported) -> str:
    """``path:line:col: before ==> suggestion, …`` (codespell's format), without a line end;
    `` (fixed)`` after a finding ``--write`` has fixed."""
    fixed = " (fixed)" if f.fixed else ""
    return f"{display_path(f.path)}:{f.line}:{f.column}: {f.before} ==> {', '.join(f.suggestions)}{fixed}"


def finding_json(f: Reported) -> dict[str, Any]:
    """A finding as a JSON object (one per line in ``--format json``)."""
    return {
        "path": display_path(f.path), "line": f.line, "column": f.column, "end_line": f.end_line,
        "end_column": f.end_column, "offset": f.offset, "byte_offset": f.byte_offset, "before": f.before,
        "suggestions": list(f.suggestions), "kind": f.kind, "rule": f.rule, "fixable": f.fixable, "fixed": f.fixed,
    }


def write_findings(out: IO[str], findings: Sequence[Reported], fmt: str) -> None:
    """Write findings to ``out`` as ``fmt``: ``text``, ``json`` (one object per line) or ``sarif``."""
    if fmt == "json":
        for f in findings:
            out.write(json.dumps(finding_json(f), ensure_ascii=False) + "\n")
    elif fmt == "sarif":
        json.dump(sarif(findings), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for f in findings:
            out.write(finding_line(f) + "\n")


def entry_json(e: Entry) -> dict[str, str]:
    """A glossary row as a JSON object."""
    return {"term": e.term, "replacement": e.replacement, "kind": str(e.kind), "domain": e.domain,
            "note": e.note, "source": e.source}


def senses_text(m: Match) -> str:
    """What a match without one replacement stands for: a term's note, or every sense with its domain."""
    if m.kind is Kind.TERM:
        return m.entries[0].note or m.entries[0].replacement or "(term)"
    return " | ".join(f"{e.replacement}" + (f" ({e.domain})" if e.domain else "") for e in m.entries)


_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_RULES = {
    "typo": "A known misspelling from the glossary",
    "variant": "A variant the glossary prefers written another way",
    "non-word": "A word that is not an attested Vietnamese syllable nor a known term",
    "context": "A Vietnamese word that its neighbours say is a slip (an unaccented or rare syllable)",
    "unicode": "A Vietnamese word written with the Icelandic eth (Ð, ð) for Đ, đ, or with a tone mark typed "
               "before a vowel mark",
    "tone": "A syllable not written in the project's tone-mark placement",
}


def sarif(findings: Sequence[Reported]) -> dict[str, Any]:
    """One SARIF run; columns count Unicode code points (``columnKind``)."""

    results = []
    for f in findings:
        uri = _uri(f.path)
        region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column}
        result: dict[str, Any] = {
            "ruleId": f.kind,
            "level": "warning",
            "message": {"text": f"{f.before} ==> {', '.join(f.suggestions)}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri},
                                                "region": region}}],
            "properties": {"rule": f.rule, "suggestions": list(f.suggestions), "byteOffset": f.byte_offset},
        }
        if f.fixable:
            result["fixes"] = [{
                "description": {"text": f"replace with {f.suggestions[0]}"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri},
                    "replacements": [{"deletedRegion": region, "insertedContent": {"text": f.suggestions[0]}}],
                }],
            }]
        results.append(result)
    rules = [{"id": k, "shortDescription": {"text": v}} for k, v in _RULES.items()]
    return {
        "$schema": _SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "glossary", "version": VERSION, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _uri(path: str) -> str:
    """A relative URI reference for a file path: ``/`` separators, every other byte that
    a URI cannot hold percent-encoded (so names that are not UTF-8 survive too).

    >>> _uri("docs/bình luận.txt")
    'docs/b%C3%ACnh%20lu%E1%BA%ADn.txt'
    """
    from urllib.parse import quote  # (only SARIF needs it: urllib.parse takes 2 ms to import)

    if os.sep != "/":
        path = path.replace(os.sep, "/")
    if path.startswith("./"):
        path = path[2:]
    return quote(os.fsencode(path), safe="/")
