"""Where ``Glossary.normalize`` spends its time: cProfile on one copy of the clean and the
noisy corpus (20k glossary, warm: the profiled call is the second one).

    python -m benchmarks.profile_normalize            # default engine, both shapes
    python -m benchmarks.profile_normalize --pure     # the pure-Python scanner

cProfile attributes time spent inside the C scanner to the built-in method that calls it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys

from . import data, harness


def profile(corpus: str, shape: str, pure: bool = False, top: int = 8) -> tuple[float, list[tuple[str, float, float, int]]]:
    """(total seconds, [(function, own seconds, cumulative seconds, calls)]) of one call."""
    fn, _ = harness.method("ours_pure" if pure else "ours", harness.MAIN_SIZE, shape)
    text = data.corpus(corpus, 1)
    fn(text)
    prof = cProfile.Profile()
    prof.enable()
    fn(text)
    prof.disable()
    st = pstats.Stats(prof, stream=io.StringIO())
    total = st.total_tt  # type: ignore[attr-defined]
    rows = []
    for (file, line, name), (cc, nc, tt, ct, _) in st.stats.items():  # type: ignore[attr-defined]
        where = f"{file.split('/glossary/')[-1]}:{line}({name})" if file != "~" else name
        rows.append((where, tt, ct, nc))
    rows.sort(key=lambda r: -r[1])
    return total, rows[:top]


def render(pure_only: bool = False) -> str:
    """The default engine on both shapes and the pure-Python scanner on the ``anywhere``
    shape (``pure_only``: the pure-Python scanner on both shapes)."""
    out = []
    cases = [] if pure_only else [(s, c, False) for s in data.SHAPES for c in ("clean", "noisy")]
    cases += [(s, c, True) for s in (data.SHAPES if pure_only else ("anywhere",)) for c in ("clean", "noisy")]
    for shape, corpus, pure in cases:
        total, rows = profile(corpus, shape, pure)
        engine = "pure Python" if pure else "default engine"
        mb = len(data.corpus(corpus, 1).encode("utf-8")) / 1e6
        out.append(f"**{corpus}, {shape} shape, {engine}** — {total:.3f} s under cProfile for {mb:.2f} MB\n")
        out.append("| function | own s | own % | cumulative s | calls |")
        out.append("|---|---:|---:|---:|---:|")
        for where, tt, ct, nc in rows:
            out.append(f"| `{where}` | {tt:.3f} | {100 * tt / total:.0f}% | {ct:.3f} | {nc} |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pure", action="store_true", help="profile the pure-Python scanner only")
    args = p.parse_args(argv)
    print(render(pure_only=args.pure))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
