"""Pipelines: `glossary normalize --jobs 2` against `--jobs 1` on the shared corpus, a 13 MB
and a 102 MB file, with each engine (whole processes, output checked identical), and what
a Dask partition costs on a local cluster."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from . import data


def _run(args: list[str], path: Path, engine: str = "auto") -> tuple[float, bytes]:
    env = dict(os.environ)
    env.pop("GLOSSARY_PURE_PYTHON", None)
    if engine == "python":
        env["GLOSSARY_PURE_PYTHON"] = "1"
    target = path.with_name(path.name + ".out")  # a file, as `glossary normalize big.txt > out.txt` writes
    with open(target, "wb") as out:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "glossary", *args, "--no-progress", str(path)],
                       stdout=out, check=True, env=env)
        took = time.perf_counter() - t0
    return took, target.read_bytes()


#: copies of the noisy corpus: 8 (12.7 MB, where starting the workers costs about what they
#: save) and 64 (102 MB, a large file)
SIZES = (8, 64)


@pytest.fixture(scope="module")
def noisy_files(vi_corpus: None) -> dict[int, tuple[Path, bytes]]:
    """The noisy corpus as files of 8 and 64 copies, and what the library makes of it in
    one call: the CLI's output must be these bytes, whatever --jobs and engine."""
    import glossary

    g = glossary.load()
    files = {}
    for copies in SIZES:
        path = data.cache_dir() / f"noisy-{copies}x.txt"
        if copies == 8:
            text = data.corpus("noisy", 8)  # written by data.corpus's cache
        else:
            text = data.corpus("noisy", 8) * (copies // 8)
            if not path.is_file():
                path.write_text(text, encoding="utf-8")
        files[copies] = (path, g.normalize(text).encode("utf-8"))
    return files


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(("copies", "engine"), [(8, "auto"), (64, "auto"), (64, "python")])
def test_cli_jobs(benchmark: Any, noisy_files: dict[int, tuple[Path, bytes]], copies: int, engine: str,
                  jobs: int) -> None:
    path, expected = noisy_files[copies]
    seconds, out = _run(["normalize", "--jobs", str(jobs)], path, engine)
    assert out == expected  # the same bytes, in the same order
    benchmark.pedantic(lambda: _run(["normalize", "--jobs", str(jobs)], path, engine), rounds=3, iterations=1)
    benchmark.extra_info.update(jobs=jobs, engine=engine, copies=copies, bytes=path.stat().st_size,
                                cores=os.cpu_count(), first_run_s=seconds)


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
