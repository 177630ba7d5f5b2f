"""Accuracy over ../shared/data with the issue-3 targets (skipped when the shared data is absent).

The full 50,000-negatives run is in bench/bench_screen_accuracy.py; here a deterministic 10,000-row
sample (every fifth row) keeps the suite fast. Evasion variants are generated from the real lists.
"""

from __future__ import annotations

import csv
import random
import re
from functools import lru_cache
from pathlib import Path

import pytest
from pypinyin import lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

from conftest import shared_file
from stackclear.screening.matchers import get_matcher
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import PartyQuery, Screener
from stackclear.screening.sources import LoadedList, load_list

pytestmark = pytest.mark.slow
MATCHER = get_matcher("stackclear-v1")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def real() -> Screener:
    csl = load_list(shared_file("lists", "csl_2022-05_full.csv"))
    sdn = load_list(shared_file("lists", "ofac_sdn_2024-07.csv"))
    return Screener.from_lists([csl, sdn], MATCHER.name)


def _f1(scored: list[tuple[float, bool]], threshold: float) -> float:
    tp = sum(1 for s, m in scored if s >= threshold and m)
    fp = sum(1 for s, m in scored if s >= threshold and not m)
    fn = sum(1 for s, m in scored if s < threshold and m)
    return 2 * tp / (2 * tp + fp + fn)


def _pair_scores() -> list[tuple[float, bool]]:
    rows = _rows(shared_file("eval", "name_pairs_public.csv"))
    return [(MATCHER.match_names(r["name1"], r["name2"], r["schema"]).score, r["is_match"] == "true") for r in rows]


def test_name_pairs_f1_target() -> None:
    """Issue-3 target at the default threshold (nomenklatura logic-v2 scores 0.75 at its default 0.7)."""
    assert _f1(_pair_scores(), MATCHER.threshold) >= 0.92


def test_name_pairs_f1_both_halves_regression_floor() -> None:
    """Neither random half (seed 0, as in bench/bench_name_pairs.py) falls back below what v1 reaches now
    (0.948 / 0.908): a rule that only helps one half fails here."""
    scored = _pair_scores()
    order = list(range(len(scored)))
    random.Random(0).shuffle(order)
    half = len(order) // 2
    assert _f1([scored[i] for i in order[:half]], MATCHER.threshold) >= 0.93
    assert _f1([scored[i] for i in order[half:]], MATCHER.threshold) >= 0.89


def test_un_persons_right_person_first() -> None:
    rows = _rows(shared_file("eval", "un_persons_treated_pairs.csv"))
    entries = [
        ListEntry(f"UN:{n}", "UN", "UN", "Person", r["candidate_full_name"],
                  countries=[r["candidate_nationality"].upper()] if r["candidate_nationality"] else [],
                  dates_of_birth=[r["candidate_date_of_birth"]] if r["candidate_date_of_birth"] else [])
        for n, r in enumerate(rows)
    ]
    screener = Screener.from_lists([LoadedList("un", "test", "", None, entries)], MATCHER.name)
    first = 0
    for n, r in enumerate(rows):
        query = PartyQuery(str(n), r["query_full_name"], "Person", r["query_nationality"].upper() or None,
                           None, r["query_date_of_birth"] or None)
        hits = screener.screen(query, threshold=0.0).hits
        first += bool(hits) and hits[0].entry_id == f"UN:{n}"
    assert first / len(rows) >= 0.98


def test_negatives_sample_rarely_hit(real: Screener) -> None:
    rows = _rows(shared_file("eval", "negatives_us_synthetic.csv"))[::5]
    hits = sum(real.screen(PartyQuery(str(n), r["full_name"], "Person")).decision == "hit" for n, r in enumerate(rows))
    assert hits / len(rows) <= 0.005


def test_huawei_carries_both_lists(real: Screener) -> None:
    result = real.screen(PartyQuery("h", "HUAWEI TECHNOLOGIES CO., LTD."))
    hit_codes = {h.source_code for h in result.hits if h.score >= real.threshold}
    assert {"CMIC", "EL"} <= hit_codes
    el = next(h for h in result.hits if h.source_code == "EL")
    assert el.license_requirement and el.license_policy


# --- evasion variants generated from real listed names ---------------------------------------------

_CYRILLIC = {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "y": "у", "i": "і"}
_LEGAL_SWAPS = [("Co., Ltd.", "Company Limited"), ("Ltd.", "Limited"), ("LLC", "Limited Liability Company"),
                ("Corporation", "Corp."), ("Company", "Co."), ("JSC", "Joint Stock Company"), ("Inc.", "Incorporated")]
