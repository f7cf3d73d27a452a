"""The slip injector of the context evaluation (``context_eval.py``): every slip is where
it says, of the kind it says, and undoing the slips gives the text back."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

from glossary.spell import Finding

from .context_eval import SLIPS, _corrected, _plain, inject, measure, scrape
from .texts import SOURCE_SLIPS, line_key, source_slips

TEXT = ("Chọn tập tin để mở. Những thay đổi của bạn sẽ được lưu trong thư mục chính, "
        "theo thứ tự ngày tháng.\n") * 40


def test_slips_are_recorded_where_they_are() -> None:
    text, slips = inject(TEXT, random.Random(7), 0.2)
    assert len(slips) > 50 and text != TEXT
    assert {s.kind for s in slips} == set(SLIPS)
    rebuilt, pos = [], 0
    for s in slips:
        assert text[s.start : s.end].lower() != s.original.lower()
        rebuilt.append(text[pos : s.start] + s.original)
        pos = s.end
    assert "".join(rebuilt) + text[pos:] == TEXT


def test_slip_kinds_do_what_they_say() -> None:
    _, slips = inject(TEXT, random.Random(3), 0.3)
    text, _ = inject(TEXT, random.Random(3), 0.3)
    for s in slips:
        typed = text[s.start : s.end].lower()
        if s.kind == "d for đ":
            assert typed == s.original.lower().replace("đ", "d", 1) or "đ" in typed
        if s.kind == "h of nh/ch/th dropped":
            assert len(typed) == len(s.original) - 1


def test_a_tone_moved_to_the_other_standard_placement_is_no_slip() -> None:
    text = "Hoà bình, khoẻ mạnh, thuỷ lợi và hòa hợp.\n" * 40
    injected, slips = inject(text, random.Random(5), 1.0)
    twins = {"hoà": "hòa", "hòa": "hoà", "khoẻ": "khỏe", "thuỷ": "thủy"}
    assert slips and all(twins.get(s.original.lower()) != injected[s.start : s.end].lower() for s in slips)


def test_corrected_needs_the_first_suggestion_to_give_the_original() -> None:
    text, slips = inject(TEXT, random.Random(5), 0.3)
    s = slips[0]
    right = Finding(s.start, s.end, text[s.start : s.end], (s.original, "x"), "non-word", "non-word", False)
    wrong = right._replace(suggestions=("x", s.original))
    assert _corrected(text, right, s) and not _corrected(text, wrong, s)


def test_scraped_text_keeps_each_slip_where_it_says() -> None:
    text, slips = inject(TEXT, random.Random(9), 0.2)
    for seed in range(4):
        page, moved = scrape(text, slips, random.Random(seed))
        assert "\r\n" in page and ("\u00a0" in page or "\u200b" in page)
        assert [_plain(page[s.start : s.end]) for s in moved] == [_plain(text[s.start : s.end]) for s in slips]
        assert _plain(page) == _plain(text)


def test_corrected_reads_a_fix_as_written_in_the_texts_own_form() -> None:
    text, slips = inject(TEXT, random.Random(5), 0.3)
    s = slips[0]
    nfd = unicodedata.normalize("NFD", s.original)
    f = Finding(s.start, s.end, text[s.start : s.end], (nfd,), "typo", "typo", True)
    assert _corrected(text, f, s)


def _flag_every(word: str) -> Callable[[str], list[Finding]]:
    """A checker that flags each ``word`` standing alone, in the text's own normal form."""
    def check(text: str) -> list[Finding]:
        form = word if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFD", word)
        out: list[Finding] = []
        at = 0
        while (at := text.find(form, at)) >= 0:
            out.append(Finding(at, at + len(form), form, ("x",), "context", "context", False))
            at += len(form)
        return out
    return check


def test_a_listed_slip_of_the_source_is_a_false_flag_but_no_false_alarm() -> None:
    line = "Ghi rõ vị trị của nguồn sáng."
    doc = "\n".join([TEXT.splitlines()[0]] * 5 + [line] + [TEXT.splitlines()[0]] * 5) + "\n"
    check = _flag_every("trị")
    for scraped in (False, True):
        unread = measure(check, [doc], [1, 2], 0.0, scraped)
        read = measure(check, [doc], [1, 2], 0.0, scraped, {(line_key(line), "trị")})
        assert unread["false_flags"] == read["false_flags"] == {"context": 2}
        assert unread["source_slips"] is None and read["source_slips"] == 2
        # another line, or another word, is not what the list names
        other = measure(check, [doc.replace(line, "Ghi vị trị.")], [1], 0.0, scraped, {(line_key(line), "trị")})
        assert other["source_slips"] == 0
        assert measure(check, [doc], [1], 0.0, scraped, {(line_key(line), "vị")})["source_slips"] == 0


def test_the_list_of_the_sources_slips_is_well_formed() -> None:
    rows = [r.split("\t") for r in SOURCE_SLIPS.read_text(encoding="utf-8").splitlines() if not r.startswith("#")]
    assert rows[0] == ["source", "part", "line", "word", "meant", "reason"]
    for r in rows[1:]:
        assert len(r) == 6 and r[0] in ("held", "shared") and r[1] in ("dev", "test")
        assert len(r[2]) == 16 and int(r[2], 16) >= 0 and r[3] != r[4]
        assert r[3] == unicodedata.normalize("NFC", r[3])
    assert len(source_slips()) == len({(r[2], r[3]) for r in rows[1:]}) > 40
    # a line is named by its words, whatever the spaces and the normal form
    assert line_key("Ghi rõ  vị\u00a0trí") == line_key(unicodedata.normalize("NFD", "Ghi rõ vị trí "))
