"""The syllable bigram model (glossary/context.py)."""

from __future__ import annotations

import ast
import math
import random
import struct
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest

from glossary import context, files
from glossary.channel import OTHER_TONE, RESTORED_H, VOWEL_MARK
from glossary.context import (
    BREAK,
    EN,
    NUM,
    UNK,
    channel_cost,
    model,
    neighbours,
    siblings,
    token_class,
)
from glossary.errors import GlossaryError
from glossary.files import BIGRAM_MAGIC
from glossary.resources import data_path
from glossary.vietnamese import counts

ROOT = Path(__file__).resolve().parent.parent


def test_bigram_probabilities_sum_to_one() -> None:
    m = model()
    tokens = set(m.index) | set(counts())
    for left in ("tập", "của", BREAK, EN):
        total = sum(math.exp(m.logp(x, left)) for x in tokens)
        assert total == pytest.approx(1.0, abs=0.01), left


def test_context_prefers_the_meant_syllable() -> None:
    m = model()
    assert m.score("thay", "đổi", BREAK) > m.score("thay", "đối", BREAK)
    assert m.score("trung", "tâm", BREAK) > m.score("trung", "thêm", BREAK)
    assert m.score("tập", "tin", BREAK) > m.score("tập", "tín", BREAK)
    assert m.pair_count("tập", "tin") > 100 and m.pair_count("tập", "tín") == 0


def test_unseen_tokens_have_a_small_probability() -> None:
    m = model()
    assert m.count("xyzzy") == 0 and m.unigram_logp("xyzzy") < -15
    assert m.unigram_logp("của") > m.unigram_logp("cuả")


def test_token_classes() -> None:
    assert [token_class(w) for w in ("Của", "HTML", "12", "Ｘ", "naïve", "qwerty")] == [
        "của", EN, NUM, UNK, UNK, EN]


def test_neighbours_stop_at_punctuation_and_line_ends() -> None:
    text = "Chọn tap tin.\nMở (tập) tin"
    assert neighbours(text, 5, 8) == ("chọn", "tin")
    assert neighbours(text, 9, 12) == ("tap" if token_class("tap") == "tap" else EN, BREAK)
    assert neighbours(text, 0, 4) == (BREAK, EN if token_class("tap") == EN else "tap")
    assert neighbours(text, 19, 22) == (BREAK, "tin")  # "tập" in brackets
    assert neighbours(text, 14, 16) == (BREAK, BREAK)


def test_siblings_of_an_unaccented_syllable() -> None:
    assert siblings("khong")[0] == "không"
    assert siblings("cac")[0] == "các"
    assert {"tin", "tín"} <= set(siblings("tin"))
    assert siblings("DUOC")[0] == "được"
    assert siblings("qwerty") == []


def test_channel_costs_are_ordered() -> None:
    assert channel_cost("hòang", "hoàng") < channel_cost("hoang", "hoàng") < channel_cost("hoăng", "hoang")
    assert channel_cost("hoang", "hoàng") < channel_cost("nung", "nhung") < channel_cost("hoag", "hoàng")
    assert channel_cost("doi", "đổi") == 2 * VOWEL_MARK + OTHER_TONE  # đ, ô and a tone
    assert channel_cost("tran", "tranh") == RESTORED_H  # a final nh
    assert channel_cost("nghe", "nghe") == 0.0
    assert channel_cost("Được", "được") == 0.0


def test_a_bad_table_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bigrams.bin"
    bad.write_bytes(b"not a table")
    with pytest.raises(GlossaryError, match=r"bigrams\.bin"):
        context.read_counts(str(bad))
    good = Path(data_path("bigrams.bin")).read_bytes()
    magic, body = good[:len(BIGRAM_MAGIC)], zlib.decompress(good[len(BIGRAM_MAGIC):])
    for damaged in (magic + b"not a zlib stream", magic + zlib.compress(body[: len(body) // 2]),
                    magic + zlib.compress(body[:4] + struct.pack("<I", 1 << 30) + body[8:])):
        bad.write_bytes(damaged)
        with pytest.raises(GlossaryError, match=r"bigrams\.bin: damaged bigram table"):
            context.read_counts(str(bad))
        with pytest.raises(GlossaryError, match=r"bigrams\.bin: damaged bigram table"):
            files.read_pair_keys(str(bad))


@pytest.mark.parametrize("name", ["bigrams.bin", "general_bigrams.bin", "tatoeba_bigrams.bin"])
def test_pair_keys_are_the_tables_pairs_in_order(name: str) -> None:
    # general_pair searches the keys in order: they must be every pair of the table, sorted
    vocab, _, pairs = context.read_counts(data_path(name))
    got_vocab, keys = files.read_pair_keys(data_path(name))
    assert got_vocab == vocab and list(keys) == sorted(pairs)


def test_loaded_once_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context, "_loaded", [])
    reads = []
    real = context._built_in  # the table read (or read back from the cache)

    def counting() -> tuple[list[str], list[int], dict[int, int], list[int], list[int], list[int]]:
        reads.append(1)
        return real()

    monkeypatch.setattr(context, "_built_in", counting)
    got: list[context.BigramModel] = []
    threads = [threading.Thread(target=lambda: got.append(model())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(reads) == 1 and len({id(m) for m in got}) == 1


def test_import_reads_nothing() -> None:
    code = "import glossary.context as c, glossary.english as e; print(len(c._loaded), len(e._english))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["0", "0"]


def test_the_module_stays_on_its_floor() -> None:
    tree = ast.parse((ROOT / "glossary" / "context.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level}
    # the channel costs it weighs by, the cache that keeps its kin table and the reader of
    # packed data files (and the layout of the cache's values, and its word tables): they import nothing of the
    # checker either
    assert imported <= {"resources", "text", "vietnamese", "errors", "channel", "cache", "_derived", "wordtables",
                        "english", "files"}


def test_english_counts() -> None:
    assert context.english_count("The") > 10_000 and context.english_count("không") == 0


@pytest.mark.parametrize("upper", [False, True])
def test_weighing_words_between_two_neighbours_at_once_is_weighing_each(upper: bool) -> None:
    # the same floats, to the last bit: the judgements built on them must not move
    m = model()
    vocab = sorted(m.index)
    rng = random.Random(7)
    for _ in range(300):
        left, right = rng.choice([*rng.sample(vocab, 3), "xyzzy", BREAK]), rng.choice([*rng.sample(vocab, 3), "qư"])
        words = [*rng.sample(vocab, 4), "không", "khôngg", EN]
        one = [m.bounded_logp(w, left, upper) + m.bounded_logp(right, w, upper) for w in words]
        assert m.bounded_between(left, words, right, upper) == one
