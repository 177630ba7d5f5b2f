"""Reading a batch input in fixed-size chunks of raw records (CSV, JSONL, Parquet), resumable at any chunk.

The reading process only finds record boundaries (cheap, sequential); decoding, field parsing and
validation happen where the record is screened (:func:`parse_record`), so they run on every core.

* CSV (UTF-8, header row): a record is one line, or several when a quoted field holds a line break. A line
  whose quotes do not close within ``MAX_CONTINUATION`` lines, or whose joined lines do not give the header's
  field count, is rejected by itself and reading goes on at the next line, so one stray quote cannot
  swallow the good rows after it.
* JSONL: one JSON object per line.
* Parquet: the name/id/country/schema columns, read in record batches.

Blank lines and records over ``MAX_RECORD_BYTES`` are rejects (the latter read in bounded pieces, never whole).
Positions: the byte offset after a chunk (CSV/JSONL) or the row count (Parquet), plus the next line number.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from stackclear.batch.rows import RowError
from stackclear.errors import StackclearError

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
MAX_RECORD_BYTES = 1 << 20
MAX_CONTINUATION = 50  # lines a quoted CSV field may span


class BatchInputError(StackclearError):
    """The input (or the options) cannot be used at all: nothing is screened, exit code 2."""


def format_of(path: str | Path, what: str = "input") -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise BatchInputError(
            f"{path}: unknown {what} format {suffix or '(no extension)'!r}; expected .csv, .jsonl or .parquet"
        )
    return FORMATS[suffix]


@dataclass(frozen=True, slots=True)
class Columns:
    name: str = "name"
    id: str = "id"
    country: str = "country"
    schema: str = "schema"


@dataclass(frozen=True, slots=True)
class Oversize:
    """A record too long to screen: its size and first bytes (for the rejects file)."""

    size: int
    head: bytes


@dataclass(slots=True)
class Bad:
    """A record the reader already knows is unusable (e.g. an unterminated quote)."""

    error: str
    raw: bytes


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a record's fields are: CSV field positions, JSONL keys, or Parquet (already extracted)."""

    format: str
    fields: int = 0  # CSV: the header's field count
    # name, id, country, schema
    positions: tuple[int | None, int | None, int | None, int | None] = (None, None, None, None)
    keys: tuple[str, str, str, str] = ("name", "id", "country", "schema")


@dataclass(slots=True)
class Chunk:
    index: int
    rows: list[tuple[int, Any]]  # (line or row number, payload)
    end: int  # byte offset (CSV/JSONL) or rows read (Parquet) after this chunk
    next_line: int


@dataclass(slots=True)
class Position:
    chunk: int = 0
    offset: int = 0
    line: int = 0  # 0 = not started (CSV: the header is line 1)


@dataclass
class Reader:
    path: Path
    format: str
    layout: Layout
    total: int  # bytes (CSV/JSONL) or rows (Parquet), for progress
    notices: list[str] = field(default_factory=list)
    start: Position = field(default_factory=Position)

    def chunks(self, size: int, start: Position | None = None) -> Iterator[Chunk]:
        begin = start or self.start
        if self.format == "parquet":
            return _parquet_chunks(self, size, begin)
        return _text_chunks(self, size, begin)


def fingerprint(path: Path) -> dict[str, Any]:
    """What identifies an input for ``--resume``: size, modification time and the sha256 of its bytes."""
    stat = path.stat()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "sha256": digest.hexdigest()}


def open_input(path: Path, columns: Columns) -> Reader:
    """Check the input's header (or schema) against ``columns``; unusable input raises BatchInputError."""
    fmt = format_of(path)
    if not path.is_file():
        raise BatchInputError(f"{path}: no such file")
    if fmt == "csv":
        return _open_csv(path, columns)
    if fmt == "jsonl":
        layout = Layout("jsonl", keys=(columns.name, columns.id, columns.country, columns.schema))
        return Reader(path, "jsonl", layout, path.stat().st_size)
    return _open_parquet(path, columns)


def _missing(path: Path, column: str, option: str, found: list[str]) -> BatchInputError:
    shown = ", ".join(repr(c) for c in found[:20]) + (" ..." if len(found) > 20 else "")
    return BatchInputError(f"{path}: no column {column!r} (found: {shown or 'none'}); name it with {option}")


def _optional_columns(path: Path, columns: Columns, names: list[str], notices: list[str]) -> list[int | None]:
    found: list[int | None] = []
    for column in (columns.id, columns.country, columns.schema):
        if column in names:
            found.append(names.index(column))
        else:
            found.append(None)
            if column == columns.id:
                notices.append(f"{path}: no column {column!r}; rows are identified by their line number")
    return found


