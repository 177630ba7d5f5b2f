"""Writing batch output: rows encoded per chunk (where they were screened), appended in input order.

CSV and JSONL chunks are the final bytes, appended to ``OUTPUT.partial``. Parquet cannot be appended to
(its footer describes every row group), so a Parquet run appends each chunk as a length-prefixed Arrow IPC
stream (a chunk screened in parts by several workers: the parts' streams with their rows' numbers) and
:func:`finish` converts that spool into the Parquet file in one streaming pass, re-batched into row groups
of ``ROW_GROUP`` rows, so the bytes do not depend on how the run was chunked, routed or resumed.
"""

from __future__ import annotations

import csv
import io
import json
import struct
from array import array
from pathlib import Path
from typing import Any

from stackclear.batch.rows import COLUMNS, OutRow

ROW_GROUP = 65_536
_LENGTH = struct.Struct("<Q")
_GROUP = 1 << 63  # set in an entry's length: a group of parts (group_entry)


def header(fmt: str) -> bytes:
    if fmt == "csv":
        return (",".join(COLUMNS) + "\n").encode()
    return b""


def hits_json(hits: list[dict[str, Any]]) -> str:
    return json.dumps(hits, ensure_ascii=False, separators=(",", ":"))


def _jsonl_line(row: OutRow) -> str:
    party_id, name, decision, hits = row
    return json.dumps({"id": party_id, "name": name, "decision": decision, "hits": hits}, ensure_ascii=False) + "\n"


def encode(fmt: str, rows: list[OutRow]) -> bytes:
    """The bytes a chunk of output rows adds to ``OUTPUT.partial``."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows((i, n, d, hits_json(h)) for i, n, d, h in rows)
        return buffer.getvalue().encode("utf-8")
    if fmt == "jsonl":
        return "".join(_jsonl_line(row) for row in rows).encode("utf-8")
    if not rows:
        return b""
    import pyarrow as pa

    table = pa.Table.from_arrays(
        [pa.array([r[0] for r in rows], pa.string()), pa.array([r[1] for r in rows], pa.string()),
         pa.array([r[2] for r in rows], pa.string()), pa.array([r[3] for r in rows], hits_type())],
        schema=arrow_schema(),
    )
    return encode_arrow(table)


def encode_rows(fmt: str, rows: list[OutRow]) -> list[bytes]:
    """CSV or JSONL: the bytes of each row as :func:`encode` writes them (their concatenation is its result),
    so that rows screened apart can be put back in input order."""
    if fmt == "jsonl":
        return [_jsonl_line(row).encode("utf-8") for row in rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    pieces = []
    for i, n, d, h in rows:
        writer.writerow((i, n, d, hits_json(h)))
        pieces.append(buffer.getvalue().encode("utf-8"))
        buffer.seek(0)
        buffer.truncate()
    return pieces


def group_entry(entries: list[bytes], numbers: list[list[int]]) -> bytes:
    """Parquet: one spool entry holding the entries (as :func:`encode` gives them) of the parts of a chunk
    screened apart, with their rows' numbers (ascending in each part): :func:`finish` puts the rows back in
    input order, so the process writing the spool never decodes Arrow data (nor imports pyarrow)."""
    inner = [_LENGTH.pack(len(entries))]
    for entry, rows in zip(entries, numbers, strict=True):
        inner += [_LENGTH.pack(len(rows)), array("q", rows).tobytes(), entry]
    body = b"".join(inner)
    return _LENGTH.pack(_GROUP | len(body)) + body


def _group_table(body: bytes) -> Any:
    """The table of a :func:`group_entry` body, its rows in input order."""
    import pyarrow as pa

    (count,), at = _LENGTH.unpack_from(body), _LENGTH.size
    tables, numbers = [], array("q")
    for _ in range(count):
        (rows,) = _LENGTH.unpack_from(body, at)
        numbers.frombytes(body[at + _LENGTH.size : at + _LENGTH.size + 8 * rows])
        at += _LENGTH.size + 8 * rows
        (size,) = _LENGTH.unpack_from(body, at)
        tables.append(pa.ipc.open_stream(pa.py_buffer(body[at + _LENGTH.size : at + _LENGTH.size + size])).read_all())
        at += _LENGTH.size + size
    origin = sorted(range(len(numbers)), key=numbers.__getitem__)
    return pa.concat_tables(tables).take(pa.array(origin, pa.int64()))


def encode_arrow(table: Any) -> bytes:
    """The Parquet spool's bytes for an Arrow table or record batch of the output columns (as :func:`encode`
    gives them for rows: the values, not how they were batched, decide the final file)."""
    import pyarrow as pa

    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    table = table.select(list(COLUMNS)).cast(arrow_schema())
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    data: bytes = sink.getvalue().to_pybytes()
    return _LENGTH.pack(len(data)) + data


def hits_type() -> Any:
    import pyarrow as pa

    return pa.list_(pa.struct([("entry_id", pa.string()), ("source", pa.string()), ("name", pa.string()),
                               ("score", pa.float64())]))


def arrow_schema(metadata: dict[str, Any] | None = None) -> Any:
    import pyarrow as pa

    fields = [pa.field("id", pa.string()), pa.field("name", pa.string()), pa.field("decision", pa.string()),
              pa.field("hits", hits_type())]
    meta = {b"stackclear": json.dumps(metadata, sort_keys=True).encode()} if metadata else None
    return pa.schema(fields, metadata=meta)


def finish(fmt: str, partial: Path, final_temp: Path, metadata: dict[str, Any]) -> Path:
    """The complete output file (still under a temporary name): the partial itself for CSV/JSONL, a Parquet
    file converted from the spool for Parquet."""
    if fmt != "parquet":
        return partial
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(metadata)
    pending: list[Any] = []
    count = 0
    with pq.ParquetWriter(final_temp, schema, compression="zstd") as writer, partial.open("rb") as spool:
        while True:
            prefix = spool.read(_LENGTH.size)
            if not prefix:
                break
            (size,) = _LENGTH.unpack(prefix)
            if size & _GROUP:
                table = _group_table(spool.read(size & ~_GROUP))
            else:
                table = pa.ipc.open_stream(pa.py_buffer(spool.read(size))).read_all()
            pending.append(table)
            count += table.num_rows
            while count >= ROW_GROUP:
                joined = pa.concat_tables(pending)
                writer.write_table(joined.slice(0, ROW_GROUP).replace_schema_metadata(schema.metadata),
                                   row_group_size=ROW_GROUP)
                rest = joined.slice(ROW_GROUP)
                pending, count = [rest], rest.num_rows
        if count:
            writer.write_table(pa.concat_tables(pending).replace_schema_metadata(schema.metadata),
                               row_group_size=ROW_GROUP)
    return final_temp
