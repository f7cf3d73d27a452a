"""glossary.mining: definitions found in text, aggregation into rows, document-local expansion."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary
from glossary import Entry, Glossary, GlossaryTypeError, Kind, OptionError, apply_edits
from glossary.expansion import local_entries
from glossary.mining import (
    MIN_CONFIDENCE,
    Definition,
    aggregate,
    mine,
    rows_to_csv,
    rows_to_jsonl,
)
from glossary.terms import parse_terms

from .conftest import seed_article, shared_corpus

GOLD = Path(__file__).resolve().parent / "data" / "mine_gold.jsonl"
PATTERNS = {"paren", "paren-reverse", "cue", "cue-reverse"}


def pairs(text: str, floor: float = MIN_CONFIDENCE) -> list[tuple[str, str]]:
    return [(d.short, d.long) for d in mine(text, min_confidence=floor)]


# -- golden cases: (text, expected (short, long) pairs at the default confidence) ------------
POSITIVE = [
    pytest.param("Chủ tịch Ủy ban nhân dân (UBND) phường ký.", [("UBND", "Ủy ban nhân dân")], id="paren-basic"),
    pytest.param("Đại biểu Hội đồng nhân dân (HĐND) các cấp.", [("HĐND", "Hội đồng nhân dân")], id="paren-d-bar"),
    pytest.param("Hội đồng nhân dân (HDND) tỉnh.", [("HDND", "Hội đồng nhân dân")], id="paren-d-for-d-bar"),
    pytest.param("Sở Giáo dục và Đào tạo (GD&ĐT) tỉnh.", [("GD&ĐT", "Giáo dục và Đào tạo")], id="ampersand-skips-va"),
    pytest.param("Bộ Giáo dục và Đào tạo (GDĐT) năm nay.", [("GDĐT", "Giáo dục và Đào tạo")], id="va-dropped"),
    pytest.param("Doanh nghiệp nhỏ và vừa (DNNVV) được hỗ trợ.", [("DNNVV", "Doanh nghiệp nhỏ và vừa")],
                 id="va-kept"),
    pytest.param("Ban Chấp hành Trung ương (BCH TW) họp.", [("BCH TW", "Ban Chấp hành Trung ương")],
                 id="w-for-uong"),
    pytest.param("Thạc sĩ (ThS) Nguyễn Văn Minh.", [("ThS", "Thạc sĩ")], id="mixed-case-th"),
    pytest.param("Ông là Thanh tra (TTr) của Sở.", [("TTr", "Thanh tra")], id="mixed-case-tr"),
    pytest.param("Thành phố Hồ Chí Minh (TP.HCM) có mưa.", [("TP.HCM", "Thành phố Hồ Chí Minh")], id="dotted"),
    pytest.param("Bộ Lao động - Thương binh và Xã hội (LĐ-TB&XH) đề xuất.",
                 [("LĐ-TB&XH", "Lao động - Thương binh và Xã hội")], id="hyphenated"),
    pytest.param("Sở Tài nguyên và Môi trường (Sở TN&MT) tiếp nhận.",
                 [("Sở TN&MT", "Sở Tài nguyên và Môi trường")], id="word-in-short"),
    pytest.param("Ủy ban nhân dân tỉnh (UBND tỉnh) chỉ đạo.", [("UBND tỉnh", "Ủy ban nhân dân tỉnh")],
                 id="trailing-word-in-short"),
    pytest.param("Bộ Tư lệnh Quân khu 9 (QK9) tổ chức.", [("QK9", "Quân khu 9")], id="digit"),
    pytest.param("Cán bộ, chiến sĩ (CBCS) tham gia.", [("CBCS", "Cán bộ, chiến sĩ")], id="comma-inside"),
    pytest.param("Ủy ban Mặt trận Tổ quốc (MTTQ) Việt Nam.", [("MTTQ", "Mặt trận Tổ quốc")], id="head-word-left-out"),
    pytest.param("Thuế thu nhập doanh nghiệp (TNDN) giảm.", [("TNDN", "thu nhập doanh nghiệp")],
                 id="extent-from-letters"),
    pytest.param("Ủy ban nhân dân (UBND), Hội đồng nhân dân (HĐND) và Tòa án nhân dân (TAND).",
                 [("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"), ("TAND", "Tòa án nhân dân")],
                 id="three-in-a-row"),
    pytest.param("Các khoản BHXH (bảo hiểm xã hội) được đóng đủ.", [("BHXH", "bảo hiểm xã hội")], id="reverse"),
    pytest.param("Công an nhân dân, viết tắt là CAND, là lực lượng.", [("CAND", "Công an nhân dân")], id="cue-vi"),
    pytest.param("Ngân hàng Nhà nước (sau đây gọi tắt là NHNN) quy định.", [("NHNN", "Ngân hàng Nhà nước")],
                 id="cue-in-paren"),
    pytest.param("Trung tâm Y tế (viết tắt: TTYT) huyện.", [("TTYT", "Trung tâm Y tế")], id="cue-colon"),
    pytest.param("Hợp tác xã, gọi tắt là HTX, được thành lập.", [("HTX", "Hợp tác xã")], id="cue-goi-tat"),
    pytest.param("HĐQT là viết tắt của Hội đồng quản trị.", [("HĐQT", "Hội đồng quản trị")], id="cue-reverse-vi"),
    pytest.param("The World Bank (WB) approved the loan.", [("WB", "World Bank")], id="en-paren"),
    pytest.param("Severe acute respiratory syndrome (SARS) spread fast.",
                 [("SARS", "Severe acute respiratory syndrome")], id="en-lowercase"),
    pytest.param("Greenhouse gas (GHG) emissions fell.", [("GHG", "Greenhouse gas")], id="en-letter-inside-word"),
    pytest.param("Non-governmental organizations (NGOs) helped.",
                 [("NGOs", "Non-governmental organizations")], id="en-plural"),
    pytest.param("The Internet of Things (IoT) grows.", [("IoT", "Internet of Things")], id="en-lowercase-of"),
    pytest.param("The Ministry of Health (hereinafter “MOH”) said.", [("MOH", "Ministry of Health")],
                 id="en-hereinafter"),
    pytest.param("Personal data, hereinafter referred to as PD, is protected.", [("PD", "Personal data")],
                 id="en-hereinafter-free"),
    pytest.param("The term “Software as a Service” is abbreviated as SaaS here.",
                 [("SaaS", "Software as a Service")], id="en-abbreviated-as-quoted"),
    pytest.param("DNS stands for Domain Name System.", [("DNS", "Domain Name System")], id="en-stands-for"),
    pytest.param("Patients with type 2 diabetes (T2D) were enrolled.", [("T2D", "type 2 diabetes")], id="en-digit"),
    pytest.param("Structured Query Language (SQL: ngôn ngữ truy vấn) là ngôn ngữ.",
                 [("SQL", "Structured Query Language")], id="gloss-after-colon"),
    pytest.param("bố trí văn bản phức tạp (CTL: Complex Text Layout).", [("CTL", "Complex Text Layout")],
                 id="long-after-colon"),
    pytest.param("Tập tin CSV (Comma Separated Values: giá trị phân cách bằng dấu phẩy).",
                 [("CSV", "Comma Separated Values")], id="reverse-stops-at-colon"),
]

NEGATIVE = [
    pytest.param("Đoàn đã đến Hà Nội (Việt Nam) và Viêng Chăn (Lào).", id="place-country"),
    pytest.param("Doanh thu đạt 1.200 tỷ đồng (tăng 5%).", id="percent"),
    pytest.param("Kiến trúc được mô tả ở phần sau (xem Hình 3).", id="see-figure"),
    pytest.param("Kết quả phù hợp với nghiên cứu trước (Nguyễn Văn An và cộng sự, 2019).", id="citation"),
    pytest.param("Theo báo cáo của WHO (2022), tỷ lệ tăng.", id="year"),
    pytest.param("Bộ luật Dân sự (2015) quy định.", id="year-after-name"),
    pytest.param("Previous work agrees (Smith et al., 2019).", id="citation-en"),
    pytest.param("Các tổ chức quốc tế (WHO, UNICEF, UNDP) tài trợ.", id="list-of-acronyms"),
    pytest.param("Các đại biểu dự lễ (Ảnh: TTXVN).", id="photo-credit"),
    pytest.param("Khóa học gồm ba phần (I, II và III).", id="roman-list"),
    pytest.param("Tổng vốn 2.500 tỷ đồng (khoảng 106 triệu USD).", id="currency"),
    pytest.param("Luật Doanh nghiệp (sau đây gọi là Luật Doanh nghiệp) có hiệu lực.", id="alias-not-abbreviation"),
    pytest.param("Công ty ABC (hereinafter referred to as the “Company”) agrees.", id="alias-en"),
    pytest.param("Vận tốc tăng (MỚI) trong quý.", id="shouted-word"),
    pytest.param("Đánh số lại ở « AA » (AA, AB, AC...).", id="short-inside-long"),
    pytest.param("Giá vàng SJC (bán ra) tăng.", id="remark-after-acronym"),
    pytest.param("The algorithm runs in linear time (O(n)).", id="nested-paren"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(text: str) -> None:
    assert pairs(text) == []


@pytest.mark.parametrize(
    ("text", "short", "long"),
    [
        pytest.param("Tổ chức Y tế Thế giới (WHO) khuyến cáo.", "WHO", "Tổ chức Y tế Thế giới", id="who"),
        pytest.param("Quỹ Tiền tệ Quốc tế (IMF) dự báo.", "IMF", "Quỹ Tiền tệ Quốc tế", id="imf"),
        pytest.param("She holds a Doctor of Philosophy (PhD) degree.", "PhD", "Doctor of Philosophy", id="phd"),
        pytest.param("Nhóm dùng AI (trí tuệ nhân tạo) để phân tích.", "AI", "trí tuệ nhân tạo", id="reverse-ai"),
    ],
)
def test_unmatched_letters_reported_low(text: str, short: str, long: str) -> None:
    assert mine(text) == []  # below the default threshold
    [d] = mine(text, min_confidence=0)
    assert (d.short, d.long) == (short, long)
    assert 0 < d.confidence < MIN_CONFIDENCE
    assert pairs(text) == []


def test_guess_leaves_out_function_words() -> None:
    [d] = mine("Giới hạn trên; hay giới hạn dưới (LBOUND).", min_confidence=0)
    assert d.long == "giới hạn dưới" and d.confidence < MIN_CONFIDENCE


def test_definition_fields() -> None:
    text = "Theo Ngân hàng Nhà nước (NHNN), lãi suất giảm."
    [d] = mine(text)
    assert d == Definition("NHNN", "Ngân hàng Nhà nước", 25, 29, 5, 23, d.confidence, "paren")
    assert 0.9 < d.confidence <= 1.0


def test_patterns_named() -> None:
    got = {d.pattern for d in mine(
        "Ủy ban nhân dân (UBND). BHYT (bảo hiểm y tế). Công an nhân dân, viết tắt là CAND. "
        "CCCD là viết tắt của căn cước công dân."
    )}
    assert got == PATTERNS


def test_skipping_costs_confidence() -> None:
    exact = mine("Cảnh sát giao thông (CSGT).")[0].confidence
    skipped = mine("Giáo dục và Đào tạo (GDĐT).")[0].confidence
    assert 0 < skipped < exact <= 1


def test_min_confidence_filters() -> None:
    text = "Tổ chức Y tế Thế giới (WHO) và Ủy ban nhân dân (UBND)."
    assert [d.short for d in mine(text, min_confidence=0)] == ["WHO", "UBND"]
    assert [d.short for d in mine(text, min_confidence=0.5)] == [d.short for d in mine(text)] == ["UBND"]
    assert mine(text, min_confidence=1) == []


def test_offsets_kept_through_nfd_and_spaces() -> None:
    text = unicodedata.normalize("NFD", "Lực lượng Cảnh\u00a0 sát   giao thông (CSGT) đông.")
    [d] = mine(text)
    assert text[d.short_start : d.short_end] == d.short == "CSGT"
    assert text[d.long_start : d.long_end] == d.long
    assert unicodedata.normalize("NFC", " ".join(d.long.split())) == "Cảnh sát giao thông"


@pytest.mark.parametrize("bad", [b"UBND", bytearray(b"x"), None, 3, ["UBND"]])
def test_wrong_type(bad: object) -> None:
    with pytest.raises(GlossaryTypeError) as err:
        mine(bad)  # type: ignore[arg-type]
    if isinstance(bad, (bytes, bytearray)):
        assert "decode" in str(err.value)


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_bad_min_confidence(bad: float) -> None:
    with pytest.raises(OptionError):
        mine("x", min_confidence=bad)


def test_min_confidence_type() -> None:
    with pytest.raises(GlossaryTypeError):
        mine("x", min_confidence="0.5")  # type: ignore[arg-type]


# -- properties --------------------------------------------------------------------------------
WORDS = [
    "Ủy", "ban", "nhân", "dân", "UBND", "Hội", "đồng", "HĐND", "và", "Giáo", "dục", "Đào", "tạo", "GD&ĐT",
    "Thạc", "sĩ", "ThS", "World", "Health", "Organization", "WHO", "of", "the", "TP.HCM", "2019", "5%",
    "viết tắt là", "sau đây gọi là", "là viết tắt của", "hereinafter", "stands for", "Việt", "Nam", "İ", "😀",
    "ư", "Ư", "W", "x", "'s", "“", "”", "«", "»",
]
SEPARATORS = [" ", " ", " (", ") ", ", ", ": ", ".", "\n", "  ", "\u00a0", "-", "(", ")", "", "&"]
texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=30).map(
    lambda parts: "".join(w + s for w, s in parts)
)
any_texts = st.one_of(texts, texts.map(lambda t: unicodedata.normalize("NFD", t)), st.text(max_size=60))


@settings(max_examples=300, deadline=None)
@given(any_texts)
def test_spans_index_the_text(text: str) -> None:
    found = mine(text, min_confidence=0)
    for d in found:
        assert text[d.short_start : d.short_end] == d.short
        assert text[d.long_start : d.long_end] == d.long
        assert d.short and d.long
        assert d.short_end <= d.long_start or d.long_end <= d.short_start
        assert 0.0 < d.confidence <= 1.0
        assert d.pattern in PATTERNS
    assert found == sorted(found, key=lambda d: (d.short_start, d.long_start))


@settings(max_examples=150, deadline=None)
@given(texts, st.floats(min_value=0.0, max_value=1.0))
def test_threshold_is_a_filter(text: str, floor: float) -> None:
    assert mine(text, min_confidence=floor) == [d for d in mine(text, min_confidence=0) if d.confidence >= floor]


@settings(max_examples=150, deadline=None)
@given(texts)
def test_nfd_finds_the_same(text: str) -> None:
    def nfc(ds: list[Definition]) -> list[tuple[str, str]]:
        return [(unicodedata.normalize("NFC", d.short), unicodedata.normalize("NFC", d.long)) for d in ds]

    assert nfc(mine(unicodedata.normalize("NFD", text), min_confidence=0)) == nfc(mine(text, min_confidence=0))


# -- aggregation and rows ----------------------------------------------------------------------
def test_aggregate_counts_variants_and_sources() -> None:
    by_source = {
        "a.txt": mine("Ủy ban nhân dân (UBND) họp. Ủy ban nhân dân (UBND) nữa. Thạc sĩ (ThS) An."),
        "b.txt": mine("ủy ban nhân  dân (UBND). Uỷ ban nhân dân (UBND). Tổ chức Y tế Thế giới (WHO).",
                      min_confidence=0),
    }
    rows = aggregate(by_source)
    got = [(r.term, r.replacement, r.occurrences) for r in rows]
    assert got == [("UBND", "Ủy ban nhân dân", 4), ("ThS", "Thạc sĩ", 1)]
    ubnd = rows[0]
    assert ubnd.variants == (("Ủy ban nhân dân", 3), ("Uỷ ban nhân dân", 1))
    assert ubnd.sources == ("a.txt", "b.txt")
    assert ubnd.patterns == ("paren",)
    assert [r.term for r in aggregate(by_source, min_confidence=0.0)][-1] == "WHO"


REFERENCE = Glossary.from_entries([
    Entry("CAND", "Công an nhân dân", Kind.ABBREVIATION, "security"),
    Entry("ANTT", "an ninh trật tự", Kind.ABBREVIATION, "security"),
    Entry("ANQG", "an ninh quốc gia", Kind.ABBREVIATION, "security"),
    Entry("ANQG", "an ninh quân đội", Kind.ABBREVIATION, "army"),
    Entry("an ninh quốc phòng", "", Kind.TERM),
])


def test_aggregate_weighs_by_confidence() -> None:
    guess = Definition("CTL", "văn bản phức tạp", 0, 3, 5, 20, 0.15, "paren")
    sure = Definition("CTL", "Complex Text Layout", 0, 3, 5, 20, 0.97, "paren-reverse")
    [row] = aggregate({"a": [guess, guess, sure]}, min_confidence=0)
    assert row.replacement == "Complex Text Layout" and row.occurrences == 3
    assert row.variants == (("Complex Text Layout", 1), ("văn bản phức tạp", 2))
    assert row.confidence == 0.97 and row.patterns == ("paren", "paren-reverse")


def test_aggregate_marks_conflicts_and_known() -> None:
    text = "Công an nhân dân (CAND). An ninh trật tự (ANTT). Cảnh sát an ninh (CSAN). An ninh quốc giới (ANQG)."
    rows = {r.term: r for r in aggregate([("doc.txt", mine(text))], glossary=REFERENCE)}
    assert rows["CAND"].known and not rows["CAND"].conflict
    assert rows["ANTT"].known  # case-insensitively
    assert not rows["CSAN"].known and not rows["CSAN"].conflict
    assert rows["ANQG"].conflict == ("an ninh quốc gia", "an ninh quân đội") and not rows["ANQG"].known


def test_csv_is_a_valid_glossary_file() -> None:
    text = "An ninh quốc giới (ANQG), Sở Tài nguyên và Môi trường (Sở TN&MT), “Giáo dục” (GD)."
    rows = aggregate({"x, \"y\".txt": mine(text), "z.txt": mine("An ninh quốc giới (ANQG).")}, glossary=REFERENCE)
    out = rows_to_csv(rows, domain="mined")
    assert out.startswith("term,replacement,kind,domain,note,source\n")
    parsed, problems = parse_terms(out.encode(), "mined.csv")
    assert [p for p in problems if p.severity == "error"] == []
    assert [r.entry.term for r in parsed] == ["ANQG", "GD", "Sở TN&MT"]
    first = next(csv.DictReader(io.StringIO(out)))
    assert first["kind"] == "abbreviation" and first["domain"] == "mined"
    assert "CONFLICT" in first["note"] and "an ninh quốc gia" in first["note"]
    assert first["source"] == 'x, "y".txt; z.txt'
    Glossary.from_entries(r.entry for r in parsed)  # mergeable as is


def test_jsonl_rows() -> None:
    rows = aggregate({"a": mine("Ủy ban nhân dân (UBND) và ủy ban nhân dân (UBND).")})
    [line] = rows_to_jsonl(rows).splitlines()
    obj = json.loads(line)
    assert obj["term"] == "UBND" and obj["kind"] == "abbreviation" and obj["occurrences"] == 2
    assert obj["variants"] == [["Ủy ban nhân dân", 2]] and obj["sources"] == ["a"] and obj["conflict"] == []


def test_many_sources_are_summarized() -> None:
    d = mine("Ủy ban nhân dân (UBND).")
    out = rows_to_csv(aggregate([(f"f{i}.txt", d) for i in range(7)]))
    assert out.splitlines()[1].endswith("f0.txt; f1.txt; f2.txt; f3.txt; f4.txt; +2 more")


# -- document-local definitions ----------------------------------------------------------------
def test_local_entries() -> None:
    text = "HĐND họp. Hội đồng nhân dân (HĐND) và Hội đồng nhân dân (HĐND). Tổ chức Y tế Thế giới (WHO)."
    got = local_entries(text)
    assert [(e.term, e.replacement, e.kind, at) for e, at in got] == [
        ("HĐND", "Hội đồng nhân dân", Kind.ABBREVIATION, text.index("HĐND)") + 4)
    ]
    assert [e.term for e, _ in local_entries(text, min_confidence=0)] == ["HĐND", "WHO"]


def test_expand_learned_applies_after_definition_only() -> None:
    g = Glossary.from_entries([Entry("CAND", "Công an nhân dân", Kind.ABBREVIATION)])
    text = "HĐND trước. Hội đồng nhân dân (HĐND) và CAND. Sau đó HĐND họp."
    result = g.expand_and_explain(text, learn=True)
    assert result.text == "HĐND trước. Hội đồng nhân dân (HĐND) và Công an nhân dân. Sau đó Hội đồng nhân dân họp."
    assert apply_edits(text, result.edits) == result.text
    assert [e.term for e in result.edits] == ["CAND", "HĐND"]


def test_expand_learned_callers_rows_win() -> None:
    g = Glossary.from_entries([Entry("CAND", "Công an nhân dân", Kind.ABBREVIATION)])
    text = "Cụm an ninh dân (CAND) đến. CAND làm việc."
    result = g.expand_and_explain(text, learn=True)
    assert result.text == "Cụm an ninh dân (CAND) đến. Công an nhân dân làm việc."  # the definition is kept
    assert g.expand(text) == "Cụm an ninh dân (Công an nhân dân) đến. Công an nhân dân làm việc."


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("annotate", "Hội đồng nhân dân (HĐND). HĐND (Hội đồng nhân dân) họp."),
        ("first", "Hội đồng nhân dân (HĐND). HĐND họp."),
        ("replace", "Hội đồng nhân dân (HĐND). Hội đồng nhân dân họp."),
    ],
)
def test_expand_learned_styles(style: str, expected: str) -> None:
    g = Glossary.from_entries([])
    text = "Hội đồng nhân dân (HĐND). HĐND họp."
    result = g.expand_and_explain(text, style=style, learn=True)
    assert result.text == expected
    assert apply_edits(text, result.edits) == expected


def test_expand_learned_drops_a_definition_edit_and_adds_a_learned_one() -> None:
    g = Glossary.from_entries([Entry("CAND", "Công an nhân dân", Kind.ABBREVIATION)])
    text = "Cục An ninh Dân sự (CAND) mới lập. Quỹ Hỗ trợ Nông dân (QHTND) mới lập. QHTND có 5 tỷ."
    result = g.expand_and_explain(text, learn=True)  # as many edits as the glossary alone, not the same ones
    assert result.text == "Cục An ninh Dân sự (CAND) mới lập. Quỹ Hỗ trợ Nông dân (QHTND) mới lập. " \
        "Quỹ Hỗ trợ Nông dân có 5 tỷ."
    assert [e.term for e in result.edits] == ["QHTND"]


@pytest.mark.parametrize("style", ["replace", "annotate", "first"])
def test_learning_carries_across_the_lines_of_a_stream(style: str) -> None:
    g = Glossary.from_entries([Entry("CAND", "Công an nhân dân", Kind.ABBREVIATION)])
    lines = ["Quỹ Hỗ trợ Nông dân (QHTND) mới lập.", *["CAND và QHTND."] * 6000, "QHTND và CAND."]
    whole = g.expand("\n".join(lines), style=style, learn=True).split("\n")
    assert list(g.expand_lines(lines, style=style, learn=True)) == whole  # several batches, one document
    assert whole[-1] == {"replace": "Quỹ Hỗ trợ Nông dân và Công an nhân dân.",
                         "annotate": "QHTND (Quỹ Hỗ trợ Nông dân) và CAND (Công an nhân dân).",
                         "first": "QHTND và CAND."}[style]


def test_expand_learned_nothing_defined(g: Glossary) -> None:
    text = "lực lượng CAND đông."
    assert g.expand_and_explain(text, learn=True) == g.expand_and_explain(text)


@settings(max_examples=150, deadline=None)
@given(any_texts)
def test_expand_learned_replays(text: str) -> None:
    result = Glossary.from_entries([]).expand_and_explain(text, learn=True)
    assert apply_edits(text, result.edits) == result.text


# -- the gold set itself -----------------------------------------------------------------------
def test_gold_set_is_well_formed() -> None:
    items = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert len(items) >= 150
    assert len({it["id"] for it in items}) == len(items)
    assert {it["split"] for it in items} == {"dev", "test"}
    assert sum(it["lang"] == "vi" for it in items) > len(items) / 2
    assert sum(not it["pairs"] for it in items) >= 50
    for it in items:
        assert it["text"] == unicodedata.normalize("NFC", it["text"])
        for p in it["pairs"]:
            assert p["short"] in it["text"] and p["long"] in it["text"], it["id"]


def test_builtin_glossary_usable_as_reference() -> None:
    rows = aggregate({"a": mine("Cảnh sát giao thông (CSGT) và Ủy ban nhân dân (UBND).")}, glossary=glossary.load())
    assert {r.term for r in rows} == {"CSGT", "UBND"}


# -- real text -----------------------------------------------------------------------------
def test_corpus_rows_are_plausible() -> None:
    text = shared_corpus()
    rows = {r.term: r.replacement for r in aggregate({"corpus": mine(text)}, glossary=glossary.load())}
    assert rows["PDF"] == "Portable Document Format"
    assert rows["SQL"] == "Structured Query Language"
    assert 5 <= len(rows) <= 100


def test_seed_article_does_not_crash() -> None:
    text = seed_article()
    for d in mine(text):
        assert text[d.short_start : d.short_end] == d.short
    result = glossary.load().expand_and_explain(text, learn=True)
    assert apply_edits(text, result.edits) == result.text
