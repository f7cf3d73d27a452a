#!/usr/bin/env python3
"""Build the Vietnamese syllable unigram + bigram table (``data/bigrams.bin``) from the
Vietnamese translations of free software, pinned by version and sha256.

Sources (each read with the standard library only; no GPL tool is needed):

* Debian ``libreoffice-l10n-vi`` (gettext ``.mo`` catalogues) and ``libreoffice-help-vi``
  (help pages, HTML with the tags stripped): MPL-2.0;
* Debian ``firefox-esr-l10n-vi`` and ``thunderbird-l10n-vi`` (the language-pack ``.xpi``:
  Fluent ``.ftl`` and ``.properties`` files): MPL-2.0;
* Debian ``chromium-l10n`` (``vi.pak``, Chromium's pak format version 5): BSD-3-Clause;
* PyPI ``Django``, ``Sphinx`` and ``jupyterlab-language-pack-vi-VN`` (``.mo``): BSD;
* PyPI ``g2p-hamster`` (``en_coverage.tsv``, English tokens seen in Vietnamese text):
  Apache-2.0, written to ``data/english_counts.tsv``.

Every text line is cleaned (placeholders, access keys and markup dropped), NFC-normalised
and kept once (the first source wins). A fixed tenth of the lines -- those whose
SHA-256 begins with a byte below :data:`HELDOUT_BYTE` -- never enters the table: it is the
evaluation split, written to ``CACHE/heldout.tsv`` (``source<TAB>line``) at each run where
every source could be fetched, and never committed; the lines left in English (six words or
more, never used) go to ``CACHE/english.tsv`` to measure false alarms on English prose. The rest is cut into
tokens: a Vietnamese syllable (lower case), ``<num>`` (digits), ``<en>`` (any other ASCII
word), ``<unk>`` (any other word); a line start or any punctuation between two words is a
break ``<s>``.

    python3 scripts/build_bigrams.py             # fetch, rebuild data/bigrams.bin and data/english_counts.tsv
    python3 scripts/build_bigrams.py --check     # rebuild and compare, as far as the pinned packages can be fetched
    python3 scripts/build_bigrams.py --heldout   # only (re)write the held-out split into the cache

Debian security updates retire old Firefox, Thunderbird and Chromium builds from the
archive; ``--check`` then checks the sources it can still fetch (their extracted text has
a pinned digest) and says which it could not.
"""

from __future__ import annotations

import argparse
import array
import collections
import hashlib
import html.parser
import io
import itertools
import lzma
import re
import struct
import subprocess
import sys
import tarfile
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import ClassVar, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import vnsyllable as vs

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DEFAULT_CACHE = ROOT / "build" / "bigrams"
TABLE = DATA / "bigrams.bin"
TRIGRAMS = DATA / "trigrams.bin"
ENGLISH = DATA / "english_counts.tsv"

#: a line is held out for evaluation when the first byte of its SHA-256 is below this (~10%)
HELDOUT_BYTE = 26
#: file format: magic line, then one zlib stream (see :func:`pack`)
MAGIC = b"GLOSSARY-BIGRAMS 1\n"
TRIGRAM_MAGIC = b"GLOSSARY-TRIGRAMS 1\n"
#: English tokens kept: ASCII letters only, seen at least this often in g2p-hamster's corpus
ENGLISH_MIN = 20

