"""Evaluation of ``glossary.mining.mine`` on the hand-written gold set (see ``mine_eval.py``).

Run: ``python -m pytest benchmarks/test_mine_eval.py -q`` (prints the figures), or
``python -m benchmarks.mine_eval all -v`` for every error.

Goal, at the default confidence: precision >= 95% and recall >= 85% (Schwartz–Hearst
reports 96% / 82% on Medstract, for English).
"""

from __future__ import annotations

import time

import pytest

from glossary.mining import MIN_CONFIDENCE

from .mine_eval import evaluate, load_gold, report

GOAL_PRECISION = 0.95
GOAL_RECALL = 0.85


@pytest.mark.parametrize("split", ["dev", "test", "all"])
def test_mine_meets_the_goal(split: str, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\n" + report(split))
    score = evaluate(load_gold(split), MIN_CONFIDENCE)
    assert score.precision >= GOAL_PRECISION, score.errors
    assert score.recall >= GOAL_RECALL, score.errors


def test_mine_speed(capsys: pytest.CaptureFixture[str]) -> None:
    from glossary.mining import mine

    text = "\n".join(it["text"] for it in load_gold("all")) * 20
    t0 = time.perf_counter()
    found = mine(text)
    dt = time.perf_counter() - t0
    with capsys.disabled():
        print(f"\nmine(): {len(text) / 1e3:.0f} k characters in {dt * 1e3:.0f} ms "
              f"({len(text) / dt / 1e6:.2f} M characters/s), {len(found)} definitions")
    assert found
