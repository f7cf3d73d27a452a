"""The prepared view in C (``glossary/_prepare.c``) against the Python path and a reference.

Both paths must give the same view and the same edits, split the same way, on any text:
NFC, NFD and mixed, runs of spaces, no-break and zero-width spaces anywhere (indentation,
trailing space, next to combining marks), CRLF, and characters whose composition is
unusual (Hangul jamo, Indic vowel signs, singletons, marks out of order).
"""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from glossary import apply_edits
from glossary import text as text_module
from glossary.edits import OffsetMap, compose
from glossary.model import Edit, EditKind
from glossary.text import eth_edits, mark_order_edits, prepare, prepare_explained, prepare_map

from .conftest import shared_corpus

pytestmark = pytest.mark.skipif(text_module._c_prepare is None, reason="the C extension is not built")

_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_RUN = re.compile("[ \u00a0\u200b]+")


def reference_view(text: str, spaces: bool = True) -> str:
    """What the view is, written plainly: the eth and mark-order fixes, NFC; inside a line, a run of spaces,
    no-break and
    zero-width spaces becomes one space (none if it is only zero-width spaces); at a line's
    start or end zero-width spaces are dropped; then NFC again (a dropped zero-width space
    can put a mark next to a letter it composes with). Zero-width spaces just before a
    combining mark go first, so that the mark-order fix sees the marks together."""
    if spaces:
        text = re.sub("\u200b+(?=[\u0300-\u036f])", "", text)
    while fixes := sorted(eth_edits(text) + mark_order_edits(text)):  # the fixes NFC does not make, shared
        text = apply_edits(text, fixes)
    nfc = unicodedata.normalize("NFC", text)
    if not spaces:
        return nfc
    out = []
    pos = 0
    for m in _RUN.finditer(nfc):
        s, e, run = m.start(), m.end(), m.group()
        out.append(nfc[pos:s])
        inside = s > 0 and nfc[s - 1] not in _BREAKS and e < len(nfc) and nfc[e] not in _BREAKS
        if inside:
            out.append(run if run == " " else (" " if run.strip("\u200b") else ""))
        else:
            out.append(run.replace("\u200b", ""))
        pos = e
    out.append(nfc[pos:])
    return unicodedata.normalize("NFC", "".join(out))


def both(text: str, spaces: bool = True) -> None:
    c_view, c_edits = prepare(text, spaces=spaces, engine="c")
    py_view, py_edits = prepare(text, spaces=spaces, engine="python")
    assert c_view == py_view == reference_view(text, spaces)
    assert c_edits == py_edits
    assert apply_edits(text, c_edits) == c_view
    assert type(c_view) is str and unicodedata.is_normalized("NFC", c_view)
    assert prepare(text, spaces=spaces, engine="c", explain=False)[0] == c_view
    assert prepare(text, spaces=spaces, engine="python", explain=False)[0] == c_view  # whole-text passes
    map_view, where = prepare_map(text, spaces=spaces, engine="c")
    expected = OffsetMap(py_edits)
    assert map_view == c_view
    both_view, both_edits, both_map = prepare_explained(text, spaces=spaces, engine="c")
    assert (both_view, both_edits) == (c_view, c_edits)
    if c_view:  # a later round composed through the map made in C, or through one made here
        second = [Edit(0, min(2, len(c_view)), c_view[:2], "X", EditKind.TYPO)]
        assert compose(text, c_edits, second, c_view, both_map) == compose(text, py_edits, second, c_view)
    step = 1 if len(text) < 5_000 else 7  # long real texts: a sample of their offsets
    for right in (False, True):
        assert [both_map.to_input(i, right=right) for i in range(0, len(c_view) + 1, step)] == [
            expected.to_input(i, right=right) for i in range(0, len(c_view) + 1, step)]
        assert [where.to_input(i, right=right) for i in range(0, len(c_view) + 1, step)] == [
            expected.to_input(i, right=right) for i in range(0, len(c_view) + 1, step)]
        assert [where.to_output(i, right=right) for i in range(0, len(text) + 1, step)] == [
            expected.to_output(i, right=right) for i in range(0, len(text) + 1, step)]


