"""v2's candidate search (:mod:`stackclear.screening.index_v2`, issue 9, session 6) finds the same candidates as
:class:`ScreeningIndex` over the same index, faster: each shortcut is compared with the definition it replaces.
Invented names, never the evaluation corpus."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from stackclear.names.analyze import PERSON
from stackclear.screening.index import ScreeningIndex
from stackclear.screening.index_cache import load_screener, save_screener
from stackclear.screening.index_v2 import IndexV2
from stackclear.screening.matchers import get_matcher
from stackclear.screening.matchers.v2 import MatcherV2
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import KIND_POOL, Screener, _comparable, index_type
from stackclear.screening.sources import LoadedList

GIVEN = ["Qimran", "Zorblax", "Mohamed", "Muhammad", "Hassan", "Hasan", "Abdul", "Rahman", "Yevgeniy", "Evgeny",
         "Aleksandr", "Sasha", "Robert", "Bob", "Sergej", "Sergey", "Ali", "Omar", "Ahmad", "Hussein"]
FAMILY = ["Tarvok", "Quellan", "Brannock", "Al-Zorbi", "El Hakim", "Kassem", "Qasim", "Vantrell", "Oduya", "Fenwick"]
WORDS = ["Trading", "Shipping", "Steel", "Marine", "Holding", "Textile", "Power", "Tarvok", "Quellan", "Zorblax"]
FORMS = ["Co., Ltd.", "LLC", "GmbH", "S.A.", "Joint Stock Company", ""]


def _entries() -> list[ListEntry]:
    rng = random.Random(5)
    entries = []
    for n in range(160):  # people sharing given and family names in many proportions, some with aliases
        name = f"{rng.choice(FAMILY).upper()}, {rng.choice(GIVEN)} {rng.choice(GIVEN)}"
        aliases = [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"] if n % 3 == 0 else []
        entries.append(ListEntry(f"P:{n}", "SDN", "SDN", "Person", name, aliases=aliases))
    for n in range(120):  # organisations sharing those words (and acronyms made of them)
        words = rng.sample(WORDS, rng.randint(1, 3))
        entries.append(ListEntry(f"O:{n}", "SDN", "SDN", "Company", f"{' '.join(words)} {rng.choice(FORMS)}".strip()))
    entries += [ListEntry(f"V:{n}", "SDN", "SDN", "Vessel", f"{w} {n}") for n, w in enumerate(WORDS[:5])]
    return entries


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_lists([LoadedList("t.csv", "csl-csv", "abc", None, _entries(), {"SDN": 285})])


def _queries() -> list[tuple[str, str | None]]:
    rng = random.Random(11)
    out: list[tuple[str, str | None]] = []
    for _ in range(150):
        person = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        if rng.random() < 0.4:
            person = f"{rng.choice(GIVEN)} {person}"
        out.append((person, rng.choice(["Person", None])))
        org = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
        out.append((org, rng.choice(["Company", "Organization", None])))
    out += [("Zorblax", None), ("TSM", "Company"), ("ZQT", None), ("Tarvok 3", "Vessel"), ("Qimram Tarvk", "Person"),
            ("Mohamad Hasan", "Person"), ("Muhammad Hassan Kassem", None), ("Bob Fenwick", "Person"), ("", None)]
    return out


def test_v2_screener_uses_index_v2_and_v1_the_plain_index(screener: Screener) -> None:
    assert type(screener.index) is IndexV2
    assert index_type(get_matcher("stackclear-v1")) is ScreeningIndex
    v1 = Screener.from_lists([LoadedList("t.csv", "csl-csv", "abc", None, _entries()[:5], {})], "stackclear-v1")
    assert type(v1.index) is ScreeningIndex


def test_same_keys_as_the_plain_lookup(screener: Screener) -> None:
    index = screener.index
    assert isinstance(index, IndexV2)
    several = 0
    for name, schema in _queries():
        lookup = screener.lookup_forms(name, schema)[1]
        several += len(lookup) > 1
        plain = ScreeningIndex._lookup(index, lookup)
        # same keys, postings, weights and order (the order decides which posting is the seed)
        assert list(index._found(lookup).items()) == list(plain.items()), name
    assert several > 20  # queries looked up under more than one form: keys shared between forms were skipped


@pytest.mark.parametrize("coverage", [0.0, 0.5, 0.8])
def test_same_candidates_as_the_plain_index(screener: Screener, coverage: float) -> None:
    index = screener.index
    assert isinstance(index, IndexV2)
    found = 0
    for name, schema in _queries():
        lookup = screener.lookup_forms(name, schema)[1]
        for limit in (1, 3, 8, 32):
            mine = index.candidates(lookup, limit, coverage)
            assert mine == ScreeningIndex.candidates(index, lookup, limit, coverage), (name, limit)
            found += len(mine)
    assert found > 1000


def test_kind_candidates_as_two_searches(screener: Screener) -> None:
    index = screener.index
    assert isinstance(index, IndexV2)
    filtered = 0
    for (name, schema), k in itertools.product(_queries(), (1, 2, 8)):
        if schema is None:
            continue
        lookup, kind = screener.lookup_forms(name, schema)[1], next(iter(index.query_forms(name, schema)))

        def keep(n: int, kind: str = kind) -> bool:
            return _comparable(kind, index.names[n].form.kind)

        first = ScreeningIndex.candidates(index, lookup, k, 0.5)
        if len(first) < k or all(keep(n) for n, _ in first):
            plain = first
        else:
            filtered += 1
            plain = [x for x in ScreeningIndex.candidates(index, lookup, KIND_POOL * k, 0.5) if keep(x[0])][:k]
        assert index.kind_candidates(lookup, k, KIND_POOL * k, 0.5, keep) == plain, (name, k)
        # the index's own search (_retrieve adds v2's acronym candidates to a one-word organisation's)
        assert screener._retrieve_all(lookup, kind, k, False) == plain
    assert filtered > 10  # queries whose best k held a name of another kind


def test_loaded_v2_index_is_index_v2_and_answers_the_same(screener: Screener, tmp_path: Path) -> None:
    path = save_screener(screener, tmp_path / "index.bin")
    loaded = load_screener(path)
    assert type(loaded.index) is IndexV2
    assert loaded.index is not None and screener.index is not None
    assert isinstance(loaded.index, IndexV2) and isinstance(screener.index, IndexV2)
    for name, schema in _queries()[:120]:
        lookup = screener.lookup_forms(name, schema)[1]
        assert loaded.index.candidates(lookup, 8, 0.5) == screener.index.candidates(lookup, 8, 0.5), name
    # kinds read from the flat table: the loaded index decodes a name the first time its kind is asked
    kinds = [screener.index.names[n].form.kind for n in range(len(screener.index))]
    assert {"person", "org", "other"} <= set(kinds)
    assert [loaded.index.name_kind(n) for n in range(len(kinds))] == kinds
    assert [screener.index.name_kind(n) for n in range(len(kinds))] == kinds


def test_own_ids_keep_every_posting_and_seed(screener: Screener) -> None:
    index = screener.index
    assert isinstance(index, IndexV2)
    plain = ScreeningIndex(_entries(), expand=get_matcher("stackclear-v2").index_variants)
    assert index.postings == plain.postings  # same keys, ids (in order) and weights
    assert list(index.postings) == list(plain.postings)  # in the same order (laid out anew, session 7)
    seeded = 0
    for key, (posting, _) in plain.postings.items():
        mine, theirs = index.seed(index.postings[key][0]), plain.seed(posting)
        assert (mine is None) == (theirs is None), key
        if mine is not None and theirs is not None:
            seeded += 1
            assert (mine.members, mine.by_norm, mine.by_mass, mine.masses) == (
                theirs.members, theirs.by_norm, theirs.by_mass, theirs.masses), key
    assert seeded > 10
    for name, schema in _queries():
        lookup = screener.lookup_forms(name, schema)[1]
        assert index.candidates(lookup, 8, 0.5) == plain.candidates(lookup, 8, 0.5), name


SCRIPT_QUERIES = ["Мохаммед Хасан", "Мухаммад Гассан Кассем", "Сергей Тарвок", "محمد حسن", "عبد الرحمن قاسم",
                  "ハッサン・モハメド", "모하메드 하산", "哈桑", "Zorblax Трейдинг", "Тарвок Шиппинг"]


def test_pooled_candidates_as_two_searches(screener: Screener) -> None:
    """Session 7: one tally for both rankings, whatever the caller's test of the first ``k`` and choice of the pool."""
    index = screener.index
    assert isinstance(index, IndexV2)
    chosen = 0
    for (name, schema), k in itertools.product([*_queries(), *((n, None) for n in SCRIPT_QUERIES)], (1, 3, 8)):
        lookup = screener.lookup_forms(name, schema)[1]
        for rule in range(3):
            def enough(first: list[tuple[int, float]], rule: int = rule) -> bool:
                return rule == 0 or (rule == 1 and first[0][0] % 2 == 0)

            def choose(pool: list[tuple[int, float]], k: int = k) -> list[tuple[int, float]]:
                return [x for x in pool if x[0] % 3 != 0][:k]

            first = ScreeningIndex.candidates(index, lookup, k, 0.5)
            if len(first) < k or enough(first):
                plain = first
            else:
                chosen += 1
                plain = choose(ScreeningIndex.candidates(index, lookup, KIND_POOL * k, 0.5))
            assert index.pooled_candidates(lookup, k, KIND_POOL * k, 0.5, enough, choose) == plain, (name, k, rule)
    assert chosen > 50


