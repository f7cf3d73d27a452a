"""The scanner against a brute-force reference, on random glossaries and texts."""

from __future__ import annotations

import os

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import glossary.pyscan
import glossary.scan
from glossary import Entry, Glossary, GlossaryFileError, Kind
from glossary.scan import Scanner, accelerated
from glossary.text import fold, is_word_char, needs_end_boundary, prepare

ENGINES = ["python", "c"]


def engine_available(engine: str) -> None:
    if engine == "c" and glossary.scan._speedups is None:
        pytest.skip("the C scanner is not built here (no compiler at install time)")

SYLLABLES = ["a", "b", "ab", "Ab", "AB", "đa", "ĐA", "x.y", "x", "İa", "ba", "a-b", "1", "b'", "a.", "t"]
SEPS = [" ", "  ", ".", ",", "\n", "\u00a0", "", "đ", "_", "'", "-"]


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
            if not ok or (end < len(view) and needs_end_boundary(e.term[-1]) and is_word_char(view[end])):
                continue
            if best is None or end > best:
                best = end
        if best is None:
            p += 1
        else:
            out.append((p, best))
            p = best
    return out


@pytest.mark.parametrize(("engine", "block"), [("python", 1 << 14), ("python", 7), ("c", 1 << 14)])
@settings(max_examples=300, deadline=None)
@given(entries=glossaries(), text=texts, kind_set=st.sampled_from(
    [{Kind.TYPO, Kind.VARIANT}, {Kind.ABBREVIATION}, set(Kind)]),
    windows=st.none() | st.lists(st.tuples(st.integers(-5, 60), st.integers(0, 70)), max_size=3))
def test_scanner_matches_reference(
    engine: str, block: int, entries: list[Entry], text: str, kind_set: set[Kind],
    windows: list[tuple[int, int]] | None,
) -> None:
    engine_available(engine)
    try:
        g = Glossary.from_entries(entries)
    except GlossaryFileError:
        assume(False)
    old = glossary.pyscan._BLOCK
    glossary.pyscan._BLOCK = block
    try:
        view, _ = prepare(text)
        scanner = Scanner(g._table, frozenset(kind_set), engine=engine)
        got = [(s, e, kid) for s, e, kid, _ in scanner.scan(view, windows)]
        # scan twice: the second run goes through the warm token cache
        again = [(s, e, kid) for s, e, kid, _ in scanner.scan(view, windows)]
        other = Scanner(g._table, frozenset(kind_set), engine="python" if engine == "c" else "auto")
        assert [(s, e, kid) for s, e, kid, _ in other.scan(view, windows)] == got  # both engines agree
    finally:
        glossary.pyscan._BLOCK = old
    assert got == again
    if windows is None:
        assert [(s, e) for s, e, _ in got] == reference(entries, view, kind_set)


def test_c_and_python_fold_agree_on_every_code_point() -> None:
    engine_available("c")
    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert glossary.scan._speedups.fold(chars) == fold(chars)
    for small in ("ABC", "ĐƯỜNG", "İ", ""):  # narrow strings stay narrow: equal, and equal hashes
        folded = glossary.scan._speedups.fold(small)
        assert folded == fold(small) and hash(folded) == hash(fold(small))


def test_c_index_refuses_misuse_instead_of_crashing() -> None:
    engine_available("c")
    index_type = glossary.scan._speedups.Index
    bare = index_type.__new__(index_type)  # never initialized: no tables
    with pytest.raises(ValueError, match="not initialized"):
        bare.scan("abc def", 14)
    with pytest.raises(ValueError, match="not initialized"):
        bare.fix("abc", 14, None, {}, str, {}, str, str)
    index = index_type([("abc", 0, 2)])
    assert index.scan("x abc y", 0xFF, 5, 2) == []  # a start past the end is an empty range
    with pytest.raises(TypeError, match="must return a str"):
        index.fix("x ABC", 0xFF, None, {}, lambda kid: "abc", {}, lambda kid: "abd", lambda s, r: 1)


def test_c_scanner_is_built_where_required() -> None:
    """CI sets GLOSSARY_REQUIRE_SPEEDUPS=1: there the install must have compiled the C scanner."""
    if os.environ.get("GLOSSARY_REQUIRE_SPEEDUPS"):
        assert glossary.scan._speedups is not None and accelerated()


@settings(max_examples=300, deadline=None)
@given(entries=glossaries(), text=texts, tone=st.sampled_from([None, "main-vowel"]))
def test_normalize_idempotent_on_random_glossaries(entries: list[Entry], text: str, tone: str | None) -> None:
    try:
        g = Glossary.from_entries(entries)
    except GlossaryFileError:
        assume(False)
    once = g.normalize(text, tone_style=tone)
    assert g.normalize(once, tone_style=tone) == once
    # the plain form (one C pass where built) and the explaining form (Python) agree
    assert g.normalize_and_explain(text, tone_style=tone).text == once


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


