"""Benchmark: determination of a 10,000-line package with 50 parties (screener built beforehand).

Prints items/s and the ratio of the full determination to classification alone (same items, same date,
measured in the same process). Goal (issue 4): < 2 s on one core.

    .venv/bin/python bench/bench_determine.py [--lines 10000] [--parties 50] [--list PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from pathlib import Path
from typing import Any

from stackclear.catalog import default_catalog
from stackclear.determine import determine
from stackclear.determine.items import classify_item
from stackclear.model.package import Package
from stackclear.rules.loader import default_rules

REPO = Path(__file__).resolve().parents[1]
SHARED_LIST = REPO.parent / "shared" / "data" / "lists" / "csl_2022-05_full.csv"
FIXTURE_LIST = REPO / "tests" / "fixtures" / "determine" / "csl_scenarios.csv"
CHIPS = ["NVIDIA H100 SXM5 80GB", "NVIDIA H200 SXM 141GB", "NVIDIA H20 96GB", "NVIDIA GeForce RTX 4090",
         "NVIDIA L40S", "NVIDIA A100 SXM4 80GB", "NVIDIA B200 (HGX, per GPU)", "AMD Instinct MI300X"]


def build_package(lines: int, parties: int, distinct: bool = False, destination: str = "MY") -> Package:
    """A mixed 10-kind rotation of lines; ``distinct`` gives every chip line its own inline figures, so no
    two lines share a classification or a rule-stage result (the worst case for the per-call memo)."""
    items: list[dict[str, Any]] = []
    for n in range(lines):
        kind = n % 10
        if distinct and kind < 7:
            chip = {"tops": {"fp16": 100 + (n % 2000) * 0.7 + n * 1e-4}, "die_area_mm2": 600 + n % 200,
                    "memory_bandwidth_gbs": 2000 + n % 3000}
            if kind < 5:
                items.append({"id": f"chip-{n}", "layer": "hardware", "kind": "chip", **chip, "quantity": 1 + n % 64})
            else:
                items.append({"id": f"node-{n}", "layer": "hardware", "kind": "computer",
                              "contains": [{**chip, "quantity": 8}]})
        elif kind < 5:
            items.append({"id": f"chip-{n}", "layer": "hardware", "kind": "chip", "catalog": CHIPS[n % len(CHIPS)],
                          "quantity": 1 + n % 64})
        elif kind < 7:
            items.append({"id": f"node-{n}", "layer": "hardware", "kind": "computer",
                          "contains": [{"catalog": CHIPS[n % len(CHIPS)], "quantity": 8}]})
        elif kind == 7:
            items.append({"id": f"hbm-{n}", "layer": "hardware", "kind": "hbm", "memory_bandwidth_gbs": 819,
                          "package_area_mm2": 110})
        elif kind == 8:
            items.append({"id": f"sw-{n}", "layer": "software", "kind": "software", "eccn": "5D992"})
        else:
            items.append({"id": f"app-{n}", "layer": "applications", "kind": "application"})
    names = [f"Regional Compute Partner {chr(65 + i % 26)}{i} Sdn. Bhd." for i in range(parties - 3)]
    names += ["Huawei Technologies Co., Ltd.", "Moscow Institute of Physics and Technology", "Example Holding Ltd."]
    party_rows = [{"role": ["end_user", "consignee", "intermediate_consignee", "purchaser"][i % 4], "name": name,
                   "country": "MY", "headquarters": "MY" if i % 5 else "CN"} for i, name in enumerate(names)]
    return Package.model_validate({"name": "bench", "destination": destination, "parties": party_rows,
                                   "end_uses": ["datacenter"], "items": items})


def best_of(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--parties", type=int, default=50)
    parser.add_argument("--list", type=Path, default=SHARED_LIST if SHARED_LIST.exists() else FIXTURE_LIST)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from stackclear.screening.screen import Screener
    from stackclear.screening.sources import load_list

    t0 = time.perf_counter()
    screener = Screener.from_lists([load_list(args.list)])
    index_s = time.perf_counter() - t0
    as_of = dt.date(2026, 3, 1)
    rules, catalog = default_rules(), default_catalog()

    print(f"list: {args.list.name} (index built in {index_s:.2f} s, not counted)")
    shapes = (("catalog SKUs (repeated lines)", False, "MY"), ("every line distinct", True, "MY"),
              ("every line distinct, China (the 2026 band reads every chip's figures: worst case)", True, "CN"))
    for label, distinct, destination in shapes:
        package = build_package(args.lines, args.parties, distinct, destination)
        determine(package, as_of, screener=screener)
        lines = len(package.items)
        classify_s = best_of(lambda p=package: [classify_item(i, as_of, rules, {}, catalog) for i in p.items],
                             args.repeat)
        full_s = best_of(lambda p=package: determine(p, as_of, screener=screener), args.repeat)
        det = determine(package, as_of, screener=screener)
        json_s = best_of(lambda d=det: d.to_json(indent=None), 1)
        print(f"\n[{label}] {lines:,} lines, {len(package.parties)} parties, destination {package.destination}, "
              f"{as_of}")
        print(f"  classification alone (every line): {classify_s:.3f} s  ({lines / classify_s:,.0f} items/s)")
        print(f"  full determination:                {full_s:.3f} s  ({lines / full_s:,.0f} items/s)  "
              f"verdict {det.verdict.value}")
        print(f"  ratio determination / classification: {full_s / classify_s:.2f}x")
        print(f"  + writing the compact JSON report (to_json(indent=None)): {json_s:.3f} s")
        print(f"  goal < 2 s: {'met' if full_s < 2.0 else 'NOT met'}")
        counts = statistics.multimode([i.verdict.value for i in det.items])
        print(f"  most common item verdict: {counts}")


if __name__ == "__main__":
    main()
