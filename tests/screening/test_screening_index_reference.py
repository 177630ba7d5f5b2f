"""The fast candidate ranking (seed posting not tallied name by name, memoised token keys, mass-ordered
prefixes) must pick the same names as a plain tally of every posting, on real list names."""

from __future__ import annotations

import csv
import random

from conftest import shared_file
from stackclear.names import NameForm
from stackclear.screening.index import COMMON_DF, PAIR_SKIP_DF, ScreeningIndex
from stackclear.screening.screen import CANDIDATES, MIN_COVERAGE
from stackclear.screening.sources import load_list


def _reference(index: ScreeningIndex, forms: list[NameForm], limit: int, min_coverage: float
               ) -> list[tuple[int, float, float]]:
    """The ranking written the obvious way: (name id, coverage, rank score), best first."""
    found = index._lookup(forms)
    paired = any(k[0] == "q" for k in found)
    rare, common, query_mass = [], [], 0.0
    for key, (posting, weight) in found.items():
        if key[0] not in "qr":
            if key[0] != "c":
                query_mass += weight
            if paired and len(posting) > PAIR_SKIP_DF:
                continue
        (common if len(posting) > COMMON_DF else rare).append((posting, weight))
    if not rare:
        return [(n, 1.0, 0.0) for n, _ in index.candidates(forms, limit, min_coverage)] if common else []
    votes: dict[int, float] = {}
    for posting, weight in rare:
        for n in posting:
            votes[n] = votes.get(n, 0.0) + weight
    ranked = sorted((-v / index.norm[n], n) for n, v in votes.items()
                    if v >= min_coverage * query_mass or v >= min_coverage * index.mass[n])
    out = []
    for rank, n in ranked[:limit]:
        smaller = min(query_mass, index.mass[n])
        out.append((n, 1.0 if votes[n] >= smaller else votes[n] / smaller, -rank))
    return out


def test_fast_ranking_matches_a_plain_tally() -> None:
    entries = load_list(shared_file("lists", "csl_2022-05_full.csv")).entries
    index = ScreeningIndex(entries)
    rng = random.Random(3)
    names = [n for e in rng.sample(entries, 600) for n in e.names()[:1]]
    mutated = []
    for name in names:  # a dropped word or a typo, as a customer might type it
        words = name.split()
        if len(words) > 1 and rng.random() < 0.5:
            words.pop(rng.randrange(len(words)))
        else:
            w = rng.randrange(len(words))
            if len(words[w]) > 3:
                k = rng.randrange(1, len(words[w]) - 1)
                words[w] = words[w][:k] + words[w][k + 1 :]
        mutated.append(" ".join(words))
    with shared_file("eval", "negatives_us_synthetic.csv").open(encoding="utf-8") as f:
        people = [r["full_name"] for r, _ in zip(csv.DictReader(f), range(600), strict=False)]
    checked = 0
    for text, schema in [(n, None) for n in names + mutated] + [(p, "Person") for p in people]:
        forms = list(index.query_forms(text, schema).values())
        fast = index.candidates(forms, CANDIDATES, MIN_COVERAGE)
        slow = _reference(index, forms, CANDIDATES, MIN_COVERAGE)
        assert [round(c, 9) for _, c in fast] == [round(c, 9) for _, c, _ in slow], text
        if slow:  # names ranked strictly above the last one kept are the same (ties may break either way)
            last = slow[-1][2]
            assert {n for n, _, r in slow if r > last + 1e-12} <= {n for n, _ in fast}, text
            checked += 1
    assert checked > 1000
