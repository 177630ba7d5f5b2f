"""Parties, cases, the re-screening state, licenses, license draws and recorded determinations.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "parties",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("schema", sa.String(32), nullable=True),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("address", sa.Text, nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("screened_hash", sa.String(64), nullable=True),
        _when("created_at"),
        _when("updated_at"),
    )
    op.create_table(
        "listed_entries",
        sa.Column("entry_key", sa.String(300), primary_key=True),
        sa.Column("entry_id", sa.String(300), nullable=False),
        sa.Column("list_code", sa.String(200), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("snapshot", sa.String(100), nullable=False),
    )
    op.create_table(
        "rescreen_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("snapshot", sa.String(100), nullable=False),
        sa.Column("full", sa.Boolean, nullable=False),
        sa.Column("screened", sa.Integer, nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("changed", sa.Integer, nullable=False),
        sa.Column("removed", sa.Integer, nullable=False),
        _when("at"),
        sa.Column("audit_seq", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("party_id", sa.String(200), sa.ForeignKey("parties.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("party_name", sa.Text, nullable=False),
        sa.Column("entry_key", sa.String(300), nullable=False),
        sa.Column("entry_id", sa.String(300), nullable=False),
        sa.Column("entry_name", sa.Text, nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        sa.Column("list_code", sa.String(200), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decision", sa.String(16), nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("decided_by", sa.String(200), nullable=True),
        _when("decided_at", nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        _when("opened_at"),
        _when("updated_at"),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("party_id", "entry_key", name="uq_cases_party_entry"),
        sa.CheckConstraint("status IN ('open', 'closed')", name="ck_cases_status"),
        sa.CheckConstraint("decision IS NULL OR decision IN ('true_match', 'false_positive', 'escalate')",
                           name="ck_cases_decision"),  # fmt: skip
    )
    op.create_index("ix_cases_status", "cases", ["status"])
    op.create_index("ix_cases_entry_key", "cases", ["entry_key"])
    op.create_table(
        "licenses",
        sa.Column("number", sa.String(100), primary_key=True),
        sa.Column("holder", sa.Text, nullable=True),
        sa.Column("eccns", sa.Text, nullable=False),
        sa.Column("destinations", sa.Text, nullable=False),
        sa.Column("parties", sa.Text, nullable=False),
        sa.Column("quantity_limit", sa.BigInteger, nullable=True),
        sa.Column("value_limit", sa.Float, nullable=True),
        sa.Column("quantity_used", sa.BigInteger, nullable=False),
        sa.Column("value_used", sa.Float, nullable=False),
        sa.Column("issued", sa.Date, nullable=True),
        sa.Column("expires", sa.Date, nullable=False),
        _when("created_at"),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "determinations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("package", sa.Text, nullable=False),
        sa.Column("verdict", sa.String(32), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("license_number", sa.String(100), sa.ForeignKey("licenses.number"), nullable=True),
        sa.Column("actor", sa.String(200), nullable=False),
        _when("recorded_at"),
        sa.Column("audit_seq", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "license_draws",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("license_number", sa.String(100), sa.ForeignKey("licenses.number"), nullable=False),
        sa.Column("determination_id", sa.Integer, sa.ForeignKey("determinations.id"), nullable=False),
        sa.Column("quantity", sa.BigInteger, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        _when("at"),
        sa.Column("audit_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_license_draws_license_number", "license_draws", ["license_number"])


def downgrade() -> None:
    for name in ("license_draws", "determinations", "licenses", "cases", "rescreen_runs", "listed_entries",
                 "parties"):  # fmt: skip
        op.drop_table(name)
