"""Alembic migrations of the records schema (run by ``stackclear db upgrade``; see records.db)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["MIGRATIONS_DIR"]

MIGRATIONS_DIR = Path(__file__).parent
