"""The pre-commit hooks, run through pre-commit itself on a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _pre_commit() -> list[str]:
    exe = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")
    if exe is None or shutil.which("git") is None:
        pytest.skip("pre-commit or git is not installed (pip install -e '.[test]' installs pre-commit)")
    return [exe]


def test_hooks_through_pre_commit(tmp_path: Path) -> None:
    cmd = _pre_commit()
    if not (ROOT / ".git").exists():
        pytest.skip("the project is not a git checkout, so pre-commit cannot try it")
    repo = tmp_path / "repo"
    repo.mkdir()
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    doc = repo / "doc.txt"
    doc.write_bytes("lực lượng CABD, nững biểu hiện\r\n".encode())
    dash = repo / "-w"  # a file name that is also an option: the report-only hook must not write
    dash.write_bytes("lực lượng CABD\n".encode())
    subprocess.run(["git", "add", "--", "doc.txt", "-w"], cwd=repo, check=True, env=env)

    check = subprocess.run([*cmd, "try-repo", str(ROOT), "glossary-check", "--all-files"],
                           cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "doc.txt:1:11: CABD ==> CAND" in check.stdout and "-w:1:11: CABD ==> CAND" in check.stdout
    assert doc.read_bytes() == "lực lượng CABD, nững biểu hiện\r\n".encode()
    assert dash.read_bytes() == "lực lượng CABD\n".encode()

    fix = subprocess.run([*cmd, "try-repo", str(ROOT), "glossary-fix", "--all-files"],
                         cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert fix.returncode == 1, fix.stdout + fix.stderr  # files were modified
    assert doc.read_bytes() == "lực lượng CAND, những biểu hiện\r\n".encode()
    assert dash.read_bytes() == "lực lượng CAND\n".encode()
