"""`stackclear lists ...`: download, import and inspect the stored restricted-party list snapshots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from stackclear.cli.common import console, err_console, esc, fail, parse_date
from stackclear.cli.records_common import record_list_snapshot
from stackclear.errors import StackclearError
from stackclear.settings import ENV_HOME

if TYPE_CHECKING:
    from stackclear.screening.store import ListStore, Snapshot

lists_app = typer.Typer(help="Restricted-party lists: update from the official sources, import files, status.",
                        no_args_is_help=True)  # fmt: skip

HOME_OPTION = typer.Option(
    None, "--home", envvar=ENV_HOME, help="stackclear data directory (default ~/.local/share/stackclear)."
)


def _store(home: Path | None) -> ListStore:
    from stackclear.screening.store import ListStore

    return ListStore(home)


def _summary(snap: Snapshot) -> str:
    rows = ", ".join(f"{code} {n:,}" for code, n in snap.counts.items())
    as_of = snap.as_of.isoformat() if snap.as_of else "unknown"
    return esc(f"snapshot {snap.id} · as of {as_of} · {rows}")


@lists_app.command("update")
def update(
    source: list[str] = typer.Option(None, "--source", "-s", help="Only this source (repeatable); see show-sources."),
    home: Path | None = HOME_OPTION,
) -> None:
    """Download the official lists, validate them in full, and make them the current snapshot."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TransferSpeedColumn

    store = _store(home)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        console=err_console, transient=False,
    ) as bar:  # fmt: skip  (progress on stderr: stdout stays for results)
        tasks: dict[str, TaskID] = {}

        def progress(name: str, done: int, total: int | None) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], completed=done, total=total)

        try:
            snap = store.update(sources=source or None, progress=progress)
        except StackclearError as exc:
            raise fail(f"{exc} (the current snapshot is unchanged)") from None
    console.print(f"updated: {_summary(snap)}", highlight=False)
    record_list_snapshot(snap, store.home)


@lists_app.command("import")
def import_(
    paths: list[Path] = typer.Argument(..., help="List files (CSL CSV/JSON, OFAC sdn.csv/XML) or OFAC folders."),
    as_of: str | None = typer.Option(None, "--as-of", help="Date the data is as of (YYYY-MM-DD), if not in it."),
    home: Path | None = HOME_OPTION,
) -> None:
    """Import list files as a new snapshot (validated in full before it becomes current)."""
    date = parse_date(as_of) if as_of else None
    store = _store(home)
    try:
        snap = store.import_paths(paths, as_of=date)
    except StackclearError as exc:
        raise fail(f"{exc} (the current snapshot is unchanged)") from None
    console.print(f"imported: {_summary(snap)}", highlight=False)
    record_list_snapshot(snap, store.home)
    for file in snap.files:
        for note in file.notes:
            console.print(f"  [yellow]note:[/] {esc(note)}", highlight=False)


@lists_app.command("status")
def status(
    as_json: bool = typer.Option(False, "--json", help="Print the status as JSON."),
    home: Path | None = HOME_OPTION,
) -> None:
    """Show the current snapshot, its files, rows per list, as-of date, age and staleness.

    Exits 1 when no list is stored or the current one is stale, so scripts can use it as a gate.
    """
    store = _store(home)
    info = store.status()
    snap = store.current()
    older = [s for s in store.snapshots() if snap is None or s.id != snap.id]
    if as_json:
        console.print_json(json.dumps(info))
        raise typer.Exit(0 if info["fresh"] else 1)
    if snap is None:
        console.print(f"[bold red]no lists[/] in {esc(store.dir)}: {esc(info['reason'])}", highlight=False)
        raise typer.Exit(1)
    origin = "downloaded" if snap.origin == "update" else "imported"
    table = Table(title=esc(f"current snapshot {snap.id} ({origin}) · {store.dir}"), header_style="bold")
    for column in ("file", "format", "sha256", "rows per list", "as of"):
        table.add_column(column)
    for file in snap.files:
        rows = ", ".join(f"{code} {n:,}" for code, n in file.counts.items())
        table.add_row(esc(file.name), file.format, file.sha256[:12] + "…", esc(rows),
                      file.as_of.isoformat() if file.as_of else "—")  # fmt: skip
    console.print(table)
    age = info["age_days"]
    stale = "[bold green]fresh[/]" if info["fresh"] else "[bold red]STALE[/]"
    console.print(f"{stale} · age {age} day(s), limit {info['max_age_days']} · {esc(info['reason'])}", highlight=False)
    if older:
        console.print(esc(f"older snapshots kept: {', '.join(s.id for s in older)}"), style="dim", highlight=False)
    if not info["fresh"]:
        raise typer.Exit(1)


@lists_app.command("show-sources")
def show_sources() -> None:
    """Show where `lists update` downloads from (sources.yaml or $STACKCLEAR_LIST_SOURCES)."""
    from stackclear.screening.fetch import load_sources

    config = load_sources()
    table = Table(title=esc(f"list sources · {config.path}"), header_style="bold")
    for column in ("source", "file", "url", "sha256", "description"):
        table.add_column(column)
    for spec in config.sources.values():
        for i, remote in enumerate(spec.files):
            table.add_row(esc(spec.name) if i == 0 else "", esc(remote.name), esc(remote.url),
                          (remote.sha256 or "—")[:12], esc(spec.description) if i == 0 else "")  # fmt: skip
    console.print(table)
    s = config.settings
    console.print(f"timeout {s.timeout_seconds:g}s · retries {s.retries} · backoff {s.backoff_seconds:g}s",
                  style="dim", highlight=False)  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add `stackclear lists ...` to the main app."""
    app.add_typer(lists_app, name="lists")
