"""The C weigher (``_speedups.Weigher``, glossary/_weigh.c) against realword's Python
weighing: the same verdict, the same kin and the same nats to the bit, for any word and
any neighbouring classes."""

from __future__ import annotations

import random
from functools import cache

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from glossary import realword
from glossary.context import BREAK, EN, NUM, UNK, BigramModel, kin, model
from glossary.files import count_map
from glossary.vietnamese import counts

pytestmark = pytest.mark.skipif(realword._c_weigher() is None, reason="the C extension is not built here")


@cache
def _words() -> list[str]:
    """Words with kin of every kind the weigher meets: marked syllables, unaccented forms
    English uses or not, unaccented non-words, common and rare ones."""
    rng = random.Random(11)
    pool = sorted({w.lower() for w in realword.candidates()})
    picked = ["dung", "khong", "the", "to", "giup", "chenh", "bản", "cu", "nhất", "trọ", "lưa", "mủi", "tư", "con",
              "va", "bo", "quanh", "nhap", "cai", "dat", *rng.sample(pool, 300)]
    return [w for w in dict.fromkeys(picked) if kin(w)]


@cache
def _classes() -> list[str]:
    """Classes a neighbour may have: the specials, syllables of the table (frequent and
    rare), and syllables the table never saw."""
    m = model()
    rng = random.Random(12)
    vocab = [w for w in m.index if not w.startswith("<")]
    unseen = sorted(w for w in counts() if w not in m.index)
    frequent = sorted(vocab, key=m.count, reverse=True)[:60]
    return [BREAK, EN, NUM, UNK, *frequent, *rng.sample(vocab, 100), *rng.sample(unseen, 30)]


def _c(low: str, left: str, right: str) -> tuple[float, str] | None:
    return realword._weighed.__wrapped__(low, left, right)  # type: ignore[attr-defined,no-any-return]


@settings(max_examples=600, deadline=None)
@given(st.data())
@example(None)
def test_the_c_weigher_gives_what_python_gives(data: st.DataObject | None) -> None:
    if data is None:  # a slip from the golden cases, its kin winning in C as in Python
        assert _c("dung", "áp", "bộ") == realword._weigh_python("dung", "áp", "bộ") is not None
        return
    low = data.draw(st.sampled_from(_words()))
    left, right = data.draw(st.sampled_from(_classes())), data.draw(st.sampled_from(_classes()))
    assert _c(low, left, right) == realword._weigh_python(low, left, right), (low, left, right)


def test_the_c_weigher_agrees_on_every_pair_of_neighbours_of_some_words() -> None:
    # every class beside a few words, on both sides: the rules' branches (a break, an
    # English neighbour, a run of unaccented words, no evidence asked) all met
    classes = _classes()
    found = 0
    for low in ("dung", "khong", "giup", "bản", "the", "cu"):
        for left in classes[::3]:
            for right in classes[::3]:
                want = realword._weigh_python(low, left, right)
                assert _c(low, left, right) == want, (low, left, right)
                found += want is not None
    assert found > 100


def _tiny() -> object:
    """A weigher over a table of nine classes, where the kin ``a`` and ``b`` of ``x`` score
    the same between ``l`` and ``r``, each taking half of the pairs that begin with ``l``."""
    from glossary._speedups import Counts, Weigher

    names = [BREAK, EN, NUM, UNK, "l", "r", "x", "a", "b"]
    index = {w: i for i, w in enumerate(names)}
    size = len(names)
    pairs = {index["l"] * size + index["a"]: 100, index["l"] * size + index["b"]: 100,
             index["a"] * size + index["r"]: 100, index["b"] * size + index["r"]: 100}
    from array import array

    table = Counts(array("I", pairs).tobytes(), array("I", pairs.values()).tobytes())
    counts = (5, 5, 5, 5, 1000, 1000, 10, 1000, 1000)
    lefts = (0, 0, 0, 0, 200, 0, 50, 100, 100)
    types = (0, 0, 0, 0, 2, 0, 10, 1, 1)
    rights = (0, 0, 0, 0, 0, 200, 0, 100, 100)
    return Weigher(index, counts, lefts, types, rights, table, (BREAK, EN, NUM, UNK), 0.05, realword._constants(),
                   lambda low, k: 0.5, lambda k: 0.01)


