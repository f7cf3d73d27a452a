"""The scorer of the mark-restoring evaluation (``restore_eval.py``): right and wrong
syllables, crashed and misaligned lines, and the precision/recall counts."""

from __future__ import annotations

from .restore_eval import ROLES, _Paragraphs, most_frequent, nomvn_cc0, nomvn_news, score, vietnamese

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


def test_nomvn_test_sets_are_read_without_comments_and_as_their_marked_targets() -> None:
    cc0 = "# header\n# === register: news ===\nHôm nay  trời đẹp.\n\n  # note\nBên A ký.\n"
    assert nomvn_cc0(cc0) == ["Hôm nay trời đẹp.", "Bên A ký."]
    news = '{"input": "Bao lon", "target": "Bão lớn"}\n\n{"input": "x", "target": "Mưa  to"}\n'
    assert nomvn_news(news) == ["Bão lớn", "Mưa to"]


def test_every_text_says_what_it_was_used_for() -> None:
    assert {role for _, role in ROLES.values()} == {"tuning", "test"}
    assert [n for n, (_, role) in ROLES.items() if role == "test"] == ["news", "VLSP test", "nom-vn CC0", "nom-vn news"]
