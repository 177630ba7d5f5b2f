"""trade.gov Consolidated Screening List as JSON: the download (consolidated.json) and the API's shape.

The top level is ``{"results": [...]}`` (download and API search) or a bare list of rows. Rows use the
CSV's field names, but multi-value fields are arrays: ``alt_names``, ``programs``, ``citizenships``,
``nationalities``, ``dates_of_birth``, ``places_of_birth``; ``addresses`` is an array of
``{address, city, state, postal_code, country}``; ``ids`` an array of ``{type, number, country,
issue_date, expiration_date}``. Older dumps use ``;``-joined strings for some of these, which is
accepted too. Line numbers are not meaningful in JSON, so errors name the row index (``results[12]``).
"""

from __future__ import annotations

from collections.abc import Mapping

from stackclear.errors import ListDataError
from stackclear.screening.model import ListEntry
from stackclear.screening.parsers.common import (
    IdAllocator,
    ParseResult,
    countries_of,
    schema_for_type,
    source_code,
    split_semicolons,
    unique,
)

_ADDRESS_PARTS = ("address", "city", "state", "postal_code", "country")
_ID_PARTS = ("type", "number", "country", "issue_date", "expiration_date")
_VESSEL_FIELDS = (
    ("call_sign", "Call Sign"),
    ("vessel_type", "Vessel Type"),
    ("vessel_flag", "Vessel Flag"),
    ("vessel_owner", "Vessel Owner"),
    ("gross_tonnage", "Tonnage"),
    ("gross_registered_tonnage", "GRT"),
)


def parse_data(file: str, data: object) -> ParseResult:
    """Parse decoded CSL JSON (``{"results": [...]}`` or a list of rows)."""
    rows, where = _rows(file, data)
    result = ParseResult()
    ids = IdAllocator()
    for i, row in enumerate(rows):
        field = f"{where}[{i}]"
        if not isinstance(row, Mapping):
            raise ListDataError(file, f"row is {type(row).__name__}, expected an object", field=field)
        result.entries.append(_entry(file, field, row, ids, result))
    return result


def _rows(file: str, data: object) -> tuple[list[object], str]:
    if isinstance(data, list):
        return data, "$"
    if isinstance(data, Mapping):
        results = data.get("results")
        if isinstance(results, list):
            return results, "results"
    raise ListDataError(file, 'expected {"results": [...]} or a list of CSL rows', field="$")


def _text(file: str, field: str, row: Mapping[str, object], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip()
    raise ListDataError(file, f"expected text, got {type(value).__name__}", field=f"{field}.{key}")


def _many(file: str, field: str, row: Mapping[str, object], key: str) -> list[str]:
    """A multi-value field given as an array of strings or as a ';'-joined string."""
    value = row.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return split_semicolons(value)
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    raise ListDataError(file, "expected a list of strings or a ';'-separated string", field=f"{field}.{key}")


def _parts(file: str, field: str, value: object, keys: tuple[str, ...]) -> list[Mapping[str, object]]:
    if value is None or value == "":
        return []
    if isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
        return list(value)
    raise ListDataError(file, f"expected a list of objects with keys {', '.join(keys)}", field=field)


def _joined(part: Mapping[str, object], keys: tuple[str, ...]) -> str:
    return ", ".join(str(part[k]).strip() for k in keys if part.get(k) not in (None, ""))


def _entry(file: str, field: str, row: Mapping[str, object], ids: IdAllocator, result: ParseResult) -> ListEntry:
    source = _text(file, field, row, "source")
    if not source:
        raise ListDataError(file, "empty source; expected the list name", field=f"{field}.source")
    name = _text(file, field, row, "name")
    if not name:
        raise ListDataError(file, "empty name; every listed party has a name", field=f"{field}.name")
    code = source_code(source)
    if code is None:
        result.errors.append(f"{file}, {field}: unrecognised source {source!r}; kept as its own list")
        code = source
    raw_type = _text(file, field, row, "type")
    schema = schema_for_type(raw_type, blank="LegalEntity")
    if schema is None:
        raise ListDataError(
            file,
            f"unknown type {raw_type!r}; expected Individual, Entity, Vessel, Aircraft or empty",
            field=f"{field}.type",
        )
    address_parts = _parts(file, f"{field}.addresses", row.get("addresses"), _ADDRESS_PARTS)
    addresses = [a for a in (_joined(p, _ADDRESS_PARTS) for p in address_parts) if a]
    address_countries = [str(p["country"]) for p in address_parts if p.get("country")]
    countries = countries_of(
        [
            *address_countries,
            *_many(file, field, row, "citizenships"),
            *_many(file, field, row, "nationalities"),
        ]
    )
    id_parts = _parts(file, f"{field}.ids", row.get("ids"), _ID_PARTS)
    id_values = [i for i in (_joined(p, _ID_PARTS) for p in id_parts) if i]
    id_values += [
        f"{label}: {_text(file, field, row, key)}" for key, label in _VESSEL_FIELDS if _text(file, field, row, key)
    ]
    births = _many(file, field, row, "places_of_birth")
    remarks = [
        f"Title: {_text(file, field, row, 'title')}" if _text(file, field, row, "title") else "",
        f"Place of birth: {'; '.join(births)}" if births else "",
        _text(file, field, row, "remarks"),
    ]
    published = _text(file, field, row, "id") or _text(file, field, row, "_id")
    start_date = _text(file, field, row, "start_date") or None
    result.see_date(start_date)
    return ListEntry(
        entry_id=ids.make(code, published or _text(file, field, row, "entity_number") or field),
        source=source,
        source_code=code,
        schema=schema,
        name=name,
        aliases=[a for a in unique(_many(file, field, row, "alt_names")) if a != name],
        addresses=addresses,
        countries=countries,
        programs=_many(file, field, row, "programs"),
        dates_of_birth=_many(file, field, row, "dates_of_birth"),
        ids=id_values,
        federal_register_notice=_text(file, field, row, "federal_register_notice") or None,
        start_date=start_date,
        end_date=_text(file, field, row, "end_date") or None,
        license_requirement=_text(file, field, row, "license_requirement") or None,
        license_policy=_text(file, field, row, "license_policy") or None,
        remarks="; ".join(r for r in remarks if r) or None,
        source_url=_text(file, field, row, "source_information_url")
        or _text(file, field, row, "source_list_url")
        or None,
    )
