"""The glossary file validator: every problem reported at once, each with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

import glossary
from glossary import GlossaryFileError, GlossaryIOError
from glossary.terms import parse_terms

HEADER = "term,replacement,kind,domain,note,source\n"


def problems(csv_text: str | bytes) -> list[tuple[int, str, str]]:
    data = csv_text.encode("utf-8") if isinstance(csv_text, str) else csv_text
    _, found = parse_terms(data, "t.csv")
    return [(p.line, p.severity, p.message) for p in found]


def errors(csv_text: str | bytes) -> list[tuple[int, str]]:
    return [(line, msg) for line, sev, msg in problems(csv_text) if sev == "error"]


BAD = {
    "unknown-kind": (HEADER + "a,b,typpo,,,\n", 2, "unknown kind 'typpo'"),
    "unknown-kind-hint": (HEADER + "a,b,Typo,,,\n", 2, "did you mean 'typo'"),
    "empty-kind": (HEADER + "a,b,,,,\n", 2, "empty required field 'kind'"),
    "empty-term": (HEADER + ",b,typo,,,\n", 2, "empty required field 'term'"),
    "empty-replacement": (HEADER + "a,,abbreviation,,,\n", 2, "empty required field 'replacement'"),
    "leading-space": (HEADER + " a,b,typo,,,\n", 2, "can never match"),
    "trailing-space": (HEADER + "a ,b,typo,,,\n", 2, "leading or trailing whitespace"),
    "double-space": (HEADER + "a  b,c,typo,,,\n", 2, "run of spaces"),
    "nbsp-in-key": (HEADER + "a\u00a0b,c,typo,,,\n", 2, "no-break space"),
    "line-break-in-key": (HEADER + '"a\nb",c,typo,,,\n', 2, "line break"),
    "punctuation-first": (HEADER + ".NET,x,abbreviation,,,\n", 2, "must begin with a letter or digit"),
    "replacement-spaces": (HEADER + "a,b  c,typo,,,\n", 2, "replacement 'b  c'"),
    "conflict-same-domain": (
        HEADER + "QĐ,quyết định,abbreviation,admin,,\nQĐ,quy định,abbreviation,admin,,\n", 3, "conflicts with line 2"
    ),
    "conflict-typo-variant": (HEADER + "ab,cd,typo,,,\nAB,cd,variant,,,\n", 3, "conflicts with line 2"),
    "chain": (HEADER + "a,b,typo,,,\nb,c,typo,,,\n", 2, "is itself a typo key (line 3)"),
    "cycle": (HEADER + "a,b,typo,,,\nb,a,typo,,,\n", 3, "chains and cycles"),
    "field-count": (HEADER + "a,b,typo\n", 2, "expected 6 fields, found 3"),
    "missing-column": ("term,replacement\na,b\n", 1, "missing column(s) kind"),
    "duplicate-column": ("term,replacement,kind,kind\n", 1, "named twice"),
    "empty-file": ("", 1, "empty glossary"),
    "bad-quote": (HEADER + 'a,"b,typo,,,\n', 2, "malformed CSV"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_each_problem_is_reported_with_its_line(name: str) -> None:
    text, line, fragment = BAD[name]
    found = errors(text)
    assert any(ln == line and fragment in msg for ln, msg in found), found


def test_all_problems_are_reported_at_once() -> None:
    text = HEADER + "a,b,typpo,,,\n,x,typo,,,\nq ,r,typo,,,\nok,fine,typo,,,\n"
    assert [line for line, _ in errors(text)] == [2, 3, 4]


def test_invalid_utf8_names_line_and_byte_offset() -> None:
    data = (HEADER + "a,b,typo,,,\n").encode() + b"c\xff,d,typo,,,\n"
    [(line, msg)] = errors(data)
    assert line == 3 and "byte offset 54" in msg and "0xff" in msg


def test_utf8_bom_is_accepted() -> None:
    assert errors(b"\xef\xbb\xbf" + (HEADER + "a,b,typo,,,\n").encode()) == []


def test_unknown_column_and_duplicate_row_are_warnings() -> None:
    found = problems("term,replacement,kind,example\na,b,typo,x\na,b,typo,y\n")
    assert [(line, sev) for line, sev, _ in found] == [(1, "warning"), (3, "warning")]


def test_typo_with_several_corrections_is_a_warning() -> None:
    found = problems(HEADER + "ackward,awkward,typo,,,\nackward,backward,typo,,,\n")
    assert found == [(3, "warning", "'ackward' has several corrections (see line 2): it is reported with all "
                      "of them and never fixed automatically")]


def test_codespell_dictionary_format(tmp_path: Path) -> None:
    path = tmp_path / "dictionary.txt"
    path.write_text("abandonned->abandoned\nackward->awkward, backward,\nclas->class, reason here\n"
                    "ABANDONNED2->x\n", encoding="utf-8")
    g = glossary.load(path)
    assert g.normalize("Abandonned ackward clas") == "Abandoned ackward class"
    assert {e.note for e in g.lookup("clas")} == {"reason here"}
    from glossary.terms import parse_codespell

    [warning] = [p for p in parse_codespell(path.read_bytes(), str(path))[1] if p.code == "reason"]
    assert warning.line == 3 and warning.severity == "warning" and "codespell only reports" in warning.message
    [m] = g.find("ackward")
    assert m.replacement is None and sorted(e.replacement for e in m.entries) == ["awkward", "backward"]
    path.write_text("ok->fine\nbroken line\n", encoding="utf-8")
    with pytest.raises(GlossaryFileError, match=":2: error: expected 'typo->correction'"):
        glossary.load(path)


def test_same_key_in_two_domains_is_two_senses_not_a_conflict() -> None:
    assert errors(HEADER + "QĐ,quyết định,abbreviation,admin,,\nQĐ,quy định,abbreviation,party,,\n") == []


def test_typo_key_and_abbreviation_key_may_share_spelling() -> None:
    assert errors(HEADER + "cabd,CAND,typo,,,\nCABD,Something,abbreviation,x,,\n") == []


def test_case_fix_pointing_at_itself_is_not_a_chain() -> None:
    assert errors(HEADER + "cand,CAND,typo,,,\n") == []


def test_keys_and_values_are_nfc_normalized(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "nu\u031b\u0303ng,nhu\u031b\u0303ng,typo,,,\n", encoding="utf-8")
    g = glossary.load(path)
    [entry] = list(g.entries())
    assert entry.term == "nững" and entry.replacement == "những"
    assert g.normalize("nững") == "những"


def test_loading_a_bad_file_raises_with_every_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "a,b,typpo,,,\n,x,typo,,,\n", encoding="utf-8")
    with pytest.raises(GlossaryFileError) as info:
        glossary.load(path)
    assert info.value.path == str(path)
    assert [p.line for p in info.value.problems] == [2, 3]
    assert isinstance(info.value, ValueError)
    assert f"{path}:2" in str(info.value)


@pytest.mark.parametrize("make", ["missing", "directory"])
def test_unreadable_paths_raise_io_errors(tmp_path: Path, make: str) -> None:
    path = tmp_path / "x.csv"
    if make == "directory":
        path.mkdir()
    with pytest.raises(GlossaryIOError) as info:
        glossary.load(path)
    assert isinstance(info.value, OSError)
    assert str(path) in str(info.value)


def test_codespell_dictionary_may_begin_with_comments(tmp_path: Path) -> None:
    path = tmp_path / "dictionary.txt"
    path.write_text("# my project's typos\n\n# (codespell format)\nabandonned->abandoned\n", encoding="utf-8")
    assert glossary.load(path, builtin=False).normalize("abandonned") == "abandoned"


def test_codespell_cycles_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "dictionary.txt"
    path.write_text("teh->the\nthe->teh\nwhent->whet\nwhet->when\n", encoding="utf-8")
    with pytest.raises(GlossaryFileError) as info:
        glossary.load(path, builtin=False)
    errors = [(p.line, p.message.split(" is a")[0]) for p in info.value.problems if p.severity == "error"]
    assert errors == [(1, "teh -> the -> teh"), (2, "the -> teh -> the")]  # the chain only warns
