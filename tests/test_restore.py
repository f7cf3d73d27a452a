"""restore_marks: unaccented Vietnamese gets its marks back; everything else stays as written."""

from __future__ import annotations

import io
import itertools
import math
import random
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary
from glossary import EditKind, apply_edits, restore_marks, restore_marks_and_explain
from glossary._restore_model import NO_EVIDENCE, Tables, Word, confidences, decode, seen, tables
from glossary._restore_words import chains
from glossary.cli import main
from glossary.context import BREAK
from glossary.restore import PRECISE
from glossary.vietnamese import counts, strip_marks

# Software sentences, and (below) everyday ones: each comes back as written once stripped.
MARKED = [
    "Không có gì, cảm ơn bạn!",
    "Chọn một tùy chọn trong hộp thoại",
    "Bấm vào nút OK để lưu thay đổi.",
    "Mở tập tin trong thư mục của bạn",
]

# Everyday sentences written for this test (not taken from any corpus): without the counts
# of Tatoeba's sentences (data/tatoeba_bigrams.bin) each came back with a wrong syllable
# (tươi, Chỉ, Mê ... bữa tôi, Ba ... đầu, hạt ... làm, Cấu bê, qua giờ).
EVERYDAY = [
    "Năm nay em tôi được 12 tuổi.",
    "Chị ấy có vẻ rất vui.",
    "Mẹ tôi đang nấu bữa tối.",
    "Bà ấy sống ở đâu?",
    "Anh ấy hát hay lắm.",
    "Cậu bé đang khóc.",
    "Hôm qua tôi ngủ quá giờ.",
]


@pytest.mark.parametrize("line", MARKED + EVERYDAY)
def test_stripped_sentences_come_back(line: str) -> None:
    assert restore_marks(strip_marks(line)) == line


def test_every_change_is_an_edit_of_kind_marks_that_replays() -> None:
    text = "Xin chao, Viet Nam! 2024 la nam tot."
    r = restore_marks_and_explain(text)
    assert apply_edits(text, r.edits) == r.text
    assert r.edits and all(e.kind is EditKind.MARKS for e in r.edits)
    assert all(text[e.start : e.end] == e.before and strip_marks(e.after) == e.before for e in r.edits)


def test_case_punctuation_spacing_and_numbers_are_kept() -> None:
    assert restore_marks("KHONG CO GI\nKhong  co\tgi ,  2024 !\n") == "KHÔNG CÓ GÌ\nKhông  có\tgì ,  2024 !\n"


@pytest.mark.parametrize(
    "text",
    [
        "xem https://vi.wikipedia.org/wiki/Ha_Noi ngay",
        "goi email cho ban@example.com",
        "chay lenh `git commit -m tat ca` roi",
        "file cau_hinh.py va thu_muc/con",
        "don't do that",
        "the quick brown fox jumps over the lazy dog",
        "iPhone va MacBook",
    ],
)
def test_urls_code_and_foreign_words_stay(text: str) -> None:
    out = restore_marks(text)
    for kept in ("https://vi.wikipedia.org/wiki/Ha_Noi", "ban@example.com", "`git commit -m tat ca`", "cau_hinh.py",
                 "thu_muc/con", "don't", "the quick brown fox jumps over the lazy dog", "iPhone", "MacBook"):
        if kept in text:
            assert kept in out


def test_acronyms_in_running_text_stay() -> None:
    assert restore_marks("Bam nut OK hoac CAN") == "Bấm nút OK hoặc CAN"


def test_marked_text_is_left_alone() -> None:
    text = "Tiếng Việt có dấu, không đổi gì cả."
    assert restore_marks_and_explain(text).edits == ()


