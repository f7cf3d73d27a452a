"""Checking as a library: ``glossary.check_text`` and ``glossary.check_paths`` give what
``glossary check`` prints, because the command is only their arguments and their printing."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import glossary
from glossary.cli import main
from glossary.config import Overrides, Resolver, clear_cache
from glossary.report import write_findings

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _fresh_config_cache() -> None:
    clear_cache()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("lực lượng CABD, nững biểu hiện\nmôt ngày\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("hiêu quả, sử lý vi phạm\n", encoding="utf-8")
    (tmp_path / "sub" / "c.txt").write_text("sạch sẽ\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.glossary]\nignore-words = ["môt"]\n', encoding="utf-8")
    return tmp_path


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


def _library(paths: list[str], fmt: str, **kw: object) -> str:
    out = io.StringIO()
    findings = [f for r in glossary.check_paths(paths, **kw) for f in r.findings]  # type: ignore[arg-type]
    write_findings(out, findings, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_check_paths_gives_what_the_cli_prints(
    capsys: pytest.CaptureFixture[str], tree: Path, fmt: str, jobs: int
) -> None:
    code, printed = _cli(capsys, "--format", fmt, "-j", str(jobs), str(tree))
    assert code == 1 and printed
    assert _library([str(tree)], fmt, jobs=jobs) == printed
    if fmt == "text":  # the tree's configuration file applied: its ignored word is not reported
        assert "môt" not in printed and "nững ==> những" in printed and "sử lý ==> xử lý" in printed


def test_options_given_as_overrides(capsys: pytest.CaptureFixture[str], tree: Path) -> None:
    _, printed = _cli(capsys, "--no-config", "-L", "nững", "--checks", "glossary", str(tree))
    resolver = Resolver(use_config=False, overrides=Overrides(ignore_words=("nững",), checks=("glossary",)))
    assert _library([str(tree)], "text", settings=resolver) == printed
    assert "môt" not in printed and "nững" not in printed and "CABD ==> CAND" in printed


def test_check_text_is_the_checker_on_a_string(capsys: pytest.CaptureFixture[str], tree: Path) -> None:
    text = (tree / "a.txt").read_text(encoding="utf-8")
    found = glossary.check_text(text)
    assert [(f.before, f.suggestions[0], f.kind) for f in found] == [
        ("CABD", "CAND", "typo"), ("nững", "những", "typo"), ("môt", "một", "non-word")]
    assert all(text[f.start : f.end] == f.before for f in found)
    _, printed = _cli(capsys, "--no-config", "--format", "json", str(tree / "a.txt"))
    objects = [json.loads(line) for line in printed.splitlines()]
    assert [(f.start, f.before) for f in found] == [(o["offset"], o["before"]) for o in objects]


def test_settings_for_finds_the_nearest_configuration(tree: Path) -> None:
    s = glossary.settings_for(str(tree / "sub" / "b.md"))
    assert s.ignore_words == ("môt",) and s.source == str(tree / "pyproject.toml")
    assert glossary.check_text("môt ngày", settings=s) == []
    assert glossary.settings_for(str(tree.parent)) == glossary.CheckSettings()


def test_one_settings_value_for_every_file(tree: Path) -> None:
    only_glossary = glossary.CheckSettings(checks=("glossary",))
    reports = list(glossary.check_paths([str(tree)], settings=only_glossary))
    assert [Path(r.path).name for r in reports] == ["a.txt", "pyproject.toml", "b.md", "c.txt"]
    assert [f.before for r in reports for f in r.findings] == ["CABD", "nững", "hiêu", "sử lý"]


def test_missing_paths_and_write(tree: Path) -> None:
    reports = list(glossary.check_paths([str(tree / "nope"), str(tree / "sub" / "b.md")], write=True))
    assert reports[0].error is not None and "no such file" in reports[0].error
    assert reports[1].fixed == 2
    assert (tree / "sub" / "b.md").read_text(encoding="utf-8") == "hiệu quả, xử lý vi phạm\n"


def test_bad_input_types_and_stdin_write(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(glossary.GlossaryTypeError):
        glossary.check_text(b"bytes")  # type: ignore[arg-type]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"n\xe1\xbb\xafng\n")))
    with pytest.raises(glossary.GlossaryError, match="standard input"):
        list(glossary.check_paths(["-"], write=True))
