"""The file batch: screen every row of a CSV/JSONL/Parquet file on all cores, resumable, never half-written.

    summary = run_batch(screener, BatchOptions(Path("parties.csv"), Path("results.parquet"), workers=2))

How it runs. The index is written once to an index file (:mod:`stackclear.batch.index_file`; a screener
loaded from the disk cache is written as the bytes it was read from) and each worker process maps that file
(with one worker, this process does): the workers share its pages
through the page cache, and each decodes only the names and postings its queries touch. When the screener
was itself mapped from a file (the index cache), the index file is a hard link to that file: nothing is
copied, and this process drops its own resident pages of it once the workers have started. The workers are
spawned (fresh interpreters), not forked from this one: forked from here, every worker would touch
(reference counts) and so copy the pages of whatever this process holds, a built index above all.
This process reads the input in chunks of ``chunk_rows`` records (only finding record boundaries), splits
each chunk between the workers by the last word of each row's name (:func:`route_key`, :func:`split_chunk`:
rows sharing a surname or a listed name's variants meet the same worker's caches — measured, ~10 % less CPU
per row than whole chunks to whichever worker is free — while no worker gets more than its share plus
:data:`ROUTE_SLACK`), each worker (a pool of one process) decoding, validating, screening and encoding its
part (the results come back as the output's bytes, row by row), with at most two chunks per worker in
flight — memory stays bounded whatever the input's size — and appends the results in input order
(:func:`merge_parts`: the same bytes as one worker). The workers live for the whole run (a fresh process pays
~1 CPU-s warming up before it screens at full speed); within a process screening's memo caches are emptied
whenever they pass :data:`WORKER_CACHE_LIMIT` names (with one worker, in this process:
:data:`stackclear.batch.rows.CACHE_LIMIT`), the index file then loaded again (dropping what was decoded of
it) and the freed memory handed back (:func:`stackclear.batch.rows.release_memory`): a worker's memory is
what one such cycle holds, whatever the input's size.

Files beside OUTPUT while it runs:

* ``OUTPUT.partial`` — the output so far (for Parquet, a spool of Arrow chunks converted at the end);
* ``OUTPUT.rejects.jsonl.partial`` — ``{"line", "error", "raw"}`` for each row that could not be screened;
* ``OUTPUT.index.partial`` — the index file the workers map (removed at the end; rewritten by a resumed run);
* ``OUTPUT.checkpoint.json`` — after each chunk (its data flushed to disk first): the input's fingerprint
  (size, mtime, sha256), the run's settings (columns, formats, matcher, threshold, lists' sha256), the input
  position, the chunks done and the byte length of both partial files.

When every chunk is done the rejects file and then OUTPUT are renamed into place and the checkpoint is
removed: OUTPUT never exists half-written. ``resume=True`` truncates the partial files to the lengths of the
last checkpoint and goes on from its input position; chunking and encoding depend only on the input and the
settings, so the result is byte-identical to an uninterrupted run. A checkpoint made with other settings, or
for an input that has changed since, is refused.
"""

from __future__ import annotations

import csv
import fcntl
import json
import math
import os
import signal
import threading
import time
import zlib
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from stackclear import __version__
from stackclear.batch import index_file, outputs
from stackclear.batch.inputs import (
    Bad,
    BatchInputError,
    Chunk,
    Columns,
    Layout,
    Oversize,
    Position,
    Reader,
    fingerprint,
    format_of,
    open_input,
    parse_record,
)
from stackclear.batch.rows import (
    CACHE_LIMIT,
    OutRow,
    RowError,
    bound_caches,
    make_query,
    output_row,
    release_memory,
    shown_raw,
)
from stackclear.screening.screen import Screener