def test_lost_only_restores_words_that_lost_their_marks_and_keeps_common_syllables() -> None:
    assert restore_marks("Tôi khong biết cach làm", lost_only=True) == "Tôi không biết cách làm"
    assert restore_marks("Bạn có hay đi chơi không?", lost_only=True) == "Bạn có hay đi chơi không?"
    assert restore_marks("khong co gi", lost_only=True) == "khong co gi"  # no marked line: not read
    # a stripped word that is itself a syllable (co) comes back where its context wants it
    assert restore_marks("Bạn co muốn lưu không?", lost_only=True) == "Bạn có muốn lưu không?"


def _trigram_score(t: Tables, words: list[Word], choice: tuple[int, ...]) -> float:
    """The log probability of a reading of a run by the trigram model, token by token."""
    assert all(o.first == o.last for w in words for o in w.options)  # one token a word
    tokens = [BREAK, *(w.options[k].first for w, k in zip(words, choice, strict=True)), BREAK]
    score = sum(w.options[k].score for w, k in zip(words, choice, strict=True))
    ids = [t.index.get(x, -1) for x in tokens]
    score += t.trans(tokens[0], tokens[1])
    for i in range(2, len(tokens)):
        score += t.trigrams.logp(ids[i - 2], ids[i - 1], ids[i], t.trans(tokens[i - 1], tokens[i]))
    return score


@pytest.mark.parametrize("text", ["dong goi", "mo tap", "cam on", "Bat", "khong co", "tap tin"])
def test_decode_finds_the_best_reading_by_the_trigram_model(text: str) -> None:
    # in a run of one or two words the token two back is known: the search is exact there
    # (further on it reads the token two back along each choice's best path)
    t = tables()
    [words] = list(chains(text, False, False, t))
    assert len(words) <= 2
    best = max(itertools.product(*(range(len(w.options)) for w in words)),
               key=lambda choice: _trigram_score(t, words, choice))
    assert decode(words, t) == list(best)


def test_threshold_leaves_doubtful_syllables() -> None:
    text = "cam on"
    loose = restore_marks_and_explain(text)
    strict = restore_marks_and_explain(text, min_confidence=0.999999)
    assert len(strict.edits) < len(loose.edits)
    with pytest.raises(glossary.OptionError):
        restore_marks(text, min_confidence=1.5)


def test_confidence_is_the_posterior_over_every_reading_of_the_run() -> None:
    t = tables()
    for text in ("mo tap tin", "dong goi cac tep", "Bat", "khong co gi"):
        for words in chains(text, False, False, t):
            path = decode(words, t)
            got = confidences(words, path, t)
            scores: dict[tuple[int, ...], float] = {}
            for choice in itertools.product(*(range(len(w.options)) for w in words)):
                score, last = 0.0, BREAK
                for w, k in zip(words, choice, strict=True):
                    score += t.trans(last, w.options[k].first) + w.options[k].score
                    last = w.options[k].last
                scores[choice] = math.exp(score + t.trans(last, BREAK))
            total = sum(scores.values())
            for i, w in enumerate(words):
                p = sum(v for c, v in scores.items() if c[i] == path[i]) / total
                left = words[i - 1].options[path[i - 1]].last if i else None
                right = words[i + 1].options[path[i + 1]].first if i + 1 < len(words) else None
                o = w.options[path[i]]
                evidence = (left is not None and seen(t, left, o.first)) or (
                    right is not None and seen(t, o.last, right))
                want = p if evidence or len(w.options) == 1 else min(p, NO_EVIDENCE)
                assert got[i] == pytest.approx(want, rel=1e-9, abs=1e-12), (text, i)


def test_precise_setting_wants_bigram_evidence_and_sure_neighbours() -> None:
    # a lone word rests on the unigram alone: restored by default, kept at the precise setting
    assert restore_marks("Bat") == "Bật" and restore_marks("Bat", min_confidence=PRECISE) == "Bat"
    # gói is sure only beside a sure đóng; both are doubtful together (alone, a line reads as
    # the software label đống gọi, call stack)
    assert restore_marks("dong goi phan mem") == "đóng gói phần mềm"
    assert restore_marks("dong goi phan mem", min_confidence=PRECISE) == "dong goi phần mềm"
    assert restore_marks("dong goi", min_confidence=PRECISE) == "dong goi"
    assert restore_marks("mo tap tin", min_confidence=PRECISE) == "mở tập tin"


