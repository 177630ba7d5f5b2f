"""Benchmark: the first query of a new process, ``stackclear screen "Name"`` over stored lists, vs ``--version``.

Run: ``.venv/bin/python bench/bench_first_query.py [--repeat 7]``

CSL 2022 + OFAC SDN 2024 (../shared/data/lists) are imported into a temporary STACKCLEAR_HOME. Then, in the
same run, each measured as a separate process (interleaved, ``--repeat`` times each):

* ``stackclear --version`` — the baseline: interpreter, the CLI and its imports;
* ``stackclear screen "Huawei Technologies"`` — the stored snapshot's index read from the disk cache;
* once before those, the same ``screen`` with an empty cache (the index is built and written), and once with
  ``--list`` files (parse + build, the path without any cache) for comparison.

Prints wall time and CPU time (user + sys of the child) per command, the medians, and the extra time of a
screen over --version (target: within 0.5 s). CPU time is printed beside wall time because on a shared
machine wall time mostly measures the queue for a core.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LISTS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lists"
STACKCLEAR = Path(sys.executable).with_name("stackclear")
NAME = "Huawei Technologies"
TARGET = 0.5


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one child process; fails loudly on a non-zero exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([str(STACKCLEAR), *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    csl, sdn = LISTS / "csl_2022-05_full.csv", LISTS / "ofac_sdn_2024-07.csv"
    if not (csl.is_file() and sdn.is_file()):
        print(f"skipped: needs {csl} and {sdn}")
        return 0
    home = Path(tempfile.mkdtemp(prefix="stackclear-bench-"))
    env = {**os.environ, "STACKCLEAR_HOME": str(home)}
    try:
        run(["lists", "import", str(csl), str(sdn)], env)
        cold_wall, cold_cpu = run(["screen", NAME], env)  # builds and writes the index cache
        cache = sorted((home / "cache").glob("index-*.bin"))
        size = cache[0].stat().st_size / 1e6 if cache else 0.0
        files_wall, files_cpu = run(["screen", NAME, "--list", str(csl), "--list", str(sdn)], env)
        version: list[tuple[float, float]] = []
        screen: list[tuple[float, float]] = []
        for _ in range(args.repeat):
            version.append(run(["--version"], env))
            screen.append(run(["screen", NAME], env))
    finally:
        shutil.rmtree(home, ignore_errors=True)

    def median(rows: list[tuple[float, float]], column: int) -> float:
        return statistics.median(row[column] for row in rows)

    print(f"lists: CSL 2022 + SDN 2024 stored; index cache {size:.1f} MB; {args.repeat} interleaved runs each")
    print(f"{'command':<46} {'wall s':>8} {'cpu s':>8}")
    print(f"{'stackclear --version':<46} {median(version, 0):>8.3f} {median(version, 1):>8.3f}")
    print(f"{'screen (index from the disk cache)':<46} {median(screen, 0):>8.3f} {median(screen, 1):>8.3f}")
    print(f"{'screen, empty cache (index built + written)':<46} {cold_wall:>8.3f} {cold_cpu:>8.3f}")
    print(f"{'screen --list files (parse + build, no cache)':<46} {files_wall:>8.3f} {files_cpu:>8.3f}")
    extra_wall = median(screen, 0) - median(version, 0)
    extra_cpu = median(screen, 1) - median(version, 1)
    print(f"first query over --version: +{extra_wall:.3f} s wall, +{extra_cpu:.3f} s cpu (target +{TARGET} s): "
          f"{'met' if extra_wall <= TARGET else 'NOT met (wall)'}{'' if extra_cpu <= TARGET else ', NOT met (cpu)'}")
    print(f"cached vs built index: {cold_wall / median(screen, 0):.1f}x faster (wall), "
          f"{cold_cpu / median(screen, 1):.1f}x (cpu)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
