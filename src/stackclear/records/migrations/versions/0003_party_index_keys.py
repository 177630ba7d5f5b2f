"""Parties remember the index keys of their name, so a delta re-screen skips, without analysing the name
again, every party that shares no key with the changed entries.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("parties") as batch:
        batch.add_column(sa.Column("index_keys", sa.Text, nullable=True))
        batch.add_column(sa.Column("keys_version", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("parties") as batch:
        batch.drop_column("keys_version")
        batch.drop_column("index_keys")