def test_not_text_is_refused() -> None:
    with pytest.raises(glossary.GlossaryTypeError):
        restore_marks(b"khong")  # type: ignore[arg-type]


def test_glossary_method_is_the_same() -> None:
    g = glossary.load()
    assert g.restore_marks("khong co gi") == restore_marks("khong co gi") == "không có gì"
    assert g.restore_marks_and_explain("khong").edits == restore_marks_and_explain("khong").edits


_VI_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_COMMON = sorted(counts(), key=lambda w: -counts()[w])[:1500]
_syllable = st.sampled_from(_COMMON).flatmap(
    lambda w: st.sampled_from([w, strip_marks(w), w.capitalize(), strip_marks(w).upper()])
)
_chat = st.sampled_from(["ko", "k", "ng", "bn", "dc", "đc", "ntn", "j", "bít", "hông", "mún", "50k", "K", "Ko"])
_pieces = st.lists(
    st.one_of(
        _syllable, _syllable, _syllable, _chat,
        st.text(alphabet=_VI_LETTERS + _VI_LETTERS.upper(), min_size=1, max_size=7),
        st.sampled_from([" ", "  ", ", ", ". ", "\n", "\t", "-", "'", "/", "3", "`", "_", "http://x.y/a b "]),
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(_pieces, st.booleans(), st.sampled_from([0.0, 0.5, PRECISE]), st.booleans())
def test_property_marked_words_never_change_and_restoring_is_idempotent(
    parts: list[str], lost_only: bool, confidence: float, informal: bool
) -> None:
    text = "".join(parts)
    r = restore_marks_and_explain(text, min_confidence=confidence, lost_only=lost_only, informal=informal)
    assert apply_edits(text, r.edits) == r.text
    for e in r.edits:
        if e.kind is EditKind.VARIANT:  # chat shorthand, only when asked
            assert informal and e.term
            continue
        assert e.before.isascii() and e.before.isalpha()  # only unaccented words are touched
        assert unicodedata.normalize("NFC", strip_marks(e.after)).lower() == e.before.lower()
    again = restore_marks(r.text, min_confidence=confidence, lost_only=lost_only, informal=informal)
    assert again == r.text


def test_cli_restore_streams_and_takes_the_options(monkeypatch: pytest.MonkeyPatch,
                                                    capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    def run(*argv: str, stdin: str) -> tuple[int, str]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        code = main(list(argv))
        return code, capsysbinary.readouterr().out.decode()

    assert run("restore", stdin="khong co gi\ncam on\n") == (0, "không có gì\ncảm ơn\n")
    assert run("restore", "--lost-only", stdin="khong co gi\nTôi khong biết\n") == (0, "khong co gi\nTôi không biết\n")
    assert run("restore", "--precise", stdin="Xin chao\n")[0] == 0
    assert run("restore", "--informal", stdin="ko bik j het\n") == (0, "không biết gì hết\n")


@pytest.mark.parametrize("built", [False, True])
def test_weighing_words_between_two_neighbours_at_once_is_weighing_each(built: bool) -> None:
    # the same floats, to the last bit, whether the pairs are bisected or their dict is made:
    # the far-text check built on them must not move
    t = Tables()
    if built:
        assert len(t.bigrams) > 0
    vocab = sorted(t.index)
    rng = random.Random(11)
    for _ in range(300):
        left = rng.choice([*rng.sample(vocab, 3), "xyzzy", BREAK, ""])
        right = rng.choice([*rng.sample(vocab, 3), "qư", BREAK])
        words = [*rng.sample(vocab, 4), "không", "khôngg", "của", "nhà"]
        assert t.between(left, words, right) == [t.trans(left, w) + t.trans(w, right) for w in words]
