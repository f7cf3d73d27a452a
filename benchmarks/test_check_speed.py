"""The checker-against-checker speed comparison (``check_speed.py``): its measurement
in a child process reports what the checker finds, and its table reads as it says."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .check_speed import _in_process, _new_text, main, render


def test_a_child_checks_every_document_each_round(tmp_path: Path) -> None:
    docs = tmp_path / "docs.json"
    docs.write_text(json.dumps(["môt biểu hiện\n", "Chọn tập tin.\n"]), encoding="utf-8")
    got = _in_process(sys.executable, docs, 2)
    assert got["findings"] == 1  # môt, found in the last round as in the first
    assert 0 < got["warm"] <= got["cold"]


def test_new_text_is_timed_after_the_other_half(tmp_path: Path) -> None:
    docs = tmp_path / "docs.json"
    docs.write_text(json.dumps(["Chọn môt tập tin.\n", "môt biểu hiện\n", "Chọn tập tin.\n", "hiêu quả\n"]),
                    encoding="utf-8")
    got = _new_text(sys.executable, docs)
    assert got["findings"] == 2 and got["time"] > 0  # môt and hiêu: the odd-numbered documents alone


def test_the_table_gives_medians_and_the_ratio_of_current_to_baseline() -> None:
    table = render({"text, warm": {"baseline": [100.0, 300.0, 200.0], "current": [150.0, 50.0, 100.0]},
                    "text, findings": {"baseline": [3, 3, 3], "current": [4, 4, 4]}}, ["baseline", "current"])
    assert "| text, warm | 200 (100–300) | 100 (50–150) | 0.50x |" in table
    assert "| text, findings | 3 | 4 | |" in table


def test_a_baseline_that_is_no_interpreter_is_refused(tmp_path: Path) -> None:
    assert main(["--baseline", str(tmp_path / "nothing")]) == 2
