"""Compliance records on a real database: the audit chain, users and keys, parties, cases, re-screening,
licenses and recorded determinations (SQLAlchemy 2 + Alembic; SQLite by default, PostgreSQL by URL).

Needs the ``db`` extra (``pip install 'stackclear[db]'``); importing without it raises MissingExtraError.

    from stackclear.records import Database, audit, users
    db = Database()                  # load_settings().database_url
    db.ensure_schema()               # create on first use (``db.upgrade()`` migrates an older schema)
    users.create_user(db, "alice", "reviewer", actor="root")
    audit.verify(db).to_dict()       # {"records", "ok", "first_bad"?, "problem"?}
"""

from __future__ import annotations

from stackclear.records.db import Database, head_revision
from stackclear.records.errors import ConflictError, LicenseRefused, NotFoundError, RecordsError, SchemaError

__all__ = [
    "ConflictError",
    "Database",
    "LicenseRefused",
    "NotFoundError",
    "RecordsError",
    "SchemaError",
    "head_revision",
    "open_database",
]


def open_database(url: str | None = None) -> Database:
    """The records database at ``url`` (default: settings), created on first use, schema checked."""
    db = Database(url)
    db.ensure_schema()
    return db
