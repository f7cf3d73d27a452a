"""Capitalised words in Vietnamese text: which capital a sentence, a list item or a menu
explains, and which capitals inside a sentence may still be slips.

A capital begins a sentence, a list item (after a bullet at a line start) or a menu
item (after ``>`` in a menu path: ``Xem > Chuẩn``); anywhere else it usually begins a
name, and names are never judged. Two kinds of capital inside a sentence are judged all
the same, each on its own evidence:

- a marked word that is a slip of a syllable, not tied to its neighbour by a joiner
  (:func:`marked_near_syllable`: ``Trợ lý Biêu mẫu``), as a non-word;
- the first word of a sentence-case label (:func:`label_word`: ``Chọn Cong cụ``,
  ``Chương trình Quan lý``), in context as a lower-case word is: its lower-case form is
  an attested syllable, a lower-case word follows it, and the bigram table reads one of
  its kin as the first word of a compound with that word (of the pairs that end with the
  word after, the kin begins :data:`LABEL_SHARE` of them, seen :data:`LABEL_PAIRS` times
  at least) and has seen that kin after the word before as often (when that word is a
  syllable: ``anh Tám chiếu phim`` is a name, the table never saw ``anh tham``);
- the last word of a label, after a lower-case word: before punctuation or the line's end
  (``cửa sổ Lênh.``, ``Định dạng Báng,``), or before a lower-case word when one of its kin
  is the second word of a compound with the word before it (``cửa sổ Lênh để``), in
  context as a lower-case word is (:func:`label_word` too).

A capital after another capital is part of a name or of a title-case run and is left
alone (``Bạc Liêu``, ``Trường Chinh``, ``Tây Ban Nha``), and so is a capital before one
(``Nguyễn Du``, ``Hà Nội``), in text far from software text (news, conversation). In
text near it (where :func:`~glossary.domain.demand` asks nothing), a title-case run is
mostly a label (``Nguồn Dư Liệu``, ``Hàm Hiển Thi``), and its capitals are judged
(:func:`capital_judged`); so is a capital alone where a kin makes a compound with a
neighbour (``bật Ma hóa``), any other capital alone being a given name (``được Lâm thêm
vào nhóm``). A name is never judged (:func:`in_name`): a run of capitals in which a
surname, or any capital before ``Thị`` or ``Văn``, has another capital after it (``Thêm
Trương Văn Tài``), or a run after a word that puts a name after it (``anh Tín``,
``đường Trường Chinh``). That name rule also spares a name at a sentence start (``Đỗ
Mạnh Khoa đã sửa``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from .context import SPECIAL, kin, model, token_class, word_after, word_before
from .text import BLANKS, CLOSING, OPENING, fold
from .vietnamese import by_letters, counts, strip_marks

__all__ = [
    "COMPOUND_KIN_PAIRS", "COMPOUND_PAIRS", "LABEL_PAIRS", "LABEL_SHARE", "NAME_AFTER", "SURNAMES", "TIED",
    "VIET_LETTERS", "VIET_MARK", "capital_judged", "in_name", "label_word", "marked_near_syllable", "near_syllable",
    "sentence_start",
]

#: of the pairs the table saw end with the word after a label's first word, the share one
#: kin of that first word must begin (``công`` of ``cụ``) ...
LABEL_SHARE = 0.2
#: ... seen this many times at least
LABEL_PAIRS = 5
#: joiners: a word tied by one to a letter is a piece of a longer word
TIED = "-‐&_'’"
#: Vietnamese surnames, lower case: the commonest ones, borne by nearly everyone
SURNAMES = frozenset("""
    nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh trương mai cao tạ lâm
    đoàn chu lưu hà tô trịnh lương quách thái tăng châu la phùng vương kiều triệu thân tôn doãn đào khúc
    mạc lại giang hứa âu diệp lục nghiêm quan tống thạch kim vi hầu ninh lã khổng lạc mã nông trình văn
""".split())
#: times the table must have seen a surname and the word after it side by side for the
#: two to be a compound (``phạm vi``, ``mã hóa``, ``lưu dưới``), not a name (``Phạm Văn``)
COMPOUND_PAIRS = 3
#: ... or beside a kin of that word (the word a slip of it) this many times
COMPOUND_KIN_PAIRS = 20
#: words after which a capital begins a name: kinship terms and titles said before a
#: person's name, and kinds of place said before a place's
NAME_AFTER = frozenset("""
    anh chị em ông bà cô chú bác cậu dì thầy cụ ngài mợ thím dượng bé cháu
    đường phố tỉnh huyện quận xã phường làng sông núi chợ cầu vịnh đảo