CHECKPOINT_VERSION = 1
DEFAULT_CHUNK = 2_000
#: rows a worker process screens before it is replaced by a fresh one; 0 (the default): never replaced. A fresh
#: process costs ~0.2 CPU-s of imports and ~1 CPU-s more on its first chunk (measured, session 6) than a warm
#: one, and replacing workers is not what keeps memory flat: emptying the caches every WORKER_CACHE_LIMIT
#: names is (a worker's peak is set by what one cycle holds; the cycles after the first reuse its memory).
WORKER_ROWS = 0
#: names analysed (screening's name-analysis cache) after which a worker process empties its query caches and
#: loads the index file again: the in-process CACHE_LIMIT of a one-worker run, so that a worker of two screens
#: as the one-worker run does (a cycle costs ~0.9 CPU-s: emptying, the index decoded again, the caches warmed
#: again; measured, session 8, compiled, 100k rows: 28,000 names gave two workers 4.4 % more CPU per row and
#: ~50 MB less RSS each, ~570 against ~620 MB at their peaks).
WORKER_CACHE_LIMIT = CACHE_LIMIT
#: how much more than its share of a chunk's rows :func:`split_chunk` may give one worker
ROUTE_SLACK = 0.02

#: rows done, input position (bytes or rows), total (bytes or rows)
ProgressFn = Callable[[int, int, int], None]


@dataclass(frozen=True)
class BatchOptions:
    input: Path
    output: Path
    columns: Columns = field(default_factory=Columns)
    workers: int = 1
    resume: bool = False
    chunk_rows: int = DEFAULT_CHUNK


@dataclass
class BatchSummary:
    """What a run did; ``rejected`` > 0 means the caller should exit 1."""

    input: str
    output: str
    rejects: str | None
    rows: int
    screened: int
    rejected: int
    decisions: dict[str, int]
    matcher: str
    threshold: float
    lists: list[dict[str, Any]]
    engine: str
    workers: int
    resumed_at_row: int
    seconds: float
    notices: list[str] = field(default_factory=list)
    unavailable: str | None = None
    #: CPU seconds of the run (this process and its workers, index build excluded); None for Spark
    cpu_seconds: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Counts:
    rows: int = 0
    screened: int = 0
    rejected: int = 0
    decisions: Counter[str] = field(default_factory=Counter)


def sidecars(output: Path) -> dict[str, Path]:
    """The files a run keeps beside OUTPUT."""
    return {
        "partial": output.with_name(output.name + ".partial"),
        "rejects_partial": output.with_name(output.name + ".rejects.jsonl.partial"),
        "checkpoint": output.with_name(output.name + ".checkpoint.json"),
        "rejects": output.with_name(output.name + ".rejects.jsonl"),
        "final_temp": output.with_name(output.name + ".final.tmp"),
        "index": output.with_name(output.name + ".index.partial"),
    }


def screener_settings(screener: Screener) -> dict[str, Any]:
    """What identifies the screening half of a run (recorded in checkpoints and Parquet metadata)."""
    return {
        "matcher": screener.matcher.name,
        "threshold": screener.threshold,
        "lists": [{"path": x.get("path"), "sha256": x.get("sha256"), "as_of": x.get("as_of")} for x in screener.lists],
        "unavailable": screener.unavailable_reason if screener.index is None else None,
        "stackclear": __version__,
    }


# -- the work on one chunk (in a worker process, or here with one worker) --------------------------------

_JOB: dict[str, Any] = {}


def _fallback_id(layout: Layout, number: int) -> str:
    return f"row {number}" if layout.format == "parquet" else f"line {number}"


def _raw_of(layout: Layout, payload: Any) -> str:
    if layout.format == "parquet":
        return json.dumps(dict(zip(layout.keys, payload, strict=True)), ensure_ascii=False, default=str)
    if isinstance(payload, Oversize):
        return shown_raw(payload.head, payload.size)
    if isinstance(payload, Bad):
        return shown_raw(payload.raw)
    return shown_raw(payload)


def _exit_with_parent() -> None:
    """End this worker when the batch that started it is gone (killed: its workers must not linger; this
    worker is then re-parented)."""
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _start_worker(image: str | None, setup: dict[str, Any], layout: Layout, out_format: str,
                  in_process: bool = False, cache_limit: int | None = None) -> None:
    """A worker's setup: the index file mapped (shared with the other workers), never an index build.
    Worker processes leave Ctrl-C to the parent, which stops them and keeps the checkpoint."""
    if not in_process:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        threading.Thread(target=_exit_with_parent, name="exit-with-parent", daemon=True).start()
    _JOB.update(screener=index_file.worker_screener(image, setup), image=image, setup=setup, layout=layout,
                out_format=out_format, cache_limit=cache_limit, in_process=in_process)
    if not in_process:
        # a worker's exit (replaced after WORKER_ROWS rows) skips the interpreter's teardown: freeing millions
        # of cached objects one by one costs ~1 s of CPU and nothing is left to flush (results are sent
        # before the pool lets a worker go; multiprocessing has run its own exit functions by then)
        import atexit

        atexit.register(os._exit, 0)


