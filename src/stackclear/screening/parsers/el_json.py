"""Third-party Entity List JSON (``{"entities": [...]}``, camelCase keys)."""

from __future__ import annotations

from stackclear.errors import ListDataError
from stackclear.screening.parsers.common import ParseResult


def parse_data(file: str, data: object) -> ParseResult:
    raise ListDataError(file, "EL JSON not implemented yet")
