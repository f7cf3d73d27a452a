"""Every method the benchmark times, each built once per glossary as ``text -> normalized text``.

All methods do the same job as ``Glossary.normalize`` on typo rows: case-insensitive,
whole-word, leftmost-longest replacement with the case of the matched text carried over
(see ``reference.py``). Peers that need it match on ``text.lower()`` (one C-speed pass)
and call ``carry_case`` only for hits that are not all lower case. Baselines return no
text: they are a speed floor, not a method.

Peer tools are imported inside the builders, so importing this module costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .reference import carry_case, fold
from .reference import is_word_char as _wc

Normalizer = Callable[[str], Any]


def _bounded(text: str, s: int, e: int, word_end: bool) -> bool:
    """Does a match of ``text[s:e]`` stand at word boundaries? A key that ends in a word
    character must not be followed by one."""
    return not (s and _wc(text[s - 1])) and not (word_end and e < len(text) and _wc(text[e]))


@dataclass
class Context:
    """What a builder may use: the typo pairs, the word characters of the corpora, the
    compiled glossary file (for ours)."""

    pairs: Mapping[str, str]
    alphabet: frozenset[str] = frozenset()
    compiled: Path | None = None


@dataclass(frozen=True)
class Method:
    name: str
    label: str
    role: str  # "ours", "peer" or "baseline"
    build: Callable[[Context], Normalizer]
    note: str = ""


def _splice(text: str, low: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace sorted, non-overlapping ``(start, end, replacement)`` spans, carrying case."""
    if not spans:
        return text
    pieces = []
    pos = 0
    for s, e, rep in spans:
        pieces.append(text[pos:s])
        surface = text[s:e]
        pieces.append(rep if surface == low[s:e] else carry_case(surface, rep))
        pos = e
    pieces.append(text[pos:])
    return "".join(pieces)


# -- baselines ------------------------------------------------------------------------
def build_split(ctx: Context) -> Normalizer:
    return str.split


def build_findall(ctx: Context) -> Normalizer:
    return re.compile(r"\w+").findall


# -- flashtext ------------------------------------------------------------------------
def _flashtext(ctx: Context) -> Any:
    from flashtext import KeywordProcessor

    kp = KeywordProcessor(case_sensitive=False)
    for k, v in ctx.pairs.items():
        kp.add_keyword(k, v)
    return kp


def build_flashtext(ctx: Context) -> Normalizer:
    return _flashtext(ctx).replace_keywords


def build_flashtext_unicode(ctx: Context) -> Normalizer:
    kp = _flashtext(ctx)
    chars = set(ctx.alphabet)
    for k in ctx.pairs:
        chars.update(c for c in k if _wc(c))
    kp.non_word_boundaries = chars | {c.lower() for c in chars}
    return kp.replace_keywords


# -- pyahocorasick ----------------------------------------------------------------------
def _automaton(ctx: Context) -> Any:
    import ahocorasick

    a = ahocorasick.Automaton()
    for k, v in ctx.pairs.items():
        k = fold(k)
        a.add_word(k, (len(k), v, _wc(k[-1])))
    a.make_automaton()
    return a


def build_aho_exact(ctx: Context) -> Normalizer:
    """All overlapping matches, boundary check on each, longest per start, leftmost first."""
    a = _automaton(ctx)

    def run(text: str) -> str:
        low = fold(text)
        best: dict[int, tuple[int, str]] = {}
        for end, (size, rep, word_end) in a.iter(low):
            s = end - size + 1
            if not _bounded(text, s, end + 1, word_end):
                continue
            got = best.get(s)
            if got is None or got[0] < size:
                best[s] = (size, rep)
        spans = []
        pos = 0
        for s in sorted(best):
            if s >= pos:
                size, rep = best[s]
                spans.append((s, s + size, rep))
                pos = s + size
        return _splice(text, low, spans)

    return run


def build_aho_long(ctx: Context) -> Normalizer:
    """``iter_long`` (leftmost-longest, no overlaps) then a boundary check: a longest
    candidate that ends inside a word is dropped, not replaced by a shorter key."""
    a = _automaton(ctx)

    def run(text: str) -> str:
        low = fold(text)
        spans = []
        for end, (size, rep, word_end) in a.iter_long(low):
            s = end - size + 1
            if _bounded(text, s, end + 1, word_end):
                spans.append((s, end + 1, rep))
        return _splice(text, low, spans)

    return run


# -- ahocorasick_rs ---------------------------------------------------------------------
def build_aho_rs(ctx: Context) -> Normalizer:
    """ahocorasick_rs leftmost-longest (character offsets) then a boundary check."""
    from ahocorasick_rs import AhoCorasick, MatchKind

    keys = [fold(k) for k in ctx.pairs]
    reps = list(ctx.pairs.values())
    word_end = [_wc(k[-1]) for k in keys]
    ac = AhoCorasick(keys, matchkind=MatchKind.LeftmostLongest)

    def run(text: str) -> str:
        low = fold(text)
        spans = [(s, e, reps[i]) for i, s, e in ac.find_matches_as_indexes(low) if _bounded(text, s, e, word_end[i])]
        return _splice(text, low, spans)

    return run


# -- regular expressions ----------------------------------------------------------------
def build_re_words(ctx: Context) -> Normalizer:
    """``re.sub(r'\\w+', dict lookup)``: single-word keys only; ``\\w`` includes ``_``."""
    table = {fold(k): v for k, v in ctx.pairs.items() if " " not in k}
    get = table.get

    def repl(m: re.Match[str]) -> str:
        w = m.group()
        rep = get(w.lower())
        if rep is None:
            return w
        return rep if w.islower() else carry_case(w, rep)

    pattern = re.compile(r"\w+")
    return lambda text: pattern.sub(repl, text)


