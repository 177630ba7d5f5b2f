"""OFAC's legacy SDN CSV files: ``sdn.csv`` alone, or a folder with sdn.csv + alt.csv + add.csv.

The layout is headerless: sdn.csv has 12 columns (ent_num, SDN_Name, SDN_Type, Program, Title,
Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks), alt.csv 5 (ent_num, alt_num,
alt_type, alt_name, alt_remarks) and add.csv 6 (ent_num, add_num, address, city/state/postal, country,
add_remarks); ``-0-`` means empty and the last line is a ``\\x1a`` (DOS end-of-file) marker. The
aliases in sdn.csv's Remarks ("a.k.a. 'BNC'") are OFAC's *weak* aliases (alt.csv carries the others);
dates of birth, nationality and identifiers are also only in Remarks, so the useful ones are lifted out.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from stackclear.errors import ListDataError
from stackclear.screening.model import ListEntry
from stackclear.screening.parsers.common import (
    IdAllocator,
    ParseResult,
    countries_of,
    schema_for_type,
    unique,
)

SOURCE = "Specially Designated Nationals (SDN) - Treasury Department"
CODE = "SDN"
SOURCE_URL = (
    "https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists"
)
_EMPTY = "-0-"
_EOF = "\x1a"

_WEAK_AKA = re.compile(r"\b[afn]\.k\.a\.,? '([^']+)'")
_ID_SEGMENT = re.compile(
    r"^(?:alt\.\s+)?(?:Passport|National ID|Tax ID|Registration (?:Number|ID)|Business Registration|"
    r"Company Number|Cedula No|Identification Number|SWIFT/BIC|Email Address|Website|IMO|MMSI|"
    r"Vessel Registration|Aircraft (?:Tail|Manufacturer|Serial)|V\.A\.T\. Number|Unified Social|"
    r"Digital Currency Address|Legal Entity Number|SSN|RFC|C\.U\.R\.P\.|D\.N\.I\.|NIT #)"
)
_MONTHS = {
    m: i
    for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2}) ([A-Za-z]{3}) (\d{4})")


def looks_like(head: str) -> bool:
    """True when the first line is a headerless OFAC sdn.csv record (``<number>,"NAME",...``)."""
    first = head.split("\n", 1)[0]
    return bool(re.match(r'\s*\d+,"', first)) and first.count(",") >= 11


def parse(path: Path, *, strict: bool = False) -> ParseResult:
    """Parse sdn.csv, or a folder holding sdn.csv (+ optional alt.csv and add.csv) joined on ent_num."""
    result = ParseResult()
    if path.is_dir():
        sdn_path = _find(path, "sdn.csv")
        if sdn_path is None:
            raise ListDataError(str(path), "folder has no sdn.csv; expected OFAC's sdn.csv (+ alt.csv, add.csv)")
        alt_path, add_path = _find(path, "alt.csv"), _find(path, "add.csv")
    else:
        sdn_path, alt_path, add_path = path, None, None
    entries: dict[int, ListEntry] = {}
    ids = IdAllocator()
    for line, row in _rows(sdn_path, 12):
        ent_num = _ent_num(sdn_path, line, row[0])
        entry = _sdn_entry(sdn_path, line, row, ent_num, ids)
        if ent_num in entries:
            raise ListDataError(str(sdn_path), f"ent_num {ent_num} appears twice", line=line, field="ent_num")
        entries[ent_num] = entry
    if alt_path is not None:
        _join(alt_path, 5, entries, result, _add_alias)
    if add_path is not None:
        _join(add_path, 6, entries, result, _add_address)
    result.entries = list(entries.values())
    return result


def _find(folder: Path, name: str) -> Path | None:
    for child in folder.iterdir():
        if child.name.lower() == name:
            return child
    return None


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # OFAC's older files are Windows-1252


def _rows(path: Path, width: int) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of a headerless OFAC CSV, ``-0-`` turned into "", the ``\\x1a`` line skipped."""
    layout = {12: "sdn.csv", 5: "alt.csv", 6: "add.csv"}.get(width, path.name)
    reader = csv.reader(io.StringIO(_text(path), newline=""))
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not row or (len(row) == 1 and row[0].strip() in ("", _EOF)):
                continue
            if len(row) != width:
                raise ListDataError(
                    str(path),
                    f"record has {len(row)} columns, expected {width} (OFAC {layout} layout)",
                    line=line,
                    field="columns",
                )
            yield line, ["" if (v := c.strip()) == _EMPTY else v for c in row]
    except csv.Error as exc:
        raise ListDataError(str(path), f"malformed CSV: {exc}", line=start) from None


