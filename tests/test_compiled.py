"""The compiled form: build, memory-mapped load, integrity checks, pickling."""

from __future__ import annotations

import mmap
import multiprocessing
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary
from glossary import CompiledFormatError, Entry, Glossary, GlossaryFileError, Kind
from glossary.compiled import MAGIC


def entries_of(g: Glossary) -> set[Entry]:
    return set(g.entries())


def test_round_trip_through_a_file(g: Glossary, tmp_path: Path, terms_path: Path) -> None:
    out = tmp_path / "terms.glossary"
    g.save(out)
    loaded = glossary.load(out)
    assert entries_of(loaded) == entries_of(g)
    assert isinstance(loaded._table._buf, mmap.mmap)
    text = "CABD, nững và CSGT ở TP.HCM, QĐ/TW, ThS"
    assert loaded.normalize(text) == g.normalize(text)
    assert loaded.expand(text) == g.expand(text)
    assert loaded.find(text) == g.find(text)


def test_compiled_file_has_magic_version_and_is_not_pickle(g: Glossary) -> None:
    data = g.to_bytes()
    assert data.startswith(MAGIC)
    assert b"\x80\x04\x95" not in data[:16]  # no pickle protocol header


@pytest.mark.parametrize("damage", ["flip", "truncate", "version", "magic"])
def test_damaged_files_are_rejected(g: Glossary, tmp_path: Path, damage: str) -> None:
    data = bytearray(g.to_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0xFF
    elif damage == "truncate":
        del data[len(data) // 2 :]
    elif damage == "version":
        data[8] = 99
    else:
        data[1] = ord("X")
    path = tmp_path / "bad.glossary"
    path.write_bytes(bytes(data))
    with pytest.raises(GlossaryFileError) as info:
        glossary.load(path)
    if damage == "version":
        assert "version 99" in str(info.value) and "rebuild" in str(info.value)
    elif damage in ("flip", "truncate"):
        assert isinstance(info.value, CompiledFormatError)
        assert "checksum" in str(info.value)


def test_pickle_is_the_compiled_bytes(g: Glossary) -> None:
    blob = pickle.dumps(g)
    assert len(blob) < len(g.to_bytes()) + 200
    again = pickle.loads(blob)
    assert entries_of(again) == entries_of(g)
    assert again.normalize("nững") == "những"


def _normalize_with(args: tuple[Glossary, str]) -> str:
    g, text = args
    return g.normalize(text)


def test_multiprocessing_pool_round_trip(g: Glossary) -> None:
    texts = ["nững ngày", "CABD", "sử lý"]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        got = pool.map(_normalize_with, [(g, t) for t in texts])
    assert got == [g.normalize(t) for t in texts]


def test_fields_and_key_spellings_survive_compilation() -> None:
    rows = [
        Entry("QyĐ", "quy định", Kind.ABBREVIATION, "admin", "a note, with comma", "decree-30"),
        Entry("ThS", "Thạc sĩ", Kind.ABBREVIATION, "education"),
        Entry("İstanbul", "Istanbul", Kind.VARIANT),
        Entry("Hà nội", "Hà Nội", Kind.TYPO),
        Entry("colour", "color", Kind.VARIANT, "en"),
        Entry("colour", "colour", Kind.VARIANT, "en-gb"),
        Entry("an ninh", "", Kind.TERM, "security", "definition"),
    ]
    g = Glossary.from_entries(rows)
    assert entries_of(Glossary.from_bytes(g.to_bytes())) == set(rows)
    assert g.stats["kinds"] == {"abbreviation": 2, "variant": 3, "typo": 1, "term": 1}


entry_strategy = st.builds(
    Entry,
    term=st.text(alphabet="abcđĐAB. 1", min_size=1, max_size=6).filter(
        lambda t: t[0].isalnum() and t == t.strip() and "  " not in t),
    replacement=st.text(alphabet="xyzẾ ", min_size=1, max_size=5).filter(lambda t: t == t.strip() and "  " not in t),
    kind=st.sampled_from([Kind.ABBREVIATION, Kind.TERM]),
    domain=st.sampled_from(["", "a", "b"]),
    note=st.sampled_from(["", "n1", "n, 2"]),
    source=st.sampled_from(["", "s"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(entry_strategy, max_size=20, unique_by=lambda e: (e.term.lower(), e.domain)))
def test_bytes_round_trip_gives_the_same_glossary(rows: list[Entry]) -> None:
    g = Glossary.from_entries(rows)
    again = Glossary.from_bytes(g.to_bytes())
    assert sorted(again.entries()) == sorted(g.entries()) == sorted(rows)
    assert again.to_bytes() == g.to_bytes()


def test_csv_glossaries_are_compiled_once_and_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from glossary import loading

    cache = tmp_path / "cache"
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(cache))
    csv = tmp_path / "t.csv"
    csv.write_text("term,replacement,kind\nnững,những,typo\n", encoding="utf-8")
    first = glossary.load(csv)
    [cached] = _entries(cache)
    assert isinstance(glossary.load(csv)._table._buf, mmap.mmap)  # the second load maps the cache
    assert first.normalize("nững") == "những"
    csv.write_text("term,replacement,kind\nnững,NHỮNG,typo\n", encoding="utf-8")  # new content, new entry
    assert glossary.load(csv).normalize("nững") == "NHỮNG"
    assert len(_entries(cache)) == 2
    cached.write_bytes(cached.read_bytes()[:-5])  # a damaged entry is rebuilt, never trusted
    csv.write_text("term,replacement,kind\nnững,những,typo\n", encoding="utf-8")
    assert glossary.load(csv).normalize("nững") == "những"
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "file-not-dir"))
    (tmp_path / "file-not-dir").write_text("x")
    assert glossary.load(csv).normalize("nững") == "những"  # an unwritable cache is skipped
    monkeypatch.setenv("GLOSSARY_NO_CACHE", "1")
    assert loading.load(csv).normalize("nững") == "những"


def test_concurrent_processes_share_the_cache(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    csv = tmp_path / "t.csv"
    csv.write_text("term,replacement,kind\n" + "".join(f"w{i}x,w{i},typo\n" for i in range(3000)), encoding="utf-8")
    env = dict(os.environ, GLOSSARY_CACHE_DIR=str(tmp_path / "cache"))
    code = f"import glossary; assert glossary.load({str(csv)!r}).normalize('w7x') == 'w7'"
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env) for _ in range(6)]
    assert [p.wait(timeout=120) for p in procs] == [0] * 6
    assert len([p for p in (tmp_path / "cache").iterdir() if p.suffix == ".glossary"]) == 1


