"""Text primitives and tone rules."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary import ToneStyle, apply_edits
from glossary.edits import OffsetMap
from glossary.model import Edit
from glossary.text import carry_case, fold, is_word_char, prepare, prepare_map
from glossary.tone import tone_edits

VIETNAMESE_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"


def test_case_mapping_keeps_every_vietnamese_letter_one_code_point() -> None:
    for c in VIETNAMESE_LETTERS:
        assert len(c.upper()) == 1 and c.upper().lower() == c, c
        assert fold(c.upper()) == c


def test_fold_never_shifts_offsets() -> None:
    for text in ["İ", "İİ abc", "ẞ", "ΣΑΣ", "Ǆ", "ﬃ"]:
        assert len(fold(text)) == len(text)


def test_word_characters() -> None:
    assert all(is_word_char(c) for c in "aĐ9\u0301\u0903٣")
    assert not any(is_word_char(c) for c in " _-./\u00a0\u200b😀")


@pytest.mark.parametrize(
    ("surface", "replacement", "expected"),
    [("abc", "xyz", "xyz"), ("Abc", "xyz", "Xyz"), ("ABC", "xyz", "XYZ"), ("A", "xyz", "Xyz"),
     ("aBc", "xyz", "xyz"), ("Ab Cd", "xy zw", "Xy Zw"), ("123", "CAND", "CAND"), ("đi", "ĐI", "ĐI")],
)
def test_carry_case(surface: str, replacement: str, expected: str) -> None:
    assert carry_case(surface, replacement) == expected


def test_prepare_clean_text_is_returned_as_is() -> None:
    text = "Việt Nam\n"
    view, edits = prepare(text)
    assert view is text and edits == []


def test_prepare_nfd_next_to_nbsp() -> None:
    text = "e\u0301\u00a0\u00a0x"
    view, edits = prepare(text)
    assert view == "é x"
    assert apply_edits(text, edits) == view
    assert [(e.start, e.end, str(e.kind)) for e in edits] == [(0, 2, "unicode"), (2, 4, "space")]


@pytest.mark.parametrize(
    ("main", "first"),
    [("hoà", "hòa"), ("khoẻ", "khỏe"), ("thuỷ", "thủy"), ("uỷ", "ủy"), ("tuỳ", "tùy"), ("hoá", "hóa"),
     ("loạ", "lọa"), ("HOÀ", "HÒA"), ("Thuỷ", "Thủy"), ("oà", "òa")],
)
def test_tone_pairs(main: str, first: str) -> None:
    def apply(text: str, style: ToneStyle) -> str:
        out = text
        for e in reversed(tone_edits(text, style)):
            out = out[: e.start] + e.after + out[e.end :]
        return out

    assert apply(first, ToneStyle.MAIN_VOWEL) == main
    assert apply(main, ToneStyle.FIRST_VOWEL) == first
    assert apply(main, ToneStyle.MAIN_VOWEL) == main
    assert unicodedata.is_normalized("NFC", main)


@pytest.mark.parametrize("word", ["hoàn", "hoạt", "khuỷu", "quý", "quỳ", "già", "thuở", "hoài", "nguỵ" + "ên"])
def test_tone_never_touches(word: str) -> None:
    assert tone_edits(word, ToneStyle.MAIN_VOWEL) == tone_edits(word, ToneStyle.FIRST_VOWEL) == []


def test_space_cleanup_reads_only_the_runs_that_change() -> None:
    """One zero-width space (or no-break space) in a long text must not send every
    single space of it through Python: the work counted in executed lines of the space
    pass stays small (before, each of the 20,000 runs cost a loop turn)."""

    from glossary import cleanup

    words = "một hai ba bốn " * 5_000
    for odd in ("\u200b", "\u00a0"):
        sample = words + odd + "x\n    indented  twice\n"
        edits, lines = _lines_run(cleanup.space_edits, sample)
        assert [(e.before, e.after) for e in edits] == [(" " + odd, " "), ("  ", " ")]
        assert lines < 100


def test_mark_order_fixes_skip_canonical_nfd_text_at_c_speed() -> None:
    """NFD text has a vowel mark in every other word, and its tones come after them: the
    mark-order pass must not walk each mark in Python to find nothing (before, every
    circumflex and breve cost a loop turn), and still finds a tone typed first."""
    import unicodedata

    from glossary import text as text_module

    sample = unicodedata.normalize("NFD", "tiếng Việt, người ấy, ăn uống, thuế " * 3_000)
    text_module.mark_order_edits("x\u0302")  # the gate's pattern is built once, outside the count
    found, lines = _lines_run(text_module.mark_order_edits, sample)
    assert found == []
    assert lines < 10
    assert [e.after for e in text_module.mark_order_edits(sample + " tie\u0301\u0302ng")] == ["ế"]


def _lines_run(fn: Any, *args: Any) -> tuple[Any, int]:
    """``fn(*args)`` and how many lines of ``fn``'s own body ran: work counted, not timed."""
    import sys

    lines = 0

    def count(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal lines
        if frame.f_code is fn.__code__:
            if event == "line":
                lines += 1
            return count
        return None

    sys.settrace(count)
    try:
        return fn(*args), lines
    finally:
        sys.settrace(None)


# Characters where the view does something: letters and the marks they take, marks out of
# order and in long runs (one beyond the BMP), eth, Hangul jamo, every space the view
# rewrites and the line breaks that decide how.
_VIEW_CHARS = (
    "aeoAĐđðÐx" + "\u0301\u0300\u0302\u0306\u031b\u0323\u0303\u0309" + "\U0001d165\U000110b9"
    + "\u1100\u1161\u11a8" + "  \u00a0\u200b\n\r\t\u2028"
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet=st.sampled_from(_VIEW_CHARS), max_size=8),
                          st.sampled_from(["\u0301\u0323" * 12, "\u00a0\u200b \u00a0", "tie\u0301\u0302ng", "\n\u00a0",
                                           "\u00a0\n", " \u200b\u0300"])), max_size=12).map("".join),
       st.booleans(), st.integers(0, 2))
