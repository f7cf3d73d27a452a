"""Restore the marks of Vietnamese written without them: ``khong co gi`` -> ``không có gì``.

A Viterbi search over the syllable bigram model of :mod:`glossary.context` picks, for each
run of words between breaks (a line end, punctuation), the likeliest marked spelling of every
unaccented syllable. Only ASCII words whose letters spell an attested syllable are candidates;
everything else stays as written: words that already carry a mark, numbers, URLs, e-mail
addresses, file names, code (anything holding ``. / _ @ : = '`` or a digit, and text between
backticks), acronyms in mixed-case text, ``camelCase``, and words that read better as English
(g2p-hamster's counts of English words in Vietnamese text, as the checker weighs them).

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

from ._restore_model import confidences, decode, tables
from ._restore_words import chains
from .edits import Explained, apply_edits
from .errors import OptionError
from .model import Edit, EditKind, Kind, Match
from .shorthand import shorthand
from .text import carry_case, fold, need_text

__all__ = ["PRECISE", "restore_marks", "restore_marks_and_explain"]

#: the ``min_confidence`` of the precision setting (see ``benchmarks/restore_eval.py``)
PRECISE = 0.99
#: ambiguous chat shorthand (``k``, ``ng``) is expanded only with at least this confidence
SHORTHAND_CONFIDENCE = 0.9


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
    t = tables()
    edits: list[Edit] = []
    unresolved: list[Match] = []
    for words in chains(text, lost_only, informal, t):
        path = decode(words, t)
        sure = confidences(words, path, t) if min_confidence > 0 or any(w.shorthand for w in words) else None
        for i, (w, k) in enumerate(zip(words, path, strict=True)):
            out = w.options[k].out
            need = max(min_confidence, SHORTHAND_CONFIDENCE) if w.shorthand else min_confidence
            if out is None or (sure is not None and need > 0 and sure[i] < need):
                if w.shorthand:
                    senses = shorthand().context[fold(w.text)]
                    unresolved.append(Match(w.start, w.end, w.text, Kind.ABBREVIATION, None, senses))
                continue
            after = carry_case(w.text, out)
            if after != w.text:
                chat = informal and (w.shorthand or fold(w.text) in shorthand().fixed)
                kind = EditKind.VARIANT if chat else EditKind.MARKS
                edits.append(Edit(w.start, w.end, w.text, after, kind, w.text.lower() if chat else ""))
    return Explained(apply_edits(text, edits) if edits else text, tuple(edits), tuple(unresolved))


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
