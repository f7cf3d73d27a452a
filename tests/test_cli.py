"""The command line, in-process (main(argv) -> int), plus subprocess smoke tests."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from glossary import cli
from glossary.cli import main

from .conftest import default_sigint

SEED_LINE = "lực lượng CABD, nững biểu hiện, hiêu quả\n"


class Run:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
        self.monkeypatch = monkeypatch
        self.capsys = capsysbinary

    def __call__(self, *argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
        self.monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = main(list(argv))
        out, err = self.capsys.readouterr()
        return code, out.decode("utf-8", "surrogateescape"), err.decode("utf-8")


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]) -> Run:
    return Run(monkeypatch, capsysbinary)


def test_normalize_stdin_with_builtin_glossary(run: Run) -> None:
    assert run("normalize", stdin=SEED_LINE.encode()) == (0, "lực lượng CAND, những biểu hiện, hiệu quả\n", "")


def test_normalize_files_in_order(run: Run, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("nững\n", encoding="utf-8")
    b.write_bytes("hiêu".encode())  # no final newline
    assert run("normalize", str(a), str(b)) == (0, "những\nhiệu", "")


def test_normalize_keeps_crlf_bom_and_missing_newline(run: Run) -> None:
    data = "\ufeffnững\r\nhiêu\rx".encode()
    assert run("normalize", stdin=data)[1] == "\ufeffnhững\r\nhiệu\rx"


def test_tone_style_option(run: Run) -> None:
    assert run("normalize", "--tone-style", "main-vowel", stdin="hòa bình\n".encode())[1] == "hoà bình\n"


def test_expand_styles_and_domains(run: Run) -> None:
    assert run("expand", stdin=b"CAND\n")[1] == "Công an nhân dân\n"
    assert run("expand", "--style", "annotate", stdin=b"CAND\n")[1] == "CAND (Công an nhân dân)\n"
    assert run("expand", "--style", "first", stdin=b"CAND CAND\n")[1] == "Công an nhân dân (CAND) CAND\n"
    assert run("expand", stdin="QĐ 1\n".encode())[1] == "QĐ 1\n"
    assert run("expand", "--domain", "admin", stdin="QĐ 1\n".encode())[1] == "quyết định 1\n"


def test_expand_learn(run: Run) -> None:
    text = "Hội đồng nhân dân (HĐND) các cấp. HĐND họp.\n".encode()
    assert run("expand", "--no-builtin", stdin=text)[1] == text.decode()
    assert run("expand", "--no-builtin", "--learn", stdin=text)[1] == (
        "Hội đồng nhân dân (HĐND) các cấp. Hội đồng nhân dân họp.\n"
    )


def test_expand_learn_and_first_hold_for_the_whole_file(run: Run, tmp_path: Path) -> None:
    f = tmp_path / "long.txt"  # far longer than one read: the definition and the last line are chunks apart
    f.write_text("Quỹ Hỗ trợ Nông dân (QHTND).\n" + "Lực lượng CAND bảo vệ an ninh.\n" * 5000 + "QHTND, CAND.\n",
                 encoding="utf-8")
    last = {(): "QHTND, Công an nhân dân.", ("--learn",): "Quỹ Hỗ trợ Nông dân, Công an nhân dân.",
            ("--style", "first"): "QHTND, CAND.", ("--learn", "--style", "first"): "QHTND, CAND."}
    for options, expected in last.items():
        code, out, _ = run("expand", *options, str(f))
        assert code == 0 and out.splitlines()[-1] == expected, options
    code, _, err = run("expand", "--learn", "-j", "2", str(f))
    assert code == 2 and "--jobs 1" in err


def test_mine_csv_json_and_confidence(run: Run, tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("Tổ chức Abc Xyz Quốc tế (AXQT) và Tổ chức Y tế Thế giới (WHO).\n", encoding="utf-8")
    code, out, err = run("mine", str(doc))
    assert code == 0 and out.splitlines()[0] == "term,replacement,kind,domain,note,source"
    assert [line.split(",")[:3] for line in out.splitlines()[1:]] == [["AXQT", "Abc Xyz Quốc tế", "abbreviation"]]
    assert str(doc) in out and "1 abbreviation(s)" in err
    code, out, _ = run("mine", "--min-confidence", "0", "--format", "json", str(doc))
    assert sorted(json.loads(line)["term"] for line in out.splitlines()) == ["AXQT", "WHO"]
    assert run("mine", "--min-confidence", "2", str(doc))[0] == 2
    mined = tmp_path / "mined.csv"
    mined.write_text(run("mine", str(doc))[1], encoding="utf-8")
    assert run("validate", str(mined))[0] == 0  # rows are ready to merge


def test_find_text_and_json(run: Run) -> None:
    code, out, _ = run("find", stdin="x\n😀 CAND nững\n".encode())
    assert code == 0
    assert out.splitlines() == [
        "<stdin>:2:3: CAND ==> Công an nhân dân [abbreviation]",
        "<stdin>:2:8: nững ==> những [typo]",
    ]
    code, out, _ = run("find", "--format", "json", stdin="x\n😀 CAND\n".encode())
    [obj] = [json.loads(line) for line in out.splitlines()]
    assert (obj["line"], obj["column"], obj["end_column"], obj["offset"], obj["surface"]) == (2, 3, 7, 4, "CAND")
    assert obj["senses"][0]["domain"] == "security"


def test_find_kind_filter(run: Run) -> None:
    out = run("find", "--kind", "typo", stdin="CAND nững\n".encode())[1]
    assert out == "<stdin>:1:6: nững ==> những [typo]\n"


def test_lookup(run: Run) -> None:
    code, out, _ = run("lookup", "XDLL")
    assert code == 0 and out.startswith("XDLL\tabbreviation\txây dựng lực lượng")
    code, out, err = run("lookup", "KHÔNGCÓ")
    assert (code, out) == (1, "") and "not in the glossary" in err
    code, out, _ = run("lookup", "--format", "json", "cand")
    assert json.loads(out)["term"] == "CAND"


def test_user_glossary_alone_and_layered(run: Run, tmp_path: Path) -> None:
    user = tmp_path / "u.csv"
    user.write_text("term,replacement,kind\nnững,NHỮNG_USER,typo\n", encoding="utf-8")
    assert run("normalize", "-g", str(user), stdin="nững hiêu\n".encode())[1] == "NHỮNG_USER hiệu\n"
    assert run("normalize", "-g", str(user), "--no-builtin", stdin="nững hiêu\n".encode())[1] == "NHỮNG_USER hiêu\n"


def test_problems_of_a_layered_glossary_name_the_users_file_and_line(run: Run, tmp_path: Path) -> None:
    user = tmp_path / "u.csv"
    user.write_text("term,replacement,kind\nabcd,efgh,typo\nabcx,hiêu,typo\n", encoding="utf-8")  # hiêu: built-in typo
    code, out, err = run("normalize", "-g", str(user), stdin=b"x\n")
    assert (code, out) == (2, "") and err.startswith(f"glossary: {user}:3: error: 'abcx' -> 'hiêu'")
    code, out, _ = run("validate", str(user))  # validate sees it coming
    assert code == 2 and out.startswith(f"{user}:3: error: 'abcx' -> 'hiêu', but 'hiêu' is itself a typo key (")
    assert run("validate", "--no-builtin", str(user))[:2] == (0, "")
    assert run("normalize", "--no-builtin", "-g", str(user), stdin=b"abcx\n")[:2] == (0, "hiêu\n")


def test_help_says_how_glossaries_layer(run: Run) -> None:
    code, out, _ = run("normalize", "--help")
    assert code == 0 and "layered over the built-in one" in " ".join(out.split())


def test_validate_ok_and_bad(run: Run, tmp_path: Path, terms_path: Path) -> None:
    code, out, err = run("validate", str(terms_path))
    assert (code, out) == (0, "") and "ok, 25 rows" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("term,replacement,kind\na,b,typpo\n,c,typo\n", encoding="utf-8")
    code, out, err = run("validate", str(bad))
    assert code == 2
    assert out.splitlines() == [
        f"{bad}:2: error: unknown kind 'typpo' (valid: abbreviation, typo, variant, term); did you mean 'typo'?",
        f"{bad}:3: error: empty required field 'term'",
    ]
    assert "2 error(s)" in err and "Traceback" not in err


def test_bad_glossary_in_other_commands_exits_2(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("term,replacement,kind\na,b,typpo\n", encoding="utf-8")
    code, out, err = run("normalize", "-g", str(bad), stdin=b"x\n")
    assert (code, out) == (2, "") and f"{bad}:2" in err


def test_build_then_use_compiled(run: Run, tmp_path: Path, terms_path: Path) -> None:
    out_path = tmp_path / "t.glossary"
    code, _, err = run("build", str(terms_path), "-o", str(out_path))
    assert code == 0 and "25 rows" in err
    assert run("normalize", "--no-builtin", "-g", str(out_path), stdin="nững\n".encode())[1] == "những\n"
    assert run("validate", str(out_path))[0] == 0
    data = bytearray(out_path.read_bytes())
    data[-3] ^= 0xFF
    out_path.write_bytes(bytes(data))
    code, _, err = run("validate", str(out_path))
    assert code == 2 and "checksum" in err + run("validate", str(out_path))[1]


def test_missing_and_directory_inputs_exit_3(run: Run, tmp_path: Path) -> None:
    code, out, err = run("normalize", str(tmp_path / "nope.txt"))
    assert (code, out) == (3, "") and "no such file" in err
    code, _, err = run("find", str(tmp_path))
    assert code == 3 and "is a directory" in err
    code, _, err = run("normalize", "-g", str(tmp_path / "nope.csv"), stdin=b"x")
    assert code == 3 and "nope.csv" in err


def test_missing_file_fails_before_any_output(run: Run, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("nững\n", encoding="utf-8")
    code, out, _ = run("normalize", str(good), str(tmp_path / "missing.txt"))
    assert (code, out) == (3, "")


def test_invalid_utf8_names_file_line_and_offset(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\nab\xffc\n")
    code, out, err = run("normalize", str(bad))
    assert (code, out) == (4, "")
    assert f"{bad}:2: not valid UTF-8: byte 0xff at byte offset 5" in err


def test_keep_invalid_passes_bytes_through(run: Run) -> None:
    code, out, _ = run("normalize", "--keep-invalid", stdin=b"ab\xffc n\xe1\xbb\xafng\n\xfe")
    assert code == 0
    assert out.encode("utf-8", "surrogateescape") == "ab\udcffc những\n\udcfe".encode("utf-8", "surrogateescape")


def test_usage_errors_exit_2(run: Run) -> None:
    assert run("frobnicate")[0] == 2
    assert run()[0] == 2
    assert run("expand", "--style", "bold")[0] == 2
    assert run("--version")[0] == 0


def test_ctrl_c_exits_130_quietly(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(args: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_glossary", interrupted)
    assert run("normalize", stdin=b"x") == (130, "", "")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def test_subprocess_smoke() -> None:
    proc = subprocess.run([sys.executable, "-m", "glossary", "normalize"], input=SEED_LINE.encode(),
                          capture_output=True, env=_env(), timeout=60)
    expected = "lực lượng CAND, những biểu hiện, hiệu quả\n"
    assert (proc.returncode, proc.stdout.decode(), proc.stderr) == (0, expected, b"")


def test_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("CAND nững\n" * 200_000, encoding="utf-8")
    cmd = f"{sys.executable!s} -m glossary find {big!s} | head -n 1"
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, env=_env(), timeout=120)
    assert proc.stdout.decode().startswith(f"{big}:1:1: CAND")
    assert proc.stderr == b""
    assert proc.returncode == 141


def test_negative_jobs_are_a_usage_error(run: Run, tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("nững\n", encoding="utf-8")
    for command in ("normalize", "expand", "check"):
        code, out, err = run(command, "-j", "-1", str(f))
        assert (code, out) == (2, "") and "negative" in err and "Traceback" not in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", ["normalize", "find", "check", "stats"])
def test_a_full_disk_on_output_exits_3(tmp_path: Path, command: str) -> None:
    f = tmp_path / "a.txt"
    f.write_text(SEED_LINE * 100, encoding="utf-8")
    argv = [sys.executable, "-m", "glossary", command] + ([] if command == "stats" else [str(f)])
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, env=_env(), timeout=60)
    assert proc.returncode == 3
    assert proc.stderr.decode().startswith("glossary: error: writing the output: "), proc.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT are POSIX")
def test_ctrl_c_stops_worker_processes(tmp_path: Path) -> None:
    import signal
    import time

    big = tmp_path / "big.txt"
    big.write_text(SEED_LINE * 400_000, encoding="utf-8")
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-m", "glossary", "normalize", "-j", "2", "--no-progress",
                                 str(big), str(big), str(big)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=_env(), start_new_session=True, preexec_fn=default_sigint)
        time.sleep(1.0)  # workers are started and busy
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("glossary did not exit after Ctrl-C")
        assert proc.returncode == 130 and err == b"", err.decode()


def test_find_and_check_count_lines_alike_whatever_the_line_ends(run: Run, tmp_path: Path) -> None:
    f = tmp_path / "mixed.txt"
    f.write_bytes("a\rb nững\r\nc\nd CABD\r".encode())
    code, out, _ = run("find", str(f))
    assert code == 0 and [line.split(": ")[0] for line in out.splitlines()] == [f"{f}:2:3", f"{f}:4:3"]
    code, out, _ = run("check", "--no-config", str(f))
    assert code == 1 and [line.split(": ")[0] for line in out.splitlines()] == [f"{f}:2:3", f"{f}:4:3"]
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"a\rb\r\nc\xff\n")
    assert f"{bad}:3: not valid UTF-8" in run("normalize", str(bad))[2]


def test_options_that_do_nothing_are_not_accepted(run: Run, tmp_path: Path) -> None:
    for command in ("find", "mine"):
        assert run(command, "-j", "2", "-")[0] == 2
        assert run(command, "--no-progress", "-")[0] == 2


def test_a_finished_run_sets_its_objects_aside_from_the_last_collection() -> None:
    # the interpreter's last cyclic collection would walk every table and cache a run kept,
    # only for the process's end to free them: finish() freezes them first, and still exits
    # with the run's code after atexit handlers (what a pool or a flush registers) have run
    script = ("import atexit, gc; from glossary.cli_base import finish; "
              "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0)); finish(3)")
    got = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (got.returncode, got.stdout) == (3, "frozen True\n")
