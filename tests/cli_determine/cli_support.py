"""Shared paths and the isolated list store for the evaluate/diff CLI tests (not a conftest: a second
conftest module would shadow tests/conftest.py for `from conftest import ...`)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "packages"


@pytest.fixture
def empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKCLEAR_HOME", str(tmp_path / "home"))
