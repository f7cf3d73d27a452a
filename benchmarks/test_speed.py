"""Throughput (MB/s of UTF-8 input) of every method on the clean and noisy corpora.

Every benchmark first runs its method once, untimed, and checks the output against the
reference (``extra_info["correct"]``); then it times at least ``ROUNDS`` runs (more for fast methods; median reported).
``python benchmarks/run.py`` turns the results into the Markdown table.
"""

from __future__ import annotations

import pytest

from benchmarks import data, harness
from benchmarks.peers import BY_NAME, METHODS

pytestmark = pytest.mark.usefixtures("vi_corpus")

SIZE = harness.MAIN_SIZE
#: On the "first" glossary shape only the methods whose speed can depend on it and are
#: the goals' yardsticks run again (to keep the suite under 10 minutes); the speed floors
#: (split, findall) read no glossary, so their ``anywhere`` runs serve both shapes.
FIRST_SHAPE = ("ours", "ours_pure", "flashtext_unicode", "aho_exact", "aho_long", "aho_rs")
CASES = [(m.name, "anywhere") for m in METHODS] + [(n, "first") for n in FIRST_SHAPE]


@pytest.mark.parametrize("corpus", ["clean", "noisy"])
@pytest.mark.parametrize(("name", "shape"), CASES)
def test_method(benchmark, name, shape, corpus):
    """One method, the 20k-row glossary, ``COPIES`` copies of the corpus."""
    m = BY_NAME[name]
    benchmark.group = f"methods {corpus} {shape}"
    src = harness.text(corpus)
    fn, built = harness.method(name, SIZE, shape)
    out, took = harness.timed(fn, src)
    harness.record(benchmark, m.role, out, corpus, SIZE, shape)
    benchmark.extra_info.update(method=name, label=m.label, role=m.role, build_s=built, note=m.note,
                                first_run_s=took)
    del out
    benchmark.pedantic(fn, args=(src,), rounds=harness.rounds_for(took), iterations=1)


@pytest.mark.parametrize("shape", data.SHAPES)
@pytest.mark.parametrize("corpus", ["clean", "noisy"])
@pytest.mark.parametrize("size", [s for s in data.SIZES if s != SIZE])
def test_ours_scaling(benchmark, size, corpus, shape):
    """Ours at 2k and 200k rows (20k is ``test_method[ours-...]``); warm: one glossary
    object reused across rounds, as in a long-running process."""
    benchmark.group = f"scaling {corpus} {shape}"
    src = harness.text(corpus)
    fn, built = harness.method("ours", size, shape)
    out, took = harness.timed(fn, src)
    harness.record(benchmark, "ours", out, corpus, size, shape)
    benchmark.extra_info.update(method="ours", mode="warm", load_s=built, first_run_s=took)
    del out
    benchmark.pedantic(fn, args=(src,), rounds=harness.rounds_for(took), iterations=1)


@pytest.mark.parametrize("shape", data.SHAPES)
@pytest.mark.parametrize("corpus", ["clean", "noisy"])
def test_ours_cold(benchmark, corpus, shape):
    """Ours on one copy of the corpus (no text repeats) with a freshly loaded glossary
    every round, so its per-token cache starts empty. Loading it and building its scanner
    index (``normalize("x")`` in the untimed setup) are not timed: ``build s`` counts them."""
    import glossary

    benchmark.group = f"cold {corpus} {shape}"
    src = harness.text(corpus, 1)
    path = str(data.compiled_path(SIZE, shape))
    out, took = harness.timed(glossary.load(path).normalize, src)
    harness.record(benchmark, "ours", out, corpus, SIZE, shape, 1)
    benchmark.extra_info.update(method="ours", mode="cold", first_run_s=took)
    del out

    def setup():
        g = glossary.load(path)
        g.normalize("x")  # the index is built here, as a peer's automaton is built before timing
        return (g,), {}

    benchmark.pedantic(lambda g: g.normalize(src), setup=setup, rounds=harness.rounds_for(took), iterations=1)
