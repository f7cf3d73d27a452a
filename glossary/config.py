"""Settings of ``glossary check``: ``[tool.glossary]`` in pyproject.toml or ``.glossary.toml``.

The nearest configuration file, found by walking up from each checked file, applies
(``.glossary.toml`` before ``pyproject.toml`` in the same directory); command-line
options extend its lists and override its other values. Unknown keys are errors.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from .errors import ConfigError
from .files import nearest

__all__ = ["CHECKS", "ConfigError", "Overrides", "Resolver", "Settings", "find_config", "load_config", "render"]

CHECKS = ("glossary", "non-words", "tone")


class Settings(NamedTuple):
    """Merged settings for one file. Paths inside are absolute."""

    glossaries: tuple[str, ...] = ()
    builtin: bool = True
    ignore_words: tuple[str, ...] = ()
    ignore_regex: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    tone_style: str | None = None
    checks: tuple[str, ...] = ("glossary", "non-words")
    check_hidden: bool = False
    source: str = ""  #: the configuration file these came from ("" for defaults)
    root: str = ""  #: its directory, which relative exclude globs are matched from
    origins: tuple[tuple[str, str], ...] = ()  #: (key, where it was set) for each key the file sets
    unused: tuple[str, ...] = ()  #: settings of the file that do not apply here, each with why
    undecodable: str = "warning"  #: a file that does not decode: "warning" (skipped) or "error" (fails the run)


_KEYS: dict[str, tuple[str, type]] = {
    "glossaries": ("glossaries", list),
    "builtin": ("builtin", bool),
    "ignore-words": ("ignore_words", list),
    "ignore-regex": ("ignore_regex", list),
    "exclude": ("exclude", list),
    "tone-style": ("tone_style", str),
    "checks": ("checks", list),
    "check-hidden": ("check_hidden", bool),
    "undecodable": ("undecodable", str),
}
UNDECODABLE = ("warning", "error")


def _parse_toml(path: str) -> dict[str, Any]:
    import tomllib

    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def load_config(path: str) -> Settings:
    """Read one configuration file: ``.glossary.toml`` (keys at the top level, or under
    ``[tool.glossary]`` as in a pyproject.toml), or a pyproject.toml's ``[tool.glossary]``;
    a directory, or a ``.codespellrc`` or ``setup.cfg``, gives codespell's settings there."""
    if os.path.isdir(path) or os.path.basename(path) in (".codespellrc", "setup.cfg"):
        return load_codespell(path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path)))
    data = _parse_toml(path)
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("glossary", {})
        where = f"{path} [tool.glossary]"
    elif set(data) == {"tool"} and isinstance(data["tool"], dict) and set(data["tool"]) == {"glossary"}:
        data = data["tool"]["glossary"]  # the table copied from a pyproject.toml as it stands
        where = f"{path} [tool.glossary]"
    else:
        where = path
    root = os.path.dirname(os.path.abspath(path))
    return from_mapping(data, where, root, Settings(source=path, root=root))


def load_codespell(directory: str) -> Settings:
    """codespell's settings in ``directory`` (its pyproject.toml, setup.cfg and .codespellrc)."""
    from .codespell_compat import load_codespell_config

    cs = load_codespell_config(directory)
    root = os.path.abspath(directory)
    where = ", ".join(cs.files)
    settings = from_mapping(cs.data, where, root, Settings(source=where, root=root))
    return settings._replace(origins=cs.origins, unused=cs.unused)


