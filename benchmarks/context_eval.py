"""How well ``glossary check`` finds and corrects realistic slips in Vietnamese, and how
often it raises false alarms: the evaluation behind context-aware checking.

Text (never committed; regenerated at run time):

- ``held-out``: the tenth of the translated lines that ``scripts/build_bigrams.py`` keeps
  out of the bigram table (``build/bigrams/heldout.tsv``; the script is run with
  ``--heldout`` when the file is missing, which downloads the pinned packages);
- ``shared held-out``: the lines of ``../shared/corpus/libreoffice-help-vi.txt.xz`` that
  are in that held-out split (the rest of the corpus was read to build the table);
- ``general prose``: Tatoeba's held-out Vietnamese sentences (``benchmarks/texts.py``),
  everyday Vietnamese far from software text, in documents of 40 sentences and one
  sentence at a time (as a pipeline checks records); ``news``: nom-vn's 25 news lines,
  clean;
- ``English``: the untranslated English lines of the same packages (``english.tsv``);
- ``Python``: every ``.py`` file of a Python tree (default ``/usr/lib/python3.11``).

Slips are injected into Vietnamese syllables (attested ones), about ``--rate`` of them
(default 2%), with several seeds: a tone dropped, swapped for another or put on another
vowel, a vowel mark (circumflex, breve, horn) dropped, the ``h`` of nh/ch/th dropped, or
``d`` for ``đ``; each syllable gets one kind, drawn among those that change it (a tone
moved between the two standard placements, ``hòa`` and ``hoà``, changes nothing). Some slips
make another real syllable (``sử`` -> ``sủ``): those need context, and are counted apart.
Lines are grouped into documents of 40 lines, as files would be.

``held-out, as scraped`` is the held-out text with the same slips, handed over as pages
and other systems hand text over (:func:`scrape`): some spaces no-break or with a
zero-width space beside them, CRLF line ends, and half the documents decomposed (NFD).

A slip is *detected* when a finding overlaps it, *corrected first* when the finding's first
suggestion gives back the original text. *False flags* are findings that overlap no slip
(on the held-out text, most are typos of the original); *false alarms* are the false flags
left when the slips of the original that ``source_slips.tsv`` lists (read blind, by a
reader who did not see the checker) are set aside. The clean text's own findings are
reported beside them. Figures are per 10,000 words (runs of letters and digits).

    python -m benchmarks.context_eval                       # Markdown to stdout
    python -m benchmarks.context_eval --out benchmarks/CONTEXT.md --seeds 1 2 3
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from glossary import check_text, load
from glossary.edits import apply_edits
from glossary.model import ToneStyle
from glossary.spell import Checker, Finding
from glossary.text import PIECE, carry_case
from glossary.tone import tone_edits
from glossary.vietnamese import counts

from .data import CorpusMissing, Unit, _join, _m_tone_drop, _m_tone_move, _m_tone_wrong, _units, base_text, run_main
from .texts import (
    CACHE,
    DOC_LINES,
    documents,
    held_documents,
    line_key,
    nomvn_news,
    part,
    shared_documents,
    source_slips,
    tatoeba_documents,
    words,
)

#: the rows of general prose: Tatoeba's held-out sentences in documents, and one at a time
GENERAL = ("general prose", "general prose, a sentence at a time")


def _vowel_mark_dropped(u: list[Unit], rng: random.Random) -> list[Unit] | None:
    spots = [i for i, x in enumerate(u) if x[1]]
    if not spots:
        return None
    u[rng.choice(spots)][1] = ""
    return u


def _h_dropped(u: list[Unit], rng: random.Random) -> list[Unit] | None:
    spots = [i for i in range(len(u) - 1) if u[i][0] in "nct" and u[i + 1] == ["h", "", ""]]
    if not spots:
        return None
    del u[rng.choice(spots) + 1]
    return u


def _d_for_dd(u: list[Unit], rng: random.Random) -> list[Unit] | None:
    spots = [i for i, x in enumerate(u) if x[0] == "đ"]
    if not spots:
        return None
    u[rng.choice(spots)][0] = "d"
    return u


def _tone_swapped(u: list[Unit], rng: random.Random) -> list[Unit] | None:
    return _m_tone_wrong(u, rng) if any(x[2] for x in u) else None


SLIPS: dict[str, Callable[[list[Unit], random.Random], list[Unit] | None]] = {
    "tone dropped": _m_tone_drop,
    "tone swapped": _tone_swapped,
    "tone misplaced": _m_tone_move,
    "vowel mark dropped": _vowel_mark_dropped,
    "h of nh/ch/th dropped": _h_dropped,
    "d for đ": _d_for_dd,
}


def _one_placement(word: str) -> str:
    """``word`` with the tone of an open oa/oe/uy syllable on the main vowel: both placements
    are standard (``hòa`` and ``hoà``), so moving a tone between them makes no slip."""
    return apply_edits(word, tone_edits(word, ToneStyle.MAIN_VOWEL))


class Slip(NamedTuple):
    start: int
    end: int
    original: str
    kind: str
    real_word: bool  #: the slip made another attested syllable
    ascii: bool  #: the slip left no mark at all (``các`` -> ``cac``)


def inject(text: str, rng: random.Random, rate: float) -> tuple[str, list[Slip]]:
    """``text`` with about ``rate`` of its attested syllables slipped, and the slips."""
    known = counts()
    out: list[str] = []
    slips: list[Slip] = []
    pos = shift = 0
    for m in PIECE.finditer(text):
        word = m.group()
        low = word.lower()
        if low not in known or (word.isupper() and len(word) > 1) or rng.random() >= rate:
            continue
        units = _units(low)
        if units is None:
            continue
        kinds = list(SLIPS)
        rng.shuffle(kinds)
        for kind in kinds:
            got = SLIPS[kind]([list(x) for x in units], rng)
            if got is None:
                continue
            slipped = _join(got)
            if slipped == low or _one_placement(slipped) == _one_placement(low):
                continue  # hòa for hoà is the other standard placement, not a slip
            typed = carry_case(word, slipped)
            out.append(text[pos : m.start()])
            start = m.start() + shift
            out.append(typed)
            slips.append(Slip(start, start + len(typed), word, kind, slipped in known, slipped.isascii()))
            shift += len(typed) - len(word)
            pos = m.end()
            break
    out.append(text[pos:])
    return "".join(out), slips


#: how a scraped page writes the space between two words: a space, a no-break space, or a
#: space with a zero-width space before or after it (weighted 4, 2, 1, 1)
_SCRAPED_SPACES = (" ", "\u00a0", " \u200b", "\u200b ")
_SCRAPED_WEIGHTS = (4, 2, 1, 1)


def scrape(text: str, slips: list[Slip], rng: random.Random) -> tuple[str, list[Slip]]:
    """``text`` as a scraped page or another system hands it over, and its slips where they
    now stand: spaces become no-break spaces or gain a zero-width space (half of them),
    lines end in CRLF, and every other document is decomposed (NFD, as macOS writes)."""
    nfd = rng.random() < 0.5
    out: list[str] = []
    where = [0] * (len(text) + 1)
    pos = 0
    for i, ch in enumerate(text):
        where[i] = pos
        if ch == " ":
            piece = rng.choices(_SCRAPED_SPACES, _SCRAPED_WEIGHTS)[0]
        elif ch == "\n":
            piece = "\r\n"
        else:
            piece = unicodedata.normalize("NFD", ch) if nfd else ch
        out.append(piece)
        pos += len(piece)
    where[len(text)] = pos
    return "".join(out), [s._replace(start=where[s.start], end=where[s.end]) for s in slips]


def _corrected(text: str, f: Finding, slip: Slip) -> bool:
    if not f.suggestions or f.start > slip.start or f.end < slip.end:
        return False
    meant = text[f.start : slip.start] + slip.original + text[slip.end : f.end]
    return _plain(f.suggestions[0]) == _plain(meant)


def _plain(text: str) -> str:
    """``text`` compared as read: NFC (a fix keeps the text's own form, decomposed in NFD
    text), with its spaces as one space and no zero-width space (a glossary key of two
    words is fixed as it is spelt: ``hổ\u200b trợ`` becomes ``hỗ trợ``)."""
    return " ".join(unicodedata.normalize("NFC", text).replace("\u200b", "").split())


def _of_source(text: str, f: Finding, lines: list[str], listed: set[tuple[str, str]]) -> bool:
    """Is ``f``, a finding in ``text`` (a document whose clean ``lines`` it keeps, one for
    one), a slip of the source that ``listed`` holds (:func:`~benchmarks.texts.source_slips`)?"""
    line = lines[text.count("\n", 0, f.start)]
    return (line_key(line), _plain(f.before)) in listed


def measure(check: Callable[[str], list[Finding]], docs: list[str], seeds: list[int], rate: float,
            scraped: bool = False, listed: set[tuple[str, str]] | None = None) -> dict[str, Any]:
    """Slips found and corrected, false flags and clean-text findings over ``docs``
    (``scraped``: each text with its slips handed over as :func:`scrape` makes it). Of the
    false flags, those on a slip of the source that ``listed`` holds
    (:func:`~benchmarks.texts.source_slips`; None for a text whose findings nobody read)
    are counted apart: the rest are *false alarms*."""
    clean_findings = Counter(f.kind for d in docs for f in check(d))
    n_words = sum(words(d) for d in docs)
    by_kind: dict[str, Counter[str]] = {k: Counter() for k in SLIPS}
    by_layer: Counter[str] = Counter()
    false_flags: Counter[str] = Counter()
    of_source = 0
    examples: list[str] = []
    for seed in seeds:
        rng, handover = random.Random(seed), random.Random(-seed)  # the same slips, scraped or not
        for d in docs:
            lines = d.split("\n")
            text, slips = inject(d, rng, rate)
            if scraped:
                text, slips = scrape(text, slips, handover)
            found = check(text)
            hit = [False] * len(found)
            for s in slips:
                c = by_kind[s.kind]
                c["slips"] += 1
                c["real-word"] += s.real_word
                c["ascii"] += s.ascii
                over = [i for i, f in enumerate(found) if f.start < s.end and s.start < f.end]
                for i in over:
                    hit[i] = True
                if over:
                    c["detected"] += 1
                    c["real-word detected"] += s.real_word
                    c["ascii detected"] += s.ascii
                    by_layer[found[over[0]].kind] += 1
                    if any(_corrected(text, found[i], s) for i in over[:1]):
                        c["corrected"] += 1
                    elif len(examples) < 12 and seed == seeds[0]:
                        f = found[over[0]]
                        examples.append(f"{s.kind}: {f.before} -> {f.suggestions[:3]} (meant {s.original})")
                elif len(examples) < 12 and seed == seeds[0]:
                    examples.append(f"{s.kind}: missed {text[s.start:s.end]} (meant {s.original})")
            for f, h in zip(found, hit):
                if not h:
                    false_flags[f.kind] += 1
                    of_source += listed is not None and _of_source(text, f, lines, listed)
    return {"words": n_words * len(seeds), "clean_words": n_words, "docs": len(docs), "seeds": seeds,
            "by_kind": {k: dict(v) for k, v in by_kind.items()}, "by_layer": dict(by_layer),
            "false_flags": dict(false_flags), "source_slips": of_source if listed is not None else None,
            "clean_findings": dict(clean_findings), "examples": examples}


def alarms(check: Callable[[str], list[Finding]], docs: list[str]) -> dict[str, Any]:
    """Findings on text that has no Vietnamese slips to find."""
    found: Counter[str] = Counter()
    samples: list[str] = []
    for d in docs:
        for f in check(d):
            found[f.kind] += 1
            if len(samples) < 15:
                samples.append(f"{f.before} -> {', '.join(f.suggestions[:3])}")
    return {"words": sum(words(d) for d in docs), "docs": len(docs), "findings": dict(found), "samples": samples}


def speed(docs: list[str], rounds: int = 5) -> tuple[float, float]:
    """Words per CPU second of checking ``docs`` with a fresh checker: the first round (it
    also reads the data on first use) and the best one. CPU time, because the machine may
    be shared."""
    n = sum(words(d) for d in docs)
    g = load()
    times = []
    for _ in range(rounds):
        checker = Checker(g, checks=("glossary", "non-words"))
        t = time.process_time()
        for d in docs:
            checker.check(d)
        times.append(time.process_time() - t)
    return n / times[0], n / min(times)


def python_tree(root: Path) -> list[str]:
    docs = []
    for path in sorted(root.rglob("*.py")):
        if "-packages" in str(path):
            continue
        try:
            docs.append(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue
    return docs


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "–"


def _per10k(n: int, w: int) -> str:
    return f"{10_000 * n / w:.1f}" if w else "–"


def render(results: dict[str, Any]) -> str:
    which = {"dev": "the dev part (even-numbered documents) of ",
             "test": "the test part (odd-numbered documents, never used for tuning) of "}.get(results.get("part", "all"), "")
    out = [f"Slips in {results['rate']:.0%} of attested syllables, seeds {results['seeds']}; "
           f"documents of {DOC_LINES} lines; {which or 'all of '}the held-out texts.", ""]
    out += ["| text | words × seeds | slips | detected | corrected first | real-word slips detected | "
            "ASCII slips detected | false flags / 10k words | false alarms / 10k words | "
            "findings on the clean text / 10k words |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name in ("held-out", "held-out, as scraped", "shared held-out", *GENERAL):
        r = results.get(name)
        if not r:
            continue
        total = Counter[str]()
        for c in r["by_kind"].values():
            total.update(c)
        out.append(f"| {name} | {r['words']:,} | {total['slips']:,} | {_pct(total['detected'], total['slips'])} | "
                   f"{_pct(total['corrected'], total['slips'])} | "
                   f"{_pct(total['real-word detected'], total['real-word'])} of {total['real-word']:,} | "
                   f"{_pct(total['ascii detected'], total['ascii'])} of {total['ascii']:,} | "
                   f"{_per10k(flags := sum(r['false_flags'].values()), r['words'])} | "
                   f"{'–' if r.get('source_slips') is None else _per10k(flags - r['source_slips'], r['words'])} | "
                   f"{_per10k(sum(r['clean_findings'].values()), r['clean_words'])} |")
    for name in ("held-out", "shared held-out"):
        r = results.get(name)
        if not r:
            continue
        out += ["", f"**{name}, by kind of slip** (real-word: the slip made another attested syllable; "
                "ASCII: it left no mark)", "",
                "| slip | slips | detected | corrected first | real-word slips | real-word detected | ASCII slips | "
                "ASCII detected |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for kind, c in r["by_kind"].items():
            out.append(f"| {kind} | {c.get('slips', 0):,} | {_pct(c.get('detected', 0), c.get('slips', 0))} | "
                       f"{_pct(c.get('corrected', 0), c.get('slips', 0))} | {c.get('real-word', 0):,} | "
                       f"{_pct(c.get('real-word detected', 0), c.get('real-word', 0))} | {c.get('ascii', 0):,} | "
                       f"{_pct(c.get('ascii detected', 0), c.get('ascii', 0))} |")
        out += ["", f"Detections by kind of finding: {r['by_layer']}; false flags by kind: {r['false_flags']}; "
                f"findings on the clean text by kind: {r['clean_findings']}."]
    out += ["", "| text without slips | words | findings | per 10k words |", "|---|---:|---:|---:|"]
    for name in ("news", "English", "Python"):
        r = results.get(name)
        if r:
            n = sum(r["findings"].values())
            out.append(f"| {name} ({r['docs']} documents) | {r['words']:,} | {n} | {_per10k(n, r['words'])} |")
    if "speed" in results:
        cold, best = results["speed"]
        out += ["", f"Checking speed on the held-out text, words per CPU second with a fresh checker: "
                    f"{cold:,.0f} in the first round (which reads the data), {best:,.0f} at best."]
    if "speed shared" in results:
        out += ["", f"On the whole shared corpus (measured last, the data already read): "
                    f"{results['speed shared'][1]:,.0f} words per CPU second at best."]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    p.add_argument("--rate", type=float, default=0.02)
    p.add_argument("--python-tree", type=Path, default=Path("/usr/lib/python3.11"))
    p.add_argument("--out", type=Path, help="also write the Markdown here")
    p.add_argument("--json", type=Path, default=CACHE / "context_eval.json", help="raw results")
    p.add_argument("--part", choices=("all", "dev", "test"), default="all",
                   help="which documents of the held-out texts: the even-numbered ones (dev, for "
                        "tuning), the odd-numbered ones (test, for the figures reported), or all")
    p.add_argument("--quick", action="store_true", help="only the held-out texts: no speed, English or Python")
    args = p.parse_args(argv)
    check = check_text  # glossary check's logic with the default settings
    results: dict[str, Any] = {"rate": args.rate, "seeds": args.seeds}
    held = held_documents()
    if not args.quick:
        results["speed"] = speed(held)  # first, so that the first round is cold
    results["part"] = args.part
    listed = source_slips()  # the held-out texts' own slips, read blind
    results["held-out"] = measure(check, part(held, args.part), args.seeds, args.rate, listed=listed)
    results["held-out, as scraped"] = measure(check, part(held, args.part), args.seeds, args.rate, True, listed)
    try:
        results["shared held-out"] = measure(check, part(shared_documents(), args.part), args.seeds, args.rate,
                                             listed=listed)
    except CorpusMissing as e:
        print(f"skipped: {e}", file=sys.stderr)
    try:
        general = part(tatoeba_documents(), args.part)
        results[GENERAL[0]] = measure(check, general, args.seeds, args.rate)
        results[GENERAL[1]] = measure(check, [line + "\n" for d in general for line in d.splitlines()], args.seeds, args.rate)
        if not args.quick:
            results["news"] = alarms(check, ["\n".join(nomvn_news()) + "\n"])
    except CorpusMissing as e:
        print(f"skipped: {e}", file=sys.stderr)
    try:
        if not args.quick:
            results["speed shared"] = speed(documents(base_text().splitlines()))
    except CorpusMissing as e:
        print(f"skipped: {e}", file=sys.stderr)
    if args.quick:
        print(render(results))
        for name in ("held-out", "shared held-out"):
            if name in results:
                print(f"{name}, first seed's misses and wrong first suggestions:", *results[name]["examples"], sep="\n  ")
        return 0
    english = [row.partition("\t")[2] for row in (CACHE / "english.tsv").read_text(encoding="utf-8").splitlines()]
    results["English"] = alarms(check, documents(english))
    if args.python_tree.is_dir():
        results["Python"] = alarms(check, python_tree(args.python_tree))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    text = render(results)
    print(text)
    for name in ("held-out", "shared held-out"):
        if name in results:
            print(f"{name}, first seed's misses and wrong first suggestions:", *results[name]["examples"], sep="\n  ")
    for name in ("English", "Python"):
        if name in results:
            print(f"{name} findings:", *results[name]["samples"], sep="\n  ")
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(run_main(main))
