"""Records tests run on SQLite and on a real PostgreSQL (a fresh database per test).

PostgreSQL comes from $STACKCLEAR_TEST_PG_URL (``.ci/run`` sets it with ``scripts/pg-start.sh --install``);
without it the fixture tries ``scripts/pg-start.sh`` once (no install). When no server can be had, the
PostgreSQL variants SKIP with the reason: they never pass silently.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="records need the [db] extra: pip install -e '.[db]'")

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
ENV_PG = "STACKCLEAR_TEST_PG_URL"
_server: dict[str, str | None] = {}


def pg_server_url() -> str:
    """The maintenance URL of the test server, or skip with the reason."""
    if "url" not in _server:
        url = os.environ.get(ENV_PG, "").strip() or None
        reason = None
        if url is None:
            try:
                done = subprocess.run(["bash", str(REPO / "scripts" / "pg-start.sh")], capture_output=True,
                                      text=True, timeout=120)  # fmt: skip
                url = done.stdout.strip() or None if done.returncode == 0 else None
                reason = done.stderr.strip()[-500:] or f"pg-start.sh exited {done.returncode}"
            except (OSError, subprocess.TimeoutExpired) as exc:
                reason = f"pg-start.sh failed: {exc}"
        _server["url"] = url
        _server["reason"] = reason
    if not _server["url"]:
        pytest.skip(f"PostgreSQL not available ({ENV_PG} unset and scripts/pg-start.sh failed: {_server['reason']})")
    return str(_server["url"])


def make_pg_database() -> tuple[str, str]:
    """Create a fresh database on the test server: (url, name)."""
    base = make_url(pg_server_url())
    name = f"sct_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False), name


def drop_pg_database(name: str) -> None:
    base = make_url(pg_server_url())
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty records database on each backend; STACKCLEAR_HOME and _DATABASE_URL point at it."""
    monkeypatch.setenv("STACKCLEAR_HOME", str(tmp_path / "home"))
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'home' / 'stackclear.db'}"
        monkeypatch.setenv("STACKCLEAR_DATABASE_URL", url)
        yield url
        return
    url, name = make_pg_database()
    monkeypatch.setenv("STACKCLEAR_DATABASE_URL", url)
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture
def db(db_url: str) -> Iterator[object]:
    from stackclear.records import open_database

    database = open_database(db_url)
    try:
        yield database
    finally:
        database.dispose()
