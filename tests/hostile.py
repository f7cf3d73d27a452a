"""Tools to craft compiled glossary files (valid checksum, hostile content) and to try
one in a child process that must end cleanly: never by a signal, a traceback, a hang or
unbounded memory."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zlib
from typing import Any

PREAMBLE = struct.Struct("<8sIII4x")

#: What the child does with the file: every way the library reads one.
RUNNER = r"""
import os, sys
if not os.environ.get("GLOSSARY_FUZZ_NO_LIMIT"):
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
import glossary
from glossary import GlossaryError
from glossary.cli import main

path = sys.argv[1]
try:
    g = glossary.load(path)
    rows = list(g.entries())
    for key in list(g)[:20]:
        g[key]
    text = "lực lượng CABD, nững biểu hiện, hiêu quả ở TP.HCM, QĐ/TW, ThS " + " ".join(r.term for r in rows[:50])
    g.normalize(text)
    g.expand(text)
    g.find(text)
    for r in rows[:20]:
        g.lookup(r.term)
    g.stats
    glossary.Glossary.from_bytes(open(path, "rb").read(), path).normalize(text)
    glossary.load(path, builtin=True).normalize(text)  # its rows layered over the built-in ones
except GlossaryError as exc:
    print("error:", str(exc).splitlines()[-1][:200])
else:
    print("ok")
sys.stdout.flush()
code = main(["validate", "--no-builtin", path])
sys.exit(0 if code in (0, 1, 2, 3) else 10 + code)
"""


def split(data: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """A compiled file's header and the bytes of each of its sections."""
    _, _, hlen, _ = PREAMBLE.unpack_from(data, 0)
    header = json.loads(data[PREAMBLE.size : PREAMBLE.size + hlen])
    sections = {name: data[off : off + ln] for name, (off, ln) in header["sections"].items()}
    return header, sections


def assemble(header: dict[str, Any], sections: dict[str, bytes], *, version: int | None = None) -> bytes:
    """A compiled file of this header and these sections, laid out afresh, checksum right."""
    from glossary.compiled import FORMAT_VERSION, MAGIC

    header = dict(header)
    names = list(sections)
    base = 0
    while True:
        offsets, pos = {}, base
        for name in names:
            offsets[name] = [pos, len(sections[name])]
            pos = (pos + len(sections[name]) + 7) & ~7
        header["sections"] = offsets
        hdr = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
        need = (PREAMBLE.size + len(hdr) + 7) & ~7
        if need == base:
            break
        base = need
    return with_header_bytes(hdr, sections, names, base, version=version or FORMAT_VERSION, magic=MAGIC)


def with_header_bytes(
    hdr: bytes, sections: dict[str, bytes], names: list[str], base: int, *, version: int, magic: bytes
) -> bytes:
    body = bytearray(hdr)
    body.extend(b"\0" * (base - PREAMBLE.size - len(hdr)))
    for name in names:
        body.extend(sections[name])
        body.extend(b"\0" * (((len(body) + PREAMBLE.size + 7) & ~7) - len(body) - PREAMBLE.size))
    return PREAMBLE.pack(magic, version, len(hdr), zlib.crc32(body)) + bytes(body)


def raw_header(data: bytes, hdr: bytes) -> bytes:
    """``data`` with its header bytes replaced outright (offsets untouched), checksum right."""
    magic, version, hlen, _ = PREAMBLE.unpack_from(data, 0)
    body = hdr + data[PREAMBLE.size + hlen :]
    return PREAMBLE.pack(magic, version, len(hdr), zlib.crc32(body)) + body


def recrc(data: bytes) -> bytes:
    """``data`` with its checksum made right again."""
    magic, version, hlen, _ = PREAMBLE.unpack_from(data, 0)
    return PREAMBLE.pack(magic, version, hlen, zlib.crc32(data[PREAMBLE.size :])) + data[PREAMBLE.size :]


def try_file(path: str, *, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run :data:`RUNNER` on ``path`` in a child process with the test run's environment."""
    return subprocess.run(
        [sys.executable, "-c", RUNNER, path], capture_output=True, text=True, timeout=timeout, env=dict(os.environ)
    )


def verdict(proc: subprocess.CompletedProcess[str]) -> str:
    """"ok" or "error: ..." for a clean end; otherwise a description of what went wrong."""
    if proc.returncode < 0:
        return f"killed by signal {-proc.returncode}"
    if proc.returncode != 0 or "Traceback" in proc.stderr:
        return f"exit {proc.returncode}: {proc.stderr[-800:]}"
    return proc.stdout.splitlines()[0] if proc.stdout else "no output"
