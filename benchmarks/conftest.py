"""Fixtures of the benchmark suite. Run with ``python -m pytest benchmarks/`` (or
``python benchmarks/run.py`` for the whole suite and a Markdown report)."""

from __future__ import annotations

import os

import pytest

from benchmarks import data

# glossary caches compiled CSV glossaries in the user's cache directory; keep the
# benchmarks' own files (and their effect on timings) out of it.
os.environ.setdefault("GLOSSARY_CACHE_DIR", str(data.bench_root() / "library-cache"))


def pytest_configure(config: pytest.Config) -> None:
    # The project runs pytest with filterwarnings=error. Peer tools are not ours to fix:
    # their deprecation warnings must not turn a timing into an error.
    for module in ("flashtext", "ahocorasick", "ahocorasick_rs", "codespell_lib", "marisa_trie"):
        config.addinivalue_line("filterwarnings", f"ignore::DeprecationWarning:{module}.*")
        config.addinivalue_line("filterwarnings", f"ignore::PendingDeprecationWarning:{module}.*")


@pytest.fixture(scope="session")
def vi_corpus() -> None:
    """Skip (with the reason) when the shared Vietnamese corpus is absent."""
    try:
        data.corpus_path()
    except data.CorpusMissing as exc:
        pytest.skip(str(exc))
