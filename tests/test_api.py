"""The Python API: types, options, lookup, domains, layering, module-level functions."""

from __future__ import annotations

import pickle
import threading
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary
from glossary import (
    Entry,
    Glossary,
    GlossaryError,
    GlossaryTypeError,
    Kind,
    OptionError,
    Style,
    ToneStyle,
)


@pytest.mark.parametrize(
    "method", ["normalize", "normalize_and_explain", "expand", "expand_and_explain", "find", "lookup"]
)
@pytest.mark.parametrize("value", [b"bytes", 42, None, ["list"]])
def test_wrong_input_types_get_a_hint(g: Glossary, method: str, value: object) -> None:
    with pytest.raises(GlossaryTypeError) as info:
        getattr(g, method)(value)
    assert isinstance(info.value, TypeError) and isinstance(info.value, GlossaryError)
    if isinstance(value, bytes):
        assert "decode it first" in str(info.value)


def test_unknown_option_values_list_the_valid_ones(g: Glossary) -> None:
    with pytest.raises(OptionError, match="'replace', 'annotate', 'first'"):
        g.expand("CSGT", style="inline")
    with pytest.raises(OptionError, match="'main-vowel', 'first-vowel'"):
        g.normalize("x", tone_style="new")
    with pytest.raises(OptionError, match="valid values are 'abbreviation'"):
        g.find("x", kinds=["acronym"])


def test_enums_and_plain_strings_are_interchangeable(g: Glossary) -> None:
    assert g.expand("CSGT", style=Style.ANNOTATE) == g.expand("CSGT", style="annotate")
    assert g.normalize("hòa", tone_style=ToneStyle.MAIN_VOWEL) == "hoà"
    assert Kind.TYPO == "typo" and str(Kind.TYPO) == "typo"


def test_edits_carry_kind_term_and_original_text(g: Glossary) -> None:
    text = "Vie\u0302\u0323t  nững"
    r = g.normalize_and_explain(text)
    assert r.text == "Việt những"
    assert [(e.start, e.end, e.before, e.after, str(e.kind), e.term) for e in r.edits] == [
        (2, 5, "e\u0302\u0323", "ệ", "unicode", ""),
        (6, 8, "  ", " ", "space", ""),
        (8, 12, "nững", "những", "typo", "nững"),
    ]


def test_fix_spanning_cleaned_space_is_one_edit(g: Glossary) -> None:
    r = g.normalize_and_explain("a sử\u00a0 lý")
    assert [(e.start, e.end, e.before, e.after) for e in r.edits] == [(2, 8, "sử\u00a0 lý", "xử lý")]


def test_offset_maps_of_explained(g: Glossary) -> None:
    text = "CABD  và  nững"
    r = g.normalize_and_explain(text)
    assert r.text == "CAND và những"
    i = r.text.index("những")
    assert r.to_original(i) == text.index("nững")
    assert r.span_to_original(i, i + len("những")) == (text.index("nững"), len(text))
    assert r.to_normalized(text.index("và")) == r.text.index("và")
    with pytest.raises(OptionError):
        r.to_original(0, side="middle")


def test_ambiguous_abbreviation_is_reported_with_all_senses(g: Glossary) -> None:
    r = g.expand_and_explain("theo QĐ số 1")
    assert r.text == "theo QĐ số 1"
    [m] = r.unresolved
    assert (m.start, m.end, m.surface, m.ambiguous) == (5, 7, "QĐ", True)
    assert sorted(e.replacement for e in m.entries) == ["quy định", "quyết định"]
    assert g.expand("theo QĐ số 1", domains="party") == "theo quy định số 1"
    assert g.expand("theo QĐ số 1", domains=["admin", "party"]) == "theo QĐ số 1"


def test_single_sense_keys_expand_whatever_the_domains(g: Glossary) -> None:
    assert g.expand("CSGT", domains=["health"]) == "Cảnh sát giao thông"


def test_ambiguous_typo_is_reported_not_fixed(g: Glossary) -> None:
    r = g.normalize_and_explain("the colour")
    assert r.text == "the colour" and r.edits == ()
    [m] = r.unresolved
    assert m.surface == "colour" and len(m.entries) == 2
    text = "sử  lý nững và colour"  # fixes and cleanup before it change lengths
    [m] = g.normalize_and_explain(text).unresolved
    assert (m.start, m.end, m.surface) == (text.index("colour"), len(text), "colour")


