"""The bigram table builder (scripts/build_bigrams.py): its readers, its cleaning and
tokens, the fixed held-out split, and the committed table's licence files."""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT / "scripts"))
import build_bigrams as bb  # noqa: E402  (a standard-library script beside the importer)


def _mo(pairs: list[tuple[str, str]]) -> bytes:
    """A little-endian gettext catalogue holding ``pairs`` (msgid, msgstr)."""
    ids = [k.encode() for k, _ in pairs]
    strs = [v.encode() for _, v in pairs]
    n = len(pairs)
    start = 28 + 16 * n
    blob = b""
    orig, trans = [], []
    for s in ids:
        orig.append((len(s), start + len(blob)))
        blob += s + b"\0"
    for s in strs:
        trans.append((len(s), start + len(blob)))
        blob += s + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, n, 28, 28 + 8 * n, 0, 0)
    return head + b"".join(struct.pack("<2I", *p) for p in orig + trans) + blob


def test_mo_reader_skips_the_header_and_splits_plural_forms() -> None:
    data = _mo([("", "Project-Id-Version: x\nContent-Type: text/plain; charset=UTF-8\n"),
                ("Open", "Mở"), ("%d file\0%d files", "%d tập tin")])
    assert list(bb.mo_strings(data)) == ["Mở", "%d tập tin"]


def test_fluent_reader_keeps_text_and_drops_access_keys() -> None:
    ftl = (
        "# comment\n"
        "menu-file =\n    .label = Tập tin\n    .accesskey = T\n"
        "tabs = { $n ->\n    [one] Một thẻ\n   *[other] { $n } thẻ\n}\n"
        "long = Dòng một\n    dòng hai\n"
    )
    got = list(bb.ftl_strings(ftl))
    assert "Tập tin" in got and "T" not in got
    assert "Một thẻ" in got and "{ $n } thẻ" in got and "dòng hai" in got


def test_properties_reader_unescapes_and_drops_keys() -> None:
    text = "# c\nopen.label=M\\u1edf\nopen.accesskey=M\nnote = Hai\\ndòng\n"
    assert list(bb.properties_strings(text)) == ["Mở", "Hai\ndòng"]


def test_pak_reader_reads_format_5() -> None:
    texts = ["Tệp".encode(), b"\xff\xfe", "Mở thẻ mới".encode()]
    count = len(texts)
    offset = 12 + 6 * (count + 1)
    entries = b""
    for i, t in enumerate(texts):
        entries += struct.pack("<HI", i + 1, offset)
        offset += len(t)
    entries += struct.pack("<HI", 0, offset)
    data = struct.pack("<IBxxxHH", 5, 1, count, 0) + entries + b"".join(texts)
    assert list(bb.pak_strings(data)) == ["Tệp", "Mở thẻ mới"]


def test_html_reader_keeps_block_text_only() -> None:
    page = ("<html><head><title>T</title><script>var x</script></head><body><aside>Index</aside>"
            "<h1>Tùy chọn</h1><p>Ghi <b>rõ</b> thiết lập.</p></body></html>")
    assert [s for s in bb.html_strings(page) if s.strip()] == ["Tùy chọn", "Ghi rõ thiết lập."]


def test_clean_drops_placeholders_mnemonics_and_markup() -> None:
    assert list(bb.clean("~Mở tập tin %s <b>mới</b>")) == ["Mở tập tin | | mới |"]
    assert list(bb.clean("&Tệp và _Sửa $1")) == ["Tệp và Sửa |"]
    assert list(bb.clean("{ $count } | 12")) == []  # nothing left to read


def test_tokens_classes_and_breaks() -> None:
    got = bb.tokens("Mở file PDF 12 trang, rồi naïve")
    assert got == ["<s>", "mở", "<en>", "<en>", "<num>", "trang", "<s>", "rồi", "<unk>", "<s>"]


def test_only_vietnamese_lines_are_used() -> None:
    assert bb.vietnamese("Tùy chọn") and bb.vietnamese("Đi")
    assert not bb.vietnamese("Returns the maximum of the values")


def test_heldout_split_is_fixed_by_the_line_alone() -> None:
    lines = [f"dòng số {i}" for i in range(2000)]
    held = [line for line in lines if bb.heldout(line)]
    assert 120 < len(held) < 300  # about a tenth
    assert held == [line for line in lines if bb.heldout(line)]
    assert bb.heldout("dòng số 0") == bb.heldout("dòng số 0 ".strip())


