"""Benchmark data, generated with fixed seeds from the shared Vietnamese corpus and cached.

Everything is derived from ``../shared/corpus/libreoffice-help-vi.txt.xz`` (never copied
into the repository) and written to a cache directory outside the repository:
``$GLOSSARY_BENCH_CACHE`` or ``<tmp>/glossary-bench/<version>-<corpus hash>``.

Corpora
    ``clean``: the corpus (15,517 paragraphs, 1.59 MB, NFC; runs of spaces collapsed,
    which changes nothing in the current file) repeated ``COPIES`` times (default 4, about
    6.4 MB, to keep the whole suite under 10 minutes on 2 cores; ``GLOSSARY_BENCH_COPIES``
    overrides). Repetition keeps the corpus' small
    vocabulary (3,338 distinct words), which favours methods that cache per-token
    results (ours does): the suite therefore also times ours on one copy and on a fresh
    glossary object ("cold").
    ``noisy``: the same copies, each with its own seeded typo injection: a lowercase word
    that is one of the ``N_SOURCES`` most frequent words is replaced, with probability
    ``RATE``, by one of its typo forms (tone mark moved, dropped, doubled or swapped for
    another, hat/horn/breve dropped or đ -> d, h of nh/ch/th/kh/ph/gh dropped, adjacent
    letters swapped, a letter doubled). Typo forms are never words of the corpus.
    ``mixed``: one copy injected also in capitalized and all-caps words (a correctness
    check of case carrying; not timed).

Glossaries (``SIZES`` = 2,000 / 20,000 / 200,000 typo rows, plus ``N_ABBREVIATIONS``)
    Half the typo keys are one word, half are two or three words (a tenth of the
    multi-word ones are three words). Every key holds exactly one mutated (non-)word, so
    clean text has no hits. The injected keys (every typo form, plus for each form
    "typo next-word" and "previous-word typo" keys from the corpus' most frequent bigrams)
    are in every size, so the noisy corpus has the same hits at every size; the rest are
    "filler" keys: random corpus words and word pairs mutated the same ways, never
    containing an injected typo form. Smaller glossaries are prefixes of the larger ones.
    Abbreviations: initials of frequent corpus phrases ("công an nhân dân" -> "CAND"),
    kind ``abbreviation`` (``normalize`` must leave them alone).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import lzma
import os
import random
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from glossary.files import atomic_write

from .reference import Reference, fold, is_word_char

GENERATOR_VERSION = 4
SEED = 20_240_613
SIZES = (2_000, 20_000, 200_000)
N_ABBREVIATIONS = 300
N_SOURCES = 300  # most frequent lowercase words that get typo forms in the noisy corpus
RATE = 0.05  # probability that an occurrence of a source word is replaced by a typo form
COPIES = int(os.environ.get("GLOSSARY_BENCH_COPIES", "4"))
CORPUS_NAME = "libreoffice-help-vi.txt.xz"

REPO = Path(__file__).resolve().parent.parent
_WORD_RUN = re.compile(r"[^\W_]+")
_SPACES = re.compile("[ \u00a0\u200b]+")


class CorpusMissing(RuntimeError):
    """The shared corpus, or a text fetched to measure on, is not where it should be."""


def run_main(main: Callable[[], int]) -> int:
    """A measuring script's ``main()``, a text it cannot get reported in one line (exit 2)."""
    try:
        return main()
    except CorpusMissing as e:
        print(f"cannot measure: {e}", file=sys.stderr)
        return 2


def shared_dir() -> Path:
    return Path(os.environ.get("GLOSSARY_BENCH_SHARED", REPO.parent / "shared"))


def corpus_path() -> Path:
    path = shared_dir() / "corpus" / CORPUS_NAME
    if not path.is_file():
        raise CorpusMissing(
            f"shared corpus not found at {path} (expected ../shared beside the repository; "
            "set GLOSSARY_BENCH_SHARED to its location): benchmarks on real Vietnamese text are skipped"
        )
    return path


