"""Alembic environment: stackclear runs migrations in-process on a connection it passes in (see records.db)."""

from __future__ import annotations

from alembic import context

from stackclear.records.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - stackclear always passes its own connection
    raise RuntimeError("run migrations through `stackclear db upgrade` (records.db.upgrade)")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