def test_committed_table_has_its_header_licence_and_notice() -> None:
    raw = (DATA / "bigrams.bin").read_bytes()
    assert raw.startswith(bb.MAGIC)
    body = zlib.decompress(raw[len(bb.MAGIC):])
    v, n, words = struct.unpack("<III", body[:12])
    assert len(body) == 12 + words + 4 * v + 6 * n
    vocab = body[12:12 + words].decode("utf-8").split("\n")
    assert len(vocab) == v and vocab == sorted(vocab) and {"<s>", "<en>", "<num>", "<unk>"} <= set(vocab)
    assert 100_000 <= len(raw) <= 220_000
    licences = DATA / "licenses"
    assert (licences / "MPL-2.0.txt").read_text(encoding="utf-8").startswith("Mozilla Public License Version 2.0")
    notice = (licences / "bigrams-NOTICE.txt").read_text(encoding="utf-8")
    for source, spec in bb.SOURCES.items():
        assert spec[1] in notice, source
        assert f"`{source}`" in (DATA / "SOURCES.md").read_text(encoding="utf-8")


import build_general as bg  # noqa: E402


def test_traineddata_parts_run_to_the_next_present_offset() -> None:
    data = struct.pack("<i3q", 3, -1, 28, 30) + b"AB" + b"CDE"
    assert bg.traineddata_parts(data) == {1: b"AB", 2: b"CDE"}


def test_dawg_reader_walks_every_word() -> None:
    chars = [" ", "a", "b", "c"]  # 4 letters: 2 bits a letter, then 3 flags, then the next node
    last, end = 1 << 2, 4 << 2
    edges = [1 | last | (1 << 5), 2 | end, 3 | end | last]  # root: a -> node 1; node 1: b (a word), c (a word)
    data = struct.pack("<hii", 42, len(chars), len(edges)) + struct.pack(f"<{len(edges)}Q", *edges)
    assert sorted(bg.dawg_words(data, chars)) == ["ab", "ac"]
    assert bg.unicharset(b"3\nNULL 0 x\na 3 y\nb 3 z\n") == [" ", "a", "b"]


def _pairs_in_committed(name: str) -> int:
    """The number of pairs of a committed table, after checking its header and layout."""
    raw = (DATA / name).read_bytes()
    assert raw.startswith(bb.MAGIC)
    body = zlib.decompress(raw[len(bb.MAGIC):])
    v, n, words = struct.unpack("<III", body[:12])
    assert len(body) == 12 + words + 4 * v + 6 * n
    return n


def test_committed_general_table_has_its_header_licence_and_notice() -> None:
    assert 100_000 <= _pairs_in_committed("general_bigrams.bin") <= 300_000
    notice = (DATA / "licenses" / "general-bigrams-NOTICE.txt").read_text(encoding="utf-8")
    assert bg.TESSDATA[0] in notice and bg.TESSDATA[2] in notice
    assert (DATA / "licenses" / "tessdata-vie-Apache-2.0.txt").read_text(encoding="utf-8").strip().startswith(
        "Apache License")
    assert "`tessdata-vie`" in (DATA / "SOURCES.md").read_text(encoding="utf-8")


import build_tatoeba as bt  # noqa: E402


def test_tatoeba_lines_that_are_not_vietnamese_are_dropped() -> None:
    assert bt.vietnamese("Tôi đã ở Boston với Tom.")  # names do not count against a line
    assert bt.vietnamese("Bạn có biết Rie Miyazawa là ai không?")
    assert not bt.vietnamese("Tiu bendo ne gluecas.")  # Esperanto: no Vietnamese letter
    assert not bt.vietnamese("Ĉu vi parolas Esperanton?")  # Esperanto with a circumflex
    assert not bt.vietnamese("Wǒ xǐhuān xuéxí zhōngwén")  # pinyin
    assert not bt.vietnamese("Toi se goi ho ngay mai.")  # unmarked: its syllables would count unmarked
    counted, held, dropped = bt.split(["Tiu bendo ne gluecas."] + [f"Câu số {i} ở đây." for i in range(300)])
    assert dropped == ["Tiu bendo ne gluecas."]
    assert held == [x for x in counted + held if bb.heldout(x)] and 10 < len(held) < 60


