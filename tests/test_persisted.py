"""Word sets worked out from the built-in data, kept in the cache between processes."""

from __future__ import annotations

import marshal
import os
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from glossary import cache, incontext
from glossary._derived import Raw


def counted(name: str, value: frozenset[str]) -> tuple[list[int], Callable[[], frozenset[str]]]:
    calls: list[int] = []

    def compute() -> frozenset[str]:
        calls.append(1)
        return value

    return calls, cache.persisted(name)(compute)


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(folder))
    folder.mkdir(mode=0o700)
    return folder


def test_a_set_is_worked_out_once_and_then_read(fresh: Path) -> None:
    words = frozenset({"khong", "hay", "tư"})
    calls, get = counted("test-set", words)
    assert get() == words and calls == [1]
    assert [p.suffix for p in fresh.iterdir()] == [".derived"]
    again, get2 = counted("test-set", frozenset({"other"}))  # a new process, the same inputs
    assert get2() == words and again == []


def test_a_changed_input_works_the_set_out_afresh(fresh: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    rule = tmp_path / "rule.py"
    rule.write_text("LIMIT = 1\n")
    inputs = cache._inputs()
    monkeypatch.setattr(cache, "_inputs", lambda: [*inputs, str(rule)])
    monkeypatch.setattr(cache, "_digests", [])
    counted("test-set", frozenset({"a"}))[1]()
    rule.write_text("LIMIT = 2\n")
    cache._digests.clear()  # a new process
    calls2, get2 = counted("test-set", frozenset({"b"}))
    assert get2() == frozenset({"b"}) and calls2 == [1]


def _digest_of(rule: Path, text: str, monkeypatch: pytest.MonkeyPatch, mtime: int, ctime: int | None = None,
               size: int = 10, ino: int = 7) -> bytes | None:
    """The inputs' digest in a new process, ``rule`` its one input, holding ``text``, with
    the stat given whatever it holds."""
    rule.write_text(text)
    fixed = SimpleNamespace(st_size=size, st_ino=ino, st_mtime_ns=mtime, st_ctime_ns=mtime if ctime is None else ctime)
    real = os.stat
    monkeypatch.setattr(cache, "_inputs", lambda: [str(rule)])
    monkeypatch.setattr(os, "stat", lambda path, **kw: fixed if path == str(rule) else real(path, **kw))
    monkeypatch.setattr(cache, "_digests", [])  # a new process
    return cache._inputs_digest()


HOUR = 3600 * 10**9


@pytest.mark.skipif(not cache._STAT_VOUCHES, reason="a file's stat vouches for it on POSIX only")
def test_an_input_changed_long_ago_is_known_by_its_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rule, old = tmp_path / "rule.py", time.time_ns() - HOUR
    first = _digest_of(rule, "LIMIT = 1\n", monkeypatch, old)
    monkeypatch.setattr(cache, "open", None, raising=False)  # its bytes are not read
    assert first is not None and _digest_of(rule, "LIMIT = 2\n", monkeypatch, old) == first
    for changed in ({"mtime": old + 1}, {"mtime": old, "ctime": old + 1}, {"mtime": old, "size": 11},
                    {"mtime": old, "ino": 8}):
        assert _digest_of(rule, "LIMIT = 2\n", monkeypatch, **changed) != first, changed


@pytest.mark.parametrize("recent", ["mtime", "ctime", "both"])
def test_an_input_changed_just_now_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recent: str) -> None:
    # two writes in one tick of a coarse clock give the same stat; "now" is an hour ahead,
    # which counts as recent too (a file stamped in the future) and leaves a slow run no race
    rule, old, now = tmp_path / "rule.py", time.time_ns() - HOUR, time.time_ns() + HOUR
    times = {"mtime": now if recent != "ctime" else old, "ctime": now if recent != "mtime" else old}
    first = _digest_of(rule, "LIMIT = 1\n", monkeypatch, **times)
    assert first is not None and _digest_of(rule, "LIMIT = 2\n", monkeypatch, **times) != first
    assert _digest_of(rule, "LIMIT = 1\n", monkeypatch, **times) == first


