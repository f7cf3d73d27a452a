"""Adding a word to the ``ignore-words`` of a configuration file, keeping everything else.

The language server's "add to ignore words" action writes here. The file is edited with
tomlkit, which keeps comments, order and layout, and replaced atomically; the result is
read back with the same reader ``glossary check`` uses, so a file this would break is
left as it was and the error says why.
"""

from __future__ import annotations

import os
from typing import Any

from .config import ConfigError, load_config
from .files import atomic_write

__all__ = ["add_ignore_word", "config_to_edit"]


def config_to_edit(found: str | None, directory: str) -> str:
    """The file a new ignore word goes to: the configuration in force (``found``), else a
    new ``.glossary.toml`` in ``directory``."""
    return found if found is not None else os.path.join(directory, ".glossary.toml")


def add_ignore_word(path: str, word: str) -> bool:
    """Add ``word`` to the ``ignore-words`` list of the configuration file ``path``
    (created if missing). Return False if the word was already there.

    >>> import tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), ".glossary.toml")
    >>> add_ignore_word(path, "nững"), add_ignore_word(path, "nững")
    (True, False)
    >>> with open(path, encoding="utf-8") as f:
    ...     print(f.read(), end="")
    ignore-words = ["nững"]
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    word = word.strip()
    if not word:
        raise ConfigError("an empty word cannot be ignored")
    try:
        with open(path, encoding="utf-8") as f:
            before = f.read()
    except FileNotFoundError:
        before = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        doc = tomlkit.parse(before)
    except TOMLKitError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    table = _settings_table(doc, path)
    words: Any = table.get("ignore-words")
    if words is None:
        words = tomlkit.array()
        table["ignore-words"] = words
    elif not isinstance(words, list):
        raise ConfigError(f"{path}: ignore-words must be a list of strings")
    if word in words:
        return False
    words.append(word)
    after = tomlkit.dumps(doc)
    atomic_write(path, after.encode("utf-8"))
    try:
        load_config(path)
    except ConfigError:
        atomic_write(path, before.encode("utf-8"))  # never leave a file check cannot read
        raise
    return True


def _settings_table(doc: Any, path: str) -> Any:
    """Where the settings live in ``doc``: ``[tool.glossary]`` of a pyproject.toml (and of a
    .glossary.toml written that way), else the top level of a .glossary.toml."""
    import tomlkit

    tool = doc.get("tool")
    nested = os.path.basename(path) == "pyproject.toml" or (
        set(doc) == {"tool"} and isinstance(tool, dict) and set(tool) == {"glossary"}
    )
    if not nested:
        return doc
    if tool is None:
        tool = tomlkit.table(is_super_table=True)
        doc["tool"] = tool
    table = tool.get("glossary")
    if table is None:
        table = tomlkit.table()
        tool["glossary"] = table
    return table
