"""trade.gov Consolidated Screening List, JSON download / API shape: ``{"results": [...]}`` or a list."""

from __future__ import annotations

from stackclear.errors import ListDataError
from stackclear.screening.parsers.common import ParseResult


def parse_data(file: str, data: object) -> ParseResult:
    raise ListDataError(file, "CSL JSON not implemented yet")
