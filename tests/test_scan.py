"""The scanner against a brute-force reference, on random glossaries and texts."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import glossary.scan
from glossary import Entry, Glossary, GlossaryFileError, Kind
from glossary.text import fold, is_word_char, prepare

SYLLABLES = ["a", "b", "ab", "Ab", "AB", "đa", "ĐA", "x.y", "x", "İa", "ba", "a-b", "1"]
SEPS = [" ", "  ", ".", ",", "\n", "\u00a0", "", "đ", "_"]


@st.composite
def glossaries(draw: st.DrawFn) -> list[Entry]:
    keys = draw(st.lists(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=3).map(" ".join),
                         min_size=1, max_size=8, unique_by=fold))
    entries = []
    for key in keys:
        kind = draw(st.sampled_from([Kind.TYPO, Kind.ABBREVIATION, Kind.TERM, Kind.VARIANT]))
        rep = draw(st.sampled_from(["R", "rr", "Q q", "z"]))
        entries.append(Entry(key, "" if kind is Kind.TERM else rep, kind))
    return entries


texts = st.lists(st.tuples(st.sampled_from(SYLLABLES), st.sampled_from(SEPS)), max_size=30).map(
    lambda parts: "".join(w + s for w, s in parts)
)


def reference(entries: list[Entry], view: str, kinds: set[Kind]) -> list[tuple[int, int]]:
    """Leftmost-longest matches, by trying every key at every word start."""
    keys = [e for e in entries if e.kind in kinds]
    out = []
    p = 0
    while p < len(view):
        if p and is_word_char(view[p - 1]):
            p += 1
            continue
        best = None
        for e in keys:
            end = p + len(e.term)
            piece = view[p:end]
            ok = piece == e.term if e.kind.case_sensitive else fold(piece) == fold(e.term)
            if not ok or (end < len(view) and is_word_char(e.term[-1]) and is_word_char(view[end])):
                continue
            if best is None or end > best:
                best = end
        if best is None:
            p += 1
        else:
            out.append((p, best))
            p = best
    return out


@pytest.mark.parametrize("block", [1 << 14, 7])
@settings(max_examples=300, deadline=None)
@given(entries=glossaries(), text=texts, kind_set=st.sampled_from(
    [{Kind.TYPO, Kind.VARIANT}, {Kind.ABBREVIATION}, set(Kind)]))
def test_scanner_matches_reference(block: int, entries: list[Entry], text: str, kind_set: set[Kind]) -> None:
    try:
        g = Glossary.from_entries(entries)
    except GlossaryFileError:
        assume(False)
    old = glossary.scan._BLOCK
    glossary.scan._BLOCK = block
    try:
        view, _ = prepare(text)
        got = [(s, e) for s, e, _, _ in g._scanner(frozenset(kind_set)).scan(view)]
        # scan twice: the second run goes through the warm token cache
        again = [(s, e) for s, e, _, _ in g._scanner(frozenset(kind_set)).scan(view)]
    finally:
        glossary.scan._BLOCK = old
    assert got == reference(entries, view, kind_set) == again


@settings(max_examples=300, deadline=None)
@given(entries=glossaries(), text=texts, tone=st.sampled_from([None, "main-vowel"]))
def test_normalize_idempotent_on_random_glossaries(entries: list[Entry], text: str, tone: str | None) -> None:
    try:
        g = Glossary.from_entries(entries)
    except GlossaryFileError:
        assume(False)
    once = g.normalize(text, tone_style=tone)
    assert g.normalize(once, tone_style=tone) == once


def test_replacement_that_forms_a_new_key_is_fixed_in_the_same_call() -> None:
    g = Glossary.from_entries([Entry("ab cd", "x", Kind.TYPO), Entry("x ef", "y", Kind.TYPO)])
    assert g.normalize("ab cd ef") == "y"
    assert g.normalize("ab cd ef và ab cd") == "y và x"


def test_longer_key_cut_by_a_word_falls_back_to_the_shorter_one() -> None:
    """The miss of leftmost-longest automata: 'trưòng là' inside 'trưòng làm' must not hide 'trưòng'."""
    g = Glossary.from_entries([Entry("trưòng", "trường", Kind.TYPO), Entry("trưòng là", "trường là", Kind.TYPO)])
    assert g.normalize("trưòng làm, trưòng là") == "trường làm, trường là"


def test_empty_glossary_changes_nothing() -> None:
    g = Glossary.from_entries([])
    assert g.normalize("nững  x") == "nững x"
    assert g.find("nững") == []
    assert len(g) == 0


def test_long_text_crosses_blocks() -> None:
    g = Glossary.from_entries([Entry("nững", "những", Kind.TYPO), Entry("sử lý", "xử lý", Kind.TYPO)])
    line = "một hai ba bốn năm sáu bảy tám chín mười " * 40
    text = (line + "nững sử lý\n") * 200 + "x" * 40000 + " nững"
    out = g.normalize(text)
    assert out.count("những xử lý") == 200
    assert out.endswith(" những")
    assert "nững" not in out
