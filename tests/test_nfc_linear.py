"""Normalizing runs of combining marks takes linear time and gives exactly what the
previous (quadratic-to-cubic) algorithm gave: view, edits and offset maps."""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary import Edit, EditKind, Glossary, Kind
from glossary.canonical import nfc
from glossary.cleanup import nfc_edits as _nfc_edits
from glossary.model import Entry
from glossary.text import prepare

_NON_ASCII_SEGMENT = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


def reference_nfc_edits(text: str) -> list[Edit]:
    """The algorithm as it was before it was made linear: the oracle."""
    nfc_ = unicodedata.normalize
    edits = []
    for m in _NON_ASCII_SEGMENT.finditer(text):
        seg = m.group()
        if unicodedata.is_normalized("NFC", seg):
            continue
        base = m.start()
        start = 0
        done = nfc_("NFC", seg[:1])
        for i in range(1, len(seg) + 1):
            if i < len(seg):
                c = seg[i]
                if unicodedata.combining(c) or nfc_("NFC", seg[start:i] + c) != done + c:
                    done = nfc_("NFC", seg[start : i + 1])
                    continue
            piece = seg[start:i]
            if done != piece:
                edits.append(Edit(base + start, base + i, piece, done, EditKind.UNICODE))
            if i < len(seg):
                start, done = i, nfc_("NFC", seg[i])
    return edits


# Characters where NFC does something: marks of several classes, letters they compose
# with, precomposed letters, singletons and exclusions, Hangul jamo and syllables, Indic
# vowel signs that compose as starters, Tibetan vowels that decompose to marks only.
HARD = (
    "aeiouAEIOUyYđĐ ạệǘ\u212b\u2126\u0958\u0f73\u0f75\u0f81\u0344\u0340"
    "\u0300\u0301\u0302\u0303\u0306\u0308\u0309\u031b\u0323\u0327\u0328\u05b0\u0591\u093c\u0f71\u0f72"
    "\u1100\u1161\u11a8\uac00\uac01\u0b47\u0b3e\u0b56\u0cc6\u0cc2\u0cd5\u0cca\u0dd9\u0dcf\u1025\u102e"
    "\u00e9\u1ea1\u0130ß\ufb03😀\ud800x\n"
)
hard_text = st.text(alphabet=st.sampled_from(HARD), max_size=60)


@settings(max_examples=400, deadline=None)
@given(hard_text)
def test_nfc_edits_as_before(text: str) -> None:
    assert _nfc_edits(text) == reference_nfc_edits(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(HARD), min_size=17, max_size=200))
def test_nfc_is_unicodedata_nfc(text: str) -> None:
    assert nfc(text) == unicodedata.normalize("NFC", text)


def test_long_runs_of_mixed_marks_as_before() -> None:
    runs = ["a" + "\u0301\u0323\u0300" * 40 + "b", "\u1ec7\u0323\u0301" * 30, "x\u0f73\u0301" * 20 + "\u0b47\u0b3e"]
    for text in runs:
        assert _nfc_edits(text) == reference_nfc_edits(text)
        assert nfc(text) == unicodedata.normalize("NFC", text)


def test_work_is_linear_in_the_length_of_a_run_of_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    # The work done, counted rather than timed: how many characters go through
    # unicodedata.normalize, and how many out-of-order mark pairs it must sort (CPython
    # sorts marks with an insertion sort). The previous algorithm normalized every prefix.
    seen: list[str] = []
    real = unicodedata.normalize

    def counting(form: str, s: str) -> str:
        seen.append(s)
        return real(form, s)  # type: ignore[arg-type]

    monkeypatch.setattr(unicodedata, "normalize", counting)
    text = "a" + "\u0301\u0323\u0300" * 200 + "b\u0301 c"
    edits = _nfc_edits(text)
    monkeypatch.undo()
    assert edits == reference_nfc_edits(text)
    assert sum(len(s) for s in seen) <= 4 * len(text)
    ccc = unicodedata.combining
    assert sum(sum(1 for x, y in itertools.pairwise(s) if ccc(x) > ccc(y) > 0) for s in seen) <= 4


def test_a_megabyte_of_marks() -> None:
    # 340,000 marks of three classes after one letter (1 MB of UTF-8): the previous
    # algorithm needed hours on this line.
    text = "a" + "\u0301\u0323\u0300" * 113_000 + " nững"
    g = Glossary.from_entries([Entry("nững", "những", Kind.TYPO)])
    out = g.normalize(text)
    view, edits = prepare(text)
    marks = "\u0323" * 112_999 + "\u0301\u0300" * 113_000
    assert view == "\u1ea1" + marks + " nững"
    assert out == "\u1ea1" + marks + " những"
    assert edits == [Edit(0, len(text) - 5, text[:-5], view[:-5], EditKind.UNICODE)]


# -- the Unicode fixes before NFC: Icelandic eth, a tone typed before a vowel mark ----------
_ETH = re.compile("[\u00d0\u00f0]")
_QUALITY = re.compile("[\u0302\u0306\u031b]")
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_SAME_CLASS_TONES = "\u0300\u0301\u0303\u0309"
_SAME_CLASS_QUALITY = re.compile("[\u0302\u0306]")


