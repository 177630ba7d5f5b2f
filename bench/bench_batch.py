"""Batch screening at scale (issue 13): file batch with 1 and 2 workers, Spark local[2], and peak memory.

    .venv/bin/python bench/bench_batch.py                 # 1,000,000 rows (about 15-30 minutes on 2 cores)
    .venv/bin/python bench/bench_batch.py --rows 100000   # a quicker run
    .venv/bin/python bench/bench_batch.py --compare-rows 200000   # memory at 1M rows, engines compared at 200k

Input: party names built from ../shared/data/eval (the 50,000 synthetic US people, first and last names
recombined, so most names are new to the caches) and variants of listed names (a dropped word, a typo, reordered
words, or as listed), 2 : 1, with some country codes; screened against CSL 2022 + SDN 2024. Each run is the
real command (`stackclear batch screen ... --list csl --list sdn`) in its own process, so it pays for reading,
validating, writing and its own index build; throughput is counted over the screening phase the command
reports (input read to output renamed; for Spark also the session start, staging and merge), with the whole
command's wall time beside it. Peak memory is the largest sum of the resident set (and of the proportional
set, which divides a shared page between the processes mapping it, and of the unique set) over the command's
process tree, sampled every 0.1 s; the target is judged on RSS, the strictest (it counts the mapped index
file and shared libraries once per process), with PSS (what the run costs the machine) beside it.

Targets: 2 workers >= 1.7x one worker (same run); Spark local[2] >= 0.6x the file batch (2 workers);
the file batch's peak memory flat (< 1.5 GB) from 100k to 1M rows.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
LISTS = [SHARED / "lists" / "csl_2022-05_full.csv", SHARED / "lists" / "ofac_sdn_2024-07.csv"]


def _variant(name: str, rng: random.Random) -> str:
    tokens = name.split()
    roll = rng.random()
    if roll < 0.25 and len(tokens) > 1:
        tokens = tokens[:-1]
    elif roll < 0.5:
        word = rng.randrange(len(tokens))
        if len(tokens[word]) > 3:
            k = rng.randrange(1, len(tokens[word]) - 1)
            tokens[word] = tokens[word][:k] + tokens[word][k + 1 :]
    elif roll < 0.7:
        rng.shuffle(tokens)
    return " ".join(tokens) or name


def listed_names() -> list[str]:
    from stackclear.screening.sources import load_list

    return [e.name for path in LISTS for e in load_list(path).entries if e.name]


def make_input(path: Path, rows: int, listed: list[str]) -> None:
    rng = random.Random(2026)
    with (SHARED / "eval" / "negatives_us_synthetic.csv").open(encoding="utf-8") as handle:
        people = list(csv.DictReader(handle))
    firsts = [p["first_name"] for p in people if p["first_name"]]
    lasts = [p["last_name"] for p in people if p["last_name"]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "name", "country"])
        for i in range(rows):
            if i % 3 == 2:
                writer.writerow([f"v{i}", _variant(rng.choice(listed), rng), rng.choice(["", "", "CN", "RU", "IR"])])
            else:
                writer.writerow([f"n{i}", f"{rng.choice(firsts)} {rng.choice(lasts)}", rng.choice(["", "US", "DE"])])


def _tree(root: int) -> list[int]:
    """``root`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pids: list[int], seen: dict[int, float]) -> None:
    """Record each process's own CPU seconds (user + system) so far: their sum over every process the
    command ever ran is its CPU time (workers included, whoever reaps them)."""
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        seen[pid] = max(seen.get(pid, 0.0), (int(fields[11]) + int(fields[12])) / TICK)


def _role(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            args = handle.read().split(b"\0")
    except OSError:
        return "?"
    text = b" ".join(args).decode(errors="replace")
    if "java" in args[0].decode(errors="replace"):
        return "JVM"
    for mark, role in (("spawn_main", "worker"), ("resource_tracker", "resource tracker"),
                       ("pyspark.daemon", "pyspark daemon"), ("pyspark.worker", "python worker")):
        if mark in text:
            return role
    return "main" if "stackclear.cli" in text else text[:40]


def _memory(pids: list[int]) -> tuple[int, int, int, list[tuple[str, int, int, int]]]:
    """(sum of RSS, of PSS, of USS) in bytes over ``pids``, and each process's (role, RSS, PSS, USS). RSS
    counts a page shared by several processes (the mapped index file, libraries, pages inherited from a
    fork) once in each; PSS divides it between them; USS counts only the pages no other process maps."""
    rss = pss = uss = 0
    each = []
    for pid in pids:
        mine = {"Rss": 0, "Pss": 0, "Private_Clean": 0, "Private_Dirty": 0}
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
                for line in handle:
                    key = line.split(":", 1)[0]
                    if key in mine:
                        mine[key] = int(line.split()[1]) * 1024
        except OSError:
            continue
        private = mine["Private_Clean"] + mine["Private_Dirty"]
        rss, pss, uss = rss + mine["Rss"], pss + mine["Pss"], uss + private
        each.append((_role(pid), mine["Rss"], mine["Pss"], private))
    return rss, pss, uss, each


def run(source: Path, out: Path, engine: str, workers: int, home: Path) -> dict[str, Any]:
    args = [sys.executable, "-c", "from stackclear.cli import main; main()", "batch", "screen", str(source),
            "--out", str(out), "--engine", engine, "--workers", str(workers), "--quiet", "--json"]
    for path in LISTS:
        args += ["--list", str(path)]
    env = {**os.environ, "STACKCLEAR_HOME": str(home)}  # its own data directory (the index cache)
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak = [0, 0, 0]
    at_peak: list[tuple[str, int, int, int]] = []
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            tree = _tree(process.pid)
            rss, pss, uss, each = _memory(tree)
            _cpu(tree, cpu)
            if rss > peak[0]:
                at_peak[:] = each
            peak[0], peak[1], peak[2] = max(peak[0], rss), max(peak[1], pss), max(peak[2], uss)
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, _ = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    stop.set()
    sampler.join()
    stdout = process.stdout.read().decode() if process.stdout else ""
    stderr = process.stderr.read().decode() if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: some rows rejected (a few listed names carry control characters)
        raise SystemExit(f"{engine} x{workers} failed with exit {code}:\n{stderr[-3000:]}")
    summary = json.loads(stdout.strip().splitlines()[-1])
    return {
        "engine": engine, "workers": workers, "rows": summary["rows"], "seconds": summary["seconds"],
        "rate": summary["rows"] / summary["seconds"], "wall": wall, "peak_rss": peak[0], "peak_pss": peak[1],
        "peak_uss": peak[2], "at_peak": sorted(at_peak, key=lambda p: -p[1]),
        "cpu_tree": sum(cpu.values()), "cpu_run": summary.get("cpu_seconds"),
        "load": (load_before, os.getloadavg()[0]),
        "decisions": summary["decisions"],
    }


def show(result: dict[str, Any]) -> None:
    print(f"  {result['engine']:5} x{result['workers']}: {result['rows']:>9,} rows in {result['seconds']:7.1f} s "
          f"= {result['rate']:8,.0f} rows/s (command {result['wall']:.1f} s); "
          f"peak RSS {result['peak_rss'] / 2**20:,.0f} MB, PSS {result['peak_pss'] / 2**20:,.0f} MB, "
          f"USS {result['peak_uss'] / 2**20:,.0f} MB; "
          f"load {result['load'][0]:.1f} → {result['load'][1]:.1f}; CPU {result['cpu_tree']:.1f} s in all"
          + (f", run phase {result['cpu_run']:.1f} s = {1000 * result['cpu_run'] / result['rows']:.3f} "
             "CPU-s per 1k rows; " if result["cpu_run"] else "; ")
          +
          f"{result['decisions']}", flush=True)
    print("    at the RSS peak (RSS / PSS / USS MB): " + "; ".join(
        f"{role} {r / 2**20:,.0f} / {p / 2**20:,.0f} / {u / 2**20:,.0f}" for role, r, p, u in result["at_peak"]),
        flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000, help="rows of the memory comparison's small run")
    parser.add_argument("--compare-rows", type=int, default=0,
                        help="rows of the 1-worker / 2-worker / Spark comparison (default: --rows)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/stackclear-bench-batch"))
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--skip-one", action="store_true", help="no 1-worker run (the 2 / 1 worker ratio)")
    parser.add_argument("--skip-memory", action="store_true", help="only the engines' comparison")
    options = parser.parse_args()
    compare = options.compare_rows or options.rows
    missing = [p for p in LISTS + [SHARED / "eval" / "negatives_us_synthetic.csv"] if not p.exists()]
    if missing:
        raise SystemExit(f"needs {', '.join(map(str, missing))}")
    options.work.mkdir(parents=True, exist_ok=True)
    listed = listed_names()
    sizes = {compare} if options.skip_memory else {options.rows, options.small, compare}
    inputs = {rows: options.work / f"parties-{rows}.csv" for rows in sizes}
    for rows, path in inputs.items():
        if not path.exists():
            make_input(path, rows, listed)
    from stackclear import _native

    big = inputs[compare if options.skip_memory else options.rows]
    print(f"batch bench: {big.name} ({big.stat().st_size / 2**20:.0f} MB CSV) against CSL 2022 + SDN 2024; "
          f"engines compared on {compare:,} rows; hot path {_native.mode()}; {os.cpu_count()} cores; "
          f"load {os.getloadavg()[0]:.1f}", flush=True)
    results: dict[str, dict[str, Any]] = {}
    home = options.work / "home"
    tiny = options.work / "parties-10.csv"
    with big.open(encoding="utf-8") as handle:
        tiny.write_text("".join(itertools.islice(handle, 11)), encoding="utf-8")
    first = run(tiny, options.work / "tiny.parquet", "local", 1, home)
    print(f"index built once (cached in {home}/cache for the runs below): command {first['wall']:.1f} s, "
          f"CPU {first['cpu_tree']:.1f} s", flush=True)
    if not options.skip_memory:
        print("file batch, memory from small to large input (2 workers):", flush=True)
        results["small"] = run(inputs[options.small], options.work / "small.parquet", "local", 2, home)
        show(results["small"])
        if compare == options.small and not options.skip_spark:  # the engines compared on the small run
            print(f"Spark on {compare:,} rows (compared with the run above):", flush=True)
            results["spark"] = run(inputs[compare], options.work / "spark.parquet", "spark", 2, home)
            show(results["spark"])
        results["big"] = run(big, options.work / "big.parquet", "local", 2, home)
        show(results["big"])
    print(f"throughput on {compare:,} rows (same run):", flush=True)
    if compare in (options.rows, options.small) and not options.skip_memory:
        results["two"] = results["big" if compare == options.rows else "small"]
        (options.work / ("big.parquet" if compare == options.rows else "small.parquet")).replace(
            options.work / "two.parquet")
    else:
        results["two"] = run(inputs[compare], options.work / "two.parquet", "local", 2, home)
        show(results["two"])
    if not options.skip_one:
        results["one"] = run(inputs[compare], options.work / "one.parquet", "local", 1, home)
        show(results["one"])
    if not options.skip_spark and "spark" not in results:
        results["spark"] = run(inputs[compare], options.work / "spark.parquet", "spark", 2, home)
        show(results["spark"])
    print("results:")
    if "one" in results:
        same = (options.work / "one.parquet").read_bytes() == (options.work / "two.parquet").read_bytes()
        print(f"  2 workers / 1 worker: {results['two']['rate'] / results['one']['rate']:.2f}x (target >= 1.7); "
              f"outputs byte-identical: {same}")
    if "spark" in results:
        spark_same = (options.work / "spark.parquet").read_bytes() == (options.work / "two.parquet").read_bytes()
        print(f"  Spark local[2] / file batch (2 workers): {results['spark']['rate'] / results['two']['rate']:.2f}x "
              f"(target >= 0.6); output byte-identical: {spark_same}")
    if "one" in results:
        print(f"  peak memory, 1 worker, {compare:,} rows: RSS {results['one']['peak_rss'] / 2**20:,.0f} MB")
    if options.skip_memory:
        return
    print(f"  peak memory, 2 workers: {options.small:,} rows RSS {results['small']['peak_rss'] / 2**20:,.0f} MB / "
          f"PSS {results['small']['peak_pss'] / 2**20:,.0f} MB; {options.rows:,} rows RSS "
          f"{results['big']['peak_rss'] / 2**20:,.0f} MB / PSS {results['big']['peak_pss'] / 2**20:,.0f} MB "
          "(target: flat, < 1.5 GB)")


if __name__ == "__main__":
    main()
