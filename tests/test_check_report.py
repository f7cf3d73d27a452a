"""What ``glossary check`` reports: the findings ``--write`` fixed, and undecodable files
as errors where CI asks for it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.config import clear_cache

DATA = Path(__file__).resolve().parent / "data"
EN = str(DATA / "english.csv")


@pytest.fixture(autouse=True)
def _fresh_config_cache() -> None:
    clear_cache()


def _check(capsys: pytest.CaptureFixture[str], *args: str, config: bool = False) -> tuple[int, str, str]:
    code = main(["check", *([] if config else ["--no-config"]), "--no-builtin", "-g", EN, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_write_says_which_findings_it_fixed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text("abandonned ackward\n")  # one fix, and one typo with two corrections
    code, out, err = _check(capsys, "-w", str(f))
    assert code == 1
    assert out.splitlines() == [f"{f}:1:1: abandonned ==> abandoned (fixed)",
                                f"{f}:1:12: ackward ==> awkward, backward"]
    assert err.splitlines()[-1] == "glossary check: 1 file(s) checked, 2 finding(s) in 1 file(s), 1 fixed"
    assert f.read_text() == "abandoned ackward\n"
    code, out, _ = _check(capsys, str(f))  # without --write nothing is marked
    assert out == f"{f}:1:11: ackward ==> awkward, backward\n"


def test_an_undecodable_file_is_a_warning_or_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "latin.txt"
    f.write_bytes("café abandonned\n".encode("latin-1"))
    code, _, err = _check(capsys, str(f))
    assert code == 0 and "glossary: warning: " in err and "not UTF-8" in err
    code, _, err = _check(capsys, "--undecodable", "error", str(f))
    assert code == 3 and f"glossary: error: {f}: not UTF-8" in err
    (tmp_path / ".glossary.toml").write_text('undecodable = "error"\n')
    monkeypatch.chdir(tmp_path)
    code, _, err = _check(capsys, "latin.txt", config=True)
    assert code == 3 and "glossary: error: latin.txt: not UTF-8" in err
    code, _, _ = _check(capsys, "--undecodable", "warning", "latin.txt", config=True)  # the command line wins
    assert code == 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"caf\xe9\n")))
    code, _, err = _check(capsys, "-", config=True)
    assert code == 3 and "glossary: error: -: not UTF-8" in err
    (tmp_path / ".glossary.toml").write_text('undecodable = "fatal"\n')
    clear_cache()
    code, _, err = _check(capsys, "latin.txt", config=True)
    assert code == 2 and "undecodable must be 'warning' or 'error'" in err
