"""The adversary, kept: hypothesis-driven fuzzing at a small budget in every test run.

* Both scanners (C and pure Python) and the reference matcher of the benchmarks
  (``benchmarks/reference.py``, an independent implementation) agree on random
  glossaries over adversarial text: astral characters, lone surrogates, runs of combining
  marks, NUL, ``İ``, ``ß``, ligatures and letters whose case mapping changes length, long lines.
* Compiled files mutated section by section (and header field by field), checksum
  recomputed, each tried in a child process that must end cleanly, never by a signal.

``GLOSSARY_FUZZ_EXAMPLES=N`` sets the number of examples per property (default 40; the
child-process cases take a tenth of it, at least 3); the CI's sanitizer step raises it.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import glossary
from glossary import Entry, Glossary, GlossaryFileError, Kind, apply_edits

from .hostile import assemble, split, try_file, verdict

EXAMPLES = int(os.environ.get("GLOSSARY_FUZZ_EXAMPLES", "40"))
CHILD_EXAMPLES = max(3, EXAMPLES // 10)
LONG_LINE = 10_000_000 if EXAMPLES >= 400 else 200_000
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

# Keys: Vietnamese letters and the troublemakers among letters.
KEY_CHARS = "aăâbcdđeêghiklmnoôơpqrstuưvy" + "áàảãạếệ" + "İßﬃǅΣσς𝐀ǈŉ" + "0123"
KEY_JOIN = [" ", "-", "'", "’", ".", "/", "&"]
# Text: the key letters in every case, plus marks, spaces, NUL, surrogates, astral characters.
TEXT_CHARS = (
    KEY_CHARS + KEY_CHARS.upper() + "ẞΣİI" + "\u0301\u0323\u0300\u0302\u0306\u031b"
    + "     \u00a0\u200b\n\t-'’_.,\0" + "\ud800\udcff😀𝐀" + "xyz"
)


words = st.text(alphabet=st.sampled_from(KEY_CHARS), min_size=1, max_size=5)
keys = st.lists(st.tuples(words, st.sampled_from(KEY_JOIN)), min_size=1, max_size=3).map(
    lambda parts: "".join(w + j for w, j in parts)[:-1]
).filter(lambda k: k[:1].isalnum())
replacements = st.text(alphabet=st.sampled_from("XYZxyzÉ😀 "), min_size=1, max_size=6).map(str.strip).filter(bool)
kinds = st.sampled_from([Kind.TYPO, Kind.TYPO, Kind.VARIANT, Kind.ABBREVIATION])
rows = st.lists(st.builds(Entry, keys, replacements, kinds), min_size=1, max_size=12)


def build(entries: list[Entry]) -> Glossary:
    try:
        return Glossary.from_entries(entries)
    except GlossaryFileError:  # a random glossary may be invalid (conflicts, chains): skip it
        assume(False)
        raise


def adversarial_text(entries: list[Entry]) -> st.SearchStrategy[str]:
    surfaces = [e.term for e in entries] + [e.term.upper() for e in entries] + [e.term.title() for e in entries]
    pieces = st.one_of(
        st.sampled_from(surfaces),
        st.text(alphabet=st.sampled_from(TEXT_CHARS), max_size=6),
        st.sampled_from(["\u0301\u0323\u0300" * 30, "a" + "\u0301" * 50, "İİ", "ß", "ﬃ", "\0", "\ud800"]),
    )
    return st.lists(pieces, max_size=25).map("".join)


def spans(g: Glossary, text: str) -> list[tuple[int, int, str, str]]:
    return [(m.start, m.end, m.surface, m.replacement) for m in g.find(text)]


@FUZZ
@given(st.data())
def test_both_scanners_agree_on_adversarial_text(data: st.DataObject) -> None:
    entries = data.draw(rows)
    g = build(entries)
    text = data.draw(adversarial_text(entries))
    c_found, c_norm, c_expl = spans(g, text), g.normalize(text), g.normalize_and_explain(text)
    c_expand = g.expand(text)
    p = Glossary.from_bytes(g.to_bytes(), engine="python")
    assert spans(p, text) == c_found
    assert p.normalize(text) == c_norm
    assert p.normalize_and_explain(text) == c_expl
    assert p.expand(text) == c_expand
    assert apply_edits(text, c_expl.edits) == c_norm == c_expl.text
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        assert unicodedata.is_normalized("NFC", c_norm)
    assert g.normalize(c_norm) == c_norm


@FUZZ
@given(st.data())
def test_the_scanners_agree_with_the_reference(data: st.DataObject) -> None:
    from benchmarks.reference import Reference
    from glossary.text import fold

    one_per_key = {fold(e.term): e._replace(kind=Kind.TYPO) for e in reversed(data.draw(rows))}
    entries = list(one_per_key.values())  # a key with several fixes is ambiguous: never fixed
    g = build(entries)
    raw = data.draw(adversarial_text(entries))
    # the reference reads NFC text with clean whitespace, and knows nothing of surrogates
    text = " ".join(unicodedata.normalize("NFC", raw.replace("\u200b", "")).replace("\u00a0", " ").split(" "))
    text = "".join(ch for ch in text if not "\ud800" <= ch <= "\udfff")
    while "  " in text:
        text = text.replace("  ", " ")
    assume(unicodedata.is_normalized("NFC", text))
    ref = Reference({e.term: e.replacement for e in entries})
    want = [(m.start, m.end, m.surface, unicodedata.normalize("NFC", m.replacement)) for m in ref.matches(text)]
    assert spans(g, text) == want
    assert spans(Glossary.from_bytes(g.to_bytes(), engine="python"), text) == want


def test_a_long_line() -> None:
    # One line of many megabytes (10 MB in the CI's long run), made of hits, marks,
    # astral characters and surrogates: both scanners agree.
    g = Glossary.from_entries([Entry("nững", "những", Kind.TYPO), Entry("CABD", "CAND", Kind.TYPO),
                               Entry("ab cd", "x", Kind.TYPO), Entry("İz", "iz", Kind.VARIANT)])
    unit = "nững CABD 😀\ud800 ab cd\u0301 İZ ß x\u0301\u0323 ﬃ "
    text = unit * (LONG_LINE // len(unit.encode("utf-8", "surrogatepass")))
    out = g.normalize(text)
    assert Glossary.from_bytes(g.to_bytes(), engine="python").normalize(text) == out
    assert out.startswith("những CAND 😀\ud800 ab cd\u0301 IZ ß")


# -- compiled files ---------------------------------------------------------------------
@functools.cache
def sample_bytes() -> bytes:
    """A small glossary that fills every section: senses, notes, domains, exact spellings."""
    return Glossary.from_entries([
        Entry("QĐ", "quyết định", Kind.ABBREVIATION, "admin", "a note", "src"),
        Entry("QĐ", "quy định", Kind.ABBREVIATION, "law"),
        Entry("ThS", "Thạc sĩ", Kind.ABBREVIATION, "education"),
        Entry("nững", "những", Kind.TYPO, "", "typo note"),
        Entry("hiêu quả", "hiệu quả", Kind.TYPO),
        Entry("colour", "color", Kind.VARIANT, "en"),
        Entry("an ninh", "", Kind.TERM, "security", "definition"),
    ]).to_bytes()


SECTIONS = ["keys", "values", "notes", "exact", "records", "multi", "anchors", "lists"]
HEADER_FIELDS = ["rows", "keys", "maxlen", "records", "width", "widths", "domains", "sources", "kinds",
                 "spaced", "lists", "lists_size", "per_domain", "generator"]
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.text(max_size=5)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=8,
)


def _try(tmp_path: Path, data: bytes, n: int) -> None:
    path = tmp_path / f"fuzz-{n}.glossary"
    path.write_bytes(data)
    got = verdict(try_file(str(path)))
    assert got == "ok" or got.startswith("error:"), got


@settings(max_examples=CHILD_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(SECTIONS), st.data())
def test_mutated_sections(tmp_path_factory: pytest.TempPathFactory, name: str, data: st.DataObject) -> None:
    header, sections = split(sample_bytes())
    blob = bytearray(sections[name])
    how = data.draw(st.sampled_from(["flip", "truncate", "extend", "replace"]))
    if how == "flip" and blob:
        for _ in range(data.draw(st.integers(1, 8))):
            blob[data.draw(st.integers(0, len(blob) - 1))] ^= data.draw(st.integers(1, 255))
    elif how == "truncate":
        del blob[data.draw(st.integers(0, len(blob))) :]
    elif how == "extend":
        blob.extend(data.draw(st.binary(min_size=1, max_size=64)))
    else:
        blob = bytearray(data.draw(st.binary(max_size=256)))
    sections[name] = bytes(blob)
    _try(tmp_path_factory.mktemp("fuzz"), assemble(header, sections), 0)


@settings(max_examples=CHILD_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(HEADER_FIELDS), json_values)
def test_mutated_header_fields(tmp_path_factory: pytest.TempPathFactory, field: str, value: Any) -> None:
    header, sections = split(sample_bytes())
    header[field] = value
    _try(tmp_path_factory.mktemp("fuzz"), assemble(header, sections), 0)


def test_the_built_in_glossary_survives_a_sweep_of_byte_flips(tmp_path: Path) -> None:
    # One child process per section: a byte flipped every so often through the section.
    header, sections = split(glossary.load().to_bytes())
    for name in SECTIONS:
        blob = bytearray(sections[name])
        for i in range(3, len(blob), max(1, len(blob) // 5)):
            blob[i] ^= 0xFF
        _try(tmp_path, assemble(header, {**sections, name: bytes(blob)}), SECTIONS.index(name))