def trie_regex(keys: list[str]) -> str:
    """One alternation shaped like a trie of ``keys`` (greedy: longer keys are tried first,
    and backtracking falls back to shorter ones)."""
    root: dict[str, Any] = {}
    for k in keys:
        node = root
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict[str, Any]) -> str:
        end = "" in node
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return f"(?:{body})?" if len(alts) > 1 or len(body) > 1 else body + "?"
        return body

    return emit(root)


def build_trie_regex(ctx: Context) -> Normalizer:
    import sys

    table = {fold(k): v for k, v in ctx.pairs.items()}
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        body = trie_regex(sorted(table))
        pattern = re.compile(r"(?<![^\W_])(?:" + body + r")(?![^\W_])")
    finally:
        sys.setrecursionlimit(limit)

    def run(text: str) -> str:  # matched on the folded text, as the other peers do
        low = fold(text)
        return _splice(text, low, [(m.start(), m.end(), table[m.group()]) for m in pattern.finditer(low)])

    return run


# -- naive marisa -------------------------------------------------------------------------
def build_marisa_naive(ctx: Context) -> Normalizer:
    """``marisa_trie.Trie.prefixes()`` at every word start, longest fitting key wins."""
    import marisa_trie

    table = {fold(k): v for k, v in ctx.pairs.items()}
    trie = marisa_trie.Trie(list(table))
    maxlen = max(map(len, table))
    prefixes = trie.prefixes
    runs = re.compile(r"[^\W_]+")

    def run(text: str) -> str:
        low = fold(text)
        spans = []
        last = 0
        for m in runs.finditer(low):
            p = m.start()
            if p < last or (p and _wc(text[p - 1])):
                continue
            found = prefixes(low[p : p + maxlen])
            for k in reversed(found):
                e = p + len(k)
                if not _bounded(text, p, e, _wc(k[-1])):
                    continue
                spans.append((p, e, table[k]))
                last = e
                break
        return _splice(text, low, spans)

    return run


# -- ours ---------------------------------------------------------------------------------
def build_ours(ctx: Context) -> Normalizer:
    """``glossary.load(compiled).normalize``: the full path (NFC and whitespace checks,
    scan, edits, fixed-point rounds), on a memory-mapped compiled glossary."""
    import glossary

    if ctx.compiled is None:
        raise ValueError("ours needs a compiled glossary file")
    g = glossary.load(str(ctx.compiled))
    g.normalize("x")  # builds the scanner and its index: part of the build, as a peer's automaton is
    return g.normalize


def engine() -> str:
    """Which scanner ``glossary`` uses by default here: "C" or "pure Python"."""
    try:
        from glossary.scan import accelerated
    except ImportError:
        return "pure Python (no C scanner in this version)"
    return "C" if accelerated() else "pure Python"


def build_ours_pure(ctx: Context) -> Normalizer:
    """Ours with the pure-Python scanner (``engine="python"``; a snapshot older than that
    option gets ``GLOSSARY_PURE_PYTHON=1`` while its scanner is created)."""
    import os

    import glossary

    if ctx.compiled is None:
        raise ValueError("ours needs a compiled glossary file")
    try:
        g = glossary.load(str(ctx.compiled), engine="python")
    except TypeError:  # no engine option in this version of the library
        old = os.environ.get("GLOSSARY_PURE_PYTHON")
        os.environ["GLOSSARY_PURE_PYTHON"] = "1"
        try:
            g = glossary.load(str(ctx.compiled))
            g.normalize("x")  # creates (and keeps) the scanner while the variable is set
        finally:
            if old is None:
                del os.environ["GLOSSARY_PURE_PYTHON"]
            else:
                os.environ["GLOSSARY_PURE_PYTHON"] = old
    g.normalize("x")
    return g.normalize


METHODS: list[Method] = [
    Method("ours", "glossary normalize", "ours", build_ours, "default engine"),
    Method("ours_pure", "glossary normalize, pure Python", "ours", build_ours_pure, "engine='python'"),
    Method("split", "text.split()", "baseline", build_split, "no output: speed floor"),
    Method("findall", r"re.findall(r'\w+')", "baseline", build_findall, "no output: speed floor"),
    Method("flashtext", "flashtext replace_keywords", "peer", build_flashtext, "ASCII word boundaries"),
    Method("flashtext_unicode", "flashtext, Unicode boundaries", "peer", build_flashtext_unicode,
           "non_word_boundaries = every word character of the corpora and keys"),
    Method("aho_exact", "pyahocorasick exact", "peer", build_aho_exact,
           "all overlapping matches + boundary check + longest per start"),
    Method("aho_long", "pyahocorasick iter_long", "peer", build_aho_long,
           "leftmost-longest + boundary check, no fallback"),
    Method("aho_rs", "ahocorasick_rs leftmost-longest", "peer", build_aho_rs,
           "leftmost-longest + boundary check, no fallback"),
    Method("re_words", r"re.sub(r'\w+', dict)", "peer", build_re_words, "single-word keys only"),
    Method("trie_regex", "trie-shaped regex", "peer", build_trie_regex, "re on the folded text, alnum lookarounds"),
    Method("marisa_naive", "marisa prefixes() per word", "peer", build_marisa_naive),
]
BY_NAME = {m.name: m for m in METHODS}
