"""Chat shorthand: the opt-in ``informal`` layer, and shorthand that only context decides."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary
from glossary.cli import main
from glossary.shorthand import shorthand
from glossary.terms import parse_terms

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT / "scripts"))
import check_data  # noqa: E402  (the gates live with the importer, standard library only)


def _gates(data: Path) -> list[str]:
    return check_data.informal_gates(data / "informal.csv", data / "informal_context.csv", DATA / "syllables.txt",
                                     DATA / "terms.csv")


def test_the_shorthand_files_pass_their_gates() -> None:
    rows, problems = parse_terms((DATA / "informal.csv").read_bytes(), "data/informal.csv")
    assert problems == [] and len(rows) >= 35 and len(shorthand().context) >= 10
    assert _gates(DATA) == []


@pytest.mark.parametrize(
    ("file", "line", "needle"),
    [
        ("informal.csv", "zz,khôngg,variant,informal,chat,curated-chat\n", "not attested"),
        ("informal.csv", "zz,không,variant,,chat,curated-chat\n", "domain must be informal"),
        ("informal.csv", "kêu,không,variant,informal,x,curated-chat\n", "attested syllable"),
        ("informal_context.csv", "zz,không,one sense,curated-chat\n", "two or more"),
        ("informal_context.csv", "ko,không|gì,in both,curated-chat\n", "informal.csv too"),
    ],
)
def test_the_gates_catch_bad_rows(tmp_path: Path, file: str, line: str, needle: str) -> None:
    for name in ("informal.csv", "informal_context.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    with open(tmp_path / file, "a", encoding="utf-8") as f:
        f.write(line)
    assert any(needle in p for p in _gates(tmp_path)), _gates(tmp_path)


def test_every_shorthand_source_is_documented() -> None:
    sources_md = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    used = {e.source for e in shorthand().fixed.values()} | {e.source for s in shorthand().context.values() for e in s}
    assert used and all(f"`{s}`" in sources_md for s in used)


def test_the_layer_is_opt_in() -> None:
    text = "Ko dc, mún đi vs bạn"
    assert glossary.normalize(text) == text
    assert glossary.load().normalize(text) == text
    g = glossary.load(layers=["informal"])
    assert g.normalize(text) == "Không dc, muốn đi vs bạn"  # respellings: variants
    assert g.expand(g.normalize(text)) == "Không được, muốn đi với bạn"  # shortenings: abbreviations
    assert len(g) == len(glossary.load()) + len(shorthand().fixed)


def test_the_layer_sits_under_user_files(tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("term,replacement,kind,domain,note,source\nko,có,variant,,,me\n", encoding="utf-8")
    assert glossary.load(str(mine), builtin=True, layers=["informal"]).normalize("ko mún") == "có muốn"
    assert glossary.load(builtin=False, layers=["informal"]).normalize("CABD ko") == "CABD không"


def test_an_unknown_layer_is_refused() -> None:
    with pytest.raises(glossary.OptionError, match="informal"):
        glossary.load(layers=["slang"])


def test_ambiguous_shorthand_expands_only_where_context_decides() -> None:
    r = glossary.restore_marks_and_explain("tập tin k tồn tại, phím k", informal=True)
    assert r.text == "tập tin không tồn tại, phím k"
    assert [(m.surface, m.start) for m in r.unresolved] == [("k", 24)]
    assert {e.replacement for e in r.unresolved[0].entries} >= {"không", "nghìn"}
    assert [(e.before, e.after, e.kind) for e in r.edits] == [("k", "không", "variant")]
    assert glossary.restore_marks("mọi ng đều biết", informal=True) == "mọi người đều biết"


def test_a_capital_letter_or_an_acronym_is_no_shorthand() -> None:
    assert glossary.restore_marks("Vitamin K va DC", informal=True) == "Vitamin K và DC"
    assert glossary.restore_marks("KO DC", informal=True) == "KHÔNG ĐƯỢC"  # a line in capitals


def test_shorthand_with_readings_of_several_words_is_reported_with_them() -> None:
    r = glossary.restore_marks_and_explain("nhập mk của bạn", informal=True)
    assert [e.replacement for e in r.unresolved[0].entries][:2] == ["mình", "mật khẩu"]


def test_shorthand_that_is_also_a_word_keeps_it_without_evidence() -> None:
    r = glossary.restore_marks_and_explain("bít tất", informal=True)
    assert r.text == "bít tất" and [m.surface for m in r.unresolved] == ["bít"]


def test_without_informal_restore_leaves_shorthand() -> None:
    assert glossary.restore_marks("ko biet j het") == "ko biết j hết"


def test_cli_informal_flag(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    def run(*argv: str, stdin: str) -> tuple[int, str]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        code = main(list(argv))
        return code, capsysbinary.readouterr().out.decode()

    assert run("normalize", stdin="ko dc\n") == (0, "ko dc\n")
    assert run("normalize", "--informal", stdin="ko bik dc\n") == (0, "không biết dc\n")
    assert run("expand", "--informal", stdin="ko bik ntn\n") == (0, "ko bik như thế nào\n")


def test_the_layer_expands_ambiguous_shorthand_only_where_context_decides_and_reports_the_rest() -> None:
    g = glossary.load(layers=["informal"])
    assert g.layers == ("informal",)
    r = g.expand_and_explain("tập tin k tồn tại, phím k")
    assert r.text == "tập tin không tồn tại, phím k"
    assert [(e.start, e.end, e.before, e.after, e.kind, e.term) for e in r.edits] == [
        (8, 9, "k", "không", "abbreviation", "k")]
    assert [(m.surface, m.start, m.end, m.replacement) for m in r.unresolved] == [("k", 24, 25, None)]
    assert {e.replacement for e in r.unresolved[0].entries} >= {"không", "nghìn"}
    assert g.expand("mọi ng đều biết") == "mọi người đều biết"
    assert g.expand("tập tin k tồn tại", style="annotate") == "tập tin k (không) tồn tại"


def test_without_the_layer_expand_leaves_shorthand_unreported() -> None:
    r = glossary.load().expand_and_explain("tập tin k tồn tại, phím k")
    assert r.text == "tập tin k tồn tại, phím k" and r.unresolved == ()


def test_the_callers_rows_win_over_context(tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("term,replacement,kind,domain,note,source\nk,kilômét,abbreviation,,,me\n", encoding="utf-8")
    r = glossary.load(str(mine), builtin=True, layers=["informal"]).expand_and_explain("tập tin k tồn tại, phím k")
    assert r.text == "tập tin kilômét tồn tại, phím kilômét" and r.unresolved == ()


def test_the_layer_survives_pickling_and_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    import pickle

    g = pickle.loads(pickle.dumps(glossary.load(layers=["informal"])))
    assert g.layers == ("informal",) and g.expand("tập tin k tồn tại") == "tập tin không tồn tại"
    f = tmp_path / "chat.txt"
    f.write_text("tập tin k tồn tại\n" * 3, encoding="utf-8")
    assert main(["expand", "--informal", "-j", "2", str(f)]) == 0
    assert capsysbinary.readouterr().out.decode() == "tập tin không tồn tại\n" * 3


def test_cli_reports_what_it_leaves(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    import json

    f = tmp_path / "chat.txt"
    f.write_text("tập tin k tồn tại\nphím k, nhập mk\n", encoding="utf-8")
    assert main(["expand", "--informal", "--report", str(f)]) == 0
    got = capsysbinary.readouterr()
    assert got.out.decode() == "tập tin không tồn tại\nphím k, nhập mk\n"
    lines = got.err.decode().splitlines()
    assert [line.split(" ==> ")[0] for line in lines] == [f"{f}:2:6: k", f"{f}:2:14: mk"]
    assert "không (informal) | nghìn (informal)" in lines[0] and lines[0].endswith("[abbreviation]")
    assert main(["restore", "--informal", "--report-format", "json", str(f)]) == 0
    objs = [json.loads(x) for x in capsysbinary.readouterr().err.decode().splitlines()]
    assert [(o["line"], o["column"], o["offset"], o["surface"], o["replacement"]) for o in objs] == [
        (2, 6, 23, "k", None), (2, 14, 31, "mk", None)]
    assert {s["replacement"] for s in objs[1]["senses"]} == {"mình", "mật khẩu"}
    assert main(["expand", "--informal", str(f)]) == 0 and capsysbinary.readouterr().err == b""  # only when asked
    assert main(["expand", "--informal", "--report", "-j", "2", str(f)]) == 2
    assert b"--report needs each whole text in order" in capsysbinary.readouterr().err


_chat_words = st.sampled_from(["k", "ng", "bn", "mk", "đk", "dk", "bít", "hông", "ko", "dc", "tập", "tin", "tồn", "tại",
                               "mọi", "đều", "biết", "phím", "khong", "co", "gi", "K", "Ng", "50k", "ng/giờ"])
_separators = st.sampled_from([" ", " ", " ", "  ", ", ", ". ", "\n", "\r\n", "\t"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_chat_words, _separators), max_size=14))
def test_property_find_shorthand_decides_as_restore_marks_does(parts: list[tuple[str, str]]) -> None:
    from glossary.restore import find_shorthand

    text = "".join(w + s for w, s in parts)
    found = find_shorthand(text)
    r = glossary.restore_marks_and_explain(text, informal=True)
    keys = shorthand().context
    decided = {(e.start, e.end, e.after) for e in r.edits if e.term in keys}
    assert {(m.start, m.end, m.replacement) for m in found if m.replacement is not None} == decided
    assert [(m.start, m.end) for m in found if m.replacement is None] == [(m.start, m.end) for m in r.unresolved]
    assert all(text[m.start : m.end] == m.surface for m in found)
