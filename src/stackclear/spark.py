"""Screening on Apache Spark: the batch engine as a DataFrame function (PySpark is the ``[spark]`` extra).

    from stackclear.spark import screen_dataframe
    results = screen_dataframe(parties, name_col="name", id_col="id")        # stored current lists
    results = screen_dataframe(parties, lists=["consolidated.csv", "sdn.csv"])
    # columns: id, name, decision, hits (array<struct<entry_id, source, name, score>>), error

How the index reaches the executors: the driver builds (or is given) one :class:`Screener` and puts its index file
in place (:func:`stackclear.batch.index_file.place_index`: a hard link to the cached file it was mapped from, else
written); in local mode the Python workers map that very file, on a cluster it is distributed with the job
(``SparkContext.addFile``). Each Python worker loads it once, on its first batch, into a module-level cache keyed by
the file's sha256, and reuses it for every later batch and task (Python workers are reused between tasks by
default). The index is never rebuilt on an executor, nor loaded per row or batch. Rows run through ``mapInArrow``:
one Arrow record batch in, one out. Each row is validated and screened by the same functions as the file batch
(:mod:`stackclear.batch.rows`), so decisions, hits and scores are the same; a row that cannot be screened (empty
name, unknown country code...) has ``decision`` and ``hits`` null and the reason in ``error``.

``run_spark_batch`` is ``stackclear batch screen --engine spark``: the same reading, rejects and output files
as the local engine, with the screening done by Spark (local mode unless ``spark.master`` is configured). The
validated rows are staged to one Parquet file that Spark reads as contiguous row ranges (no shuffle, sampling
pass or sort); the output parts are put back in input order by their row numbers.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from stackclear.batch import outputs, runner
from stackclear.batch.index_file import file_sha256, place_index, release_pages, worker_screener, worker_setup
from stackclear.batch.inputs import BatchInputError, Reader, parse_record
from stackclear.batch.rows import OutRow, RowError, bound_caches, make_query, output_row, release_memory
from stackclear.errors import StackclearError
from stackclear.extras import require
from stackclear.screening.screen import Screener

OUTPUT_DDL = ("id string, name string, decision string, "
              "hits array<struct<entry_id:string,source:string,name:string,score:double>>, error string")
LOAD_LOG_ENV = "STACKCLEAR_SPARK_LOAD_LOG"  # tests: each worker appends "<pid> load|batch" lines here
ROWS_PER_PARTITION = 20_000
STAGED_DDL = "row_no long, id string, name string, country string, schema string"  # the validated input

# -- executor side ---------------------------------------------------------------------------------------

_LOADED: dict[str, Screener] = {}  # sha256 of the shipped file → its screener, once per Python worker


def _log(event: str) -> None:
    target = os.environ.get(LOAD_LOG_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {event}\n")


#: how the index reaches the Python workers: (where, sha256 of the file, local) — ``where`` is the file's path
#: on this machine in local mode (the driver's own file, mapped as it is), else its name among the job's files
Shipped = tuple[str, str, bool]


def _worker_screener(shipped: Shipped | None, setup: dict[str, Any], event: str = "load") -> Screener:
    """The screener of this job in this Python worker: the shipped file, loaded (mapped: the workers of an
    executor share its pages) on first use and kept (keyed by its sha256); with no lists (failing closed) a
    screener that answers ``review`` with the driver's reason."""
    if shipped is None:
        return worker_screener(None, setup)
    where, sha256, local = shipped
    screener = _LOADED.get(sha256)
    if screener is None:
        if local:
            path = where
        else:
            from pyspark import SparkFiles

            path = SparkFiles.get(where)
        screener = worker_screener(path, setup)
        _LOADED.clear()  # one index per worker: a new job's file replaces the last one
        _LOADED[sha256] = screener
        _log(f"{event} {sha256[:16]}")
    screener.threshold = setup["threshold"]  # as the driver's screener has them (a cached index's header
    screener.lists = setup["lists"]  # holds those of the build)
    return screener


def _output_schema(keep: Sequence[Any]) -> Any:
    import pyarrow as pa

    hit = pa.struct([("entry_id", pa.string()), ("source", pa.string()), ("name", pa.string()),
                     ("score", pa.float64())])
    return pa.schema([*keep, pa.field("id", pa.string()), pa.field("name", pa.string()),
                      pa.field("decision", pa.string()), pa.field("hits", pa.list_(hit)),
                      pa.field("error", pa.string())])


