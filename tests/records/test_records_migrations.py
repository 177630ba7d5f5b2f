"""Schema migrations: from an empty database, and from a database made by the first schema revision."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import inspect

from stackclear.records import Database, audit, head_revision, users
from stackclear.records.models import Base

FIXTURE = Path(__file__).parent / "data" / "schema_0001.db"
# made by revision 0001 only (users alice/bob, one key of alice, six audit records); a test fixture key
FIXTURE_KEY = "sck_3XcCZ3aZ-pJKJ56XcrHlKU2hc9ouIrv6UZ5InSASzdk"


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def test_upgrade_from_empty(db_url: str) -> None:
    db = Database(db_url)
    assert db.current_revision() is None
    before, after = db.upgrade()
    assert (before, after) == (None, head_revision())
    assert set(Base.metadata.tables) <= _tables(db)
    assert db.upgrade() == (after, after)  # idempotent
    assert audit.verify(db).ok
    db.dispose()


def test_upgrade_from_first_revision_on_both_backends(db_url: str) -> None:
    db = Database(db_url)
    db.upgrade("0001")
    users.create_user(db, "old", "viewer", actor="t")
    _, key = users.create_key(db, "old", actor="t")
    db.upgrade()
    assert db.current_revision() == head_revision()
    assert users.authenticate_key(db, key) is not None
    assert audit.verify(db).ok and audit.verify(db).records == 2
    db.dispose()


def test_kept_first_revision_database_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, path)
    db = Database(f"sqlite:///{path}")
    assert db.current_revision() == "0001"
    assert "audit_records" in _tables(db)
    before, after = db.upgrade()
    assert before == "0001" and after == head_revision()
    assert set(Base.metadata.tables) <= _tables(db)
    verdict = audit.verify(db)
    assert verdict.ok and verdict.records == 6
    principal = users.authenticate_key(db, FIXTURE_KEY)
    assert principal is not None and principal.name == "alice"
    assert users.authenticate_password(db, "alice", "alice-pw") is not None
    users.create_user(db, "new", "screener", actor="t")  # the chain goes on from the old head
    assert audit.verify(db).records == 7
    db.dispose()


def test_old_schema_is_refused_until_upgraded(tmp_path: Path) -> None:
    import pytest

    from stackclear.records import SchemaError, open_database

    if head_revision() == "0001":
        pytest.skip("only one schema revision so far")
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, path)
    with pytest.raises(SchemaError, match="db upgrade"):
        open_database(f"sqlite:///{path}")
