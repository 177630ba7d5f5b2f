"""Alembic migrations of the records database (run by `stackclear db upgrade`); no public names."""

__all__: list[str] = []
