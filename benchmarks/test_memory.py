"""Size on disk, resident memory and build/load time of the glossary beside the peers'
structures, at 20k and 200k typo rows (plus 300 abbreviations for ours).

Timed (in this process): building or loading the structure. Measured in a fresh
interpreter per structure (``extra_info``): the VmRSS delta from before reading the file
to after building it (intermediates dropped; the allocator may keep some freed memory),
the delta after one pass over the noisy corpus (1 copy, 1.6 MB), and the peak RSS.
For ours, mapped file pages count in RSS once touched.
"""

from __future__ import annotations

import os
import pickle

import pytest

from benchmarks import data, harness, peers
from glossary.files import atomic_write

pytestmark = pytest.mark.usefixtures("vi_corpus")

SIZES = (20_000, 200_000)

_READ = """
import csv
def read_pairs(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        return {r[0]: r[1] for r in rows if r[2] == "typo"}
"""

#: name -> (probe code building ``obj`` and ``fn`` from sys.argv[1] (the file), what is on disk)
PROBES = {
    "ours_mmap": ("obj = glossary.load(sys.argv[1]); fn = obj.normalize", "compiled file"),
    "ours_csv": ("os.environ['GLOSSARY_NO_CACHE'] = '1'\n"
                 "obj = glossary.load(sys.argv[1]); fn = obj.normalize", "CSV (6 columns), compiled"),
    "ours_csv_cached": ("obj = glossary.load(sys.argv[1]); fn = obj.normalize",
                        "CSV (6 columns), library's compiled cache hit"),
    "dict_csv": ("obj = read_pairs(sys.argv[1])\n"
                 "from benchmarks import peers\nfn = peers.build_re_words(peers.Context(obj))", "CSV (6 columns)"),
    "dict_pickle": ("import pickle\nobj = pickle.load(open(sys.argv[1], 'rb'))\n"
                    "from benchmarks import peers\nfn = peers.build_re_words(peers.Context(obj))", "pickled dict"),
    "aho_csv": ("from benchmarks import peers\nobj = peers.build_aho_exact(peers.Context(read_pairs(sys.argv[1])))\n"
                "fn = obj", "CSV (6 columns)"),
    "aho_pickle": ("import pickle\nfrom benchmarks import peers\nobj = pickle.load(open(sys.argv[1], 'rb'))\n"
                   "fn = None", "pickled automaton"),
    "aho_rs_csv": ("from benchmarks import peers\nobj = peers.build_aho_rs(peers.Context(read_pairs(sys.argv[1])))\n"
                   "fn = obj", "CSV (6 columns)"),
    "flashtext_csv": ("from benchmarks import peers\nimport flashtext\nobj = peers._flashtext(peers.Context(read_pairs(sys.argv[1])))\n"
                      "fn = None", "CSV (6 columns)"),
}

PROBE_BODY = _READ + """
import json, os, sys, time
import marisa_trie, re, unicodedata, ahocorasick, ahocorasick_rs, flashtext
import benchmarks.peers, benchmarks.reference
import glossary, glossary.api, glossary.loading, glossary.scan  # every library is imported before r0
text = open(sys.argv[2], encoding="utf-8").read()
gc.collect()
r0, p0 = rss(), peak()
t0 = time.perf_counter()
@BUILD@
t1 = time.perf_counter()
gc.collect()
r1 = rss()
use = None
if fn is not None:
    out = fn(text)
    use = time.perf_counter() - t1
    del out
    gc.collect()
r2 = rss()
print(json.dumps({"build_s": t1 - t0, "rss_kb": r1 - r0, "rss_after_use_kb": r2 - r0,
                  "first_use_s": use, "peak_kb": peak(), "rss_total_kb": r2}))
"""


def _paths(size: int) -> dict[str, str]:
    cache = data.cache_dir()
    pairs = data.typo_pairs(size)
    pk = cache / f"dict-{size}.pickle"
    if not pk.is_file():  # written whole or not at all: an interrupted run leaves no truncated file
        atomic_write(str(pk), pickle.dumps(dict(pairs), protocol=pickle.HIGHEST_PROTOCOL))
    ak = cache / f"aho-{size}.pickle"
    if not ak.is_file():
        atomic_write(str(ak), pickle.dumps(peers._automaton(peers.Context(pairs)), protocol=pickle.HIGHEST_PROTOCOL))
    csv6 = str(data.csv_path(size, 6))
    return {
        "ours_mmap": str(data.compiled_path(size)), "ours_csv": csv6, "ours_csv_cached": csv6, "dict_csv": csv6,
        "dict_pickle": str(pk), "aho_csv": csv6, "aho_pickle": str(ak), "aho_rs_csv": csv6,
        "flashtext_csv": csv6,
    }


_READ_NS: dict[str, object] = {}
exec(_READ, _READ_NS)  # the probes' reader, defined once
_read_pairs = _READ_NS["read_pairs"]


def _builder(name: str, path: str):
    import glossary

    if name in ("ours_mmap", "ours_csv_cached"):
        glossary.load(path)  # fills the library's cache (for the cached variant)
        return lambda: glossary.load(path)
    if name == "ours_csv":
        def compile_csv():
            old = os.environ.get("GLOSSARY_NO_CACHE")
            os.environ["GLOSSARY_NO_CACHE"] = "1"
            try:
                return glossary.load(path)
            finally:
                if old is None:
                    del os.environ["GLOSSARY_NO_CACHE"]
                else:
                    os.environ["GLOSSARY_NO_CACHE"] = old
        return compile_csv
    if name == "dict_csv":
        return lambda: _read_pairs(path)
    if name in ("dict_pickle", "aho_pickle"):
        def load():
            with open(path, "rb") as f:
                return pickle.load(f)
        return load
    if name == "aho_csv":
        return lambda: peers._automaton(peers.Context(_read_pairs(path)))
    if name == "aho_rs_csv":
        return lambda: peers.build_aho_rs(peers.Context(_read_pairs(path)))
    if name == "flashtext_csv":
        return lambda: peers._flashtext(peers.Context(_read_pairs(path)))
    raise ValueError(name)


@pytest.mark.parametrize("name", list(PROBES))
@pytest.mark.parametrize("size", SIZES)
def test_footprint(benchmark, size, name):
    benchmark.group = f"footprint {size}"
    paths = _paths(size)
    path = paths[name]
    build, disk = PROBES[name]
    data.noisy(1)  # make sure the text file exists (the probe reads it)
    fn = _builder(name, path)  # (for the cached variant this fills the library's cache first)
    probe = harness.run_probe(PROBE_BODY.replace("@BUILD@", build), [path, str(data.cache_dir() / "noisy-1x.txt")])
    info = benchmark.extra_info
    info.update(probe, structure=name, size=size, disk=disk, disk_bytes=os.path.getsize(path),
                csv6_bytes=os.path.getsize(data.csv_path(size, 6)), csv3_bytes=os.path.getsize(data.csv_path(size, 3)))
    if name == "aho_pickle":
        with open(path, "rb") as f:
            info["aho_sizeof"] = pickle.load(f).get_stats()["total_size"]
    slow = size >= 200_000 and name in ("ours_csv", "flashtext_csv", "aho_rs_csv", "aho_csv")
    benchmark.pedantic(fn, rounds=1 if slow else harness.ROUNDS, iterations=1)