def test_the_view_alone_is_the_view_the_edits_make(text: str, spaces: bool, scale: int) -> None:
    """``prepare(..., explain=False)`` in pure Python builds the view by whole-text passes
    (NFC of the whole text, then ``str.replace`` and one regex for the spaces); it must be
    the view the edits make, also on texts long enough to be sampled first."""
    text = text * (1 + scale * 400)  # past the sample the NFC check looks at first
    want, edits = prepare(text, spaces=spaces, engine="python")
    assert prepare(text, spaces=spaces, engine="python", explain=False)[0] == want
    _same_map(text, spaces, want, edits)


def _same_map(text: str, spaces: bool, view: str, edits: list[Edit]) -> None:
    """``prepare_map`` in pure Python (offsets from whole-text passes where it can) maps
    every offset of the view as the edits of ``prepare`` do."""
    got_view, where = prepare_map(text, spaces=spaces, engine="python")
    assert got_view == view
    expected = OffsetMap(edits)
    step = 1 if len(view) < 20_000 else 7
    for right in (False, True):
        assert [where.to_input(i, right=right) for i in range(0, len(view) + 1, step)] == [
            expected.to_input(i, right=right) for i in range(0, len(view) + 1, step)]
        assert [where.to_output(i, right=right) for i in range(0, len(text) + 1, step)] == [
            expected.to_output(i, right=right) for i in range(0, len(text) + 1, step)]


@pytest.mark.parametrize("head", ["", "Việt Nam " * 600])
def test_the_view_alone_of_long_decomposed_text(head: str) -> None:
    nfd = unicodedata.normalize("NFD", "Tiếng Việt\u00a0có dấu,  người\u200b ấy\n") * 300
    for text in (head + nfd, nfd + head, head + "x" + "\u0301\u0323" * 40 + "\U0001d165" + nfd,
                 nfd.replace("\u00a0", " ").replace("\u200b", "").replace("  ", " ")):
        for spaces in (True, False):
            want, edits = prepare(text, spaces=spaces, engine="python")
            assert prepare(text, spaces=spaces, engine="python", explain=False)[0] == want
            assert unicodedata.is_normalized("NFC", want)
            _same_map(text, spaces, want, edits)