ALPHABET = (
    "aeoudAEiy đĐ "  # letters and spaces
    "\u00a0\u00a0\u200b\u200b  \n\r\t"  # no-break and zero-width spaces, line breaks
    "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b\u0308"  # Vietnamese and other marks
    "ếệườĂẫ\u00e9\u00c5"  # composed letters
    "\u1100\u1161\u11a8\uac00"  # Hangul jamo and a syllable
    "\u0b47\u0b3e\u09c7\u09be"  # Indic vowels that compose
    "\u0387\u212b\u2000\u0344\u0f73\u0958"  # singletons, marks that decompose, an exclusion
    "<=\u0338\u2028\u0085😀\U0001d15e\U00011131\U00011127"  # a negation, line separators, astral
)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40), st.booleans())
@example("E\u200b\u0300", True)
@example("tie\u0301\u0302ng  \u00e9\u0302", True)  # a tone typed before the vowel mark: fixed first
@example("\u00d0i\u1ec1u \u00f0\u00f3, me\u00f0", True)  # an eth in a Vietnamese word: fixed first
@example("a\u0301\u200b\u0323 x", True)
@example(" \u0301\u0323\u00a0 b", True)
@example("\u00a0\u0301\u0323  b", True)
@example("\u0b47\u200b\u0b3e", True)
@example("\u1100\u1161\u11a8\u1161", True)
@example("\r\n\u200b\u0301 x \r\n", True)
@example("\u00c0\u200b\u0302", True)  # a zero-width space hid a mark typed out of order: one pass fixes it
@example("\u00c0\u200b\u0302", False)
def test_c_and_python_agree_on_any_text(text: str, spaces: bool) -> None:
    both(text, spaces)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Việt", "Nam", "người", "  ", " ", "\u00a0", "\u200b", "\n", "\r\n", "ở", "x"]),
                max_size=30), st.sampled_from(["NFC", "NFD", "mixed"]))
def test_c_and_python_agree_on_vietnamese(parts: list[str], form: str) -> None:
    rng = random.Random(len(parts))
    if form == "NFD":
        parts = [unicodedata.normalize("NFD", p) for p in parts]
    elif form == "mixed":
        parts = [unicodedata.normalize("NFD", p) if rng.random() < 0.5 else p for p in parts]
    both("".join(parts))


@pytest.mark.parametrize("text", [
    "a" + "\u0301\u0323" * 200,  # a long run of marks out of order: the Python path decides
    "\u0387" * 100,
    "x\u200b" * 50 + "\u0301",
    "\u200b" * 30 + "\n" + "\u00a0" * 30 + "x" + " \u200b" * 40 + "y",
])
def test_adversarial(text: str) -> None:
    both(text)
    both(text, spaces=False)


def test_real_text_in_every_shape() -> None:
    corpus = shared_corpus()[:60_000]
    rng = random.Random(11)
    words = corpus.split(" ")
    nbsp = "".join(w + rng.choice([" ", " ", " ", "\u00a0", "\u00a0 ", "  "]) for w in words)
    zw = "".join(w + rng.choice([" ", " ", " ", " \u200b", "\u200b", "\u200b\n"]) for w in words)
    nfd = unicodedata.normalize("NFD", corpus)
    mixed = "\n".join(unicodedata.normalize("NFD", p) if i % 2 else p for i, p in enumerate(corpus.split("\n")))
    for variant in (corpus, nfd, mixed, nbsp, zw, corpus.replace("\n", "\r\n"), unicodedata.normalize("NFD", zw)):
        both(variant)
        both(variant, spaces=False)


def test_the_list_of_starters_that_compose_is_complete() -> None:
    """Every starter that composes with the character before it (second of a canonical
    pair, class 0) must be in _prepare.c's list, or a segment holding it would be taken
    for NFC without being looked at."""
    import pathlib

    source = (pathlib.Path(text_module.__file__).parent / "_prepare.c").read_text(encoding="utf-8")
    body = source.split("static int maybe_composes", 1)[1].split("\n}\n", 1)[0]
    listed = {int(x, 16) for x in re.findall(r"0x([0-9A-Fa-f]+)", body.split("};", 1)[0])}
    ranges = [(int(a, 16), int(b, 16)) for a, b in re.findall(r"c >= 0x([0-9A-Fa-f]+) && c < 0x([0-9A-Fa-f]+)", body)]
    missing = []
    for cp in range(0x110000):
        d = unicodedata.decomposition(chr(cp))
        if not d or d.startswith("<"):
            continue
        parts = [int(x, 16) for x in d.split()]
        if len(parts) != 2 or unicodedata.normalize("NFC", chr(cp)) != chr(cp):
            continue
        second = parts[1]
        if unicodedata.combining(chr(second)) == 0 and second not in listed and not any(
            a <= second < b for a, b in ranges
        ):
            missing.append(hex(second))
    assert missing == []


def test_threads_share_the_caches_safely() -> None:
    """The piece and property caches are shared; threads preparing texts at once (with
    astral characters and more pieces than the cache holds) get what one thread gets."""
    from concurrent.futures import ThreadPoolExecutor

    rng = random.Random(5)
    texts = []
    for _ in range(24):
        letters = [rng.choice("aeiouy") + "".join(rng.sample("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b", 2))
                   for _ in range(400)]
        texts.append(" ".join(letters) + " \U0001d15e\u0301 \U00011131\U00011127 \u00a0 x\u200b")
    expected = [prepare(t, engine="python") for t in texts]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda t: prepare(t, engine="c"), texts * 3))
    assert got == expected * 3
