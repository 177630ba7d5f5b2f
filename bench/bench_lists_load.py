"""Benchmark: loading the real list snapshots (parse + validate + sha256) against a bare csv baseline.

Run: ``.venv/bin/python bench/bench_lists_load.py [--repeat 5]``

For every file in ../shared/data/lists the script times ``load_list`` (best of N runs) and, as the
baseline in the same process, a bare ``csv.reader`` pass over the same bytes (the floor any CSV
parser pays; JSON and XML use ``json.load`` / ``ElementTree.parse``). It prints rows, time, rows/s and
the ratio load_list / baseline, then the time to load CSL 2022 + OFAC SDN 2024 together (goal < 2 s) and
to import them into a list store (copy + strict validation + manifest + atomic switch).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from stackclear.screening.sources import detect_format, load_list
from stackclear.screening.store import ListStore

LISTS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lists"


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def baseline(path: Path) -> None:
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    for file in files:
        if file.suffix == ".json":
            with file.open(encoding="utf-8") as handle:
                json.load(handle)
        elif file.suffix == ".xml":
            ET.parse(file)
        else:
            with file.open(encoding="utf-8", newline="") as handle:
                for _ in csv.reader(handle):
                    pass


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not LISTS.is_dir():
        print(f"skipped: {LISTS} not present")
        return 0
    paths = sorted(p for p in LISTS.iterdir() if p.suffix in {".csv", ".json", ".xml"} or p.is_dir())
    print(f"{'file':32} {'format':9} {'rows':>7} {'load ms':>9} {'rows/s':>10} {'base ms':>9} {'ratio':>6}")
    for path in paths:
        loaded = load_list(path)
        took = best(lambda p=path: load_list(p), args.repeat)  # type: ignore[misc]
        base = best(lambda p=path: baseline(p), args.repeat)  # type: ignore[misc]
        rows = len(loaded.entries)
        print(f"{path.name:32} {detect_format(path):9} {rows:7,} {took * 1000:9.0f} {rows / took:10,.0f} "
              f"{base * 1000:9.0f} {took / base:6.1f}")  # fmt: skip
    csl, sdn = LISTS / "csl_2022-05_full.csv", LISTS / "ofac_sdn_2024-07.csv"
    if csl.exists() and sdn.exists():
        both = best(lambda: (load_list(csl), load_list(sdn)), args.repeat)
        verdict = "ok" if both < 2.0 else "OVER GOAL"
        print(f"\nCSL 2022 + OFAC SDN 2024 together: {both:.2f} s (goal < 2 s: {verdict})")
        with tempfile.TemporaryDirectory() as home:
            store = ListStore(home, max_age_days=7)
            took = best(lambda: store.import_paths([csl, sdn]), 1)
            start = time.perf_counter()
            store.load_current()
            reload = time.perf_counter() - start
        print(f"store import (copy + strict validation + manifest + switch): {took:.2f} s; "
              f"load_current (parse + sha256 check): {reload:.2f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