def bench_root() -> Path:
    """Everything the benchmarks write goes under here (never into the repository)."""
    return Path(os.environ.get("GLOSSARY_BENCH_CACHE", Path(tempfile.gettempdir()) / "glossary-bench"))


@functools.cache
def cache_dir() -> Path:
    digest = hashlib.sha256(corpus_path().read_bytes()).hexdigest()[:12]
    path = bench_root() / f"v{GENERATOR_VERSION}-seed{SEED}-{digest}"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _cached_text(name: str, make: Callable[[], str]) -> str:
    path = cache_dir() / name
    if path.is_file():
        return path.read_text(encoding="utf-8")
    text = make()
    atomic_write(str(path), text.encode("utf-8"))
    return text


def _cached_json(name: str, make: Callable[[], Any]) -> Any:
    path = cache_dir() / name
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    value = make()
    atomic_write(str(path), json.dumps(value, ensure_ascii=False).encode("utf-8"))
    return json.loads(path.read_text(encoding="utf-8"))


# -- the base corpus ----------------------------------------------------------------
@functools.cache
def base_text() -> str:
    raw = lzma.decompress(corpus_path().read_bytes()).decode("utf-8")
    raw = unicodedata.normalize("NFC", raw)
    lines = [_SPACES.sub(" ", line).strip(" ") for line in raw.splitlines()]
    return "\n".join(line for line in lines if line) + "\n"


@functools.cache
def _stats() -> tuple[Counter[str], Counter[tuple[str, ...]], frozenset[str]]:
    """Lowercase word frequencies, lowercase n-gram (2-4) frequencies, folded vocabulary."""
    text = base_text()
    vocab = frozenset(fold(w) for w in _WORD_RUN.findall(text))
    words: Counter[str] = Counter()
    grams: Counter[tuple[str, ...]] = Counter()
    for line in text.splitlines():
        toks = line.split(" ")
        ok = [t.isalnum() and t.islower() for t in toks]
        for i, t in enumerate(toks):
            if ok[i]:
                words[t] += 1
            for n in (2, 3, 4):
                if i + n <= len(toks) and all(ok[i : i + n]):
                    grams[tuple(toks[i : i + n])] += 1
    return words, grams, vocab


# -- typo mutations -----------------------------------------------------------------
TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
QUALITIES = "\u0302\u0306\u031b"  # circumflex, breve, horn
VOWELS = frozenset("aeiouy")
Unit = list[str]  # [base letter, quality mark, tone mark]


def _units(word: str) -> list[Unit] | None:
    units = []
    for ch in word:
        d = unicodedata.normalize("NFD", ch)
        base, marks = d[0], d[1:]
        q = "".join(m for m in marks if m in QUALITIES)
        t = "".join(m for m in marks if m in TONES)
        if len(q) + len(t) != len(marks):
            return None
        units.append([base, q, t])
    return units


def _join(units: list[Unit]) -> str:
    return unicodedata.normalize("NFC", "".join(b + q + t for b, q, t in units))


def _tone_at(u: list[Unit]) -> list[int]:
    return [i for i, x in enumerate(u) if x[2]]


def _vowels(u: list[Unit]) -> list[int]:
    return [i for i, x in enumerate(u) if x[0] in VOWELS]


def _m_tone_drop(u: list[Unit], rng: random.Random) -> list[Unit] | None:
    t = _tone_at(u)
    if not t:
        return None
    u[rng.choice(t)][2] = ""
    return u


def _tone_elsewhere(u: list[Unit], rng: random.Random, *, copy: bool) -> list[Unit] | None:
    """Put a syllable's tone mark on another of its vowels: moved, or copied onto a vowel
    without one (a doubled mark)."""
    t, v = _tone_at(u), _vowels(u)
    if not t:
        return None
    i = rng.choice(t)
    others = [j for j in v if j != i and not (copy and u[j][2])]
    if not others:
        return None
    u[rng.choice(others)][2] = u[i][2]
    if not copy:
        u[i][2] = ""
    return u


def _m_tone_move(u: list[Unit], rng: random.Random) -> list[Unit] | None:
    return _tone_elsewhere(u, rng, copy=False)


