"""glossary: a compact, trie-backed glossary of abbreviations and typos.

Expand abbreviations and fix typos in running text (Vietnamese first, any language
after), and get every edit back as a span of the caller's original string.

>>> import glossary
>>> glossary.normalize("lực lượng CABD, nững biểu hiện, hiêu quả")
'lực lượng CAND, những biểu hiện, hiệu quả'

Importing the package reads no data; the built-in glossary is loaded on first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .edits import Explained, apply_edits
from .errors import (
    CompiledFormatError,
    GlossaryError,
    GlossaryFileError,
    GlossaryIOError,
    GlossaryTypeError,
    OptionError,
    Problem,
)
from .model import Definition, Edit, EditKind, Entry, Kind, Match, Style, ToneStyle
from .resources import VERSION

if TYPE_CHECKING:
    from .api import Glossary

__version__ = VERSION

__all__ = [
    "CompiledFormatError",
    "Edit",
    "EditKind",
    "Entry",
    "Explained",
    "Glossary",
    "GlossaryError",
    "GlossaryFileError",
    "GlossaryIOError",
    "GlossaryTypeError",
    "Kind",
    "Match",
    "OptionError",
    "Problem",
    "Style",
    "ToneStyle",
    "__version__",
    "apply_edits",
    "expand",
    "expand_and_explain",
    "find",
    "load",
    "lookup",
    "mine",
    "normalize",
    "normalize_and_explain",
]


def __getattr__(name: str) -> object:
    if name == "Glossary":
        from .api import Glossary

        return Glossary
    raise AttributeError(f"module 'glossary' has no attribute {name!r}")


def load(*paths: str, builtin: bool | None = None, engine: str = "auto") -> Glossary:
    """Load a glossary: ``load()`` is the built-in one, ``load("my.csv")`` a user file
    (CSV or compiled) on its own, ``load("my.csv", builtin=True)`` the user file layered
    over the built-in one (the user's rows win). ``engine`` picks the scanner:
    ``"auto"`` (the C one when it is built), ``"c"`` or ``"python"``."""
    from .loading import load as _load

    return _load(*paths, builtin=builtin, engine=engine)


def _builtin() -> Glossary:
    from .loading import builtin_glossary

    return builtin_glossary()


def normalize(text: str, *, tone_style: ToneStyle | str | None = None) -> str:
    """:meth:`Glossary.normalize` with the built-in glossary."""
    return _builtin().normalize(text, tone_style=tone_style)


def normalize_and_explain(text: str, *, tone_style: ToneStyle | str | None = None) -> Explained:
    """:meth:`Glossary.normalize_and_explain` with the built-in glossary."""
    return _builtin().normalize_and_explain(text, tone_style=tone_style)


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


def mine(text: str, *, min_confidence: float = 0.0) -> list[Definition]:
    """Abbreviations ``text`` defines in place (see :mod:`glossary.mining`)."""
    from .mining import mine as _mine

    return _mine(text, min_confidence=min_confidence)


def lookup(term: str) -> list[Entry]:
    """:meth:`Glossary.lookup` with the built-in glossary."""
    return _builtin().lookup(term)