# id: (kind, package, version, sha256 of the .deb or wheel, licence, sha256 of the extracted lines)
# The last digest pins the text itself, so that --check can check a source on its own.
SOURCES: dict[str, tuple[str, str, str, str, str, str]] = {
    "libreoffice-ui": (
        "deb", "libreoffice-l10n-vi", "4:7.4.7-1+deb12u14",
        "e9740c53a2807521faff6b9f6d485cf6c2b1b3bac6c6f478d852ccef08f56767", "MPL-2.0",
        "4e12f4886113274c3bdcafeda71a90995ef3beaa0732fdaa31ac679ef451aa7e",
    ),
    "libreoffice-help": (
        "deb", "libreoffice-help-vi", "4:7.4.7-1+deb12u14",
        "fcc4f84cd28d094f8663d1b68b98a7d562f3c71c8beeb71401c4859f1027aaaf", "MPL-2.0",
        "cb4742d44b953aa816bbdf00e0d59d33dba07b3cda225ba17dae43aedb91bcd5",
    ),
    "firefox": (
        "deb", "firefox-esr-l10n-vi", "153.8.0esr-1~deb12u1",
        "46fd0013118536ed6e31467bf05dc4e6998ceb87a9d1f58a456fde5d49d497b6", "MPL-2.0",
        "d4781bb8ef4b06f56e2102f4bea659785fc2721b52d049c1066a8eee2e20e4ed",
    ),
    "thunderbird": (
        "deb", "thunderbird-l10n-vi", "1:153.8.0esr-1~deb12u1",
        "2c6823497521ea4f8edf255610d82a7eeb838d4101c230e9b1a86c408d619908", "MPL-2.0",
        "db316219af64794b52142db7c4f9f2969e666f6723ba45ac8c72bdc343e41095",
    ),
    "chromium": (
        "deb", "chromium-l10n", "156.0.8078.114-1~deb12u1",
        "2d81c27204cf95904c227cd78950b77373ebd4c8d0e15280f37387272dbcb53b", "BSD-3-Clause",
        "20edc415f4b7e76ba7c88d42d28392f860b9f8ffd64e8b8bedf6118cab79fc1c",
    ),
    "django": (
        "wheel", "Django", "5.2.19",
        "5965d974a5218a2b68a11dd1276434707f23886525c23f0598eccedaf4f4ca00", "BSD-3-Clause",
        "063f4930af6f8fd3449624eef584229fe1fd30b239e98de15c3849249c5c18c0",
    ),
    "sphinx": (
        "wheel", "Sphinx", "8.1.3",
        "09719015511837b76bf6e03e42eb7595ac8c2e41eeb9c29c5b755c6b677992a2", "BSD-2-Clause",
        "893a8b664bedad31ebdbce605c7d5033fb78f4fc5e078b0b870d23f54ac76723",
    ),
    "jupyterlab": (
        "wheel", "jupyterlab-language-pack-vi-VN", "4.5.post3",
        "bda91ec033a3075c7dc2934b349301aae40f3c743542bfaa49e4ccb53f05e021", "BSD-3-Clause",
        "5686b02bd8409a831fd44792dbe2885816e64be4a3a9db321c2cd7f2f5b76231",
    ),
}
G2P = ("g2p-hamster", "0.2.8", "c9f09b1a1706a46432fba6f67a361e91e46b4d629e4af833f424ed9e5947a554",
       "g2p_hamster/02_data/en_branch/en_coverage.tsv")


def say(msg: str) -> None:
    print(msg, flush=True)


# -- fetching ---------------------------------------------------------------------------
class Unavailable(Exception):
    """A pinned package can no longer be fetched (retired from the archive)."""


def check_pinned(name: str, data: bytes, sha: str) -> str:
    """The sha256 of ``data``; stops the build when it is not the pinned ``sha`` (an empty
    pin checks nothing)."""
    digest = hashlib.sha256(data).hexdigest()
    if sha and digest != sha:
        sys.exit(f"{name}: sha256 {digest}, pinned {sha}")
    return digest


def pinned(path: Path, package: str, version: str, sha: str) -> Path:
    """``path``, a fetched package file, once its sha256 is checked against the pin."""
    digest = check_pinned(path.name, path.read_bytes(), sha)
    say(f"{package} {version}: {path.name} (sha256 {digest[:16]}…)")
    return path


def _last_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    return lines[-1] if lines else "not found"


def fetch(kind: str, package: str, version: str, sha: str, cache: Path) -> Path:
    """The pinned package file in ``cache``, downloaded when missing; its sha256 checked."""
    folder = cache / "packages"
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "deb":
        pattern = f"{package}_*{version.split(':')[-1]}_*.deb"
        found = sorted(folder.glob(pattern))
        if not found:
            got = subprocess.run(["apt-get", "download", f"{package}={version}"], cwd=folder,
                                 capture_output=True, text=True)
            found = sorted(folder.glob(pattern))
            if got.returncode or not found:
                raise Unavailable(f"{package}={version}: {_last_line(got.stderr)} (a version newer than "
                                  "the package lists needs `apt-get update` first)")
    else:
        stem = package.replace("-", "_").lower()
        found = [p for p in folder.glob("*.whl") if p.name.lower().startswith(f"{stem}-{version}-")]
        if not found:
            got = subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary",
                                  ":all:", "--python-version", "3.12", "-d", str(folder), f"{package}=={version}"],
                                 capture_output=True, text=True)
            found = [p for p in folder.glob("*.whl") if p.name.lower().startswith(f"{stem}-{version}-")]
            if got.returncode or not found:
                raise Unavailable(f"{package}=={version}: {_last_line(got.stderr)}")
    return pinned(found[0], package, version, sha)


