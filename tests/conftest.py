from __future__ import annotations

import lzma
import os
import signal
from pathlib import Path

import pytest

import glossary
from glossary import Glossary

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SHARED = HERE.parent.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Compiled glossaries go to a cache of the test run's own, not the user's."""
    os.environ["GLOSSARY_CACHE_DIR"] = str(tmp_path_factory.mktemp("glossary-cache"))


@pytest.fixture(scope="session")
def terms_path() -> Path:
    return DATA / "terms.csv"


@pytest.fixture(scope="session")
def g(terms_path: Path) -> Glossary:
    """The test glossary (tests/data/terms.csv), on its own."""
    return glossary.load(terms_path)


def shared_corpus() -> str:
    """The real Vietnamese corpus in ../shared, or skip the test where it is absent."""
    path = SHARED / "corpus" / "libreoffice-help-vi.txt.xz"
    if not path.is_file():
        pytest.skip(f"reference corpus not found at {path}")
    return lzma.open(path, "rt", encoding="utf-8").read()


def seed_article() -> str:
    path = SHARED / "seed" / "article-vi.txt"
    if not path.is_file():
        pytest.skip(f"seed article not found at {path}")
    return path.read_text(encoding="utf-8")


def default_sigint() -> None:
    """``preexec_fn`` of a child a test Ctrl-Cs: SIGINT as a terminal's shell leaves it,
    also where the tests run with it ignored (in a background job of a script, which every
    child inherits: the child would never see the Ctrl-C)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def found(text: str) -> list[tuple[str, str, str]]:
    """(kind, word, first suggestion) of each finding of ``glossary check`` in ``text``."""
    return [(f.kind, f.before, f.suggestions[0]) for f in glossary.check_text(text)]