def test_retrieve_as_over_the_plain_index(screener: Screener) -> None:
    """Screener._retrieve over an IndexV2 (kind filter, names in another script: distinct names) answers as over a
    plain ScreeningIndex of the same names, which searches twice."""
    v2 = get_matcher("stackclear-v2")
    plain = Screener(ScreeningIndex(_entries(), expand=v2.index_variants), v2, screener.lists)
    other = 0
    for name, schema in [*_queries(), *((n, s) for n in SCRIPT_QUERIES for s in (None, "Person", "Company"))]:
        kind = next(iter(plain.lookup_forms(name, schema)[0])) if schema else None
        lookup = screener.lookup_forms(name, schema)[1]
        other += bool(lookup) and lookup[0].script != "LATIN"
        for k in (1, 2, 8):
            want = plain._retrieve(lookup, kind, k)
            if kind != PERSON:  # v2's acronym candidates come from IndexV2's own acronym index (session 8)
                want = plain._with_acronyms(MatcherV2().acronym_candidates(screener.index, lookup), kind, k, want)
            assert screener._retrieve(lookup, kind, k) == want, (name, schema, k)
    assert other >= 25


def test_token_memo_as_the_plain_lookup(screener: Screener) -> None:
    """v2's per-token memo (keyed by the token, checking its metaphone key) gives what the plain index's does, and
    clear_memo empties both."""
    index = screener.index
    assert isinstance(index, IndexV2)
    tokens = [(t, p) for name, schema in _queries() for f in screener.lookup_forms(name, schema)[1]
              for t, p in zip(f.tokens, f.phonetic, strict=True)]
    tokens += [("hassan", "XXX"), ("hassan", ""), ("qimram", "KMRM"), ("tarvk", "TRFK"), ("x", "")]
    for _ in range(2):  # cold, then memoised
        for token, phonetic in tokens:
            assert index._keys_of(token, phonetic) == ScreeningIndex._token_keys(index, token, phonetic), token
    assert index._keys_memo
    index.clear_memo()
    assert index._keys_memo == {} and index._token_memo == {}
