"""Alembic revision scripts, loaded by Alembic from their files (not imported as a package API)."""

__all__: list[str] = []
