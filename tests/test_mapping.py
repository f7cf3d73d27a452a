"""A Glossary is a read-only mapping from each key, as written, to its entries."""

from __future__ import annotations

import pickle
from collections.abc import Mapping

import pytest

import glossary
from glossary import Entry, Glossary, GlossaryError, GlossaryKeyError, Kind


def test_in_and_getitem_follow_how_keys_match(g: Glossary) -> None:
    assert "CAND" in g and "cand" not in g and "Cand" not in g  # abbreviations: exactly as written
    assert "nững" in g and "Nững" in g and "NỮNG" in g  # typos and variants: any case
    assert "CABD" in g and "cabd" in g  # a typo of an abbreviation is a typo
    assert "an ninh quốc gia" in g and "An ninh quốc gia" in g  # terms: any case
    assert "nu\u031b\u0303ng" in g  # NFD asks for the same key
    assert [e.replacement for e in g["CAND"]] == ["Công an nhân dân"]
    assert [e.replacement for e in g["NỮNG"]] == ["những"]  # the entry as stored, not re-cased
    assert sorted(e.replacement for e in g["QĐ"]) == ["quy định", "quyết định"]  # every sense
    assert "ThS" in g and "THS" not in g and "ths" not in g


def test_missing_keys_raise_a_key_error_with_a_hint(g: Glossary) -> None:
    with pytest.raises(KeyError) as info:
        g["cand"]
    assert isinstance(info.value, GlossaryKeyError) and isinstance(info.value, GlossaryError)
    assert info.value.key == "cand"
    assert "did you mean 'CAND'" in str(info.value) and "as written" in str(info.value)
    with pytest.raises(GlossaryKeyError, match="lookup"):
        g["XYZ"]
    with pytest.raises(GlossaryKeyError, match="not int"):
        g[42]  # type: ignore[index]


def test_mapping_protocol(g: Glossary) -> None:
    assert isinstance(g, Mapping)
    assert g.get("XYZ") is None and g.get("XYZ", ()) == () and g.get("CAND") == g["CAND"]
    assert 42 not in g and None not in g
    keys = list(g)
    assert keys == list(g.keys()) and len(keys) == len(set(keys)) == len(g)
    assert {"CAND", "QĐ", "QĐ/TW", "colour", "sử lý", "an ninh quốc gia"} <= set(keys)
    assert all(k in g for k in keys)
    assert dict(g.items()) == {k: g[k] for k in keys}
    assert list(g.values()) == [g[k] for k in keys]
    assert sum(len(v) for v in g.values()) == g.stats["rows"] == len(list(g.entries()))


def test_entries_yield_every_row(g: Glossary) -> None:
    rows = list(g.entries())
    assert all(isinstance(e, Entry) for e in rows) and len(rows) == 25
    assert sorted(e.domain for e in rows if e.term == "colour") == ["en", "en-gb"]


def test_equal_glossaries_compare_and_hash_equal(g: Glossary) -> None:
    again = pickle.loads(pickle.dumps(g))
    assert again == g and hash(again) == hash(g) and again is not g
    assert {g: 1}[again] == 1
    other = Glossary.from_entries([Entry("CAND", "Công an nhân dân", Kind.ABBREVIATION)])
    assert other != g and other == {"CAND": other["CAND"]}


def test_the_builtin_glossary_as_a_mapping() -> None:
    g = glossary.load()
    assert "CAND" in g and "XDLL" in g and "cand" not in g
    assert g["CAND"][0].replacement == "Công an nhân dân"
    assert len(g) >= g.stats["keys"]