def _open_csv(path: Path, columns: Columns) -> Reader:
    with path.open("rb") as handle:
        raw = handle.readline(MAX_RECORD_BYTES + 1)
    if not raw.strip():
        raise BatchInputError(f"{path}: line 1: empty; expected a header row naming the columns (e.g. id,name)")
    try:
        text = raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise BatchInputError(f"{path}: line 1 (header): not valid UTF-8 at byte {exc.start}; expected UTF-8 "
                              "(convert with e.g. iconv -f latin1 -t utf-8)") from None
    try:
        header = next(csv.reader([text.rstrip("\r\n")], strict=True))
    except (csv.Error, StopIteration) as exc:
        raise BatchInputError(f"{path}: line 1 (header): {exc}") from None
    names = [h.strip() for h in header]
    for column in (columns.name, columns.id, columns.country, columns.schema):
        if names.count(column) > 1:
            raise BatchInputError(f"{path}: line 1 (header): column {column!r} appears {names.count(column)} times")
    if columns.name not in names:
        raise _missing(path, columns.name, "--name-col", names)
    notices: list[str] = []
    optional = _optional_columns(path, columns, names, notices)
    layout = Layout("csv", fields=len(names), positions=(names.index(columns.name), *optional))  # type: ignore[arg-type]
    reader = Reader(path, "csv", layout, path.stat().st_size, notices)
    reader.start = Position(0, len(raw), 1)
    return reader


def _open_parquet(path: Path, columns: Columns) -> Reader:
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid / OSError with its own message
        raise BatchInputError(f"{path}: not a readable Parquet file: {exc}") from None
    names = list(meta.schema_arrow.names)
    if columns.name not in names:
        raise _missing(path, columns.name, "--name-col", names)
    notices: list[str] = []
    optional = _optional_columns(path, columns, names, notices)
    layout = Layout("parquet", positions=(0, *optional),  # type: ignore[arg-type]
                    keys=(columns.name, columns.id, columns.country, columns.schema))
    return Reader(path, "parquet", layout, meta.metadata.num_rows, notices)


# -- CSV / JSONL ----------------------------------------------------------------------------------------


def _physical_lines(handle: BinaryIO, offset: int, line: int) -> Iterator[tuple[int, int, bytes | Oversize]]:
    """(line number, offset after the line, line bytes or Oversize), reading at most MAX_RECORD_BYTES at once."""
    while True:
        raw = handle.readline(MAX_RECORD_BYTES + 1)
        if not raw:
            return
        line += 1
        offset += len(raw)
        if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            head, size = raw[:4096], len(raw)
            while not raw.endswith(b"\n"):
                raw = handle.readline(1 << 20)
                if not raw:
                    break
                size += len(raw)
                offset += len(raw)
            yield line, offset, Oversize(size, head)
        else:
            yield line, offset, raw


def _csv_record_ok(raw: bytes, fields: int) -> bool:
    """Whether ``raw`` (several physical lines) parses as one CSV record with ``fields`` fields."""
    try:
        text = raw.decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except (UnicodeDecodeError, csv.Error):
        return False
    return len(rows) == 1 and len(rows[0]) == fields


def _csv_records(lines: Iterator[tuple[int, int, bytes | Oversize]],
                 fields: int) -> Iterator[tuple[int, int, bytes | Oversize | Bad]]:
    """CSV records from physical lines: a line with an open quote is joined with the next ones when that
    gives one well-formed record; otherwise the line alone is a reject and the next line is read again."""
    ahead: deque[tuple[int, int, bytes | Oversize]] = deque()
    while True:
        if ahead:
            number, end, raw = ahead.popleft()
        else:
            try:
                number, end, raw = next(lines)
            except StopIteration:
                return
        if isinstance(raw, Oversize) or raw.count(b'"') % 2 == 0:
            yield number, end, raw
            continue
        joined, taken, closed = raw, 0, False
        while taken < MAX_CONTINUATION and len(joined) <= MAX_RECORD_BYTES:
            if taken < len(ahead):
                following = ahead[taken]
            else:
                try:
                    following = next(lines)
                except StopIteration:
                    break
                ahead.append(following)
            taken += 1
            piece = following[2]
            if isinstance(piece, Oversize):
                break
            joined += piece
            if piece.count(b'"') % 2 == 1:
                closed = True
                break
        if closed and _csv_record_ok(joined, fields):
            last_end = ahead[taken - 1][1]
            for _ in range(taken):
                ahead.popleft()
            yield number, last_end, joined
        else:
            yield number, end, Bad("unterminated quoted field (a '\"' opens a field that never closes); "
                                   "expected quotes in pairs", raw)


