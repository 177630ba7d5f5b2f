"""`stackclear batch screen INPUT --out OUTPUT`: screen a whole file of parties (CSV, JSONL, Parquet).

    stackclear batch screen parties.csv --out results.parquet --workers 2
    stackclear batch screen parties.csv --out results.parquet --resume      # after an interruption
    stackclear batch screen parties.jsonl --out results.csv --engine spark

Exit codes: 0 done; 1 done but some rows were rejected (OUTPUT.rejects.jsonl); 2 unusable input or options;
3 internal error (the partial output is kept: --resume continues it); 130 interrupted (likewise).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import typer

from stackclear.cli.common import _debug, err_console, esc, fail
from stackclear.errors import StackclearError
from stackclear.settings import ENV_HOME

ENGINES = ("local", "spark")


def _rate_column() -> Any:
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Rows screened and rows per second (the bar itself follows the input's bytes, for an honest ETA)."""

        def render(self, task: Task) -> Text:
            rows = int(task.fields.get("rows", 0))
            start = float(task.fields.get("since", 0.0)) or time.monotonic()
            done = rows - int(task.fields.get("first", 0))
            elapsed = max(time.monotonic() - start, 1e-9)
            rate = done / elapsed if done else 0.0
            return Text(f"{rows:,} rows · {rate:,.0f} rows/s", style="progress.data.speed")

    return RateColumn()


class _ProgressBar:
    """The progress display on stderr, started on the first update (after the worker processes are forked,
    so that its refresh thread is not running when they are)."""

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.started = False
        self.display = Progress(
            TextColumn("[bold]screening"), BarColumn(), TaskProgressColumn(), _rate_column(), TimeElapsedColumn(),
            TextColumn("ETA"), TimeRemainingColumn(), console=err_console, transient=False,
        )
        self.task = self.display.add_task("screening", total=None, start=False, rows=0, since=0.0, first=0)

    def update(self, rows: int, position: int, total: int) -> None:
        fields: dict[str, Any] = {"rows": rows}
        if not self.started:  # the clock starts with the first chunk, not the index build
            self.started = True
            self.display.start()
            self.display.start_task(self.task)
            fields.update(since=time.monotonic(), first=rows)
        self.display.update(self.task, completed=position, total=total or None, **fields)

    def stop(self) -> None:
        if self.started:
            self.display.stop()


def register(app: typer.Typer) -> None:
    """Add ``batch screen``."""
    batch = typer.Typer(help="Screen whole files of parties (CSV, JSONL, Parquet) on all cores or on Spark.",
                        no_args_is_help=True)
    app.add_typer(batch, name="batch")

    @batch.command("screen")
    def screen(
        input: Path = typer.Argument(..., help="Parties: .csv (UTF-8, header row), .jsonl or .parquet."),
        out: Path = typer.Option(..., "--out", "-o", help="Results: .csv, .jsonl or .parquet (id, name, decision, "
                                 "hits), written only when complete; rejects beside it in OUT.rejects.jsonl."),
        engine: str = typer.Option("local", "--engine", help="local (worker processes) or spark (a SparkSession, "
                                   "local mode unless spark.master is configured)."),
        workers: int | None = typer.Option(None, "--workers", "-w", min=1,
                                           help="Worker processes (Spark: local[N]); default: every core."),
        resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run from its last completed "
                                    "chunk (same bytes as an uninterrupted run). Local engine only."),
        name_col: str = typer.Option("name", "--name-col", help="Column (or JSON key) of the party name."),
        id_col: str = typer.Option("id", "--id-col", help="Column of the caller's id (absent or empty: 'line N')."),
        country_col: str = typer.Option("country", "--country-col", help="Column of the ISO alpha-2 country."),
        schema_col: str = typer.Option("schema", "--schema-col", help="Column of the schema (Person, Company...)."),
        lists: list[Path] = typer.Option(None, "--list", "-l", help="List file or OFAC folder (repeatable); "
                                         "default: the stored current lists (stale or none → every row review)."),
        threshold: float | None = typer.Option(None, "--threshold", min=0.0, max=1.0, help="Hit threshold."),
        matcher: str | None = typer.Option(None, "--matcher", help="Matcher version (default: the default "
                                           "matcher, recorded in the summary and Parquet metadata)."),
        chunk_rows: int = typer.Option(2_000, "--chunk-rows", min=1, help="Rows per chunk (unit of work and "
                                       "of --resume)."),
        home: Path | None = typer.Option(None, "--home", envvar=ENV_HOME, help="stackclear data directory."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
        as_json: bool = typer.Option(False, "--json", help="Print the run summary as JSON on stdout."),
    ) -> None:
        """Screen every row of INPUT into OUT: one row per input row, in input order."""
        from stackclear.batch import BatchOptions, Columns, screener_for
        from stackclear.batch.runner import prepare, run_batch

        if engine not in ENGINES:
            raise fail(f"--engine {engine!r}: expected one of {', '.join(ENGINES)}")
        if resume and engine == "spark":
            raise fail("--resume is not supported with --engine spark: a Spark run keeps no checkpoint (Spark "
                       "retries failed tasks itself; an interrupted run leaves nothing to continue). Run it again "
                       "without --resume, or use --engine local for a resumable run.")
        options = BatchOptions(input, out, Columns(name_col, id_col, country_col, schema_col),
                               workers or os.cpu_count() or 1, resume, chunk_rows)
        bar = None if quiet else _ProgressBar()
        update = bar.update if bar else None
        try:
            prepared = prepare(options)
            screener = screener_for(lists or [], home, matcher, threshold)
            if screener.index is None:
                err_console.print(f"[bold yellow]warning:[/] {esc(screener.unavailable_reason)}; every row is "
                                  "'review'", highlight=False)
            if engine == "spark":
                from stackclear.spark import run_spark_batch

                summary = run_spark_batch(screener, options, update, prepared)
            else:
                summary = run_batch(screener, options, update, prepared)
        except KeyboardInterrupt:
            again = "run it again" if engine == "spark" else "run again with --resume to continue"
            raise fail(f"interrupted; {out} was not written ({again})", 130) from None
        except StackclearError as exc:
            raise fail(str(exc)) from None
        except typer.Exit:
            raise
        except Exception as exc:  # an internal error: the message, not a traceback (unless --debug)
            if _debug():  # stackclear --debug batch screen ...
                raise
            again = "" if engine == "spark" else "--resume continues from the last completed chunk; "
            raise fail(f"internal error: {type(exc).__name__}: {exc}; {out} was not written "
                       f"({again}--debug shows the traceback)", 3) from None
        finally:
            if bar is not None:
                bar.stop()
        for notice in summary.notices:
            err_console.print(f"note: {esc(notice)}", highlight=False)
        decisions = ", ".join(f"{v:,} {k}" for k, v in summary.decisions.items()) or "none"
        err_console.print(esc(
            f"{summary.rows:,} rows → {out}: {decisions}; {summary.rejected:,} rejected"
            + (f" (see {summary.rejects})" if summary.rejects else "")
            + f" · matcher {summary.matcher} · {summary.seconds:.1f} s"), highlight=False)
        if as_json:
            typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
        if summary.rejected:
            raise typer.Exit(1)
