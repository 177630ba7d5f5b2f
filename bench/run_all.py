"""Run every ``bench/bench_*.py`` script in turn, each in its own process, and summarise.

Usage: ``.venv/bin/python bench/run_all.py [SUBSTRING ...]`` — with arguments, only the scripts whose
file name contains one of them. Exit code: non-zero if any benchmark failed (e.g. an agreement assert).
Benchmarks are not tests: they print throughput and ratios against a baseline measured in the same run.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(word in s.name for word in argv)]
    if not scripts:
        print("no benchmark scripts matched", file=sys.stderr)
        return 2
    failures = []
    for script in scripts:
        print(f"=== {script.name}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"=== {script.name}: {'ok' if code == 0 else f'FAILED (exit {code})'} "
              f"in {time.perf_counter() - start:.1f} s\n", flush=True)
        if code != 0:
            failures.append(script.name)
    print(f"{len(scripts) - len(failures)}/{len(scripts)} benchmarks ok" +
          (f"; failed: {', '.join(failures)}" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
