"""Helpers shared by CLI modules: dates, reading FILE or '-', printing errors without tracebacks."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import typer
from rich.console import Console

console = Console(soft_wrap=True)  # messages are not hard-wrapped (paths stay greppable); tables still fit
err_console = Console(stderr=True, soft_wrap=True)


def parse_date(raw: str | None, option: str = "--as-of") -> dt.date:
    """Parse YYYY-MM-DD (default: today); a bad value is a usage error naming the option."""
    if raw is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise typer.BadParameter(f"expected a date YYYY-MM-DD, got {raw!r}", param_hint=option) from None


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` on stderr and return an Exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
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
