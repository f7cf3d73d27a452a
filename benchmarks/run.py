"""Run the whole benchmark suite and write a Markdown report.

    python benchmarks/run.py            # everything: pytest + profile -> stdout and benchmarks/RESULTS.md
    python benchmarks/run.py --quick    # 1 copy of the corpus, 2 rounds (a smoke run, ~2 minutes)
    python benchmarks/run.py --render   # re-render the last results without running anything

pytest's own output goes to stderr; the report goes to stdout and to RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

PACKAGES = ("glossary-vi", "marisa-trie", "flashtext", "pyahocorasick", "ahocorasick-rs", "regex", "codespell",
            "pytest", "pytest-benchmark")


def _results_path() -> Path:
    from benchmarks import data

    root = data.bench_root()
    root.mkdir(parents=True, exist_ok=True)
    return root / "results.json"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=str(REPO), capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def revision(snapshot: str | None) -> str:
    """The library revision being measured, taken when the run starts."""
    rev = _git("rev-parse", "--short", "HEAD")
    dirty = snapshot != "HEAD" and bool(_git("status", "--porcelain", "--", "glossary", "data"))
    where = f" (snapshot of {snapshot})" if snapshot else " (working tree, in place)"
    return f"{rev}{' + uncommitted changes' if dirty else ''}{where}"


def machine(root: Path, env: dict[str, str], rev: str) -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for p in PACKAGES:
        try:
            versions[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            versions[p] = "not installed"
    probe = subprocess.run(
        [sys.executable, "-c", "import glossary; from benchmarks import peers; print(peers.engine()); print(glossary.__file__)"],
        cwd=str(root), env=env, capture_output=True, text=True)
    lines = probe.stdout.splitlines() or ["unknown", "unknown"]
    return {
        "cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
        "implementation": platform.python_implementation(), "system": platform.platform(),
        "versions": versions, "engine": lines[0], "library": lines[-1],
        "revision": rev,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
    }


def make_snapshot(kind: str, cache: Path, rev: str) -> Path:
    """A private copy of the library (``HEAD``: the last commit, C scanner compiled here;
    ``worktree``: the files as they are now) with these benchmarks, so edits or rebuilds
    made in the repository while the suite runs cannot change (or crash) it."""
    import shutil

    root = cache / f"snapshot-{kind}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "RESULTS.md")
    if kind == "HEAD":
        archive = subprocess.run(["git", "archive", rev.split()[0], "glossary", "data", "tests", "pyproject.toml"], cwd=str(REPO),
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
        if (root / "glossary" / "_speedups.c").is_file():  # the package's own build step, in place
            got = subprocess.run([sys.executable, str(REPO / "hatch_build.py"), str(root)], capture_output=True,
                                 text=True)
            if got.returncode:
                print(f"C scanner not built for the snapshot; it will use the pure-Python one:\n{got.stderr[-800:]}",
                      file=sys.stderr)
    else:
        shutil.copytree(REPO / "glossary", root / "glossary", ignore=skip)
        shutil.copytree(REPO / "data", root / "data", ignore=skip)
        shutil.copytree(REPO / "tests", root / "tests", ignore=skip)
        shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(HERE, root / "benchmarks", ignore=skip)
    return root


# -- rendering ----------------------------------------------------------------------------
def _mbs(b: dict[str, Any]) -> float:
    return b["extra_info"]["bytes"] / b["stats"]["median"] / 1e6


def _fmt(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x:,.{digits}f}"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.2f}x"


def _verdict(ok: bool | None, how: str) -> str:
    if ok is None:
        return "not measured"
    return f"met ({how})" if ok else f"**missed** ({how})"


class Results:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.benches = raw.get("benchmarks", [])

    def find(self, test: str, **params: Any) -> dict[str, Any] | None:
        for b in self.benches:
            if b["name"].split("[")[0] != test:
                continue
            info = b["extra_info"]
            if all(info.get(k) == v for k, v in params.items()):
                return b
        return None

    def method(self, name: str, corpus: str, shape: str) -> dict[str, Any] | None:
        from benchmarks.peers import BY_NAME

        b = self.find("test_method", method=name, corpus=corpus, shape=shape)
        if b is None and shape != "anywhere" and name in BY_NAME and BY_NAME[name].role == "baseline":
            b = self.find("test_method", method=name, corpus=corpus, shape="anywhere")  # reads no glossary
        return b

    def speed(self, name: str, corpus: str, shape: str) -> float | None:
        b = self.method(name, corpus, shape)
        return None if b is None else _mbs(b)

    def correct(self, name: str, corpus: str, shape: str) -> str:
        b = self.method(name, corpus, shape)
        return "—" if b is None else b["extra_info"].get("correct", "?")


def render(raw: dict[str, Any], info: dict[str, Any], pytest_rc: int | None, profile_md: str | None) -> str:
    from benchmarks import data, harness
    from benchmarks.peers import METHODS

    r = Results(raw)
    out: list[str] = []
    w = out.append
    v = info["versions"]
    w("# glossary benchmark results\n")
    w(f"Generated by `python benchmarks/run.py` on {info['date']}. "
      f"CPU: {info['cpu']}, {info['cores']} cores; {info['implementation']} {info['python']} "
      f"({info['system']}). Scanner engine: **{info['engine']}**. Library: `{info.get('library', '?')}`, "
      f"revision {info.get('revision', '?')}.\n")
    w("Packages: " + ", ".join(f"{k} {x}" for k, x in v.items()) + ".\n")
    ref = r.find("test_method", method="ours", corpus="clean", shape="anywhere") or next(
        (b for b in r.benches if b["name"].startswith("test_method")), None)
    copies = ref["extra_info"]["copies"] if ref else data.COPIES
    rounds = info.get("min_rounds", harness.ROUNDS)
    size = ref["extra_info"]["bytes"] / copies / 1e6 if ref else float("nan")
    w(f"Corpus: the shared LibreOffice help corpus ({size:.2f} MB) "
      f"repeated {copies} times ({copies * size:.1f} MB) for `clean`; `noisy` is the same with seeded typos injected "
      f"(see `benchmarks/data.py`). Glossary: {harness.MAIN_SIZE:,} typo rows (half multi-word) + "
      f"{data.N_ABBREVIATIONS} abbreviations unless "
      f"stated. Timings are medians of at least {rounds} rounds (up to 15 for fast methods, about 2 s each) "
      "after one untimed, checked run. "
      "MB = 10^6 bytes of UTF-8 input.\n")
    if pytest_rc not in (None, 0):
        w(f"> **pytest exited with status {pytest_rc}**: some benchmarks failed or errored; see its output.\n")
    if not r.benches:
        w("No benchmark results (is the shared corpus missing? benchmarks that need it are skipped).\n")

    # -- goals
    w("## Goals\n")
    w("| goal | measured | verdict |")
    w("|---|---|---|")
    for shape in data.SHAPES:
        ours_c, ours_n = r.speed("ours", "clean", shape), r.speed("ours", "noisy", shape)
        for peer, target, corpus, label in (
            ("aho_exact", 1.5, "clean", "clean ≥ 1.5x pyahocorasick exact"),
            ("flashtext_unicode", 5.0, "clean", "clean ≥ 5x flashtext (Unicode boundaries)"),
            ("findall", 0.7, "clean", r"clean ≥ 0.7x `re.findall(r'\w+')`"),
            ("aho_exact", 1.2, "noisy", "noisy ≥ 1.2x pyahocorasick exact, every match right"),
        ):
            ours = ours_c if corpus == "clean" else ours_n
            theirs = r.speed(peer, corpus, shape)
            if ours is None or theirs is None:
                w(f"| {label} ({shape} shape) | — | not measured |")
                continue
            ratio = ours / theirs
            ok = ratio >= target
            extra = ""
            if corpus == "noisy":
                right = r.correct("ours", corpus, shape)
                ok = ok and right == "yes"
                extra = f"; ours correct: {right}"
            w(f"| {label} ({shape} shape) | {ours:.1f} vs {theirs:.1f} MB/s = {ratio:.2f}x{extra} | "
              f"{_verdict(ok, f'{ratio / target:.2f} of the target')} |")
    for shape in data.SHAPES:
        for corpus in ("clean", "noisy"):
            small = r.find("test_ours_scaling", size=data.SIZES[0], corpus=corpus, shape=shape)
            big = r.find("test_ours_scaling", size=data.SIZES[-1], corpus=corpus, shape=shape)
            if small and big:
                ratio = _mbs(big) / _mbs(small)
                w(f"| 200k rows within 20% of 2k rows, {corpus} ({shape}) | {_mbs(big):.1f} vs {_mbs(small):.1f} MB/s "
                  f"= {ratio:.2f}x | {_verdict(ratio >= 0.8, f'{(1 - ratio) * 100:+.0f}% slower' if ratio < 1 else 'not slower')} |")
    for size in (20_000, 200_000):
        b = r.find("test_footprint", structure="ours_mmap", size=size)
        if b:
            e = b["extra_info"]
            for col in (6, 3):
                ratio = e["disk_bytes"] / e[f"csv{col}_bytes"]
                w(f"| compiled ≤ 0.6x its CSV ({col} columns), {size:,} rows | {e['disk_bytes']:,} vs "
                  f"{e[f'csv{col}_bytes']:,} bytes = {ratio:.2f}x | {_verdict(ratio <= 0.6, f'{ratio:.2f}x')} |")
    b = r.find("test_load_compiled")
    if b:
        e = b["extra_info"]
        ms = b["stats"]["median"] * 1000
        w(f"| load a 200k compiled glossary ≤ 50 ms (mmap) | {ms:.1f} ms in process; {e['fresh_load_s'] * 1000:.1f} ms "
          f"in a fresh process (after {e['fresh_deferred_import_s'] * 1000:.0f} ms of deferred imports; "
          f"+{e['fresh_first_line_s'] * 1000:.0f} ms to the first normalized line) | "
          f"{_verdict(max(ms, e['fresh_load_s'] * 1000) <= 50, 'load only; see the first-line cost')} |")
    for mode in ("pyc", "env"):
        b = r.find("test_import", what="import glossary", mode=mode)
        if b and "import_s_median" in b["extra_info"]:
            ms = b["extra_info"]["import_s_median"] * 1000
            w(f"| `import glossary` ≤ 30 ms ({mode}) | {ms:.1f} ms | {_verdict(ms <= 30, f'{ms / 30:.2f} of the budget')} |")
    for mode in ("pyc", "env"):
        base = r.find("test_import", what="import marisa_trie", mode=mode)
        for gl in ("builtin", "compiled-20k"):
            cli = r.find("test_cli_normalize", what=f"glossary normalize ({gl})", mode=mode)
            if base and cli:
                a, bb = cli["stats"]["median"] * 1000, base["stats"]["median"] * 1000
                w(f"| CLI `glossary normalize` one line ≤ 1.5x `python -c 'import marisa_trie'` ({gl}, {mode}) | "
                  f"{a:.1f} vs {bb:.1f} ms = {a / bb:.2f}x | {_verdict(a <= 1.5 * bb, f'{a / bb:.2f}x')} |")
    w("")

    # -- throughput tables
    for shape in data.SHAPES:
        w(f"## Throughput, 20k glossary, `{shape}` shape\n")
        w({"anywhere": "Multi-word keys hold the typo in any word, so many keys begin with a common real word "
                       "(e.g. `bạn cỏ` → `bạn có`), and every occurrence of such a word is a candidate.",
           "first": "Multi-word keys hold the typo in their first word (like `trưòng là`): no key begins with "
                    "a real word, so clean text offers no candidates."}[shape] + "\n")
        w("| method | clean MB/s | noisy MB/s | ours ÷ it (clean) | ours ÷ it (noisy) | correct (clean) | correct (noisy) | build s |")
        w("|---|---:|---:|---:|---:|---|---|---:|")
        oc, on = r.speed("ours", "clean", shape), r.speed("ours", "noisy", shape)
        for m in METHODS:
            c, n = r.speed(m.name, "clean", shape), r.speed(m.name, "noisy", shape)
            if c is None and n is None:
                continue
            b = r.method(m.name, "clean", shape) or r.method(m.name, "noisy", shape)
            built = b["extra_info"].get("build_s") if b else None
            label = m.label + (f" ({m.note})" if m.note else "")
            w(f"| {label} | {_fmt(c)} | {_fmt(n)} | {_ratio(oc, c)} | {_ratio(on, n)} | "
              f"{r.correct(m.name, 'clean', shape)} | {r.correct(m.name, 'noisy', shape)} | {_fmt(built, 2)} |")
        b = r.find("test_method", method="ours", corpus="noisy", shape=shape)
        if b:
            e = b["extra_info"]
            w(f"\nNoisy corpus: {e['matches']:,} reference matches, {e['fallbacks']} of them where the longest "
              "candidate ends inside a word and a shorter key must be used (what leftmost-longest automata miss).\n")
        for m in METHODS:
            for corpus in ("clean", "noisy"):
                b = r.find("test_method", method=m.name, corpus=corpus, shape=shape)
                if b and b["extra_info"].get("first_difference"):
                    w(f"- {m.label}, {corpus}: first difference {b['extra_info']['first_difference']}")
        w("")

    # -- scaling
    w("## Ours by glossary size (warm) and on unrepeated text (cold)\n")
    w("| shape | corpus | 2k MB/s | 20k MB/s | 200k MB/s | 200k ÷ 2k | cold, 1 copy, 20k MB/s | correct |")
    w("|---|---|---:|---:|---:|---:|---:|---|")
    for shape in data.SHAPES:
        for corpus in ("clean", "noisy"):
            s2 = r.find("test_ours_scaling", size=data.SIZES[0], corpus=corpus, shape=shape)
            s20 = r.find("test_method", method="ours", corpus=corpus, shape=shape)
            s200 = r.find("test_ours_scaling", size=data.SIZES[-1], corpus=corpus, shape=shape)
            cold = r.find("test_ours_cold", corpus=corpus, shape=shape)
            got = [x for x in (s2, s20, s200, cold) if x]
            ok = all(x["extra_info"].get("correct") == "yes" for x in got) if got else None
            w(f"| {shape} | {corpus} | {_fmt(_mbs(s2) if s2 else None)} | {_fmt(_mbs(s20) if s20 else None)} | "
              f"{_fmt(_mbs(s200) if s200 else None)} | {_ratio(_mbs(s200) if s200 else None, _mbs(s2) if s2 else None)} | "
              f"{_fmt(_mbs(cold) if cold else None)} | {'yes' if ok else ('—' if ok is None else 'NO')} |")
    w("")
    spans = [b for b in r.benches if b["name"].startswith("test_explain_spans")]
    if spans:
        w("## Span-level check of ours (`normalize_and_explain` edits and `find` matches vs the reference, 1 copy)\n")
        w("| corpus | shape | reference matches | result | explain MB/s |")
        w("|---|---|---:|---|---:|")
        for b in spans:
            e = b["extra_info"]
            w(f"| {e['corpus']} | {e['shape']} | {e['matches']:,} | {e['correct']} | {_mbs(b):.1f} |")
            for x in e.get("examples", []):
                w(f"|  |  |  | {x} |  |")
        w("")

    # -- memory
    fp = [b for b in r.benches if b["name"].startswith("test_footprint")]
    if fp:
        w("## Size and memory\n")
        w("RSS deltas are measured in a fresh interpreter: from before reading the file to after building "
          "(intermediates dropped), and after one pass over the 1-copy noisy corpus. Build/load time is the "
          "median in this process.\n")
        w("| rows | structure | on disk | disk bytes | build/load ms | RSS Δ after build | RSS Δ after use | first pass s (noisy, 1.6 MB) |")
        w("|---:|---|---|---:|---:|---:|---:|---:|")
        for b in sorted(fp, key=lambda b: (b["extra_info"]["size"], b["name"])):
            e = b["extra_info"]
            use = e.get("first_use_s")
            w(f"| {e['size']:,} | {e['structure']} | {e['disk']} | {e['disk_bytes']:,} | {b['stats']['median'] * 1000:,.1f} | "
              f"{e['rss_kb'] / 1024:,.1f} MB | {e['rss_after_use_kb'] / 1024:,.1f} MB | {_fmt(use, 3)} |")
        for b in fp:
            if b["extra_info"].get("aho_sizeof"):
                e = b["extra_info"]
                w(f"\npyahocorasick `get_stats()['total_size']` at {e['size']:,} rows: {e['aho_sizeof']:,} bytes.")
        w("")

    # -- startup
    st = [b for b in r.benches if b["extra_info"].get("kind") == "process"]
    if st:
        w("## Start-up (whole process, median)\n")
        w("`pyc`: bytecode cached outside the repository (as for an installed package); `env`: the environment "
          "as is (here `PYTHONDONTWRITEBYTECODE=1`).\n")
        w("| what | mode | process ms | in-process import ms |")
        w("|---|---|---:|---:|")
        for b in st:
            e = b["extra_info"]
            imp = e.get("import_s_median")
            w(f"| {e['what']} | {e['mode']} | {b['stats']['median'] * 1000:.1f} | {_fmt(imp * 1000 if imp else None)} |")
        b = r.find("test_load_compiled")
        if b:
            e = b["extra_info"]
            w(f"\nLoad of the 200k compiled glossary ({e['disk_bytes']:,} bytes): {b['stats']['median'] * 1000:.2f} ms "
              f"in process (median of {b['stats']['rounds']}); fresh process: import {e['fresh_import_s'] * 1000:.1f} ms, "
              f"deferred imports {e['fresh_deferred_import_s'] * 1000:.1f} ms, load {e['fresh_load_s'] * 1000:.1f} ms, first normalized line {e['fresh_first_line_s'] * 1000:.1f} ms.")
        w("")

    # -- pipelines
    jobs = {(b["extra_info"].get("copies", 8), b["extra_info"].get("engine", "auto"), b["extra_info"]["jobs"]): b
            for b in r.benches if b["name"].startswith("test_cli_jobs")}
    dask_b = r.find("test_dask_partition_overhead")
    if jobs or dask_b:
        w("## Pipelines\n")
        pairs = sorted({(c, eng) for c, eng, j in jobs if (c, eng, 1) in jobs and (c, eng, 2) in jobs})
        if pairs:
            cores = jobs[(*pairs[0], 1)]["extra_info"]["cores"]
            w(f"`glossary normalize FILE` as a whole process, median of 3, {cores} cores; outputs are "
              "byte-identical whatever `--jobs`. A regular file is cut into 1 MB ranges of whole lines that the "
              "workers read, process and encode, and this process writes the output (here to a file). Starting "
              "the workers costs a fraction of a second, and with the C engine normalizing is about as fast as "
              "reading and writing, so a second process gains most with the pure-Python engine.\n")
            w("| file | engine | `--jobs 1` s | `--jobs 2` s | speed-up |")
            w("|---|---|---:|---:|---:|")
            for c, eng in pairs:
                one, two = jobs[(c, eng, 1)], jobs[(c, eng, 2)]
                m1, m2 = one["stats"]["median"], two["stats"]["median"]
                name = "pure Python" if eng == "python" else "default (C)"
                w(f"| {one['extra_info']['bytes'] / 1e6:.1f} MB ({c} copies of the noisy corpus) | {name} | "
                  f"{m1:.2f} | {m2:.2f} | {m1 / m2:.2f}x |")
            w("")
        if dask_b:
            e = dask_b["extra_info"]
            parts = ", ".join(f"{k} partitions {v:.2f} s" for k, v in e["seconds_by_partitions"].items())
            w(f"Dask, two-process `LocalCluster`, {e['lines']:,} lines of the noisy corpus through `normalize_bag`: "
              f"{parts}; about {e['overhead_per_partition_ms']:.1f} ms per partition.\n")
    # -- english
    en = [b for b in r.benches if b["name"].startswith("test_codespell_side_by_side")]
    if en:
        w("## English: `glossary check` beside codespell\n")
        e0 = en[0]["extra_info"]
        w(f"Tree: {e0['files']} files, {e0['bytes'] / 1e6:.1f} MB of Python sources under `{e0['tree']}`. "
          "Both tools use codespell's default dictionaries (clear and rare); glossary reads them in codespell's "
          "format. Whole processes, median wall time.\n")
        w("| tool | wall s | MB/s |")
        w("|---|---:|---:|")
        for b in sorted(en, key=lambda b: b["extra_info"]["tool"]):
            w(f"| {b['extra_info']['tool']} | {b['stats']['median']:.2f} | {_mbs(b):.1f} |")
        d = next((b["extra_info"] for b in en if "both" in b["extra_info"]), None)
        if d:
            w(f"\nFindings as (file, line, word): {d['both']} in both; {d['only_ours']} only glossary, "
              f"{d['only_codespell']} only codespell, because:\n")
            for why, n in d["why"].items():
                w(f"- {n} {why}")
            w("\n<details><summary>Every difference</summary>\n\n```text")
            w("\n".join(d["differences"]))
            w("```\n</details>")
        w("")
    if profile_md:
        w("## Profile of `Glossary.normalize` (cProfile, 1 copy, 20k glossary, warm)\n")
        w(profile_md)
    w("## Method notes\n")
    w("- Every method does case-insensitive, whole-word, leftmost-longest replacement with case carried "
      "(`benchmarks/reference.py` is the spec); Aho-Corasick peers match on `text.lower()`.\n"
      "- flashtext runs line by line: its whole-text `replace_keywords` is quadratic (0.1-0.2 MB/s on 1.6 MB).\n"
      "- `correct`: output compared with the reference, line-aligned, word-diffed; k counts differing places "
      "(missed, wrong or extra edits). Baselines produce no output.\n"
      "- `noisy` hits are lowercase typos, but context keys can start with a capitalized word, which needs case carrying.\n"
      "- Cold runs load a fresh glossary per round and build its scanner index before the clock starts. Each "
      "method is built once per glossary (ours: loading and the index build); build time is listed separately.\n")
    return "\n".join(out) + "\n"


EXTRA = ("benchmarks.variants", "benchmarks.check_tools")


def extra_sections(root: Path, env: dict[str, str], render_only: bool) -> str:
    """The input-variant and check-tool sections: run them (or re-render their last figures)."""
    out = []
    for module in EXTRA:
        print(f"running {module} ...", file=sys.stderr, flush=True)
        got = subprocess.run([sys.executable, "-m", module, *(["--render"] if render_only else [])], cwd=str(root),
                             env=env, capture_output=True, text=True)
        if got.returncode not in (0, 1) or not got.stdout:
            last = (got.stderr.strip().splitlines() or ["?"])[-1]
            out.append(f"`{module}` failed: {last}\n")
        else:
            out.append(got.stdout)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run the glossary benchmarks and write benchmarks/RESULTS.md.")
    ap.add_argument("--quick", action="store_true", help="1 copy of the corpus, 2 rounds, 5 start-up rounds")
    ap.add_argument("--render", action="store_true", help="only re-render the last results")
    ap.add_argument("--no-profile", action="store_true", help="skip the cProfile section")
    ap.add_argument("--snapshot", choices=["HEAD", "worktree"],
                    help="run on a private copy of the library (HEAD: last commit, compiled here; worktree: "
                    "the files as they are) instead of in place: use it while others edit or rebuild the package")
    ap.add_argument("-k", help="pytest -k expression (a subset of the benchmarks)")
    ap.add_argument("--output", default=str(HERE / "RESULTS.md"), help="where to write the report")
    args = ap.parse_args(argv)
    env = dict(os.environ)
    if args.quick:
        for k, v in (("COPIES", "1"), ("ROUNDS", "2"), ("STARTUP_ROUNDS", "5"), ("CODESPELL_ROUNDS", "1")):
            env.setdefault(f"GLOSSARY_BENCH_{k}", v)
    results = _results_path()
    cache = results.parent
    root = REPO
    rev = revision(args.snapshot)
    if args.snapshot:
        root = make_snapshot(args.snapshot, cache, rev)
        env["PYTHONPATH"] = str(root) + os.pathsep + env.get("PYTHONPATH", "")
        env.setdefault("GLOSSARY_BENCH_SHARED", str(REPO.parent / "shared"))
    rc: int | None = None
    meta_path = results.with_suffix(".meta.json")
    if not args.render:
        cmd = [sys.executable, "-m", "pytest", "benchmarks", "-q", "--benchmark-json", str(results),
               "--benchmark-columns=median,rounds", "--benchmark-sort=fullname"]
        if args.k:
            cmd += ["-k", args.k]
        print(f"running in {root}:", " ".join(cmd), file=sys.stderr, flush=True)
        results.unlink(missing_ok=True)  # never render stale results
        rc = subprocess.call(cmd, cwd=str(root), env=env, stdout=sys.stderr)
        info = machine(root, env, rev)
        info["min_rounds"] = int(env.get("GLOSSARY_BENCH_ROUNDS", "3"))
        meta_path.write_text(json.dumps({"rc": rc, "machine": info}))
        if rc < 0 or not results.is_file():
            print(f"pytest died (status {rc}) before writing {results}: nothing to render. "
                  "A negative status is a signal (-11: segmentation fault; was the C scanner rebuilt "
                  "in place while the suite ran? try --snapshot).", file=sys.stderr)
            return 1
    else:
        meta = json.loads(meta_path.read_text()) if meta_path.is_file() else {}
        rc = meta.get("rc")
        info = meta.get("machine") or machine(root, env, rev)
    if not results.is_file():
        print(f"no results at {results}", file=sys.stderr)
        return 1
    raw = json.loads(results.read_text())
    profile_md = None
    profile_path = results.with_suffix(".profile.md")
    if args.render:  # re-render what the last run profiled; run nothing
        profile_md = profile_path.read_text(encoding="utf-8") if profile_path.is_file() else None
    elif not args.no_profile:
        print("profiling normalize ...", file=sys.stderr, flush=True)
        got = subprocess.run([sys.executable, "-m", "benchmarks.profile_normalize"], cwd=str(root), env=env,
                             capture_output=True, text=True)
        if got.returncode == 0:
            profile_md = got.stdout
        else:
            last = (got.stderr.strip().splitlines() or ["?"])[-1]
            profile_md = f"Not profiled: {last}\n"
        profile_path.write_text(profile_md, encoding="utf-8")
    md = render(raw, info, rc, profile_md) + extra_sections(root, env, args.render or bool(args.k))
    sys.stdout.write(md)
    Path(args.output).write_text(md, encoding="utf-8")
    print(f"\nwrote {args.output}; raw results: {results}", file=sys.stderr)
    return 0 if rc in (None, 0) else rc


if __name__ == "__main__":
    sys.exit(main())
