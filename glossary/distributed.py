"""Run a glossary over more data than one machine holds, with Dask (``pip install 'glossary-vi[dask]'``).

The glossary enters the task graph once, as a ``dask.delayed`` value (it pickles as its
compiled bytes), so each worker receives it once and every partition on that worker
shares it. The same code runs on a laptop's ``LocalCluster`` and on a multi-machine
cluster: only the ``Client`` address changes.

>>> import dask.bag as db
>>> from glossary import Entry, Glossary, Kind
>>> g = Glossary.from_entries([Entry("nững", "những", Kind.TYPO)])
>>> normalize_bag(db.from_sequence(["nững ngày", None, "đêm"], npartitions=2), g).compute()
['những ngày', None, 'đêm']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import Glossary

__all__ = ["expand_bag", "expand_column", "normalize_bag", "normalize_column"]


def _shipped(glossary: Glossary | None) -> Any:
    from dask.delayed import delayed

    from .loading import builtin_glossary

    g = glossary if glossary is not None else builtin_glossary()
    return delayed(g, pure=True)


def _partition(part: Any, g: Glossary, method: str, options: dict[str, Any]) -> list[Any]:
    fn = getattr(g, method)
    return [fn(x, **options) if isinstance(x, str) else x for x in part]


def _series_partition(series: Any, g: Glossary, method: str, options: dict[str, Any]) -> Any:
    fn = getattr(g, method)
    return series.map(lambda x: fn(x, **options) if isinstance(x, str) else x)


def normalize_bag(bag: Any, glossary: Glossary | None = None, **options: Any) -> Any:
    """A ``dask.bag`` of texts, normalized (non-text items pass through)."""
    return bag.map_partitions(_partition, _shipped(glossary), "normalize", options)


def expand_bag(bag: Any, glossary: Glossary | None = None, **options: Any) -> Any:
    """A ``dask.bag`` of texts with abbreviations expanded (non-text items pass through)."""
    return bag.map_partitions(_partition, _shipped(glossary), "expand", options)


def normalize_column(column: Any, glossary: Glossary | None = None, **options: Any) -> Any:
    """A dask-dataframe text column (a dask Series), normalized; None and NaN pass through."""
    return column.map_partitions(_series_partition, _shipped(glossary), "normalize", options, meta=column._meta)


def expand_column(column: Any, glossary: Glossary | None = None, **options: Any) -> Any:
    """A dask-dataframe text column with abbreviations expanded; None and NaN pass through."""
    return column.map_partitions(_series_partition, _shipped(glossary), "expand", options, meta=column._meta)
