"""The pure-Python engine's own paths: a fixed-point round that reads only the suspects the
round before left (``pyscan.carry``) finds what a pass over the whole text finds, and
what the C engine finds."""

from __future__ import annotations

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import glossary.scan
from glossary import Entry, Glossary, GlossaryFileError, Kind
from glossary.pyscan import carry
from glossary.scan import Scanner
from glossary.text import prepare

WORDS = ["ab", "Ab", "AB", "cd", "đa", "ĐA", "x.y", "a-b", "b'", "ef", "1", "İa", "gh"]
SEPS = [" ", " ", " ", "\n", ".", ", ", "-", "\t", "(", ")"]
KINDS = frozenset({Kind.TYPO, Kind.VARIANT})


@st.composite
def chained(draw: st.DrawFn) -> list[Entry]:
    """Typo rows whose fixes are often keys themselves, or complete keys with a neighbour."""
    keys = draw(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(" ".join),
                         min_size=1, max_size=7, unique_by=str.lower))
    out = []
    for key in keys:
        rep = draw(st.lists(st.sampled_from([*WORDS, "zz", "q r"]), min_size=1, max_size=2).map(" ".join))
        out.append(Entry(key, rep, draw(st.sampled_from([Kind.TYPO, Kind.VARIANT]))))
    return out


many_hits = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), min_size=30, max_size=160).map(
    lambda parts: "".join(w + s for w, s in parts))


def rounds(scanner: Scanner, view: str, maxlen: int, suspects: bool) -> tuple[str, list[object]]:
    """The fixed-point rounds of ``Glossary.normalize``, with or without the suspects."""
    cur, windows, sus, log = view, None, None, []
    for _ in range(8):
        got = scanner.fix(cur, windows, explain=True, suspects=sus if suspects else None)
        log.append(got.edits)
        cur, sus = got.text, got.suspects
        if not got.changed:
            break
        windows = [(a - maxlen, b + 1) for a, b in got.changed]
    return cur, log


@settings(max_examples=150, deadline=None)
@given(entries=chained(), text=many_hits)
@example(  # a run of "ab" tiled anew each round: a carried suspect of two tokens lost the first
    entries=[Entry("cd", "ab", Kind.TYPO), Entry("ab", "ab", Kind.TYPO), Entry("ab đa", "ab", Kind.TYPO),
             Entry("đa", "ab ab", Kind.TYPO), Entry("ab ab", "ab cd", Kind.TYPO), Entry("x.y", "ab", Kind.TYPO)],
    text="ab " * 28 + "cd " + "ab " * 34 + "\nab ab-")
def test_rounds_on_suspects_find_what_whole_passes_find(entries: list[Entry], text: str) -> None:
    try:
        g = Glossary.from_entries(entries, allow_chains=True, engine="python")
    except GlossaryFileError:
        assume(False)
        raise
    view, _ = prepare(text)
    maxlen = max(g._table.maxlen, 8)
    want = rounds(Scanner(g._table, KINDS, engine="python"), view, maxlen, suspects=False)
    assert rounds(Scanner(g._table, KINDS, engine="python"), view, maxlen, suspects=True) == want
    assert g.normalize(text) == want[0]
    if glossary.scan._speedups is not None:
        c = Glossary.from_bytes(g.to_bytes(), engine="c")
        assert c.normalize(text) == want[0]
        assert c.normalize_and_explain(text) == g.normalize_and_explain(text)


def tokens(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for tok in text.split():
        at = text.find(tok, at)
        out.append((at, tok))
        at += len(tok)
    return out


@st.composite
def moved(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    text = draw(st.text(alphabet=st.sampled_from("ab \n\t.-\u00a0"), max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    moves = []
    last = -1
    for s, e in zip(cuts[::2], cuts[1::2], strict=False):
        if s > last:  # apart: no two replacements at one point
            moves.append((s, e, draw(st.text(alphabet=st.sampled_from("cd \n"), max_size=4))))
            last = e
    return text, moves


@settings(max_examples=400, deadline=None)
@given(case=moved(), keep=st.lists(st.booleans(), min_size=40, max_size=40))
def test_carry_covers_every_token_a_replacement_touches(
    case: tuple[str, list[tuple[int, int, str]]], keep: list[bool]
) -> None:
    """Each suspect carried is the text at its offset, starting and ending between tokens;
    together they hold every token of the new text that touches a replacement and every
    old suspect left as it was."""
    old, moves = case
    parts, pos = [], 0
    for s, e, after in moves:
        parts += [old[pos:s], after]
        pos = e
    new = "".join(parts) + old[pos:]
    suspects = [t for t, k in zip(tokens(old), keep, strict=False) if k]
    got = carry(new, suspects, moves)
    n = len(new)
    for t, seg in got:
        assert new[t : t + len(seg)] == seg and seg and not any(c.isspace() for c in seg)  # one token
        assert t == 0 or new[t - 1].isspace() or not seg
        assert t + len(seg) == n or new[t + len(seg)].isspace() or not seg
    assert [t for t, _ in got] == sorted(t for t, _ in got)

    def covered(t: int, tok: str) -> bool:
        return any(a <= t and t + len(tok) <= a + len(seg) for a, seg in got)

    # new offsets of the replacements, and of the old text between them
    spans, shift, delta = [], [], 0
    for s, e, after in moves:
        spans.append((s + delta, s + delta + len(after)))
        shift.append((e, delta + len(after) - (e - s)))
        delta += len(after) - (e - s)
    for t, tok in tokens(new):
        if any(t <= b and a <= t + len(tok) for a, b in spans):
            assert covered(t, tok), (t, tok)
    for t, tok in suspects:
        if any(t <= e and s <= t + len(tok) for s, e, _ in moves):
            continue  # touches a replacement: read again (checked above)
        d = 0
        for e, dd in shift:
            if e <= t:
                d = dd
        t2 = t + d
        assert new[t2 : t2 + len(tok)] == tok
        assert covered(t2, tok), (t, tok)