def test_kind_masks_agree_with_the_c_reader(g: Glossary) -> None:
    from glossary.scan import _speedups

    if _speedups is None:
        pytest.skip("the C scanner is not built here")
    for table in (g._table, glossary.load()._table):
        assert table.kind_masks(_speedups.kinds) == table.kind_masks()
    with pytest.raises(ValueError):
        _speedups.kinds(b"\x00", 7, 100)


def _with_header(data: bytes, change: Callable[[dict[str, Any]], None]) -> bytes:
    """``data`` with its header rewritten by ``change`` and a valid checksum: a file made to
    be read wrongly, which the checksum alone cannot catch."""
    import json
    import struct
    import zlib

    magic, version, hlen, _ = struct.unpack_from("<8sIII4x", data, 0)
    header = json.loads(data[24 : 24 + hlen])
    change(header)
    new = json.dumps(header, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    assert len(new) <= hlen, "a rewritten header must fit where the old one was"
    body = new + b" " * (hlen - len(new)) + data[24 + hlen :]
    return struct.pack("<8sIII4x", magic, version, hlen, zlib.crc32(body)) + body


@pytest.mark.parametrize("change", [
    lambda h: h.pop("kinds"),
    lambda h: h.update(width=2),
    lambda h: h.update(widths={"value": 1}),
    lambda h: h.update(rows="many"),
    lambda h: h.update(records=10**9),
    lambda h: h.update(kinds={"typpo": 1}),
    lambda h: h.update(spaced="yes"),
    lambda h: h.update(domains=[]),  # records then name domains that do not exist
    lambda h: h.update(sources=[1]),
])
def test_crafted_headers_are_format_errors_not_crashes(g: Glossary, change: Callable[[dict[str, Any]], None]) -> None:
    data = _with_header(g.to_bytes(), change)
    with pytest.raises(CompiledFormatError):
        crafted = Glossary.from_bytes(data, "crafted.glossary")
        crafted.normalize("lực lượng CABD, nững biểu hiện, hiêu quả")
        crafted.find("CAND ANTT QĐ/TW Bộ Công an")
        [crafted.lookup(k) for k in ("CAND", "QĐ", "nững")]


def _entries(cache: Path) -> list[Path]:
    """The compiled glossaries of a cache directory (beside them are their start files)."""
    return sorted(cache.glob("*.glossary"))


def _csv(tmp_path: Path, body: str = "nững,những,typo\n") -> Path:
    csv = tmp_path / "t.csv"
    csv.write_text("term,replacement,kind\n" + body, encoding="utf-8")
    return csv


def test_the_cache_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import stat

    cache = tmp_path / "cache"
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(cache))
    old = os.umask(0)
    try:
        glossary.load(_csv(tmp_path))
    finally:
        os.umask(old)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    [entry] = _entries(cache)
    [start] = cache.glob("*.start")  # what a process keeps for the next one (see test_start_files_...)
    assert stat.S_IMODE(entry.stat().st_mode) == stat.S_IMODE(start.stat().st_mode) == 0o600


