"""Alembic migrations of the records database (one module per schema revision); no public names."""

__all__: list[str] = []
