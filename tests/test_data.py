"""Quality gates of the built-in glossary (data/terms.csv) and the attested syllables."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import glossary
from glossary.terms import parse_terms

from .conftest import SHARED, seed_article, shared_corpus

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT / "scripts"))
import check_data  # noqa: E402  (the gates live with the importer, standard library only)


def test_builtin_glossary_validates_without_warnings() -> None:
    rows, problems = parse_terms((DATA / "terms.csv").read_bytes(), "data/terms.csv")
    assert [str(p) for p in problems] == []
    assert len(rows) == glossary.load().stats["rows"] == len(list(glossary.load().entries()))


def test_gates_sorted_nfc_and_syllables() -> None:
    assert check_data.gates(DATA / "terms.csv", DATA / "syllables.txt") == []


def test_counts_meet_the_minimums() -> None:
    kinds = glossary.load().stats["kinds"]
    assert kinds["abbreviation"] >= 1000 and kinds["typo"] >= 1000 and kinds["term"] >= 1


def test_every_row_names_a_documented_source() -> None:
    sources_md = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    used = Counter(e.source for e in glossary.load().entries())
    assert "" not in used
    for source in used:
        assert f"`{source}`" in sources_md, source
    banned = re.compile(r"^(hunspell|wordfreq|vinorm)\b|gpl", re.IGNORECASE)  # soe-vinorm (MIT) is allowed
    assert [s for s in used if banned.search(s)] == []


def test_ambiguous_abbreviations_have_one_domain_per_sense() -> None:
    senses: dict[str, list[str]] = {}
    for e in glossary.load().entries():
        if e.kind == "abbreviation":
            senses.setdefault(e.term, []).append(e.domain)
    for term, domains in senses.items():
        assert all(domains) and len(set(domains)) == len(domains), (term, domains)
    assert len(senses["QĐ"]) >= 2 and len(senses["TP"]) >= 2


def test_seed_article_expands_and_its_typos_are_fixed() -> None:
    text = seed_article()
    g = glossary.load()
    fixed = g.normalize(text)
    assert "CABD" not in fixed and "nững" not in fixed and "hiêu" not in fixed
    result = g.expand_and_explain(fixed)
    expanded = Counter(e.before for e in result.edits)
    for abbreviation, count in {"CAND": 17, "CBCS": 4, "XDLL": 4, "ANTT": 3, "ANQG": 1, "QĐ/TW": 0}.items():
        assert expanded[abbreviation] == count, abbreviation  # QĐ/TW: only in 205-QĐ/TW, kept as written
    assert result.unresolved == ()
    assert check_data.seed_check(DATA / "terms.csv", SHARED / "seed" / "article-vi.txt") == []


def test_clean_corpus_is_left_alone() -> None:
    """normalize changes at most 1 word in 10,000 of real, clean Vietnamese prose."""
    text = shared_corpus()
    result = glossary.load().normalize_and_explain(text)
    changed = [e for e in result.edits if e.kind in ("typo", "variant")]
    words = len(re.findall(r"\w+", text))
    rate = len(changed) / words * 10_000
    print(f"\n{len(changed)} typo/variant edits in {words} words = {rate:.2f} per 10,000")
    for (before, after), n in Counter((e.before, e.after) for e in changed).most_common():
        print(f"  {n} x {before} -> {after}")
    assert rate <= 1.0


def test_syllable_list_is_lowercase_nfc_sorted() -> None:
    lines = (DATA / "syllables.txt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines)) and len(lines) > 4000
    assert all(s == unicodedata.normalize("NFC", s) == s.lower() for s in lines)


#: Keys reviewed for a second common sense (data/SOURCES.md, "Second senses"): both senses
#: are rows, each in its own domain, and the key expands only where the domain decides.
SECOND_SENSES = {
    "TQ": {"Trung Quốc", "Tổ quốc"}, "UV": {"Ủy viên", "cực tím"},
    "BTS": {"Ban Tuyển sinh", "trạm thu phát sóng di động"}, "HĐH": {"hệ điều hành", "hiện đại hóa"},
    "Đ/c": {"đồng chí", "địa chỉ"}, "TX": {"thị xã", "thường xuyên"}, "BTL": {"Bộ Tư lệnh", "bài tập lớn"},
    "KTS": {"kinh tế số", "kiến trúc sư"},
}


def test_keys_with_a_second_common_sense_expand_only_where_the_domain_decides() -> None:
    g = glossary.load()
    for key, senses in SECOND_SENSES.items():
        by_domain = {e.domain: e.replacement for e in g[key] if e.kind == "abbreviation"}
        assert set(by_domain.values()) == senses and all(by_domain), key
        text = f"theo {key} này"
        assert g.expand(text) == text, key
        [m] = g.expand_and_explain(text).unresolved
        assert {e.replacement for e in m.entries} == senses
        for domain, replacement in by_domain.items():
            assert g.expand(text, domains=[domain]) == f"theo {replacement} này", (key, domain)
