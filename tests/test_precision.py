"""Precision of ``glossary check`` on clean Vietnamese: classes of false alarms read by hand
on real text (software translations, the evaluation's held-out split), each left alone by
one general rule, and the slips beside them that must still be found."""

from __future__ import annotations

import pytest

from .conftest import found

# -- a syllable tied to a letter by a joiner is part of a word, not a word of its own ------
TIED = {
    # hyphenated transliterations of foreign names: each piece is a syllable of the name
    "Xéc-bi": "Đội tuyển Xéc-bi thắng trận.",
    "U-x-béc-ki-xtan": "Thủ đô của U-x-béc-ki-xtan là Ta-sken.",
    "Ni-gê-ri-a": "Dân số của Ni-gê-ri-a rất đông.",
    "Xlô-va-ki-a at a sentence start": "Xlô-va-ki-a nằm ở Trung Âu.",
    "Ô-xtrây-li-a mid-sentence": "Tôi sống ở Ô-xtrây-li-a ba năm.",
    # an access key inside a label's word (& in Qt, KDE and Mozilla strings)
    "Dá&n at a line start": "Dá&n văn bản đã chép",
    "Ẩ&n at a line start": "Ẩ&n danh",
    "Lư&u mid-sentence": "Nhấn nút Lư&u để ghi tệp.",
}


@pytest.mark.parametrize("text", TIED.values(), ids=TIED.keys())
def test_a_piece_tied_by_a_joiner_is_not_a_non_word(text: str) -> None:
    assert found(text) == []


def test_a_slip_standing_beside_a_joiner_with_a_space_is_still_found() -> None:
    assert ("non-word", "Đươc", "Được") in found("- Đươc chọn")  # a bullet, not a hyphen
    assert ("non-word", "đươc", "được") in found("Tệp ‘đươc’ lưu.")  # quotes, not an apostrophe


# -- a word glued to a wildcard is a pattern ---------------------------------------------
@pytest.mark.parametrize("text", ["Tìm ?iệt trong tệp.", "Mẫu V?êt khớp với Việt.", "Chọn *ệp và tệ*p."])
def test_a_word_glued_to_a_wildcard_is_a_pattern(text: str) -> None:
    assert found(text) == []


def test_a_question_mark_ending_a_question_does_not_hide_the_next_word() -> None:
    assert ("non-word", "Đươc", "Được") in found("Bạn ở đâu? Đươc chọn.")


# -- syllables run together without a tone: a loanword written solid ------------------------
@pytest.mark.parametrize("text", [
    "Hàm LOG trả về lôga của một số.",
    "Phiên bản bêta của ứng dụng đã được phát hành.",
    "Đơn vị của mômen lực là niutơn mét.",
])
def test_a_toneless_loanword_written_solid_is_not_a_missing_space(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Sửa chữacủa anh.", "chữacủa", "chữa của"),  # tones: two words
    ("Mở khônggian làm việc.", "khônggian", "không gian"),  # no tone, but the table saw "không gian"
])
def test_a_missing_space_is_still_found(text: str, word: str, meant: str) -> None:
    assert ("non-word", word, meant) in found(text)


# -- an attested variant --------------------------------------------------------------------
def test_nhap_with_a_breve_is_a_word() -> None:
    assert found("Nhắp đúp vào tệp để mở. Hãy nhắp chuột vào nút.") == []


# -- a phrase the glossary spells is attested ------------------------------------------------
@pytest.mark.parametrize("text", ["Ban Tổ chức đã họp hôm qua.", "Cảm ơn. Ban Tổ chức trân trọng.",
                                  "Thư của ban tổ chức gửi tới.", "Thông báo của khu đô thị mới đã được gửi.",
                                  "Thông báo của Ban Bí thư đã được gửi."])  # not its first word
def test_a_word_inside_a_phrase_the_glossary_spells_is_not_a_slip(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Ban có thể chọn một mục.", "Ban", "Bạn"),  # not a phrase of the glossary
    ("Xoá hàng đa chọn.", "đa", "đã"),  # two words of a phrase (bán hàng đa cấp) are not the phrase
])
def test_a_slip_beside_part_of_a_phrase_is_still_found(text: str, word: str, meant: str) -> None:
    assert ("context", word, meant) in found(text)
