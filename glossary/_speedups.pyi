from collections.abc import Callable, Sequence
from typing import Any

class Index:
    maxlen: int
    def __init__(self, keys: Sequence[tuple[str, int, int]]) -> None: ...
    def set_exact(self, exact: Sequence[tuple[str, int]]) -> None: ...
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

def fold(text: str) -> str: ...
def kinds(records: bytes | memoryview, width: int, n: int) -> bytes: ...
def prepare(
    text: str, spaces: bool, want: int, edit_type: type, unicode_kind: object, space_kind: object, term: str
) -> tuple[str, Any] | None: ...
