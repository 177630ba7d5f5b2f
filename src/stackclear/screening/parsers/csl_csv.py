"""trade.gov Consolidated Screening List, CSV download (consolidated.csv, 29 columns).

Quirks handled: newlines inside quoted fields (line numbers reported are where a record *starts*),
``;``-separated multi-value cells, a header row repeated inside the file (rows whose ``source`` is
"source" are skipped), a UTF-8 byte-order mark, and a final record cut off by the end of the file
(kept with a reported anomaly, or an error when ``strict`` — the store is strict so that a truncated
download never becomes the current snapshot).
"""

from __future__ import annotations

import csv
from pathlib import Path

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

COLUMNS: tuple[str, ...] = (
    "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses",
    "federal_register_notice", "start_date", "end_date", "standard_order", "license_requirement",
    "license_policy", "call_sign", "vessel_type", "gross_tonnage", "gross_registered_tonnage",
    "vessel_flag", "vessel_owner", "remarks", "source_list_url", "alt_names", "citizenships",
    "dates_of_birth", "nationalities", "places_of_birth", "source_information_url", "ids",
)  # fmt: skip
_REQUIRED = ("source", "name")
_VESSEL_FIELDS = (
    ("call_sign", "Call Sign"),
    ("vessel_type", "Vessel Type"),
    ("vessel_flag", "Vessel Flag"),
    ("vessel_owner", "Vessel Owner"),
    ("gross_tonnage", "Tonnage"),
    ("gross_registered_tonnage", "GRT"),
)


def looks_like(head: str) -> bool:
    """True when the first line of a text file is the CSL header."""
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    return first.startswith("_id,source,") or ("source" in first and "alt_names" in first and "," in first)


def parse(path: Path, *, strict: bool = False) -> ParseResult:
    """Parse a CSL CSV file; see the module docstring for the quirks handled."""
    file = str(path)
    result = ParseResult()
    ids = IdAllocator()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise ListDataError(file, "empty file; expected the CSL header row", line=1)
            index = _header_index(file, header)
            width = len(header)
            start = reader.line_num + 1
            row = next(reader, None)
            while row is not None:
                end = reader.line_num
                following = next(reader, None)
                if row and not (len(row) == 1 and not row[0].strip()):
                    if len(row) != width:
                        row = _wrong_width(
                            file, row, width, start, last=following is None, strict=strict, result=result
                        )
                    entry = _entry(file, row, index, start, ids, result)
                    if entry is not None:
                        result.entries.append(entry)
                start = end + 1
                row = following
    except UnicodeDecodeError as exc:
        raise ListDataError(file, f"not valid UTF-8 text (byte offset {exc.start}); expected a UTF-8 CSV") from None
    except csv.Error as exc:
        raise ListDataError(file, f"malformed CSV: {exc}") from None
    return result


def _header_index(file: str, header: list[str]) -> dict[str, int]:
    names = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in _REQUIRED if c not in names]
    if missing:
        raise ListDataError(
            file,
            f"header lacks column(s) {', '.join(missing)}; expected the 29-column CSL header "
            f"({','.join(COLUMNS[:6])},...)",
            line=1,
            field="header",
        )
    return {name: i for i, name in enumerate(names)}


def _wrong_width(
    file: str, row: list[str], width: int, line: int, *, last: bool, strict: bool, result: ParseResult
) -> list[str]:
    problem = f"record has {len(row)} columns, expected {width}"
    if last and len(row) < width and not strict:
        result.errors.append(f"{file}, line {line}: {problem} (cut off at end of file); kept the fields present")
        return row + [""] * (width - len(row))
    if last and len(row) < width:
        problem += " (file cut off at end: truncated download?)"
    raise ListDataError(file, problem, line=line, field="columns")


def _entry(
    file: str, row: list[str], index: dict[str, int], line: int, ids: IdAllocator, result: ParseResult
) -> ListEntry | None:
    def cell(name: str) -> str:
        i = index.get(name)
        return row[i].strip() if i is not None else ""

    source = cell("source")
    if source == "source":  # the header repeated inside the file
        result.errors.append(f"{file}, line {line}: repeated header row skipped")
        return None
    if not source:
        raise ListDataError(
            file,
            "empty source; expected the list name, e.g. 'Entity List (EL) - ...'",
            line=line,
            field="source",
        )
    name = cell("name")
    if not name:
        raise ListDataError(file, "empty name; every listed party has a name", line=line, field="name")
    code = source_code(source)
    if code is None:
        result.errors.append(f"{file}, line {line}: unrecognised source {source!r}; kept as its own list")
        code = source
    raw_type = cell("type")
    schema = schema_for_type(raw_type, blank="LegalEntity")
    if schema is None:
        raise ListDataError(
            file,
            f"unknown type {raw_type!r}; expected Individual, Entity, Vessel, Aircraft or empty",
            line=line,
            field="type",
        )
    addresses = split_semicolons(cell("addresses"))
    address_countries = [a.rsplit(",", 1)[-1] for a in addresses]
    countries = countries_of(
        [
            *address_countries,
            *split_semicolons(cell("citizenships")),
            *split_semicolons(cell("nationalities")),
        ]
    )
    id_values = split_semicolons(cell("ids"))
    id_values += [f"{label}: {cell(col)}" for col, label in _VESSEL_FIELDS if cell(col)]
    remarks = [
        f"Title: {cell('title')}" if cell("title") else "",
        f"Place of birth: {cell('places_of_birth')}" if cell("places_of_birth") else "",
        cell("remarks"),
    ]
    published_id = cell("_id") or cell("entity_number") or f"line{line}"
    start_date = cell("start_date") or None
    result.see_date(start_date)
    return ListEntry(
        entry_id=ids.make(code, published_id),
        source=source,
        source_code=code,
        schema=schema,
        name=name,
        aliases=[a for a in unique(split_semicolons(cell("alt_names"))) if a != name],
        addresses=addresses,
        countries=countries,
        programs=split_semicolons(cell("programs")),
        dates_of_birth=split_semicolons(cell("dates_of_birth")),
        ids=id_values,
        federal_register_notice=cell("federal_register_notice") or None,
        start_date=start_date,
        end_date=cell("end_date") or None,
        license_requirement=cell("license_requirement") or None,
        license_policy=cell("license_policy") or None,
        remarks="; ".join(r for r in remarks if r) or None,
        source_url=cell("source_information_url") or cell("source_list_url") or None,
    )
