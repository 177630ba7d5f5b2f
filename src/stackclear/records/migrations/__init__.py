"""Alembic migrations of the records database, run by ``stackclear db upgrade`` (one module per revision)."""

from pathlib import Path

__all__ = ["LOCATION"]

LOCATION = Path(__file__).resolve().parent  # Alembic's script_location (``stackclear.records:migrations``)
