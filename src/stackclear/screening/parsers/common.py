"""Pieces every list parser shares: the parse result, source codes, schema mapping, field splitting."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from stackclear.screening.model import ListEntry
from stackclear.screening.parsers.countries import to_iso2


@dataclass(slots=True)
class ParseResult:
    """What one parser read: entries, non-fatal anomalies (each a full sentence) and the latest date seen."""

    entries: list[ListEntry] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    as_of: dt.date | None = None

    def see_date(self, value: str | None) -> None:
        """Move ``as_of`` to ``value`` (YYYY-MM-DD...) when it is later; other shapes are ignored."""
        parsed = parse_iso_date(value)
        if parsed is not None and (self.as_of is None or parsed > self.as_of):
            self.as_of = parsed


# Short codes of the CSL's member lists, keyed by distinctive words of the published source name; used
# when a source string carries no "(CODE)" (the trade.gov API and third-party copies sometimes drop it).
_KNOWN_SOURCES: tuple[tuple[str, str], ...] = (
    ("entity list", "EL"),
    ("denied persons", "DPL"),
    ("unverified", "UVL"),
    ("military end user", "MEU"),
    ("specially designated nationals", "SDN"),
    ("sectoral sanctions", "SSI"),
    ("foreign sanctions evaders", "FSE"),
    ("palestinian legislative council", "PLC"),
    ("capta", "CAP"),
    ("correspondent account", "CAP"),
    ("menu-based", "NS-MBS"),
    ("chinese military-industrial", "CMIC"),
    ("nonproliferation", "ISN"),
    ("itar debarred", "DTC"),
    ("debarred", "DTC"),
)
_CODE_IN_PARENS = re.compile(r"\(([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)(?: List)?\)")


def source_code(source: str) -> str | None:
    """Short code of a CSL source string: "Entity List (EL) - Bureau of Industry and Security" → "EL"."""
    match = _CODE_IN_PARENS.search(source)
    if match:
        return match.group(1)
    lowered = source.casefold()
    for words, code in _KNOWN_SOURCES:
        if words in lowered:
            return code
    return None


# CSL ``type`` / OFAC ``sdnType`` → entity schema. The BIS and State lists leave the type blank and mix
# people and organizations, so a blank CSL type is the neutral "LegalEntity"; OFAC leaves it blank for
# entities only, so there a blank means "Organization".
_TYPE_SCHEMA = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Aircraft",
}


def schema_for_type(raw: str, *, blank: str) -> str | None:
    """Schema for a published type; ``blank`` for an empty one; ``None`` for an unknown value."""
    value = raw.strip().casefold()
    if not value or value == "-0-":
        return blank
    return _TYPE_SCHEMA.get(value)


def split_semicolons(raw: str | None) -> list[str]:
    """Split a CSL multi-value cell ("A; B; C") into trimmed, non-empty values in order."""
    if not raw:
        return []
    return [part.strip() for part in raw.split(";") if part.strip()]


def unique(values: Iterable[str]) -> list[str]:
    """Values in first-seen order without repeats."""
    return list(dict.fromkeys(v for v in values if v))


def countries_of(codes: Iterable[str]) -> list[str]:
    """ISO-2 codes of the given codes or names, unknown ones skipped (their text stays in the entry)."""
    out: dict[str, None] = {}
    for code in codes:
        iso = to_iso2(code)
        if iso:
            out.setdefault(iso, None)
    return list(out)


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_iso_date(value: str | None) -> dt.date | None:
    """The date at the start of ``value`` when it is YYYY-MM-DD..., else ``None``."""
    if not value:
        return None
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


class IdAllocator:
    """Entry ids unique within one file: ``CODE:published-id``, with ``~2``, ``~3`` for repeats.

    The CSL reuses an OFAC entity number across SDN, SSI and CAP rows (and once twice within CAP), so the
    published id alone is not unique; prefixing the list code keeps SDN ids equal across the CSL and
    OFAC's own files ("SDN:36" in both).
    """

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def make(self, code: str, published: str) -> str:
        base = f"{code}:{published}"
        count = self._seen.get(base, 0) + 1
        self._seen[base] = count
        return base if count == 1 else f"{base}~{count}"
