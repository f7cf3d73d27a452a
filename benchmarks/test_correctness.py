"""Exact span-level agreement of ours with the reference (one copy of each corpus).

``normalize_and_explain`` edits and ``find`` matches must be exactly the reference's
matches: same start, end, surface and (case-carried) replacement. These tests assert, so
a disagreement shows up as a failure with the first differing spans; the timing of the
explaining path is recorded on the side.
"""

from __future__ import annotations

import pytest

from benchmarks import data, harness
from benchmarks.reference import Reference

pytestmark = pytest.mark.usefixtures("vi_corpus")

SIZE = harness.MAIN_SIZE


def _diff(got: list[tuple], want: list[tuple]) -> tuple[int, list[str]]:
    gs, ws = set(got), set(want)
    only_got = sorted(gs - ws)
    only_want = sorted(ws - gs)
    shown = [f"ours only: {x}" for x in only_got[:3]] + [f"reference only: {x}" for x in only_want[:3]]
    return len(only_got) + len(only_want), shown


@pytest.mark.parametrize("shape", data.SHAPES)
@pytest.mark.parametrize("corpus", ["clean", "noisy", "mixed"])
def test_explain_spans(benchmark, corpus, shape):
    import glossary

    benchmark.group = "explain spans"
    src = harness.text(corpus, 1)
    g = glossary.load(str(data.compiled_path(SIZE, shape)))
    want = [(m.start, m.end, m.surface, m.replacement) for m in Reference(data.typo_pairs(SIZE, shape)).matches(src)]
    res = g.normalize_and_explain(src)
    got = [(e.start, e.end, e.before, e.after) for e in res.edits]
    bad, shown = _diff(got, [w for w in want if w[2] != w[3]])
    found = [(m.start, m.end, m.surface, m.replacement) for m in g.find(src, kinds=["typo"])]
    bad_find, shown_find = _diff(found, want)
    benchmark.extra_info.update(
        corpus=corpus, shape=shape, size=SIZE, copies=1, bytes=len(src.encode()), matches=len(want),
        wrong=bad + bad_find, correct="yes" if not (bad or bad_find) else f"no ({bad} edit and {bad_find} find spans differ)",
        examples=shown + shown_find, method="ours normalize_and_explain",
    )
    benchmark.pedantic(g.normalize_and_explain, args=(src,), rounds=harness.ROUNDS, iterations=1)
    assert not shown, shown
    assert not shown_find, shown_find
