"""The public surface, pinned (httpx's habit): what `from stackclear import ...` and each package export.

A name added to or removed from an ``__all__`` must be added to or removed from this list on purpose.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import stackclear

REPO = Path(__file__).resolve().parents[1]

LIBRARY_API = [
    "ChipSpec",
    "ListStore",
    "PartyQuery",
    "Screener",
    "StackclearError",
    "__version__",
    "chip_spec_from_dict",
    "classify_catalog_name",
    "classify_chip",
    "determine_package",
    "load_list",
    "load_package",
    "select_screener",
]

SCREENING_API = [
    "Candidate",
    "Hit",
    "ListEntry",
    "ListStore",
    "LoadedList",
    "PartyQuery",
    "ScreenResult",
    "Screener",
    "Snapshot",
    "cached_screener",
    "load_list",
    "select_screener",
]


def test_library_api_is_pinned() -> None:
    assert sorted(stackclear.__all__) == sorted(LIBRARY_API)
    for name in LIBRARY_API:
        assert getattr(stackclear, name) is not None, name
    from stackclear.determine import determine

    assert stackclear.determine_package is determine


def test_screening_api_is_pinned() -> None:
    import stackclear.screening as screening

    assert sorted(screening.__all__) == sorted(SCREENING_API)
    for name in SCREENING_API:
        assert getattr(screening, name) is not None, name


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        stackclear.nope  # noqa: B018


def test_every_package_declares_all() -> None:
    """Every package (a folder with __init__.py) says what it exports, and exports only what exists."""
    packages = ["stackclear"] + [m.name for m in pkgutil.walk_packages(stackclear.__path__, "stackclear.")
                                 if m.ispkg]  # fmt: skip
    assert "stackclear.screening" in packages and "stackclear.cli" in packages
    for name in packages:
        module = importlib.import_module(name)
        exported = getattr(module, "__all__", None)
        assert isinstance(exported, list), f"{name} has no __all__"
        for attribute in exported:
            assert hasattr(module, attribute), f"{name}.__all__ names {attribute!r}, which does not exist"


def test_import_stackclear_is_light() -> None:
    """`import stackclear` does not load the core (names are imported on first use)."""
    code = "import sys, stackclear; print(sorted(m for m in sys.modules if m.startswith('stackclear')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(eval(done.stdout))  # noqa: S307 (our own output)
    assert loaded <= {"stackclear", "stackclear._native"}, loaded
    heavy = "import sys, stackclear; print([m for m in ('pydantic', 'rigour', 'rapidfuzz') if m in sys.modules])"
    assert subprocess.run([sys.executable, "-c", heavy], capture_output=True, text=True).stdout.strip() == "[]"


def test_version_matches_the_package_metadata() -> None:
    from importlib import metadata

    assert stackclear.__version__ == metadata.version("stackclear")


def test_readme_python_example(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's ```pycon block runs as a doctest from the repository root and gives what it shows."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```pycon\n(.*?)```", text, re.DOTALL)
    assert len(blocks) == 1 and len(blocks[0].strip().splitlines()) <= 14
    monkeypatch.chdir(REPO)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(blocks[0], {}, "README.md", str(REPO / "README.md"), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 8