#: (output bytes, rejects bytes, rows rejected, decisions counted, CPU seconds, worker's process id, caches
#: emptied after the chunk)
Result = tuple[bytes, bytes, int, dict[str, int], float, int, bool]
#: a routed part of a chunk, screened by one worker (see :func:`work_part`): (row numbers of the output rows,
#: their bytes one piece per row (CSV/JSONL), the part's Parquet spool entry (Parquet), rejects as (row number,
#: line), decisions counted, CPU seconds, worker's process id, caches emptied)
Part = tuple[list[int], list[bytes], bytes, list[tuple[int, str]], dict[str, int], float, int, bool]


def _screen_rows(rows: list[tuple[int, Any]]) -> tuple[list[OutRow], list[int], list[tuple[int, str]],
                                                       Counter[str]]:
    screener: Screener = _JOB["screener"]
    layout: Layout = _JOB["layout"]
    out: list[OutRow] = []
    numbers: list[int] = []
    rejects: list[tuple[int, str]] = []
    decisions: Counter[str] = Counter()
    for number, payload in rows:
        try:
            name, id_value, country, schema = parse_record(layout, number, payload)
            query = make_query(_fallback_id(layout, number), name, id_value, country, schema)
        except RowError as exc:
            rejects.append((number, json.dumps({"line": number, "error": str(exc), "raw": _raw_of(layout, payload)},
                                               ensure_ascii=False) + "\n"))
            continue
        row = output_row(screener, query)
        decisions[row[2]] += 1
        out.append(row)
        numbers.append(number)
    return out, numbers, rejects, decisions


def _bound_memory() -> bool:
    """After a chunk: empty the caches past the limit (see :func:`stackclear.batch.rows.bound_caches`)."""
    cleared = bound_caches(_JOB["screener"], _JOB["cache_limit"])
    if cleared:
        if _JOB["image"] is not None:
            # the index file loaded again: the names and postings decoded so far are dropped with the caches.
            # The old screener goes first: loaded beside it, the new mapping (read whole for its checksum)
            # would briefly count the file's pages twice in this process's resident set (measured: +70 MB)
            _JOB["screener"] = None
            _JOB["screener"] = index_file.worker_screener(_JOB["image"], _JOB["setup"])
        if not _JOB["in_process"]:  # (the one-worker run is left as it was measured before: its baseline)
            release_memory()
    return cleared


def work(rows: list[tuple[int, Any]]) -> Result:
    """Screen one chunk (see :data:`Result`)."""
    cpu = time.process_time()
    out, _, rejects, decisions = _screen_rows(rows)
    encoded = outputs.encode(_JOB["out_format"], out)
    del out
    cleared = _bound_memory()
    return (encoded, "".join(line for _, line in rejects).encode("utf-8"), len(rejects), dict(decisions),
            time.process_time() - cpu, os.getpid(), cleared)


def work_part(rows: list[tuple[int, Any]]) -> Part:
    """Screen the rows of a chunk routed to this worker (see :data:`Part`; :func:`merge_parts` puts the parts
    of a chunk back together in input order)."""
    cpu = time.process_time()
    out, numbers, rejects, decisions = _screen_rows(rows)
    fmt = _JOB["out_format"]
    pieces = outputs.encode_rows(fmt, out) if fmt != "parquet" else []
    spool = outputs.encode(fmt, out) if fmt == "parquet" else b""
    del out
    cleared = _bound_memory()
    return numbers, pieces, spool, rejects, dict(decisions), time.process_time() - cpu, os.getpid(), cleared


def merge_parts(out_format: str, parts: list[Part]) -> Result:
    """The :data:`Result` of a chunk from its routed parts: rows and rejects in input order, the same bytes
    as one worker screening the whole chunk (the process id is the first part's)."""
    rejects = sorted((r for part in parts for r in part[3]), key=lambda r: r[0])
    decisions: Counter[str] = Counter()
    for part in parts:
        decisions.update(part[4])
    filled = [part for part in parts if part[0]]
    if out_format != "parquet":
        pieces = sorted((pair for part in filled for pair in zip(part[0], part[1], strict=True)), key=lambda p: p[0])
        data = b"".join(piece for _, piece in pieces)
    elif len(filled) <= 1:
        data = filled[0][2] if filled else b""
    else:
        data = outputs.group_entry([part[2] for part in filled], [part[0] for part in filled])
    return (data, "".join(line for _, line in rejects).encode("utf-8"), len(rejects), dict(decisions),
            sum(part[5] for part in parts), parts[0][6] if parts else 0, any(part[7] for part in parts))


