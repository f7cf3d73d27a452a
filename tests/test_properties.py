"""Hypothesis properties over Vietnamese-like text salted with glossary keys."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary import Edit, EditKind, Glossary, apply_edits
from glossary.edits import OffsetMap, compose, input_to_output, output_to_input
from glossary.text import is_word_char

WORDS = [
    "những", "nững", "NỮNG", "Nững", "hiêu", "hiệu", "CABD", "cabd", "CAND", "CSGT", "CSGTđ",
    "sử", "lý", "Sử", "xử", "trưòng", "là", "làm", "TP.HCM", "TP", "GD&ĐT", "QĐ", "QĐ/TW",
    "hòa", "hoà", "HOÀ", "thuỷ", "quý", "khuỷu", "Việt", "Nam", "caffe", "colour", "İ", "😀",
    "an", "ninh", "quốc", "gia", "x", "1", "đ", "nghành", "đuợc", "ThS", "TƯ", "\u0301", "\u0300",
]
SEPARATORS = [
    " ", " ", " ", "  ", "\u00a0", "\u200b", ", ", ".", "\n", "\r\n", "\t", "(", ")", "-", "/", "_", "\u200d", "",
    "\u200b\u0301",  # a mark after a dropped zero-width space composes with the letter before it
]

texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=25).map(
    lambda parts: "".join(w + s for w, s in parts)
)
nfd_texts = texts.map(lambda t: unicodedata.normalize("NFD", t))
any_texts = st.one_of(texts, nfd_texts, st.text(max_size=40))
tone_styles = st.sampled_from([None, "main-vowel", "first-vowel"])


def check_edits(text: str, edits: tuple[Edit, ...]) -> None:
    pos = 0
    for ed in edits:
        assert 0 <= ed.start <= ed.end <= len(text)
        assert ed.start >= pos
        assert text[ed.start : ed.end] == ed.before
        pos = ed.end


@settings(max_examples=300, deadline=None)
@given(any_texts, tone_styles)
def test_normalize_is_idempotent(g: Glossary, text: str, tone: str | None) -> None:
    once = g.normalize(text, tone_style=tone)
    assert g.normalize(once, tone_style=tone) == once
    assert g.normalize_and_explain(text, tone_style=tone).text == once


@settings(max_examples=300, deadline=None)
@given(any_texts, tone_styles)
def test_normalize_edits_replay(g: Glossary, text: str, tone: str | None) -> None:
    result = g.normalize_and_explain(text, tone_style=tone)
    check_edits(text, result.edits)
    assert apply_edits(text, result.edits) == result.text
    assert unicodedata.is_normalized("NFC", result.text)


@settings(max_examples=200, deadline=None)
@given(texts, tone_styles)
def test_nfd_input_gives_nfc_result(g: Glossary, text: str, tone: str | None) -> None:
    nfd = unicodedata.normalize("NFD", text)
    assert g.normalize(nfd, tone_style=tone) == g.normalize(text, tone_style=tone)


CLEAN_WORDS = ["Trình", "đơn", "trợ", "giúp", "cho", "bạn", "khởi", "chạy", "hệ", "thống", "LibreOffice", "2026", "😀"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CLEAN_WORDS), st.sampled_from([" ", ", ", ".\n", "\t", "-"])), max_size=20))
def test_text_without_terms_is_unchanged(g: Glossary, parts: list[tuple[str, str]]) -> None:
    text = "".join(w + s for w, s in parts)
    assert g.normalize(text) == text
    assert g.expand(text) == text
    assert g.find(text) == []


@settings(max_examples=300, deadline=None)
@given(any_texts, st.sampled_from(["replace", "annotate", "first"]))
def test_expand_edits_replay(g: Glossary, text: str, style: str) -> None:
    result = g.expand_and_explain(text, style=style)
    check_edits(text, result.edits)
    assert apply_edits(text, result.edits) == result.text


@settings(max_examples=300, deadline=None)
@given(any_texts)
def test_find_spans_are_words_of_the_input(g: Glossary, text: str) -> None:
    last = 0
    for m in g.find(text):
        assert text[m.start : m.end] == m.surface
        assert m.start >= last
        last = m.end
        assert m.start == 0 or not is_word_char(text[m.start - 1])
        assert m.end == len(text) or not is_word_char(text[m.end]) or not is_word_char(text[m.end - 1])


# -- edit algebra ----------------------------------------------------------------------
@st.composite
def edits_for(draw: st.DrawFn, text: str) -> list[Edit]:
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    pos = 0
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a < pos or (a == b and edits and edits[-1].start == edits[-1].end == a):
            continue
        after = draw(st.text(alphabet="xyzé ", max_size=3))
        if a == b and not after:
            continue
        edits.append(Edit(a, b, text[a:b], after, EditKind.TYPO))
        pos = b
    return edits


@settings(max_examples=500, deadline=None)
@given(st.data(), st.text(alphabet="abcdé \n", max_size=20))
def test_compose_equals_two_rounds(data: st.DataObject, text0: str) -> None:
    first = data.draw(edits_for(text0))
    text1 = apply_edits(text0, first)
    second = data.draw(edits_for(text1))
    text2 = apply_edits(text1, second)
    both = compose(text0, first, second, text1)
    check_edits(text0, tuple(both))
    assert apply_edits(text0, both) == text2


@settings(max_examples=500, deadline=None)
@given(st.data(), st.text(alphabet="abcdé \n", max_size=20))
def test_offset_maps_are_exact_outside_edits(data: st.DataObject, text: str) -> None:
    edits = data.draw(edits_for(text))
    out = apply_edits(text, edits)
    inside = {i for ed in edits for i in range(ed.start, ed.end)}
    for i in range(len(text)):
        if i not in inside:
            j = input_to_output(edits, i)
            assert out[j] == text[i]
            assert output_to_input(edits, j) == i
    delta = 0
    for ed in edits:
        a, b = ed.start + delta, ed.start + delta + len(ed.after)  # where the edit's text went
        delta += len(ed.after) - (ed.end - ed.start)
        assert out[a:b] == ed.after
        if ed.start < ed.end:  # a replaced span maps onto its replacement, both ways
            assert (input_to_output(edits, ed.start), input_to_output(edits, ed.end, right=True)) == (a, b)
        if a < b:
            assert (output_to_input(edits, a), output_to_input(edits, b, right=True)) == (ed.start, ed.end)
    assert input_to_output(edits, len(text)) == len(out)
    assert output_to_input(edits, len(out)) == len(text)


def _walk_to_output(edits: list[Edit], index: int, right: bool) -> int:
    """The offset map as a plain walk over the edits: the oracle for OffsetMap."""
    delta = 0
    for ed in edits:
        if ed.start > index or (ed.start == index and (ed.end > index or right)):
            break
        if ed.start < index < ed.end:
            return ed.start + delta + (len(ed.after) if right else 0)
        delta += len(ed.after) - (ed.end - ed.start)
    return index + delta


def _walk_to_input(edits: list[Edit], index: int, right: bool) -> int:
    delta = 0
    for ed in edits:
        p = ed.start + delta
        q = p + len(ed.after)
        if p > index or (p == index and (q > index or right)):
            break
        if p < index < q:
            return ed.end if right else ed.start
        delta += len(ed.after) - (ed.end - ed.start)
    return index - delta


@settings(max_examples=500, deadline=None)
@given(st.data(), st.text(alphabet="ab\u0301 \u200b", max_size=24))
def test_offset_map_agrees_with_a_walk_over_the_edits(data: st.DataObject, text: str) -> None:
    edits = list(data.draw(edits_for(text)))
    out = apply_edits(text, edits)
    m = OffsetMap(edits)
    for right in (False, True):
        for i in range(len(text) + 1):
            assert m.to_output(i, right=right) == _walk_to_output(edits, i, right)
        for j in range(len(out) + 1):
            assert m.to_input(j, right=right) == _walk_to_input(edits, j, right)
