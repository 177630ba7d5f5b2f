"""Screening accuracy over ../shared/data/eval and the real lists (issue 3 targets).

    .venv/bin/python bench/bench_screen_accuracy.py [--negatives N] [--threshold T]

Reports: name-pair P/R/F1 at several thresholds (and on two random halves, to check that the default
threshold generalises), UN treated persons right-person-first rate with candidate recall, the share of
synthetic US people hit against CSL 2022 + OFAC SDN 2024, and the Huawei CMIC + Entity List case.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

from stackclear.screening.matchers import get_matcher
from stackclear.screening.model import ListEntry
from stackclear.screening.screen import PartyQuery, Screener
from stackclear.screening.sources import LoadedList, load_list

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def prf(rows: list[tuple[float, bool]], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, m in rows if s >= threshold and m)
    fp = sum(1 for s, m in rows if s >= threshold and not m)
    fn = sum(1 for s, m in rows if s < threshold and m)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def name_pairs(threshold: float) -> float:
    matcher = get_matcher()
    rows = list(csv.DictReader((SHARED / "eval" / "name_pairs_public.csv").open(encoding="utf-8")))
    scored = [(matcher.match_names(r["name1"], r["name2"], r["schema"]).score, r["is_match"] == "true") for r in rows]
    print(f"name_pairs_public.csv: {len(rows)} pairs, matcher {matcher.name}")
    for t in sorted({0.7, 0.75, 0.8, 0.85, 0.9, threshold}):
        p, r, f = prf(scored, t)
        mark = "  <- default" if abs(t - threshold) < 1e-9 else ""
        print(f"  threshold {t:.2f}: P {p:.3f} R {r:.3f} F1 {f:.3f}{mark}")
    order = list(range(len(scored)))
    random.Random(0).shuffle(order)
    for label, part in (("half A", order[:300]), ("half B", order[300:])):
        p, r, f = prf([scored[i] for i in part], threshold)
        print(f"  {label} @ {threshold:.2f}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return prf(scored, threshold)[2]


def un_persons() -> float:
    rows = list(csv.DictReader((SHARED / "eval" / "un_persons_treated_pairs.csv").open(encoding="utf-8")))
    entries = [
        ListEntry(
            entry_id=f"UN:{n}", source="UN test list", source_code="UN", schema="Person",
            name=r["candidate_full_name"],
            countries=[r["candidate_nationality"].upper()] if r["candidate_nationality"] else [],
            dates_of_birth=[r["candidate_date_of_birth"]] if r["candidate_date_of_birth"] else [],
        )
        for n, r in enumerate(rows)
    ]
    screener = Screener.from_lists([LoadedList("un_persons_treated_pairs.csv", "test", "", None, entries)])
    first = 0
    first_name_only = 0
    in_candidates = 0
    for n, r in enumerate(rows):
        want = f"UN:{n}"
        q = PartyQuery(str(n), r["query_full_name"], "Person", r["query_nationality"].upper() or None,
                       None, r["query_date_of_birth"] or None)
        result = screener.screen(q, threshold=0.0)
        first += bool(result.hits) and result.hits[0].entry_id == want
        bare = screener.screen(PartyQuery(str(n), r["query_full_name"], "Person"), threshold=0.0)
        first_name_only += bool(bare.hits) and bare.hits[0].entry_id == want
        in_candidates += any(h.entry_id == want for h in bare.hits)
    total = len(rows)
    print(f"un_persons_treated_pairs.csv: {total} rows")
    print(f"  candidate recall (right entry among candidates, name only): {in_candidates / total:.3%}")
    print(f"  right person first, name + nationality + DOB: {first / total:.3%}")
    print(f"  right person first, name only: {first_name_only / total:.3%}")
    return first / total


def real_lists() -> list[LoadedList]:
    return [load_list(SHARED / "lists" / "csl_2022-05_full.csv"), load_list(SHARED / "lists" / "ofac_sdn_2024-07.csv")]


def negatives(screener: Screener, limit: int | None) -> float:
    rows = list(csv.DictReader((SHARED / "eval" / "negatives_us_synthetic.csv").open(encoding="utf-8")))
    if limit:
        rows = rows[:limit]
    hits = 0
    reviews = 0
    examples = []
    start = time.perf_counter()
    for n, r in enumerate(rows):
        result = screener.screen(PartyQuery(str(n), r["full_name"], "Person"))
        if result.decision == "hit":
            hits += 1
            if len(examples) < 8:
                examples.append(f"{r['full_name']} -> {result.hits[0].matched_name} ({result.hits[0].score})")
        elif result.decision == "review":
            reviews += 1
    took = time.perf_counter() - start
    print(f"negatives_us_synthetic.csv: {len(rows)} people vs CSL 2022 + SDN 2024 ({took:.1f} s)")
    print(f"  hit: {hits / len(rows):.3%} ({hits}); review band: {reviews / len(rows):.3%} ({reviews})")
    for example in examples:
        print(f"    e.g. {example}")
    return hits / len(rows)


def huawei(screener: Screener) -> None:
    result = screener.screen(PartyQuery("huawei", "HUAWEI TECHNOLOGIES CO., LTD."))
    codes = sorted({h.source_code for h in result.hits if h.score >= screener.threshold})
    print(f"HUAWEI TECHNOLOGIES CO., LTD.: decision {result.decision}, lists hit {codes}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--negatives", type=int, default=0, help="screen only the first N negatives (0 = all)")
    parser.add_argument("--skip-lists", action="store_true")
    args = parser.parse_args()
    threshold = get_matcher().threshold
    name_pairs(threshold)
    un_persons()
    if not args.skip_lists:
        screener = Screener.from_lists(real_lists())
        huawei(screener)
        negatives(screener, args.negatives or None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
