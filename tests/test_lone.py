"""A frequent English word standing alone among Vietnamese syllables (glossary/lone.py):
a syllable that lost its marks, where general Vietnamese prefers its kin by far; rarer
English words, English phrases and right Vietnamese words are left alone."""

from __future__ import annotations

import pytest

from glossary.domain import general_gain
from glossary.lone import GAIN, SHARE, lone_english

from .conftest import found


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Bạn có thể chặn các the cho trang web này.", "the", "thẻ"),
    ("Hãy nhấn nút này để mở một the ẩn danh mới.", "the", "thẻ"),
    ("Them một trường có mặt nạ vào biểu mẫu.", "Them", "Thêm"),  # capitalised, at a line start
    ("Xong. Them một trường có mặt nạ.", "Them", "Thêm"),  # ... or after punctuation
])
def test_a_frequent_english_word_alone_among_syllables_is_a_slip(text: str, word: str, meant: str) -> None:
    assert ("context", word, meant) in found(text)
    assert found(text.replace(word, meant, 1)) == []


@pytest.mark.parametrize("text", [
    "đừng tìm hay thêm vào cơ sở dữ liệu các cat rải rác",  # a rarer English word: a term
    "Chọn Go để tiếp tục.",  # a button's name, which general Vietnamese does not turn down
    "Nhấn The End để kết thúc.",  # English beside it
    "Đọc the manual trước khi cài đặt.",
    "Bạn nên dùng máy in để in ấn tài liệu.",  # Vietnamese words that are English too
    "Không được can thiệp vào hệ thống, do đó hãy so sánh trước.",
    "Chúc bạn may mắn và bình an, chữ rất to.",
    "  get                       Lấy giá trị",  # lower case at a line start: a command
    "Phần .got không nằm ngay sau phần .plt",
    "phần a của bài",  # a letter naming a part
])
def test_english_words_and_vietnamese_ones_are_left_alone(text: str) -> None:
    assert found(text) == []


def test_the_rule_asks_a_frequent_word_between_two_vietnamese_syllables() -> None:
    assert lone_english("the", "các", "cho") is not None
    assert lone_english("the", "", "cho") is None  # lower case after a break
    assert lone_english("Them", "", "một") is not None
    assert lone_english("the", "các", "") is None  # nothing after it
    assert lone_english("the", "các", "file") is None  # an English word beside it
    assert lone_english("THEM", "", "một") is None  # capitals: an acronym, not a sentence start


def test_the_word_must_be_frequent_in_english_and_its_kin_preferred_by_far() -> None:
    from glossary.english import english_share
    assert english_share("cat") < SHARE <= english_share("them")
    assert general_gain("cat", "các", "rải") >= GAIN  # general Vietnamese would take it for cát
    assert lone_english("cat", "các", "rải") is None
    assert general_gain("in", "máy", "của") < GAIN and lone_english("in", "máy", "của") is None
