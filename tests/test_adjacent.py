"""Slips beside slips (glossary/adjacent.py): a word whose neighbour slipped too is judged
with that neighbour read as it most likely means, and a right word beside a non-word is
not flagged for the non-word's sake."""

from __future__ import annotations

import pytest

from glossary.adjacent import decides, readings, verdict_beside

from .conftest import found


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Kí tự trống chỉ đước dung để đặt tên.", "dung", "dùng"),  # two real-word slips side by side
    ("Bạn có thể tay thễ ký tự này.", "tay", "thay"),  # beside a non-word
    ("Dư liẹu ngoài", "Dư", "Dữ"),
])
def test_a_slip_beside_a_slip_is_found(text: str, word: str, meant: str) -> None:
    assert ("context", word, meant) in found(text)


def test_a_right_word_beside_a_non_word_is_left_alone() -> None:
    # read as "do tài liệu", tài is right: only the non-word is a finding
    assert found("Không kiểm tra được do tài liẹu này quá lớn.") == [("non-word", "liẹu", "liệu")]


def test_a_run_of_unaccented_words_is_read_as_typed() -> None:
    assert found("xem tải xuống, xem tai xuong, tải xuống") == []
    assert not decides("tai", "xuong", "")


def test_readings_of_a_neighbour() -> None:
    assert readings("") == (("<s>", 0.0),)
    own, *others = readings("liẹu")
    assert own == ("<unk>", 0.0) and others[0][0] == "liệu"
    # an attested syllable pays the prior to be read otherwise; a non-word does not
    assert all(cost >= 5.0 for _, cost in readings("tay")[1:])
    assert decides("thễ", "tay", "") and not decides("ký", "tay", "tự")


def test_no_neighbour_to_read_otherwise_leaves_the_verdict_to_realword() -> None:
    assert verdict_beside("", "", "dung", "", "") is None
    assert verdict_beside("bạn", "có", "thê", "tải", "tệp") is None  # neighbours as typed decide
