"""Bad input of any kind gets a clean error or a result, never a traceback."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

import glossary
from glossary import Entry, Glossary, GlossaryFileError, Kind
from glossary.cli import main


@pytest.mark.parametrize("row", ["CA\0BD,CAND,typo,,", "CABD,CA\0ND,typo,,", "CABD,CAND,typo,,a\0note"])
def test_nul_in_a_csv_field_is_a_validation_error(tmp_path: Path, row: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nul.csv"
    path.write_text("term,replacement,kind,domain,note\n" + row + "\n", encoding="utf-8")
    with pytest.raises(GlossaryFileError, match="NUL"):
        glossary.load(path)
    assert main(["validate", "--no-builtin", str(path)]) == 2  # validate's exit code for errors
    assert f"{path}:2: error:" in capsys.readouterr().out


@pytest.mark.parametrize("engine", ["python", "c"])
def test_lone_surrogates_in_text(engine: str) -> None:
    from glossary import scan

    if engine == "c" and scan._speedups is None:
        pytest.skip("the C scanner is not built here")
    g = Glossary.from_entries([
        Entry("nững", "những", Kind.TYPO), Entry("CABD", "CAND", Kind.TYPO), Entry("ab cd ef gh", "x", Kind.TYPO),
    ], engine=engine)  # a long key: the text after a match start, surrogates and all, goes to the trie
    text = "nững\udcff CABD \ud800nững CA\udcffBD nững"
    assert g.normalize(text) == "những\udcff CAND \ud800những CA\udcffBD những"
    assert [f.surface for f in g.find(text)] == ["nững", "CABD", "nững", "nững"]


def test_lookup_of_a_term_that_is_not_utf8(capsys: pytest.CaptureFixture[str]) -> None:
    # glossary lookup $'CA\xff': the argument arrives with a lone surrogate
    assert glossary.load().lookup("CA\udcff") == []
    assert "CA\udcff" not in glossary.load()
    assert main(["lookup", "CA\udcff"]) == 1
    assert "not in the glossary" in capsys.readouterr().err


def test_case_carrying_keeps_the_output_nfc_and_idempotent() -> None:
    g = Glossary.from_entries([Entry("ab", "ſ\u0301", Kind.TYPO)])
    out = g.normalize("AB")
    assert out == "Ś" and unicodedata.is_normalized("NFC", out)
    assert g.normalize(out) == out
    explained = g.normalize_and_explain("xin AB nhé")
    assert explained.text == "xin Ś nhé" and glossary.apply_edits("xin AB nhé", explained.edits) == explained.text
