"""The command line's finish: help everywhere, the subcommand's own usage for an unknown
option, and shell completion scripts."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.cli import COMMANDS, build_parser, main
from glossary.cli_tools import SHELLS, completion_script


def _subcommands(parser: argparse.ArgumentParser) -> tuple[argparse._SubParsersAction, dict[str, str | None]]:
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return action, {c.dest: c.help for c in action._choices_actions}


def test_every_subcommand_and_argument_has_help() -> None:
    parser = build_parser()
    action, helps = _subcommands(parser)
    assert set(action.choices) == set(COMMANDS) == set(helps)
    missing = []
    for name, sub in action.choices.items():
        if not helps[name] or not sub.description:
            missing.append(f"{name}: no help or description")
        for a in sub._actions:
            if isinstance(a, argparse._HelpAction):
                continue
            if not a.help or a.help == argparse.SUPPRESS:
                missing.append(f"{name} {'/'.join(a.option_strings) or a.dest}: no help")
    for a in parser._actions:
        if not isinstance(a, argparse._HelpAction | argparse._SubParsersAction) and not a.help:
            missing.append(f"glossary {'/'.join(a.option_strings)}: no help")
    assert missing == []


@pytest.mark.parametrize("argv", [["check", "--bogus"], ["lookup", "CAND", "--bogus"], ["lookup", "a", "b"],
                                  ["stats", "--nope=1"], ["completion", "bash", "-x"]])
def test_unknown_argument_after_a_subcommand_shows_its_usage(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: glossary {argv[0]} "), err
    assert f"glossary {argv[0]}: error: unrecognized arguments: {argv[-1]}" in err


def test_unknown_argument_before_the_subcommand_is_the_top_level_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--bogus"]) == 2
    assert capsys.readouterr().err.startswith("usage: glossary [-h]")


@pytest.mark.parametrize("shell", SHELLS)
def test_completion_script_names_every_subcommand(shell: str) -> None:
    script = completion_script(shell, build_parser())
    for command in COMMANDS:
        assert command in script, (shell, command)
    flag = "-l write" if shell == "fish" else "--write"
    assert flag in script and "tone-style" in script and "main-vowel" in script


def test_completion_command_prints_the_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "fish"]) == 0
    assert capsys.readouterr().out == completion_script("fish", build_parser())


def _bash_complete(words: list[str], cwd: Path) -> list[str]:
    script = completion_script("bash", build_parser())
    line = " ".join(words)
    code = (f"{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; COMP_LINE='{line}'; "
            f"COMP_POINT={len(line)}; _shtab_glossary glossary '{words[-1]}' '{words[-2]}'; "
            'printf "%s\\n" "${COMPREPLY[@]}"')
    out = subprocess.run(["bash", "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60, check=True)
    return out.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_subcommands_options_choices_and_files(tmp_path: Path) -> None:
    (tmp_path / "terms.csv").write_text("term,replacement,kind\n", encoding="utf-8")
    assert _bash_complete(["glossary", "ch"], tmp_path) == ["check"]
    assert _bash_complete(["glossary", "check", "--wr"], tmp_path) == ["--write", "--write-changes"]
    assert _bash_complete(["glossary", "check", "--tone-style", "f"], tmp_path) == ["first-vowel"]
    assert _bash_complete(["glossary", "validate", "ter"], tmp_path) == ["terms.csv"]
    assert _bash_complete(["glossary", "completion", "z"], tmp_path) == ["zsh"]


@pytest.mark.parametrize(("shell", "check"), [("bash", ["-n"]), ("zsh", ["-n"]), ("fish", ["--no-execute"])])
def test_completion_script_is_valid_for_its_shell(shell: str, check: list[str], tmp_path: Path) -> None:
    exe = shutil.which(shell)
    if exe is None:
        pytest.skip(f"{shell} is not installed")
    path = tmp_path / f"glossary.{shell}"
    path.write_text(completion_script(shell, build_parser()), encoding="utf-8")
    got = subprocess.run([exe, *check, str(path)], capture_output=True, text=True, timeout=60)
    assert got.returncode == 0, got.stderr


def test_completion_from_the_installed_command() -> None:
    env = dict(os.environ)
    got = subprocess.run([sys.executable, "-m", "glossary", "completion", "zsh"], capture_output=True, text=True,
                         timeout=60, env=env)
    assert got.returncode == 0 and "#compdef glossary" in got.stdout, got.stderr