def test_a_cache_others_may_write_to_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(cache))
    csv = _csv(tmp_path)
    assert glossary.load(csv).normalize("nững") == "những"
    [entry] = _entries(cache)
    # someone else plants their own glossary under the predictable name
    entry.write_bytes(Glossary.from_entries([Entry("nững", "PWNED", Kind.TYPO)]).to_bytes())
    cache.chmod(0o777)
    assert glossary.load(csv).normalize("nững") == "những"
    cache.chmod(0o700)
    entry.chmod(0o666)
    assert glossary.load(csv).normalize("nững") == "những"


def test_a_cache_entry_failing_for_any_reason_is_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from glossary import loading

    cache = tmp_path / "cache"
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(cache))
    csv = _csv(tmp_path)
    glossary.load(csv)
    [entry] = _entries(cache)

    def broken(path: str) -> Any:
        raise RuntimeError("not the expected error")

    with monkeypatch.context() as m:
        m.setattr(loading, "load_file", broken)
        assert glossary.load(csv).normalize("nững") == "những"
    assert not entry.exists()  # dropped, so the next run builds it afresh
    assert glossary.load(csv).normalize("nững") == "những"
    assert entry.exists()


def test_pruning_removes_only_the_caches_own_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o700)
    mine = [folder / f"project-{i}.glossary" for i in range(40)]
    for p in mine:
        p.write_bytes(b"the user's own file")
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(folder))
    for i in range(3):
        glossary.load(_csv(tmp_path, f"nững{i},những,typo\n"))
    assert all(p.exists() for p in mine)


def _start_of(entry: Path) -> Path:
    [start] = entry.parent.glob(entry.name.removesuffix(".glossary") + ".*.start")
    return start


