"""`make demo`: classify well-known chips and evaluate an example export package, with citations.

Runs from a fresh clone with no network and no stored restricted-party lists: it drives the installed
``stackclear`` console script of this virtual environment, in a throw-away STACKCLEAR_HOME, so what you see
is exactly what a user gets at the terminal. The example package names its own list file (``lists:``), so
its parties are screened against that sample list as given; without it the evaluation fails closed (HOLD).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHIPS = [
    ("NVIDIA H100 SXM5 80GB", "2024-06-01"),
    ("NVIDIA H20 96GB", "2024-06-01"),
    ("NVIDIA GeForce RTX 4090D", "2024-06-01"),
    ("NVIDIA A800 SXM4 80GB", "2023-11-01"),
    ("NVIDIA A800 SXM4 80GB", "2023-11-17"),
]
PACKAGES = [
    ("malaysia_dc_chinese_parent.yaml", []),
    ("entity_list_end_user.yaml", []),
]
DIFF = ("h20_china_internet_2024.yaml", "2024-09-01", "2025-06-01")
TIMEOUT = 60


def _stackclear() -> list[str]:
    """The console script next to this interpreter (same venv), else whatever is on PATH."""
    local = Path(sys.executable).with_name("stackclear")
    if local.exists():
        return [str(local)]
    found = shutil.which("stackclear")
    if found:
        return [found]
    return [sys.executable, "-c", "from stackclear.cli import main; main()"]


def _banner(text: str) -> None:
    print(f"\n{'═' * 100}\n{text}\n{'═' * 100}", flush=True)


def _run(args: list[str], env: dict[str, str]) -> bool:
    """Run one stackclear command, streaming its output; report (not raise) when it is missing or fails."""
    print(f"$ stackclear {' '.join(repr(a) if ' ' in a else a for a in args)}", flush=True)
    try:
        done = subprocess.run([*_stackclear(), *args], env=env, timeout=TIMEOUT, check=False,
                              capture_output=True, text=True, cwd=ROOT)
    except subprocess.TimeoutExpired:
        print(f"  (note: timed out after {TIMEOUT} s; continuing)")
        return False
    sys.stdout.write(done.stdout)
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()
        if "No such command" in done.stderr:
            print(f"  (note: this command is not available in this build yet: {message[-1] if message else ''})")
        else:
            print(f"  (note: exit code {done.returncode}: {' '.join(message)[:400]})")
        return False
    return True


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="stackclear-demo-") as home:
        env = {**os.environ, "STACKCLEAR_HOME": home, "COLUMNS": os.environ.get("COLUMNS", "120")}
        _banner("1. Classify well-known chips (ECCN 3A090 / 4A090), each step cited — time travel with --as-of")
        for name, day in CHIPS:
            _run(["classify", "chip", name, "--as-of", day], env)
        for package, extra in PACKAGES:
            path = Path("examples", "packages", package)
            if not (ROOT / path).exists():
                print(f"(note: {path} is missing; skipped)")
                continue
            _banner(f"2. Evaluate an export package: {path}")
            _run(["evaluate", str(path), *extra], env)
        name, start, end = DIFF
        _banner(f"3. What changed for {name} between {start} and {end}, and which rule value caused it")
        _run(["diff", str(Path("examples", "packages", name)), "--from", start, "--to", end], env)
    print("\nMore: stackclear evaluate PACKAGE --json | --format markdown|html --out report.html;"
          " stackclear diff examples/packages --from 2023-11-16 --to 2026-07-15")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
