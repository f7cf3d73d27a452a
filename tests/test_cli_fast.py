"""The argument reader of the common commands (glossary.cli_fast) against argparse: on every
line it reads it must give exactly argparse's values; everything else it leaves to argparse."""

from __future__ import annotations

import io
import random
import subprocess
import sys
from pathlib import Path

import pytest

from glossary import cli_fast
from glossary.cli import build_parser, main
from glossary.cli_args import parse_arguments

TOKENS = [
    ["a.txt"], ["b"], ["-"], [""], ["normalize"],
    ["-g", "x.csv"], ["--glossary", "y.csv"], ["--no-builtin"], ["--informal"], ["--keep-invalid"],
    ["--no-progress"], ["-j", "2"], ["--jobs", "0"], ["-j", "01"], ["-j", "x"], ["-j", "-1"], ["-j", "²"],
    ["--tone-style", "main-vowel"], ["--tone-style", "first-vowel"], ["--tone-style", "bad"],
    ["--style", "first"], ["--style", "annotate"], ["--style", "bold"], ["-d", "law"], ["--domain", "health"],
    ["--learn"], ["--report"], ["--report-format", "json"], ["--report-format", "xml"],
    # what the quick reader must leave to argparse
    ["--no-b"], ["--help"], ["-h"], ["--glossary=z.csv"], ["--"], ["-gX"], ["-1"], ["--tone-style"], ["-g"],
    ["--version"], ["-g", "-"], ["-g", "--no-builtin"], ["--kind", "typo"], ["--format", "json"], ["-x y"],
]
COMMON_FORMS = [
    ["normalize"], ["normalize", "a.txt", "b.txt"], ["normalize", "-g", "mine.csv", "--no-builtin"],
    ["normalize", "--tone-style", "main-vowel", "-"], ["normalize", "-j", "2", "big.txt"],
    ["expand"], ["expand", "--style", "first", "-d", "law", "doc.txt"], ["expand", "--informal", "--learn"],
    ["expand", "--report-format", "json", "--informal"],
]


def _argparse(argv: list[str]) -> dict[str, object] | None:
    """What argparse makes of ``argv`` (without the parser objects), or None for a usage error."""
    try:
        ns = parse_arguments(build_parser(argv[0]), argv)
    except SystemExit:
        return None
    return {k: v for k, v in vars(ns).items() if k not in ("func", "subcommand_parser")}


def _lines(seed: int, count: int) -> list[list[str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        argv = [rng.choice(["normalize", "expand"])]
        for _ in range(rng.randrange(6)):
            argv += rng.choice(TOKENS)
        out.append(argv)
    return out


def test_common_forms_are_read_quickly_and_as_argparse_reads_them() -> None:
    for argv in COMMON_FORMS:
        quick = cli_fast.quick_args(argv)
        assert quick is not None, argv
        assert vars(quick) == _argparse(argv), argv


@pytest.mark.parametrize("seed", range(4))
def test_quick_reader_agrees_with_argparse(seed: int, capsys: pytest.CaptureFixture[str]) -> None:
    read = left = 0
    for argv in _lines(seed, 400):
        quick = cli_fast.quick_args(argv)
        if quick is None:
            left += 1
            continue
        read += 1
        assert vars(quick) == _argparse(argv), argv  # the same values, and never a line argparse refuses
    capsys.readouterr()
    assert read > 50 and left > 50  # both sides are exercised


def test_other_commands_and_options_are_left_to_argparse() -> None:
    for argv in (["check"], ["find", "x"], ["--version"], [], ["normalize", "--help"], ["normalize", "--no-b"],
                 ["normalize", "a", "--informal", "b"], ["expand", "--style", "bold"], ["normalize", "--"]):
        assert cli_fast.quick_args(argv) is None, argv


def _run(argv: list[str], stdin: bytes, monkeypatch: pytest.MonkeyPatch,
         capsysbinary: pytest.CaptureFixture[bytes]) -> tuple[int, bytes, bytes]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(argv)
    out, err = capsysbinary.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv", [
    ["normalize"], ["normalize", "--tone-style", "main-vowel"], ["normalize", "IN", "-", "IN"],
    ["normalize", "--no-builtin", "-g", "GLOSSARY"], ["normalize", "missing.txt"], ["normalize", "-g", "missing.csv"],
    ["expand"], ["expand", "--style", "first", "-d", "law"], ["expand", "--style", "annotate", "IN"],
    ["expand", "--learn", "-j", "2"], ["normalize", "--keep-invalid", "BAD"], ["normalize", "BAD"],
    ["expand", "--report", "IN"], ["expand", "--informal", "--report-format", "json", "-"],
])
def test_both_readers_run_a_command_alike(argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    (tmp_path / "in.txt").write_text("lực lượng CABD, nững biểu hiện, hòa bình\nBHXH và CSGT\n", encoding="utf-8")
    (tmp_path / "g.csv").write_text("term,replacement,kind\nbiểu hiện,biểu hiện rõ,typo\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"ok\nn\xffo\n")
    files = {"IN": "in.txt", "GLOSSARY": "g.csv", "BAD": "bad.txt"}
    argv = [str(tmp_path / files[a]) if a in files else a for a in argv]
    stdin = "nững  ngày\u00a0hòa thuận, CSGT\n".encode()
    assert cli_fast.quick_args(argv) is not None
    quick = _run(argv, stdin, monkeypatch, capsysbinary)
    monkeypatch.setattr(cli_fast, "quick_args", lambda arguments: None)  # argparse reads everything
    assert _run(argv, stdin, monkeypatch, capsysbinary) == quick


def test_normalize_starts_without_what_it_does_not_need() -> None:
    # What the common path must not import (each costs a share of a short run's time);
    # the second run, since the first one fills the cache (compiling needs json, writing tempfile).
    code = ("import io, sys\n"
            "sys.stdin = io.TextIOWrapper(io.BytesIO('CABD nững\\n'.encode()))\n"
            "from glossary.cli import main\n"
            "assert main(['normalize']) == 0\n"
            "print(sorted(m for m in ('argparse', 'typing', 'json', 're', 'contextlib', 'signal', 'threading', "
            "'weakref', 'tempfile', 'glossary.pool', 'glossary.pipeline') if m in sys.modules), file=sys.stderr)\n")
    for _ in range(2):
        got = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, check=True)
        assert got.stdout.decode() == "CAND những\n"
    from glossary.scan import accelerated

    assert eval(got.stderr.decode()) == ([] if accelerated() else ["re"])  # the pure-Python engine's regexes
