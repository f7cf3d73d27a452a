"""Pipelines: `glossary normalize --jobs 2` against `--jobs 1` on the shared corpus (whole
processes, output checked identical), and what a Dask partition costs on a local cluster."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from . import data


def _run(args: list[str], path: Path) -> tuple[float, bytes]:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "glossary", *args, "--no-progress", str(path)],
                         capture_output=True, check=True).stdout
    return time.perf_counter() - t0, out


@pytest.mark.parametrize("jobs", [1, 2])
def test_cli_jobs(benchmark: Any, vi_corpus: None, jobs: int) -> None:
    path = data.cache_dir() / "noisy-x8.txt"
    if not path.is_file():
        path.write_text(data.corpus("noisy", 8), encoding="utf-8")
    _, expected = _run(["normalize", "--jobs", "1"], path)
    seconds, out = _run(["normalize", "--jobs", str(jobs)], path)
    assert out == expected  # the same bytes, in the same order
    times = benchmark.pedantic(lambda: _run(["normalize", "--jobs", str(jobs)], path)[0], rounds=3, iterations=1)
    benchmark.extra_info.update(jobs=jobs, bytes=path.stat().st_size, cores=os.cpu_count(), first_run_s=seconds,
                                process_s=times)


def test_dask_partition_overhead(benchmark: Any, vi_corpus: None) -> None:
    distributed = pytest.importorskip("distributed")
    import dask.bag as db

    import glossary
    from glossary.distributed import normalize_bag

    g = glossary.load()
    lines = data.corpus("noisy", 1).splitlines()
    local = [g.normalize(x) for x in lines]
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster):
        results = {}
        for parts in (2, 64, 512):
            bag = db.from_sequence(lines, npartitions=parts)
            assert normalize_bag(bag, g).compute() == local
            t0 = time.perf_counter()
            for _ in range(3):
                normalize_bag(bag, g).compute()
            results[parts] = (time.perf_counter() - t0) / 3
        benchmark.pedantic(lambda: normalize_bag(db.from_sequence(lines, npartitions=64), g).compute(),
                           rounds=1, iterations=1)
    per_partition = (results[512] - results[2]) / (512 - 2)
    benchmark.extra_info.update(lines=len(lines), seconds_by_partitions=results,
                                overhead_per_partition_ms=per_partition * 1000)