def test_a_span_the_trie_disowns_falls_back_to_the_trie() -> None:
    """Hash collisions cannot be made to order, so make the C engine's check fail instead:
    a wrong cached key for a key id must send the match to the trie, never through."""
    engine_available("c")
    g = Glossary.from_entries([Entry("nững", "những", Kind.TYPO), Entry("hiêu", "hiệu", Kind.TYPO)])
    scanner = g._scanner(frozenset({Kind.TYPO, Kind.VARIANT}))
    kid = g._table.key_id("nững")
    assert kid is not None
    scanner._keys[kid] = "khác"
    assert g.normalize("nững hiêu quả") == "những hiệu quả"
    assert [(s, e) for s, e, _, _ in scanner.scan("nững hiêu")] == [(0, 4), (5, 9)]


def test_a_key_ending_in_an_apostrophe_or_hyphen_needs_a_boundary() -> None:
    g = Glossary.from_entries([Entry("doesn'", "doesn't", Kind.TYPO), Entry("ab-", "ab-x", Kind.TYPO),
                               Entry("TP.", "thành phố", Kind.ABBREVIATION)])
    assert g.normalize("it doesn't work, doesn' it") == "it doesn't work, doesn't it"
    assert g.normalize("ab-c ab- ab-") == "ab-c ab-x ab-x"
    assert g.find("TP.HCM")[0].surface == "TP."  # a key ending in '.' needs no boundary after it
    assert g.expand("TP.HCM") == "thành phố HCM"  # and the full stop that separated the words becomes a space
    assert g.expand("TP.HCM", style="annotate") == "TP. (thành phố) HCM"
    assert g.expand("TP. HCM") == "thành phố HCM"


def test_codes_joined_by_slash_or_hyphen_are_not_expanded() -> None:
    g = Glossary.from_entries([Entry("QĐ", "quyết định", Kind.ABBREVIATION),
                               Entry("UBND", "Ủy ban nhân dân", Kind.ABBREVIATION),
                               Entry("QĐ/TW", "Quy định của Trung ương", Kind.ABBREVIATION)])
    assert g.expand("Số 12/QĐ-UBND của UBND") == "Số 12/QĐ-UBND của Ủy ban nhân dân"
    assert g.expand("Quy định 205-QĐ/TW") == "Quy định 205-QĐ/TW"  # also a key that holds the joiner
    assert g.expand("theo QĐ/TW") == "theo Quy định của Trung ương"  # standing alone it is a mention
    assert g.expand("QĐ - UBND, QĐ/ UBND") == "quyết định - Ủy ban nhân dân, quyết định/ Ủy ban nhân dân"
    assert len(g.find("12/QĐ-UBND")) == 2  # find still lists them


def test_a_fix_that_holds_its_own_key_is_refused() -> None:
    with pytest.raises(GlossaryFileError, match="normalizing twice"):
        Glossary.from_entries([Entry("ab.", "ab.c", Kind.TYPO)])
    Glossary.from_entries([Entry("doesn'", "doesn't", Kind.TYPO), Entry("colour", "Colour", Kind.VARIANT)])


def test_python_engine_reaches_a_key_through_its_misspelled_word() -> None:
    """The pure-Python candidate filter indexes a key of several words by the word its
    fix changes, and checks the text against the key there: text full of the key's
    common first word gives no candidate, and the key is still found, also when it
    starts in a window and its misspelled word lies past the window's end."""
    g = Glossary.from_entries([Entry("bạn cỏ", "bạn có", Kind.TYPO), Entry("nững", "những", Kind.TYPO)])
    scanner = Scanner(g._table, frozenset({Kind.TYPO}), engine="python")
    common = "bạn bạn của bạn có\n" * 50
    assert scanner.positions(common) == []
    text = "bạn đi. Bạn cỏ nững"
    assert [(s, e) for s, e, _, _ in scanner.scan(text)] == [(8, 14), (15, 19)]
    assert [(s, e) for s, e, _, _ in scanner.scan(text, [(8, 9)])] == [(8, 14)]
    assert g.normalize(text) == "bạn đi. Bạn có những"


@settings(max_examples=200, deadline=None)
@given(entries=glossaries(), text=texts, kind_set=st.sampled_from([{Kind.TYPO, Kind.VARIANT}, set(Kind)]),
       windows=st.lists(st.tuples(st.integers(-5, 60), st.integers(0, 70)), min_size=33, max_size=40))
def test_many_windows_are_read_in_one_pass_with_the_same_result(
    entries: list[Entry], text: str, kind_set: set[Kind], windows: list[tuple[int, int]],
) -> None:
    """After many fixes the pure-Python engine reads the whole text once instead of once
    per window: it keeps exactly the matches a pass per window finds (and the C engine)."""
    try:
        g = Glossary.from_entries(entries)
    except GlossaryFileError:
        assume(False)
    view, _ = prepare(text)
    scanner = Scanner(g._table, frozenset(kind_set), engine="python")
    got = [(s, e, kid) for s, e, kid, _ in scanner.scan(view, windows)]
    old = glossary.pyscan.MANY_REGIONS
    glossary.pyscan.MANY_REGIONS = 1 << 30
    try:
        per_window = [(s, e, kid) for s, e, kid, _ in Scanner(g._table, frozenset(kind_set), engine="python")
                      .scan(view, windows)]
    finally:
        glossary.pyscan.MANY_REGIONS = old
    assert got == per_window
    if glossary.scan._speedups is not None:
        c = Scanner(g._table, frozenset(kind_set), engine="c")
        assert [(s, e, kid) for s, e, kid, _ in c.scan(view, windows)] == got