def test_tatoeba_counts_round_trip_through_the_table_reader(tmp_path: Path) -> None:
    from glossary.context import read_counts

    unigrams, bigrams = bt.count(["Tôi đi học lúc 7 giờ.", "Tôi đi làm, Mary đi học."])
    path = tmp_path / "t.bin"
    path.write_bytes(bb.pack(unigrams, bigrams))
    vocab, uni, big = read_counts(str(path))
    assert dict(zip(vocab, uni, strict=True)) == dict(unigrams)
    got = {(vocab[k // len(vocab)], vocab[k % len(vocab)]): n for k, n in big.items()}
    assert got == dict(bigrams)
    assert got["tôi", "đi"] == 2 and got["đi", "học"] == 2 and got["làm", "<s>"] == 1 and got["lúc", "<num>"] == 1
    assert got["<en>", "đi"] == 1  # Mary is no Vietnamese syllable


def test_committed_tatoeba_table_has_its_header_licence_and_notice() -> None:
    assert 30_000 <= _pairs_in_committed("tatoeba_bigrams.bin") <= 100_000
    notice = (DATA / "licenses" / "tatoeba-NOTICE.txt").read_text(encoding="utf-8")
    for needed in ("Tatoeba.org contributors", "https://tatoeba.org", "CC BY 2.0 FR",
                   "https://creativecommons.org/licenses/by/2.0/fr/legalcode", bt.SDIST[2], bt.SENTENCES[1]):
        assert needed in notice, needed
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert "`tatoeba-vie`" in sources and "`tatoeba_bigrams.bin`" in sources
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/tatoeba_bigrams.bin" = "glossary/data/tatoeba_bigrams.bin"' in pyproject


def test_trigram_counts_round_trip_through_the_table_reader(tmp_path: Path) -> None:
    from glossary._restore_trigrams import read_trigrams

    trigrams = bb.count_trigrams(["Tôi đi học lúc 7 giờ.", "Tôi đi học, Mary đi làm."])
    path = tmp_path / "t.bin"
    path.write_bytes(bb.pack_trigrams(trigrams))
    vocab, rows = read_trigrams(str(path))
    assert vocab == sorted(vocab)
    got = {(vocab[a], vocab[b], vocab[c]): n for a, b, c, n in rows}
    assert got == dict(trigrams)
    assert got["tôi", "đi", "học"] == 2 and got["<s>", "tôi", "đi"] == 2 and got["lúc", "<num>", "giờ"] == 1
    assert got["<en>", "đi", "làm"] == 1  # Mary is no Vietnamese syllable
    assert ("giờ", "<s>", "tôi") not in got  # no trigram across lines


def test_a_damaged_trigram_table_is_a_clear_error(tmp_path: Path) -> None:
    import pytest

    from glossary import GlossaryError
    from glossary._restore_trigrams import read_trigrams

    good = bb.pack_trigrams(bb.count_trigrams(["Tôi đi học lúc 7 giờ."]))
    body = zlib.decompress(good[len(bb.TRIGRAM_MAGIC):])
    v, n, size = struct.unpack_from("<III", body)
    last_third_id = 12 + size + 2 * n * 2 + 2 * (n - 1)
    cases = {
        "header": b"GLOSSARY-BIGRAMS 1\n" + good[len(bb.TRIGRAM_MAGIC):],
        "not zlib": bb.TRIGRAM_MAGIC + b"not a zlib stream",
        "cut short": bb.TRIGRAM_MAGIC + zlib.compress(body[:-3]),
        "id out of range": bb.TRIGRAM_MAGIC + zlib.compress(
            body[:last_third_id] + struct.pack("<H", v) + body[last_third_id + 2:]),
    }
    for name, raw in cases.items():
        path = tmp_path / f"{name}.bin"
        path.write_bytes(raw)
        with pytest.raises(GlossaryError, match="trigram table"):
            read_trigrams(str(path))


def _trigrams_in_committed(name: str) -> int:
    """The number of trigrams of a committed trigram table, after checking its layout."""
    raw = (DATA / name).read_bytes()
    assert raw.startswith(bb.TRIGRAM_MAGIC)
    body = zlib.decompress(raw[len(bb.TRIGRAM_MAGIC):])
    v, n, words = struct.unpack("<III", body[:12])
    assert len(body) == 12 + words + 8 * n
    vocab = body[12:12 + words].decode("utf-8").split("\n")
    assert len(vocab) == v and vocab == sorted(vocab)
    return n


def test_committed_trigram_tables_sit_beside_their_bigram_tables() -> None:
    assert 100_000 <= _trigrams_in_committed("trigrams.bin") <= 300_000  # MPL-2.0, as bigrams.bin
    assert 80_000 <= _trigrams_in_committed("tatoeba_trigrams.bin") <= 200_000  # CC BY 2.0 FR, as tatoeba_bigrams.bin
    assert "trigrams.bin" in (DATA / "licenses" / "bigrams-NOTICE.txt").read_text(encoding="utf-8")
    assert "tatoeba_trigrams.bin" in (DATA / "licenses" / "tatoeba-NOTICE.txt").read_text(encoding="utf-8")
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for name in ("trigrams.bin", "tatoeba_trigrams.bin"):
        assert f"`{name}`" in sources
        assert f'"data/{name}" = "glossary/data/{name}"' in pyproject