def _ent_num(path: Path, line: int, raw: str) -> int:
    if not raw.isdigit():
        raise ListDataError(str(path), f"ent_num {raw!r} is not a number", line=line, field="ent_num")
    return int(raw)


def _sdn_entry(path: Path, line: int, row: list[str], ent_num: int, ids: IdAllocator) -> ListEntry:
    (_, name, sdn_type, program, title, call_sign, vess_type, tonnage, grt, flag, owner, remarks) = row
    if not name:
        raise ListDataError(str(path), "empty SDN_Name", line=line, field="SDN_Name")
    schema = schema_for_type(sdn_type, blank="Organization")
    if schema is None:
        raise ListDataError(
            str(path),
            f"unknown SDN_Type {sdn_type!r}; expected individual, vessel, aircraft or -0-",
            line=line,
            field="SDN_Type",
        )
    vessel = [
        ("Call Sign", call_sign),
        ("Vessel Type", vess_type),
        ("Vessel Flag", flag),
        ("Vessel Owner", owner),
        ("Tonnage", tonnage),
        ("GRT", grt),
    ]
    segments = [s.strip().rstrip(".") for s in remarks.split(";")] if remarks else []
    births, nationals, id_values = _remark_facts(segments)
    return ListEntry(
        entry_id=ids.make(CODE, str(ent_num)),
        source=SOURCE,
        source_code=CODE,
        schema=schema,
        name=name,
        weak_aliases=unique(_WEAK_AKA.findall(remarks)) if "k.a." in remarks else [],
        countries=countries_of(nationals),
        programs=[p.strip(" []") for p in program.split("] [") if p.strip(" []")],
        dates_of_birth=births,
        ids=id_values + [f"{k}: {v}" for k, v in vessel if v],
        remarks="; ".join(x for x in (f"Title: {title}" if title else "", remarks) if x) or None,
        source_url=SOURCE_URL,
    )


def _remark_facts(segments: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Dates of birth, nationality/citizenship countries and identifier segments of a Remarks cell.

    Remarks are "; "-separated facts ("DOB 10 Dec 1948; alt. DOB 1949; nationality Iraq; Passport A1 (Iraq)");
    scanning segments with prefix tests is several times faster than regexes over the whole cell.
    """
    births: list[str] = []
    nationals: list[str] = []
    ids: list[str] = []
    for segment in segments:
        fact = segment[5:] if segment.startswith("alt. ") else segment
        if fact.startswith("DOB "):
            births.append(iso_dob(fact[4:]))
        elif fact.startswith("nationality "):
            nationals.append(fact[12:])
        elif fact.startswith("citizen "):
            nationals.append(fact[8:])
        elif _ID_SEGMENT.match(segment):
            ids.append(segment)
    return births, nationals, ids


def iso_dob(text: str) -> str:
    """'12 Jan 1960' → '1960-01-12'; other shapes ('1960', 'circa 1960', '1960 to 1962') verbatim."""
    match = _DAY_MONTH_YEAR.fullmatch(text.strip())
    month = _MONTHS.get(match.group(2).lower()) if match else None
    if match is None or month is None:
        return text.strip()
    return f"{match.group(3)}-{month:02d}-{int(match.group(1)):02d}"


def _join(
    path: Path,
    width: int,
    entries: dict[int, ListEntry],
    result: ParseResult,
    add: Callable[[ListEntry, list[str]], None],
) -> None:
    orphans: list[int] = []
    for line, row in _rows(path, width):
        ent_num = _ent_num(path, line, row[0])
        entry = entries.get(ent_num)
        if entry is None:
            orphans.append(line)
            continue
        add(entry, row)
    if orphans:
        shown = ", ".join(str(n) for n in orphans[:10]) + (" ..." if len(orphans) > 10 else "")
        result.errors.append(
            f"{path}: {len(orphans)} row(s) name an ent_num absent from sdn.csv "
            f"(lines {shown}); not attached to any entry"
        )


def _add_alias(entry: ListEntry, row: list[str]) -> None:
    _, _, alt_type, alt_name, alt_remarks = row
    if alt_name and alt_name != entry.name and alt_name not in entry.aliases:
        entry.aliases.append(alt_name)


def _add_address(entry: ListEntry, row: list[str]) -> None:
    _, _, street, city, country, add_remarks = row
    text = ", ".join(x for x in (street, city, country) if x)
    if add_remarks:
        text = f"{text} ({add_remarks})" if text else add_remarks
    if text:
        entry.addresses.append(text)
    if country:
        entry.countries = unique([*entry.countries, *countries_of([country])])
