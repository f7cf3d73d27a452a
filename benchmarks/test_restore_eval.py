"""The scorer of the mark-restoring evaluation (``restore_eval.py``): right and wrong
syllables, crashed and misaligned lines, and the precision/recall counts."""

from __future__ import annotations

from .restore_eval import _Paragraphs, most_frequent, score, vietnamese

LINES = ["Không có gì", "Mở tập tin"]


def test_a_perfect_system_scores_everything_right() -> None:
    r = score(lambda s: {"Khong co gi": "Không có gì", "Mo tap tin": "Mở tập tin"}[s], LINES)
    assert (r["syllables"], r["right"], r["lines right"], r["crashed"], r["misaligned"]) == (6, 6, 2, 0, 0)
    assert r["changed"] == r["changed right"] == r["needed"] == r["needed right"] == 5  # "tin" has no mark


def test_leaving_text_alone_changes_nothing_and_gets_nothing() -> None:
    r = score(lambda s: s, LINES)
    assert (r["right"], r["changed"], r["needed"], r["needed right"]) == (1, 0, 5, 0)


def test_case_is_not_counted_and_crashes_and_misalignment_are() -> None:
    def system(s: str) -> str:
        if s.startswith("Mo"):
            raise ValueError("boom")
        return "KHÔNG CÓ GÌ"

    r = score(system, LINES)
    assert (r["right"], r["crashed"], r["lines right"]) == (3, 1, 1)
    assert score(lambda s: "Không", LINES)["misaligned"] == 2


def test_only_marked_lines_are_kept_and_paragraphs_come_out_of_html() -> None:
    assert vietnamese(["abc", "Tiếng Việt", "Tiếng Việt"]) == ["Tiếng Việt"]
    p = _Paragraphs()
    p.feed("<p>Một  <b>đoạn</b></p><pre>mã nguồn</pre><li>Hai</li>")
    p.close()
    assert p.out == ["Một đoạn", "Hai"]
    assert most_frequent("khong") == "không"
