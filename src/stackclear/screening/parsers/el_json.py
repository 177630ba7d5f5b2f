"""A third-party reshaping of the CSL's Entity List rows: ``{"entities": [...], "lastUpdate": ...}``.

Keys are camelCase: name, alternateNames, addresses (one ``;``-joined string per element), country
(always "Unknown" in the copy we have), federalRegisterCitation, effectiveDate, licenseRequirement,
licenseReviewPolicy, listingReason, entityType (company / organization / government). The producer glued
the Entity List's footnote markers to the license text ("...744.11 of the EAR)4", "§ 734.9(e)1 and");
they are removed from the text and kept in ``remarks`` ("Entity List footnotes: 1, 2") because the
footnote says which foreign-direct-product rule applies, which the license determination may need.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from stackclear.errors import ListDataError
from stackclear.screening.model import ListEntry
from stackclear.screening.parsers.common import ParseResult, countries_of, split_semicolons, unique

SOURCE = "Entity List (EL) - Bureau of Industry and Security"
CODE = "EL"
_SCHEMAS = {"company": "Company", "organization": "Organization", "government": "Organization"}
# A footnote digit glued after a closing parenthesis or a word at the very end ("EAR)4", "EAR2"), or
# after a paragraph reference before a separator ("734.9(e)1 and", "734.9(g)3, 746.8").
_TRAILING_NOTE = re.compile(r"(?<=[A-Za-z)])\s?(\d)(?=\.?\s*$)")
_INNER_NOTE = re.compile(r"(?<=\([a-z]\))\s?(\d)(?=[,\s])")


def strip_footnotes(text: str) -> tuple[str, list[str]]:
    """License text without glued footnote digits, and the footnote numbers found (in order)."""
    notes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        notes.append(match.group(1))
        return ""

    cleaned = _INNER_NOTE.sub(keep, text)
    cleaned = _TRAILING_NOTE.sub(keep, cleaned)
    return cleaned.rstrip(), unique(notes)


def parse_data(file: str, data: object) -> ParseResult:
    """Parse the decoded ``{"entities": [...]}`` document."""
    if not isinstance(data, Mapping) or not isinstance(data.get("entities"), list):
        raise ListDataError(file, 'expected {"entities": [...]} (Entity List JSON)', field="$")
    result = ParseResult()
    seen: dict[str, int] = {}
    for i, row in enumerate(data["entities"]):
        field = f"entities[{i}]"
        if not isinstance(row, Mapping):
            raise ListDataError(file, f"row is {type(row).__name__}, expected an object", field=field)
        entry = _entry(file, field, row, result)
        count = seen.get(entry.entry_id, 0) + 1
        seen[entry.entry_id] = count
        if count > 1:
            entry.entry_id = f"{entry.entry_id}~{count}"
        result.entries.append(entry)
    return result


def _text(file: str, field: str, row: Mapping[str, object], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    raise ListDataError(file, f"expected text, got {type(value).__name__}", field=f"{field}.{key}")


def _strings(file: str, field: str, row: Mapping[str, object], key: str) -> list[str]:
    value = row.get(key)
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise ListDataError(file, "expected a list of strings", field=f"{field}.{key}")


def _entry(file: str, field: str, row: Mapping[str, object], result: ParseResult) -> ListEntry:
    name = _text(file, field, row, "name")
    if not name:
        raise ListDataError(file, "empty name; every listed party has a name", field=f"{field}.name")
    raw_type = _text(file, field, row, "entityType").casefold()
    schema = _SCHEMAS.get(raw_type, "LegalEntity" if not raw_type else "")
    if not schema:
        raise ListDataError(file, f"unknown entityType {raw_type!r}; expected company, organization or "
                            "government", field=f"{field}.entityType")  # fmt: skip
    requirement, notes = strip_footnotes(_text(file, field, row, "licenseRequirement"))
    policy, policy_notes = strip_footnotes(_text(file, field, row, "licenseReviewPolicy"))
    notes = unique([*notes, *policy_notes])
    # The producer split the CSL's "; "-joined cells on commas; joining the pieces back with ", " and
    # splitting on ";" restores the published names ("Co.", "Ltd." → "Co., Ltd.").
    alternates = _strings(file, field, row, "alternateNames")
    addresses = split_semicolons(", ".join(_strings(file, field, row, "addresses")))
    country = _text(file, field, row, "country")
    effective = _text(file, field, row, "effectiveDate") or None
    result.see_date(effective)
    citation = _text(file, field, row, "federalRegisterCitation") or None
    reason = _text(file, field, row, "listingReason")
    remarks = [
        f"Entity List footnotes: {', '.join(notes)}" if notes else "",
        f"Listing reason: {reason}" if reason else "",
    ]
    digest = hashlib.sha1(f"{name}|{effective}|{citation}|{';'.join(addresses)}".encode()).hexdigest()[:16]
    return ListEntry(
        entry_id=f"{CODE}:{digest}",
        source=SOURCE,
        source_code=CODE,
        schema=schema,
        name=name,
        aliases=[a for a in unique(split_semicolons(", ".join(alternates))) if a != name],
        addresses=addresses,
        countries=countries_of([a.rsplit(",", 1)[-1] for a in addresses] + ([country] if country else [])),
        federal_register_notice=citation,
        start_date=effective,
        license_requirement=requirement or None,
        license_policy=policy or None,
        remarks="; ".join(r for r in remarks if r) or None,
        source_url=_text(file, field, row, "sourceUrl") or None,
    )
