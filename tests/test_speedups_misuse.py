"""The C extension's private API validates its arguments: misuse raises, never crashes.
Each case runs in a child process, which must not die by a signal."""

from __future__ import annotations

import subprocess
import sys

import pytest

from glossary import scan

pytestmark = pytest.mark.skipif(scan._speedups is None, reason="the C scanner is not built here")

SETUP = """
from glossary._speedups import Index, kinds
index = Index([("cabd", 0, 2), ("nững", 1, 2)])
text = "CABD nững " * 50
keys, fixes = {}, {}
key_of = ["cabd", "nững"].__getitem__
fix_of = ["CAND", "những"].__getitem__
carry = lambda surface, fix: fix
"""


def run(code: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-c", SETUP + code], capture_output=True, text=True, timeout=120)
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}: {proc.stderr[-2000:]}"
    return proc


WINDOWS = ["[0, -2**62]", "[-5, -3]", "[-100, 4]", "[3, -1]", "[10**6, 10**7]", "[400, 2]", "[5]"]


@pytest.mark.parametrize("windows", WINDOWS)
def test_window_bounds_out_of_range(windows: str) -> None:
    proc = run(f"print(index.fix(text, 2, {windows}, keys, key_of, fixes, fix_of, carry) is not None)")
    assert proc.returncode == 0 and proc.stdout == "True\n", proc.stderr


def test_a_callback_that_empties_the_windows_list() -> None:
    proc = run(
        "windows = [0, 5, 10, 20, 30, 40, 50, 60]\n"
        "def fix_of(kid):\n"
        "    windows.clear()\n"
        "    return ['CAND', 'những'][kid]\n"
        "print(index.fix(text, 2, windows, keys, key_of, fixes, fix_of, carry)[0][:20])\n"
    )
    assert proc.returncode == 0 and proc.stdout == "CAND những CAND nhữn\n", proc.stderr


