"""Vietnamese syllable orthography: split a written syllable into initial, rhyme and tone,
and decide whether it is spelled the way Vietnamese spells syllables.

Standard library only. Used by ``import_data.py`` to build ``data/syllables.txt`` (the
phonotactically valid syllables that are also attested in an openly licensed frequency
table) and to gate typo rows.

The rules are the spelling rules of the national script (chữ Quốc ngữ):

* initials: b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x, or none;
  ``c``/``k``, ``g``/``gh`` and ``ng``/``ngh`` alternate by the following vowel;
* rhymes (vần): an optional medial (``o`` before a/ă/e, ``u`` before â/ê/y/ơ), a nucleus
  and an optional final (m n ng nh p t c ch, or the glides i/y/o/u); the table below lists
  every written rhyme;
* tones: six (ngang, huyền, sắc, hỏi, ngã, nặng); a syllable closed by p/t/c/ch takes only
  sắc or nặng;
* tone placement: on the vowel with a diacritic (ơ of ươ), else on the last vowel before a
  final consonant, else on the middle of three vowels, else on the first of two -- except
  the open ``oa``/``oe``/``uy``, where both the first-vowel (hòa) and main-vowel (hoà)
  placements are accepted (the engine's tone rule handles that choice, not the data).
"""

from __future__ import annotations

import unicodedata

__all__ = ["TONES", "generate", "is_valid", "parse", "tone_style_twin"]

# Combining marks: the five tone marks, and the vowel-quality marks (kept with the letter).
TONES = {"\u0300": "huyền", "\u0301": "sắc", "\u0303": "ngã", "\u0309": "hỏi", "\u0323": "nặng"}
_VOWELS = set("aăâeêioôơuưy")

_INITIALS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)

# Written rhymes (medial + nucleus + final), one line per nucleus family.
_RHYMES_TEXT = """
a ai ao au ay am an ang anh ap at ac ach
ăm ăn ăng ăp ăt ăc
âu ây âm ân âng âp ât âc
e eo em en eng ep et ec
ê êu êm ên ênh êp êt êch
i ia iu im in inh ip it ich
y
iêu iêm iên iêng iêp iêt iêc
yêu yêm yên yêng yêt
o oi om on ong op ot oc oong ooc
ô ôi ôm ôn ông ôp ôt ôc
ơ ơi ơm ơn ơp ơt
u ua ui um un ung up ut uc
uôi uôm uôn uông uôt uôc
ư ưa ưi ưu ưm ưn ưng ưt ưc
ươi ươu ươm ươn ương ươp ươt ươc
oa oai oay oao oam oan oang oanh oap oat oac oach
oăm oăn oăng oăp oăt oăc
oe oeo oem oen oeng oet
uâ uân uâng uât uâc uây
uê uênh uêch uên uêt
uy uya uyu uyn uynh uyp uyt uych
uyên uyêt uyêng
uơ
"""
RHYMES = frozenset(_RHYMES_TEXT.split())
_STOPS = ("p", "t", "c", "ch")
_FINALS = ("ng", "nh", "ch", "m", "n", "p", "t", "c")
_FRONT = ("e", "ê", "i", "y")  # k/gh/ngh go before these (and iê)
# Rhymes that begin with the medial glide: o before a/ă/e, u before â/ê/y/ơ (not ua/uô).
_MEDIAL_RHYMES = frozenset(
    r for r in RHYMES if len(r) > 1 and ((r[0] == "o" and r[1] in "aăe") or (r[0] == "u" and r[1] in "âêyơ"))
)


def _strip_tone(syl: str) -> tuple[str, str | None, int] | None:
    """NFC base form (no tone mark), the tone mark, and the index of the letter bearing it."""
    base: list[str] = []
    tone, pos = None, -1
    for ch in unicodedata.normalize("NFD", syl):
        if ch in TONES:
            if tone is not None or not base:
                return None  # two tone marks, or a mark on nothing
            tone, pos = ch, len(base) - 1
        elif unicodedata.combining(ch):
            if not base:
                return None
            base[-1] = unicodedata.normalize("NFC", base[-1] + ch)
        else:
            base.append(ch)
    return "".join(base), tone, pos