def _m_tone_double(u: list[Unit], rng: random.Random) -> list[Unit] | None:
    return _tone_elsewhere(u, rng, copy=True)


def _m_tone_wrong(u: list[Unit], rng: random.Random) -> list[Unit] | None:
    t, v = _tone_at(u), _vowels(u)
    if t:
        i = rng.choice(t)
        u[i][2] = rng.choice([x for x in TONES if x != u[i][2]])
        return u
    if not v:
        return None
    u[rng.choice(v)][2] = rng.choice(TONES)
    return u


def _m_quality_drop(u: list[Unit], rng: random.Random) -> list[Unit] | None:
    q = [i for i, x in enumerate(u) if x[1] or x[0] == "đ"]
    if not q:
        return None
    i = rng.choice(q)
    if u[i][0] == "đ":
        u[i][0] = "d"
    else:
        u[i][1] = ""
    return u


def _m_drop_h(u: list[Unit], rng: random.Random) -> list[Unit] | None:
    spots = [i for i in range(len(u) - 1) if u[i][0] in "nctkpg" and u[i + 1] == ["h", "", ""]]
    if not spots:
        return None
    del u[rng.choice(spots) + 1]
    return u


def _m_swap(u: list[Unit], rng: random.Random) -> list[Unit] | None:
    spots = [i for i in range(len(u) - 1) if u[i] != u[i + 1]]
    if not spots:
        return None
    i = rng.choice(spots)
    u[i], u[i + 1] = u[i + 1], u[i]
    return u


def _m_double(u: list[Unit], rng: random.Random) -> list[Unit] | None:
    i = rng.randrange(len(u))
    u.insert(i, list(u[i]))
    return u


MUTATIONS: dict[str, tuple[float, Callable[[list[Unit], random.Random], list[Unit] | None]]] = {
    "tone moved": (0.16, _m_tone_move),
    "tone dropped": (0.16, _m_tone_drop),
    "tone doubled": (0.06, _m_tone_double),
    "wrong tone": (0.14, _m_tone_wrong),
    "hat/horn/breve dropped": (0.14, _m_quality_drop),
    "h dropped": (0.12, _m_drop_h),
    "letters swapped": (0.12, _m_swap),
    "letter doubled": (0.10, _m_double),
}
_NAMES = list(MUTATIONS)
_WEIGHTS = [MUTATIONS[n][0] for n in _NAMES]


def mutate(word: str, rng: random.Random, vocab: frozenset[str], steps: int = 1) -> tuple[str, str] | None:
    """A typo form of ``word`` that is not a corpus word, with the name of its first mutation."""
    base = _units(word)
    if base is None:
        return None
    for _ in range(12):
        u = [list(x) for x in base]
        names = []
        for _ in range(steps):
            name = rng.choices(_NAMES, _WEIGHTS)[0]
            got = MUTATIONS[name][1](u, rng)
            if got is None:
                break
            u = got
            names.append(name)
        else:
            typo = _join(u)
            if typo != word and fold(typo) not in vocab and all(is_word_char(c) for c in typo):
                return typo, names[0]
    return None


# -- the typo set injected into the noisy corpus -------------------------------------
@functools.cache
def injected() -> dict[str, Any]:
    """Typo forms of the most frequent words, and the context keys built around them."""

    def make() -> dict[str, Any]:
        words, grams, vocab = _stats()
        rng = random.Random(SEED)
        forms: dict[str, list[str]] = {}
        fixes: dict[str, str] = {}  # single-word typo -> fix
        kinds: Counter[str] = Counter()
        for w, _ in words.most_common():
            if len(forms) == N_SOURCES:
                break
            if len(w) < 2:
                continue
            got = []
            for _ in range(2 if rng.random() < 0.3 else 1):
                m = mutate(w, rng, vocab)
                if m and m[0] not in fixes and m[0] not in got:
                    got.append(m[0])
                    fixes[m[0]] = w
                    kinds[m[1]] += 1
            if got:
                forms[w] = got
        # context keys: "typo next" and "previous typo" from the most frequent bigrams
        follow: dict[str, Counter[str]] = {w: Counter() for w in forms}
        precede: dict[str, Counter[str]] = {w: Counter() for w in forms}
        for g, c in grams.items():
            if len(g) == 2:
                a, b = g
                if a in follow:
                    follow[a][b] += c
                if b in precede:
                    precede[b][a] += c
        after: dict[str, str] = {}
        before: dict[str, str] = {}
        for w, typos in forms.items():
            nxt = [b for b, _ in follow[w].most_common(1)]
            prv = [a for a, _ in precede[w].most_common(1)]
            for t in typos:
                for b in nxt:
                    after.setdefault(f"{t} {b}", f"{w} {b}")
                for a in prv:
                    before.setdefault(f"{a} {t}", f"{a} {w}")
        return {"forms": forms, "single": fixes, "after": after, "before": before, "mutations": dict(kinds)}

    return _cached_json("injected.json", make)


