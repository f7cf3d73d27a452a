"""Learn abbreviations from text: find where a document defines its own short forms.

Vietnamese (and English) writing defines abbreviations in place. :func:`mine` finds four
patterns, and reports each definition with the spans of both forms, a confidence in
[0, 1] and the pattern that found it:

``paren``          long form, then the short form in parentheses: *Ủy ban nhân dân (UBND)*
``paren-reverse``  short form, then the long form in parentheses: *UBND (Ủy ban nhân dân)*
``cue``            a cue phrase before the short form: *Công an nhân dân, viết tắt là CAND*,
                   *(sau đây gọi tắt là NHCSXH)*, *(hereinafter "MPI")*, *abbreviated as IoT*
``cue-reverse``    a cue phrase after it: *CCCD là viết tắt của căn cước công dân*,
                   *HTTP stands for Hypertext Transfer Protocol*

The long form's extent comes from the short form's letters, matched to syllable initials
(see :mod:`glossary._mine_align`), not from a fixed number of words. Definitions whose
letters do not match (*Tổ chức Y tế Thế giới (WHO)*) get a confidence of 0.2 or
less, below :data:`MIN_CONFIDENCE` (0.5), the threshold every part of the library
applies by default.

>>> [(d.short, d.long, d.pattern) for d in mine("Theo Bộ Giáo dục và Đào tạo (GD&ĐT), kỳ thi ...")]
[('GD&ĐT', 'Giáo dục và Đào tạo', 'paren')]
>>> mine("Tổ chức Y tế Thế giới (WHO) khuyến cáo.")
[]
>>> d = mine("Tổ chức Y tế Thế giới (WHO) khuyến cáo.", min_confidence=0)[0]
>>> d.long, d.confidence < MIN_CONFIDENCE
('Tổ chức Y tế Thế giới', True)
>>> mine("Hà Nội (Việt Nam), doanh thu (tăng 5%), xem (Hình 3), (Nguyễn Văn An, 2019).")
[]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from . import _mine_align as al
from ._mine_rows import MIN_CONFIDENCE, MinedRow, aggregate, rows_to_csv, rows_to_jsonl
from .edits import OffsetMap
from .errors import GlossaryTypeError, OptionError
from .model import Definition
from .text import need_text, prepare

__all__ = [
    "MIN_CONFIDENCE",
    "Definition",
    "MinedRow",
    "aggregate",
    "mine",
    "rows_to_csv",
    "rows_to_jsonl",
]

_CUE_FLAGS = re.IGNORECASE
_FORWARD = re.compile(
    r"(?:(?:sau|dưới)\s+đây\s+)?(?:(?:được|còn|hay|thường|sẽ)\s+){0,2}(?:tên\s+)?"
    r"(?:gọi\s+tắt|viết\s+tắt|gọi)(?:\s+là|\s*:)"
    r"|(?:hereinafter|hereafter)(?:\s*,)?(?:\s+(?:collectively\s+)?(?:referred\s+to|called|abbreviated))?(?:\s+as)?"
    r"|(?:(?:is|are)\s+)?abbreviated\s+(?:as|to)",
    _CUE_FLAGS,
)
_REVERSE = re.compile(
    r"(?:(?:là|is|are)\s+)?(?:(?:tên|từ|chữ)\s+)?viết\s+tắt\s+(?:của|cho)"
    r"|(?:(?:is|are)\s+)?(?:an?\s+)?(?:abbreviation|acronym)\s+(?:of|for)"
    r"|stands\s+for|(?:is\s+)?short\s+for",
    _CUE_FLAGS,
)
_PAREN = re.compile(r"\(([^()\n]{1,200})\)")
_GLOSSED = re.compile(r"([^\s:]+)\s*:\s+(\S.*)")
_QUOTES = al.QUOTES
_JOINERS = frozenset(" -–,&/'’.")
_THE = re.compile(r"(?:the|a|an)\s+", _CUE_FLAGS)
#: First words of a parenthesis that is a remark, not a long form (for the low-confidence guess).
_REMARK = frozenset(
    "xem see theo tức nay ngày năm sinh trang đã đang không có chưa khoảng gồm bao từ đến hình bảng ví "
    "tăng giảm bán mua trực e.g i.e ie eg up down about approx cf fig table released".split()
)


def mine(text: str, *, min_confidence: float = MIN_CONFIDENCE) -> list[Definition]:
    """Every definition of a short form in ``text`` at least ``min_confidence`` sure
    (by default :data:`MIN_CONFIDENCE`, the threshold of ``glossary mine`` and of learning),
    in text order; ``min_confidence=0`` returns every candidate.

    Never raises on a ``str``; a non-``str`` raises :class:`~glossary.errors.GlossaryTypeError`.
    """

    text = need_text(text, "mine")
    floor = _threshold(min_confidence)
    view, edits = prepare(text)
    found: dict[tuple[int, int], Definition] = {}
    vmap = OffsetMap(edits)
    for hit in _candidates(view):
        s_start, s_end, l_start, l_end, conf, pattern = hit
        if conf < floor:
            continue
        s_start, s_end = vmap.span_to_input(s_start, s_end)
        l_start, l_end = vmap.span_to_input(l_start, l_end)
        d = Definition(text[s_start:s_end], text[l_start:l_end], s_start, s_end, l_start, l_end, conf, pattern)
        old = found.get((s_start, s_end))
        if old is None or d.confidence > old.confidence:
            found[(s_start, s_end)] = d
    return sorted(found.values(), key=lambda d: (d.short_start, d.long_start))


def _threshold(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise GlossaryTypeError(f"min_confidence must be a number, not {type(value).__name__}")
    if not 0.0 <= value <= 1.0:
        raise OptionError(f"min_confidence must be between 0 and 1, not {value!r}")
    return float(value)


_Hit = tuple[int, int, int, int, float, str]


def _candidates(view: str) -> Iterable[_Hit]:
    inside: list[tuple[int, int]] = []
    for m in _PAREN.finditer(view):
        inside.append(m.span())
        yield from _paren(view, m.start(), m.start(1), m.end(1))
    for m in _FORWARD.finditer(view):
        if _within(inside, m.start()) or not _word_edges(view, m.start(), m.end()):
            continue
        start, end = _trim(view, m.end(), al.boundary_after(view, m.end()), _QUOTES + " ,")
        start = _skip_article(view, start, end)
        short = _short_after(view, start, end)
        if short:
            yield from _forward(view, _window_end(view, m.start()), short[0], short[1], "cue")
    for m in _REVERSE.finditer(view):
        if _within(inside, m.start()) or not _word_edges(view, m.start(), m.end()):
            continue
        short = _token_before(view, m.start())
        if short:
            yield from _reverse(view, short, m.end(), al.boundary_after(view, m.end()), al.START, "cue-reverse")


def _paren(view: str, open_at: int, cs: int, ce: int) -> Iterable[_Hit]:
    cs, ce = _trim(view, cs, ce, _QUOTES + " ")
    if cs >= ce:
        return
    glossed = _GLOSSED.match(view, cs, ce)
    if glossed and al.acronym_like(glossed.group(1)):  # long (SHORT: gloss) or long (SHORT: long)
        yield from _reverse(view, glossed.span(1), glossed.start(2), ce, al.BOTH, "paren-reverse", guess=False)
        yield from _forward(view, open_at, *glossed.span(1), "paren")
        return
    cue = _FORWARD.match(view, cs, ce)
    if cue and _word_edges(view, cue.start(), cue.end()):
        ss, se = _trim(view, cue.end(), ce, _QUOTES + " ,")
        ss = _skip_article(view, ss, se)
        ss, se = _trim(view, ss, se, _QUOTES + " ")
        yield from _forward(view, open_at, ss, se, "cue")
        return
    cue = _REVERSE.match(view, cs, ce)
    short = _token_before(view, open_at)
    if cue and short and _word_edges(view, cue.start(), cue.end()):
        yield from _reverse(view, short, cue.end(), ce, al.START, "cue-reverse")
        return
    if al.parse_short(view[cs:ce]) is not None:
        yield from _forward(view, open_at, cs, ce, "paren")
    elif short:
        yield from _reverse(view, short, cs, min(ce, al.boundary_after(view, cs)), al.BOTH, "paren-reverse")


def _forward(view: str, end: int, ss: int, se: int, pattern: str) -> Iterable[_Hit]:
    """The long form ends at ``end`` (before the parenthesis or the cue); the short form is ``view[ss:se]``."""
    short = view[ss:se]
    variants = al.parse_short(short)
    if variants is None:
        return
    end = _window_end(view, end)
    k = len(variants[0])
    syls = al.syllables(view, al.boundary_before(view, end), end)[-min(40, max(3 * k, k + 8)) :]
    if not syls:
        return
    found = al.align(variants, syls, al.END)
    if found is not None:
        ok = _long_ok(view, syls, found.first, found.last, short)
        if ok:
            yield ss, se, syls[found.first].start, syls[found.last].end, al.confidence(found.cost, k), pattern
            return
    guess = _guess_before(syls, short)
    if guess is not None:
        first, conf = guess
        if _long_ok(view, syls, first, len(syls) - 1, short):
            yield ss, se, syls[first].start, syls[-1].end, conf, pattern


def _reverse(
    view: str, short: tuple[int, int], ls: int, le: int, mode: str, pattern: str, *, guess: bool = True
) -> Iterable[_Hit]:
    """The short form is ``view[short]``; the long form is read from ``view[ls:le]``."""
    ss, se = short
    variants = al.parse_short(view[ss:se])
    if variants is None:
        return
    syls = al.syllables(view, ls, le)[:40]
    if not syls:
        return
    found = al.align(variants, syls, mode)
    if found is not None and _long_ok(view, syls, found.first, found.last, view[ss:se]):
        conf = al.confidence(found.cost, len(variants[0]))
        yield ss, se, syls[found.first].start, syls[found.last].end, conf, pattern
        return
    if not guess or not _single_acronym(view[ss:se]):
        return
    words = view[ls:le].split()
    if mode == al.BOTH:
        plain = all(w.isalpha() for w in words) and words[0].lower().strip(".") not in _REMARK
        if plain and 2 <= len(syls) <= 12 and _long_ok(view, syls, 0, len(syls) - 1, view[ss:se]):
            yield ss, se, syls[0].start, syls[-1].end, 0.15, pattern
    elif len(syls) >= 2:
        last = min(len(syls), len(variants[0]) + 2) - 1
        yield ss, se, syls[0].start, syls[last].end, 0.1, pattern


def _single_acronym(short: str) -> bool:
    letters = [c for c in short if c.isalpha()]
    return (
        " " not in short and al.acronym_like(short) and not al.is_roman(short) and 2 <= len(letters) <= 8
        and sum(c.isupper() for c in letters) >= 2
    )


def _guess_before(syls: list[al.Syllable], short: str) -> tuple[int, float] | None:
    """Where a long form whose letters do not match the short form probably starts: the
    run of capitalized words before it (*Tổ chức Y tế Thế giới*), else a few words."""
    if not _single_acronym(short) or len(syls) < 2 or syls[-1].numeric:
        return None
    first, gap = len(syls), 0
    for i in range(len(syls) - 1, -1, -1):
        sy = syls[i]
        if sy.cap:
            first, gap = i, 0
        elif sy.numeric or gap == 2 or (sy.english and not sy.func):
            break  # English names leave only function words in lower case
        else:
            gap += 1
    if first < len(syls) - 1:
        return first, 0.2
    k = sum(c.isalnum() for c in short)
    first, conf = 0, 0.15  # a short clause that ends with the short form: take it whole
    if len(syls) > min(2 * k + 1, 8):
        first, conf = len(syls) - 1, 0.1
        while first > 0 and len(syls) - first < k + 1 and not syls[first - 1].func and not syls[first - 1].numeric:
            first -= 1
    while first < len(syls) - 1 and syls[first].func:
        first += 1
    return (first, conf) if first < len(syls) - 1 else None


def _long_ok(view: str, syls: list[al.Syllable], first: int, last: int, short: str) -> bool:
    """A long form has two words at least, joined by spaces and light punctuation only, and
    does not hold the short form itself."""
    if last <= first:
        return False
    long = view[syls[first].start : syls[last].end]
    if any(not c.isalnum() and c not in _JOINERS and not unicodedata.combining(c) for c in long):
        return False  # "n • Tổng", "trả về: x"
    words = {m.group() for m in al.WORD.finditer(long)}
    return short not in words and long.casefold().replace(" ", "") != short.casefold().replace(" ", "")


def _within(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside one of ``spans`` (sorted, not overlapping)?"""
    import bisect

    i = bisect.bisect_right(spans, (pos, len(spans) and spans[-1][1] + 1)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _word_edges(view: str, s: int, e: int) -> bool:
    """Is ``view[s:e]`` a whole-word match (no letter glued to either side)?"""
    return (s == 0 or not view[s - 1].isalnum()) and (e == len(view) or not view[e].isalnum())


def _trim(view: str, s: int, e: int, chars: str) -> tuple[int, int]:
    while s < e and view[s] in chars:
        s += 1
    while e > s and view[e - 1] in chars:
        e -= 1
    return s, e


def _skip_article(view: str, s: int, e: int) -> int:
    m = _THE.match(view, s, e)
    return m.end() if m else s


def _window_end(view: str, end: int) -> int:
    """Back over spaces and commas, and into a quotation that ends there (*“Internet of Things” is ...*)."""
    while end > 0 and view[end - 1] in " ,":
        end -= 1
    if end > 0 and view[end - 1] in _QUOTES:
        end -= 1
    return end


def _short_after(view: str, s: int, e: int) -> tuple[int, int] | None:
    """The short form after a cue: up to five words, ending at the last abbreviation-like one."""
    stop = s
    for m in re.finditer(r"\S+", view[s:e]):
        if m.start() > 0 and view[s + m.start() - 1] != " ":
            break
        tok = m.group().strip(_QUOTES + ",")
        if al.acronym_like(tok):
            stop = s + m.start() + len(m.group().rstrip(_QUOTES + ","))
        if m.end() > 60 or len(view[s : s + m.end()].split()) >= 5:
            break
    return (s, stop) if stop > s else None


def _token_before(view: str, pos: int) -> tuple[int, int] | None:
    """The abbreviation-like word that ends just before ``pos`` (spaces and quotes between)."""
    e = pos
    while e > 0 and view[e - 1] in " " + _QUOTES:
        e -= 1
    s = e
    while s > 0 and not view[s - 1].isspace() and view[s - 1] not in "()[]" + _QUOTES:
        s -= 1
    s, e = _trim(view, s, e, _QUOTES + ",;:")
    return (s, e) if s < e and al.acronym_like(view[s:e]) else None