def test_start_files_keep_the_parsed_header_and_the_scanner_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from glossary import scan

    cache = tmp_path / "cache"
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(cache))
    body = "".join(f"w{i}x,w{i},typo\n" for i in range(500)) + "nững,những,typo\nCABD,CAND,typo\n"
    csv = _csv(tmp_path, body)
    text = "lực lượng CABD, nững w7x w499x W12X " * 20
    fresh = glossary.Glossary.from_entries(glossary.load(csv).entries()).normalize(text)  # built in memory
    first = glossary.load(csv)
    assert first.normalize(text) == fresh
    [entry] = _entries(cache)
    start = _start_of(entry)
    with monkeypatch.context() as m:  # a new process: the header is not decoded, the index not rebuilt
        m.setattr(json, "loads", None)
        if scan.accelerated():
            m.setattr(scan._speedups, "Index", _FromBytesOnly(scan._speedups.Index))
        again = glossary.load(csv)
        assert isinstance(again._table._buf, mmap.mmap)  # the cache entry itself, not a rebuilt copy
        assert (again._table.saved_index is not None) == scan.accelerated()  # the C engine's only
        assert again.normalize(text) == fresh
        assert again.find(text) == first.find(text)  # case-sensitive spellings are added as before
    assert start.stat().st_size > 0


class _FromBytesOnly:
    """Stands in for the C Index class: loading one from bytes works, building one fails."""

    def __init__(self, real: Any) -> None:
        self.from_bytes = real.from_bytes

    def __call__(self, *args: object) -> Any:
        raise AssertionError("the index was built again")


def test_start_files_that_do_not_fit_are_passed_over_and_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marshal

    cache = tmp_path / "cache"
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(cache))
    one, two = _csv(tmp_path / "..", "nững,những,typo\n"), tmp_path / "two.csv"
    two.write_text("term,replacement,kind\nhiêu,hiệu,typo\nCABD,CAND,typo\n", encoding="utf-8")
    glossary.load(one).normalize("x")
    glossary.load(two).normalize("x")
    first, second = _entries(cache)
    good = _start_of(second).read_bytes()
    cases = {
        "another entry's": _start_of(first).read_bytes(),
        "garbage": b"\x00not marshal",
        "of another layout": marshal.dumps((99, 0, {}, None)),
        "a damaged index": marshal.dumps((*marshal.loads(good)[:3], b"GLSRYIDX" + b"\x01" * 200)),
        "empty": b"",
    }
    for why, data in cases.items():
        _start_of(second).write_bytes(data)
        g = glossary.load(two)
        assert g.normalize("hiêu CABD nững") == "hiệu CAND nững", why
        if why != "a damaged index":  # (that one is only rebuilt once the scanner asks for it)
            assert marshal.loads(_start_of(second).read_bytes())[1:3] == marshal.loads(good)[1:3], why


def test_a_start_file_others_may_write_to_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    cache = tmp_path / "cache"
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(cache))
    csv = _csv(tmp_path)
    glossary.load(csv).normalize("x")
    start = _start_of(_entries(cache)[0])
    version, crc, header, _ = marshal.loads(start.read_bytes())
    header = {**header, "maxlen": 0}  # a header that would make the scanner miss every key
    start.write_bytes(marshal.dumps((version, crc, header, None)))
    start.chmod(0o666)
    assert glossary.load(csv).normalize("nững") == "những"


def test_pruning_removes_the_start_files_of_removed_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from glossary import cache as cache_module

    cache = tmp_path / "cache"
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(cache))
    monkeypatch.setattr(cache_module, "_KEEP", 2)
    for i in range(4):
        glossary.load(_csv(tmp_path, f"nững{i},những,typo\n")).normalize("x")
    other = cache / "notes.start"
    other.write_text("not the cache's own")
    glossary.load(_csv(tmp_path, "nững9,những,typo\n")).normalize("x")
    entries = _entries(cache)
    assert len(entries) == 2 and other.exists()
    starts = sorted(p.name.split(".")[0] for p in cache.glob("*.*.start"))
    assert starts == sorted(p.name.split(".")[0] for p in entries)