def route_key(layout: Layout, payload: Any) -> int:
    """Which worker a row goes to (modulo the workers): the CRC32 of its name's last word, so that rows sharing
    it (a surname, a listed name's variants) meet the caches that word warmed; -1 for a row without one (it
    goes where there is room). Only speed depends on it — a row's answer is the same on any worker — so it is
    found without judging the row: a malformed record is left to the worker that rejects it."""
    try:
        if layout.format == "parquet":
            name = payload[0] if isinstance(payload, tuple) else None
        elif not isinstance(payload, bytes):
            return -1
        elif layout.format == "jsonl":
            record = json.loads(payload)
            name = record.get(layout.keys[0]) if isinstance(record, dict) else None
        elif layout.positions[0] is None:
            return -1
        elif b'"' in payload:  # quoted fields: the csv module finds the cells
            cells = next(csv.reader([payload.decode("utf-8").rstrip("\r\n")], strict=True))
            name = cells[layout.positions[0]] if len(cells) == layout.fields else None
        else:
            raw = payload.rstrip(b"\r\n").split(b",")
            found = raw[layout.positions[0]].lower().split() if len(raw) == layout.fields else []
            return zlib.crc32(found[-1]) if found else -1
        words = name.casefold().split() if isinstance(name, str) else []
        return zlib.crc32(words[-1].encode("utf-8", "surrogatepass")) if words else -1
    except (ValueError, TypeError, AttributeError, IndexError, StopIteration, csv.Error):
        return -1


def split_chunk(layout: Layout, rows: list[tuple[int, Any]], workers: int) -> list[list[tuple[int, Any]]]:
    """The rows of a chunk for each worker, by :func:`route_key`; no part gets more than its share plus
    :data:`ROUTE_SLACK` (the rest of an over-common word's rows go to the part with the fewest), so the
    workers stay evenly loaded whatever the names."""
    parts: list[list[tuple[int, Any]]] = [[] for _ in range(workers)]
    cap = max(1, math.ceil(len(rows) / workers * (1 + ROUTE_SLACK)))
    for row in rows:
        key = route_key(layout, row[1])
        target = parts[key % workers] if key >= 0 else min(parts, key=len)
        if len(target) >= cap:
            target = min(parts, key=len)
        target.append(row)
    return parts


# -- the run -------------------------------------------------------------------------------------------


def _open_rw(path: Path) -> BinaryIO:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    return os.fdopen(fd, "r+b")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temp, path)


