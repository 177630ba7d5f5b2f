"""Golden outputs of the frozen matcher ``stackclear-v1`` on ~5,000 real queries (see test_matcher_v1_golden.py).

The queries come from ../shared/data only (never copied): both names of every public labelled pair (with and
without schema), the UN treated persons, 2,000 synthetic people (some with country and birth date), and 1,200
names of the 2023 CSL and the 2025 Entity List screened, as typed, against the 2022 CSL + 2024 SDN index.
Every per-entry score, matched name and explanation v1 gives at threshold 0.5 goes into one sha256 digest, and
so does ``match_names`` on every labelled pair.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from pathlib import Path
from typing import Any

from stackclear.screening.matchers import get_matcher
from stackclear.screening.screen import PartyQuery, Screener
from stackclear.screening.sources import load_list

GOLDEN_MATCHER = "stackclear-v1"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def golden_queries(shared: Path) -> list[PartyQuery]:
    rng = random.Random(20261207)
    queries: list[PartyQuery] = []
    for i, r in enumerate(_rows(shared / "eval" / "name_pairs_public.csv")):
        queries.append(PartyQuery(f"a{i}", r["name1"], r["schema"]))
        queries.append(PartyQuery(f"b{i}", r["name2"]))
    for i, r in enumerate(_rows(shared / "eval" / "un_persons_treated_pairs.csv")):
        queries.append(PartyQuery(f"u{i}", r["query_full_name"], "Person", date_of_birth=r["query_date_of_birth"]))
    negatives = _rows(shared / "eval" / "negatives_us_synthetic.csv")
    for i, r in enumerate(rng.sample(negatives, 2000)):
        if i % 3 == 0:
            born = r["date_of_birth"]
            queries.append(PartyQuery(f"n{i}", r["full_name"], "Person", country="US", date_of_birth=born))
        else:
            queries.append(PartyQuery(f"n{i}", r["full_name"], "Person" if i % 3 == 1 else None))
    later = load_list(shared / "lists" / "csl_2023-11_partial.csv").entries
    el = load_list(shared / "lists" / "entity_list_2025-11_derived.json").entries
    for i, e in enumerate(rng.sample(later, 800) + rng.sample(el, 400)):
        name = rng.choice(e.names())
        country = e.countries[0] if e.countries and i % 4 == 1 else None
        queries.append(PartyQuery(f"l{i}", name, e.schema if i % 2 else None, country=country))
    return queries


def entry_outputs(result: Any) -> list[dict[str, Any]]:
    """What v1 decided per listed entry for one query (independent of how screen output is presented)."""
    return [
        {"entry_id": h.entry_id, "source_code": h.source_code, "matched_name": h.matched_name,
         "score": h.score, "explanation": h.explanation}
        for h in result.entry_hits
    ]


def golden_outputs(shared: Path) -> dict[str, Any]:
    screener = Screener.from_lists(
        [load_list(shared / "lists" / "csl_2022-05_full.csv"), load_list(shared / "lists" / "ofac_sdn_2024-07.csv")],
        matcher=GOLDEN_MATCHER,
    )
    assert screener.matcher.name == GOLDEN_MATCHER
    screened = []
    for q in golden_queries(shared):
        result = screener.screen(q, threshold=0.5)
        screened.append([q.id, result.decision, entry_outputs(result)])
    matcher = get_matcher(GOLDEN_MATCHER)
    pairs = [
        [r["name1"], r["name2"], r["schema"], matcher.match_names(r["name1"], r["name2"], r["schema"]).score]
        for r in _rows(shared / "eval" / "name_pairs_public.csv")
    ]
    return {"screened": screened, "pairs": pairs}


def digest(outputs: dict[str, Any]) -> str:
    text = json.dumps(outputs, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


if __name__ == "__main__":  # prints the digest and counts to pin in the test
    import sys

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared" / "data"
    out = golden_outputs(root)
    hits = sum(len(s[2]) for s in out["screened"])
    print(len(out["screened"]), hits, digest(out))
