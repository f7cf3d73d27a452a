"""Pipelines: lazy line streams, ordered parallel maps, offset maps, pandas and Dask."""

from __future__ import annotations

import io
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary
from glossary import Glossary
from glossary.cli import main
from glossary.pipeline import map_lines
from glossary.pool import ordered_map

LINES = st.lists(
    st.sampled_from(["nững  ngày", "CABD", "sử\u00a0lý", "", "  a  ", "hiêu\rquả", "x\ny nững", "CAND và CAND", "😀"]),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(LINES, st.sampled_from([1, 8, 1 << 16]))
def test_lines_give_what_each_line_gives(g: Glossary, lines: list[str], batch: int) -> None:
    expected = [g.normalize(line) for line in lines]
    assert list(map_lines(g.normalize, lines, batch=batch)) == expected
    assert list(g.normalize_lines(lines)) == expected
    assert list(g.expand_lines(lines)) == [g.expand(line) for line in lines]


def test_lines_are_lazy_with_bounded_memory(g: Glossary) -> None:
    endless = (f"dòng {i} nững" for i in itertools.count())
    first = list(itertools.islice(g.normalize_lines(endless), 1000))
    assert first[999] == "dòng 999 những"


def test_first_mention_is_per_stream(g: Glossary) -> None:
    lines = ["CSGT đến.", "CSGT đi."] * 3
    out = list(g.expand_lines(lines, style="first"))
    assert out[0] == "Cảnh sát giao thông (CSGT) đến." and out[1:] == lines[1:]


def test_a_function_that_changes_line_breaks_is_refused() -> None:
    with pytest.raises(glossary.OptionError, match="keeps line breaks"):
        list(map_lines(lambda t: t.replace("a", "\n"), ["a", "b"]))
    assert list(map_lines(lambda t: t.replace("a", "\n"), ["a"])) == ["\n"]  # a lone line is its own batch


def test_lines_must_be_text(g: Glossary) -> None:
    with pytest.raises(glossary.GlossaryTypeError):
        list(g.normalize_lines([b"bytes"]))  # type: ignore[list-item]


def test_ordered_map_keeps_order_across_workers(g: Glossary) -> None:
    texts = [f"{i} nững" * (i % 7) for i in range(200)]
    assert list(ordered_map(g, "normalize", texts, jobs=2)) == [g.normalize(t) for t in texts]


def test_cli_jobs_give_the_same_output(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Lực lượng CABD, nững biểu hiện, hiêu quả  xyz\n" * 20_000, encoding="utf-8")
    outputs = []
    for jobs in ("1", "2", "0"):
        assert main(["normalize", "--jobs", jobs, "--no-progress", str(big), str(big)]) == 0
        outputs.append(capsysbinary.readouterr()[0])
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].count("những".encode()) == 40_000
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"CAND")))
    assert main(["expand", "--style", "first", "--jobs", "2"]) == 2


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import argparse

    from glossary import cli
    from glossary.stream import Source

    f = tmp_path / "f.txt"
    f.write_text("x\n")
    args = argparse.Namespace(no_progress=False)
    assert isinstance(cli._progress(args, [Source(str(f), False)]), cli._NoProgress)  # stderr is not a tty here
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    tqdm = pytest.importorskip("tqdm")
    with cli._progress(args, [Source(str(f), False)]) as bar:
        assert isinstance(bar, tqdm.tqdm) and bar.total == 2
    assert isinstance(cli._progress(argparse.Namespace(no_progress=True), []), cli._NoProgress)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_progress_counts_input_bytes_to_the_total(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                  capsysbinary: pytest.CaptureFixture[bytes], jobs: str) -> None:
    from glossary import cli

    f = tmp_path / "f.txt"
    f.write_text("lực lượng CABD, nững biểu hiện\n" * 80_000, encoding="utf-8")  # several chunks and ranges
    seen: list[int] = []

    class Counter(cli._NoProgress):
        def update(self, n: int) -> None:
            seen.append(n)

    monkeypatch.setattr(cli, "_progress", lambda args, sources: Counter())
    assert main(["normalize", "-j", jobs, str(f)]) == 0
    capsysbinary.readouterr()
    assert len(seen) > 1 and sum(seen) == f.stat().st_size


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["nững", "  ", "\u00a0", "sử lý", "Vie\u0302\u0323t", "x", "\u200b", "\n", "CABD"])))
def test_offsets_map_back_exactly(g: Glossary, parts: list[str]) -> None:
    text = "".join(parts)
    r = g.normalize_and_explain(text)
    inside = {i for e in r.edits for i in range(e.start, e.end)}
    for i, ch in enumerate(text):
        if i not in inside:
            j = r.to_normalized(i)
            assert r.text[j] == ch and r.to_original(j) == i
    for e in r.edits:
        a, b = r.span_to_normalized(e.start, e.end)
        assert r.span_to_original(a, b) == (e.start, e.end)


def test_pandas_series(g: Glossary) -> None:
    pd = pytest.importorskip("pandas")
    s = pd.Series(["nững ngày", None, float("nan"), "CAND"], index=[10, 11, 12, 13], name="text")
    out = g.normalize_series(s)
    assert list(out.index) == [10, 11, 12, 13] and out.name == "text"
    assert out[10] == "những ngày" and pd.isna(out[11]) and pd.isna(out[12]) and out[13] == "CAND"
    assert g.expand_series(s)[13] == "Công an nhân dân"


@pytest.fixture(scope="module")
def dask_client() -> Iterator[object]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, distributed.Client(cluster) as client:
        yield client


def test_dask_bag_and_dataframe_on_a_local_cluster(g: Glossary, dask_client: object) -> None:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    from glossary.distributed import expand_bag, expand_column, normalize_bag, normalize_column

    texts = [f"dòng {i}: nững CABD sử lý CAND" if i % 5 else None for i in range(400)]
    bag = db.from_sequence(texts, npartitions=8)
    assert normalize_bag(bag, g).compute() == [g.normalize(t) if t else t for t in texts]
    assert expand_bag(bag, g, style="annotate").compute() == [g.expand(t, style="annotate") if t else t for t in texts]
    frame = dd.from_pandas(pd.DataFrame({"text": texts}), npartitions=4)
    got = normalize_column(frame["text"], g).compute()
    assert [None if pd.isna(x) else x for x in got] == [g.normalize(t) if t else None for t in texts]
    assert list(expand_column(frame["text"], g).compute())[1] == g.expand(texts[1])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([b"n\xe1\xbb\xafng ", b"\n", b"\r\n", b"x" * 50, b"\xc3"]), max_size=40),
       st.integers(1, 64))
def test_source_chunks_are_whole_lines_whatever_the_block_size(
    tmp_path_factory: pytest.TempPathFactory, parts: list[bytes], block: int
) -> None:
    from glossary import stream

    data = b"".join(parts)
    path = tmp_path_factory.mktemp("src") / "in.txt"
    path.write_bytes(data)
    src = stream.Source(str(path), keep_invalid=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(stream, "_CHUNK", block)
        chunks = list(src.chunks())
    assert b"".join(src.encode(text) for text, _ in chunks) == data
    line = 1
    for text, first in chunks[:-1]:
        assert text.endswith("\n") and first == line
        line += text.count("\n")
