"""The injector and scorer of the chat shorthand evaluation (``shorthand_eval.py``)."""

from __future__ import annotations

import random

from glossary import Explained
from glossary.model import Edit, EditKind, Kind, Match

from .shorthand_eval import Injected, inject, score, shorthand_keys, unaccented

KEYS = shorthand_keys()


def test_injection_replaces_standard_forms_by_their_keys_and_knows_where() -> None:
    line = "Bạn không biết mật khẩu như thế nào, không?"
    text, found = inject(line, random.Random(1), KEYS, rate=1.0)
    assert text.startswith("Bạn ")  # a capitalised word is left
    assert [i.form for i in found] == ["không", "biết", "mật khẩu", "như thế nào", "không"]  # the longest form
    for inj in found:
        assert text[inj.start : inj.end] == inj.key
        assert (inj.key, inj.ambiguous) in KEYS[tuple(inj.form.split())]
    again = inject(line, random.Random(1), KEYS, rate=1.0)
    assert again == (text, found)  # seeded: the same every run
    assert inject(line, random.Random(1), KEYS, rate=0.0) == (line, [])


def test_unaccented_strips_every_word_but_the_shorthand() -> None:
    case = ("tôi mún đi", [Injected(4, 7, "mún", "muốn", False)])
    assert unaccented([case]) == [("toi mún di", case[1])]


def test_scoring_counts_right_wrong_reported_and_left() -> None:
    text = "ko biết k được, ng"
    found = [Injected(0, 2, "ko", "không", False), Injected(8, 9, "k", "không", True),
             Injected(16, 18, "ng", "người", True)]
    e = EditKind.VARIANT

    def system(t: str) -> Explained:
        edits = (Edit(0, 2, "ko", "không", e, "ko"), Edit(8, 9, "k", "nghìn", e, "k"))
        return Explained(t, edits, (Match(16, 18, "ng", Kind.ABBREVIATION, None, ()),))

    r = score(system, [(text, found)], marked=True)
    assert (r["fixed"], r["fixed right"], r["ambiguous"], r["ambiguous wrong"], r["ambiguous reported"]) == (1, 1, 2, 1, 1)
    assert r.get("elsewhere", 0) == 0
    r = score(lambda t: Explained(t, ()), [(text, found)], marked=True)
    assert (r["fixed left"], r["ambiguous left"]) == (1, 2)
    marks = (Edit(3, 7, "biết", "bịet", EditKind.MARKS, ""),)  # restored marks where nothing was injected
    assert score(lambda t: Explained(t, marks), [(text, found)], marked=True)["elsewhere"] == 1
    assert score(lambda t: Explained(t, marks), [(text, found)], marked=False).get("elsewhere", 0) == 0
