"""Normalize text files, and a text column of a Parquet file, with Dask on a cluster.

    pip install 'glossary-vi[dask]'
    python examples/dask_normalize.py corpus/ out/                        # 2 local worker processes
    python examples/dask_normalize.py corpus/ out/ --parquet articles.parquet --column body
    python examples/dask_normalize.py corpus/ out/ --glossary terms.csv   # your rows over the built-in ones
    python examples/dask_normalize.py corpus/ out/ --scheduler tcp://scheduler:8786

Every ``*.txt`` file of the input folder becomes the file of the same name in
``out/text/``, line for line; with ``--parquet``, the column is normalized into
``out/parquet/``. On a multi-machine cluster, start ``dask scheduler`` on one machine and
``dask worker tcp://scheduler:8786`` on the others (each with ``pip install
'glossary-vi[dask]'``), and pass ``--scheduler``. The glossary enters the task graph once
and each worker receives it once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import dask.bag as db
import dask.dataframe as dd
from dask.distributed import Client, LocalCluster

import glossary
from glossary.distributed import normalize_bag, normalize_column


def without_line_break(line: str) -> str:
    """``db.read_text`` keeps each line's line break and ``to_textfiles`` adds one."""
    return line[:-1] if line.endswith("\n") else line


def run(inputs: list[Path], out: Path, g: glossary.Glossary | None, parquet: Path | None, column: str) -> None:
    names = [p.name for p in inputs]
    texts = db.read_text([str(p) for p in inputs]).map(without_line_break)  # one partition per file
    (out / "text").mkdir(parents=True, exist_ok=True)
    normalize_bag(texts, g).to_textfiles(str(out / "text" / "*"), name_function=names.__getitem__,
                                         last_endline=True)
    if parquet is not None:
        frame = dd.read_parquet(str(parquet))
        frame[column] = normalize_column(frame[column], g)
        frame.to_parquet(str(out / "parquet"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", type=Path, help="a folder of UTF-8 *.txt files")
    p.add_argument("output", type=Path, help="where text/ (and parquet/) are written")
    p.add_argument("--glossary", "-g", help="a glossary file layered over the built-in one")
    p.add_argument("--parquet", type=Path, help="also normalize a text column of this Parquet file")
    p.add_argument("--column", default="body", help="the Parquet column to normalize (default: body)")
    p.add_argument("--scheduler", help="address of a running Dask scheduler (default: start local workers)")
    p.add_argument("--workers", type=int, default=2, help="local worker processes (default: 2)")
    args = p.parse_args(argv)
    inputs = sorted(args.input.glob("*.txt"))
    if not inputs:
        print(f"{args.input}: no *.txt files", file=sys.stderr)
        return 2
    g = glossary.load(args.glossary, builtin=True) if args.glossary else None  # None: the built-in glossary
    if args.scheduler:
        with Client(args.scheduler):
            run(inputs, args.output, g, args.parquet, args.column)
    else:
        with LocalCluster(n_workers=args.workers, threads_per_worker=1) as cluster, Client(cluster):
            run(inputs, args.output, g, args.parquet, args.column)
    return 0


if __name__ == "__main__":
    sys.exit(main())