def reference_eth_edits(text: str) -> list[Edit]:
    """eth_edits as it was before it read each word once: the oracle."""
    from glossary.text import fold, is_word_char
    from glossary.vietnamese import counts

    if text.isascii() or _ETH.search(text) is None:
        return []
    out = []
    for m in _ETH.finditer(text):
        a = m.start()
        while a and is_word_char(text[a - 1]):
            a -= 1
        b = m.end()
        while b < len(text) and is_word_char(text[b]):
            b += 1
        word = unicodedata.normalize("NFC", text[a:b].replace("\u00d0", "Đ").replace("\u00f0", "đ"))
        if fold(word) in counts():
            after = "Đ" if m.group() == "\u00d0" else "đ"
            out.append(Edit(m.start(), m.end(), m.group(), after, EditKind.UNICODE))
    return out


def reference_mark_order_edits(text: str) -> list[Edit]:
    """mark_order_edits as it was before it read each run of marks once: the oracle."""
    if text.isascii() or _QUALITY.search(text) is None:
        return []
    out: list[Edit] = []
    for m in _QUALITY.finditer(text):
        a = m.start()
        while a and unicodedata.combining(text[a - 1]):
            a -= 1
        if not a or (out and out[-1].end > a - 1):
            continue
        a -= 1
        b = m.end()
        while b < len(text) and unicodedata.combining(text[b]):
            b += 1
        nfd = unicodedata.normalize("NFD", text[a:b])
        q = _SAME_CLASS_QUALITY.search(nfd)
        if q is None or not any(c in _SAME_CLASS_TONES for c in nfd[1 : q.start()]):
            continue
        marks = nfd[1:]
        ordered = "".join(c for c in marks if c not in _TONE_MARKS) + "".join(c for c in marks if c in _TONE_MARKS)
        after = unicodedata.normalize("NFC", nfd[0] + ordered)
        if len(after) == 1:
            out.append(Edit(a, b, text[a:b], after, EditKind.UNICODE))
    return out


VIET = "aeoiuyđnhcgt ÐðĐ\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031bêôơưăạệ.-"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(VIET + HARD), max_size=40))
def test_unicode_fixes_as_before(text: str) -> None:
    from glossary.text import eth_edits, mark_order_edits

    assert eth_edits(text) == reference_eth_edits(text)
    assert mark_order_edits(text) == reference_mark_order_edits(text)


def test_the_unicode_fixes_read_each_word_and_run_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import glossary.text as text_module
    from glossary.text import eth_edits, mark_order_edits

    nfc("a" + "\u0301\u0323" * 20)  # the table of marks is built once, outside the count
    calls = [0]
    real_combining, real_word = unicodedata.combining, text_module.is_word_char

    def combining(c: str) -> int:
        calls[0] += 1
        return real_combining(c)

    def word(c: str) -> bool:
        calls[0] += 1
        return real_word(c)

    marks = "tie" + "\u0301\u0302\u0323" * 200 + "ng"
    eths = "ð" * 600
    monkeypatch.setattr(unicodedata, "combining", combining)
    monkeypatch.setattr(text_module, "is_word_char", word)
    got = mark_order_edits(marks), eth_edits(eths)
    monkeypatch.undo()
    assert got == (reference_mark_order_edits(marks), reference_eth_edits(eths))
    assert calls[0] <= 4 * (len(marks) + len(eths))


def test_a_megabyte_of_vowel_and_tone_marks() -> None:
    # the vowel-mark and eth fixes on a 1 MB line: no single letter comes of so many marks,
    # and the long "word" of eths is no Vietnamese syllable, so it is NFC that remains
    text = "tie" + "\u0301\u0302\u0323" * 110_000 + "ng ð" + "ð" * 100_000
    view, _ = prepare(text)
    assert view == nfc(text) and view.startswith("ti\u1eb9\u0323")


# Characters the whole-text pass of nfc_edits takes (texts longer than cleanup._BULK):
# letters, marks of several classes, precomposed letters, spaces, a lone surrogate; and a
# few that send a text back to the walk (a singleton, a Hangul vowel, an astral letter).
SIMPLE = "aeoyAEđ ạệǘ\n\u0300\u0301\u0302\u0303\u0306\u0308\u0309\u031b\u0323\u0327\u05b0\u093c\ud800x"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(SIMPLE), max_size=60), st.sampled_from(["", "", "\u212b", "\u1161", "😀"]))
def test_nfc_edits_by_whole_text_passes_as_before(text: str, odd: str) -> None:
    from glossary import cleanup

    text += odd
    bulk = cleanup._BULK
    cleanup._BULK = 0  # every text tries the whole-text pass
    try:
        assert _nfc_edits(text) == reference_nfc_edits(text)
    finally:
        cleanup._BULK = bulk


def test_long_text_in_pieces() -> None:
    # nfc and nfd normalize a long text a piece at a time, cut before spaces and line
    # breaks (and not at all inside a piece with neither): the same as one call.
    from glossary.canonical import nfc, nfd

    unit = "nững CABD 😀 ab cd\u0301 İZ ß x\u0301\u0323 ﬃ\n a\u0323\u0302\u0301 "
    long_word = "a\u0301\u0323" * 40_000  # no cut inside: one piece of 120k characters
    for text in (unit * 9_000, long_word + " " + unit * 3_000, unicodedata.normalize("NFD", unit) * 9_000):
        assert nfc(text) == unicodedata.normalize("NFC", text)
        assert nfd(text) == unicodedata.normalize("NFD", text)
