"""Walking directories for ``glossary check``: only regular files, walk errors reported,
and what git ignores skipped."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.config import clear_cache

DATA = Path(__file__).resolve().parent / "data"
EN = str(DATA / "english.csv")
TYPO = "abandonned\n"


@pytest.fixture(autouse=True)
def _fresh_config_cache() -> None:
    clear_cache()


def _check(*args: str) -> int:
    return main(["check", "--no-config", "--no-builtin", "-g", EN, *args])


def _found(capsys: pytest.CaptureFixture[str], top: Path) -> list[str]:
    out = capsys.readouterr().out
    return sorted(os.path.relpath(line.split(":")[0], top) for line in out.splitlines())


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and sockets as POSIX has them")
def test_fifos_sockets_and_devices_in_a_tree_are_skipped_not_waited_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TYPO)
    os.mkfifo(tmp_path / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "s.txt"))
    except OSError:
        pass  # a path too long for a socket: the FIFO is the case that hangs
    try:
        proc = subprocess.run([sys.executable, "-m", "glossary", "check", "--no-config", "--no-builtin", "-g", EN,
                               str(tmp_path)], capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:  # the process is killed
        pytest.fail("check waited for ever on a FIFO inside the tree")
    finally:
        sock.close()
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.decode() == f"{tmp_path / 'a.txt'}:1:1: abandonned ==> abandoned\n"


def test_an_unreadable_directory_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("fine\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(TYPO)
    if os.geteuid() == 0:  # root reads any directory: the refusal is faked
        real = os.scandir

        def scandir(path: str) -> object:
            if os.path.abspath(path) == str(locked):
                raise PermissionError(13, "Permission denied", path)
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        locked.chmod(0)
    try:
        assert _check(str(tmp_path)) == 3
    finally:
        locked.chmod(0o755)
    err = capsys.readouterr().err
    assert f"glossary: error: {locked}: cannot read the directory: Permission denied" in err


def test_the_walk_yields_regular_files_in_order(tmp_path: Path) -> None:
    from glossary.walk import walk_files

    for name in ("b/2.txt", "b/1.txt", "a.txt", "c.txt", ".h/x.txt", "b/.y.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    got = [os.path.relpath(p, tmp_path) for p in walk_files(str(tmp_path))]
    assert got == ["a.txt", "c.txt", os.path.join("b", "1.txt"), os.path.join("b", "2.txt")]
    hidden = [os.path.relpath(p, tmp_path) for p in walk_files(str(tmp_path), hidden=True)]
    assert os.path.join(".h", "x.txt") in hidden and os.path.join("b", ".y.txt") in hidden


def _git(repo: Path, *args: str) -> None:
    env = dict(os.environ, GIT_CONFIG_GLOBAL=str(repo.parent / "gitconfig"), GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    subprocess.run(["git", *args], cwd=repo, check=True, env=env, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_what_git_ignores_is_not_walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    global_ignore = tmp_path / "global-ignore"
    global_ignore.write_text("globally.txt\n")
    (tmp_path / "gitconfig").write_text(f"[core]\n\texcludesFile = {global_ignore}\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    _git(repo, "init", "-q")
    (repo / ".gitignore").write_text("build/\n*.log\n!keep.log\n")
    (repo / "sub").mkdir()
    (repo / "sub" / ".gitignore").write_text("local.txt\n")
    (repo / ".git" / "info" / "exclude").write_text("secret.txt\n")
    names = ["doc.txt", "build/gen.txt", "run.log", "keep.log", "secret.txt", "globally.txt", "sub/local.txt",
             "sub/ok.txt", "tracked.log"]
    for name in names:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(TYPO)
    _git(repo, "add", "-f", "tracked.log")  # tracked: git does not ignore it, nor do we
    assert _check(str(repo)) == 1
    assert _found(capsys, repo) == ["doc.txt", "keep.log", os.path.join("sub", "ok.txt"), "tracked.log"]
    assert _check("--no-ignore", str(repo)) == 1
    assert _found(capsys, repo) == sorted(os.path.normpath(n) for n in names)
    monkeypatch.chdir(repo)
    assert _check(".") == 1  # the same from inside, with relative paths
    assert _found(capsys, repo) == ["doc.txt", "keep.log", os.path.join("sub", "ok.txt"), "tracked.log"]
    assert _check("build", "run.log") == 1  # named explicitly: checked
    assert _found(capsys, repo) == [os.path.join("build", "gen.txt"), "run.log"]
    monkeypatch.chdir(repo / "sub")
    assert _check(".") == 1  # a subdirectory keeps the rules of the whole repository
    assert _found(capsys, repo / "sub") == ["ok.txt"]


def test_outside_a_git_work_tree_nothing_is_ignored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".gitignore").write_text("*.txt\n")
    (tmp_path / "a.txt").write_text(TYPO)
    assert _check(str(tmp_path)) == 1
    assert _found(capsys, tmp_path) == ["a.txt"]
