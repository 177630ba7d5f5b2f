"""Name-pair accuracy of the default matcher, broken down (issue 3: F1 >= 0.92 at the default threshold).

    .venv/bin/python bench/bench_name_pairs.py [--seed 0] [--errors]

Reports P/R/F1 at the default threshold on the whole ``name_pairs_public.csv``, on two random halves
(``random.Random(seed).shuffle`` of the row order: half A = tuning half, half B = the other), by schema and by
quality tier, and with ``--errors`` lists every misclassified pair with its score and the file's own category
note, so errors can be read by kind rather than one by one.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

from stackclear.screening.matchers import get_matcher

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def prf(rows: list[tuple[float, bool]], threshold: float) -> str:
    tp = sum(1 for s, m in rows if s >= threshold and m)
    fp = sum(1 for s, m in rows if s >= threshold and not m)
    fn = sum(1 for s, m in rows if s < threshold and m)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f"n {len(rows):3d}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--errors", action="store_true", help="list the misclassified pairs")
    args = parser.parse_args()
    matcher = get_matcher()
    threshold = matcher.threshold
    with (SHARED / "eval" / "name_pairs_public.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    scores = [matcher.match_names(r["name1"], r["name2"], r["schema"]).score for r in rows]
    labels = [r["is_match"] == "true" for r in rows]
    pairs = list(zip(scores, labels, strict=True))
    print(f"name_pairs_public.csv, matcher {matcher.name}, default threshold {threshold}")
    print(f"  all          {prf(pairs, threshold)}")
    order = list(range(len(rows)))
    random.Random(args.seed).shuffle(order)
    half = len(order) // 2
    for label, part in (("half A", order[:half]), ("half B", order[half:])):
        print(f"  {label} (seed {args.seed}) {prf([pairs[i] for i in part], threshold)}")
    for field in ("schema", "quality"):
        groups: dict[str, list[tuple[float, bool]]] = defaultdict(list)
        for r, pair in zip(rows, pairs, strict=True):
            groups[r[field]].append(pair)
        for key in sorted(groups):
            print(f"  {field} {key:<13} {prf(groups[key], threshold)}")
    if args.errors:
        for k, (r, (score, match)) in enumerate(zip(rows, pairs, strict=True)):
            if (score >= threshold) != match:
                kind = "FN" if match else "FP"
                print(f"  {kind} {k:3d} {score:.3f} {r['schema']:<12} {r['name1']} | {r['name2']} | {r['notes'][:60]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
