"""glossary.typed.NamedTuple builds the classes typing.NamedTuple builds."""

from __future__ import annotations

import pickle
import typing

import pytest

from glossary import typed
from glossary.model import Entry, Kind


class Ours(typed.NamedTuple):
    """A point."""

    x: int
    label: str = "a"
    tags: tuple[str, ...] = ()

    def twice(self) -> str:
        return self.label * 2

    @property
    def size(self) -> int:
        return len(self.tags)


class Theirs(typing.NamedTuple):
    """A point."""

    x: int
    label: str = "a"
    tags: tuple[str, ...] = ()

    def twice(self) -> str:
        return self.label * 2

    @property
    def size(self) -> int:
        return len(self.tags)


def test_the_same_class_as_typing_builds() -> None:
    for attr in ("_fields", "_field_defaults", "__doc__", "__module__", "__bases__", "__match_args__", "__slots__"):
        assert getattr(Ours, attr) == getattr(Theirs, attr), attr
    assert set(dir(Ours)) == set(dir(Theirs))
    assert typing.get_type_hints(Ours) == typing.get_type_hints(Theirs) == {
        "x": int, "label": str, "tags": tuple[str, ...]}
    p, q = Ours(1, tags=("t",)), Theirs(1, tags=("t",))
    assert (p.twice(), p.size, tuple(p), p._asdict(), repr(p).replace("Ours", "")) == (
        q.twice(), q.size, tuple(q), q._asdict(), repr(q).replace("Theirs", ""))
    assert p == q and hash(p) == hash(q) and p._replace(x=2) == (2, "a", ("t",))
    assert pickle.loads(pickle.dumps(p)) == p and type(pickle.loads(pickle.dumps(p))) is Ours


def test_the_package_values_are_such_classes() -> None:
    e = Entry("nững", "những", Kind.TYPO)
    assert isinstance(e, tuple) and e.domain == "" and pickle.loads(pickle.dumps(e)) == e
    assert Entry.__module__ == "glossary.model" and "note" in Entry._fields


def test_bad_declarations_are_refused_as_typing_refuses_them() -> None:
    with pytest.raises(TypeError):
        class _NoDefaultAfterDefault(typed.NamedTuple):
            a: int = 0
            b: int

    with pytest.raises(AttributeError):
        class _Overwrites(typed.NamedTuple):
            a: int

            def _asdict(self) -> dict[str, int]:
                return {}

    with pytest.raises(TypeError):
        class _TwoBases(typed.NamedTuple, dict):  # type: ignore[misc]
            a: int
