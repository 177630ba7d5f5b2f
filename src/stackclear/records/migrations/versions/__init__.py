"""The schema revisions, oldest first; Alembic finds them by their ``revision``/``down_revision`` ids."""

from pathlib import Path

__all__ = ["REVISIONS"]

REVISIONS = sorted(p.stem for p in Path(__file__).resolve().parent.glob("[0-9][0-9][0-9][0-9]_*.py"))
