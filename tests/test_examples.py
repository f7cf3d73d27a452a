"""The README's examples that cannot be doctests are scripts in examples/, run here."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

import glossary

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
README = ROOT / "README.md"
TESTED = {"dask_normalize.py"}  # every script below has a test in this file


def test_every_example_script_is_tested() -> None:
    assert {p.name for p in EXAMPLES.glob("*.py")} == TESTED


def test_readme_python_blocks_are_doctests_or_excerpts_of_a_tested_script() -> None:
    scripts = {p.name: p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.py")}
    readme = README.read_text(encoding="utf-8")
    for block in re.findall(r"```python\n(.*?)```", readme, re.DOTALL):
        if block.lstrip().startswith(">>>"):
            continue
        homes = [name for name, text in scripts.items() if textwrap.dedent(block) in text]
        assert homes, f"README Python example is neither a doctest nor part of examples/:\n{block}"
        assert all(f"examples/{name}" in readme for name in homes)


def test_dask_example_runs_as_a_script(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")  # dask[dataframe] needs it for Parquet
    parquet = tmp_path / "articles.parquet"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = {"a.txt": "lực lượng CABD\n\nnững  biểu hiện\n", "b.txt": "hiêu quả\ndòng hai, không sửa\n"}
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
    pd.DataFrame({"body": ["nững ngày", None, "CABD"], "n": [1, 2, 3]}).to_parquet(parquet)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "dask_normalize.py"), str(corpus), str(out), "--parquet", str(parquet),
         "--workers", "1"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for name, text in texts.items():
        got = (out / "text" / name).read_text(encoding="utf-8")
        assert got == "".join(glossary.normalize(line) for line in text.splitlines(keepends=True))  # no doubled breaks
    frame = pd.read_parquet(out / "parquet")
    assert list(frame["body"].fillna("-")) == ["những ngày", "-", "CAND"] and list(frame["n"]) == [1, 2, 3]


def test_dask_example_reports_an_empty_folder(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    done = subprocess.run([sys.executable, str(EXAMPLES / "dask_normalize.py"), str(tmp_path), str(tmp_path / "o")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "no *.txt files" in done.stderr


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_quick_start_prints_what_it_says() -> None:
    readme = README.read_text(encoding="utf-8")
    found = re.search(r'echo "([^"]*)" \| \S*glossary normalize\n```\n\nprints `([^`]*)`', readme)
    assert found, "the quick start's command and output were not found in README.md"
    text, claimed = found.groups()
    done = subprocess.run([sys.executable, "-m", "glossary", "normalize"], input=text + "\n",
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0 and done.stdout == claimed + "\n", done.stderr


def test_readme_glossary_file_and_configuration_are_valid(tmp_path: Path) -> None:
    from glossary.config import load_config

    [csv_block] = _blocks("csv")
    [toml_block] = [b for b in _blocks("toml") if "[tool.glossary]" in b]  # the others: editor settings
    for block in _blocks("toml"):
        tomllib.loads(block)
    (tmp_path / "docs").mkdir()
    terms = tmp_path / "docs" / "terms.csv"
    terms.write_text(csv_block, encoding="utf-8")
    g = glossary.load(str(terms))
    assert g.expand("theo QĐ số 5, CAND") == "theo QĐ số 5, Công an nhân dân"
    assert g.expand("theo QĐ số 5", domains=["party"]) == "theo quy định số 5"
    assert g.normalize("Sử lý") == "Xử lý"
    (tmp_path / "pyproject.toml").write_text(toml_block, encoding="utf-8")
    settings = load_config(str(tmp_path / "pyproject.toml"))
    assert settings.glossaries == (str(terms),) and settings.tone_style == "first-vowel"


def test_readme_pre_commit_hooks_exist() -> None:
    [yaml_block] = _blocks("yaml")
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    for hook in re.findall(r"id: (\S+)", yaml_block):
        assert f"- id: {hook}\n" in hooks, hook
