"""Validation of screening and matching input records (the JSONL contracts of DESIGN.md).

Bad input is reported, never guessed at: an empty or huge name, control characters, an unknown schema or
country code each raise SpecError naming the field and what was expected, so a batch can answer that line
with ``{"id", "error"}`` and go on with the rest.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pycountry

from stackclear.errors import SpecError
from stackclear.names import known_schema
from stackclear.screening.screen import PartyQuery

MAX_NAME_CHARS = 500
#: Codes in use on the lists though not (or no longer) in ISO 3166-1: Kosovo.
_EXTRA_CODES = frozenset({"XK"})
SCHEMAS = ("Person", "Company", "Organization", "LegalEntity", "Vessel", "Aircraft")


def check_name(value: Any, field: str) -> str:
    """A usable name: a non-blank string of at most MAX_NAME_CHARS characters without control characters."""
    if not isinstance(value, str):
        raise SpecError(field, f"expected a string, got {type(value).__name__}")
    if not value.strip():
        raise SpecError(field, "is empty; expected a party name")
    if len(value) > MAX_NAME_CHARS:
        raise SpecError(field, f"is {len(value):,} characters long; expected at most {MAX_NAME_CHARS}")
    for char in value:
        if unicodedata.category(char) == "Cc":
            raise SpecError(field, f"contains the control character U+{ord(char):04X}; expected printable text")
    if not any(char.isalnum() for char in value):
        raise SpecError(field, f"{value!r} has no letters or digits; expected a party name")
    return value


def check_schema(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not known_schema(value):
        raise SpecError("schema", f"unknown schema {value!r}; expected one of: {', '.join(SCHEMAS)}")
    return value


def check_country(value: Any) -> str | None:
    """An ISO 3166-1 alpha-2 code (upper case), e.g. CN; None when absent."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) != 2 or (
        value.upper() not in _EXTRA_CODES and pycountry.countries.get(alpha_2=value.upper()) is None
    ):
        raise SpecError("country", f"unknown country code {value!r}; expected ISO 3166-1 alpha-2, e.g. CN")
    return value.upper()


def _optional_text(record: dict[str, Any], field: str) -> str | None:
    value = record.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SpecError(field, f"expected a string, got {type(value).__name__}")
    return value


def record_id(record: Any, fallback: str) -> str:
    """The record's id as a string, or ``fallback`` (e.g. "line 7") when it has none."""
    if isinstance(record, dict) and isinstance(record.get("id"), (str, int)):
        return str(record["id"])
    return fallback


def parse_query(record: Any, fallback_id: str) -> PartyQuery:
    """A screening query from one decoded JSON record."""
    if not isinstance(record, dict):
        raise SpecError("", f"expected a JSON object, got {type(record).__name__}")
    return PartyQuery(
        id=record_id(record, fallback_id),
        name=check_name(record.get("name"), "name"),
        schema=check_schema(record.get("schema")),
        country=check_country(record.get("country")),
        address=_optional_text(record, "address"),
        date_of_birth=_optional_text(record, "date_of_birth"),
    )


def parse_pair(record: Any) -> tuple[str, str, str | None]:
    """``(a, b, schema)`` of one ``match`` record."""
    if not isinstance(record, dict):
        raise SpecError("", f"expected a JSON object, got {type(record).__name__}")
    return check_name(record.get("a"), "a"), check_name(record.get("b"), "b"), check_schema(record.get("schema"))