def deb_members(path: Path) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every regular file in a .deb's data.tar.xz (ar archive)."""
    raw = path.read_bytes()
    if not raw.startswith(b"!<arch>\n"):
        sys.exit(f"{path.name}: not a Debian package")
    pos = 8
    while pos < len(raw):
        name = raw[pos:pos + 16].decode().strip().rstrip("/")
        size = int(raw[pos + 48:pos + 58])
        body = raw[pos + 60:pos + 60 + size]
        pos += 60 + size + (size & 1)
        if name.startswith("data.tar"):
            if not name.endswith(".xz"):
                sys.exit(f"{path.name}: {name}: only xz-compressed data is read")
            with tarfile.open(fileobj=io.BytesIO(lzma.decompress(body))) as tar:
                for m in tar:
                    if m.isfile():
                        f = tar.extractfile(m)
                        if f is not None:
                            yield m.name, f.read()


# -- extraction -------------------------------------------------------------------------
def mo_strings(data: bytes) -> Iterator[str]:
    """The translations in a gettext ``.mo`` catalogue (plural forms each, header skipped)."""
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _, n, _, trans = struct.unpack(order + "4I", data[4:20])
    for i in range(n):
        length, offset = struct.unpack(order + "2I", data[trans + 8 * i: trans + 8 * i + 8])
        text = data[offset:offset + length].decode("utf-8")
        if text.startswith("Project-Id-Version:") or "Content-Type:" in text[:300]:
            continue
        yield from text.split("\0")


_FTL_MESSAGE = re.compile(r"^-?[A-Za-z][\w-]*\s*=\s?(.*)$")
_FTL_ATTRIBUTE = re.compile(r"^\s+\.([\w-]+)\s*=\s?(.*)$")
_FTL_VARIANT = re.compile(r"^\s*\*?\[[^\]]+\]\s?(.*)$")
_NOT_TEXT_ATTRIBUTES = {"accesskey", "commandkey", "key", "style", "width", "height", "searchkeywords"}


def ftl_strings(text: str) -> Iterator[str]:
    """The text of a Fluent file's messages, attributes and variants (not access keys)."""
    skip = False
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if m := _FTL_MESSAGE.match(line):
            skip = False
            yield m.group(1)
        elif m := _FTL_ATTRIBUTE.match(line):
            skip = m.group(1).lower() in _NOT_TEXT_ATTRIBUTES or m.group(1).lower().endswith("key")
            if not skip:
                yield m.group(2)
        elif skip:
            continue
        elif m := _FTL_VARIANT.match(line):
            yield m.group(1)
        elif line[:1].isspace():
            yield line.strip()


def properties_strings(text: str) -> Iterator[str]:
    """The values of a ``.properties`` file (access and command keys skipped)."""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "!")) or "=" not in line:
            continue
        key, _, value = line.partition("=")
        if key.strip().lower().endswith(("accesskey", "commandkey", ".key", "_key")):
            continue
        yield re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), value.lstrip()).replace("\\n", "\n")


def pak_strings(data: bytes) -> Iterator[str]:
    """The UTF-8 resources of a Chromium ``.pak`` file, format version 5."""
    version, _encoding, count, _aliases = struct.unpack("<IBxxxHH", data[:12])
    if version != 5:
        sys.exit(f"pak version {version}: only version 5 is read")
    entries = [struct.unpack("<HI", data[12 + 6 * i: 18 + 6 * i]) for i in range(count + 1)]
    for (_, start), (_, end) in itertools.pairwise(entries):
        try:
            yield data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            continue  # a binary resource


