"""Optional parts live in pip extras: without them the core still evaluates and screens, and the optional
commands say which extra to install (never a traceback).

A missing package is simulated in a fresh interpreter with ``sys.modules[name] = None`` (what Python does for
a module that cannot be imported); ``bench/check_minimal_install.py`` does the same with a real
``pip install .`` into an empty venv.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "examples" / "packages" / "allied_h100_germany.yaml"
BOM_PACKAGE = REPO / "examples" / "packages" / "bom_wrapped_cluster_india.yaml"
LIST = REPO / "examples" / "lists" / "sample_consolidated.csv"
BLOCK = """
import sys
for name in {blocked!r}:
    sys.modules[name] = None  # "not installed"
sys.argv = ["stackclear", *{args!r}]
from stackclear.cli import main
main()
"""


def _run(blocked: list[str], *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    code = BLOCK.format(blocked=blocked, args=list(args))
    env = {"STACKCLEAR_HOME": str(home), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=300)  # fmt: skip


HEAVY = ["matplotlib", "cyclonedx"]


def test_core_runs_without_the_extras(tmp_path: Path) -> None:
    evaluated = _run(HEAVY, "evaluate", str(PACKAGE), "--json", "--list", str(LIST), home=tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr
    assert '"verdict"' in evaluated.stdout
    screened = _run(HEAVY, "screen", "Huawei Technologies", "--list", str(LIST), "--json", home=tmp_path)
    assert screened.returncode == 0, screened.stderr
    assert '"decision"' in screened.stdout


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["classify", "plot", "--out", "chart.png"], "plot"),
        (["evaluate", str(BOM_PACKAGE), "--list", str(LIST)], "bom"),
    ],
)
def test_missing_extra_is_named(tmp_path: Path, args: list[str], extra: str) -> None:
    result = _run(HEAVY, *[a if a != "chart.png" else str(tmp_path / a) for a in args], home=tmp_path)
    assert result.returncode == 2
    assert f"pip install 'stackclear[{extra}]'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "chart.png").exists()


def test_extras_are_declared() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert {"plot", "bom", "db", "api", "batch", "spark", "all", "dev"} <= set(extras)
    core = " ".join(project["dependencies"])
    for heavy in ("matplotlib", "cyclonedx", "jellyfish"):
        assert heavy not in core
    assert any(d.startswith("matplotlib") for d in extras["plot"])
    assert any(d.startswith("cyclonedx-python-lib") for d in extras["bom"])
    assert any(d.startswith("ruff==") for d in extras["dev"]) and any(d.startswith("mypy==") for d in extras["dev"])
