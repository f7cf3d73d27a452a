"""Crafted compiled files (checksum recomputed, content hostile) give a clean
``CompiledFormatError`` or work: never a crash, a traceback, a hang or unbounded memory.
Each file is tried in a child process, which must not die by a signal."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import glossary
from glossary import CompiledFormatError, Glossary

from .hostile import assemble, raw_header, split, try_file, verdict


@pytest.fixture(scope="module")
def builtin_bytes() -> bytes:
    return glossary.load().to_bytes()


def _try(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "crafted.glossary"
    path.write_bytes(data)
    got = verdict(try_file(str(path)))
    assert got == "ok" or got.startswith("error:"), got
    return got


@pytest.mark.parametrize("where", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_one_byte_changed_in_the_values_trie(builtin_bytes: bytes, tmp_path: Path, where: float) -> None:
    header, sections = split(builtin_bytes)
    values = bytearray(sections["values"])
    for i in range(int(len(values) * where), len(values), 97):
        values[i] ^= 0x5A
    sections["values"] = bytes(values)
    assert _try(tmp_path, assemble(header, sections)).startswith("error:")


@pytest.mark.parametrize("name", ["keys", "values", "exact", "records", "multi", "anchors"])
def test_each_section_scrambled(builtin_bytes: bytes, tmp_path: Path, name: str) -> None:
    header, sections = split(builtin_bytes)
    sections[name] = bytes(b ^ 0xA5 for b in sections[name]) or b"\xff" * 8
    _try(tmp_path, assemble(header, sections))


@pytest.mark.parametrize(("field", "value"), [
    ("keys", 0), ("keys", 10**6), ("keys", 10**30), ("maxlen", 10**30), ("maxlen", 0),
    ("records", 10**30), ("rows", -1), ("spaced", False), ("widths", {"value": 40}), ("per_domain", None),
])
def test_crafted_header_fields(builtin_bytes: bytes, tmp_path: Path, field: str, value: Any) -> None:
    header, sections = split(builtin_bytes)
    header[field] = value
    _try(tmp_path, assemble(header, sections))


@pytest.mark.parametrize("hdr", [
    b"[" * 100_000 + b"]" * 100_000, b'{"sections": ' + b"[" * 50_000, b"\xff\xfe", b"null", b"[]",
    b'{"sections": {"keys": [1e308, 5]}}', b'{"sections": {"keys": ["0", 5]}}',
])
def test_malformed_headers(builtin_bytes: bytes, tmp_path: Path, hdr: bytes) -> None:
    assert _try(tmp_path, raw_header(builtin_bytes, hdr)).startswith("error:")


def test_keys_trie_holding_invalid_utf8(tmp_path: Path) -> None:
    import marisa_trie

    g = Glossary.from_entries([glossary.Entry("abc", "xyz", glossary.Kind.TYPO)])
    header, sections = split(g.to_bytes())
    sections["keys"] = marisa_trie.BinaryTrie([b"\xff\xfe"]).tobytes()
    assert _try(tmp_path, assemble(header, sections)).startswith("error:")


def _crafted(data: bytes, change: Callable[[dict[str, Any], dict[str, bytes]], None]) -> bytes:
    header, sections = split(data)
    change(header, sections)
    return assemble(header, sections)


def test_a_decompression_bomb_is_refused(builtin_bytes: bytes) -> None:
    import zlib

    def bomb(h: dict[str, Any], s: dict[str, bytes]) -> None:
        s["lists"] = zlib.compress(b"a" * (1 << 26), 9)
        h["lists_size"] = 1 << 26

    data = _crafted(builtin_bytes, bomb)
    with pytest.raises(CompiledFormatError, match="implausible size"):
        Glossary.from_bytes(data)


def test_a_sound_file_from_outside_still_loads(builtin_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "fine.glossary"
    path.write_bytes(builtin_bytes)
    assert _try(tmp_path, builtin_bytes) == "ok"
    assert glossary.load(path).normalize("nững") == "những"
    assert Glossary.from_bytes(builtin_bytes).normalize("CABD") == "CAND"
    assert json.loads(json.dumps(split(builtin_bytes)[0]))["lists"]


def test_a_compiled_file_rewritten_in_place_does_not_kill_its_reader(builtin_bytes: bytes, tmp_path: Path) -> None:
    # `cp new.glossary mine.glossary` while a process uses mine.glossary: the file is cut
    # short and rewritten. A process that had it memory-mapped died by SIGBUS.
    import subprocess
    import sys

    path = tmp_path / "mine.glossary"
    path.write_bytes(builtin_bytes)
    code = (
        "import sys, glossary\n"
        "g = glossary.load(sys.argv[1])\n"
        "print('loaded', flush=True)\n"
        "sys.stdin.readline()\n"
        "print(len(list(g.entries())), g.normalize('nững CABD'), flush=True)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdin is not None
    assert child.stdout.readline() == "loaded\n"
    with open(path, "wb") as f:  # truncated, then a much smaller file written in its place
        f.write(builtin_bytes[:100])
    out, err = child.communicate("go\n", timeout=120)
    assert child.returncode == 0, (child.returncode, err)
    assert out.split()[1:] == ["những", "CAND"]
