"""OFAC SDN XML (sdnList schema)."""

from __future__ import annotations

from pathlib import Path

from stackclear.errors import ListDataError
from stackclear.screening.parsers.common import ParseResult


def parse(path: Path) -> ParseResult:
    raise ListDataError(str(path), "OFAC XML not implemented yet")
