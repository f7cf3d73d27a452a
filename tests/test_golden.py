"""Golden cases, one test per case: tests/cases/*.json against tests/data/terms.csv."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from glossary import Glossary, apply_edits

CASES = Path(__file__).resolve().parent / "cases"


def load_cases(name: str) -> list[Any]:
    cases = json.loads((CASES / name).read_text(encoding="utf-8"))
    return [pytest.param(c, id=c["id"]) for c in cases]


@pytest.mark.parametrize("case", load_cases("normalize.json"))
def test_normalize(g: Glossary, case: dict[str, Any]) -> None:
    options = case.get("options", {})
    result = g.normalize_and_explain(case["input"], **options)
    assert result.text == case["expect"]
    assert g.normalize(case["input"], **options) == case["expect"]
    assert apply_edits(case["input"], result.edits) == result.text


@pytest.mark.parametrize("case", load_cases("expand.json"))
def test_expand(g: Glossary, case: dict[str, Any]) -> None:
    options = case.get("options", {})
    result = g.expand_and_explain(case["input"], **options)
    assert result.text == case["expect"]
    assert g.expand(case["input"], **options) == case["expect"]
    assert apply_edits(case["input"], result.edits) == result.text


@pytest.mark.parametrize("case", load_cases("find.json"))
def test_find(g: Glossary, case: dict[str, Any]) -> None:
    got = [[m.start, m.end, m.surface, str(m.kind), m.replacement] for m in g.find(case["input"])]
    assert got == case["expect"]
    for m in g.find(case["input"]):
        assert case["input"][m.start : m.end] == m.surface