# -- glossaries ---------------------------------------------------------------------
#: Where the typo sits in a multi-word key. "anywhere": a random word of the phrase (and
#: the injected context keys come both as "typo next-word" and "previous-word typo"), so
#: many multi-word keys begin with a real, common word. "first": always the first word
#: (like "trưòng là"), so no key begins with a real word.
SHAPES = ("anywhere", "first")


def _injected_multi(shape: str) -> dict[str, str]:
    inj = injected()
    out = dict(inj["after"])
    if shape == "anywhere":
        for k, v in inj["before"].items():
            out.setdefault(k, v)
    elif shape != "first":
        raise ValueError(f"unknown shape {shape!r}")
    return out


@functools.cache
def _filler_single() -> list[tuple[str, str]]:
    """Seeded single-word filler keys, enough for the largest size."""

    def make() -> list[list[str]]:
        words, grams, vocab = _stats()
        inj = injected()
        taken = set(inj["single"])
        need = max(SIZES) // 2 - len(inj["single"])
        rng = random.Random(SEED + 1)
        vocab_words = sorted(w for w in vocab if len(w) >= 2 and w.isalpha())
        single: list[list[str]] = []
        tries = 0
        while len(single) < need:
            tries += 1
            if tries > 50 * need:
                raise RuntimeError("could not generate enough single-word filler keys")
            w = rng.choice(vocab_words)
            m = mutate(w, rng, vocab, steps=1 if rng.random() < 0.5 else 2)
            if m and m[0] not in taken:
                taken.add(m[0])
                single.append([m[0], w])
        return single

    return [tuple(x) for x in _cached_json("filler-single.json", make)]  # type: ignore[misc]


@functools.cache
def _filler_multi(shape: str) -> list[tuple[str, str]]:
    """Seeded multi-word filler keys of one shape, enough for the largest size."""

    def make() -> list[list[str]]:
        words, grams, vocab = _stats()
        inj = injected()
        multi_inj = _injected_multi(shape)
        banned = set(inj["single"])  # injected typo forms never appear in filler keys
        taken = set(multi_inj)
        top = max(SIZES)
        need = top - top // 2 - len(multi_inj)
        rng = random.Random(SEED + (2 if shape == "anywhere" else 3))
        bigrams = sorted(g for g in grams if len(g) == 2)
        trigrams = sorted(g for g in grams if len(g) == 3)
        multi: list[list[str]] = []
        tries = 0
        while len(multi) < need:
            tries += 1
            if tries > 50 * need:
                raise RuntimeError("could not generate enough multi-word filler keys")
            g = list(rng.choice(trigrams if rng.random() < 0.1 else bigrams))
            i = rng.randrange(len(g)) if shape == "anywhere" else 0
            m = mutate(g[i], rng, vocab, steps=1 if rng.random() < 0.7 else 2)
            if not m or m[0] in banned:
                continue
            key = " ".join(g[:i] + [m[0]] + g[i + 1 :])
            if key not in taken:
                taken.add(key)
                multi.append([key, " ".join(g)])
        return multi

    return [tuple(x) for x in _cached_json(f"filler-multi-{shape}.json", make)]  # type: ignore[misc]


