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


def test_a_lone_surrogate_is_in_no_table() -> None:
    assert StringsTable(StringsTable.pack({"a": ("b",)})).get("a\ud800") is None
    assert CountsTable(*CountsTable.pack({"a": 1})).get("\udcff") == 0


def test_a_cache_entry_whose_table_does_not_read_is_refused() -> None:
    from glossary import _restore_trigrams, context, english, triggers

    good_kin, good_english = StringsTable.pack({"a": ("b",)}), CountsTable.pack({"a": 1, "b": 2})
    assert context._valid_kin(good_kin) and english._valid_english(good_english)
    assert not context._valid_kin(b"\x00" * 64) and not context._valid_kin("text")
    assert not english._valid_english((good_english[0], good_english[1][:4], 3))  # a count short
    assert not english._valid_english((b"no trie", good_english[1], 3))
    side = (("a",), bytes(8), b"\x00", bytes(6))  # the tokens' array not whole numbers
    assert not triggers._valid_table((side, side))
    assert triggers._valid_table(((("a",), bytes(8), b"\x00", bytes(8)),) * 2)
    trigrams = (bytes(16), bytes(8), bytes(16), bytes(12), bytes(8))  # two trigrams, two pairs
    assert _restore_trigrams.valid(trigrams)
    assert not _restore_trigrams.valid((bytes(12), bytes(6), bytes(16), bytes(12), bytes(8)))  # 1.5 keys of 8 bytes
