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


@pytest.fixture(scope="module")
def noisy_file(vi_corpus: None) -> tuple[Path, bytes]:
    """The 8-copy noisy corpus (the file ``data.corpus`` caches) and what the library
    makes of it in one call: the CLI's output must be these bytes, whatever --jobs."""
    import glossary

    text = data.corpus("noisy", 8)
    return data.cache_dir() / "noisy-8x.txt", glossary.load().normalize(text).encode("utf-8")


@pytest.mark.parametrize("jobs", [1, 2])
def test_cli_jobs(benchmark: Any, noisy_file: tuple[Path, bytes], jobs: int) -> None:
    path, expected = noisy_file
    seconds, out = _run(["normalize", "--jobs", str(jobs)], path)
    assert out == expected  # the same bytes, in the same order
    benchmark.pedantic(lambda: _run(["normalize", "--jobs", str(jobs)], path), rounds=3, iterations=1)
    benchmark.extra_info.update(jobs=jobs, bytes=path.stat().st_size, cores=os.cpu_count(), first_run_s=seconds)


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
            took: list[float] = []

            def once(b: Any = bag, took: list[float] = took) -> None:
                t0 = time.perf_counter()
                normalize_bag(b, g).compute()
                took.append(time.perf_counter() - t0)

            if parts == 64:  # the benchmark's own rounds are this measurement
                benchmark.pedantic(once, rounds=3, iterations=1)
            else:
                for _ in range(3):
                    once()
            results[parts] = sum(took) / len(took)
    per_partition = (results[512] - results[2]) / (512 - 2)
    benchmark.extra_info.update(lines=len(lines), seconds_by_partitions=results,
                                overhead_per_partition_ms=per_partition * 1000)