def _initial(word: str) -> str:
    return "Đ" if word[0] == "đ" else unicodedata.normalize("NFD", word[0])[0].upper()


@functools.cache
def abbreviations() -> list[tuple[str, str]]:
    """(key, expansion) pairs: initials of frequent corpus phrases."""

    def make() -> list[list[str]]:
        words, grams, vocab = _stats()
        inj = injected()
        typo_keys = set(inj["single"]) | {k for k, _ in _filler_single()}
        out: dict[str, str] = {}
        for g, _ in grams.most_common():
            if len(out) == N_ABBREVIATIONS:
                break
            key = "".join(_initial(w) for w in g)
            if key in out or fold(key) in vocab or fold(key) in typo_keys or not key.isalpha():
                continue
            out[key] = " ".join(g)
        return sorted([k, v] for k, v in out.items())

    return [tuple(x) for x in _cached_json("abbreviations.json", make)]  # type: ignore[misc]


@functools.cache
def typo_pairs(size: int, shape: str = "anywhere") -> dict[str, str]:
    """``{typo key: fix}`` of the ``size``-row glossary (injected keys + filler prefix)."""
    inj = injected()
    multi_inj = _injected_multi(shape)
    n_single = size // 2 - len(inj["single"])
    n_multi = size - size // 2 - len(multi_inj)
    if n_single < 0 or n_multi < 0:
        raise ValueError(f"size {size} is smaller than the injected typo set")
    pairs = dict(inj["single"])
    pairs.update(multi_inj)
    pairs.update(_filler_single()[:n_single])
    pairs.update(_filler_multi(shape)[:n_multi])
    if len(pairs) != size:
        raise AssertionError(f"glossary of {size} has {len(pairs)} distinct keys")
    return pairs


def entries(size: int, shape: str = "anywhere") -> list[Any]:
    """The ``glossary.Entry`` rows of a glossary (typos sorted, then abbreviations)."""
    from glossary import Entry, Kind

    rows = [Entry(k, v, Kind.TYPO) for k, v in sorted(typo_pairs(size, shape).items())]
    rows.extend(Entry(k, v, Kind.ABBREVIATION, "bench") for k, v in abbreviations())
    return rows


def csv_bytes(size: int, columns: int = 6, shape: str = "anywhere") -> bytes:
    """The glossary as the project's CSV: all six columns (as data/terms.csv) or the three required."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    header = ["term", "replacement", "kind", "domain", "note", "source"][:columns]
    w.writerow(header)
    for e in entries(size, shape):
        w.writerow([e.term, e.replacement, e.kind.value, e.domain, e.note, e.source][:columns])
    return buf.getvalue().encode("utf-8")


def csv_path(size: int, columns: int = 6, shape: str = "anywhere") -> Path:
    path = cache_dir() / f"glossary-{shape}-{size}-{columns}col.csv"
    if not path.is_file():
        atomic_write(str(path), csv_bytes(size, columns, shape))
    return path


def library_stamp() -> str:
    """A hash of the installed library's source: compiled files are rebuilt when it changes."""
    import glossary

    src = Path(glossary.__file__).resolve().parent
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(src.glob("*.py")))).hexdigest()[:10]


def compiled_path(size: int, shape: str = "anywhere") -> Path:
    """The compiled glossary file, built with the installed ``glossary``."""
    path = cache_dir() / f"glossary-{shape}-{size}-{library_stamp()}.glossary"
    if not path.is_file():
        from glossary import Glossary

        for stale in cache_dir().glob(f"glossary-{shape}-{size}-*.glossary"):
            stale.unlink()  # built by another version of the library

        g = Glossary.from_entries(entries(size, shape), f"bench-{shape}-{size}")
        g.save(path)
    return path


