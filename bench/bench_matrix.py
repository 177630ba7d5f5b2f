"""Benchmark (issue 14): the destination matrix of a 1,000-line package over every country vs one evaluate.

Goal: the matrix over `--dest all` (every ISO 3166-1 country, 249) costs at most 20x one determination of the
same package (same process, same date, same screener): per destination only the rule stages run, never
classification or screening again. Printed for two baselines:
- "evaluate": one full determination as `stackclear evaluate` runs it (classification + screening + rules);
- "evaluate, screening warm": the same with every party's screening result already cached, i.e. without the
  screening cost (the stricter baseline: the matrix may not hide behind an expensive screening).
Also checks (assert) that the matrix row for the package's own destination equals that determination.
Timing: CPU time of this process (time.process_time; the machine is shared, wall time measures the
neighbours), in interleaved rounds — a block of `--block` determinations, then one matrix — best round each.

    .venv/bin/python bench/bench_matrix.py [--lines 1000] [--parties 20] [--list PATH] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path
from typing import Any

from bench_determine import FIXTURE_LIST, SHARED_LIST, build_package
from stackclear.determine import determine
from stackclear.rules.loader import default_rules
from stackclear.stack.destinations import expand
from stackclear.stack.matrix import MemoScreener, build_matrix

GOAL = 20.0


def cpu(fn: Any, times: int) -> float:
    """CPU seconds per call of ``fn`` over ``times`` consecutive calls."""
    start = time.process_time()
    for _ in range(times):
        fn()
    return (time.process_time() - start) / times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000)
    parser.add_argument("--parties", type=int, default=20)
    parser.add_argument("--list", type=Path, default=SHARED_LIST if SHARED_LIST.exists() else FIXTURE_LIST)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--block", type=int, default=20, help="determinations per timed block")
    args = parser.parse_args()

    from stackclear.screening.screen import Screener
    from stackclear.screening.sources import load_list

    screener = Screener.from_lists([load_list(args.list)])
    as_of = dt.date(2026, 8, 1)
    everywhere = expand(["all"], as_of, default_rules())
    print(f"list: {args.list.name}; {len(everywhere)} destinations (--dest all) on {as_of}")
    worst = 0.0
    for label, distinct in (("catalog SKUs (repeated lines)", False), ("every line distinct", True)):
        package = build_package(args.lines, args.parties, distinct, "MY")
        determine(package, as_of, screener=screener)  # warm imports and the catalog
        warm = MemoScreener(screener)
        determine(package, as_of, screener=warm)
        holder: dict[str, Any] = {}

        def run(p: Any = package, h: dict[str, Any] = holder) -> None:
            h["m"] = build_matrix(p, everywhere, as_of, screener=screener)

        evaluate_s = warm_s = matrix_s = float("inf")
        for _ in range(args.repeat):
            evaluate_s = min(evaluate_s, cpu(lambda p=package: determine(p, as_of, screener=screener), args.block))
            warm_s = min(warm_s, cpu(lambda p=package, w=warm: determine(p, as_of, screener=w), args.block))
            matrix_s = min(matrix_s, cpu(run, 1))
        matrix = holder["m"]
        own = next(r for r in matrix.rows if r.destination.code == package.destination)
        alone = determine(package, as_of, screener=screener)
        assert [(c.verdict, c.license_exception, c.review_policy) for c in own.cells] == [
            (i.verdict, i.license_exception, i.review_policy) for i in alone.items], "matrix row != evaluate"
        ratio, ratio_warm = matrix_s / evaluate_s, matrix_s / warm_s
        worst = max(worst, ratio_warm)
        print(f"\n[{label}] {len(package.items):,} lines, {len(package.parties)} parties")
        print(f"  one evaluate (CPU):                {evaluate_s * 1e3:8.1f} ms")
        print(f"  one evaluate, screening warm:      {warm_s * 1e3:8.1f} ms")
        print(f"  matrix over {len(everywhere)} destinations:     {matrix_s * 1e3:8.1f} ms  "
              f"({matrix_s / len(everywhere) * 1e3:.2f} ms per destination; {matrix.screened} screenings)")
        print(f"  ratio matrix / evaluate:           {ratio:6.1f}x   (goal <= {GOAL:.0f}x: "
              f"{'met' if ratio <= GOAL else 'NOT met'})")
        print(f"  ratio matrix / evaluate (warm):    {ratio_warm:6.1f}x   (goal <= {GOAL:.0f}x: "
              f"{'met' if ratio_warm <= GOAL else 'NOT met'})")
        since_s = cpu(lambda p=package: build_matrix(p, expand(["GCC"], as_of, default_rules()), as_of,
                                                     screener=screener, since=dt.date(2024, 1, 1)), 1)
        print(f"  GCC (6 rows) with --since 2024-01-01: {since_s * 1e3:.1f} ms")
    print(f"\nworst ratio against the warm baseline: {worst:.1f}x")


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - start:.1f} s")
