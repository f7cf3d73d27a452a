"""The compiled glossary written: entries laid out as a marisa-trie of keys plus a
bit-packed payload table (read back by :mod:`glossary.compiled`). A compiled file is::

    magic (8 bytes) | format u32 | header length u32 | crc32 u32 | reserved u32
    header (UTF-8 JSON: counts, field widths, domain and source lists, section offsets)
    sections, each 8-byte aligned: keys trie, values trie, notes trie, exact-keys trie,
    records, multi-sense index, anchors, the tries' key lists (compressed)

Every key is stored folded (``text.fold``); a row's record holds its kind, how to restore
the key's original spelling (as folded, upper case, first letter capital, or an exact
copy), and ids of its replacement, domain, source and note. A key with several rows
(senses) keeps the first in the primary table at the trie's key id and the others in an
overflow region found through a small sorted index. The layout's constants (sections,
record fields, kind codes) are in :mod:`glossary.verify`, shared with the reader.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence

import marisa_trie

from .model import Entry
from .text import PIECES, fold, regex
from .typed import TYPE_CHECKING
from .verify import _FIELDS, _PREAMBLE, _SECTIONS, FORMAT_VERSION, KIND_CODES, KINDS, MAGIC, pack_lists

if TYPE_CHECKING:
    from typing import Any

__all__ = ["compile_entries"]


def _case_code(term: str, key: str) -> int:
    """How the reader restores ``term`` from its folded ``key``: 0 as is, 1 upper case,
    2 first letter capital, 3 an exact copy kept in the exact-keys trie."""
    if term == key:
        return 0
    if term == key.upper():
        return 1
    if term == key[:1].upper() + key[1:]:
        return 2
    return 3


def _trie_bytes(strings: Iterable[str]) -> tuple[bytes, Any]:
    items = sorted(set(strings))
    if not items:
        return b"", None
    trie = marisa_trie.Trie(items)
    return trie.tobytes(), trie


def _keys_of(trie: Any) -> list[str]:
    return sorted(trie.keys()) if trie is not None else []


def _anchor(entry: Entry) -> str:
    term = entry.term if entry.kind.case_sensitive else fold(entry.term)
    m = regex(PIECES).match(term)
    return m.group() if m else term[:1]


def compile_entries(entries: Sequence[Entry], *, generator: str = "") -> bytes:
    """Compile validated entries (in file order) into the binary format."""
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(fold(e.term), []).append(e)
    keys_blob, keys = _trie_bytes(groups)
    values_blob, values = _trie_bytes(e.replacement for e in entries if e.replacement)
    notes_blob, notes = _trie_bytes(e.note for e in entries if e.note)
    exact_blob, exact = _trie_bytes(e.term for e in entries if _case_code(e.term, fold(e.term)) == 3)
    domains = sorted({e.domain for e in entries if e.domain})
    sources = sorted({e.source for e in entries if e.source})
    dom_id = {d: i + 1 for i, d in enumerate(domains)}
    src_id = {s: i + 1 for i, s in enumerate(sources)}
    widths = {
        "value": len(values).bit_length() if values else 0,
        "domain": len(domains).bit_length(),
        "source": len(sources).bit_length(),
        "note": len(notes).bit_length() if notes else 0,
        "exact": len(exact).bit_length() if exact else 0,
    }

    def record(e: Entry, more: bool) -> int:
        key = fold(e.term)
        case = _case_code(e.term, key)
        fields = {
            "value": values[e.replacement] + 1 if e.replacement else 0,
            "domain": dom_id.get(e.domain, 0),
            "source": src_id.get(e.source, 0),
            "note": notes[e.note] + 1 if e.note else 0,
            "exact": exact[e.term] + 1 if case == 3 else 0,
        }
        v, shift = KIND_CODES[e.kind] | case << 2 | int(more) << 4, 5
        for name in _FIELDS:
            v |= fields[name] << shift
            shift += widths[name]
        return v

    n_keys = len(groups)
    records = [0] * n_keys
    extra: list[int] = []
    multi = array("I")
    # Extra senses are laid out in key-id order, so each key's run ends where the next begins.
    for kid, group in sorted((keys[key], group) for key, group in groups.items()):
        records[kid] = record(group[0], len(group) > 1)
        if len(group) > 1:
            multi.extend((kid, n_keys + len(extra)))
            extra.extend(record(e, False) for e in group[1:])
    records.extend(extra)
    if multi.itemsize != 4:  # pragma: no cover - exotic platforms
        raise RuntimeError("array('I') is not 32-bit here")
    width = 5 + sum(widths.values())
    anchors = "\x1e".join(
        "\n".join(sorted({_anchor(e) for e in entries if e.kind is k})) for k in KINDS
    )
    sections = {
        "keys": keys_blob,
        "values": values_blob,
        "notes": notes_blob,
        "exact": exact_blob,
        "records": _pack(records, width),
        "multi": _le(multi),
        "anchors": anchors.encode("utf-8"),
    }
    sections["lists"], list_counts, list_size = pack_lists([_keys_of(t) for t in (keys, values, notes, exact)])
    kinds: dict[str, int] = {}
    per_domain: dict[str, int] = {}
    for e in entries:
        kinds[e.kind.value] = kinds.get(e.kind.value, 0) + 1
        per_domain[e.domain] = per_domain.get(e.domain, 0) + 1
    header: dict[str, Any] = {
        "generator": generator,
        "rows": len(entries),
        "keys": n_keys,
        "maxlen": max((len(k) for k in groups), default=0),
        "spaced": any(" " in k for k in groups),
        "width": width,
        "widths": widths,
        "records": len(records),
        "domains": domains,
        "sources": sources,
        "kinds": kinds,
        "per_domain": per_domain,
        "lists": list_counts,
        "lists_size": list_size,
    }
    # Section offsets depend on the header's length and the header holds them: lay out
    # relative offsets first, then shift them by the (padded) header size.
    rel, pos = {}, 0
    for name in _SECTIONS:
        rel[name] = [pos, len(sections[name])]
        pos = _align(pos + len(sections[name]))
    base = 0
    import json  # here: loading a compiled file needs it only for a header not parsed before

    while True:
        header["sections"] = {n: [base + o, ln] for n, (o, ln) in rel.items()}
        hdr = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
        need = _align(_PREAMBLE.size + len(hdr))
        if need == base:
            break
        base = need
    body = bytearray(hdr)
    body.extend(b"\0" * (base - _PREAMBLE.size - len(hdr)))
    for name in _SECTIONS:
        body.extend(sections[name])
        body.extend(b"\0" * (_align(len(body) + _PREAMBLE.size) - len(body) - _PREAMBLE.size))
    crc = zlib.crc32(body)
    return _PREAMBLE.pack(MAGIC, FORMAT_VERSION, len(hdr), crc) + bytes(body)


def _align(n: int) -> int:
    return (n + 7) & ~7


def _le(a: array[int]) -> bytes:
    if sys.byteorder != "little":  # pragma: no cover - big-endian hosts
        a = array(a.typecode, a)
        a.byteswap()
    return a.tobytes()


def _pack(records: list[int], width: int) -> bytes:
    # Eight records of `width` bits fill exactly `width` bytes.
    out = bytearray()
    for i in range(0, len(records), 8):
        v = 0
        for j, r in enumerate(records[i : i + 8]):
            v |= r << (j * width)
        out.extend(v.to_bytes(width, "little"))
    return bytes(out)
