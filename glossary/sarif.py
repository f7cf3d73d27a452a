"""SARIF 2.1.0 output for ``glossary check --format sarif`` (code scanning in CI)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from .checking import Reported
from .resources import VERSION

__all__ = ["sarif"]

_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_RULES = {
    "typo": "A known misspelling from the glossary",
    "variant": "A variant the glossary prefers written another way",
    "non-word": "A word that is not an attested Vietnamese syllable nor a known term",
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
    if os.sep != "/":
        path = path.replace(os.sep, "/")
    if path.startswith("./"):
        path = path[2:]
    return quote(os.fsencode(path), safe="/")