def test_a_tie_goes_to_the_greater_kin_and_half_of_a_neighbours_pairs_is_a_compound() -> None:
    # as Python's max over (score, kin) picks, and realword._compound's share >= 1/2
    from glossary.context import K, _bounded

    profile = ("x", False, 5, (("a", 7), ("b", 8)), True, 6, 10, 0.001, 0.0)
    nats, best, by_break = _tiny().weigh(profile, "l", "r", 0.01)  # type: ignore[attr-defined]
    score = _bounded(100.0, 200, max(K, 2), 0.01, False) + _bounded(100.0, 100, max(K, 1), 0.01, False) - 0.5
    keep = _bounded(0.0, 200, max(K, 2), 0.001, True) + _bounded(0.0, 50, max(K, 10), 0.01, True)
    margin = realword.MARGIN - realword.COMPOUND_BONUS  # b takes half of what follows l: a compound
    assert (best, by_break) == ("b", False)
    assert nats == score - keep - margin
    # a word used COMPOUND_MAX times still gains the compound's bonus; once more, not
    at_max = (*profile[:6], realword.COMPOUND_MAX, *profile[7:])
    over = (*profile[:6], realword.COMPOUND_MAX + 1, *profile[7:])
    assert _tiny().weigh(at_max, "l", "r", 0.01)[0] == nats  # type: ignore[attr-defined]
    assert _tiny().weigh(over, "l", "r", 0.01)[0] == nats - realword.COMPOUND_BONUS  # type: ignore[attr-defined]


#: the classes of the made-up tables below: real syllables (so that their kin, channel
#: costs and general counts are the real ones), unaccented forms English uses or not
_VOCAB = [BREAK, EN, NUM, UNK, "áp", "bộ", "dung", "dụng", "dùng", "dũng", "bạn", "bản", "ban", "của", "cua",
          "không", "khong", "the", "thẻ", "thế", "ten", "tên", "mở", "nhấn"]
_WORDS = ["dung", "dụng", "bản", "ban", "cua", "khong", "the", "ten", "giup", "mo"]


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_the_c_weigher_gives_what_python_gives_on_any_table(data: st.DataObject) -> None:
    # made-up tables whose counts often tie (a kin as frequent as the word, a word used
    # exactly COMPOUND_MAX times, a pair exactly EVIDENCE times) and whose margins (the
    # pairs each class begins and ends, the tokens after it) are drawn apart
    size = len(_VOCAB)
    unigrams = data.draw(st.lists(st.sampled_from([0, 1, 5, 10, 40, 3000, 3001]), min_size=size, max_size=size))
    margins = tuple(data.draw(st.lists(st.sampled_from([0, 1, 3, 10, 100, 200, 300, 6000]), min_size=size,
                                       max_size=size)) for _ in range(3))
    low = data.draw(st.sampled_from(_WORDS))
    left = data.draw(st.sampled_from([*_VOCAB, "nghiêng"]))  # (a syllable no table saw)
    right = data.draw(st.sampled_from([*_VOCAB, "nghiêng"]))
    # the pairs that matter drawn one by one (the word's and its kin's with each neighbour,
    # and English's), a few more anywhere
    index = {w: i for i, w in enumerate(_VOCAB)}
    near = [index[w] for w in (low, *kin(low), EN) if w in index]
    keys = {a * size + b for x in near for a, b in ((index.get(left, -1), x), (x, index.get(right, -1))) if a >= 0 <= b}
    count = st.sampled_from([0, 1, 2, 4, 5, 6, 50, 100, 150])
    pairs = {k: n for k in sorted(keys) if (n := data.draw(count))}
    pairs.update(data.draw(st.dictionaries(st.integers(0, size * size - 1), count.filter(bool), max_size=20)))
    from array import array

    table = count_map(array("I", pairs).tobytes(), array("I", pairs.values()).tobytes())
    m = BigramModel(list(_VOCAB), unigrams, table, margins)  # type: ignore[arg-type]
    weigher = realword._weigher_of(m)
    with pytest.MonkeyPatch.context() as mp:  # the made-up table read by both ways of weighing, nothing cached
        mp.setattr(realword, "model", lambda: m)
        mp.setattr(realword, "_weigher", lambda: weigher)
        mp.setattr(realword, "_profile", realword._profile.__wrapped__)  # type: ignore[attr-defined]
        realword._seen_kin.cache_clear()
        realword.another_domain.cache_clear()
        try:
            want = realword._weigh_python(low, left, right)
            got = _c(low, left, right)
        finally:
            realword._seen_kin.cache_clear()
            realword.another_domain.cache_clear()
    assert got == want, (low, left, right)