def test_lookup_exact_then_case_then_accents(g: Glossary) -> None:
    assert [e.replacement for e in g.lookup("HĐND")] == ["Hội đồng nhân dân"]
    assert [e.replacement for e in g.lookup("hđnd")] == ["Hội đồng nhân dân"]
    assert [e.replacement for e in g.lookup("HDND")] == ["Hội đồng nhân dân"]
    assert [e.term for e in g.lookup("ThS")] == ["ThS"]
    assert [e.note for e in g.lookup("an ninh quốc gia")] == [
        "the protection of the state, its regime and its independence"
    ]
    assert g.lookup("không có") == []


def test_layering_user_rows_win(tmp_path: Path, terms_path: Path) -> None:
    user = tmp_path / "user.csv"
    user.write_text("term,replacement,kind\nCSGT,cảnh sát giao thông đường bộ,abbreviation\nABC,a b c,abbreviation\n",
                    encoding="utf-8")
    layered = glossary.load(terms_path, user)
    assert layered.expand("CSGT ABC CAND") == "cảnh sát giao thông đường bộ a b c Công an nhân dân"
    alone = glossary.load(user)
    assert alone.expand("CSGT ABC CAND") == "cảnh sát giao thông đường bộ a b c CAND"


def test_layering_over_the_builtin_glossary(tmp_path: Path) -> None:
    user = tmp_path / "user.csv"
    user.write_text("term,replacement,kind\nCAND,công an,abbreviation\n", encoding="utf-8")
    g = glossary.load(user, builtin=True)
    assert g.expand("CAND") == "công an"
    assert g.normalize("nững") == "những"  # from the built-in glossary
    assert glossary.load(user).normalize("nững") == "nững"


def test_from_entries_validates() -> None:
    with pytest.raises(glossary.GlossaryFileError, match="empty required field 'replacement'"):
        Glossary.from_entries([Entry("a", "", Kind.TYPO)])
    with pytest.raises(GlossaryTypeError):
        Glossary.from_entries([("a", "b", "typo")])  # type: ignore[list-item]
    g = Glossary.from_entries([Entry("a", "b", "typo")])  # type: ignore[arg-type]
    assert g.normalize("A") == "B"


def test_module_functions_use_the_builtin_glossary() -> None:
    text = "lực lượng CABD, nững biểu hiện, hiêu quả"
    assert glossary.normalize(text) == "lực lượng CAND, những biểu hiện, hiệu quả"
    assert glossary.normalize_and_explain(text).text == glossary.normalize(text)
    assert glossary.expand("CAND") == "Công an nhân dân"
    assert glossary.expand_and_explain("CAND").edits[0].after == "Công an nhân dân"
    assert [m.surface for m in glossary.find("CAND và XDLL")] == ["CAND", "XDLL"]
    assert glossary.lookup("XDLL")[0].replacement == "xây dựng lực lượng"
    assert glossary.load() is glossary.load()


def test_threads_share_one_glossary(g: Glossary) -> None:
    texts = [f"dòng {i}: nững CABD sử lý {i}, CAND và QĐ/TW" for i in range(200)]

    def everything(glo: Glossary) -> list[object]:
        return [(glo.normalize(t), glo.normalize_and_explain(t).edits, glo.find(t), glo.expand(t),
                 glo.lookup("cand")) for t in texts]

    expected = everything(Glossary.from_bytes(g.to_bytes()))  # computed on another instance
    for _ in range(3):
        shared = Glossary.from_bytes(g.to_bytes())  # fresh: no scanner or index built yet
        start = threading.Barrier(4)
        results: list[list[object]] = []

        def work(glo: Glossary = shared, go: threading.Barrier = start, out: list[list[object]] = results) -> None:
            go.wait()  # all threads build the lazy parts at once
            out.append(everything(glo))

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [expected] * 4


def test_mine_and_learn_from_the_module() -> None:
    [d] = glossary.mine("Bảo hiểm xã hội (BHXH) tăng.")
    assert (d.short, d.long, d.pattern) == ("BHXH", "Bảo hiểm xã hội", "paren")
    assert glossary.expand("Quỹ Abc Def (QAD) mới. QAD tăng.", learn=True) == "Quỹ Abc Def (QAD) mới. Quỹ Abc Def tăng."
    assert glossary.expand("Quỹ Abc Def (QAD) mới. QAD tăng.") == "Quỹ Abc Def (QAD) mới. QAD tăng."


