"""Fixtures of the batch tests: the repository's demo list, a screener over it, one SparkSession for all."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stackclear.screening.screen import Screener
from stackclear.screening.sources import load_list

REPO = Path(__file__).resolve().parents[2]
SAMPLE_LIST = REPO / "examples" / "lists" / "sample_consolidated.csv"
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_file(*parts: str) -> Path:
    """Path of a file under ../shared/data, or skip the test with the reason (as tests/conftest.py does;
    this conftest takes the module name ``conftest`` inside tests/batch)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/data/{'/'.join(parts)} (not present in this checkout)")
    return path


@pytest.fixture(scope="session")
def sample_list() -> Path:
    return SAMPLE_LIST


@pytest.fixture(scope="session")
def sample_screener() -> Screener:
    return Screener.from_lists([load_list(SAMPLE_LIST)])


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never the real data directory: an empty STACKCLEAR_HOME per test."""
    monkeypatch.setenv("STACKCLEAR_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One local[2] SparkSession for every Spark test (starting one takes seconds)."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark tests need a Java runtime (java on PATH or JAVA_HOME); none found")
    log = tmp_path_factory.mktemp("spark") / "worker-events.txt"
    os.environ["STACKCLEAR_SPARK_LOAD_LOG"] = str(log)  # inherited by the JVM and its Python workers
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from stackclear.spark import spark_session

    session = spark_session(2)
    session.conf.set("stackclear.test.log", str(log))
    try:
        yield session
    finally:
        session.stop()
