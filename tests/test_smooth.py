"""The smoothed bigrams in C (``_speedups.Smoothed``, glossary/_smooth.c) against
``Tables.between_python``: the same doubles to the bit, for any words between any
neighbours, on the built-in tables and on made-up ones."""

from __future__ import annotations

import math
import random
from array import array
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary import _restore_model
from glossary._restore_model import D, Tables, tables
from glossary.context import BREAK, EN, NUM, UNK, kin
from glossary.files import sorted_finder

Smoothed: Any
try:
    from glossary._speedups import Smoothed
except ImportError:
    Smoothed = None

pytestmark = pytest.mark.skipif(Smoothed is None, reason="the C extension is not built here")


def test_the_built_in_tables_weigh_alike_in_c_and_python() -> None:
    t = tables()
    c = Smoothed(t._keys, t._counts, array("I", t._kinds), D)
    rng = random.Random(5)
    vocab = sorted(t.index)
    frequent = sorted(vocab, key=lambda w: t.kinds(t.index[w]), reverse=True)[:40]
    seen = {"after": 0, "before": 0}
    for _ in range(3000):
        left = rng.choice([*rng.sample(frequent, 3), rng.choice(vocab), BREAK, EN, "xyzzy"])
        right = rng.choice([*rng.sample(frequent, 3), rng.choice(vocab), BREAK, NUM, "qư"])
        words = [*kin(rng.choice(["cua", "nay", "dung", "khong", "ban", "đê", rng.choice(vocab)]))[:8],
                 rng.choice(vocab), "khôngg", UNK]
        got = c.between(t.info(left), t.info(right), words, t._info, t.info)
        assert got == t.between_python(left, words, right), (left, words, right)
        il, ir = t.info(left)[0], t.info(right)[0]
        for iw in (t.info(w)[0] for w in words):
            seen["after"] += bool(il >= 0 <= iw and t._pair(il * t.size + iw))
            seen["before"] += bool(iw >= 0 <= ir and t._pair(iw * t.size + ir))
    assert seen["after"] > 1000 and seen["before"] > 1000  # both of each pair's readings met, many times
    if t._smoothed is not None:  # the tables' own between is the C one
        assert t.between("chó", ["của", "cua"], "nhà") == t.between_python("chó", ["của", "cua"], "nhà")


Info = tuple[int, float, float, float, float]


def _made_up(size: int, pairs: dict[int, int], kinds: list[int], infos: dict[str, Info]) -> Tables:
    """A Tables over made-up arrays, its words' numbers given."""
    t = Tables.__new__(Tables)
    keys = sorted(pairs)
    t.size, t._keys, t._counts = size, array("I", keys), array("I", [pairs[k] for k in keys])
    t._find, t._kinds, t._info = sorted_finder(t._keys), tuple(kinds), dict(infos)
    return t


