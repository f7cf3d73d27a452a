"""A frequent English word standing alone among Vietnamese syllables: most likely a
syllable that lost its marks (``các the cho`` for ``các thẻ cho``, ``Them một trường``
for ``Thêm``).

English comes into Vietnamese text as names, terms and whole phrases. The words English
uses most (``the``, ``to``, ``them``, ``do``) hold its phrases together and hardly ever
stand alone between two Vietnamese words, yet the bigram table reads every English word
as one class, and g2p-hamster's counts (English words met in Vietnamese text, whole
phrases included) make such a word look likely there: the table keeps it as English.
Here a word that English text uses often (:data:`SHARE` of its words at least: about the
200 most frequent) is judged as a Vietnamese syllable when it stands alone, between two
Vietnamese syllables (or, capitalised, after a line start or punctuation, before one), and
general Vietnamese (:func:`~glossary.domain.general_gain`) prefers a kin of it there by
:data:`GAIN` nats. A rarer English word (``cat``, ``ten``) is
left to the other rules: alone among Vietnamese syllables it is likely a term (``các trang
cat cũ``).

>>> lone_english("the", "các", "cho")[0], lone_english("Them", "", "một")[0]
('thẻ', 'thêm')
>>> lone_english("the", "", "cho"), lone_english("in", "máy", "của"), lone_english("cat", "các", "rải")
(None, None, None)
"""

from __future__ import annotations

from functools import lru_cache

from ._restore_model import tables
from .context import channel_cost, kin, word_class
from .domain import _syllable
from .english import english_share

__all__ = ["GAIN", "SHARE", "lone_english"]

#: the share of the English words met in Vietnamese text that such a word must take (the
#: at 6%, them 0.14%, may 0.09%, man 0.05%; ten and cat 0.01%)
SHARE = 5e-4
#: nats by which general Vietnamese must prefer a kin of the word between its neighbours
GAIN = 8.0


def lone_english(word: str, left: str, right: str) -> tuple[str, ...] | None:
    """The kin of ``word`` (best first) when it is a frequent English word standing alone
    between the words ``left`` and ``right`` (only blanks between; "" for none) and general
    Vietnamese prefers a kin there; else None."""
    low = word.lower()
    if not low.isascii() or english_share(low) < SHARE:
        return None
    if not (_syllable(right) and (_syllable(left) or (not left and word.istitle()))):
        return None
    return _preferred(low, left.lower(), right.lower())


@lru_cache(maxsize=1 << 14)
def _preferred(low: str, left: str, right: str) -> tuple[str, ...] | None:
    """The kin of ``low`` best first in the general model between ``left`` and ``right``
    (each weighed with its channel cost, as :func:`~glossary.domain.general_gain` weighs
    them), when the best beats ``low`` by :data:`GAIN` nats; else None."""
    kins = kin(low)
    if not kins:
        return None
    own, *weights = tables().between(word_class(left), (low, *kins), word_class(right))
    ranked = sorted(((w - channel_cost(low, k), k) for w, k in zip(weights, kins, strict=True)), reverse=True)
    return tuple(k for _, k in ranked) if ranked[0][0] - own >= GAIN else None