def test_repr_len_iter(g: Glossary) -> None:
    assert len(g) == len(list(g)) == 23  # keys: QĐ and colour have two rows each
    assert len(list(g.entries())) == g.stats["rows"] == 25
    assert "25 rows" in repr(g)


# -- the engine, per glossary -----------------------------------------------------------
def test_engine_is_chosen_per_glossary() -> None:
    from glossary.scan import accelerated

    pure = glossary.load(engine="python")
    assert pure.engine == "python"
    assert pure.normalize("nững CABD") == glossary.normalize("nững CABD") == "những CAND"
    assert pickle.loads(pickle.dumps(pure)).engine == "python"
    assert glossary.load(engine="auto").engine == ("c" if accelerated() else "python")
    with pytest.raises(glossary.OptionError, match="valid values are 'auto', 'c', 'python'"):
        glossary.load(engine="fast")


def test_asking_for_a_missing_c_engine_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import glossary.scan

    monkeypatch.setattr(glossary.scan, "_speedups", None)
    with pytest.raises(glossary.OptionError, match="not built"):
        glossary.load(engine="c")


def test_version_names_the_scanner(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from glossary.cli import main

    monkeypatch.setenv("GLOSSARY_PURE_PYTHON", "1")
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith(f"glossary {glossary.__version__} (pure-Python scanner")


@pytest.mark.parametrize("engine", ["auto", "python"])
@pytest.mark.parametrize(("text", "normalized"), [
    ("lực lượng CA\u00adBD, nữ\u00adng biểu hiện", "lực lượng CAND, những biểu hiện"),  # soft hyphens inside keys
    ("Đây là n\u2060ững tệp", "Đây là những tệp"),  # a word joiner
    ("nữ\u00adng\u00adng\u00a0\u00a0ngày", "nữ\u00adng\u00adng ngày"),  # no key here: the hyphens stay
    ("hiêu\u2060 quả, ký\u00ad hiệu", "hiệu\u2060 quả, ký\u00ad hiệu"),  # beside a key: kept beside its fix
    ("sử\u200d\u0301 và \u00ad  ngày", "sử\u200d\u0301 và \u00ad ngày"),  # not inside a word: as before
    (unicodedata.normalize("NFD", "sử\u200d\u0301 và"), "sử\u200d\u0301 và"),  # NFD: the same
])
def test_normalize_reads_through_soft_hyphens_and_word_joiners(engine: str, text: str, normalized: str) -> None:
    g = glossary.load(engine=engine)
    got = g.normalize_and_explain(text)
    assert g.normalize(text) == got.text == normalized
    assert glossary.apply_edits(text, got.edits) == got.text
    assert all(text[e.start : e.end] == e.before for e in got.edits)


def test_find_and_expand_read_through_soft_hyphens_and_word_joiners() -> None:
    text = "Thành phố HCM\u00ad và TP.H\u2060CM, lực lượng CA\u00adND"
    assert [m.surface for m in glossary.find(text)] == ["HCM", "TP.H\u2060CM", "CA\u00adND"]
    assert glossary.expand(text) == "Thành phố Hồ Chí Minh\u00ad và Thành phố Hồ Chí Minh, lực lượng Công an nhân dân"
    got = glossary.expand_and_explain(text)
    assert [e.before for e in got.edits] == ["HCM", "TP.H\u2060CM", "CA\u00adND"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["nững", "CABD", "hiêu", "TP.HCM", "biểu", "hiện", "ngày", " ", "  ", "\u00a0", "\n"]),
                max_size=12), st.lists(st.integers(0, 60), max_size=4), st.sampled_from(["\u00ad", "\u2060"]))
def test_invisible_characters_change_nothing_but_themselves(pieces: list[str], at: list[int], mark: str) -> None:
    # normalizing with soft hyphens or word joiners inside words, then dropping them, is
    # normalizing without them
    plain = "".join(pieces)
    text = plain
    inside = {i for i in at if 0 < i < len(plain) and plain[i - 1].isalnum() and plain[i].isalpha()}
    for i in sorted(inside, reverse=True):
        text = text[:i] + mark + text[i:]
    got = glossary.normalize_and_explain(text)
    assert got.text.replace(mark, "") == glossary.normalize(plain)
    assert glossary.apply_edits(text, got.edits) == got.text == glossary.normalize(text)