class _HTMLText(html.parser.HTMLParser):
    """Text of an HTML page, one line per block; script, style and head skipped."""

    BLOCKS: ClassVar[set[str]] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "div", "br", "tr",
                                  "dt", "dd", "title", "pre", "table", "ul", "ol"}
    SKIP: ClassVar[set[str]] = {"script", "style", "head", "header", "aside", "nav", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_strings(text: str) -> Iterator[str]:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    yield from "".join(parser.parts).split("\n")


_PLACEHOLDER = re.compile(
    r"\{[^{}]*\}"            # Fluent placeables, ICU arguments
    r"|%\d*\$?[sSdDuif@]"    # printf: %s %1$S %d
    r"|%[A-Za-z_]+%"         # %PRODUCTNAME%
    r"|\$\d+|\$[A-Z_]+\$?"   # Chromium $1, LibreOffice $NAME$
    r"|&[a-z]+;|<[^<>]*>"    # entities and markup left in strings
)
_MNEMONIC = re.compile(r"(?<![\w&])[_&](?=\w)")


def clean(s: str) -> Iterator[str]:
    """Lines of translated text without placeholders, access-key marks and markup."""
    s = unicodedata.normalize("NFC", s).replace("~", "")
    for _ in range(3):  # nested placeables
        s = _PLACEHOLDER.sub(" | ", s)
    s = _MNEMONIC.sub("", s)
    for line in s.replace("\\n", "\n").splitlines():
        line = " ".join(line.split())
        if any(c.isalpha() for c in line):
            yield line


def source_lines(source: str, path: Path) -> Iterator[str]:
    """The raw strings of one pinned package file."""
    if path.suffix == ".deb":
        members: Iterable[tuple[str, bytes]] = deb_members(path)
    else:
        z = zipfile.ZipFile(path)
        members = ((n, z.read(n)) for n in sorted(z.namelist()))
    for name, data in sorted(members):
        if name.endswith(".mo") and re.search(r"/vi(_VN)?/LC_MESSAGES/", name):
            yield from mo_strings(data)
        elif source == "libreoffice-help" and name.endswith(".html") and "/help/vi/text/" in name:
            yield from html_strings(data.decode("utf-8"))
        elif name.endswith(".xpi"):
            with zipfile.ZipFile(io.BytesIO(data)) as xpi:
                for inner in sorted(xpi.namelist()):
                    if inner.endswith(".ftl"):
                        yield from ftl_strings(xpi.read(inner).decode("utf-8"))
                    elif inner.endswith(".properties"):
                        yield from properties_strings(xpi.read(inner).decode("utf-8"))
        elif name.endswith("/locales/vi.pak"):
            yield from pak_strings(data)


# -- tokens -----------------------------------------------------------------------------
BREAK, NUM, EN, UNK = "<s>", "<num>", "<en>", "<unk>"
_WORD = re.compile(r"[^\W_]+")


def tokens(line: str) -> list[str]:
    """A line as classes: syllables (lower case), ``<num>``, ``<en>``, ``<unk>``, and ``<s>``
    at the start and wherever anything but spaces stands between two words."""
    out = [BREAK]
    end = 0
    for m in _WORD.finditer(line):
        if line[end:m.start()].strip() and out[-1] != BREAK:
            out.append(BREAK)
        end = m.end()
        w = m.group().lower()
        if w.isdigit():
            out.append(NUM)
        elif vs.is_valid(w):
            out.append(w)
        elif w.isascii():
            out.append(EN)
        else:
            out.append(UNK)
    if out[-1] != BREAK:
        out.append(BREAK)
    return out


_VIETNAMESE = re.compile("[đĐ\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323]")


def vietnamese(line: str) -> bool:
    """Does ``line`` hold a letter Vietnamese writes and English does not (đ, a vowel with
    a tone mark, a circumflex, a breve or a horn)? Lines left in English (untranslated help
    paragraphs, code) are not used."""
    return _VIETNAMESE.search(unicodedata.normalize("NFD", line)) is not None


def heldout(line: str) -> bool:
    """Is ``line`` in the fixed evaluation split?"""
    return hashlib.sha256(line.encode("utf-8")).digest()[0] < HELDOUT_BYTE


# -- the table --------------------------------------------------------------------------
def pack(unigrams: collections.Counter[str], bigrams: collections.Counter[tuple[str, str]]) -> bytes:
    """``MAGIC`` + zlib(vocabulary size V, N bigrams (uint32 LE); the vocabulary, one token a
    line, sorted; V unigram counts (uint32); N bigram keys left*V+right, ascending (uint32);
    N bigram counts (uint16, capped at 65535))."""
    vocab = sorted(unigrams)
    index = {w: i for i, w in enumerate(vocab)}
    keys = sorted((index[a] * len(vocab) + index[b], min(n, 65535)) for (a, b), n in bigrams.items())
    words = "\n".join(vocab).encode("utf-8")
    body = struct.pack("<III", len(vocab), len(keys), len(words)) + words
    uni = array.array("I", (unigrams[w] for w in vocab))
    k = array.array("I", (key for key, _ in keys))
    c = array.array("H", (n for _, n in keys))
    if sys.byteorder == "big":
        for a in (uni, k, c):
            a.byteswap()
    body += uni.tobytes() + k.tobytes() + c.tobytes()
    return MAGIC + zlib.compress(body, 9)


def pack_trigrams(trigrams: collections.Counter[tuple[str, str, str]]) -> bytes:
    """``TRIGRAM_MAGIC`` + zlib(vocabulary size V, N trigrams (uint32 LE); the vocabulary
    (every token of a trigram), one token a line, sorted; then four columns of N uint16
    each, the trigrams in ascending order of their ids: first ids, second ids, third ids,
    counts (capped at 65535))."""
    vocab = sorted({w for key in trigrams for w in key})
    if len(vocab) > 65535:
        sys.exit(f"{len(vocab)} tokens: a trigram table holds at most 65535")
    index = {w: i for i, w in enumerate(vocab)}
    rows = sorted((index[a], index[b], index[c], min(n, 65535)) for (a, b, c), n in trigrams.items())
    words = "\n".join(vocab).encode("utf-8")
    body = struct.pack("<III", len(vocab), len(rows), len(words)) + words
    for column in range(4):
        a = array.array("H", (row[column] for row in rows))
        if sys.byteorder == "big":
            a.byteswap()
        body += a.tobytes()
    return TRIGRAM_MAGIC + zlib.compress(body, 9)


def triples(toks: list[str]) -> Iterator[tuple[str, str, str]]:
    """The runs of three adjacent tokens of a line's tokens."""
    return zip(toks, toks[1:], toks[2:], strict=False)


def count_trigrams(lines: Iterable[str]) -> collections.Counter[tuple[str, str, str]]:
    """The trigrams of :func:`tokens` of every line."""
    got: collections.Counter[tuple[str, str, str]] = collections.Counter()
    for line in lines:
        got.update(triples(tokens(line)))
    return got


def table_main(argv: list[str] | None, description: str, build: Callable[[Path], dict[Path, bytes]],
               cache: Path, heldout: str | None = None) -> int:
    """The command line of a script that builds tables (``build`` gives each file's new
    content) from downloads kept in a cache folder: ``--cache``, ``--check`` and (when
    ``heldout`` says what it writes) ``--heldout``, which stops once ``build`` has written
    its held-out split."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--cache", type=Path, default=cache, help=f"download folder ({cache})")
    p.add_argument("--check", action="store_true", help="rebuild and compare with the committed file")
    if heldout:
        p.add_argument("--heldout", action="store_true", help=heldout)
    args = p.parse_args(argv)
    try:
        built = build(args.cache)
    except Unavailable as e:
        say(f"cannot fetch: {e}")
        return 1
    if getattr(args, "heldout", False):
        return 0
    return max(write_or_check(path, table, args.check) for path, table in built.items())


def write_or_check(path: Path, table: bytes, check: bool) -> int:
    """Write a freshly built ``table`` to ``path``, or (``check``) compare it with the committed
    file; the exit status."""
    name = path.relative_to(ROOT)
    if check:
        if path.read_bytes() != table:
            say(f"not reproducible: {name} differs from a fresh build")
            return 1
        say(f"ok: {name} is reproducible")
        return 0
    path.write_bytes(table)
    say(f"wrote {name}")
    return 0


def english_counts(wheel: Path) -> str:
    """``token<TAB>count`` of g2p-hamster's English tokens that are ASCII words seen
    ``ENGLISH_MIN`` times or more, most frequent first."""
    with zipfile.ZipFile(wheel) as z:
        text = z.read(G2P[3]).decode("utf-8")
    rows = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[1].isdigit():
            continue
        token, n = parts[0], int(parts[1])
        if n >= ENGLISH_MIN and token.isascii() and token.isalpha():
            rows.append((-n, token))
    rows.sort()
    return "".join(f"{t}\t{-n}\n" for n, t in rows)


class Built(NamedTuple):
    digests: dict[str, str]  #: each source's extracted-text sha256
    missing: dict[str, str]  #: the sources that could not be fetched, with the reason
    table: bytes | None  #: the packed bigram table (None unless every source was fetched)
    trigrams: bytes | None  #: the packed trigram table (likewise)
    english: str  #: the English counts


def build(cache: Path, only: set[str] | None = None) -> Built:
    """Fetch and extract every source, and count what the tables hold."""
    seen: set[str] = set()
    digests: dict[str, str] = {}
    missing: dict[str, str] = {}
    unigrams: collections.Counter[str] = collections.Counter()
    bigrams: collections.Counter[tuple[str, str]] = collections.Counter()
    trigrams: collections.Counter[tuple[str, str, str]] = collections.Counter()
    held: list[str] = []
    english: list[str] = []
    for source, (kind, package, version, sha, _licence, _text_sha) in SOURCES.items():
        if only is not None and source not in only:
            continue
        try:
            path = fetch(kind, package, version, sha, cache)
        except Unavailable as e:
            missing[source] = str(e)
            say(f"{source}: cannot fetch: {e}")
            continue
        h = hashlib.sha256()
        kept = dropped = n_tokens = n_held = 0
        for raw in source_lines(source, path):
            for line in clean(raw):
                h.update(line.encode("utf-8") + b"\n")
                if line in seen or not vietnamese(line):
                    if line not in seen and len(line.split()) >= 6 and all(c.isascii() for c in line if c.isalpha()):
                        english.append(f"{source}\t{line}\n")  # English prose, to measure false alarms
                    seen.add(line)
                    dropped += 1
                    continue
                seen.add(line)
                kept += 1
                if heldout(line):
                    n_held += 1
                    held.append(f"{source}\t{line}\n")
                    continue
                toks = tokens(line)
                n_tokens += len(toks)
                unigrams.update(toks)
                bigrams.update(itertools.pairwise(toks))
                trigrams.update(triples(toks))
        digests[source] = h.hexdigest()
        say(f"{source}: {kept} new Vietnamese lines ({dropped} seen before or not Vietnamese), {n_held} held out, "
            f"{n_tokens} tokens for training; text sha256 {digests[source][:16]}…")
    cache.mkdir(parents=True, exist_ok=True)
    if missing:  # an evaluation must not run, unawares, on part of the split
        say(f"held-out split not written: it would lack {', '.join(missing)}")
    else:
        (cache / "heldout.tsv").write_text("".join(held), encoding="utf-8")
        (cache / "english.tsv").write_text("".join(english), encoding="utf-8")
        say(f"held-out split: {len(held)} lines in {cache / 'heldout.tsv'}; {len(english)} English lines "
            f"(never used) in {cache / 'english.tsv'}")
    wheel = fetch("wheel", G2P[0], G2P[1], G2P[2], cache)
    english_table = english_counts(wheel)
    if missing or only is not None:
        return Built(digests, missing, None, None, english_table)
    table, tri = pack(unigrams, bigrams), pack_trigrams(trigrams)
    say(f"table: {len(unigrams)} tokens, {len(bigrams)} bigrams, {sum(unigrams.values())} tokens counted, "
        f"{len(table)} bytes; {len(trigrams)} trigrams, {len(tri)} bytes")
    return Built(digests, missing, table, tri, english_table)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help=f"download and held-out folder ({DEFAULT_CACHE})")
    p.add_argument("--check", action="store_true", help="rebuild and compare with the committed files")
    p.add_argument("--heldout", action="store_true", help="only write the held-out split into the cache")
    args = p.parse_args(argv)
    subprocess.run(["apt-get", "update", "-qq"], check=False)  # stale package lists lack the pinned versions
    digests, missing, table, tri, english = build(args.cache)
    if args.heldout:
        return 1 if missing else 0
    pinned = {s: spec[5] for s, spec in SOURCES.items()}
    bad = [s for s, d in digests.items() if pinned[s] and pinned[s] != d]
    if args.check:
        if bad:
            say(f"not reproducible: the text extracted from {', '.join(bad)} differs from the pinned digest")
            return 1
        if ENGLISH.read_text(encoding="utf-8") != english:
            say(f"not reproducible: {ENGLISH.relative_to(ROOT)} differs from a fresh build")
            return 1
        if table is None or tri is None:
            say(f"checked {len(digests)} sources' text; cannot rebuild the whole table without {', '.join(missing)}")
            return 0
        return max(write_or_check(TABLE, table, True), write_or_check(TRIGRAMS, tri, True))
    if table is None or tri is None:
        say(f"not written: cannot fetch {', '.join(missing)}")
        return 1
    for s, d in digests.items():
        if pinned[s] != d:
            say(f"note: {s} text sha256 is {d} (pin it in SOURCES)")
    TABLE.write_bytes(table)
    TRIGRAMS.write_bytes(tri)
    ENGLISH.write_text(english, encoding="utf-8")
    say(f"wrote {TABLE.relative_to(ROOT)}, {TRIGRAMS.relative_to(ROOT)} and {ENGLISH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
