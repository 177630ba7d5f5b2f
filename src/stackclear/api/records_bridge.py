"""The API's view of the records database: authentication (users, keys) and the recorder of what the API
does (determinations, list snapshots). The actor of every record is the authenticated principal's name.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import sqlite as sqlite_dialect

from stackclear.api.security import Principal, Role
from stackclear.records import Database, open_database, users
from stackclear.records import licenses as licenses_mod
from stackclear.records import lists as lists_mod
from stackclear.records.models import ApiKey, User
from stackclear.screening.store import Snapshot
from stackclear.settings import Settings


def _principal(found: users.Principal, via: str = "key") -> Principal:
    return Principal(found.name, Role.parse(found.role), found.key_id, via=via)


def _key_query(digest: Any) -> Any:
    return (select(User.name, User.role, ApiKey.id, ApiKey.revoked_at)
            .join(User, User.id == ApiKey.user_id).where(ApiKey.key_hash == digest))  # fmt: skip


class RecordsAuth:
    """:class:`~stackclear.api.security.AuthBackend` over the records database (keys stored as sha256).

    A key is checked against the database on every request, so a revoked key is refused at once, by every
    worker. On SQLite the check is one indexed SELECT on a per-thread read-only connection of the standard
    library (~20 µs; the ORM session costs ~100× more, which would dominate a screening request); on
    PostgreSQL it is the same SELECT through SQLAlchemy Core.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._local = threading.local()
        path = db.url.database
        self._sqlite_path = path if db.dialect == "sqlite" and path not in (None, "", ":memory:") else None
        # the same statement as SQLite writes it, with one positional placeholder
        self._sql = str(_key_query(bindparam("digest")).compile(dialect=sqlite_dialect.dialect()))

    def _row(self, digest: str) -> tuple[Any, ...] | None:
        if self._sqlite_path is None:
            with self.db.engine.connect() as connection:
                row = connection.execute(_key_query(digest)).first()
            return None if row is None else tuple(row)
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._sqlite_path, isolation_level=None, timeout=5.0)
            conn.execute("PRAGMA query_only=ON")
            self._local.conn = conn
        found: tuple[Any, ...] | None = conn.execute(self._sql, (digest,)).fetchone()
        return found

    def authenticate_key(self, key: str) -> Principal | None:
        if not key.startswith(users.KEY_PREFIX):
            return None
        row = self._row(users.key_hash(key))
        if row is None or row[3] is not None:
            return None
        return Principal(str(row[0]), Role.parse(str(row[1])), str(row[2]))

    def authenticate_password(self, user: str, password: str) -> Principal | None:
        found = users.authenticate_password(self.db, user, password)
        return None if found is None else _principal(found, "session")

    def session_principal(self, user: str, key_id: str | None) -> Principal | None:
        with self.db.read() as session:
            row = session.execute(select(User).where(User.name == user)).scalar_one_or_none()
            if row is None:
                return None
            if key_id is not None:
                key = session.get(ApiKey, key_id)
                if key is None or key.revoked_at is not None or key.user_id != row.id:
                    return None
            return Principal(row.name, Role.parse(row.role), key_id, via="session")


class Recorder:
    """Writes what the API decided into the audit chain, with the principal as the actor."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record_determination(self, result: dict[str, Any], principal: Principal,
                             license: str | None = None) -> dict[str, Any]:
        return licenses_mod.record_determination(self.db, result, actor=principal.name, license_number=license)

    def record_list_change(self, snap: Snapshot, principal: Principal) -> int | None:
        return lists_mod.record_snapshot(self.db, snap, actor=principal.name)


def connect(settings: Settings) -> tuple[RecordsAuth, Recorder]:
    db = open_database(settings.database_url)
    return RecordsAuth(db), Recorder(db)