def screen_batches(batches: Iterator[Any], shipped: Shipped | None, setup: dict[str, Any],
                   columns: tuple[str, str, str | None, str | None], keep: tuple[str, ...],
                   cache_limit: int | None = None) -> Iterator[Any]:
    """The ``mapInArrow`` function: screen each Arrow record batch with the worker's cached screener. Past
    ``cache_limit`` names (the file batch's :data:`stackclear.batch.runner.WORKER_CACHE_LIMIT`, as the driver
    had it) the worker empties its query caches and loads the index file again, as a file batch's worker does."""
    import pyarrow as pa

    screener = _worker_screener(shipped, setup)
    digest = shipped[1][:16] if shipped else "unavailable"
    name_col, id_col, country_col, schema_col = columns
    schema = None
    for batch in batches:
        _log(f"batch {digest}")
        if schema is None:
            schema = _output_schema([batch.schema.field(k) for k in keep])
        count = batch.num_rows
        names = batch.column(name_col).to_pylist()
        ids = batch.column(id_col).to_pylist()
        countries = batch.column(country_col).to_pylist() if country_col else [None] * count
        schemas = batch.column(schema_col).to_pylist() if schema_col else [None] * count
        out_id: list[str | None] = []
        out_name: list[str | None] = []
        decision: list[str | None] = []
        hits: list[list[dict[str, Any]] | None] = []
        error: list[str | None] = []
        for i in range(count):
            try:
                query = make_query("", names[i], ids[i], countries[i], schemas[i])
                if not query.id:
                    raise RowError(f"{id_col}: is empty; expected the row's id")
            except RowError as exc:
                out_id.append(None if ids[i] is None else str(ids[i]))
                out_name.append(None if names[i] is None else str(names[i]))
                decision.append(None)
                hits.append(None)
                error.append(str(exc))
                continue
            row = output_row(screener, query)
            out_id.append(row[0])
            out_name.append(row[1])
            decision.append(row[2])
            hits.append(row[3])
            error.append(None)
        if bound_caches(screener, cache_limit) and shipped is not None:
            # as a file batch's worker does: what was decoded of the index goes too, the old screener first
            # (loaded beside it, the new mapping would count the file's pages twice for a moment), and the
            # freed heap is handed back
            _LOADED.clear()
            del screener
            release_memory()
            screener = _worker_screener(shipped, setup, "reload")
        arrays = [batch.column(k) for k in keep] + [
            pa.array(out_id, pa.string()), pa.array(out_name, pa.string()), pa.array(decision, pa.string()),
            pa.array(hits, schema.field("hits").type), pa.array(error, pa.string()),
        ]
        yield pa.RecordBatch.from_arrays(arrays, schema=schema)


# -- driver side -----------------------------------------------------------------------------------------

# screeners already shipped: (screener, spark context, shipped); the objects are kept (a few at most) so that
# an id is never reused by another screener while its entry is here
_SHIPPED: list[tuple[Screener, Any, Shipped]] = []
_SHIP_DIR: list[Path] = []


def ship_screener(spark: Any, screener: Screener) -> Shipped:
    """The index file of ``screener`` for the Python workers (once per screener and SparkContext).

    The file is :func:`stackclear.batch.index_file.place_index`'s: a hard link to the file the screener was
    mapped from (the batch's index cache), else written out. In local mode the workers map that very file
    (the same pages in the page cache as the driver's and any file batch's, nothing copied); on a cluster it
    is distributed with the job (``SparkContext.addFile``) and each executor maps its copy."""
    context = spark.sparkContext
    for shipped_screener, shipped_context, shipped in _SHIPPED:
        if shipped_screener is screener and shipped_context is context:
            return shipped
    if not _SHIP_DIR:
        folder = Path(tempfile.mkdtemp(prefix="stackclear-spark-"))
        _SHIP_DIR.append(folder)
        import atexit

        atexit.register(shutil.rmtree, folder, True)
    staging = _SHIP_DIR[0] / f"screener-{len(_SHIPPED)}.tmp"
    place_index(screener, staging)
    sha256 = file_sha256(staging)
    path = _SHIP_DIR[0] / f"stackclear-screener-{sha256[:16]}.bin"
    os.replace(staging, path)
    local = str(context.master).startswith("local")
    if not local:
        context.addFile(str(path))
    shipped = (str(path) if local else path.name, sha256, local)
    _SHIPPED.append((screener, context, shipped))
    del _SHIPPED[:-4]
    return shipped


