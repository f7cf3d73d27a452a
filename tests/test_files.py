"""``check --write`` and the files it touches: a full disk, a writer racing the check,
Ctrl-C in the middle of a write, devices, and byte-order marks."""

from __future__ import annotations

import codecs
import errno
import functools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary import checking, files
from glossary.cli import main
from glossary.config import clear_cache

DATA = Path(__file__).resolve().parent / "data"
EN = str(DATA / "english.csv")
OLD = "zz zz\n" * 1000  # every "zz" grows to "zebra": the fixed file needs more room
NEW = "zebra zebra\n" * 1000


@pytest.fixture(autouse=True)
def _fresh_config_cache() -> None:
    clear_cache()


def _check(*args: str, glossary: str = EN) -> int:
    return main(["check", "--no-config", "--no-builtin", "-g", glossary, *args])


@pytest.fixture
def growing(tmp_path: Path) -> str:
    g = tmp_path / "grow.csv"
    g.write_text("term,replacement,kind\nzz,zebra,typo\n", encoding="utf-8")
    return str(g)


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB file system of the test's own, or skip where it cannot be mounted."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs Linux and root")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def _fill(directory: Path) -> None:
    with open(directory / "filler", "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def test_a_hard_linked_file_survives_a_full_disk(small_tmpfs: Path, growing: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    a = small_tmpfs / "a.txt"
    a.write_text(OLD)
    b = small_tmpfs / "b.txt"
    b.hardlink_to(a)
    _fill(small_tmpfs)
    assert _check("-w", str(a), glossary=growing) == 3
    err = capsys.readouterr().err
    assert f"{a}: No space left on device; the file was left as it was" in err, err
    assert a.read_text() == b.read_text() == OLD
    assert not list(small_tmpfs.glob(".glossary-*"))


def test_a_single_link_file_survives_a_full_disk(small_tmpfs: Path, growing: str) -> None:
    a = small_tmpfs / "a.txt"
    a.write_text(OLD)
    _fill(small_tmpfs)
    assert _check("-w", str(a), glossary=growing) == 3
    assert a.read_text() == OLD
    assert not list(small_tmpfs.glob(".glossary-*"))


class _FailingWrites:
    """A file whose first write stores half of what it is given, then fails: a disk
    that fills up in the middle of a write."""

    def __init__(self, f: Any) -> None:
        self.f = f
        self.failed = False

    def write(self, data: bytes) -> int:
        if not self.failed and len(data) > 1:
            self.failed = True
            self.f.write(bytes(data[: len(data) // 2]))
            self.f.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return int(self.f.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.f, name)

    def __enter__(self) -> _FailingWrites:
        return self

    def __exit__(self, *exc: object) -> None:
        self.f.close()


def test_an_in_place_write_that_fails_half_way_is_rolled_back(tmp_path: Path, growing: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    a = tmp_path / "a.txt"
    a.write_text(OLD)
    (tmp_path / "b.txt").hardlink_to(a)
    real_open = open

    def failing_open(path: Any, mode: str = "r", *args: Any, **kw: Any) -> Any:
        f = real_open(path, mode, *args, **kw)
        return _FailingWrites(f) if "+" in mode else f

    monkeypatch.setattr(files, "open", failing_open, raising=False)
    assert _check("-w", str(a), glossary=growing) == 3
    assert a.read_text() == (tmp_path / "b.txt").read_text() == OLD


@pytest.mark.parametrize("links", [1, 2])
def test_a_file_changed_during_the_check_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str], links: int) -> None:
    a = tmp_path / "a.txt"
    a.write_text("abandonned\n")
    if links == 2:
        (tmp_path / "b.txt").hardlink_to(a)
    real = checking.apply_fixes

    def racing(text: str, findings: Any) -> str:
        a.write_text("abandonned, and a line the user just typed\n")  # an editor saves meanwhile
        return real(text, findings)

    monkeypatch.setattr(checking, "apply_fixes", racing)
    assert _check("-w", str(a)) == 3
    assert a.read_text() == "abandonned, and a line the user just typed\n"
    assert "changed while it was being checked; not written" in capsys.readouterr().err
    assert not list(tmp_path.glob(".glossary-*"))


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_ctrl_c_during_a_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        where: str) -> None:
    a = tmp_path / "a.txt"
    a.write_text("abandonned\n")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, where, interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.atomic_write(str(a), b"abandoned\n")
    monkeypatch.undo()
    assert a.read_text() == "abandonned\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_ctrl_c_during_an_in_place_write_puts_the_old_content_back(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    a = tmp_path / "a.txt"
    a.write_text(OLD)
    (tmp_path / "b.txt").hardlink_to(a)
    calls = []

    def interrupted_once(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", interrupted_once)
    with pytest.raises(KeyboardInterrupt):
        files.atomic_write(str(a), NEW.encode())
    assert a.read_text() == OLD


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_utf32_with_a_bom_is_read_as_utf32(tmp_path: Path, encoding: str, capsys: pytest.CaptureFixture[str]) -> None:
    bom = codecs.BOM_UTF32_LE if encoding.endswith("le") else codecs.BOM_UTF32_BE
    f = tmp_path / "u32.txt"
    f.write_bytes(bom + "ok, abandonned\r\n".encode(encoding))
    assert _check(str(f)) == 1
    assert capsys.readouterr().out == f"{f}:1:5: abandonned ==> abandoned\n"
    assert _check("-w", str(f)) == 1
    assert f.read_bytes() == bom + "ok, abandoned\r\n".encode(encoding)


def _limited(*argv: str) -> subprocess.CompletedProcess[bytes]:
    """Run glossary with 1 GiB of address space, so reading a device for ever fails fast."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, "-m", "glossary", *argv], capture_output=True, timeout=120,
                          preexec_fn=limit, env=dict(os.environ, PYTHONIOENCODING="utf-8"))


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_devices_are_refused_not_read(tmp_path: Path) -> None:
    proc = _limited("check", "--no-config", "/dev/zero")
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr.decode().startswith("glossary: error: /dev/zero: not a regular file"), proc.stderr
    f = tmp_path / "a.txt"
    f.write_text("x\n")
    proc = _limited("check", "--no-config", "-g", "/dev/zero", str(f))
    assert proc.returncode == 3, proc.stderr
    assert "/dev/zero: not a regular file" in proc.stderr.decode() and b"Traceback" not in proc.stderr


def test_write_without_a_path_does_not_mean_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("abandonned\n")
    monkeypatch.chdir(tmp_path)
    assert _check("-w") == 2
    assert "--write changes only the files and directories named" in capsys.readouterr().err
    assert (tmp_path / "a.txt").read_text() == "abandonned\n"
    assert _check("-w", "--", "-w") == 3  # after --, a path: here a missing one
    assert "-w: no such file or directory" in capsys.readouterr().err
    assert (tmp_path / "a.txt").read_text() == "abandonned\n"


def test_ctrl_c_right_after_the_temporary_file_is_created_leaves_nothing(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    a = tmp_path / "a.txt"
    a.write_text("abandonned\n")
    real_open = os.open

    def open_then_interrupted(path: Any, *args: Any, **kw: Any) -> int:
        fd = real_open(path, *args, **kw)
        if ".glossary-" in os.fspath(path):
            os.close(fd)
            raise KeyboardInterrupt  # as if Ctrl-C came just as the call returned
        return fd

    monkeypatch.setattr(files.os, "open", open_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.atomic_write(str(a), b"abandoned\n")
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


@given(st.dictionaries(st.integers(0, 2**32 - 2), st.integers(0, 2**32 - 1), max_size=300),
       st.lists(st.integers(-5, 2**33), max_size=40))
def test_a_count_map_answers_as_the_dict_it_is_made_from(pairs: dict[int, int], probes: list[int]) -> None:
    from array import array

    from glossary import scan
    from glossary.files import count_map

    keys, values = array("I", pairs).tobytes(), array("I", pairs.values()).tobytes()
    made = count_map(keys, values)
    assert type(made) is (getattr(scan._speedups, "Counts", dict) if scan.accelerated() else dict)
    for key in [*pairs, *probes, 0, 1, True, False, 2**32 - 1, -1, 2**64]:
        assert made.get(key, 0) == pairs.get(key, 0), key
    assert sorted(made.items()) == sorted(pairs.items()) and len(made) == len(pairs)


@given(st.lists(st.integers(0, 2**32 - 1), max_size=300), st.lists(st.integers(-5, 2**33), max_size=40),
       st.booleans())
def test_sorted_finder_finds_what_bisect_finds(keys: list[int], probes: list[int], ordered: bool) -> None:
    # in C and in Python, and on keys out of order too (the same probes: the same answer)
    import bisect
    from array import array

    from glossary import scan
    from glossary.files import sorted_finder

    table = array("I", sorted(keys) if ordered else keys)
    find = sorted_finder(table)
    assert isinstance(find, functools.partial) == scan.accelerated()
    for key in [*keys, *probes, 0, 2**32 - 1, -1, 2**64]:
        i = bisect.bisect_left(table, key)
        assert find(key) == (i if i < len(table) and table[i] == key else -1), key


def test_a_count_map_keeps_a_repeated_keys_last_count_and_refuses_arrays_that_differ() -> None:
    from array import array

    from glossary.files import count_map

    made = count_map(array("I", [3, 9, 3]).tobytes(), array("I", [1, 2, 7]).tobytes())
    assert made.get(3, 0) == 7 and len(made) == 2
    assert count_map(array("I", [1]).tobytes(), array("I", [9]).tobytes()).get(True, 0) == 9  # True is 1, as in a dict
    for keys, values in (([3, 9], [1]), ([3, 2**32 - 1], [1, 0]), ([2**32 - 1], [7])):
        with pytest.raises(ValueError):  # (the last uint32 is no key: the C map keeps key + 1)
            count_map(array("I", keys).tobytes(), array("I", values).tobytes())
