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

__all__ = ["add_codespell_ignore_word", "add_ignore_word", "codespell_file_to_edit", "config_to_edit"]


def config_to_edit(found: str | None, directory: str) -> str:
    """The file a new ignore word goes to: the configuration in force (``found``), else a
    new ``.glossary.toml`` in ``directory``."""
    return found if found is not None else os.path.join(directory, ".glossary.toml")


def codespell_file_to_edit(directory: str) -> str:
    """Of codespell's files in ``directory``, the one read last (its values win)."""
    import configparser

    for name in (".codespellrc", "setup.cfg"):
        path = os.path.join(directory, name)
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError):
            continue
        if parser.has_section("codespell"):
            return path
    return os.path.join(directory, "pyproject.toml")


def add_codespell_ignore_word(path: str, word: str) -> bool:
    """Add ``word`` to codespell's ``ignore-words-list`` in ``path`` (a ``.codespellrc`` or
    ``setup.cfg`` ``[codespell]`` section, or a pyproject.toml's ``[tool.codespell]``), the
    rest of the file as it was. Return False if the word was already there.

    >>> import tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), ".codespellrc")
    >>> with open(path, "w", encoding="utf-8") as f:
    ...     _ = f.write("[codespell]\\n# mine\\nignore-words-list = teh,\\n  adn\\nskip = *.js\\n")
    >>> add_codespell_ignore_word(path, "nững"), add_codespell_ignore_word(path, "adn")
    (True, False)
    >>> with open(path, encoding="utf-8") as f:
    ...     print(f.read(), end="")
    [codespell]
    # mine
    ignore-words-list = teh,
      adn,nững
    skip = *.js
    """
    from .config import load_codespell

    word = _word(word)
    before = _read(path)
    if os.path.basename(path) == "pyproject.toml":
        after = _codespell_toml(before, path, word)
    else:
        after = _codespell_ini(before, word)
    if after is None:
        return False
    _write_checked(path, before, after, lambda: load_codespell(os.path.dirname(os.path.abspath(path))))
    return True


def _codespell_ini(text: str, word: str) -> str | None:
    import re

    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    header = next((i for i, line in enumerate(lines) if line.strip().lower() == "[codespell]"), None)
    if header is None:
        if text and not text.endswith(("\n", "\r")):
            lines.append(newline)
        return "".join([*lines, f"[codespell]{newline}", f"ignore-words-list = {word}{newline}"])
    end = next((i for i in range(header + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
    for i in range(header + 1, end):
        if re.match(r"ignore-words-list\s*[=:]", lines[i]):
            last = i
            while last + 1 < end and lines[last + 1][:1] in (" ", "\t") and lines[last + 1].strip():
                last += 1  # the value goes on over indented lines
            value = re.split(r"[=:]", "".join(lines[i:last + 1]), maxsplit=1)[1]
            if word in (w.strip() for w in value.split(",")):
                return None
            body = lines[last].rstrip("\r\n")
            ending = lines[last][len(body):] or newline
            lines[last] = f"{body}{'' if body.rstrip().endswith(',') else ','}{word}{ending}"
            return "".join(lines)
    if not lines[header].endswith(("\n", "\r")):
        lines[header] += newline
    lines.insert(header + 1, f"ignore-words-list = {word}{newline}")
    return "".join(lines)


def _codespell_toml(text: str, path: str, word: str) -> str | None:
    import tomlkit

    doc = _parse(text, path)
    tool = doc.setdefault("tool", tomlkit.table(is_super_table=True))
    table = tool.setdefault("codespell", tomlkit.table())
    value: Any = table.get("ignore-words-list")
    if value is None:
        table["ignore-words-list"] = word
    elif isinstance(value, list):
        if word in value:
            return None
        value.append(word)
    else:
        if word in (w.strip() for w in str(value).split(",")):
            return None
        table["ignore-words-list"] = f"{value},{word}" if str(value).strip() else word
    return str(tomlkit.dumps(doc))


def _word(word: str) -> str:
    word = word.strip()
    if not word or any(c in word for c in ",\r\n"):
        raise ConfigError(f"{word!r} cannot be an ignore word (empty, or with a comma or line break)")
    return word


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None


def _parse(text: str, path: str) -> Any:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        return tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _write_checked(path: str, before: str, after: str, check: Any) -> None:
    """Write ``after``, then read the file back as check would; if that fails, put
    ``before`` back (a file that did not exist is removed) and raise."""
    existed = os.path.exists(path)
    atomic_write(path, after.encode("utf-8"))
    try:
        check()
    except ConfigError:
        if existed:
            atomic_write(path, before.encode("utf-8"))
        else:
            os.unlink(path)
        raise


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

    word = _word(word)
    before = _read(path)
    doc = _parse(before, path)
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
    _write_checked(path, before, tomlkit.dumps(doc), lambda: load_config(path))
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