def _column(df: Any, wanted: str | None, what: str, required: bool) -> str | None:
    if wanted is not None and wanted in df.columns:
        return wanted
    if required:
        raise BatchInputError(f"DataFrame: no column {wanted!r} for the {what} (columns: {', '.join(df.columns)})")
    return None


def screen_dataframe(
    df: Any,
    name_col: str = "name",
    id_col: str = "id",
    country_col: str | None = "country",
    schema_col: str | None = "schema",
    *,
    screener: Screener | None = None,
    lists: Sequence[str | Path] | None = None,
    home: str | Path | None = None,
    matcher: str | None = None,
    threshold: float | None = None,
    keep: Sequence[str] = (),
) -> Any:
    """Screen every row of ``df``: a DataFrame of ``keep`` columns + id, name, decision, hits, error.

    ``screener`` defaults to one over ``lists`` (files), else the stored current lists under ``home``
    (failing closed: no or stale lists make every row ``review``). Country and schema columns are used
    when present.
    """
    require("pyspark", "spark", "screening on Spark")
    require("pyarrow", "spark", "screening on Spark")
    if screener is None:
        from stackclear.batch import screener_for

        screener = screener_for([Path(p) for p in lists or []], Path(home) if home else None, matcher, threshold)
    name = _column(df, name_col, "party name", True)
    party_id = _column(df, id_col, "party id", True)
    country = _column(df, country_col, "country", False)
    schema = _column(df, schema_col, "schema", False)
    for column in keep:
        _column(df, column, "kept column", True)
    spark = df.sparkSession
    shipped = ship_screener(spark, screener) if screener.index is not None else None
    setup = worker_setup(screener)
    selected = list(dict.fromkeys([*keep, name, party_id, *(c for c in (country, schema) if c)]))
    keep_ddl = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in df.select(*keep).schema.fields)
    ddl = f"{keep_ddl}, {OUTPUT_DDL}" if keep_ddl else OUTPUT_DDL
    columns = (str(name), str(party_id), country, schema)
    keep_names = tuple(keep)

    limit = runner.WORKER_CACHE_LIMIT

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        return screen_batches(batches, shipped, setup, columns, keep_names, limit)

    return df.select(*selected).mapInArrow(run, ddl)


