"""The parties a company screens continuously: imported from CSV (with a header) or JSONL, kept by ``id``.

Import is idempotent by ``id``: a new id is imported, a known id with different content is updated (and
fully re-screened at the next ``rescreen``), a known id with the same content is left alone. Bad rows are
rejected with their line and the reason; the good rows and the audit record are written in one
transaction, so an import is either wholly applied or not at all.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry
from sqlalchemy import insert, select, update

from stackclear.records import audit
from stackclear.records.audit import canonical
from stackclear.records.db import Database
from stackclear.records.errors import RecordsError
from stackclear.records.models import Party, utcnow

FIELDS = ("id", "name", "schema", "country", "address")
SCHEMAS = ("Person", "Company", "Organization", "LegalEntity", "Vessel", "Aircraft")
MAX_ID = 200
MAX_NAME = 1000
MAX_ADDRESS = 4000
_CHUNK = 500
_EXTRA_COUNTRIES = frozenset({"XK"})


@dataclass(frozen=True, slots=True)
class PartyRow:
    id: str
    name: str
    schema: str | None = None
    country: str | None = None
    address: str | None = None

    def content(self) -> dict[str, Any]:
        return {"name": self.name, "schema": self.schema, "country": self.country, "address": self.address}

    def content_hash(self) -> str:
        return hashlib.sha256(canonical(self.content()).encode("utf-8")).hexdigest()


@dataclass(slots=True)
class ImportResult:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    audit_seq: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
                "rejected": self.rejected, "audit_record": self.audit_seq}  # fmt: skip


def _text(raw: object, name: str, limit: int, required: bool) -> str | None:
    if raw is None:
        value = ""
    elif isinstance(raw, str):
        value = raw.strip()
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and name == "id":
        value = str(raw)
    else:
        raise ValueError(f"{name}: expected text, got {type(raw).__name__}")
    if not value:
        if required:
            raise ValueError(f"{name}: empty; every party needs a{'n' if name == 'id' else ''} {name}")
        return None
    if len(value) > limit:
        raise ValueError(f"{name}: {len(value):,} characters, longer than the {limit:,} allowed")
    if "\x00" in value:
        raise ValueError(f"{name}: contains a NUL character")
    return value


def validate(data: dict[str, Any]) -> PartyRow:
    """One input row → PartyRow, or ValueError naming the field and what was expected."""
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}; expected {', '.join(FIELDS)}")
    party_id = _text(data.get("id"), "id", MAX_ID, True)
    name = _text(data.get("name"), "name", MAX_NAME, True)
    schema = _text(data.get("schema"), "schema", 32, False)
    if schema is not None and schema not in SCHEMAS:
        raise ValueError(f"schema: {schema!r} is not one of {', '.join(SCHEMAS)}")
    country = _text(data.get("country"), "country", 64, False)
    if country is not None:
        code = country.upper()
        if len(code) != 2 or not code.isalpha() or (
            code not in _EXTRA_COUNTRIES and pycountry.countries.get(alpha_2=code) is None
        ):
            raise ValueError(f"country: expected an ISO 3166-1 alpha-2 code such as 'CN', got {country!r}")
        country = code
    address = _text(data.get("address"), "address", MAX_ADDRESS, False)
    assert party_id is not None and name is not None
    return PartyRow(party_id, name, schema, country, address)


def _read_text(path: str) -> tuple[str, str]:
    """(text, label) of FILE or '-'."""
    if path == "-":
        return sys.stdin.read(), "<stdin>"
    file = Path(path)
    if not file.is_file():
        raise RecordsError(f"{path}: no such file")
    try:
        return file.read_text(encoding="utf-8-sig"), path
    except UnicodeDecodeError as exc:
        raise RecordsError(f"{path}: not valid UTF-8 text (byte offset {exc.start})") from None


def _is_jsonl(path: str, text: str) -> bool:
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return True
    if suffix == ".csv":
        return False
    return text.lstrip().startswith("{")


def parse_rows(path: str, text: str) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line, row or None, error or None) for every non-blank record of a CSV or JSONL text."""
    if _is_jsonl(path, text):
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                yield number, None, f"not valid JSON ({exc.msg} at column {exc.colno})"
                continue
            if not isinstance(data, dict):
                yield number, None, f"expected a JSON object, got {type(data).__name__}"
                continue
            yield number, data, None
        return
    csv.field_size_limit(64 * 1024 * 1024)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise RecordsError(f"{path}: empty file; expected a CSV header with at least id,name") from None
    except csv.Error as exc:
        raise RecordsError(f"{path}, line 1: malformed CSV header ({exc})") from None
    names = [h.strip().lower() for h in header]
    missing = [c for c in ("id", "name") if c not in names]
    if missing:
        raise RecordsError(f"{path}, line 1: the header lacks {', '.join(missing)}; expected id,name and "
                           f"optionally schema,country,address (got {','.join(header)})")
    unknown = [n for n in names if n not in FIELDS]
    if unknown:
        raise RecordsError(f"{path}, line 1: unknown column(s) {', '.join(unknown)}; expected {', '.join(FIELDS)}")
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, None, f"malformed CSV ({exc})"
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            yield line, None, f"{len(row)} columns, expected {len(names)} ({','.join(names)})"
            continue
        yield line, dict(zip(names, row, strict=True)), None


