"""Restore the marks of Vietnamese written without them: ``khong co gi`` -> ``không có gì``.

A Viterbi search over the syllable bigram model of :mod:`glossary.context`, with trigram
counts over it, picks, for each run of words between breaks (a line end, punctuation), the
likeliest marked spelling of every unaccented syllable. Only ASCII words whose letters spell
an attested syllable are candidates; everything else stays as written: words that already
carry a mark, numbers, URLs, e-mail addresses, file names, code (anything holding
``. / _ @ : = '`` or a digit, and text between backticks), acronyms in mixed-case text,
``camelCase``, and words that read better as English (g2p-hamster's counts of English words
in Vietnamese text, as the checker weighs them).

>>> restore_marks("Khong co gi, cam on ban!")
'Không có gì, cảm ơn bạn!'
>>> restore_marks("Mở file README.md trong thu muc docs/")
'Mở file README.md trong thư mục docs/'

``min_confidence`` leaves a syllable as written unless the model gives its choice at least
that share of the probability over every reading of its run of words (precision first;
:data:`PRECISE` is the setting measured in ``benchmarks/restore_eval.py``); a choice the
table never saw beside a neighbouring word rests on the unigram alone and gets at most
:data:`~glossary._restore_model.NO_EVIDENCE`. ``lost_only``
is for text that is marked except for a few words: only lines with Vietnamese marks are
read, and an unaccented word that is itself a syllable (``hay``, ``cho``) is kept unless
its context clearly wants a marked one (:data:`~glossary._restore_words.LOST_KEEP_BONUS`).

>>> restore_marks("Tôi khong biết cach làm", lost_only=True)
'Tôi không biết cách làm'

Restoring is idempotent, and a word that carries any mark is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._restore_model import Word, confidences, decode, tables
from ._restore_words import chains
from .edits import Explained, apply_edits
from .errors import OptionError
from .model import Edit, EditKind, Kind, Match
from .shorthand import shorthand
from .text import carry_case, fold, need_text

__all__ = ["PRECISE", "SHORTHAND_CONFIDENCE", "find_shorthand", "restore_marks", "restore_marks_and_explain"]

#: the ``min_confidence`` of the precision setting (see ``benchmarks/restore_eval.py``)
PRECISE = 0.99
#: ambiguous chat shorthand (``k``, ``ng``) is expanded only with at least this confidence,
#: above :data:`~glossary._restore_model.NO_EVIDENCE` so that it needs bigram evidence (tuned
#: on seeds 2-4 of ``benchmarks/shorthand_eval.py``, seed 1 being the one reported: from 0.9
#: it writes out about 5 points more of the injected shorthand, with no more wrong)
SHORTHAND_CONFIDENCE = 0.85

_keys: list[re.Pattern[str]] = []  #: the ambiguous keys as whole words (built once)


def restore_marks_and_explain(
    text: str, *, min_confidence: float = 0.0, lost_only: bool = False, informal: bool = False
) -> Explained:
    """:func:`restore_marks`, with every restored word as an :class:`~glossary.model.Edit`
    of kind :attr:`~glossary.model.EditKind.MARKS` (expanded shorthand: ``VARIANT``), and
    the ambiguous shorthand left as written in ``unresolved``.

    >>> r = restore_marks_and_explain("Xin chao!")
    >>> r.text, [(e.start, e.end, e.before, e.after) for e in r.edits]
    ('Xin chào!', [(4, 8, 'chao', 'chào')])
    """
    need_text(text, "restore_marks")
    if not 0.0 <= min_confidence <= 1.0:
        raise OptionError(f"min_confidence must be between 0 and 1, not {min_confidence!r}")
    if text.isascii() and not any(c.isalpha() for c in text):
        return Explained(text, ())
    edits: list[Edit] = []
    unresolved: list[Match] = []
    for w, out in _choices(text, min_confidence, lost_only, informal):
        if out is None:
            if w.shorthand:
                unresolved.append(_left(w))
            continue
        after = carry_case(w.text, out)
        if after != w.text:
            chat = informal and (w.shorthand or fold(w.text) in shorthand().fixed)
            kind = EditKind.VARIANT if chat else EditKind.MARKS
            edits.append(Edit(w.start, w.end, w.text, after, kind, w.text.lower() if chat else ""))
    return Explained(apply_edits(text, edits) if edits else text, tuple(edits), tuple(unresolved))


def find_shorthand(text: str) -> list[Match]:
    """The chat shorthand with several readings in ``text`` (``k``, ``ng``, ``mk``: the
    rows of ``data/informal_context.csv``), each with the reading its context decides as
    ``replacement`` (case carried over), or ``None`` when the context does not decide
    (``entries`` lists every reading). Its neighbours are read as :func:`restore_marks`
    with ``informal`` reads them.

    >>> [(m.surface, m.replacement) for m in find_shorthand("tập tin k tồn tại, phím k")]
    [('k', 'không'), ('k', None)]
    """
    need_text(text, "find_shorthand")
    out = []
    end = 0
    for hit in _key_words().finditer(fold(text)):  # words are read line by line: only the lines with shorthand
        if hit.start() < end:
            continue
        start = max(text.rfind("\n", 0, hit.start()), text.rfind("\r", 0, hit.start())) + 1
        end = min((i for i in (text.find("\n", hit.end()), text.find("\r", hit.end())) if i >= 0), default=len(text))
        for w, got in _choices(text[start:end], 0.0, False, True, only_shorthand=True):
            if w.shorthand:
                m = _left(w) if got is None else _left(w)._replace(replacement=carry_case(w.text, got))
                out.append(m._replace(start=m.start + start, end=m.end + start))
    return out


def _key_words() -> re.Pattern[str]:
    """The words spelled as ambiguous shorthand, folded (a quick search before reading a line)."""
    if not _keys:
        keys = sorted(shorthand().context, key=len, reverse=True)
        _keys.append(re.compile(r"\b(?:" + "|".join(map(re.escape, keys)) + r")\b"))
    return _keys[0]


def _left(w: Word) -> Match:
    """Ambiguous shorthand ``w`` as a match with every reading and none chosen."""
    return Match(w.start, w.end, w.text, Kind.ABBREVIATION, None, shorthand().context[fold(w.text)])


def _choices(
    text: str, min_confidence: float, lost_only: bool, informal: bool, *, only_shorthand: bool = False
) -> Iterator[tuple[Word, str | None]]:
    """Each candidate word of ``text`` and what it becomes, None when it stays as written
    (less sure than ``min_confidence``, or for shorthand :data:`SHORTHAND_CONFIDENCE`)."""
    t = tables()
    for words in chains(text, lost_only, informal, t):
        if only_shorthand and not any(w.shorthand for w in words):
            continue
        path = decode(words, t)
        sure = confidences(words, path, t) if min_confidence > 0 or any(w.shorthand for w in words) else None
        for i, (w, k) in enumerate(zip(words, path, strict=True)):
            out = w.options[k].out
            need = max(min_confidence, SHORTHAND_CONFIDENCE) if w.shorthand else min_confidence
            yield w, None if out is None or (sure is not None and need > 0 and sure[i] < need) else out


def restore_marks(text: str, *, min_confidence: float = 0.0, lost_only: bool = False, informal: bool = False) -> str:
    """``text`` with the marks of its unaccented Vietnamese syllables restored; with
    ``informal``, chat shorthand expanded too (``ko`` -> ``không``; ``k``, ``ng``,
    ``bn`` only where the context decides).

    >>> restore_marks("Tieng Viet")
    'Tiếng Việt'
    >>> restore_marks("ko bik j het", informal=True)
    'không biết gì hết'
    """
    return restore_marks_and_explain(text, min_confidence=min_confidence, lost_only=lost_only, informal=informal).text
