"""glossary: a compact, trie-backed glossary of abbreviations and typos.

Expand abbreviations and fix typos in running text (Vietnamese first, any language
after), and get every edit back as a span of the caller's original string.

>>> import glossary
>>> glossary.normalize("lực lượng CABD, nững biểu hiện, hiêu quả")
'lực lượng CAND, những biểu hiện, hiệu quả'

Importing the package reads no data; the built-in glossary is loaded on first use.
"""

from __future__ import annotations

from .resources import VERSION
from .typed import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from .api import Glossary
    from .checking import FileReport, Reported
    from .config import Settings as CheckSettings
    from .edits import Explained, apply_edits
    from .errors import (
        CompiledFormatError,
        GlossaryError,
        GlossaryFileError,
        GlossaryIOError,
        GlossaryKeyError,
        GlossaryTypeError,
        OptionError,
        Problem,
    )
    from .model import Definition, Edit, EditKind, Entry, Kind, Match, Style, ToneStyle
    from .spell import Finding

__version__ = VERSION

__all__ = [
    "CheckSettings",
    "CompiledFormatError",
    "Definition",
    "Edit",
    "EditKind",
    "Entry",
    "Explained",
    "FileReport",
    "Finding",
    "Glossary",
    "GlossaryError",
    "GlossaryFileError",
    "GlossaryIOError",
    "GlossaryKeyError",
    "GlossaryTypeError",
    "Kind",
    "Match",
    "OptionError",
    "Problem",
    "Reported",
    "Style",
    "ToneStyle",
    "__version__",
    "apply_edits",
    "check_paths",
    "check_text",
    "expand",
    "expand_and_explain",
    "find",
    "load",
    "lookup",
    "mine",
    "normalize",
    "normalize_and_explain",
    "restore_marks",
    "restore_marks_and_explain",
    "settings_for",
]

#: Public names defined in modules that ``import glossary`` does not load: name -> module.
#: Nothing but this face is imported with the package: a command or a script that needs
#: one corner of the library does not pay for the rest at start-up.
_LAZY = {
    "Glossary": "api", "CheckSettings": "config", "FileReport": "checking", "Reported": "checking",
    "Finding": "spell", "Explained": "edits", "apply_edits": "edits", "CompiledFormatError": "errors",
    "GlossaryError": "errors", "GlossaryFileError": "errors", "GlossaryIOError": "errors",
    "GlossaryKeyError": "errors", "GlossaryTypeError": "errors", "OptionError": "errors", "Problem": "errors",
    "Definition": "model", "Edit": "model", "EditKind": "model", "Entry": "model", "Kind": "model",
    "Match": "model", "Style": "model", "ToneStyle": "model",
}
#: Submodules that ``import glossary`` used to bind as attributes, bound on first use.
_SUBMODULES = frozenset({"edits", "errors", "model"})


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None and name not in _SUBMODULES:
        raise AttributeError(f"module 'glossary' has no attribute {name!r}")
    import importlib

    mod = importlib.import_module(f".{module or name}", __name__)
    value = mod if module is None else getattr(mod, "Settings" if name == "CheckSettings" else name)
    globals()[name] = value  # found once: later uses are plain attribute reads
    return value


def load(*paths: str, builtin: bool | None = None, engine: str = "auto", layers: Iterable[str] = ()) -> Glossary:
    """Load a glossary: ``load()`` is the built-in one, ``load("my.csv")`` a user file
    (CSV or compiled) on its own, ``load("my.csv", builtin=True)`` the user file layered
    over the built-in one (the user's rows win). ``engine`` picks the scanner:
    ``"auto"`` (the C one when it is built), ``"c"`` or ``"python"``. ``layers`` adds
    opt-in built-in layers: ``load(layers=["informal"])`` also expands chat shorthand."""
    from .loading import load as _load

    return _load(*paths, builtin=builtin, engine=engine, layers=layers)


def _builtin() -> Glossary:
    from .loading import builtin_glossary

    return builtin_glossary()


def normalize(text: str, *, tone_style: ToneStyle | str | None = None) -> str:
    """:meth:`Glossary.normalize` with the built-in glossary."""
    return _builtin().normalize(text, tone_style=tone_style)


def normalize_and_explain(text: str, *, tone_style: ToneStyle | str | None = None) -> Explained:
    """:meth:`Glossary.normalize_and_explain` with the built-in glossary."""
    return _builtin().normalize_and_explain(text, tone_style=tone_style)


def restore_marks(
    text: str, *, min_confidence: float = 0.0, lost_only: bool = False, informal: bool = False
) -> str:
    """Give unaccented Vietnamese its marks back (see :func:`glossary.restore.restore_marks`).

    >>> restore_marks("Khong co gi")
    'Không có gì'
    """
    from .restore import restore_marks as _restore

    return _restore(text, min_confidence=min_confidence, lost_only=lost_only, informal=informal)


def restore_marks_and_explain(
    text: str, *, min_confidence: float = 0.0, lost_only: bool = False, informal: bool = False
) -> Explained:
    """:func:`restore_marks` with its edits (see :func:`glossary.restore.restore_marks_and_explain`)."""
    from .restore import restore_marks_and_explain as _explain

    return _explain(text, min_confidence=min_confidence, lost_only=lost_only, informal=informal)


def expand(
    text: str, *, style: Style | str = "replace", domains: Iterable[str] | str | None = None, learn: bool = False
) -> str:
    """:meth:`Glossary.expand` with the built-in glossary."""
    return _builtin().expand(text, style=style, domains=domains, learn=learn)


def expand_and_explain(
    text: str, *, style: Style | str = "replace", domains: Iterable[str] | str | None = None, learn: bool = False
) -> Explained:
    """:meth:`Glossary.expand_and_explain` with the built-in glossary."""
    return _builtin().expand_and_explain(text, style=style, domains=domains, learn=learn)


def find(
    text: str, *, kinds: Iterable[Kind | str] | None = None, domains: Iterable[str] | str | None = None
) -> list[Match]:
    """:meth:`Glossary.find` with the built-in glossary."""
    return _builtin().find(text, kinds=kinds, domains=domains)


def mine(text: str, *, min_confidence: float | None = None) -> list[Definition]:
    """Abbreviations ``text`` defines in place (see :mod:`glossary.mining`), at least
    ``min_confidence`` sure (default: :data:`glossary.mining.MIN_CONFIDENCE`, as
    ``glossary mine``); ``min_confidence=0`` returns every candidate."""
    from .mining import mine as _mine

    return _mine(text) if min_confidence is None else _mine(text, min_confidence=min_confidence)


def lookup(term: str) -> list[Entry]:
    """:meth:`Glossary.lookup` with the built-in glossary."""
    return _builtin().lookup(term)


def check_text(text: str, *, settings: CheckSettings | None = None) -> list[Finding]:
    """The findings of ``glossary check`` in ``text`` (see :func:`glossary.checking.check_text`)."""
    from .checking import check_text as _check_text

    return _check_text(text, settings=settings)


def check_paths(
    paths: Iterable[str], *, settings: CheckSettings | Callable[[str], CheckSettings] | None = None, jobs: int = 1,
    write: bool = False, diff: bool = False,
) -> Iterator[FileReport]:
    """Check files and trees as ``glossary check`` does (see :func:`glossary.checking.check_paths`)."""
    from .checking import check_paths as _check_paths

    return _check_paths(paths, settings=settings, jobs=jobs, write=write, diff=diff)


def settings_for(path: str = ".") -> CheckSettings:
    """The check settings of ``path``: its nearest configuration file, else the defaults."""
    from .checking import settings_for as _settings_for

    return _settings_for(path)
