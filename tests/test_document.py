"""Evidence from the rest of the document (glossary/document.py): a word context almost
flags is flagged where the same document writes its kin beside the same neighbour, and
left alone where the document writes the word itself there again."""

from __future__ import annotations

from glossary.document import lowered, supported

from .conftest import found

ALONE = "Cho phép trang web này mở ví kỹ thuật số của bản?"


def test_alone_the_sentence_is_not_enough() -> None:
    assert found(ALONE) == []


def test_the_document_writing_the_kin_beside_the_same_word_decides() -> None:
    text = "Đây là tệp của bạn.\n" + ALONE
    assert ("context", "bản", "bạn") in found(text)


def test_the_word_written_so_again_is_meant() -> None:
    text = "Đây là tệp của bạn.\n" + ALONE + "\nMở ví của bản?"
    assert found(text) == []


def test_supported_reads_whole_words() -> None:
    doc = lowered("Chọn tệp của bạnbè.\nLưu tệp của bản.")
    assert not supported(doc, "của", "bản", "", "bạn")  # "bạnbè" is not "bạn"
    doc = lowered("Chọn tệp của  bạn.\nLưu tệp của bản.")
    assert supported(doc, "Của", "bản", "", "bạn")


def test_one_common_pair_elsewhere_is_not_enough() -> None:
    # the document says "cho phép" elsewhere, a common phrase: no support for "có phép" here
    text = "Nhấn nút này để cho phép gán macro.\nChọn sự kiện có phép gán cần gỡ bỏ trong danh sách."
    assert found(text) == []
