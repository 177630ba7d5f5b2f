"""Load a restricted-party list file in any supported US-government format: the one entry point.

    load_list("consolidated.csv")          # trade.gov CSL CSV      → format "csl-csv"
    load_list("consolidated.json")         # trade.gov CSL JSON     → format "csl-json"
    load_list("sdn.csv") / load_list(dir)  # OFAC legacy CSV(s)     → format "ofac-csv"
    load_list("sdn.xml")                   # OFAC sdnList XML       → format "ofac-xml"
    load_list("entity_list.json")          # third-party EL JSON    → format "el-json"

Every loaded list carries its sha256 (of the file, or of the folder's files in name order), the row
count per list code, the latest listing date found (``as_of``) and the non-fatal anomalies met
(``errors``: each a sentence naming file and line). Corrupt input raises ListDataError.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from stackclear.errors import ListDataError
from stackclear.screening.model import ListEntry
from stackclear.screening.parsers import csl_csv, csl_json, el_json, ofac_csv, ofac_xml
from stackclear.screening.parsers.common import ParseResult

FORMATS: tuple[str, ...] = ("csl-csv", "csl-json", "ofac-csv", "ofac-xml", "el-json")
_HEAD_BYTES = 4096


@dataclass(slots=True)
class LoadedList:
    """One parsed list file: where it came from, what it held, and how sure we are of it."""

    path: str
    format: str
    sha256: str
    as_of: dt.date | None
    entries: list[ListEntry] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def detect_format(path: str | Path) -> str:
    """The format of a list file or OFAC folder, from its content (not its name alone)."""
    target = Path(path)
    if target.is_dir():
        if any(child.name.lower() == "sdn.csv" for child in target.iterdir()):
            return "ofac-csv"
        raise ListDataError(str(target), "folder holds no sdn.csv; expected an OFAC sdn.csv/alt.csv/add.csv folder")
    if not target.is_file():
        raise ListDataError(str(target), "no such file")
    with target.open("rb") as handle:
        raw = handle.read(_HEAD_BYTES)
    head = raw.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    if not head:
        raise ListDataError(str(target), "empty file; expected a CSL CSV/JSON, OFAC CSV or OFAC XML list")
    if head.startswith("<"):
        return "ofac-xml"
    if head.startswith(("{", "[")):
        return _json_flavour(target, head)
    if csl_csv.looks_like(head):
        return "csl-csv"
    if ofac_csv.looks_like(head):
        return "ofac-csv"
    raise ListDataError(
        str(target),
        "unrecognised list format; expected a trade.gov CSL CSV (header '_id,source,...'), CSL JSON, "
        "OFAC sdn.csv (headerless, 12 columns), an OFAC folder, or OFAC sdnList XML",
        line=1,
    )


def _json_flavour(path: Path, head: str) -> str:
    """CSL JSON ("results" / a list of rows with "source") or the third-party EL shape ("entities")."""
    if '"entities"' in head or "alternateNames" in head or "licenseRequirement" in head:
        return "el-json"
    if '"results"' in head or '"source"' in head or head.startswith("["):
        return "csl-json"
    # The distinguishing key may come after the first few kB: look at the parsed top level.
    data = _read_json(path)
    if isinstance(data, dict) and "entities" in data:
        return "el-json"
    return "csl-json"


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ListDataError(str(path), f"not valid UTF-8 (byte offset {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ListDataError(str(path), f"invalid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno) from None


def load_list(path: str | Path, *, format: str | None = None, strict: bool = False) -> LoadedList:
    """Parse ``path`` (a file, or an OFAC folder) into entries; ``format`` skips detection.

    ``strict`` turns the one tolerated defect — a final CSV record cut off by the end of the file — into
    an error; the list store loads strictly so that a truncated download is never accepted.
    """
    target = Path(path)
    kind = format or detect_format(target)
    if kind not in FORMATS:
        raise ListDataError(str(target), f"unknown list format {kind!r}; expected one of {', '.join(FORMATS)}")
    if not target.exists():
        raise ListDataError(str(target), "no such file")
    result = _parse(kind, target, strict)
    if not result.entries:
        raise ListDataError(str(target), f"no entries found; expected at least one listed party ({kind})")
    counts = Counter(entry.source_code for entry in result.entries)
    return LoadedList(
        path=str(target),
        format=kind,
        sha256=sha256_of(target),
        as_of=result.as_of,
        entries=result.entries,
        counts=dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        errors=result.errors,
    )


def _parse(kind: str, target: Path, strict: bool) -> ParseResult:
    if kind == "csl-csv":
        return csl_csv.parse(target, strict=strict)
    if kind == "ofac-csv":
        return ofac_csv.parse(target, strict=strict)
    if kind == "ofac-xml":
        return ofac_xml.parse(target)
    data = _read_json(target)
    if kind == "csl-json":
        return csl_json.parse_data(str(target), data)
    return el_json.parse_data(str(target), data)


def sha256_of(path: str | Path) -> str:
    """sha256 of a file; for a folder, of its regular files' names and contents in name order."""
    target = Path(path)
    digest = hashlib.sha256()
    if target.is_dir():
        for child in sorted(p for p in target.iterdir() if p.is_file()):
            digest.update(child.name.encode() + b"\0")
            digest.update(hashlib.sha256(child.read_bytes()).digest())
        return digest.hexdigest()
    with target.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