class _Run:
    def __init__(self, screener: Screener, options: BatchOptions, reader: Reader, out_format: str) -> None:
        self.screener = screener
        self.options = options
        self.reader = reader
        self.out_format = out_format
        self.files = sidecars(options.output)
        self.counts = _Counts()
        self.notices: list[str] = list(reader.notices)
        self.settings = {
            "input_format": reader.format,
            "output_format": out_format,
            "columns": asdict(options.columns),
            "chunk_rows": options.chunk_rows,
            "checkpoint": CHECKPOINT_VERSION,
            **screener_settings(screener),
        }
        self.input_fp = fingerprint(options.input)
        self.position = reader.start
        self.resumed_at = 0
        self.cpu = 0.0  # the workers' CPU seconds (with one worker: this process's, counted in work())

    def _load_checkpoint(self) -> dict[str, Any] | None:
        path = self.files["checkpoint"]
        if not path.is_file():
            if self.options.resume:
                self.notices.append("nothing to resume (no checkpoint); starting from the beginning")
            return None
        if not self.options.resume:
            self.notices.append(f"{path.name}: an earlier run was interrupted; starting over (--resume continues it)")
            return None
        try:
            state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BatchInputError(f"{path}: unreadable checkpoint ({exc}); run without --resume") from None
        if state.get("input") != self.input_fp:
            raise BatchInputError(f"{path}: the input changed since the interrupted run (size, time or sha256 "
                                  "differ); run without --resume to start over")
        if state.get("settings") != self.settings:
            theirs = state.get("settings") or {}
            changed = sorted(k for k in set(theirs) | set(self.settings) if theirs.get(k) != self.settings.get(k))
            raise BatchInputError(f"{path}: the interrupted run used other settings ({', '.join(changed)}); "
                                  "run without --resume to start over, or with the same options and lists")
        for key, name in (("output_bytes", "partial"), ("rejects_bytes", "rejects_partial")):
            size = self.files[name].stat().st_size if self.files[name].exists() else -1
            if size < int(state[key]):
                raise BatchInputError(f"{self.files[name]}: shorter than the checkpoint records "
                                      f"({size} < {state[key]} bytes); run without --resume to start over")
        return state

    def run(self, progress: ProgressFn | None) -> BatchSummary:
        started = time.monotonic()
        cpu_started = time.process_time()
        state = self._load_checkpoint()
        out = _open_rw(self.files["partial"])
        try:
            fcntl.flock(out.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            out.close()
            raise BatchInputError(f"{self.files['partial']}: another batch is writing this output") from None
        rejects = _open_rw(self.files["rejects_partial"])
        try:
            if state is not None:
                out.truncate(int(state["output_bytes"]))
                rejects.truncate(int(state["rejects_bytes"]))
                self.position = Position(int(state["chunk"]), int(state["offset"]), int(state["line"]))
                counts = state["counts"]
                self.counts = _Counts(counts["rows"], counts["screened"], counts["rejected"],
                                      Counter(counts["decisions"]))
                self.resumed_at = self.counts.rows
            else:
                out.truncate(0)
                rejects.truncate(0)
                out.write(outputs.header(self.out_format))
            out.seek(0, os.SEEK_END)
            rejects.seek(0, os.SEEK_END)
            self._loop(out, rejects, progress)
            out.flush()
            os.fsync(out.fileno())
            rejects.flush()
            os.fsync(rejects.fileno())
            self._finish()
        finally:
            rejects.close()
            out.close()
        return BatchSummary(
            input=str(self.options.input), output=str(self.options.output),
            rejects=str(self.files["rejects"]) if self.counts.rejected else None,
            rows=self.counts.rows, screened=self.counts.screened, rejected=self.counts.rejected,
            decisions=dict(sorted(self.counts.decisions.items())), matcher=self.screener.matcher.name,
            threshold=self.screener.threshold, lists=self.screener.lists, engine="local",
            workers=self.options.workers, resumed_at_row=self.resumed_at,
            seconds=round(time.monotonic() - started, 3), notices=self.notices,
            unavailable=self.screener.unavailable_reason if self.screener.index is None else None,
            cpu_seconds=round(time.process_time() - cpu_started + (self.cpu if self.options.workers > 1 else 0.0), 3),
        )

    def _loop(self, out: BinaryIO, rejects: BinaryIO, progress: ProgressFn | None) -> None:
        chunks = self.reader.chunks(self.options.chunk_rows, self.position)
        workers = max(1, self.options.workers)
        # one index file (written once, never per chunk), mapped by every worker (with one worker: here)
        try:
            image = None
            if self.screener.index is not None:
                image = str(self.files["index"])
                index_file.place_index(self.screener, image)  # a hard link to the cached file: no copy
            setup = index_file.worker_setup(self.screener)
            if workers == 1:
                _start_worker(image, setup, self.reader.layout, self.out_format, in_process=True)
                if progress:
                    progress(self.counts.rows, self.position.offset, self.reader.total)
                for chunk in chunks:
                    self._commit(chunk, work(chunk.rows), out, rejects, progress)
                return
            # one pool of one process per worker: each chunk is split between them by route_key
            per_part = max(1, self.options.chunk_rows // workers)
            pools = []
            try:
                for _ in range(workers):
                    pools.append(index_file.helper_context().Pool(1, initializer=_start_worker, initargs=(
                        image, setup, self.reader.layout, self.out_format, False, WORKER_CACHE_LIMIT),
                        maxtasksperchild=max(1, WORKER_ROWS // per_part) if WORKER_ROWS else None))
                index_file.release_pages(self.screener)  # this process does not screen: the workers map the file
                self._dispatch(pools, chunks, out, rejects, progress)
            finally:
                for pool in pools:
                    pool.terminate()
                for pool in pools:
                    pool.join()
        finally:
            _JOB.clear()
            self.files["index"].unlink(missing_ok=True)

    def _dispatch(self, pools: list[Any], chunks: Any, out: BinaryIO, rejects: BinaryIO,
                  progress: ProgressFn | None) -> None:
        if progress:
            progress(self.counts.rows, self.position.offset, self.reader.total)
        workers = len(pools)
        layout = self.reader.layout
        pending: deque[tuple[Chunk, list[Any]]] = deque()

        def commit_oldest() -> None:
            done, results = pending.popleft()
            self._commit(done, merge_parts(self.out_format, [r.get() for r in results]), out, rejects, progress)

        for chunk in chunks:
            parts = split_chunk(layout, chunk.rows, workers)
            pending.append((chunk, [pools[i].apply_async(work_part, (part,)) for i, part in enumerate(parts)
                                    if part]))
            while len(pending) >= 2 * workers:
                commit_oldest()
        while pending:
            commit_oldest()
        for pool in pools:
            pool.close()

    def _commit(self, chunk: Chunk, result: Result, out: BinaryIO, rejects: BinaryIO,
                progress: ProgressFn | None) -> None:
        data, rejected_data, rejected, decisions, cpu = result[:5]
        self.cpu += cpu
        out.write(data)
        rejects.write(rejected_data)
        out.flush()
        rejects.flush()
        os.fsync(out.fileno())
        os.fsync(rejects.fileno())
        counts = self.counts
        counts.rows += len(chunk.rows)
        counts.rejected += rejected
        counts.screened += len(chunk.rows) - rejected
        counts.decisions.update(decisions)
        self.position = Position(chunk.index + 1, chunk.end, chunk.next_line)
        _write_json_atomic(self.files["checkpoint"], {
            "input": self.input_fp,
            "settings": self.settings,
            "chunk": self.position.chunk,
            "offset": self.position.offset,
            "line": self.position.line,
            "output_bytes": out.tell(),
            "rejects_bytes": rejects.tell(),
            "counts": {"rows": counts.rows, "screened": counts.screened, "rejected": counts.rejected,
                       "decisions": dict(counts.decisions)},
        })
        if progress:
            progress(counts.rows, chunk.end, self.reader.total)

    def _finish(self) -> None:
        files = self.files
        metadata = {k: v for k, v in self.settings.items() if k in ("matcher", "threshold", "lists", "unavailable",
                                                                     "stackclear")}
        complete = outputs.finish(self.out_format, files["partial"], files["final_temp"], metadata)
        if self.counts.rejected:
            os.replace(files["rejects_partial"], files["rejects"])
        else:
            files["rejects_partial"].unlink(missing_ok=True)
            files["rejects"].unlink(missing_ok=True)  # an earlier run's rejects would describe other rows
        os.replace(complete, self.options.output)
        files["partial"].unlink(missing_ok=True)
        files["checkpoint"].unlink(missing_ok=True)
        _fsync_dir(self.options.output.parent)


def prepare(options: BatchOptions) -> tuple[Reader, str]:
    """Check the input and the output path before anything is screened (BatchInputError: exit 2)."""
    out_format = format_of(options.output, "output")
    if "parquet" in (out_format, format_of(options.input)):
        from stackclear.extras import require

        require("pyarrow", "batch", "Parquet input or output")
    reader = open_input(options.input, options.columns)
    if options.output.resolve() == options.input.resolve():
        raise BatchInputError(f"{options.output}: the output would replace the input; choose another path")
    if not options.output.parent.is_dir():
        raise BatchInputError(f"{options.output}: the folder {options.output.parent} does not exist")
    if options.chunk_rows < 1:
        raise BatchInputError(f"chunk size {options.chunk_rows}: expected at least 1 row")
    return reader, out_format


def run_batch(screener: Screener, options: BatchOptions, progress: ProgressFn | None = None,
              prepared: tuple[Reader, str] | None = None) -> BatchSummary:
    """Screen ``options.input`` into ``options.output`` (see the module docstring)."""
    reader, out_format = prepared or prepare(options)
    return _Run(screener, options, reader, out_format).run(progress)