def _split(base: str) -> list[tuple[str, str]]:
    """Every (initial, rhyme) split of a toneless base form allowed by the tables."""
    out = []
    for ini in _INITIALS:
        if not base.startswith(ini):
            continue
        rhyme = base[len(ini):]
        if not rhyme:
            if ini == "gi":
                out.append(("g", "i"))  # gì is g + i
            continue
        cand = rhyme
        if ini == "gi":
            # gi + iê... is written gi + ê... (giếng, giết, giêng); gi + i... is g + i
            if rhyme[0] == "ê" and ("i" + rhyme) in RHYMES:
                cand = "i" + rhyme
        if ini == "qu":
            # the u of qu is the medial: quy, quyên, quỳnh, quốc, quơ, quê, qua ...
            if not cand.startswith(("u", "o", "ư")) and (cand in RHYMES or "u" + cand in RHYMES):
                out.append((ini, cand))
            continue
        if cand not in RHYMES:
            continue
        if ini == "gi" and cand[0] in "iy" and cand not in ("iêu", "iêm", "iên", "iêng", "iêp", "iêt", "iêc"):
            continue  # "gii" does not exist; gin/gìn parse as g + in below
        first = cand[0]
        if cand.startswith(("yê", "ya")) or cand in ("yêu",):
            if ini != "":
                continue  # yê/ya only without an initial (or after the medial u: uyê)
        if cand.startswith("iê") and ini == "":
            continue  # iê without an initial is spelled yê
        if cand.startswith("uya") is False and cand.startswith("ya"):
            continue
        front = first in _FRONT
        if ini in ("c", "ng") and front:
            continue
        if ini == "g" and front and (first != "i" or cand.startswith(("ia", "iê"))):
            continue  # ge/gê are spelled ghe/ghê; g + i is gi + i (gì, gìn); gia/giê are gi + a/ê
        if ini in ("k", "gh", "ngh") and not front:
            continue
        if ini in ("c", "k", "q") and cand in _MEDIAL_RHYMES:
            continue  # /kw/ is spelled qu
        out.append((ini, cand))
    return out


def _tone_positions(rhyme: str) -> set[int]:
    """Indexes in ``rhyme`` where the tone mark may sit."""
    final = ""
    for f in _FINALS:
        if rhyme.endswith(f) and len(rhyme) > len(f) and rhyme[-len(f) - 1] in _VOWELS:
            final = f
            break
    vowels = rhyme[: len(rhyme) - len(final)]
    marked = [i for i, c in enumerate(vowels) if c in "ăâêôơư"]
    if marked:
        return {marked[-1]}
    if final:
        return {len(vowels) - 1}
    if len(vowels) == 3:
        return {1}
    if len(vowels) == 2:
        if vowels in ("oa", "oe", "uy"):
            return {0, 1}
        return {0}
    return {0}


def parse(syl: str) -> tuple[str, str, str | None] | None:
    """(initial, rhyme, tone name or None) of a valid lowercase NFC syllable, else None."""
    if not syl or syl != syl.lower():
        return None
    stripped = _strip_tone(syl)
    if stripped is None:
        return None
    base, tone, pos = stripped
    if not all(c.isalpha() for c in base):
        return None
    for ini, rhyme in _split(base):
        offset = len(base) - len(rhyme)
        if tone is not None:
            if pos - offset not in _tone_positions(rhyme):
                # gi + ê... keeps its tone on the ê: giếng (rhyme iêng, letter at offset-1)
                if not (ini == "gi" and rhyme.startswith("iê") and pos - offset + 1 in _tone_positions(rhyme)):
                    continue
        if rhyme.endswith(_STOPS) and tone not in ("\u0301", "\u0323"):
            continue  # a syllable closed by p/t/c/ch takes only sắc or nặng
        return ini, rhyme, TONES.get(tone) if tone else None
    return None


def is_valid(syl: str) -> bool:
    return parse(syl) is not None


def generate() -> set[str]:
    """Every syllable the rules allow (a superset of the real ones)."""
    out = set()
    for ini in _INITIALS:
        for rhyme in RHYMES:
            spelled = rhyme[1:] if ini == "gi" and rhyme.startswith("iê") else rhyme
            base = ini + spelled
            for tone in ("", *TONES):
                for i, c in enumerate(base):
                    if c not in _VOWELS:
                        continue
                    cand = unicodedata.normalize("NFC", base[: i + 1] + tone + base[i + 1 :]) if tone else base
                    if is_valid(cand):
                        out.add(cand)
                    if not tone:
                        break
    return out


def tone_style_twin(syl: str) -> str | None:
    """The other tone placement of an open oa/oe/uy syllable (hòa <-> hoà), else None."""
    p = parse(syl)
    if p is None or p[2] is None:
        return None
    _, rhyme, _ = p
    if rhyme not in ("oa", "oe", "uy"):
        return None
    nfd = unicodedata.normalize("NFD", syl)
    tone = next(c for c in nfd if c in TONES)
    base = "".join(c for c in nfd if c not in TONES)
    base = unicodedata.normalize("NFC", base)
    stem = base[: len(base) - 2]
    a, b = rhyme[0], rhyme[1]
    first = unicodedata.normalize("NFC", stem + a + tone + b)
    main = unicodedata.normalize("NFC", stem + a + b + tone)
    return main if syl == first else first
