"""Real-word slips (glossary/realword.py): what the cautious bigram evidence finds, what
it must leave alone (news prose, far from the table's domain, a tone placed in the other
style, a compound the table has barely seen), and the pair lookup's two engines."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from glossary import check_text, gate, general
from glossary.context import kin, model, word_after, word_before
from glossary.incontext import CONTESTED_PAIRS, CONTESTED_RATIO, contested, spot
from glossary.realword import EVIDENCE, end_word, start_word
from glossary.spell import apply_fixes

from .conftest import found

SLIPS = {
    "áp dung": ("Bạn có thể áp dung bộ lọc cho bảng.", "dung", "dụng"),
    "cập nhất": ("Hiển thị thông tin cập nhất thị trường.", "nhất", "nhật"),
    "hỗ trọ": ("Định dạng này hỗ trọ hơn 256 màu.", "trọ", "trợ"),
    "công cu": ("Mở thanh công cu phụ.", "cu", "cụ"),
    "web nãy (an English neighbour)": ("Trang web nãy không an toàn.", "nãy", "này"),
    # words of other domains, where general text never writes them beside either neighbour
    # and writes the kin beside one, as the table does
    "mạc định": ("Đặt giờ mạc định cho lịch.", "mạc", "mặc"),
    "bên cạn": ("Bạn sẽ thấy dấu kiểm bên cạn lệnh này.", "cạn", "cạnh"),
    # the table holds these slips of its own once or twice, beside hundreds of the kin
    "Lưa chọn": ("Lưa chọn hàm cần dùng để tính tổng.", "Lưa", "Lựa"),
    "mủi tên": ("Nhấn vào mủi tên bên cạnh nút.", "mủi", "mũi"),
}


@pytest.mark.parametrize(("text", "word", "meant"), SLIPS.values(), ids=SLIPS.keys())
def test_a_real_word_slip_is_found(text: str, word: str, meant: str) -> None:
    assert ("context", word, meant) in found(text)


CLEAN = {
    # news prose: words the software translations barely use, whose neighbours the table
    # never saw; far from software text, general Vietnamese must agree (glossary.domain)
    "tình hình": "Hội nghị đã báo cáo tóm tắt tình hình kết quả công tác.",
    "di chúc": "Kỷ niệm 50 năm thực hiện di chúc của Chủ tịch.",
    "uy tín": "Sức mạnh và uy tín của lực lượng được nâng cao.",
    "chi bộ": "Tập thể chi bộ thường xuyên nhận diện.",
    "mâu thuẫn": "Giải quyết các mâu thuẫn trong nội bộ.",
    "tội phạm": "Kiềm chế gia tăng của tội phạm hình sự.",
    "cám dỗ": "Không bị cám dỗ bởi danh lợi.",
    # the tone on the other vowel is a spelling style, not a slip
    "Khoá": "Tác nhân Phục hồi Khoá của Microsoft",
    "tuỳ chọn": "Đây là tuỳ chọn mặc định.",
    # the table saw "và chạm" four times: too few to say "va" is a slip
    "va chạm": "Hai xe va chạm trên đường cao tốc.",
}


@pytest.mark.parametrize("text", CLEAN.values(), ids=CLEAN.keys())
def test_clean_text_is_left_alone(text: str) -> None:
    assert found(text) == []


def test_real_word_findings_are_never_written() -> None:
    text = "Bạn có thể áp dung bộ lọc cho bảng."
    [f] = check_text(text)
    assert f.kind == "context" and not f.fixable and len(f.suggestions) > 1
    assert apply_fixes(text, [f]) == text


def test_no_pair_is_made_across_lines() -> None:
    first, second = "Mở thanh công", "cu."  # "công" ends one line, "cu" starts the next
    assert gate.spots([(0, first, first.split()), (14, second, second.split())]) == []
    one = f"{first} {second}"
    assert gate.spots([(100, one, one.split())]) == [(114, "cu")]


def test_a_pair_met_twice_in_a_fresh_text_flags_both_places() -> None:
    # The pairs a text brings are learnt once each; every place of a triggering pair counts.
    line = "Mở thanh công cu và thanh công cu khác"
    table = gate.PairTable()
    assert gate.spots([(0, line, line.split())], table) == [(14, "cu"), (31, "cu")]
    assert gate.spots([(0, line, line.split())], table) == [(14, "cu"), (31, "cu")]  # the table, learnt


def test_mark_learns_each_pair_the_table_lacks_with_its_flags() -> None:
    table = gate.PairTable()
    table.add("a", "b", 0)  # known: left as it is
    table.add("e", "a", 1)
    # "b" triggers after a token ending in class 1, and before anything; "c" after any
    # class but 1; "a", "d" and "e" trigger nothing
    facts: dict[str, gate.Facts] = {"a": (False, False, 1, -1), "b": ((False, {1: None}), True, 1, -1),
                                     "c": ((True, {1: None}), False, 0, -1)}
    asked: list[str] = []

    def work(token: str) -> gate.Facts:
        asked.append(token)
        return False, False, 0, -1

    tokens = ["a", "b", "c", "a", "b", "", "b", "b", "c", "b", "d", "c"]
    # the tokens the pairs flag, each once (7 by two pairs)
    assert table.mark(tokens, facts, work) == [1, 6, 7, 9, 11]
    pairs = [("a", "b"), ("b", "c"), ("c", "a"), ("b", "b"), ("c", "b"), ("b", "d"), ("d", "c"), ("b", "")]
    assert [table.get(*p) for p in pairs] == [0, 2, 0, 3, 0, 2, 1, None]
    assert len(table) == 8 and asked == ["d"] and facts["d"] == (False, False, 0, -1)  # worked out once, kept
    assert table.mark(tokens, facts, work) == [1, 6, 7, 9, 11] and len(table) == 8  # learnt: nothing asked
    assert table.mark(["e", "a", "b", "e"], facts, work) == [1, 2] and asked == ["d", "e"]


def test_per_token_answers_are_worked_out_once_and_kept_within_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    per = gate._PerToken(lambda t: asked.append(t) or len(t))
    monkeypatch.setattr(gate, "_CACHE", 2)
    assert [per("a"), per("bb"), per("a"), per("bb")] == [1, 2, 1, 2] and asked == ["a", "bb"]
    assert [per("ccc"), per("ccc"), per("a")] == [3, 3, 1] and asked == ["a", "bb", "ccc", "ccc"]  # full: not kept


def test_the_facts_of_tokens_are_kept_within_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    line = "Mở thanh công cu và thanh công cu khác"
    monkeypatch.setattr(gate, "_facts", {})
    monkeypatch.setattr(gate, "_CACHE", 6)
    assert gate.spots([(0, line, line.split())], gate.PairTable()) == [(14, "cu"), (31, "cu")]
    assert set(gate._facts) == {"Mở", "thanh", "công", "cu", "và", "khác"}  # its six tokens fit ...
    monkeypatch.setattr(gate, "_CACHE", 5)
    more = "Mở thanh công cụ"
    assert gate.spots([(0, more, more.split())], gate.PairTable()) == []
    assert gate._facts == {}  # ... and one more does not: emptied after the text that brought it
    assert gate.spots([(0, line, line.split())], gate.PairTable()) == [(14, "cu"), (31, "cu")]


def test_a_full_table_is_emptied_between_texts_and_still_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    line = "Mở thanh công cu và thanh công cu khác"
    table = gate.PairTable()
    gate.spots([(0, "Một hai ba bốn năm sáu bảy", "Một hai ba bốn năm sáu bảy".split())], table)
    monkeypatch.setattr(gate, "_PAIRS_KEPT", 3)
    assert gate.spots([(0, line, line.split())], table) == [(14, "cu"), (31, "cu")]
    assert len(table) == 6  # the first text's pairs forgotten, this one's six learnt


@given(st.text(alphabet=st.sampled_from("aĐạ1_.(-'\u0301\u0323\u00a0"), max_size=8))
@example("_a_")
@example("a\u0323")
def test_a_tokens_first_and_last_word_are_those_a_space_would_bound(token: str) -> None:
    # a token of word characters only is its own first and last word (the shortcut)
    assert end_word(token) == word_before(token + " ", len(token) + 1)
    assert start_word(token) == word_after(" " + token, 0)


def test_far_text_judges_only_what_general_vietnamese_would_let_it_report(monkeypatch: pytest.MonkeyPatch) -> None:
    line = "Kỷ niệm 50 năm thực hiện di chúc của Chủ tịch Hồ Chí Minh"  # news: far from software text
    lines = [(0, line, line.split())]
    assert gate.spots(lines) == [(28, "chúc")]  # the table alone would flag it ...
    assert check_text(line) == []  # ... and the checker drop it: general Vietnamese writes "di chúc"
    judged: list[str] = []
    real = gate._judged_in_run
    monkeypatch.setattr(gate, "_judged_in_run", lambda *a: judged.append(a[2]) or real(*a))
    asked: list[float] = []
    assert gate.spots(lines, need=lambda: asked.append(5.0) or 5.0) == []
    assert "chúc" not in judged and asked  # not judged at all, the demand asked when a word was to be
    assert gate.spots(lines, need=lambda: 0.0) == [(28, "chúc")]  # near text: nothing asked of general Vietnamese
    asked.clear()
    plain = "Một hai ba"  # no word to judge: the demand (a pass over the document) is never worked out
    assert gate.spots([(0, plain, plain.split())], need=lambda: asked.append(5.0) or 5.0) == [] and not asked


def test_a_word_before_punctuation_is_judged() -> None:
    assert ("context", "cu", "cụ") in found("Mở thanh công cu, rồi chọn.")


WORDS = ["a", "b", "c", "", "dd", "é"]
TRIGGERS: list[gate._Trigger] = [True, False, (False, {0: None, 2: None}), (True, {1: None})]


def _random_facts(rng: random.Random) -> gate.Facts:
    return rng.choice(TRIGGERS), rng.choice(TRIGGERS), rng.randrange(-1, 3), rng.randrange(-1, 3)


@pytest.mark.skipif(gate._CTable is None, reason="the C scanner is not built here")
def test_the_c_pair_table_agrees_with_the_python_twin() -> None:
    assert gate._CTable is not None
    rng = random.Random(5)
    for _ in range(300):
        c, py = gate._CTable(), gate.PairTable()
        for _ in range(rng.randrange(0, 30)):
            a, b, flags = rng.choice(WORDS), rng.choice(WORDS), rng.randrange(4)
            c.add(a, b, flags)
            py.add(a, b, flags)
        tokens = [rng.choice(WORDS) for _ in range(rng.randrange(0, 12))]
        known = {w: _random_facts(rng) for w in WORDS if rng.random() < 0.6}
        work = {w: _random_facts(rng) for w in WORDS}.__getitem__  # the same answer for both tables
        c_facts, py_facts = dict(known), dict(known)
        assert c.mark(tokens, c_facts, work) == py.mark(tokens, py_facts, work) and len(c) == len(py)
        assert c_facts == py_facts
        assert [c.get(a, b) for a in WORDS for b in WORDS] == [py.get(a, b) for a in WORDS for b in WORDS]
    big = gate._CTable()
    for i in range(5000):  # grows past its first size
        big.add(str(i), str(i + 1), i % 4)
    assert len(big) == 5000 and big.get("41", "42") == 1 and big.get("42", "41") is None
    big.clear()
    assert len(big) == 0 and big.get("41", "42") is None
    assert big.mark(["1", "2"], {}, lambda t: (False, True, 0, 0)) == [0] and len(big) == 1


@pytest.mark.skipif(gate._CTable is None, reason="the C scanner is not built here")
@pytest.mark.parametrize("call", [
    "t.mark(('a', 'b'), {}, F)", "t.mark(['a', 1], {}, F)", "t.mark('ab', {}, F)", "t.mark(['a', 'b'], [], F)",
    "t.mark(['a', 'b'], {}, len)", "t.mark(['a', 'b'], {}, lambda t: 1 / 0)", "t.mark(['a', 'b'], {'a': (1, 2)}, F)",
    "t.mark(['a', 'b'], {'b': ((True, [1]), False, 0, 0)}, F)",
    "t.mark(['a', 'b'], {'b': ((True,), False, 0, 0)}, F)",
    "t.mark(['a', 'b'], {'b': ((1, {1: None}), False, 0, 0)}, F)",
    "t.mark(['a', 'b'], {'b': ((True, {1}), False, 0, 0)}, F)",
    "t.mark(['a', 'b'], {'a': (False, False, 'x', 0), 'b': ((True, {1: None}), False, 0, 0)}, F)",
    "t.add('a', 'b', 4)", "t.add('a', 2, 1)", "t.get(b'a', 'b')",
])
def test_the_c_pair_table_refuses_bad_arguments(call: str) -> None:
    code = ("from glossary._speedups import PairTable\nt = PairTable()\nF = lambda t: (False, False, 0, 0)\n"
            f"try:\n    {call}\nexcept (TypeError, ValueError, ZeroDivisionError) as e:\n    print(type(e).__name__)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() in ("TypeError", "ValueError", "ZeroDivisionError"), proc.stderr


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Câu lệnh Static khong thể dùng được.", "khong", "không"),
    ("Bạn có thể tránh điều đó bằng cách sử dung Bcc.", "dung", "dụng"),
])
def test_an_unaccented_word_english_never_uses_is_judged_beside_english(text: str, word: str, meant: str) -> None:
    assert ("context", word, meant) in found(text)


def test_an_unaccented_word_english_uses_is_english_beside_an_english_word() -> None:
    assert found("Kết nối SSL may khách bị lỗi.") == []
    assert found("Nhấn vào nút the để mở bảng.") == []


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Kiêu bảng", "Kiêu", "Kiểu"),  # a line start
    ("Chọn mục này rồi ẩn đi náy):", "náy", "này"),  # before punctuation
])
def test_a_break_beside_a_word_bears_evidence(text: str, word: str, meant: str) -> None:
    assert ("context", word, meant) in found(text)


@pytest.mark.parametrize("text", [
    "Dàn lại trang...",  # dán begins lines far more often, but not by enough with only a break to go on
    "Rồng",
    "Thực hành nghiêm trách nhiệm “nêu gương”, nhất là người đứng đầu.",  # news prose: nêu, another domain's
    "Họ bị sa ngã trước sự mua chuộc, lôi kéo của bọn tội phạm.",
    "xem tải xuống, xem tai xuong, tải xuống",  # a run of unaccented words, written so on purpose
])
def test_a_break_alone_asks_for_more(text: str) -> None:
    assert found(text) == []


def test_an_unaccented_word_that_is_no_syllable_and_no_english_word_is_a_slip() -> None:
    assert ("context", "giup", "giúp") in found("Đề xuất mô tả giup ích cho những người dùng.")
    assert found("xem tải xuống, xem tai xuong") == []  # beside another unaccented word: read as typed
    assert found("Đối với một tập tin dãy, hàm « Loc » trả về vị trí.") == []  # between breaks: a name


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Chức năng Chạy truy vấn se không lưu lại truy vấn.", "se", "sẽ"),
    ("Không gian này tuân theo luật lẹ của bạn.", "lẹ", "lệ"),
])
def test_a_word_rare_everywhere_is_no_other_domains(text: str, word: str, meant: str) -> None:
    assert ("context", word, meant) in found(text)


@pytest.mark.parametrize(("text", "word", "meant"), [
    ("Bạn có thể dừng lại hoặc tụ mình thực hiện bất cứ lúc nào.", "tụ", "tự"),
    ("Mật khẩu của bạn không được quá giống vời thông tin cá nhân khác.", "vời", "với"),
])
def test_general_text_pairing_a_kin_with_both_neighbours_flags_where_the_table_is_silent(
        text: str, word: str, meant: str) -> None:
    assert ("context", word, meant) in found(text)


@pytest.mark.parametrize(("word", "left", "right"), [
    ("hạng", "toán", "phải"),  # toán hạng: a compound neither table holds (hàng 17x as frequent)
    ("nhãn", "cách", "bằng"),  # nhãn: a word the table uses often (nhận 4x as frequent)
])
def test_general_text_speaks_only_for_a_kin_far_more_frequent(monkeypatch: pytest.MonkeyPatch, word: str,
                                                               left: str, right: str) -> None:
    assert general.general_kin(word, left, right) is None
    monkeypatch.setattr(general, "RATIO", 1)
    general.general_kin.cache_clear()
    try:
        assert general.general_kin(word, left, right) is not None  # what the ratio alone holds back
    finally:
        general.general_kin.cache_clear()


def test_general_text_leaves_a_right_word_alone() -> None:
    assert found("Bạn có thể dừng lại hoặc tự mình thực hiện bất cứ lúc nào.") == []


def test_the_long_lived_tables_are_not_walked_by_the_cyclic_collector() -> None:
    """A full collection visits every element of every tracked container: the trigger
    sets (thousands, kept per word) and the model's per-token numbers are containers the
    collector does not track once it has seen them."""
    import gc

    from glossary._restore_model import tables
    from glossary.context import model
    from glossary.triggers import _beside, triggered_by

    got = [triggered_by("bản", True), triggered_by("bản", False), _beside("bản", True)]
    m, t = model(), tables()
    gc.collect()  # (a tuple of ints only is untracked when the collector first sees it)
    assert all(type(ids) is dict and not gc.is_tracked(ids) for _, ids in got)
    assert not any(gc.is_tracked(x) for x in (m.unigrams, m._left, m._types, m._right, t._left, t._kinds, t._cont))


def _contested_neighbours() -> dict[str, tuple[list[str], list[str]]]:
    """Per contested word, syllables the table saw a kin it outnumbers after and before,
    never the word itself: those it saw it beside most, and those it saw it beside 1 to 4
    and 5 to 9 times (where a trigger may not fire, and just does)."""
    m = model()
    size, vocab = len(m.unigrams), list(m.index)
    rivals: dict[int, list[str]] = {}
    for w in contested():
        for k in kin(w):
            if m.count(k) >= CONTESTED_RATIO * m.count(w):
                rivals.setdefault(m.index[k], []).append(w)
    sides: dict[str, tuple[list[tuple[int, str]], list[tuple[int, str]]]] = {}
    for key, c in m.bigrams.items():
        n, k = divmod(key, size)
        for w in rivals.get(k, ()):
            if not m.pair_count(vocab[n], w):
                sides.setdefault(w, ([], []))[0].append((c, vocab[n]))
        for w in rivals.get(n, ()):
            if not m.pair_count(w, vocab[k]):
                sides.setdefault(w, ([], []))[1].append((c, vocab[k]))

    def pick(got: list[tuple[int, str]]) -> list[str]:
        ranked = sorted(((c, t) for c, t in got if not t.startswith("<")), reverse=True)
        return [t for low, high in ((1, 4), (5, 9), (10, 1 << 30)) for _, t in
                [(c, t) for c, t in ranked if low <= c <= high][:4]]

    return {w: (pick(left), pick(right)) for w, (left, right) in sorted(sides.items())}


def test_a_contested_word_is_judged_wherever_its_own_rule_would_flag_it() -> None:
    # the gate judges a contested word (dự, tư) only where a pair of tokens triggers it as
    # any other word: its own rule needs a kin seen beside each neighbour at least as
    # often as a trigger does, and the word never
    assert CONTESTED_PAIRS >= EVIDENCE
    flagged = 0
    for w, (lefts, rights) in _contested_neighbours().items():
        for left in lefts:
            for right in rights:
                if spot(left, w, right):
                    line = f"{left} {w} {right}"
                    assert (len(left) + 1, w) in gate.spots([(0, line, line.split())], gate.PairTable()), line
                    flagged += 1
    assert flagged > 50  # the rule does flag words among these
