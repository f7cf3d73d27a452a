"""Word tables kept as marisa-tries: what goes in comes out, in order, for every word."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.wordtables import CountsTable, StringsTable

words = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=8)


@given(st.dictionaries(words, st.lists(words, max_size=4).map(tuple), max_size=30), st.lists(words, max_size=5))
def test_a_word_gives_back_its_strings_in_order(table: dict[str, tuple[str, ...]], others: list[str]) -> None:
    t = StringsTable(memoryview(StringsTable.pack(table)))
    assert all(t.get(w) == v for w, v in table.items())
    assert all(t.get(w) is None for w in others if w not in table)


@given(st.dictionaries(words, st.integers(0, 2**32 - 1), max_size=30), st.lists(words, max_size=5))
def test_a_word_gives_back_its_count(table: dict[str, int], others: list[str]) -> None:
    t = CountsTable(*CountsTable.pack(table))
    assert all(t.get(w) == n for w, n in table.items()) and t.total == sum(table.values())
    assert all(t.get(w) == 0 for w in others if w not in table)


def test_what_a_table_cannot_hold_is_refused() -> None:
    for bad in ({"a": ("b\x00c",)}, {"a\x00": ()}, {"a": ("",)}):
        with pytest.raises(ValueError):
            StringsTable.pack(bad)
    trie, counts, total = CountsTable.pack({"a": 1, "b": 2})
    with pytest.raises(ValueError):
        CountsTable(trie, counts[:4], total)
