"""Precision and recall of ``glossary.mining.mine`` on the hand-written gold set.

The gold set (``tests/data/mine_gold.jsonl``) holds one sentence per line with the
(short, long) pairs a careful reader would harvest from it; negatives have none. A pair
marked ``low`` is a true definition whose letters do not match its long form (*Tổ chức
Y tế Thế giới (WHO)*): it is expected only below the default confidence.

Scoring, per sentence, on exact short forms and long forms compared ignoring case and
runs of spaces:

* at the default confidence, a prediction is correct if it is any gold pair (``low`` ones
  included); recall counts the pairs that are not ``low``;
* at confidence 0 (everything ``mine`` reports), every gold pair counts for recall.

Run ``python -m benchmarks.mine_eval [dev|test|all] [-v]`` for a report with the errors.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.mining import MIN_CONFIDENCE, mine

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "mine_gold.jsonl"


def load_gold(split: str = "all") -> list[dict[str, Any]]:
    items = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [it for it in items if split == "all" or it["split"] == split]


def _key(short: str, long: str) -> tuple[str, str]:
    def nfc(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).split())

    return nfc(short), nfc(long).casefold()


@dataclass
class Score:
    predicted: int = 0
    correct: int = 0
    expected: int = 0
    found: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    def line(self, label: str) -> str:
        return (f"{label:<28} precision {self.precision:6.1%} ({self.correct}/{self.predicted})   "
                f"recall {self.recall:6.1%} ({self.found}/{self.expected})")


def evaluate(items: list[dict[str, Any]], min_confidence: float = MIN_CONFIDENCE) -> Score:
    """Score ``mine`` at ``min_confidence``; at 0, ``low`` pairs are expected too."""
    score = Score()
    everything = min_confidence <= 0.0
    for it in items:
        gold_any = {_key(p["short"], p["long"]) for p in it["pairs"]}
        wanted = {_key(p["short"], p["long"]) for p in it["pairs"] if everything or not p.get("low")}
        got = {_key(d.short, d.long): d for d in mine(it["text"], min_confidence=min_confidence)}
        score.predicted += len(got)
        score.correct += len(got.keys() & gold_any)
        score.expected += len(wanted)
        score.found += len(got.keys() & wanted)
        for k in got.keys() - gold_any:
            d = got[k]
            score.errors.append(f"FP {it['id']}: {d.short!r} = {d.long!r} ({d.confidence:.2f} {d.pattern})")
        for k in wanted - got.keys():
            score.errors.append(f"FN {it['id']}: {k[0]!r} = {k[1]!r}")
    return score


def report(split: str, verbose: bool = False) -> str:
    items = load_gold(split)
    n_pairs = sum(len(it["pairs"]) for it in items)
    lines = [f"mine() on the gold set, split {split!r}: {len(items)} sentences, {n_pairs} pairs, "
             f"{sum(not it['pairs'] for it in items)} negative sentences"]
    for label, conf in ((f"default (>= {MIN_CONFIDENCE})", MIN_CONFIDENCE), ("everything (>= 0)", 0.0)):
        s = evaluate(items, conf)
        lines.append("  " + s.line(label))
        if verbose:
            lines.extend("    " + e for e in sorted(s.errors))
    return "\n".join(lines)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    print(report(args[0] if args else "all", verbose="-v" in sys.argv))
