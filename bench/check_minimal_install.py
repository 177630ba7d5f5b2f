"""Check: ``pip install .`` WITHOUT extras, in a fresh venv, runs ``evaluate`` and ``screen``, and the optional
commands name their extra.

Run: ``.venv/bin/python bench/check_minimal_install.py`` (about a minute with a warm pip cache; not part of
``make test``, whose fast equivalent is ``tests/test_extras.py``). Exit code 0 when every check passes.

Steps: a new venv in a temporary folder; ``pip install -c constraints.txt .`` (pure Python,
STACKCLEAR_PURE_BUILD=1); then, with that venv's ``stackclear``:

* matplotlib and cyclonedx are not installed (the core does not pull them in);
* ``evaluate`` of an example package with the demo list, ``--json``: exit 0 and a verdict;
* ``screen "Huawei Technologies"`` against the demo list: exit 0 and a decision;
* ``classify plot`` and a package with a CycloneDX BOM: exit 2 and ``pip install 'stackclear[plot]'`` /
  ``[bom]`` in the message, no traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIST = REPO / "examples" / "lists" / "sample_consolidated.csv"


def main() -> int:
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="stackclear-minimal-") as tmp:
        root = Path(tmp)
        venv.create(root / "venv", with_pip=True)
        python = root / "venv" / "bin" / "python"
        env = {**os.environ, "STACKCLEAR_PURE_BUILD": "1", "STACKCLEAR_HOME": str(root / "home")}
        env.pop("VIRTUAL_ENV", None)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-c", str(REPO / "constraints.txt"), str(REPO)],
                       check=True, env=env)  # fmt: skip
        stackclear = str(root / "venv" / "bin" / "stackclear")

        def check(name: str, args: list[str], code: int, needle: str) -> None:
            done = subprocess.run([stackclear, *args], capture_output=True, text=True, env=env, cwd=root)
            ok = done.returncode == code and needle in done.stdout + done.stderr and "Traceback" not in done.stderr
            print(f"{'ok  ' if ok else 'FAIL'} {name}: exit {done.returncode}")
            if not ok:
                failures.append(name)
                print(done.stdout[-2000:], done.stderr[-2000:], sep="\n")

        for module in ("matplotlib", "cyclonedx"):
            absent = subprocess.run([str(python), "-c", f"import {module}"], capture_output=True, env=env)
            print(f"{'ok  ' if absent.returncode else 'FAIL'} {module} not installed")
            if not absent.returncode:
                failures.append(f"{module} installed")
        package = REPO / "examples" / "packages" / "allied_h100_germany.yaml"
        check("evaluate", ["evaluate", str(package), "--list", str(LIST), "--json"], 0, '"verdict"')
        check("screen", ["screen", "Huawei Technologies", "--list", str(LIST), "--json"], 0, '"decision"')
        check("classify plot names [plot]", ["classify", "plot", "--out", str(root / "c.png")], 2,
              "pip install 'stackclear[plot]'")  # fmt: skip
        bom = REPO / "examples" / "packages" / "bom_wrapped_cluster_india.yaml"
        check("BOM names [bom]", ["evaluate", str(bom), "--list", str(LIST)], 2, "pip install 'stackclear[bom]'")
        check("--version", ["--version"], 0, "stackclear ")
    print("minimal install:", "all checks passed" if not failures else f"FAILED: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
