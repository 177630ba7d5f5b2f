"""The records schema as typed SQLAlchemy 2 models. Alembic migrations (``migrations/versions``) create it.

Times are stored in UTC. Audit records keep their time as the ISO text that was hashed (so the chain
recomputes byte for byte on any database); everything else uses :class:`UTCDateTime`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

ROLES = ("viewer", "screener", "reviewer", "admin")
DECISIONS = ("true_match", "false_positive", "escalate")
CASE_STATUSES = ("open", "closed")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC datetime on every backend (SQLite keeps no zone: stored as UTC, read back as UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    pass


# -- first schema revision (0001): users, API keys, the audit chain ------------------------------------------


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('viewer', 'screener', 'reviewer', 'admin')", name="ck_users_role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(300), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the whole key
    prefix: Mapped[str] = mapped_column(String(16))  # first characters, for display
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)


class AuditRecord(Base):
    """One link of the chain. ``hash`` = sha256 of the canonical JSON of every field but ``seq`` and ``hash``."""

    __tablename__ = "audit_records"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[str] = mapped_column(String(32), index=True)  # ISO 8601 UTC, as hashed
    actor: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON, as hashed
    versions: Mapped[str] = mapped_column(Text)  # canonical JSON: rule set, list snapshot, matcher
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)  # unique: the chain cannot fork
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """The single row (id 1) naming the last record: the write lock, and what catches a cut-off tail."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


# -- second revision (0002): parties, cases, re-screening state, licenses, determinations ------------------


class Party(Base):
    __tablename__ = "parties"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)  # the caller's key
    name: Mapped[str] = mapped_column(Text)
    schema: Mapped[str | None] = mapped_column(String(32), default=None)
    country: Mapped[str | None] = mapped_column(String(2), default=None)
    address: Mapped[str | None] = mapped_column(Text, default=None)
    content_hash: Mapped[str] = mapped_column(String(64))
    screened_hash: Mapped[str | None] = mapped_column(String(64), default=None)  # content last fully screened
    # revision 0003: the name's index keys (newline-separated) and the analysis version they were made by
    index_keys: Mapped[str | None] = mapped_column(Text, default=None)
    keys_version: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ListedEntry(Base):
    """The list entries as of the last re-screen: what the next one diffs the current snapshot against."""

    __tablename__ = "listed_entries"

    entry_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(300))
    list_code: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[str] = mapped_column(String(100))


class RescreenRun(Base):
    __tablename__ = "rescreen_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    snapshot: Mapped[str] = mapped_column(String(100))
    full: Mapped[bool]
    screened: Mapped[int] = mapped_column(Integer)
    added: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    removed: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    audit_seq: Mapped[int] = mapped_column(BigInteger)


class Case(Base):
    """A possible match of a stored party with one listed entry; one case per (party, entry)."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("party_id", "entry_key", name="uq_cases_party_entry"),
        CheckConstraint("status IN ('open', 'closed')", name="ck_cases_status"),
        CheckConstraint(
            "decision IS NULL OR decision IN ('true_match', 'false_positive', 'escalate')", name="ck_cases_decision"
        ),
        Index("ix_cases_status", "status"),
        Index("ix_cases_entry_key", "entry_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    party_id: Mapped[str] = mapped_column(ForeignKey("parties.id", ondelete="RESTRICT"))
    party_name: Mapped[str] = mapped_column(Text)  # the name that was screened
    entry_key: Mapped[str] = mapped_column(String(300))
    entry_id: Mapped[str] = mapped_column(String(300))
    entry_name: Mapped[str] = mapped_column(Text)
    entry_hash: Mapped[str] = mapped_column(String(64))
    list_code: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)  # JSON
    status: Mapped[str] = mapped_column(String(16), default="open")
    decision: Mapped[str | None] = mapped_column(String(16), default=None)
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    decided_by: Mapped[str | None] = mapped_column(String(200), default=None)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)  # optimistic concurrency


class License(Base):
    __tablename__ = "licenses"

    number: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str | None] = mapped_column(Text, default=None)
    eccns: Mapped[str] = mapped_column(Text)  # JSON list
    destinations: Mapped[str] = mapped_column(Text)  # JSON list of ISO-2
    parties: Mapped[str] = mapped_column(Text)  # JSON list of names (empty: any party)
    quantity_limit: Mapped[int | None] = mapped_column(BigInteger, default=None)
    value_limit: Mapped[float | None] = mapped_column(Float, default=None)
    quantity_used: Mapped[int] = mapped_column(BigInteger, default=0)
    value_used: Mapped[float] = mapped_column(Float, default=0.0)
    issued: Mapped[dt.date | None] = mapped_column(default=None)
    expires: Mapped[dt.date]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)


class Determination(Base):
    __tablename__ = "determinations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    package: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(32))
    as_of: Mapped[str] = mapped_column(String(10))
    result: Mapped[str] = mapped_column(Text)  # the full evaluate JSON
    license_number: Mapped[str | None] = mapped_column(ForeignKey("licenses.number"), default=None)
    actor: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    audit_seq: Mapped[int] = mapped_column(BigInteger)


class LicenseDraw(Base):
    __tablename__ = "license_draws"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    license_number: Mapped[str] = mapped_column(ForeignKey("licenses.number"), index=True)
    determination_id: Mapped[int] = mapped_column(ForeignKey("determinations.id"))
    quantity: Mapped[int] = mapped_column(BigInteger)
    value: Mapped[float] = mapped_column(Float)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    audit_seq: Mapped[int] = mapped_column(BigInteger)
