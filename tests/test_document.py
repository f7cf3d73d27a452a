"""Evidence from the rest of the document (glossary/document.py): a word context almost
flags is flagged where the same document writes its kin beside the same neighbour, and
left alone where the document writes the word itself there again."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.document import _pairs, lowered, supported

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


def test_a_repeated_word_holds_the_pair_at_every_place() -> None:
    assert _pairs("của của của.", "của", "của") == 2


def test_supported_reads_whole_words() -> None:
    doc = lowered("Chọn tệp của bạnbè.\nLưu tệp của bản.")
    assert not supported(doc, "của", "bản", "", "bạn")  # "bạnbè" is not "bạn"
    doc = lowered("Chọn tệp của  bạn.\nLưu tệp của bản.")
    assert supported(doc, "Của", "bản", "", "bạn")


def test_one_common_pair_elsewhere_is_not_enough() -> None:
    # the document says "cho phép" elsewhere, a common phrase: no support for "có phép" here
    text = "Nhấn nút này để cho phép gán macro.\nChọn sự kiện có phép gán cần gỡ bỏ trong danh sách."
    assert found(text) == []


_WORDS = st.sampled_from(["của", "bạn", "bản", "tệp", "e-mail", "x", "bạnbè", "o'clock"])
_GAPS = st.sampled_from([" ", "  ", "\t", "\u00a0", ".", "\n", ", ", "-", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_WORDS, _GAPS), max_size=30), _WORDS, _WORDS)
def test_pairs_counted_from_the_index_as_by_scanning_the_text(parts: list[tuple[str, str]], a: str, b: str) -> None:
    # the document's pairs are read once into an index; each count must be what a scan of
    # the text for the two words side by side gives (every place: "của của của" holds the
    # pair twice, so the second word is looked at, not taken)
    doc = "".join(w + gap for w, gap in parts)
    scan = len(re.findall(rf"(?<!\w){re.escape(a)}[ \t\u00a0]+(?={re.escape(b)}(?!\w))", doc))
    assert _pairs(doc, a, b) == scan
