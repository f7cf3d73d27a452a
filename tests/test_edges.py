"""Expansion edge cases with the built-in glossary: document numbers, sentence ends, defaults."""

from __future__ import annotations

import pytest

import glossary
from glossary import Entry, Glossary, Kind
from glossary.mining import MIN_CONFIDENCE

from .conftest import seed_article

DOCUMENT_NUMBERS = [
    ("Quy định số 205-QĐ/TW ngày 23-9-2019", "QĐ/TW"),
    ("Nghị định 30/2020/NĐ-CP của Chính phủ", "NĐ-CP"),
    ("Chỉ thị 05-CT/TW của Bộ Chính trị", "CT/TW"),
    ("Kết luận 01-KL/TW năm 2021", "KL/TW"),
]


@pytest.mark.parametrize(("text", "code"), DOCUMENT_NUMBERS, ids=[c for _, c in DOCUMENT_NUMBERS])
@pytest.mark.parametrize("style", ["replace", "first", "annotate"])
def test_a_code_in_a_document_number_stays_as_written(text: str, code: str, style: str) -> None:
    assert glossary.expand(text, style=style) == text
    [m] = glossary.find(text, kinds=["abbreviation"])
    assert m.surface == code and m.replacement  # still found, with its expansion


@pytest.mark.parametrize(("text", "code"), DOCUMENT_NUMBERS, ids=[c for _, c in DOCUMENT_NUMBERS])
def test_the_same_key_standing_alone_is_expanded(text: str, code: str) -> None:
    [m] = glossary.find(f"theo {code}.", kinds=["abbreviation"])
    assert glossary.expand(f"theo {code}.") == f"theo {m.replacement}."


def test_seed_article_keeps_its_document_numbers() -> None:
    text = glossary.normalize(seed_article())
    result = glossary.expand_and_explain(text)
    assert "205-QĐ/TW" in result.text and text.count("205-QĐ/TW") == result.text.count("205-QĐ/TW") == 2
    assert not any(e.before == "QĐ/TW" for e in result.edits)
    found = [m for m in glossary.find(text, kinds=["abbreviation"]) if m.surface == "QĐ/TW"]
    assert [m.replacement for m in found] == ["Quy định của Trung ương"] * 2


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("mua táo, cam, v.v. Sau đó về.", "mua táo, cam, vân vân. Sau đó về."),
        ("mua táo, cam, v.v.", "mua táo, cam, vân vân."),
        ("mua táo, cam, v.v.  ", "mua táo, cam, vân vân.  "),
        ("táo, cam, v.v.\nDòng sau", "táo, cam, vân vân.\nDòng sau"),
        ("các giá trị 7, 9, v.v... Cách", "các giá trị 7, 9, vân vân... Cách"),
        ("táo, cam, v.v. cho mọi người", "táo, cam, vân vân cho mọi người"),
        ("tổng v.v., những giá trị", "tổng vân vân, những giá trị"),
        ("(Calc, Writer v.v.).", "(Calc, Writer vân vân)."),
        ("TS. Nguyễn Văn An", "Tiến sĩ Nguyễn Văn An"),  # a title before a name: no sentence ends
        ("sống ở TP. Huế", "sống ở thành phố Huế"),
    ],
)
def test_a_key_ending_in_a_full_stop_keeps_the_sentence_s_full_stop(text: str, expect: str) -> None:
    result = glossary.expand_and_explain(text)
    assert result.text == expect
    assert glossary.apply_edits(text, result.edits) == expect


def test_the_sentence_s_full_stop_in_every_style() -> None:
    g = Glossary.from_entries([Entry("v.v.", "vân vân", Kind.ABBREVIATION)])
    assert g.expand("táo, v.v. Sau đó.", style="annotate") == "táo, v.v. (vân vân). Sau đó."
    assert g.expand("táo, v.v. Sau, v.v. Hết", style="first") == "táo, vân vân (v.v.). Sau, v.v. Hết"
    assert g.expand("táo, v.v.", style="first") == "táo, vân vân (v.v.)."


def test_mine_defaults_to_the_threshold_the_command_line_uses() -> None:
    from glossary.cli import build_parser

    text = "Giá vàng tăng mạnh (SJC) trong phiên sáng nay."
    assert glossary.mine(text) == []
    assert [d.short for d in glossary.mine(text, min_confidence=0)] == ["SJC"]
    args = build_parser().parse_args(["mine", "-"])
    assert args.min_confidence == MIN_CONFIDENCE