def _text_chunks(reader: Reader, size: int, start: Position) -> Iterator[Chunk]:
    with reader.path.open("rb") as handle:
        handle.seek(start.offset)
        lines = _physical_lines(handle, start.offset, start.line)
        records: Iterator[tuple[int, int, bytes | Oversize | Bad]] = (
            _csv_records(lines, reader.layout.fields) if reader.format == "csv" else iter(lines)
        )
        index, rows, end, last = start.chunk, [], start.offset, start.line
        for number, end, payload in records:
            rows.append((number, payload))
            last = number
            if len(rows) == size:
                yield Chunk(index, rows, end, _line_after(number, payload))
                index, rows = index + 1, []
        if rows:
            yield Chunk(index, rows, end, _line_after(last, rows[-1][1]))


def _line_after(number: int, payload: Any) -> int:
    if isinstance(payload, bytes):
        return number + max(0, payload.count(b"\n") - 1)
    return number


# -- Parquet --------------------------------------------------------------------------------------------


def _parquet_chunks(reader: Reader, size: int, start: Position) -> Iterator[Chunk]:
    import pyarrow.parquet as pq

    file = pq.ParquetFile(reader.path)
    keys = reader.layout.keys
    present = [k for k, p in zip(keys, reader.layout.positions, strict=True) if p is not None]
    skip = start.offset
    first_group = 0
    while first_group < file.num_row_groups and skip >= file.metadata.row_group(first_group).num_rows:
        skip -= file.metadata.row_group(first_group).num_rows
        first_group += 1
    row = start.offset
    index = start.chunk
    rows: list[tuple[int, Any]] = []
    groups = list(range(first_group, file.num_row_groups))
    if not groups:
        return
    for batch in file.iter_batches(batch_size=max(size, 1024), row_groups=groups, columns=present):
        count = batch.num_rows
        if skip >= count:
            skip -= count
            continue
        values = {name: batch.column(name).to_pylist() for name in present}
        for i in range(skip, count):
            row += 1
            rows.append((row, tuple(values[k][i] if k in values else None for k in keys)))
            if len(rows) == size:
                yield Chunk(index, rows, row, row)
                index, rows = index + 1, []
        skip = 0
    if rows:
        yield Chunk(index, rows, row, row)


# -- decoding a record (runs where it is screened) -------------------------------------------------------


def parse_record(layout: Layout, number: int, payload: Any) -> tuple[Any, Any, Any, Any]:
    """(name, id, country, schema) raw values of one record; RowError says what is wrong with it."""
    if isinstance(payload, Oversize):
        raise RowError(f"the record is {payload.size:,} bytes; expected at most {MAX_RECORD_BYTES:,} bytes")
    if isinstance(payload, Bad):
        raise RowError(payload.error)
    if layout.format == "parquet":
        name, id_value, country, schema = payload
        return name, id_value, country, schema
    if not payload.strip():
        raise RowError("empty row; expected a record with a name")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RowError(f"not valid UTF-8 (byte {exc.start} of the record, 0x{payload[exc.start]:02X}); the input "
                       "must be UTF-8 (convert with e.g. iconv -f latin1 -t utf-8)") from None
    if layout.format == "jsonl":
        return _json_values(layout, text.lstrip("\ufeff") if number == 1 else text)
    return _csv_values(layout, text)


def _json_values(layout: Layout, text: str) -> tuple[Any, Any, Any, Any]:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RowError(f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(record, dict):
        raise RowError(f"expected a JSON object, got {type(record).__name__}")
    name_key, id_key, country_key, schema_key = layout.keys
    if name_key not in record:
        raise RowError(f"no field {name_key!r}; expected the party name there (or name it with --name-col)")
    return record[name_key], record.get(id_key), record.get(country_key), record.get(schema_key)


def _csv_values(layout: Layout, text: str) -> tuple[Any, Any, Any, Any]:
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise RowError(f"malformed CSV: {exc}") from None
    if len(rows) != 1:
        raise RowError(f"expected one CSV record, found {len(rows)}")
    cells = rows[0]
    if not any(c.strip() for c in cells):
        raise RowError("empty row; expected a record with a name")
    if len(cells) != layout.fields:
        raise RowError(f"has {len(cells)} fields; expected {layout.fields} as in the header")
    return tuple(cells[p] if p is not None else None for p in layout.positions)  # type: ignore[return-value]

