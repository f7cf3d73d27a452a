"""``glossary check``: reports, exit codes, byte-exact fixing, ignores, configuration.

Covers the cases of codespell's own CLI suite that apply, and the faults of today's
checkers (NFD splitting, Latin-1 and UTF-16 rewriting, read-only files, symlinks, URLs).
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import glossary
from glossary.cli import main
from glossary.config import clear_cache
from glossary.spell import apply_fixes

DATA = Path(__file__).resolve().parent / "data"
EN = str(DATA / "english.csv")


@pytest.fixture(autouse=True)
def _fresh_config_cache() -> None:
    clear_cache()


class Check:
    def __init__(self, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch) -> None:
        self.capsys = capsysbinary
        self.monkeypatch = monkeypatch

    def __call__(self, *args: str, stdin: bytes = b"", english: bool = True) -> tuple[int, str, str]:
        self.monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        argv = ["check", "--no-config", *args]
        if english:
            argv += ["--no-builtin", "-g", EN]
        code = main(argv)
        out, err = self.capsys.readouterr()
        return code, out.decode(), err.decode()

    def count(self, *args: str, **kw: object) -> int:
        code, out, _ = self(*args, **kw)  # type: ignore[arg-type]
        assert code in (0, 1), (code, out)
        return len([line for line in out.splitlines() if " ==> " in line])


@pytest.fixture
def check(capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch) -> Check:
    return Check(capsysbinary, monkeypatch)


def test_exit_codes_and_counts(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "f.txt"
    f.write_text("")
    assert check(str(f))[0] == 0  # empty file
    f.write_text("this is a test file\n")
    assert check(str(f))[0] == 0
    f.write_text("abandonned\n")
    assert check(str(f))[0] == 1
    f.write_text("abandonned\nabandonned donn\n")
    assert check.count(str(f)) == 3
    assert check(str(tmp_path / "nope"))[0] == 3  # a missing path is an error, never a silent 0
    assert check(str(f), str(tmp_path / "nope"))[0] == 3
    assert check("--frobnicate")[0] == 2


def test_report_format_and_summary(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "f.txt"
    f.write_text("x\n  abandonned ackward\n")
    _, out, err = check(str(f))
    assert out.splitlines() == [f"{f}:2:3: abandonned ==> abandoned", f"{f}:2:14: ackward ==> awkward, backward"]
    assert "2 finding(s) in 1 file(s)" in err
    assert check("-q", str(f))[2] == ""


def test_summary_counts_the_files_checked(check: Check, tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text("abandonned\n")
    (tmp_path / "good.txt").write_text("fine\n")
    (tmp_path / "more.md").write_text("also fine\n")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01abandonned")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 abandonned\n".encode("latin-1"))
    err = check(str(tmp_path))[2]
    assert err.splitlines()[-1] == "glossary check: 3 file(s) checked, 1 finding(s) in 1 file(s), 2 skipped"
    err = check(str(tmp_path / "good.txt"))[2]
    assert err.splitlines()[-1] == "glossary check: 1 file(s) checked, 0 finding(s) in 0 file(s)"


def test_case_is_carried_and_line_endings_kept(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(b"abandonned\nAbandonned\nABANDONNED\nAbAnDoNnEd\n"
                  b"abandonned\rAbandonned\r\nABANDONNED \n AbAnDoNnEd")
    assert check.count(str(tmp_path)) == 8
    code, _, err = check("-w", str(tmp_path))
    assert code == 1 and "8 fixed" in err
    assert f.read_bytes() == (b"abandoned\nAbandoned\nABANDONED\nabandoned\n"
                              b"abandoned\rAbandoned\r\nABANDONED \n abandoned")
    assert check(str(tmp_path))[0] == 0


def test_write_changes_only_reported_spans(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "f.md"
    original = ("Café  abandonned\u00a0x\tNFD: Vie\u0323\u0302t\n"
                "[link](http://example.com/abandonned) a@abandonned.org\n")
    f.write_text(original, encoding="utf-8")
    _, out, _ = check("-w", str(f))
    assert out.count("==>") == 1
    assert f.read_text(encoding="utf-8") == original.replace("Café  abandonned", "Café  abandoned")


def test_ambiguous_findings_are_reported_not_written(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "f.txt"
    f.write_text("ackward\n")
    code, out, _ = check("-w", str(f))
    assert code == 1 and "ackward ==> awkward, backward" in out
    assert f.read_text() == "ackward\n"


@pytest.mark.parametrize(
    ("name", "raw", "fixed"),
    [
        ("utf8-bom", "\ufeffabandonned\n".encode(), "\ufeffabandoned\n".encode()),
        ("no-final-newline", b"abandonned", b"abandoned"),
        ("crlf", b"a\r\nabandonned\r\n", b"a\r\nabandoned\r\n"),
        ("cr", b"a\rabandonned\r", b"a\rabandoned\r"),
        ("mixed", b"a\r\nb\nabandonned\r", b"a\r\nb\nabandoned\r"),
        ("utf16-le", "\ufeffabandonned\r\n".encode("utf-16-le"), "\ufeffabandoned\r\n".encode("utf-16-le")),
        ("utf16-be", "\ufeffé abandonned".encode("utf-16-be"), "\ufeffé abandoned".encode("utf-16-be")),
    ],
)
def test_encodings_and_endings_survive_write(check: Check, tmp_path: Path, name: str, raw: bytes, fixed: bytes) -> None:
    f = tmp_path / f"{name}.txt"
    f.write_bytes(raw)
    assert check("-w", str(f))[0] == 1
    assert f.read_bytes() == fixed


def test_latin1_file_is_skipped_and_never_written(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "latin.txt"
    raw = "café abandonned\n".encode("latin-1")
    f.write_bytes(raw)
    code, out, err = check("-w", str(f))
    assert (code, out) == (0, "") and "not UTF-8" in err
    assert f.read_bytes() == raw


def test_binary_files_are_skipped_even_when_named(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "blob.bin"
    f.write_bytes(b"\x00\x00abandonned\x00\x00")
    code, out, err = check("-w", str(f))
    assert (code, out) == (0, "") and "binary file" in err
    assert f.read_bytes() == b"\x00\x00abandonned\x00\x00"
    assert check(str(tmp_path))[2].count("binary") == 0  # found while walking: skipped quietly


def test_nfd_text_is_not_split_and_fixes_keep_its_form(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "nfd.txt"
    text = "Vie\u0323\u0302t Nam nu\u031b\u0303ng ngày\n"  # NFD Việt (fine) and NFD nững (a typo)
    f.write_text(text, encoding="utf-8")
    _, out, _ = check(str(f), english=False)
    assert out.splitlines() == [f"{f}:1:12: nu\u031b\u0303ng ==> nhu\u031b\u0303ng"]  # code points
    check("-w", str(f), english=False)
    assert f.read_text(encoding="utf-8") == "Vie\u0323\u0302t Nam nhu\u031b\u0303ng ngày\n"


def test_read_only_file_is_reported_and_run_continues(check: Check, tmp_path: Path) -> None:
    ro, rw = tmp_path / "a.txt", tmp_path / "b.txt"
    ro.write_text("abandonned\n")
    rw.write_text("abandonned\n")
    ro.chmod(0o444)  # no write bit for anyone: read-only even for root, who could write it
    try:
        code, _, err = check("-w", str(tmp_path))
        assert code == 3 and "not writable" in err
        assert ro.read_text() == "abandonned\n"
        assert rw.read_text() == "abandoned\n"
    finally:
        ro.chmod(0o644)


def test_mode_bits_are_kept(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "script.sh"
    f.write_text("echo abandonned\n")
    f.chmod(0o751)
    check("-w", str(f))
    assert stat.S_IMODE(f.stat().st_mode) == 0o751
    assert f.read_text() == "echo abandoned\n"


def test_hard_links_and_extended_attributes_are_kept(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("abandonned\n")
    other = tmp_path / "b.txt"
    other.hardlink_to(f)
    check("-w", str(f))
    assert other.read_text() == "abandoned\n" and f.stat().st_ino == other.stat().st_ino
    g = tmp_path / "c.txt"
    g.write_text("abandonned\n")
    try:
        os.setxattr(g, "user.glossary-test", b"kept")
    except (AttributeError, OSError):
        pytest.skip("this file system has no user extended attributes")
    check("-w", str(g))
    assert g.read_text() == "abandoned\n" and os.getxattr(g, "user.glossary-test") == b"kept"


def test_names_that_are_not_utf8_are_shown_escaped(tmp_path: Path) -> None:
    if sys.platform == "darwin":
        pytest.skip("the file system only takes UTF-8 names")
    name = os.fsdecode(b"n\xffame.txt")
    (tmp_path / name).write_text("abandonned\n")
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict")
    for fmt, shown in (("text", "n\\xffame.txt:1:1: abandonned"), ("json", '"path": "n\\\\xffame.txt"'),
                       ("sarif", '"uri": "n%FFame.txt"')):
        proc = subprocess.run(
            [sys.executable, "-m", "glossary", "check", "--no-config", "--no-builtin", "-g", EN, "--format", fmt,
             name], cwd=tmp_path, env=env, capture_output=True, timeout=60,
        )
        assert proc.returncode == 1, proc.stderr
        assert shown in proc.stdout.decode(), proc.stdout


def test_symlinks(check: Check, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    target = tmp_path / "outside.txt"
    target.write_text("abandonned\n")
    link = tree / "link.txt"
    link.symlink_to(target)
    (tree / "dirlink").symlink_to(tmp_path)
    assert check(str(tree))[0] == 0  # walking does not follow symlinks
    assert check.count(str(link)) == 1  # a symlink named explicitly is checked
    check("-w", str(link))
    assert link.is_symlink() and target.read_text() == "abandoned\n"


def test_hidden_files(check: Check, tmp_path: Path) -> None:
    (tmp_path / ".hidden.txt").write_text("abandonned\n")
    (tmp_path / ".dir").mkdir()
    (tmp_path / ".dir" / "x.txt").write_text("abandonned\n")
    assert check(str(tmp_path))[0] == 0
    assert check.count("--check-hidden", str(tmp_path)) == 2
    assert check.count(str(tmp_path / ".hidden.txt")) == 1  # named explicitly


def test_stdin(check: Check) -> None:
    code, out, _ = check("-", stdin=b"ok\nabandonned\n")
    assert (code, out) == (1, "-:2:1: abandonned ==> abandoned\n")
    assert check("-w", "-", stdin=b"abandonned")[0] == 2


@pytest.mark.parametrize(
    ("ignore", "expected"),
    [("abandonned", 0), ("Abandonned", 2), ("ABANDONNED,abandonned", 0), ("other", 3)],
)
def test_ignore_words_case_rules(check: Check, tmp_path: Path, ignore: str, expected: int) -> None:
    f = tmp_path / "f.txt"
    f.write_text("abandonned Abandonned ABANDONNED\n")
    assert check.count("-L", ignore, str(f)) == expected


def test_ignore_regex(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "f.txt"
    f.write_text("abandonned donn\n")
    assert check.count(str(f)) == 2
    assert check.count("--ignore-regex", "donn", str(f)) == 0
    assert check.count("--ignore-regex", r"\bdonn\b", str(f)) == 1
    assert check("--ignore-regex", "(", str(f))[0] == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abandonned  # glossary: ignore\n", 0),
        ("abandonned donn  # glossary: ignore donn\n", 1),
        ("abandonned donn  # glossary: ignore donn, abandonned\n", 0),
        ("# glossary: ignore-next-line\nabandonned\nabandonned\n", 1),
        ("a\n# glossary: off\nabandonned\ndonn\n# glossary: on\ndonn\n", 1),
        ("# glossary: off\nabandonned\n", 0),
        ("abandonned  # codespell:ignore\n", 0),
        ("abandonned donn  # codespell:ignore donn\n", 1),
        ("# codespell:ignore-next-line\nabandonned\n", 0),
        ("# glossary: ignore-next-line donn\ndonn abandonned\n", 1),  # the list is not a finding itself
        ("abandonned <!-- glossary: ignore abandonned -->\n", 0),
    ],
)
def test_inline_ignores(check: Check, tmp_path: Path, text: str, expected: int) -> None:
    f = tmp_path / "f.txt"
    f.write_text(text)
    assert check.count(str(f)) == expected


def test_fixing_keeps_the_words_of_an_ignore_next_line_pragma(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "f.txt"
    f.write_text("# glossary: ignore-next-line donn\ndonn\n")
    assert check("-w", str(f))[0] == 0 and f.read_text() == "# glossary: ignore-next-line donn\ndonn\n"


def test_exclude_globs(check: Check, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("this file is okay")
    bad.write_text("abandonned")
    sub = tmp_path / "ignoredir"
    sub.mkdir()
    (sub / "bad.txt").write_text("abandonned")
    assert check.count(str(tmp_path)) == 2
    assert check.count("--skip=bad*", str(tmp_path)) == 0
    assert check.count("--skip=ignoredir", str(tmp_path)) == 1
    assert check.count("--skip=*ignoredir*", str(tmp_path)) == 1
    js = tmp_path / "bad.js"
    js.write_text("abandonned")
    assert check.count("--skip=*.js", str(good), str(bad), str(js)) == 1  # applies to named files too


def test_excluded_directories_are_not_walked(tmp_path: Path) -> None:
    from glossary.checking import iter_files

    deep = tmp_path / "node_modules" / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "x.txt").write_text("x")
    (tmp_path / "keep.txt").write_text("x")
    asked: list[str] = []

    def skip(d: str) -> bool:
        asked.append(os.path.relpath(d, tmp_path))
        return d.endswith("node_modules")

    assert list(iter_files(str(tmp_path), False, skip)) == [str(tmp_path / "keep.txt")]
    assert asked == ["node_modules"]  # nothing below it was visited


def test_urls_and_emails_are_left_alone(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "f.txt"
    f.write_text("see http://example.com/abandonned, https://abandonned.org/x?q=donn and a@abandonned.com\n")
    assert check.count(str(f)) == 0
    f.write_text("abandonned http://example.com/abandonned\n")
    check("-w", str(f))
    assert f.read_text() == "abandoned http://example.com/abandonned\n"


def test_json_and_sarif(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "f.txt"
    f.write_text("é\nxx abandonned\n", encoding="utf-8")
    _, out, _ = check("--format", "json", str(f))
    [obj] = [json.loads(line) for line in out.splitlines()]
    assert obj == {
        "path": str(f), "line": 2, "column": 4, "end_line": 2, "end_column": 14, "offset": 5, "byte_offset": 6,
        "before": "abandonned", "suggestions": ["abandoned"], "kind": "typo", "rule": "abandonned",
        "fixable": True, "fixed": False,
    }
    _, out, _ = check("--format", "sarif", str(f))
    doc = json.loads(out)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    [res] = run["results"]
    assert res["locations"][0]["physicalLocation"]["region"]["startColumn"] == 4
    assert res["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "abandoned"


def test_diff_previews_without_writing(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "f.txt"
    f.write_text("abandonned\n")
    code, out, _ = check("--diff", str(f))
    assert code == 1 and "-abandonned\n+abandoned\n" in out
    assert f.read_text() == "abandonned\n"


def test_jobs_give_the_same_report(check: Check, tmp_path: Path) -> None:
    for i in range(12):
        (tmp_path / f"f{i:02}.txt").write_text("ok abandonned\n" * (i % 3))
    one = check(str(tmp_path))
    two = check("-j", "2", str(tmp_path))
    assert one == two and one[1].count("==>") == 12


def test_configuration_discovery_and_precedence(check: Check, tmp_path: Path) -> None:
    proj = tmp_path / "proj"
    (proj / "sub").mkdir(parents=True)
    (proj / "sub" / "f.txt").write_text("abandonned donn\n")
    (proj / "pyproject.toml").write_text('[tool.glossary]\nbuiltin = false\nglossaries = ["../english.csv"]\n')
    (tmp_path / "english.csv").write_bytes(Path(EN).read_bytes())
    args = ("check", str(proj / "sub" / "f.txt"))
    assert main([*args]) == 1
    check.capsys.readouterr()
    (proj / "sub" / ".glossary.toml").write_text('builtin = false\nglossaries = ["../../english.csv"]\n'
                                                 'ignore-words = ["donn"]\n')
    clear_cache()
    assert main([*args, "--format", "json"]) == 1
    out = check.capsys.readouterr()[0].decode()
    assert [json.loads(x)["before"] for x in out.splitlines()] == ["abandonned"]
    clear_cache()
    assert main(["check", "--print-config", str(proj / "sub" / "f.txt")]) == 0
    printed = check.capsys.readouterr()[0].decode()
    assert 'ignore-words = ["donn"]' in printed and str(proj / "sub" / ".glossary.toml") in printed
    assert main([*args, "-L", "abandonned"]) == 0  # the command line extends the file's lists
    check.capsys.readouterr()
    (proj / "sub" / ".glossary.toml").write_text('[tool.glossary]\nbuiltin = false\n'
                                                 'glossaries = ["../../english.csv"]\nignore-words = ["donn"]\n')
    clear_cache()  # the pyproject.toml table, copied as it stands, works in .glossary.toml too
    assert main([*args, "--format", "json"]) == 1
    assert [json.loads(x)["before"] for x in check.capsys.readouterr()[0].decode().splitlines()] == ["abandonned"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("frob = 1\n", "unknown key 'frob'"),
        ("ignore-words = 'x'\n", "ignore-words must be a list of strings"),
        ("tone-style = 'x'\n", "tone-style must be"),
        ("checks = ['spelling']\n", "unknown check 'spelling'"),
        ("ignore-regex = ['(']\n", "not a valid regular expression"),
        ("[[x\n", "invalid TOML"),
    ],
)
def test_bad_configuration_exits_2_naming_the_problem(
    check: Check, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], content: str, message: str
) -> None:
    (tmp_path / ".glossary.toml").write_text(content)
    (tmp_path / "f.txt").write_text("x\n")
    assert main(["check", str(tmp_path / "f.txt")]) == 2
    err = capsysbinary.readouterr()[1].decode()
    assert message in err and ".glossary.toml" in err


def test_bad_glossary_exits_2(check: Check, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("term,replacement,kind\na,b,typpo\n")
    (tmp_path / "f.txt").write_text("x\n")
    code, _, err = check("-g", str(bad), str(tmp_path / "f.txt"))
    assert code == 2 and f"{bad}:2" in err


def test_tone_style_findings(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "f.txt"
    f.write_text("hòa bình và hoà\n", encoding="utf-8")
    _, out, _ = check("--tone-style", "main-vowel", str(f), english=False)
    assert out.splitlines() == [f"{f}:1:1: hòa ==> hoà"]


def test_words_joined_by_underscore_apostrophe_or_hyphen_are_one_token(check: Check, tmp_path: Path) -> None:
    f = tmp_path / "f.py"
    f.write_text("O_ABANDONNED = abandonned_x + abandonned's + re-abandonned + _abandonned\n"
                 "print('\\nabandonned') # 'abandonned'\n")
    _, out, _ = check(str(f))
    assert out.splitlines() == [f"{f}:2:26: abandonned ==> abandoned"]  # the quoted one only


@pytest.mark.parametrize(("text", "before", "fixed"), [
    ("=MONTHS(Ngaỳ_đầu; Ngày_cuối)", "Ngaỳ", "=MONTHS(Ngày_đầu; Ngày_cuối)"),  # an argument name
    ("=MONTHS(Ngày_đầu; Ngày_cúôi)", "cúôi", "=MONTHS(Ngày_đầu; Ngày_cuối)"),
    ("Nhấn-phaỉ vào đối tượng.", "phaỉ", "Nhấn-phải vào đối tượng."),
    ("Nhấn\u2010phaỉ vào đối tượng.", "phaỉ", "Nhấn\u2010phải vào đối tượng."),  # a Unicode hyphen ties nothing
    ("đầu_" * 12 + "phaỉ", "phaỉ", "đầu_" * 12 + "phải"),  # twelve joiners: a run still
])
def test_a_glossary_typo_among_syllables_strung_together_is_reported(text: str, before: str, fixed: str) -> None:
    [f] = glossary.check_text(text)
    assert (f.before, f.kind) == (before, "typo") and apply_fixes(text, [f]) == fixed
    nfd = unicodedata.normalize("NFD", text)  # as macOS writes it
    [f] = glossary.check_text(nfd)
    assert f.before == unicodedata.normalize("NFD", before) and nfd[f.start : f.end] == f.before


@pytest.mark.parametrize("text", [
    "tmp_phaỉ = 1",  # a piece that is no syllable: an identifier
    "không-phaỉ-FORTEZZA",
    "@Ngaỳ_đầu",  # a handle
    "Ngaỳ_đầu2 = 1",  # a digit at the run's end
    "$Ngaỳ_đầu = 1",  # a variable
    "d'Ngaỳ_đầu",  # tied to more letters by an apostrophe
    "Ngaỳ_đầu's",
    'printf("\\taỉ_làm")',  # the letters after a string escape
    "đầu_" * 13 + "phaỉ",  # more joiners than a run of words has
    "O_WRONLY_đầu_phaỉ",
])
def test_a_glossary_typo_inside_an_identifier_is_not_reported(text: str) -> None:
    assert glossary.check_text(text) == []


@pytest.mark.parametrize(("text", "before", "fixed"), [
    ("Đây là nữ\u00adng tệp", "nữ\u00adng", "Đây là những tệp"),  # a soft hyphen inside a typo key
    ("Lực lượng CA\u00adBD đã đến", "CA\u00adBD", "Lực lượng CAND đã đến"),
    ("Đây là n\u2060ững tệp", "n\u2060ững", "Đây là những tệp"),  # a word joiner
    ("\ufeffĐây là nững tệp", "nững", "\ufeffĐây là những tệp"),  # a byte-order mark before the text
])
def test_what_shows_nothing_does_not_hide_a_glossary_key(text: str, before: str, fixed: str) -> None:
    [f] = glossary.check_text(text)
    assert (f.before, f.kind, f.fixable) == (before, "typo", True) and text[f.start : f.end] == before
    assert apply_fixes(text, [f]) == fixed
