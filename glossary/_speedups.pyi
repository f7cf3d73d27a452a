from array import array
from collections.abc import Callable, Sequence
from typing import Any

class Index:
    maxlen: int
    def __init__(self, keys: Sequence[tuple[str, int, int]]) -> None: ...
    def set_exact(self, exact: Sequence[tuple[str, int]]) -> None: ...
    def to_bytes(self) -> bytes: ...
    @classmethod
    def from_bytes(cls, data: bytes | memoryview, key_count: int) -> Index: ...
    def scan(self, text: str, mode: int, lo: int = ..., hi: int = ...) -> list[tuple[int, int, int]]: ...
    def fix(
        self,
        text: str,
        mode: int,
        windows: list[int] | None,
        keys: dict[int, str],
        key_of: Callable[[int], str],
        fixes: dict[int, str],
        fix_of: Callable[[int], str],
        carry: Callable[[str, str], str],
    ) -> tuple[str, list[int]] | None: ...

#: a trigger: True, False, or (none_of, token indices as the keys of a dict)
_Trigger = bool | tuple[bool, dict[int, None]]
#: a token's facts: its trigger as a second, as a first, its end and start classes
_Facts = tuple[_Trigger, _Trigger, int, int]

class PairTable:
    def add(self, a: str, b: str, flags: int) -> None: ...
    def get(self, a: str, b: str) -> int | None: ...
    def mark(self, tokens: list[str], facts: dict[str, _Facts], work: Callable[[str], _Facts], /) -> list[int]: ...
    def clear(self) -> None: ...
    def __len__(self) -> int: ...

class Counts:
    def __init__(self, keys: bytes | memoryview, values: bytes | memoryview) -> None: ...
    def get(self, key: int, default: int, /) -> int: ...
    def items(self) -> list[tuple[int, int]]: ...
    def __len__(self) -> int: ...

def fold(text: str) -> str: ...
def kinds(records: bytes | memoryview, width: int, n: int) -> bytes: ...
def sorted_index(keys: array[int] | memoryview, key: int, /) -> int: ...
def prepare(
    text: str, spaces: bool, want: int, edit_type: type, unicode_kind: object, space_kind: object, term: str
) -> tuple[str, Any] | None: ...

class Weigher:
    def __init__(
        self,
        index: dict[str, int],
        counts: tuple[int, ...],
        lefts: tuple[int, ...],
        types: tuple[int, ...],
        rights: tuple[int, ...],
        pairs: Counts,
        specials: tuple[str, str, str, str],
        pu_en: float,
        constants: tuple[float, ...],
        cost: Callable[[str, str], float],
        pu: Callable[[str], float],
    ) -> None: ...
    def weigh(
        self, profile: tuple[str, bool, int, tuple[tuple[str, int], ...], bool, int, int, float, float],
        left: str, right: str, pu_right: float, /,
    ) -> tuple[float, str, bool] | None: ...

#: the numbers of a word the smoothed bigrams read: (id or -1, Pu, log Pu, log back-off weight, log C(word .))
_Info = tuple[int, float, float, float, float]

class Smoothed:
    def __init__(self, keys: array[int] | memoryview, counts: array[int] | memoryview,
                 kinds: array[int] | memoryview, discount: float) -> None: ...
    def between(self, left: _Info, right: _Info, words: Sequence[str], known: dict[str, _Info],
                info: Callable[[str], _Info], /) -> list[float]: ...