_floats = st.floats(-30, 0, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_made_up_tables_weigh_alike_in_c_and_python(data: st.DataObject) -> None:
    size = data.draw(st.sampled_from([1, 2, 3, 7, 70_000]))  # 70,000: some keys of the ids past 2**32
    ids = st.integers(-1, size - 1)
    pairs = data.draw(st.dictionaries(st.integers(0, min(size * size, 2**32 - 2)), st.integers(1, 2**31), max_size=20))
    kinds = data.draw(st.lists(st.integers(0, 2**32 - 1), min_size=size, max_size=size)) if size < 100 else (
        [data.draw(st.integers(0, 2**32 - 1))] * size)
    names = [f"w{i}" for i in range(6)]
    infos = {n: (data.draw(ids), data.draw(st.floats(1e-8, 1)), data.draw(_floats), data.draw(_floats),
                 data.draw(_floats)) for n in names}
    for (a, b) in [(data.draw(ids), data.draw(ids)) for _ in range(3)]:  # pairs the words' ids make, seen
        if a >= 0 <= b and a * size + b < 2**32 - 1:
            pairs[a * size + b] = data.draw(st.integers(1, 1000))
    t = _made_up(size, pairs, kinds, infos)
    c = Smoothed(t._keys, t._counts, array("I", kinds), D)
    left, right = data.draw(st.sampled_from(names)), data.draw(st.sampled_from(names))
    words = data.draw(st.lists(st.sampled_from(names), max_size=6))
    got = c.between(infos[left], infos[right], words, t._info, lambda w: pytest.fail(f"{w} asked"))
    want = t.between_python(left, words, right)
    assert [math.copysign(1, x) for x in got] == [math.copysign(1, x) for x in want] and got == want


def test_a_pair_past_the_keys_range_is_unseen_not_wrapped() -> None:
    size, a, b = 70_000, 65_000, 1_000  # a * size + b is past 2**32; what it wraps to is a pair
    wrapped = (a * size + b) % 2**32
    infos = {"a": (a, 0.5, math.log(0.5), -1.0, 1.0), "b": (b, 0.25, math.log(0.25), -2.0, 0.5)}
    t = _made_up(size, {wrapped: 9}, [3] * size, infos)
    c = Smoothed(t._keys, t._counts, array("I", t._kinds), D)
    got = c.between(infos["a"], infos["b"], ["b"], t._info, None)
    assert got == t.between_python("a", ["b"], "b") == [(-1.0 + math.log(0.25)) + (-2.0 + math.log(0.25))]


def test_a_word_it_lacks_numbers_for_is_asked_once_per_call() -> None:
    t = _made_up(2, {0 * 2 + 1: 3, 1 * 2 + 0: 5}, [1, 2], {"a": (0, 0.5, math.log(0.5), -1.0, 1.0)})
    c = Smoothed(t._keys, t._counts, array("I", t._kinds), D)
    asked: list[str] = []

    def info(w: str) -> Info:
        asked.append(w)
        return (1, 0.25, math.log(0.25), -2.0, 0.5)

    got = c.between(t._info["a"], t._info["a"], ["b", "a"], t._info, info)
    assert asked == ["b"]
    t._info["b"] = info("b")
    assert got == t.between_python("a", ["b", "a"], "a")
    assert got[0] == (math.log(3 - D + D * 1 * 0.25) - 1.0) + (math.log(5 - D + D * 2 * 0.5) - 0.5)


def test_misuse_is_refused() -> None:
    keys, counts, kinds = array("I", [1, 4]), array("I", [2, 3]), array("I", [1, 1, 1])
    for bad in ((b"\x00" * 8, counts, kinds), (keys, array("Q", [2, 3]), kinds), (keys, array("I", [2]), kinds),
                (keys, counts, "abc"), (keys, counts, array("i", [1]))):
        with pytest.raises((ValueError, TypeError)):
            Smoothed(*bad, D)
    c = Smoothed(keys, counts, kinds, D)
    good = (0, 0.5, -0.7, -1.0, 0.0)
    for info in ((0, 0.5, -0.7, -1.0), (3, 0.5, -0.7, -1.0, 0.0), (-2, 0.5, -0.7, -1.0, 0.0),
                 (0, "x", -0.7, -1.0, 0.0), [0, 0.5, -0.7, -1.0, 0.0], (2**70, 0.5, -0.7, -1.0, 0.0)):
        with pytest.raises((ValueError, TypeError, OverflowError)):
            c.between(good, good, ["w"], {"w": info}, lambda w: good)
        with pytest.raises((ValueError, TypeError, OverflowError)):
            c.between(good, good, ["w"], {}, lambda w, info=info: info)
    with pytest.raises(ZeroDivisionError):
        c.between(good, good, ["w"], {}, lambda w: 1 / 0)
    words = ["w", "v", "u"]

    def emptying(w: str) -> tuple[int, float, float, float, float]:
        words.clear()  # the list it was handed, changed while it runs
        return good

    assert len(c.between(good, good, words, {}, emptying)) == 3
    with pytest.raises(TypeError):
        c.between(good, good, 5, {}, lambda w: good)
    with pytest.raises(TypeError):
        c.between(good, good, ["w"], [], lambda w: good)
    assert c.between(good, good, [], {}, lambda w: good) == []
    one = (1, 0.25, math.log(0.25), -2.0, 0.5)  # seen after good (key 1) and before itself (key 4)
    before = c.between(good, one, ["w"], {"w": one}, None)
    assert before == [(math.log(2 - D + D * 1 * 0.25) - 0.0) + (math.log(3 - D + D * 1 * 0.25) - 0.5)]
    c.__init__(array("I"), array("I"), array("I"), 0.0)  # made whole by its constructor: this changes nothing
    assert c.between(good, one, ["w"], {"w": one}, None) == before


def test_the_tables_use_c_unless_told_not_to(monkeypatch: pytest.MonkeyPatch) -> None:
    t = tables()
    monkeypatch.delenv("GLOSSARY_PURE_PYTHON", raising=False)
    assert _restore_model._smoothed(t._keys, t._counts, array("I", t._kinds)) is not None
    monkeypatch.setenv("GLOSSARY_PURE_PYTHON", "1")
    assert _restore_model._smoothed(t._keys, t._counts, array("I", t._kinds)) is None