def test_a_callback_that_reinitializes_the_index() -> None:
    proc = run(
        "def key_of(kid):\n"
        "    index.__init__([])\n"
        "    return ['cabd', 'nững'][kid]\n"
        "try:\n"
        "    index.fix(text, 2, None, keys, key_of, fixes, fix_of, carry)\n"
        "except RuntimeError as exc:\n"
        "    print('refused:', exc)\n"
        "print(index.scan('CABD', 2))\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("refused: Index cannot be changed while fix() is running\n[(0, 4, 0)]"), proc.stdout


@pytest.mark.parametrize(("width", "n"), [(8, 2**61), (2**40, 2**30), (5, -1), (4, 1), (7, 2**62)])
def test_kinds_rejects_sizes_that_overflow(width: int, n: int) -> None:
    proc = run(
        f"try:\n    kinds(b'\\0' * 64, {width}, {n})\nexcept ValueError:\n    print('refused')\n"
    )
    assert proc.returncode == 0 and proc.stdout == "refused\n", proc.stderr


def test_allocation_failures_give_memory_errors() -> None:
    # Every allocation in turn fails once (CPython's _testcapi.set_nomemory) while an index
    # is built, given case-sensitive spellings, scanned and used to fix: a MemoryError
    # each time or a result, never a crash.
    pytest.importorskip("_testcapi")
    proc = run(
        "import _testcapi\n"
        "keys = [(f'k{i} x', i, 3) for i in range(300)]\n"
        "key_of = [k for k, _, _ in keys].__getitem__\n"
        "fix_of = lambda kid: 'F'\n"
        "text = 'k1 x K2 x k3 ' * 50\n"
        "data = Index(keys).to_bytes()\n"
        "failed = 0\n"
        "for start in range(1, 400):\n"
        "    _testcapi.set_nomemory(start, start + 1)\n"
        "    try:\n"
        "        index = Index(keys)\n"
        "        index.set_exact([('K2', 2)])\n"
        "        index.scan(text, 3)\n"
        "        index.fix(text, 3, [0, 5, 40, 60], {}, key_of, {}, fix_of, carry)\n"
        "        Index.from_bytes(index.to_bytes(), 300).scan(text, 3)\n"
        "        Index.from_bytes(data, 300).set_exact([('K2', 2)])\n"
        "    except MemoryError:\n"
        "        failed += 1\n"
        "    finally:\n"
        "        _testcapi.remove_mem_hooks()\n"
        "print('ok', failed > 50)\n"
    )
    assert proc.returncode == 0 and proc.stdout == "ok True\n", (proc.stdout, proc.stderr[-3000:])


def test_an_index_round_trips_through_bytes() -> None:
    proc = run(
        "index = Index([('cabd', 0, 1), ('nững', 1, 2)])\n"  # an abbreviation (case-sensitive) and a typo
        "index.set_exact([('CABD', 0)])\n"
        "data = index.to_bytes()\n"
        "again = Index.from_bytes(data, 2)\n"
        "def slots(b):\n"
        "    return b[:48], sorted(b[i:i + 16] for i in range(48, len(b), 16))\n"
        "assert slots(again.to_bytes()) == slots(data) and again.maxlen == index.maxlen\n"
        "print(again.scan(text[:20], 2), again.scan('CABD cabd', 1))\n"  # spellings are not kept: set again
        "again.set_exact([('CABD', 0)])\n"
        "print(again.scan('CABD cabd', 1) == index.scan('CABD cabd', 1) == [(0, 4, 0)])\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "[(5, 9, 1), (15, 19, 1)] []\nTrue\n"


def test_index_bytes_from_anywhere_are_checked() -> None:
    # Cut short, lengthened, of another version, slot size or byte order, with slot counts
    # that do not match the length, and each byte of the header changed: ValueError each
    # time. (A changed maxlen, the longest key, only bounds how far a match is looked for.)
    # Slots with a key id past the key count, unknown mask bits or an empty hash are
    # refused too; any other change of a slot loads (the tables are built afresh from the
    # slots, so they stay sound) and gives spans the trie then checks: never a crash.
    proc = run(
        "import random, struct\n"
        "data = index.to_bytes()\n"
        "head = struct.calcsize('8sIIQq2Q')\n"
        "cases = [data[:-1], data + b'\\0' * 16, b'', b'GLSRYIDX', data[:8] + b'\\1' + data[9:]]\n"
        "cases += [data[:i] + bytes([data[i] ^ 0x41]) + data[i + 1:] for i in range(head) if not 24 <= i < 32]\n"
        "slot = head + 16  # the second slot: hash (8 bytes), key id (4), mask (4)\n"
        "cases += [data[:slot] + bytes(8) + data[slot + 8:],\n"
        "          data[:slot + 8] + struct.pack('=I', 2) + data[slot + 12:],\n"
        "          data[:slot + 12] + struct.pack('=I', 1 << 20) + data[slot + 16:]]\n"
        "refused = 0\n"
        "for b in cases:\n"
        "    try:\n"
        "        Index.from_bytes(b, 2).scan(text, 2)\n"
        "    except ValueError:\n"
        "        refused += 1\n"
        "try:\n"
        "    Index.from_bytes(data, 1)\n"
        "except ValueError:\n"
        "    refused += 1\n"
        "rng = random.Random(7)\n"
        "for _ in range(2000):\n"
        "    b = bytearray(data)\n"
        "    for _ in range(rng.randrange(1, 4)):\n"
        "        b[rng.randrange(head, len(b))] = rng.randrange(256)\n"
        "    try:\n"
        "        Index.from_bytes(bytes(b), 2).fix(text, 2, None, keys, key_of, fixes, fix_of, carry)\n"
        "    except ValueError:\n"
        "        pass\n"
        "print(refused, len(cases) + 1)\n"
    )
    assert proc.returncode == 0, proc.stderr
    refused, total = map(int, proc.stdout.split())
    assert refused == total


def test_counts_refuses_what_is_no_pair_of_uint32_arrays() -> None:
    code = """
from glossary._speedups import Counts
for args in [(), (b"abcd",), ("abcd", "abcd"), (b"abc", b"abc"), (b"abcd", b"abcdabcd"), (None, None),
             (b"\\xff\\xff\\xff\\xff", b"\\x00\\x00\\x00\\x00")]:
    try:
        Counts(*args)
    except (TypeError, ValueError):
        pass
    else:
        print("accepted", args)
c = Counts(b"\\x01\\x00\\x00\\x00", b"\\x02\\x00\\x00\\x00")
for args in [(), (1, 2, 3)]:
    try:
        c.get(*args)
    except TypeError:
        pass
    else:
        print("get accepted", args)
try:
    c.__init__(b"\\x05\\x00\\x00\\x00\\xff\\xff\\xff\\xff", b"\\x00" * 8)  # refused: the map made before stays
except ValueError:
    pass
print(c.get(1, 0), len(c))
c.__init__(b"", b"")  # made again, empty: it answers as an empty dict
print(c.get(1, 0), len(c), c.items(), Counts.__new__(Counts).get(1, 0), len(Counts.__new__(Counts).items()))
"""
    proc = run(code)
    assert proc.returncode == 0 and proc.stdout == "2 1\n0 0 [] 0 0\n", proc.stderr + proc.stdout


def test_sorted_index_refuses_what_is_no_uint32_array_or_int() -> None:
    code = """
from array import array
from glossary._speedups import sorted_index
keys = array("I", [2, 7])
for args in [(), (keys,), (keys, 7, 1), (keys, "7"), (keys, 7.0), (keys, None), ("abcd", 1), (None, 1),
             (b"abc", 1), (b"abcd", 1), (array("H", [1, 2]), 2), (array("i", [2, 7]), 2), (array("d", [2.0]), 2),
             (memoryview(array("I", [2, 7, 9, 11]))[::2], 2), (42, 1)]:
    try:
        sorted_index(*args)
    except (TypeError, ValueError, BufferError):  # (a strided view is no contiguous buffer)
        pass
    else:
        print("accepted", args)
class Seven:
    def __index__(self):
        return 7
print(sorted_index(keys, 7), sorted_index(keys, True), sorted_index(keys, 2**70), sorted_index(keys, -2**70),
      sorted_index(memoryview(keys.tobytes()).cast("I"), 2), sorted_index(array("I"), 0), sorted_index(keys, Seven()),
      sorted_index(memoryview(bytes(1) + keys.tobytes())[1:].cast("I"), 7))  # keys that start unaligned
"""
    proc = run(code)
    assert proc.returncode == 0 and proc.stdout == "1 -1 -1 -1 0 -1 1 1\n", proc.stderr + proc.stdout


def test_the_weigher_refuses_what_is_no_table_or_profile() -> None:
    code = """
from array import array
from glossary._speedups import Counts, Weigher
S = ("<s>", "<en>", "<num>", "<unk>")
index = {"<s>": 0, "<en>": 1, "<num>": 2, "<unk>": 3, "a": 4, "b": 5}
col = (1, 1, 1, 1, 1, 1)
pairs = Counts(array("I", [4 * 6 + 5]).tobytes(), array("I", [9]).tobytes())
C = (3.0, 2.0, 5.0, 4.0, 2.0, 2.0, 0.5, 0.005, -7.0, 5, 50, 50, 3000)
cost, pu = (lambda low, k: 0.5), (lambda k: 0.01)
good = (index, col, col, col, col, pairs, S, 0.1, C, cost, pu)
bad_inits = [(), good[:-1], (None,) + good[1:], (index, (1, 2)) + good[2:],
             (index, col, (1, -1, 1, 1, 1, 1)) + good[3:], (index, col, col, col, col, {}) + good[6:],
             (index, col, col, col, col, pairs, S[:3]) + good[7:],
             (index, col, col, col, col, pairs, (1, 2, 3, 4)) + good[7:],
             good[:8] + (C[:5],) + good[9:], good[:9] + (None, pu), ({"<en>": 99}, ) + good[1:],
             (index, tuple(range(70000))) + good[2:], good[:8] + (("x",) * 13,) + good[9:]]
for args in bad_inits:
    try:
        Weigher(*args)
    except (TypeError, ValueError):
        pass
    else:
        print("accepted", args[:1])
w = Weigher(*good)
profile = ("b", False, 5, (("a", 4),), True, 5, 1, 0.01, 0.0)
def with_rows(rows):
    return profile[:3] + (rows,) + profile[4:]
bad_calls = [(), (profile,), (profile, "a", "b"), (profile, "a", "b", 1), (profile, 1, "b", 0.1),
             (list(profile), "a", "b", 0.1), (profile[:8], "a", "b", 0.1), (("b", 1) + profile[2:], "a", "b", 0.1),
             (with_rows([("a", 4)]), "a", "b", 0.1), (with_rows((("a", 99),)), "a", "b", 0.1),
             (with_rows((("a", "x"),)), "a", "b", 0.1), (with_rows((("a",),)), "a", "b", 0.1),
             (profile[:5] + (-7,) + profile[6:], "a", "b", 0.1), (profile[:5] + (2**70,) + profile[6:], "a", "b", 0.1),
             (profile[:2] + ("5",) + profile[3:], "a", "b", 0.1), ((1,) + profile[1:], "a", "b", 0.1)]
for args in bad_calls:
    try:
        w.weigh(*args)
    except (TypeError, ValueError, OverflowError):
        pass
    else:
        print("weigh accepted", args)
odd = Weigher({"<s>": 0, "<en>": 1, "<num>": 2, "<unk>": 3, "a": 4, "b": 77}, *good[1:])
try:
    odd.weigh(profile, "a", "b", 0.1)  # an index the table's columns do not reach
except ValueError:
    pass
else:
    print("weigh read out of range")
def boom(*a):
    raise KeyError("boom")
for fns in [(boom, pu), (cost, boom), (cost, lambda k: "x")]:
    try:
        Weigher(*good[:9], *fns).weigh(("b", False, 0, (("a", 4),), True, 5, 1, 0.01, 0.0), "a", "b", 0.1)
    except (KeyError, TypeError):
        pass
    else:
        print("a failing callback was swallowed")
try:
    w.__init__(*good)  # its columns never change: weigh() reads them across its callbacks
except TypeError:
    pass
else:
    print("initialised twice")
def shrink(k):  # a callback that would swap a smaller table in under weigh()
    again.__init__({"<s>": 0, "<en>": 1, "<num>": 2, "<unk>": 3}, (1,) * 4, (1,) * 4, (1,) * 4, (1,) * 4,
                   Counts(b"", b""), S, 0.1, C, cost, pu)
    return 0.01
again = Weigher(*good[:10], shrink)
try:
    again.weigh(("b", False, 0, (("a", 4),), True, 5, 1, 0.01, 0.0), "a", "b", 0.1)
except TypeError:
    pass
else:
    print("re-initialised under weigh")
print(Weigher.__new__(Weigher).weigh.__name__, end=" ")
try:
    Weigher.__new__(Weigher).weigh(profile, "a", "b", 0.1)
except ValueError:
    print("uninitialised refused")
"""
    proc = run(code)
    assert proc.returncode == 0 and proc.stdout == "weigh uninitialised refused\n", proc.stderr + proc.stdout