def test_where_a_stat_does_not_vouch_for_a_file_its_bytes_are_read(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    rule, old = tmp_path / "rule.py", time.time_ns() - HOUR
    monkeypatch.setattr(cache, "_STAT_VOUCHES", False)  # Windows: its change time is the creation time
    first = _digest_of(rule, "LIMIT = 1\n", monkeypatch, old)
    assert first is not None and _digest_of(rule, "LIMIT = 2\n", monkeypatch, old) != first


def test_a_damaged_file_is_worked_out_again(fresh: Path) -> None:
    counted("test-set", frozenset({"a"}))[1]()
    (entry,) = fresh.iterdir()
    good = entry.read_bytes()
    flipped = good[:-1] + bytes([good[-1] ^ 1])  # one bit of the value changed: its checksum no longer fits
    for junk in (b"", b"\x00garbage", marshal.dumps(["a", "list"]), marshal.dumps(frozenset({"a"})), flipped):
        entry.write_bytes(junk)
        calls2, get2 = counted("test-set", frozenset({"a"}))
        assert get2() == frozenset({"a"}) and calls2 == [1]
    entry.write_bytes(good)
    calls3, get3 = counted("test-set", frozenset({"b"}))
    assert get3() == frozenset({"a"}) and calls3 == []  # the file as written reads back


def test_without_a_cache_the_set_is_worked_out_each_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLOSSARY_NO_CACHE", "1")
    calls, get = counted("test-set", frozenset({"a"}))
    assert get() == get() == frozenset({"a"}) and calls == [1, 1]


def test_a_cache_others_may_write_to_is_passed_over(fresh: Path) -> None:
    os.chmod(fresh, 0o777)
    try:
        calls, get = counted("test-set", frozenset({"a"}))
        get()
        assert calls == [1] and list(fresh.iterdir()) == []
    finally:
        os.chmod(fresh, 0o700)


def test_pruning_keeps_the_newest_word_sets(fresh: Path) -> None:
    for i in range(cache._KEEP_DERIVED + 5):
        counted(f"test-set-{i}", frozenset({str(i)}))[1]()
    assert len(list(fresh.glob("*.derived"))) == cache._KEEP_DERIVED


def test_the_checkers_sets_read_from_the_cache_are_those_worked_out(fresh: Path) -> None:
    for fn in (incontext.suspicious, incontext.contested):
        original = fn.__wrapped__.__wrapped__  # type: ignore[attr-defined]
        worked_out = original()
        assert cache.persisted(fn.__name__)(original)() == worked_out  # written
        assert cache.persisted(fn.__name__)(lambda: frozenset())() == worked_out  # read back


def test_the_restorers_merged_tables_read_from_the_cache_are_those_worked_out(fresh: Path) -> None:
    from glossary import _restore_model

    original = _restore_model._merged.__wrapped__  # type: ignore[attr-defined]
    worked_out = original()
    assert _restore_model._valid_merged(worked_out)
    assert cache.persisted("restore-tables", _restore_model._valid_merged)(original)() == worked_out  # written
    read = cache.persisted("restore-tables", _restore_model._valid_merged)(lambda: ())()
    assert read == worked_out  # read back, not worked out


def test_the_general_pairs_read_from_the_cache_are_those_of_the_file(fresh: Path) -> None:
    from glossary import general

    original = general._read_pairs.__wrapped__  # type: ignore[attr-defined]
    worked_out = original()
    assert general._valid_pairs(worked_out) and len(worked_out[0]) > 1000
    assert cache.persisted("general-pairs", general._valid_pairs)(original)() == worked_out  # written
    read: tuple[list[str], Raw] = cache.persisted("general-pairs", general._valid_pairs)(lambda: ([], b""))()
    assert read == worked_out  # read back, not worked out
    assert not general._valid_pairs((worked_out[0], worked_out[1][:-1]))  # cut inside a key


def test_a_cached_value_of_the_wrong_shape_is_worked_out_again(fresh: Path) -> None:
    cache.persisted("shape", lambda got: True)(lambda: ("a", b"xy"))()
    assert cache.persisted("shape", lambda got: type(got) is frozenset)(lambda: frozenset({"b"}))() == {"b"}


def test_the_kin_table_read_from_the_cache_is_kin_worked_out(fresh: Path) -> None:
    from glossary import context, vietnamese
    from glossary._derived import is_raw
    from glossary.wordtables import StringsTable

    original = context._kin_packed.__wrapped__  # type: ignore[attr-defined]
    worked_out = original()
    written = cache.persisted("kin", is_raw)(original)()
    read = cache.persisted("kin", is_raw)(lambda: b"")()  # read back, not worked out
    assert written == worked_out and type(read) is memoryview and read == worked_out
    table = StringsTable(read)
    assert table.get("khong")[0] == "không" and table.get("xyzzy") is None  # type: ignore[index]
    every = {*vietnamese.counts(), *vietnamese.unaccented()}
    assert all(table.get(w) == context._kin(w) for w in every)  # each word's kin, in order
    assert context.kin("hoà") == context._kin("hoà") and "hòa" not in context.kin("hoà")


def test_the_trigger_table_says_what_counting_the_pairs_says(fresh: Path) -> None:
    # every word of a sample (marked, unaccented, an unaccented non-word) beside every token
    # of the table, on both sides: the table read back from the cache against the count
    import random

    from glossary import realword, triggers
    from glossary.context import model

    original = triggers._table.__wrapped__.__wrapped__  # type: ignore[attr-defined]
    worked_out = original()
    assert triggers._valid_table(worked_out)
    read = cache.persisted("trigger-table", triggers._valid_table)(original)()
    assert cache.persisted("trigger-table", triggers._valid_table)(lambda: ((), ()))() == read == worked_out
    words = sorted({w.lower() for w in realword.candidates()})
    sample = ["bản", "khong", "dung", "tư", "giup", *random.Random(7).sample(words, 25)]
    assert any(realword._evidence(w) == 0 for w in sample)  # the all-but-a-few kind is there
    vocab = list(model().index)  # syllables and the classes <s>, <en>, <num>, <unk>
    for w in sample:
        for n in range(len(model().unigrams)):
            for after in (True, False):
                assert triggers._outnumbered(w, n, after) == triggers._counted(w, n, after), (w, n, after)
        # the gate's one set per word and side says what kin_after and kin_before say
        for after in (True, False):
            none_of, ids = triggers.triggered_by(w, after)
            said = [triggers.kin_after(t, w) if after else triggers.kin_before(w, t) for t in vocab]
            assert [(model().index[t] in ids) != none_of for t in vocab] == said, (w, after)


def test_the_bigram_table_read_from_the_cache_is_the_one_read_from_the_data(fresh: Path) -> None:
    from glossary import context

    original = context._built_in.__wrapped__  # type: ignore[attr-defined]
    worked_out = original()
    assert context._valid_table(worked_out)
    assert cache.persisted("bigram-table", context._valid_table)(original)() == worked_out  # written
    assert cache.persisted("bigram-table", context._valid_table)(lambda: ())() == worked_out  # read back
    assert not context._valid_table((*worked_out[:1], "not a table", *worked_out[2:]))  # the shape is checked


def test_the_word_sets_and_letters_read_from_the_cache_are_those_worked_out(fresh: Path) -> None:
    from glossary import domain, vietnamese

    for name, fn, valid in (("far", domain._far, None),
                            ("by-letters", vietnamese._by_letters, cache.is_dict),
                            ("syllable-counts", vietnamese.counts, cache.is_dict)):
        original = fn.__wrapped__.__wrapped__  # type: ignore[attr-defined]
        worked_out = original()
        assert worked_out and (valid or cache._is_words)(worked_out)
        assert cache.persisted(name, valid)(original)() == worked_out  # written
        assert cache.persisted(name, valid)(type(worked_out))() == worked_out  # read back
    assert sorted(vietnamese._by_letters.__wrapped__.__wrapped__()["ma"]) == ["ma", "mà", "má", "mã", "mạ", "mả"]
    assert vietnamese.counts.__wrapped__.__wrapped__()["không"] > 1000  # type: ignore[attr-defined]
    assert not cache.is_dict(frozenset({"ma"})) and not cache.is_dict(["không"])


def test_the_english_counts_read_from_the_cache_are_the_files(fresh: Path) -> None:
    from glossary import english
    from glossary.resources import data_path
    from glossary.wordtables import CountsTable

    original = english._english_counts.__wrapped__  # type: ignore[attr-defined]
    worked_out = original()
    assert cache.persisted("english-counts", english._valid_english)(original)() == worked_out  # written
    read = cache.persisted("english-counts", english._valid_english)(lambda: (b"", b"", 0))()
    assert read == worked_out  # read back, not worked out
    fields = Path(data_path("english_counts.tsv")).read_text("utf-8").split()
    counted = dict(zip(fields[::2], map(int, fields[1::2]), strict=True))
    table = CountsTable(*read)
    assert all(table.get(w) == n for w, n in counted.items()) and table.total == sum(counted.values())
    assert table.get("khong") == counted.get("khong", 0) and table.get("xyzzyq") == 0 and len(counted) > 5000


def test_two_versions_installed_side_by_side_keep_every_value_they_persist() -> None:
    # pruning by age would otherwise evict one version's values as the other writes its own,
    # and each new process of either would work them all out again (about 1.5 s)
    import re

    package = Path(cache.__file__).parent
    sources = [p.read_text("utf-8") for p in sorted(package.glob("*.py"))]
    names = [n for text in sources for n in re.findall(r'@persisted\("([^"]+)"', text)]
    assert len(names) == len(set(names)) >= 10
    assert 2 * len(names) <= cache._KEEP_DERIVED


def test_the_built_in_vocabulary_read_from_the_cache_is_the_one_its_entries_give(fresh: Path, tmp_path: Path) -> None:
    from glossary import load, loading, spell
    from glossary.nonword import NonWordFinder

    original = spell._builtin_vocabulary.__wrapped__  # type: ignore[attr-defined]
    worked_out = NonWordFinder.for_glossary(loading.builtin_glossary().entries()).vocabulary()
    assert original() == worked_out and "những" in worked_out[0] and "CAND" in worked_out[1]
    assert cache.persisted("builtin-vocabulary", spell._valid_vocabulary)(original)() == worked_out  # written
    read = cache.persisted("builtin-vocabulary", spell._valid_vocabulary)(lambda: ())()
    assert read == worked_out  # read back, not worked out
    # the built-in glossary with either engine reads it; any other glossary its own entries
    assert loading.is_builtin(load()) and loading.is_builtin(load(engine="python"))
    own = tmp_path / "own.csv"
    own.write_text("term,replacement,kind\nxyzq,xyzqword,abbreviation\n", encoding="utf-8")
    for g, knows in ((load(), False), (load(own), True), (load(own, builtin=False), True),
                     (load(layers=["informal"]), False)):
        assert not loading.is_builtin(g) or not knows
        assert ("xyzqword" in spell._finder_for(g).known) == knows