def spark_session(workers: int) -> Any:
    """The active SparkSession, else a new one: ``local[workers]`` unless ``spark.master`` is configured."""
    require("pyspark", "spark", "--engine spark")
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    # local-mode Python workers start "python3" from PATH unless told: use this interpreter (it has stackclear)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("stackclear batch screen")
    if not SparkConf().contains("spark.master"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local mode: stay on the loopback interface
        builder = builder.master(f"local[{max(1, workers)}]")
    session = (builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "2000")
               .config("spark.python.worker.reuse", "true")  # the default, relied on: one index load per worker
               .config("spark.sql.shuffle.partitions", str(max(2, workers)))
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    return session


def run_spark_batch(screener: Screener, options: Any, progress: Any, prepared: tuple[Reader, str]) -> Any:
    """``stackclear batch screen --engine spark``: the local engine's files, screened by Spark."""
    from stackclear.batch.runner import BatchSummary, screener_settings, sidecars

    reader, out_format = prepared
    require("pyarrow", "spark", "--engine spark")
    started = time.monotonic()
    files = sidecars(options.output)
    work = options.output.with_name(options.output.name + ".spark-tmp")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    counts: Counter[str] = Counter()
    decisions: Counter[str] = Counter()
    # the session (a JVM, seconds to start) starts while this process validates and stages the input
    require("pyspark", "spark", "--engine spark")
    from pyspark.sql import SparkSession

    starting = ThreadPoolExecutor(1, thread_name_prefix="spark-session")
    active = SparkSession.getActiveSession()  # asked here: the active session is per thread
    session = starting.submit(lambda: active or spark_session(options.workers))
    try:
        valid = _stage_input(reader, options, work / "input.parquet", files["rejects_partial"], counts, progress)
        if valid:
            staged = work / "input.parquet"
            spark = _split_session(session.result(), staged.stat().st_size, valid)
            frame = spark.read.schema(STAGED_DDL).parquet(str(staged))
            result = screen_dataframe(frame, "name", "id", "country", "schema", screener=screener, keep=("row_no",))
            release_pages(screener)  # the driver does not screen: the Python workers map the index file
            result.write.option("compression", "none").parquet(str(work / "output"))
        _merge(work / "output", valid, out_format, files["partial"], options.chunk_rows, decisions, progress,
               counts["rows"])
        metadata = {k: v for k, v in screener_settings(screener).items()
                    if k in ("matcher", "threshold", "lists", "unavailable", "stackclear")}
        complete = outputs.finish(out_format, files["partial"], files["final_temp"], metadata)
        if counts["rejected"]:
            os.replace(files["rejects_partial"], files["rejects"])
        else:
            files["rejects_partial"].unlink(missing_ok=True)
            files["rejects"].unlink(missing_ok=True)
        os.replace(complete, options.output)
    finally:
        starting.shutdown(wait=True)
        shutil.rmtree(work, ignore_errors=True)
        for name in ("partial", "rejects_partial", "final_temp"):
            files[name].unlink(missing_ok=True)
    return BatchSummary(
        input=str(options.input), output=str(options.output),
        rejects=str(files["rejects"]) if counts["rejected"] else None, rows=counts["rows"],
        screened=counts["rows"] - counts["rejected"], rejected=counts["rejected"],
        decisions=dict(sorted(decisions.items())), matcher=screener.matcher.name, threshold=screener.threshold,
        lists=screener.lists, engine="spark", workers=options.workers, resumed_at_row=0,
        seconds=round(time.monotonic() - started, 3), notices=list(reader.notices),
        unavailable=screener.unavailable_reason if screener.index is None else None,
    )


def _split_session(spark: Any, staged_bytes: int, rows: int) -> Any:
    """A session of ``spark``'s context (its own SQL settings, nothing changed for other users of ``spark``)
    that reads the staged file as contiguous ranges of rows, one per partition: at least two per core and at
    most :data:`ROWS_PER_PARTITION` rows each. The ranges need no shuffle (no sampling pass, no sort) to come
    back in input order: each output part holds its partition's rows in order and :func:`_merge` puts the
    parts in order by their row numbers."""
    parts = max(2 * spark.sparkContext.defaultParallelism, -(-rows // ROWS_PER_PARTITION))
    split = spark.newSession()
    # a split of the file is bytes / parts long and is one partition (no cost added per file to pack them)
    split.conf.set("spark.sql.files.maxPartitionBytes", str(max(1, -(-staged_bytes // parts))))
    split.conf.set("spark.sql.files.openCostInBytes", "0")
    split.conf.set("spark.sql.files.minPartitionNum", str(parts))
    return split


def _stage_input(reader: Reader, options: Any, target: Path, rejects_path: Path, counts: Counter[str],
                 progress: Any) -> int:
    """Validate the input here (same rejects as the local engine) and stage the good rows for Spark."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    from stackclear.batch.runner import _fallback_id, _raw_of

    schema = pa.schema([("row_no", pa.int64()), ("id", pa.string()), ("name", pa.string()),
                        ("country", pa.string()), ("schema", pa.string())])
    layout = reader.layout
    valid = 0
    with pq.ParquetWriter(target, schema, compression="none") as writer, rejects_path.open("wb") as rejects:
        for chunk in reader.chunks(options.chunk_rows):
            columns: list[list[Any]] = [[], [], [], [], []]
            for number, payload in chunk.rows:
                try:
                    name, id_value, country, kind = parse_record(layout, number, payload)
                    query = make_query(_fallback_id(layout, number), name, id_value, country, kind)
                except RowError as exc:
                    line = {"line": number, "error": str(exc), "raw": _raw_of(layout, payload)}
                    rejects.write((json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8"))
                    counts["rejected"] += 1
                    continue
                for column, value in zip(columns, (valid, query.id, query.name, query.country, query.schema),
                                         strict=True):
                    column.append(value)
                valid += 1
            counts["rows"] += len(chunk.rows)
            writer.write_table(pa.Table.from_arrays([pa.array(c, f.type) for c, f in zip(columns, schema,
                                                                                        strict=True)], schema=schema))
            if progress:
                progress(counts["rows"], chunk.end, reader.total)
    return valid


def _runs(folder: Path, valid: int) -> list[tuple[Path, int, int]]:
    """Spark's output parts as (part, offset in it, rows) runs of consecutive row numbers, in input order;
    StackclearError when they do not cover the rows 0 .. valid - 1 exactly once."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    found: list[tuple[int, Path, int, int]] = []
    for part in sorted(folder.glob("part-*.parquet")) if valid else []:
        numbers = pq.read_table(part, columns=["row_no"]).column("row_no").combine_chunks()
        count = len(numbers)
        if not count:
            continue
        # a run starts where a row number does not follow the one before it
        breaks = pc.indices_nonzero(pc.not_equal(numbers.slice(1), pc.add(numbers.slice(0, count - 1), 1)))
        starts = [0, *(int(at) + 1 for at in breaks.to_pylist())]
        for start, end in zip(starts, [*starts[1:], count], strict=True):
            found.append((int(numbers[start].as_py()), part, start, end - start))
    found.sort(key=lambda run: run[0])
    expected = 0
    for first, _, _, rows in found:
        if first != expected:
            what = f"row {first} where row {expected} was due" if first > expected else f"row {first} twice"
            raise StackclearError(f"Spark returned {what}; the output would be out of order")
        expected += rows
    if expected != valid:
        raise StackclearError(f"Spark returned {expected} rows of {valid}; the output would be incomplete")
    return [(part, offset, rows) for _, part, offset, rows in found]


def _run_batches(part: Path, offset: int, rows: int, size: int) -> Iterator[Any]:
    """The record batches of ``rows`` rows from ``offset`` in the Parquet file ``part``."""
    import pyarrow.parquet as pq

    at = 0
    for batch in pq.ParquetFile(part).iter_batches(batch_size=size):
        start, end = max(offset, at), min(offset + rows, at + batch.num_rows)
        if start < end:
            yield batch.slice(start - at, end - start)
        at += batch.num_rows
        if at >= offset + rows:
            return


def _merge(folder: Path, valid: int, out_format: str, partial: Path, chunk_rows: int, decisions: Counter[str],
           progress: Any, rows: int) -> None:
    """Spark's output parts → the output, in input order (the runs of :func:`_runs`, each read in order).
    Parquet output stays in Arrow (no Python object per row); CSV and JSONL are encoded as the local engine does."""
    import pyarrow as pa
    import pyarrow.compute as pc

    expected = 0
    with partial.open("wb") as out:
        out.write(outputs.header(out_format))
        pending: list[OutRow] = []
        for part, offset, count in _runs(folder, valid):
            for batch in _run_batches(part, offset, count, chunk_rows):
                size = batch.num_rows
                due = pa.array(range(expected, expected + size), pa.int64())
                if not pc.all(pc.equal(batch.column("row_no"), due)).as_py():
                    raise StackclearError(f"Spark's output changed while it was merged (near row {expected})")
                errors = batch.column("error")
                if errors.null_count != size:
                    at = pc.index(pc.is_valid(errors), True).as_py()
                    raise StackclearError(f"Spark rejected row {expected + at} that passed validation: {errors[at]}")
                expected += size
                for item in pc.value_counts(batch.column("decision")).to_pylist():
                    decisions[item["values"]] += item["counts"]
                if out_format == "parquet":
                    out.write(outputs.encode_arrow(batch))
                else:
                    data = batch.select(["id", "name", "decision", "hits"]).to_pydict()
                    pending.extend(zip(data["id"], data["name"], data["decision"], data["hits"], strict=True))
                    while len(pending) >= chunk_rows:
                        out.write(outputs.encode(out_format, pending[:chunk_rows]))
                        del pending[:chunk_rows]
                if progress:
                    progress(rows, expected, valid)
        out.write(outputs.encode(out_format, pending))
        out.flush()
        os.fsync(out.fileno())
