"""Alembic migrations of the records database (env.py and versions/); nothing is imported from here."""

__all__: list[str] = []
