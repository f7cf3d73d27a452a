"""codespell's settings on ``glossary check``: its options, its configuration files, and the
same findings as codespell itself on the same tree with its dictionary and flags."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.config import clear_cache

DICT = "dict.txt"
DICTIONARY = "acess->access\nteh->the\nrecieve->receive\nackward->awkward, backward,\nwich->which\n"


@pytest.fixture(autouse=True)
def _fresh_config_cache() -> None:
    clear_cache()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / DICT).write_text(DICTIONARY, encoding="utf-8")
    (tmp_path / "a.txt").write_text("one\nteh acess here\nthree\nfour\nackward wich\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _words(out: str) -> list[str]:
    return [line.split(": ", 1)[1] for line in out.splitlines() if " ==> " in line]


def test_dictionary_replaces_the_builtin_glossary_and_dash_names_it(
        tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "b.txt").write_text("nững teh\n", encoding="utf-8")
    only = ("--no-config", "--checks", "glossary")  # the dictionary's typos, no non-words
    assert _words(_run(capsys, *only, "-D", DICT, "b.txt")[1]) == ["teh ==> the"]
    assert _words(_run(capsys, *only, f"--dictionary=-,{DICT}", "b.txt")[1]) == ["nững ==> những", "teh ==> the"]
    assert _words(_run(capsys, *only, "-D", "-", "b.txt")[1]) == ["nững ==> những"]


def test_ignore_words_list_file_and_either(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ("--no-config", "-D", DICT, "a.txt")
    assert len(_words(_run(capsys, *base)[1])) == 4
    assert _words(_run(capsys, *base, "--ignore-words-list", "teh,acess")[1]) == \
        ["ackward ==> awkward, backward", "wich ==> which"]
    (tree / "ignore.txt").write_text("teh\n\nwich\n", encoding="utf-8")
    assert _words(_run(capsys, *base, "-I", "ignore.txt")[1]) == ["acess ==> access", "ackward ==> awkward, backward"]
    # codespell's --ignore-words FILE, and the older --ignore-words WORDS, told apart by the file
    assert _words(_run(capsys, *base, "--ignore-words", "ignore.txt")[1]) == \
        ["acess ==> access", "ackward ==> awkward, backward"]
    assert _words(_run(capsys, *base, "--ignore-words", "acess")[1])[0] == "teh ==> the"
    code, _, err = _run(capsys, *base, "-I", "missing.txt")
    assert code == 3 and "missing.txt" in err and "Traceback" not in err


def test_write_changes_count_context_and_skip(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--no-config", "-D", DICT, "-C", "1", "--count", "a.txt")
    assert code == 1 and err.splitlines()[-1] == "4"
    assert out.splitlines()[:4] == [": one", "> teh acess here", ": three", "a.txt:2:1: teh ==> the"]
    assert out.splitlines()[-3:] == [": four", "> ackward wich", "a.txt:5:9: wich ==> which"]
    code, out, _ = _run(capsys, "--no-config", "-D", DICT, "-B", "0", "-A", "1", "a.txt")
    assert out.splitlines()[:3] == ["> teh acess here", ": three", "a.txt:2:1: teh ==> the"]
    assert _run(capsys, "--no-config", "-D", DICT, "-C", "1", "-A", "1", "a.txt")[0] == 2
    assert _run(capsys, "--no-config", "-D", DICT, "-C", "1", "--format", "json", "a.txt")[0] == 2
    assert _run(capsys, "--no-config", "-D", DICT, "--skip", "*.txt", "--count", ".")[2].splitlines()[-1] == "0"
    code, _, _ = _run(capsys, "--no-config", "-D", DICT, "--write-changes", "a.txt")
    assert (tree / "a.txt").read_text(encoding="utf-8") == "one\nthe access here\nthree\nfour\nackward which\n"


def test_quiet_levels(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "blob.txt").write_bytes(b"\x00teh")
    (tree / "latin.txt").write_bytes(b"caf\xe9 teh\n")
    base = ("--no-config", "-D", DICT, "blob.txt", "latin.txt", "a.txt")
    code, out, err = _run(capsys, "-q", "3", *base)  # a level, not a path
    assert code == 1 and "warning" not in err and "checked" in err
    err = _run(capsys, "-q", "2", *base)[2]
    assert "binary" not in err and "not UTF-8" in err
    err = _run(capsys, "--quiet-level=1", *base)[2]
    assert "binary" in err and "not UTF-8" not in err
    code, out, err = _run(capsys, "-q", "a.txt", "-D", DICT, "--no-config")  # -q alone, then a path
    assert code == 1 and err == "" and len(_words(out)) == 4
    code, out, err = _run(capsys, "-q", "8", "--count", *base)  # only what --write fixes is reported
    assert code == 0 and out == "" and err.splitlines()[-1] == "0"
    assert _run(capsys, "-q", "-1", *base)[0] == 2


def test_codespell_config_applies_when_no_glossary_config(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / ".codespellrc").write_text(f"[codespell]\ndictionary = {DICT}\nignore-words-list = teh\n"
                                       "skip = *.md\nbuiltin = clear,rare\n", encoding="utf-8")
    (tree / "words.txt").write_text("wich\n", encoding="utf-8")
    (tree / "pyproject.toml").write_text('[tool.codespell]\nignore-words = "words.txt"\n'
                                         'ignore-regex = "\\\\bacess\\\\b"\n', encoding="utf-8")
    (tree / "sub").mkdir()
    (tree / "sub" / "c.md").write_text("teh\n", encoding="utf-8")
    code, out, _ = _run(capsys, "a.txt", "sub")
    assert code == 1 and _words(out) == ["ackward ==> awkward, backward"]
    code, out, _ = _run(capsys, "--print-config", "-L", "x", "a.txt")
    assert f"# from: {tree / 'pyproject.toml'} [tool.codespell], {tree / '.codespellrc'} [codespell]" in out
    assert (f'ignore-words = ["wich", "teh", "x"]  # ignore-words in {tree / "pyproject.toml"} [tool.codespell]; '
            f"ignore-words-list in {tree / '.codespellrc'} [codespell]; command line") in out
    assert f'exclude = ["*.md"]  # skip in {tree / ".codespellrc"} [codespell]' in out
    assert "builtin = false  # dictionary in" in out and 'checks = ["glossary", "non-words"]  # default' in out
    assert "# not used: builtin = 'clear,rare': codespell's built-in dictionaries are English" in out
    # a glossary configuration wins over codespell's
    (tree / ".glossary.toml").write_text(f'builtin = false\nglossaries = ["{DICT}"]\n', encoding="utf-8")
    clear_cache()
    assert len(_words(_run(capsys, "a.txt")[1])) == 4


def test_config_option_names_a_codespell_file_and_multiline_regex(
        tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "conf").mkdir()
    (tree / "conf" / ".codespellrc").write_text(f"[codespell]\ndictionary = ../{DICT}\nignore-words-list = wich\n",
                                                encoding="utf-8")
    code, out, _ = _run(capsys, "--config", "conf/.codespellrc", "a.txt")
    assert code == 1 and "wich" not in out and "teh ==> the" in out
    code, out, _ = _run(capsys, "--no-config", "-D", DICT, "--ignore-multiline-regex", r"acess here\n.*four", "a.txt")
    assert _words(out) == ["teh ==> the", "ackward ==> awkward, backward", "wich ==> which"]


def test_unknown_or_broken_codespell_config_is_an_error(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / ".codespellrc").write_text("[codespell]\nfrobnicate = 1\n", encoding="utf-8")
    code, _, err = _run(capsys, "a.txt")
    assert code == 2 and "unknown codespell setting 'frobnicate'" in err and ".codespellrc" in err
    (tree / ".codespellrc").write_text("[codespell\nskip = x\n", encoding="utf-8")
    clear_cache()
    code, _, err = _run(capsys, "a.txt")
    assert code == 2 and ".codespellrc" in err and "Traceback" not in err


# -- the same tree through codespell and through glossary check ----------------------------
_CODESPELL_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<before>\S+) ==> (?P<after>.+)$")
_GLOSSARY_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):\d+: (?P<before>\S+) ==> (?P<after>.+)$")


def _findings(out: str, pattern: re.Pattern[str]) -> list[tuple[str, int, str, str]]:
    got = []
    for line in out.splitlines():
        m = pattern.match(line)
        if m:
            got.append((m["path"].removeprefix("./"), int(m["line"]), m["before"], m["after"].rstrip(",").strip()))
    return sorted(got)


def _codespell_dictionary() -> str:
    codespell_lib = pytest.importorskip("codespell_lib", reason="codespell is not installed (the test extra has it)")
    path = Path(codespell_lib.__file__).parent / "data" / "dictionary.txt"
    assert path.is_file()
    return str(path)


def _make_tree(root: Path) -> None:
    (root / "src").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / ".hidden").mkdir()
    (root / "src" / "main.py").write_text(
        "# Teh function recieves a seperate value\n"
        "def f(x):\n"
        "    O_WRONLY = 1  # identifiers: O_WRONLY, ACESS_MASK stay\n"
        "    return x  # occured? It wasn't, re-use it\n"
        "s = 'teh'  # codespell:ignore teh\n"
        "TEH = \"THIER\"\n", encoding="utf-8")
    (root / "docs" / "guide.md").write_text(
        "A seperate guide, wich is ackward.\n"
        "Recieve alot of acess.\n"
        "Skipped line: teh teh teh\n"
        "`backticked acess` and adn\n", encoding="utf-8")
    (root / "docs" / "skip.log").write_text("teh recieve\n", encoding="utf-8")
    (root / ".hidden" / "h.txt").write_text("teh\n", encoding="utf-8")
    (root / "ignore.txt").write_text("alot\n", encoding="utf-8")
    (root / "lines.txt").write_text("Skipped line: teh teh teh\n", encoding="utf-8")


@pytest.mark.parametrize("flags", [
    [],
    ["-L", "adn,thier", "-S", "*.log,ignore.txt,lines.txt"],
    ["--ignore-words-list=adn", "-I", "ignore.txt", "-x", "lines.txt", "--skip=*.log", "--ignore-regex", "`[^`]*`"],
    ["-H", "-S", "lines.txt,ignore.txt"],
])
def test_same_findings_as_codespell(tmp_path: Path, flags: list[str]) -> None:
    dictionary = _codespell_dictionary()
    root = tmp_path / "tree"
    _make_tree(root)
    common = ["-D", dictionary, *flags, "--count", "."]
    ours = subprocess.run([sys.executable, "-m", "glossary", "check", *common], cwd=root, capture_output=True,
                          text=True, timeout=300)
    theirs = subprocess.run([sys.executable, "-m", "codespell_lib", *common], cwd=root, capture_output=True,
                            text=True, timeout=300)
    assert theirs.returncode in (0, 65), theirs.stderr
    expected = _findings(theirs.stdout, _CODESPELL_LINE)
    assert len(expected) >= 4, theirs.stdout  # the tree has something to find
    assert _findings(ours.stdout, _GLOSSARY_LINE) == expected, (ours.stdout, theirs.stdout)
    assert ours.stderr.splitlines()[-1] == theirs.stderr.splitlines()[-1] == str(len(expected))
    assert ours.returncode == (1 if expected else 0)


def test_same_fixes_as_codespell(tmp_path: Path) -> None:
    dictionary = _codespell_dictionary()
    for name in ("ours", "theirs"):
        _make_tree(tmp_path / name)
    flags = ["-D", dictionary, "-w", "-S", "lines.txt,ignore.txt", "."]
    subprocess.run([sys.executable, "-m", "glossary", "check", *flags], cwd=tmp_path / "ours",
                   capture_output=True, timeout=300)
    subprocess.run([sys.executable, "-m", "codespell_lib", *flags], cwd=tmp_path / "theirs",
                   capture_output=True, timeout=300)
    for path in sorted((tmp_path / "theirs").rglob("*")):
        if path.is_file():
            mine = tmp_path / "ours" / path.relative_to(tmp_path / "theirs")
            assert mine.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), path.name
    assert "the function" in (tmp_path / "ours" / "src" / "main.py").read_text(encoding="utf-8").lower()


def test_codespell_is_in_the_test_extra() -> None:
    import tomllib

    meta = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(dep.startswith("codespell") for dep in meta["project"]["optional-dependencies"]["test"])