# -- corpora ------------------------------------------------------------------------
def _inject(text: str, rng: random.Random, forms: dict[str, list[str]], mixed: bool) -> str:
    """Swap words for their typos; ``mixed`` also hits capitalized and upper-case words
    (three times as often), writing the typo in the word's case."""
    rate = RATE * 3 if mixed else RATE

    def repl(m: re.Match[str]) -> str:
        w = m.group()
        typos = forms.get(fold(w) if mixed else w)
        if typos is None or rng.random() >= rate:
            return w
        t = rng.choice(typos)
        if not mixed:
            return t
        if w.isupper() and len(w) > 1:
            return t.upper()
        return t[0].upper() + t[1:] if w[0].isupper() else t

    return _WORD_RUN.sub(repl, text)


def clean(copies: int = COPIES) -> str:
    return base_text() * copies


def noisy(copies: int = COPIES) -> str:
    forms = injected()["forms"]

    def make() -> str:
        return "".join(_inject(base_text(), random.Random(SEED + 100 + i), forms, False) for i in range(copies))

    return _cached_text(f"noisy-{copies}x.txt", make)


def mixed_case() -> str:
    forms = injected()["forms"]
    return _cached_text("mixed-1x.txt", lambda: _inject(base_text(), random.Random(SEED + 99), forms, True))


def corpus(name: str, copies: int = COPIES) -> str:
    if name == "clean":
        return clean(copies)
    if name == "noisy":
        return noisy(copies)
    if name == "mixed":
        return mixed_case()
    raise ValueError(name)


@functools.cache
def reference_output(name: str, size: int, shape: str = "anywhere", copies: int = COPIES) -> tuple[str, int, int]:
    """(expected output, number of matches, matches that needed a shorter-key fallback)."""
    tag = f"ref-{name}-{copies if name != 'mixed' else 1}x-{shape}-{size}"
    meta_path = cache_dir() / f"{tag}.json"
    out_path = cache_dir() / f"{tag}.txt"
    if meta_path.is_file() and out_path.is_file():
        meta = json.loads(meta_path.read_text())
        return out_path.read_text(encoding="utf-8"), meta["matches"], meta["fallbacks"]
    ref = Reference(typo_pairs(size, shape))
    out, found = ref.normalize(corpus(name, copies))
    _, again = Reference(typo_pairs(size, shape)).normalize(out)
    if again:
        # A second pass would change the text: single-pass and fixed-point semantics
        # disagree on this data, and the benchmark would not compare like with like.
        raise AssertionError(f"reference output of {tag} is not a fixed point: {again[:3]}")
    atomic_write(str(out_path), out.encode("utf-8"))  # the output first: the metadata says it is whole
    atomic_write(str(meta_path), json.dumps({"matches": len(found), "fallbacks": ref.fallbacks}).encode())
    return out, len(found), ref.fallbacks


def describe() -> dict[str, Any]:
    """Numbers about the generated data, for the report."""
    words, grams, vocab = _stats()
    inj = injected()
    info: dict[str, Any] = {
        "corpus_bytes": len(base_text().encode("utf-8")),
        "corpus_lines": base_text().count("\n"),
        "vocabulary": len(vocab),
        "copies": COPIES,
        "injected_single": len(inj["single"]),
        "injected_multi_after": len(inj["after"]),
        "injected_multi_before": len(inj["before"]),
        "injected_sources": len(inj["forms"]),
        "mutation_kinds": inj["mutations"],
        "abbreviations": len(abbreviations()),
        "cache": str(cache_dir()),
    }
    for shape in SHAPES:
        for size in SIZES:
            pairs = typo_pairs(size, shape)
            info[f"multi_word_{shape}_{size}"] = sum(" " in k for k in pairs)
    return info


if __name__ == "__main__":  # pragma: no cover
    import time

    t0 = time.perf_counter()
    for shape in SHAPES:
        for s in SIZES:
            compiled_path(s, shape)
        for name in ("clean", "noisy", "mixed"):
            out, n, fb = reference_output(name, 20_000, shape)
            mb = len(corpus(name).encode()) / 1e6
            print(f"{shape} {name}: {mb:.2f} MB, {n} reference matches, {fb} fallbacks")
    print(json.dumps(describe(), ensure_ascii=False, indent=1))
    print(f"{time.perf_counter() - t0:.1f} s")