def from_mapping(data: dict[str, Any], where: str, root: str, base: Settings) -> Settings:
    """Validate a mapping of settings (TOML spelling of the keys) over ``base``."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table of settings")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown key {key!r} (valid keys: {', '.join(_KEYS)})")
        field, kind = _KEYS[key]
        if kind is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: {key} must be a list of strings")
            value = tuple(value)
        elif not isinstance(value, kind):
            raise ConfigError(f"{where}: {key} must be a {kind.__name__}, not {type(value).__name__}")
        values[field] = value
    if "glossaries" in values:
        values["glossaries"] = tuple(os.path.normpath(os.path.join(root, p)) for p in values["glossaries"])
    values.setdefault("origins", tuple((key, where) for key in data))
    settings = base._replace(**values)
    check_values(settings, where)
    return settings


def check_values(settings: Settings, where: str) -> None:
    """Reject values outside their allowed sets, and regular expressions that do not compile."""
    if settings.tone_style not in (None, "main-vowel", "first-vowel"):
        raise ConfigError(f"{where}: tone-style must be 'main-vowel' or 'first-vowel', not {settings.tone_style!r}")
    if settings.undecodable not in UNDECODABLE:
        raise ConfigError(f"{where}: undecodable must be 'warning' or 'error', not {settings.undecodable!r}")
    for check in settings.checks:
        if check not in CHECKS:
            raise ConfigError(f"{where}: unknown check {check!r} (valid: {', '.join(CHECKS)})")
    for pattern in settings.ignore_regex:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{where}: ignore-regex {pattern!r} is not a valid regular expression: {exc}") from None


_cache: dict[str, str | None] = {}


def find_config(directory: str) -> str | None:
    """The nearest configuration file at or above ``directory``, or None."""
    return nearest(directory, _config_in, _cache)


def _config_in(d: str) -> str | None:
    """The configuration file of directory ``d``: ``.glossary.toml``, else a pyproject.toml
    with a ``[tool.glossary]`` table."""
    candidate = os.path.join(d, ".glossary.toml")
    if os.path.isfile(candidate):
        return candidate
    candidate = os.path.join(d, "pyproject.toml")
    return candidate if os.path.isfile(candidate) and _has_tool_table(candidate) else None


def _has_tool_table(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read()
    except OSError:
        return False
    return b"tool.glossary" in head and "glossary" in _parse_toml(path).get("tool", {})


def clear_cache() -> None:
    """Forget which configuration file each directory has (glossary's and codespell's)."""
    from .codespell_compat import clear_cache as clear_codespell

    _cache.clear()
    clear_codespell()


def render(settings: Settings, command_line: Iterable[str] = ()) -> str:
    """The settings as a ``[tool.glossary]`` TOML table (what ``--print-config`` shows), each
    value with where it came from: the file (and, for codespell's, which of its keys), the
    command line (the keys in ``command_line``), or the defaults; then what the file sets
    that does not apply."""
    given = set(command_line)
    origins: dict[str, list[str]] = {}
    for key, where in settings.origins:
        origins.setdefault(key, []).append(where)
    lines = [f"# from: {settings.source or '(defaults)'}", "[tool.glossary]"]
    for key, (field, _) in _KEYS.items():
        value = getattr(settings, field)
        if value is None:
            continue
        if isinstance(value, tuple):
            value = list(value)
        came = origins.get(key, []) + (["command line"] if key in given else [])
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}  # {'; '.join(came) or 'default'}")
    lines.extend(f"# not used: {u}" for u in settings.unused)
    return "\n".join(lines) + "\n"


class Overrides(NamedTuple):
    """Settings given for every file (the command line's options): lists extend the
    configuration file's, other values replace them when set."""

    glossaries: tuple[str, ...] = ()
    no_builtin: bool = False
    ignore_words: tuple[str, ...] = ()
    ignore_regex: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    tone_style: str | None = None
    checks: tuple[str, ...] | None = None
    check_hidden: bool = False
    undecodable: str | None = None


_NO_OVERRIDES = Overrides()


class Resolver:
    """The settings of each path: its nearest configuration file (or the one ``config``
    names, or ``base`` with ``use_config=False`` or where none is found), then
    ``overrides``. Files are read once.

    >>> Resolver(use_config=False, overrides=Overrides(ignore_words=("nhắp",)))("a.txt").ignore_words
    ('nhắp',)
    """

    def __init__(
        self, *, config: str | None = None, use_config: bool = True, overrides: Overrides | None = None,
        base: Settings | None = None,
    ) -> None:
        self.config = config
        self.use_config = use_config
        self.overrides = overrides or _NO_OVERRIDES
        self._loaded: dict[str | None, Settings] = {None: base or Settings()}  # None: no file

    def base(self, path: str) -> Settings:
        """The configuration file's settings for ``path``, before the overrides."""
        if not self.use_config:
            source = None
        elif self.config:
            source = self.config
        else:
            directory = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
            source = find_config(directory)
            if source is None:  # no glossary configuration: codespell's, if there is one
                from .codespell_compat import find_codespell_config

                source = find_codespell_config(directory)
        got = self._loaded.get(source)  # None is always there: the base
        if got is None and source is not None:
            got = self._loaded[source] = load_config(source)
        return got or self._loaded[None]

    def __call__(self, path: str) -> Settings:
        o = self.overrides
        base = self.base(path)
        merged = base._replace(
            glossaries=base.glossaries + tuple(os.path.abspath(g) for g in o.glossaries),
            builtin=base.builtin and not o.no_builtin,
            ignore_words=base.ignore_words + o.ignore_words,
            ignore_regex=base.ignore_regex + o.ignore_regex,
            exclude=base.exclude + o.exclude,
            tone_style=o.tone_style or base.tone_style,
            checks=base.checks if o.checks is None else o.checks,
            check_hidden=o.check_hidden or base.check_hidden,
            undecodable=o.undecodable or base.undecodable,
        )
        if o != _NO_OVERRIDES:
            check_values(merged, "command line")
        return merged