_LEGAL_TAIL = re.compile(
    r",?\s+(Co\.,? Ltd\.?|Ltd\.?|LLC|Inc\.?|Corporation|Corp\.?|JSC|GmbH|S\.A\.|Limited)\s*$", re.I
)


def _homoglyphs(name: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(name) if c.lower() in _CYRILLIC]
    chars = list(name)
    for i in rng.sample(spots, min(2, len(spots))):
        c = chars[i]
        chars[i] = _CYRILLIC[c.lower()].upper() if c.isupper() else _CYRILLIC[c]
    return "".join(chars)


def _zero_width(name: str, rng: random.Random) -> str:
    k = rng.randrange(1, len(name))
    return name[:k] + rng.choice(["\u200b", "\u200d", "\u2060", "\u202e"]) + name[k:]


def _sample(real: Screener, schema: str, n: int) -> list[ListEntry]:
    assert real.index is not None
    pool = [e for e in real.index.entries if e.schema == schema and len(e.name.split()) >= 2 and "(" not in e.name]
    return random.Random(3).sample(pool, n)


def _found(real: Screener, entry: ListEntry, name: str, schema: str | None) -> bool:
    result = real.screen(PartyQuery("e", name, schema))
    return any(h.entry_id == entry.entry_id and h.score >= real.threshold for h in result.hits)


def test_evasion_homoglyphs_zero_width_reordering(real: Screener) -> None:
    rng = random.Random(11)
    people = _sample(real, "Person", 100)
    orgs = _sample(real, "Organization", 100)
    misses = []
    for entry in people + orgs:
        schema = "Person" if entry.schema == "Person" else None
        variants = [_homoglyphs(entry.name, rng), _zero_width(entry.name, rng)]
        if schema == "Person":  # "FAMILY, Given" typed "Given FAMILY", or rotated
            tokens = entry.name.replace(",", "").split()
            variants.append(" ".join(tokens[1:] + tokens[:1]))
        for variant in variants:
            if not _found(real, entry, variant, schema):
                misses.append(variant)
    assert len(misses) <= 2, misses  # ≥ 99.6% of 500 variants (none missed when written)


def test_evasion_dropped_or_changed_legal_forms(real: Screener) -> None:
    assert real.index is not None
    pool = [e for e in real.index.entries if e.schema != "Person" and _LEGAL_TAIL.search(e.name)]
    entries = random.Random(5).sample(pool, 150)
    misses = []
    for entry in entries:
        variants = [_LEGAL_TAIL.sub("", entry.name)]
        for old, new in _LEGAL_SWAPS:
            if entry.name.endswith(old):
                variants.append(entry.name[: -len(old)] + new)
                break
        for variant in variants:
            if not _found(real, entry, variant, None):
                misses.append(variant)
    assert len(misses) <= 3, misses  # of ~180 variants (none missed when written)


@lru_cache(maxsize=1)
def _han_for_syllable() -> dict[str, str]:
    """One common Han character per pinyin syllable (the lowest code point that reads back the same)."""
    table: dict[str, str] = {}
    for code in sorted(pinyin_dict):
        if 0x4E00 <= code <= 0x9FFF:
            char = chr(code)
            syllable = lazy_pinyin(char)[0]
            table.setdefault(syllable, char)
    return table


def _to_han(word: str, table: dict[str, str]) -> str | None:
    out = ""
    rest = word.lower()
    while rest:
        for size in range(min(6, len(rest)), 0, -1):
            if rest[:size] in table:
                out += table[rest[:size]]
                rest = rest[size:]
                break
        else:
            return None
    return out


def test_evasion_characters_against_listed_pinyin(real: Screener) -> None:
    """A listed Chinese name in pinyin ("WANG, Guo Ying") screened as Han characters (王国英)."""
    assert real.index is not None
    table = _han_for_syllable()
    cases = []
    for entry in real.index.entries:
        if entry.schema != "Person" or "CN" not in entry.countries or entry.name.count(",") != 1:
            continue
        family, given = (part.strip() for part in entry.name.split(","))
        han = [_to_han(w, table) for w in [family, *given.split()]]
        if all(h is not None for h in han) and len(family.split()) == 1:
            cases.append((entry, "".join(h for h in han if h)))
    assert len(cases) >= 20
    found = sum(_found(real, entry, han, "Person") for entry, han in cases)
    assert found / len(cases) >= 0.98