""".split())
#: the commonest middle names: a capital before one begins a name
_MIDDLE = frozenset(("thị", "văn"))
#: characters read on either side of a word for the name it may be in
_NAME_REACH = 80
_SENTENCE_END = ".!?…:\"“”'‘’(«\n\r"
_BULLETS = "-*•–—+·>"  # at a line start, before a space: a capital after one starts an item
_NOT_SYLLABLES = SPECIAL | {""}
#: the letters of Vietnamese words, lower case
VIET_LETTERS = frozenset(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
#: a letter only Vietnamese writes (not ASCII, in either case)
VIET_MARK = re.compile("[{}]".format("".join(sorted(
    {c for c in VIET_LETTERS if not c.isascii()} | {c.upper() for c in VIET_LETTERS if not c.isascii()}))))


def sentence_start(view: str, start: int) -> bool:
    """Does the word at ``start`` begin a sentence, a list item (``- Đươc``, ``• Cac``) or
    an item of a menu path (``Xem > Cuẩn``: a ``>`` between spaces)?

    >>> sentence_start("Chọn Xem > Cuẩn", 11), sentence_start("a>Cuẩn", 2), sentence_start("Chọn Cong", 5)
    (True, False, False)
    """
    i = _before_spaces(view, start)
    if i < 0 or view[i] in _SENTENCE_END:
        return True
    if view[i] == ">" and i + 1 < start and i and view[i - 1] in BLANKS:
        return True  # a menu path: Định dạng > Ô, Xem > Bộ sắp xếp ảnh chiếu
    if view[i] not in _BULLETS or i + 1 == start:
        return False
    j = _before_spaces(view, i)
    return j < 0 or view[j] == "\n"


def _before_spaces(view: str, start: int) -> int:
    """The index of the last character before ``start`` that is not a space (-1 for none)."""
    i = start - 1
    while i >= 0 and view[i] in BLANKS:
        i -= 1
    return i


@lru_cache(maxsize=1 << 14)
def near_syllable(word: str) -> bool:
    """Are ``word``'s letters, marks aside, those of an attested syllable (a repeated slip
    such as ``đươc``, not a loanword such as ``lôgic``)?"""
    return bool(by_letters(strip_marks(fold(word))))


def marked_near_syllable(view: str, start: int, word: str) -> bool:
    """Is ``word`` (at ``view[start]``) written with Vietnamese marks, a slip of a syllable
    (``Trợ lý Biêu mẫu``, ``Khàc``) and not tied into a name (``Jean-Đươc``), so that a
    capital inside a sentence (a title-case label) does not make it a name?"""
    end = start + len(word)
    if len(word) < 2 or (start and view[start - 1] in TIED) or view[end : end + 1] in tuple(TIED):
        return False  # one letter, or tied to its neighbour (Jean-Đươc, an access key: Ẩ&n)
    return not word.isascii() and set(fold(word)) <= VIET_LETTERS and near_syllable(word)


def label_word(word: str, view: str, start: int) -> bool:
    """May context judge the capitalised ``word`` at ``view[start]``, inside a sentence,
    as the first word of a sentence-case label, or as the last word of one that follows a
    lower-case word (see the module's notes)?

    >>> label_word("Cong", "Chọn Cong cụ", 5), label_word("Liêu", "tại Bạc Liêu và", 8)
    (True, False)
    >>> label_word("Lênh", "trong cửa sổ Lênh.", 13)
    True
    """
    end, low = start + len(word), fold(word)
    if low not in counts():
        return False
    after, before = word_after(view, end), word_before(view, start)
    if before and before[0].islower() and (
            not after or (after[0].islower() and _ends_compound(token_class(before), low))):
        return True  # the last word of a label: cửa sổ Lênh., Định dạng Báng, cửa sổ Lênh để
    if not after or not after[0].islower():
        return False
    if before and before[0].isupper():
        if not sentence_start(view, _before_spaces(view, start) + 1 - len(before)):
            return False  # after a capital that no sentence start explains: a name (Bạc Liêu, Trường Chinh)
    return _compound_kin(token_class(before) if before else "", low, token_class(after))


@lru_cache(maxsize=1 << 14)
def _ends_compound(left: str, low: str) -> bool:
    """Is a kin of ``low`` the second word of a compound with the syllable class ``left``
    (of the pairs that begin with ``left``, the kin ends :data:`LABEL_SHARE` of them, seen
    :data:`LABEL_PAIRS` times at least: ``sổ lệnh``)?"""
    m = model()
    return any(m.pair_count(left, k) >= LABEL_PAIRS and m.after_share(left, k) >= LABEL_SHARE for k in kin(low))


@lru_cache(maxsize=1 << 14)
def _compound_kin(left: str, low: str, right: str) -> bool:
    """Is a kin of ``low`` the first word of a compound with the class ``right``, and seen
    after ``left`` too (when ``left`` is a syllable; "" for none)?"""
    m = model()
    return any(m.pair_count(k, right) >= LABEL_PAIRS and m.before_share(k, right) >= LABEL_SHARE
               and (left in _NOT_SYLLABLES or m.pair_count(left, k) >= LABEL_PAIRS) for k in kin(low))


def in_name(word: str, view: str, start: int) -> bool:
    """Is the capitalised ``word`` at ``view[start]`` part of a Vietnamese name: in a run
    of capitalised words (blanks between them, on one line) in which a surname has another
    capital after it, or a capital the middle name ``Thị`` or ``Văn`` follows (the two not
    a compound the table knows: :func:`_compound`), or a run after a word of
    :data:`NAME_AFTER`, or one such word begins (``anh Tín``, ``Anh Tín``; not the word
    itself: ``Cô thể`` is a slip of ``Có``)?

    >>> in_name("Tài", "Thêm Trương Văn Tài vào danh bạ.", 16), in_name("Tín", "gặp anh Tín", 8)
    (True, True)
    >>> in_name("Đỗ", "Đỗ Mạnh Khoa đã sửa", 0), in_name("Dư", "Đặt Nguồn Dư Liệu", 10)
    (True, False)
    >>> in_name("Vị", "Chọn Phạm Vị In", 10), in_name("Sớ", "Mở Hồ Sớ", 6)
    (False, False)
    >>> in_name("Cô", "Cô thể chọn", 0), in_name("Nhung", '"Cù Thị Nhung"', 8)
    (False, True)
    """
    end = start + len(word)
    line_start, line_end = view.rfind("\n", 0, start) + 1, view.find("\n", end)
    # a name is a few words: a window of the line around the word is enough (a long line is
    # not split for each capital in it)
    left = view[max(line_start, start - _NAME_REACH) : start]
    right = view[end : min(len(view) if line_end < 0 else line_end, end + _NAME_REACH)]
    before = left.split() if not left or left[-1] in BLANKS else []
    after = right.split(maxsplit=1) if right[:1] in BLANKS else []
    run = [word]
    while before and _name_part(before[-1].lstrip(OPENING)):
        token = before.pop()
        run.insert(0, token.lstrip(OPENING))
        if token[0] in OPENING:  # a name inside quotes or brackets: "Nguyễn Thị Nhung"
            before = []
            break
    lead = len(run) - 1  # capitals before the word
    if after and _name_part(token := after[0].rstrip(CLOSING)):
        run.append(token)
    if (before and fold(before[-1]) in NAME_AFTER) or (lead and fold(run[0]) in NAME_AFTER):
        return True
    folded = [fold(w) for w in run]
    # a surname, or any capital before the middle name Thị or Văn (Cù Thị Hoa), that makes
    # no compound with the capital after it
    return any((a in SURNAMES or b in _MIDDLE) and not _compound(a, b) for a, b in pairwise(folded))


def _name_part(token: str) -> bool:
    """May ``token`` be a word of a name: letters, the first a capital and the rest all
    lower case (``Tín``, ``Ô``) or all capitals (``NGUYỄN Thị Nhung``)?"""
    return token.isalpha() and token[0].isupper() and (token[1:].islower() or token.isupper() or len(token) == 1)


@lru_cache(maxsize=1 << 14)
def _compound(first: str, second: str) -> bool:
    """Has the table seen ``first`` beside ``second`` :data:`COMPOUND_PAIRS` times
    (``phạm vi``, not ``phạm văn``), or beside a kin of it :data:`COMPOUND_KIN_PAIRS`
    times (a slip in a label: ``Trình Quan Lý``; not ``Lý Thành``, seen as ``lý thanh``)?"""
    m = model()
    return m.pair_count(first, second) >= COMPOUND_PAIRS or any(
        m.pair_count(first, k) >= COMPOUND_KIN_PAIRS for k in kin(second))


def capital_judged(word: str, view: str, start: int) -> bool | None:
    """May context judge the capitalised ``word`` at ``view[start]``: yes at a sentence
    start or as a word of a label (:func:`label_word`); None, for only in text near
    software text (a whole-text measure, left to the caller to take once a finding needs
    it), in a title-case run (``Đặt Nguồn Dư Liệu``) or where a kin makes a compound with
    a neighbour (``phần Ma hóa``); no for a capital alone otherwise (``được Lâm thêm vào
    nhóm``: a given name). Either way a name (:func:`in_name`) is not a slip: the caller
    asks that last, of a word context flags."""
    if sentence_start(view, start) or label_word(word, view, start):
        return True
    after, before = word_after(view, start + len(word)), word_before(view, start)
    if any(w and _name_part(w) for w in (before, after)):
        return None  # in a title-case run: Đặt Nguồn Dư Liệu
    low = fold(word)
    if (before and _ends_compound(token_class(before), low)) or (after and _compound_kin("", low, token_class(after))):
        return None  # alone, but its kin makes a compound with a neighbour: phần Ma hóa
    return False  # a capital alone inside a sentence: a name (được Lâm thêm vào nhóm)

