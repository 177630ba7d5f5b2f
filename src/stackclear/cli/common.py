"""Helpers shared by CLI modules: the error wrapper, the JSONL runner, escaping, dates, reading FILE or '-'.

Every string that comes from the user or from list/package data is printed through :func:`esc` (or as
plain text): Rich would otherwise read "[a.k.a.]" as markup and drop it, and crash on "[/x]".
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from stackclear.errors import StackclearError


def _passing() -> tuple[type[BaseException], ...]:
    """Exceptions the wrapper lets through: explicit exits and usage errors (click's own handling)."""
    usage = getattr(typer, "TyperException", None)  # typer >= 0.20 carries its own click
    if usage is None:  # pragma: no cover - older typer over click
        import click

        usage = click.ClickException
    return (typer.Exit, typer.Abort, usage)


_PASSING = _passing()

__all__ = ["GuardedGroup", "configure", "console", "err_console", "esc", "fail", "parse_date", "read_lines",
           "run_jsonl"]  # fmt: skip

console = Console(soft_wrap=True)  # messages are not hard-wrapped (paths stay greppable); tables still fit
err_console = Console(stderr=True, soft_wrap=True)
DEBUG_ENV = "STACKCLEAR_DEBUG"
_state: dict[str, bool] = {"debug": False}
_handler: list[logging.Handler] = []


def esc(value: object) -> str:
    """``value`` as text that Rich prints literally (user and list data never read as markup)."""
    return escape(str(value))


def configure(verbose: int = 0, debug: bool = False) -> None:
    """Logging of the ``stackclear`` loggers on standard error (WARNING; -v INFO; -vv DEBUG) and --debug."""
    _state["debug"] = debug
    if debug:  # code that runs outside the wrapper reads the environment variable
        os.environ[DEBUG_ENV] = "1"
    root = logging.getLogger("stackclear")
    for old in _handler:
        root.removeHandler(old)
    _handler.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("stackclear: %(levelname)s: %(message)s"))
    root.addHandler(handler)
    _handler.append(handler)
    root.setLevel(logging.DEBUG if verbose >= 2 else logging.INFO if verbose == 1 else logging.WARNING)


def _debug() -> bool:
    return _state["debug"] or os.environ.get(DEBUG_ENV, "") not in ("", "0")


class GuardedGroup(TyperGroup):
    """The one error wrapper of every command: a StackclearError (bad input, corrupt data) → its message on
    stderr, exit 2 (or the error's own ``exit_code``: a records conflict exits 1); an unexpected exception →
    exit 3 without a traceback (``--debug`` or STACKCLEAR_DEBUG=1
    shows it). Usage errors and explicit exits pass through unchanged."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _PASSING:
            raise
        except StackclearError as exc:  # a conflict with another writer exits 1 (ConflictError.exit_code)
            raise fail(f"{exc.cli_prefix}{exc}", code=exc.exit_code) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # output piped into `head`: not an error of ours
                raise
            if _debug():
                raise
            raise fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)) from None
        except Exception as exc:
            if _debug():
                raise
            raise fail(f"internal error ({type(exc).__name__}: {exc}); please report it "
                       "(run with --debug for the traceback)", code=3) from None


def parse_date(raw: str | None, option: str = "--as-of") -> dt.date:
    """Parse YYYY-MM-DD (default: today); a bad value is a usage error naming the option."""
    if raw is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise typer.BadParameter(f"expected a date YYYY-MM-DD, got {raw!r}", param_hint=option) from None


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` (escaped) on stderr and return an Exit to raise."""
    err_console.print(f"[bold red]error:[/] {esc(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def read_lines(path: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) from FILE or standard input ('-'), skipping blank lines."""
    if path == "-":
        stream = sys.stdin
        for number, line in enumerate(stream, start=1):
            if line.strip():
                yield number, line
        return
    file = Path(path)
    if not file.is_file():
        raise fail(f"{path}: no such file")
    with file.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, line


def emit_json(obj: object) -> None:
    """One JSON line on standard output (non-ASCII kept)."""
    typer.echo(json.dumps(obj, ensure_ascii=False))


def run_jsonl(
    path: str,
    run: Callable[[Any, int], dict[str, Any]],
    id_of: Callable[[Any, int], object],
) -> int:
    """The JSONL runner of every bulk command: each non-blank line of ``path`` ('-' = stdin) is parsed and
    ``run(record, line number)``; the result is printed as one JSON line, in input order. A line that is not
    JSON or whose record is invalid (StackclearError) prints ``{"id": id_of(record, line), "error": "line N:
    ..."}`` and the rest go on. Returns how many lines failed (the command then exits 1)."""
    failed = 0
    for number, line in read_lines(path):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            out: dict[str, Any] = {"id": id_of(None, number),
                                   "error": f"line {number}: invalid JSON: {exc.msg} (column {exc.colno})"}
        else:
            try:
                out = run(record, number)
            except StackclearError as exc:
                out = {"id": id_of(record, number), "error": f"line {number}: {exc}"}
        if "error" in out:
            failed += 1
        emit_json(out)
    return failed
