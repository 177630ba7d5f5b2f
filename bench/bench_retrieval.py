"""Retrieval alone (the candidate search screening does before scoring), v2 against v1 in the same run.

    .venv/bin/python bench/bench_retrieval.py [--queries N] [--repeats N]

The person and mixed workloads of ``bench_screen_speed.py`` over CSL 2022 + SDN 2024. Each query is analysed and
its lookup forms made first (not timed); timed is ``Screener._retrieve`` — what ``screen`` calls to get its
candidates (for v2 with the kind filter) — from a cold token memo every pass, passes interleaved (v2, v1, v2,
...). "v2, plain search" is matcher v2 over a plain :class:`ScreeningIndex` (the same index: the candidate search
v2 had before :mod:`stackclear.screening.index_v2`, with the same answers). Prints µs per query (best and median
pass, process CPU time) and the ratios to v1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_screen_speed  # noqa: E402
from stackclear.names.analyze import NameForm, kind_of  # noqa: E402
from stackclear.screening.index import ScreeningIndex  # noqa: E402
from stackclear.screening.screen import CANDIDATES, Screener  # noqa: E402
from stackclear.screening.sources import load_list  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    shared = bench_screen_speed.SHARED
    lists = [load_list(shared / "lists" / "csl_2022-05_full.csv"), load_list(shared / "lists" / "ofac_sdn_2024-07.csv")]
    screeners = {name: Screener.from_lists(lists, name) for name in ("stackclear-v2", "stackclear-v1")}
    v2 = screeners["stackclear-v2"]
    entries = [entry for loaded in lists for entry in loaded.entries]
    screeners["v2, plain search"] = Screener(ScreeningIndex(entries, expand=v2.matcher.index_variants), v2.matcher,
                                             v2.lists)
    people, mixed = bench_screen_speed.workloads(lists, args.queries)
    for label, queries in (("person names", people), ("mixed person + organisation", mixed)):
        prepared: dict[str, list[tuple[list[NameForm], str | None]]] = {
            name: [(s.lookup_forms(q.name, q.schema)[1], kind_of(q.schema) if q.schema else None) for q in queries]
            for name, s in screeners.items()}
        times: dict[str, list[float]] = {name: [] for name in screeners}
        for _ in range(args.repeats):
            for name, screener in screeners.items():
                assert screener.index is not None
                screener.index.clear_memo()
                start = time.process_time()
                for lookup, kind in prepared[name]:
                    screener._retrieve(lookup, kind, CANDIDATES)
                times[name].append((time.process_time() - start) / len(queries) * 1e6)
        best = {name: min(t) for name, t in times.items()}
        median = {name: sorted(t)[len(t) // 2] for name, t in times.items()}
        v1 = "stackclear-v1"
        for name in screeners:
            print(f"{label}, {name}: retrieval {best[name]:.1f} µs/query (best of {args.repeats}; median "
                  f"{median[name]:.1f}); / v1 = {best[name] / best[v1]:.2f} best, {median[name] / median[v1]:.2f} "
                  "median")
    return 0


if __name__ == "__main__":
    sys.exit(main())