def import_file(db: Database, path: str, *, actor: str) -> ImportResult:
    """Import a parties file (CSV or JSONL; '-' is standard input); see the module docstring."""
    text, label = _read_text(path)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    result = ImportResult()
    good: dict[str, tuple[int, PartyRow]] = {}
    for line, data, error in parse_rows(path, text):
        if error is None:
            assert data is not None
            try:
                row = validate(data)
            except ValueError as exc:
                error = str(exc)
            else:
                if row.id in good:
                    error = f"duplicate id {row.id!r} (first on line {good[row.id][0]}); kept the first"
                else:
                    good[row.id] = (line, row)
                    continue
        result.rejected.append({"line": line, "error": error})
    return _store(db, label, sha, good, result, actor)


def import_rows(db: Database, rows: list[dict[str, Any]], *, actor: str, source: str = "api") -> ImportResult:
    """Import parties given as dicts (the API's path); rejects carry the 1-based row number as ``line``."""
    result = ImportResult()
    good: dict[str, tuple[int, PartyRow]] = {}
    for number, data in enumerate(rows, start=1):
        try:
            row = validate(dict(data))
        except ValueError as exc:
            result.rejected.append({"line": number, "error": str(exc)})
            continue
        if row.id in good:
            result.rejected.append({"line": number, "error": f"duplicate id {row.id!r} (first on line "
                                                             f"{good[row.id][0]}); kept the first"})
            continue
        good[row.id] = (number, row)
    sha = hashlib.sha256(canonical(rows).encode("utf-8")).hexdigest()
    return _store(db, source, sha, good, result, actor)


def _store(db: Database, label: str, sha: str, good: dict[str, tuple[int, PartyRow]], result: ImportResult,
           actor: str) -> ImportResult:  # fmt: skip
    rows = [row for _, row in good.values()]
    now = utcnow()
    digest = hashlib.sha256()
    with db.write() as session:
        known: dict[str, str] = {}
        ids = [row.id for row in rows]
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            known.update(session.execute(select(Party.id, Party.content_hash).where(Party.id.in_(chunk))).all())
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for row in rows:
            content_hash = row.content_hash()
            before = known.get(row.id)
            if before == content_hash:
                result.unchanged += 1
                continue
            values = {"id": row.id, **row.content(), "content_hash": content_hash, "updated_at": now}
            digest.update(f"{row.id}\t{content_hash}\n".encode())
            if before is None:
                new.append({**values, "created_at": now, "screened_hash": None})
            else:
                changed.append(values)
        for start in range(0, len(new), _CHUNK):
            session.execute(insert(Party), new[start:start + _CHUNK])
        if changed:
            session.execute(update(Party), changed)
        result.imported, result.updated = len(new), len(changed)
        record = audit.append(session, "parties.import", {
            "source": label, "sha256": sha, "imported": result.imported, "updated": result.updated,
            "unchanged": result.unchanged, "rejected": result.rejected[:1000],
            "rejected_total": len(result.rejected), "changes_sha256": digest.hexdigest(),
            "ids": [v["id"] for v in (*new, *changed)][:1000],
        }, actor=actor)  # fmt: skip
        result.audit_seq = record.seq
    return result


def get_party(db: Database, party_id: str) -> dict[str, Any] | None:
    with db.read() as session:
        party = session.get(Party, party_id)
        if party is None:
            return None
        return {"id": party.id, "name": party.name, "schema": party.schema, "country": party.country,
                "address": party.address, "content_hash": party.content_hash,
                "screened": party.screened_hash == party.content_hash}  # fmt: skip


def list_parties(db: Database, *, limit: int | None = None) -> list[dict[str, Any]]:
    with db.read() as session:
        query = select(Party).order_by(Party.id)
        if limit:
            query = query.limit(limit)
        return [{"id": p.id, "name": p.name, "schema": p.schema, "country": p.country, "address": p.address}
                for p in session.execute(query).scalars()]  # fmt: skip
