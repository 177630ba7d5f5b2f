"""Shared fixtures. Data from ../shared/data is read in place (never copied); tests needing it skip without it."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_file(*parts: str) -> Path:
    """Path of a file under ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/data/{'/'.join(parts)} (not present in this checkout)")
    return path


@pytest.fixture
def shared() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("needs ../shared/data beside the repository")
    return SHARED_DATA
