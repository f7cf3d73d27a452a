"""The document's pairs of words counted in C (``_speedups.pair_counts``, glossary/_pairs.c)
against the Python count: the same pairs, the same counts, for any text."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from glossary import document
from glossary.text import BLANKS

try:
    from glossary._speedups import pair_counts
except ImportError:
    pair_counts = None

pytestmark = pytest.mark.skipif(pair_counts is None, reason="the C extension is not built here")


def python_pairs(doc: str) -> dict[tuple[str, str], int]:
    """The pure-Python count, its pairs of two words (those with a wall are never asked for)."""
    words = document._APART.sub(document._WALL, doc).split()
    return {p: n for p, n in Counter(pairwise(words)).items() if all(document._WORD.fullmatch(w) for w in p)}


#: words, blanks, walls (punctuation, line ends, NUL, a zero-width space, a lone mark),
#: underscores and digits, and letters past the first plane and past the C table's range
_PIECES = ["của", "bạn", "a", "b", "ab", "_", "x_1", "12", "٣", "Ω", "日本", "𝔘", "ǅ", "\u3042", *BLANKS, ".", ",",
           "\n", "\r\n", "\x00", "\u200b", "\u0301", "\u2028", "'", "-", "a.b", "  ", "\t\t"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@example("của bạn, của bạn\nbạn  tôi_x 12 a")
@example("a a a a")
@example("")
def test_c_counts_what_python_counts(doc: str) -> None:
    assert pair_counts(doc, BLANKS) == python_pairs(doc)


def test_the_documents_pairs_are_counted_in_c_unless_told_not_to(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = "chọn tệp của bạn. lưu tệp của bạn\nbạn của"
    monkeypatch.delenv("GLOSSARY_PURE_PYTHON", raising=False)
    got = document._count_pairs(doc)
    assert type(got) is dict and got == python_pairs(doc) and got[("của", "bạn")] == 2
    monkeypatch.setenv("GLOSSARY_PURE_PYTHON", "1")
    assert type(document._count_pairs(doc)) is Counter


def test_many_distinct_words_and_pairs_grow_the_tables() -> None:
    doc = " ".join(f"w{i % 5000}" for i in range(12_000)) + "\n" + " ".join(f"v{i}" for i in range(3000))
    got = pair_counts(doc, BLANKS)
    assert got == python_pairs(doc) and len(got) == 5000 + 2999 and got[("w0", "w1")] == 3


def test_misuse_is_refused() -> None:
    with pytest.raises(ValueError):
        pair_counts("a b", "\t")  # ' ' is always a blank
    with pytest.raises(TypeError):
        pair_counts(b"a b", BLANKS)  # type: ignore[arg-type]
    assert pair_counts("a" * 100_000 + " b", BLANKS) == {("a" * 100_000, "b"): 1}
