"""Non-words: what is flagged, what is left alone, and the suggestions' order."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary
from glossary import Entry, Glossary, Kind
from glossary.nonword import NonWordFinder
from glossary.spell import Checker
from glossary.vietnamese import candidates, counts, residue, strip_marks

from .conftest import seed_article


@pytest.fixture(scope="module")
def finder() -> NonWordFinder:
    g = Glossary.from_entries([Entry("CAND", "Công an nhân dân", Kind.ABBREVIATION)])
    return NonWordFinder.for_glossary(g.entries())


def flagged(finder: NonWordFinder, text: str) -> list[tuple[str, str]]:
    return [(word, sugg[0]) for _, _, word, sugg in finder.find(text)]


CASES = {
    "telex-residue": ("Tôi yêu tiếng vieetj và nhuwngx điều dduowcj.", [("vieetj", "việt"), ("nhuwngx", "những"),
                                                                        ("dduowcj", "được")]),
    "vni-residue": ("Tôi yêu tiếng vie6t5 lắm.", [("vie6t5", "việt")]),
    "tone-on-wrong-vowel": ("Đã hòan thành việc.", [("hòan", "hoàn")]),
    "doubled-tone": ("Học tíếng Việt.", [("tíếng", "tiếng")]),
    "misplaced-marks": ("Người vịêt nam.", [("vịêt", "việt")]),
    "dropped-h-of-ngh": ("Công việc ngiên cứu.", [("ngiên", "nghiên")]),
    "missing-space": ("Sửa chữacủa anh.", [("chữacủa", "chữa của")]),
    "sentence-start-is-checked": ("Hòan thành.", [("Hòan", "Hoàn")]),
    "acronym-slip-against-the-document": ("Lực lượng CAND, CAND và CAND; CABD.", [("CABD", "CAND")]),
    "acronym-unknown-left-alone": ("Tệp CSV và FTP, ABC.", []),
    "names-inside-a-sentence": ("Anh Nguyễnn và chị Thuỷy nói.", []),
    "foreign-words": ("Uống café ở nhà Müller, thật naïve.", []),
    "english-on-an-english-line": ("see the vieetj owns rows", []),
    "english-on-a-vietnamese-line": ("Nhấn nút See, Row hoặc owns.", []),
    "urls-paths-code-hex": ("Xem http://x.vn/hiêu, /usr/hiêu, hiêu_x, 0xdeadbeef, fooBar, a.hiêu.b", []),
    "numbers-and-cells": ("Ô A1 và 12i, E6.", []),
    "repeated-use-is-intended": ("lôgic " * 5 + "là lôgic.", []),
    "attested-syllables": ("Những biểu hiện suy thoái của cán bộ, hoà và hòa.", []),
    "glossary-keys-are-known": ("Lực lượng CAND.", []),
}


@pytest.mark.parametrize("name", list(CASES))
def test_nonword_cases(finder: NonWordFinder, name: str) -> None:
    text, expected = CASES[name]
    assert flagged(finder, text) == expected


def test_seed_article_raises_no_false_alarm() -> None:
    """hunspell-vi raises 33 alarms on the seed article's abbreviations; the seed's only
    problems are its three typos, which the glossary finder reports."""
    text = seed_article()
    findings = Checker(glossary.load()).check(text)
    assert sorted(f.before for f in findings) == ["CABD", "hiêu", "nững"]
    assert all(f.kind == "typo" for f in findings)


def test_nonwords_are_never_fixed(tmp_path: pytest.TempPathFactory) -> None:
    from glossary.cli import main

    f = tmp_path / "f.txt"  # type: ignore[operator]
    f.write_text("Tiếng vieetj.\n", encoding="utf-8")
    assert main(["check", "--no-config", "-w", str(f)]) == 1
    assert f.read_text(encoding="utf-8") == "Tiếng vieetj.\n"


def test_ignore_words_apply_to_nonwords() -> None:
    checker = Checker(glossary.load(), ignore_words=["vieetj"])
    assert checker.check("Tiếng vieetj.") == []


def test_residue_needs_a_keystroke_mark() -> None:
    assert residue("vieetj") == "việt" and residue("cars") is None and residue("book") is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aăâeêioôơuưydđnhgtcmpsklrx\u0300\u0301\u0303\u0309\u0323", min_size=1, max_size=6))
def test_suggestions_are_attested_syllables(word: str) -> None:
    for s in candidates(word):
        assert all(part in counts() for part in s.split(" "))


def test_attested_spellings_are_looked_up_by_shape_and_tone() -> None:
    """The index the error model looks spellings up in holds exactly what placing the
    tone on each vowel of the letters spells and the attested list holds: every tone
    on the letters of every attested syllable is asked."""
    from glossary.vietnamese import TONES, _known_placed, _placed, _split_tone

    assert _known_placed("hoa", "\u0300") == ("hoà", "hòa") and _known_placed("hoa", "") == ("hoa",)
    assert _known_placed("xyz", "") == ()
    known = counts()
    for syllable in known:
        letters = _split_tone(syllable)[0]
        for tone in ("", *TONES):
            placed = {p for p in _placed(letters, tone) if p in known}
            assert set(_known_placed("".join(letters), tone)) == placed, (syllable, tone)


def test_tokens_known_clean_in_advance_hold_nothing(finder: NonWordFinder) -> None:
    """A new finder counts the plain attested syllables as clean before it reads them:
    reading any of them would find nothing, with or without a glossary."""
    from glossary.nonword import _plain

    bare = NonWordFinder((), ())
    assert "của" in _plain() and "Của" in _plain()
    assert all(not finder._token_words(t) and not bare._token_words(t) for t in _plain())


def test_code_without_vietnamese_costs_next_to_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines without a letter outside ASCII and repeated capitals (constants) are skipped
    at C speed: the Python lines the finder executes do not grow with them. The slips it
    still finds are the same, whether the table of slips is built yet or not."""
    import sys

    import glossary.acronyms as acronyms
    import glossary.nonword as nonword

    g = Glossary.from_entries([Entry(a, "x y z", Kind.ABBREVIATION) for a in ("CAND", "ANTT", "UBND")])
    code = "".join(f"    X_{i} = O_RDONLY | MAX_SIZE + DEFAULT_TIMEOUT  # → naïve\n" for i in range(3_000))
    text = code + "Lực lượng CAND, CAND và CAND; CABD. ANTT ANTT NATT UBDN\n" + code
    lines = 0

    def count(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal lines
        if frame.f_code.co_filename in (nonword.__file__, acronyms.__file__):
            if event == "line":
                lines += 1
            return count
        return None

    for table_after in (acronyms.SLIP_TABLE_AFTER, 0):  # capitals looked up one by one, then by the table
        monkeypatch.setattr(acronyms, "SLIP_TABLE_AFTER", table_after)
        acronyms._MEMOS.clear()
        finder = NonWordFinder.for_glossary(g.entries())
        sys.settrace(count)
        try:
            found = finder.find(text)
        finally:
            sys.settrace(None)
        assert [(w, s) for _, _, w, s in found] == [("CABD", ("CAND",)), ("NATT", ("ANTT",))]
        assert lines < 3_000
        lines = 0


@pytest.mark.parametrize(("house", "first"), [
    ("Hãy xoá tệp, hoà hợp, khoẻ mạnh, thuỷ lợi.", "xoá"),  # the 2018 placement throughout
    ("Hãy xóa tệp, hòa hợp, khỏe mạnh, thủy lợi.", "xóa"),  # the older one throughout
])
def test_a_tone_twin_is_suggested_as_the_document_places_tones(house: str, first: str) -> None:
    # xoá and xóa are one word: of the two, the one in the document's own placement comes first
    [f] = [f for f in glossary.check_text("Chrome đã xọa một số nội dung.\n" + house) if f.before == "xọa"]
    assert f.suggestions[0] == first and {"xoá", "xóa"} <= set(f.suggestions)


def test_a_mixed_document_leaves_the_tone_twins_in_context_order() -> None:
    mixed = "Hãy xoá tệp, hòa hợp, khoẻ mạnh, thủy lợi."
    text = "Chrome đã xọa một số nội dung.\n"
    [alone] = [f for f in glossary.check_text(text) if f.before == "xọa"]
    [f] = [f for f in glossary.check_text(text + mixed) if f.before == "xọa"]
    assert f.suggestions[:2] == alone.suggestions[:2]


def test_a_new_checker_of_a_glossary_shares_its_vocabulary_not_its_caches() -> None:
    g = glossary.load()
    first, second = Checker(g), Checker(g)
    a, b = first._nonwords, second._nonwords
    assert a is not None and b is not None and a is not b
    assert a.known is b.known  # read once per glossary
    assert a.find("Ghi chú trưc tiếp trong tệp.")
    assert a._cache and not b._cache  # each checker's own memory of what it met
    other = Glossary.from_entries([Entry("xyzw", "cộng hoà", Kind.TYPO)])
    c = Checker(other)._nonwords
    assert c is not None and "xyzw" in c.known and "xyzw" not in a.known


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3000)) | st.sampled_from(["Tiếng Việt", "a\u034fb", "क़", "ðx"]))
def test_strip_marks_drops_every_combining_mark(text: str) -> None:
    # the fast path deletes the marks of U+0300..U+036F; any other text reads as the definition says
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    assert strip_marks(text) == "".join(c for c in decomposed if not unicodedata.combining(c))
