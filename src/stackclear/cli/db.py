"""`stackclear db ...`: create or migrate the records database, back it up, show its state."""

from __future__ import annotations

from pathlib import Path

import typer

from stackclear.cli.records_common import (
    ACTOR_OPTION,
    JSON_OPTION,
    actor_or_default,
    open_db,
    print_json,
)

db_app = typer.Typer(help="The records database (STACKCLEAR_DATABASE_URL; default SQLite in the data directory).",
                     no_args_is_help=True)  # fmt: skip


@db_app.command("upgrade")
def upgrade(as_json: bool = JSON_OPTION) -> None:
    """Create the database or migrate it to the newest schema (Alembic); safe to run again."""
    db = open_db(create=False)
    before, after = db.upgrade()
    result = {"database": db.display_url, "from": before, "to": after}
    if as_json:
        print_json(result)
    elif before == after:
        typer.echo(f"{result['database']}: already at schema revision {after}")
    else:
        typer.echo(f"{result['database']}: schema {before or 'empty'} -> {after}")


@db_app.command("backup")
def backup(
    path: Path = typer.Argument(..., help="Where to write the copy (SQLite: a database file; PostgreSQL: pg_dump "
                                          "custom format, restore with pg_restore)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """A consistent copy of the database while other processes keep writing (SQLite backup API / pg_dump)."""
    db = open_db()
    out = db.backup(path)
    result = {"database": db.display_url, "backup": str(out), "bytes": out.stat().st_size}
    if as_json:
        print_json(result)
    else:
        typer.echo(f"backed up {result['database']} to {out} ({result['bytes']:,} bytes)")


@db_app.command("status")
def status(as_json: bool = JSON_OPTION) -> None:
    """Schema revision, record counts and the retention period."""
    from stackclear.records import head_revision
    from stackclear.records.retention import retention_years

    db = open_db(create=False)
    current = db.current_revision()
    result: dict[str, object] = {"database": db.display_url, "revision": current, "head": head_revision(),
                                 "retention_years": retention_years()}  # fmt: skip
    if current is not None:
        result["counts"] = db.counts()
    if as_json:
        print_json(result)
        return
    for key, value in result.items():
        typer.echo(f"{key}: {value}")


@db_app.command("prune")
def prune(
    dry_run: bool = typer.Option(False, "--dry-run", help="Report what would be deleted; change nothing."),
    actor: str | None = ACTOR_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete audit records older than the retention period (STACKCLEAR_RETENTION_YEARS, default 5) that
    nothing still needs; an `audit.prune` checkpoint record keeps the rest of the chain verifiable."""
    from stackclear.records.retention import prune as prune_records

    report = prune_records(open_db(), actor=actor_or_default(actor), dry_run=dry_run).to_dict()
    if as_json:
        print_json(report)
        return
    verb = "would delete" if dry_run else "deleted"
    typer.echo(f"{verb} {report['pruned']:,} of {report['records']:,} audit records made before "
               f"{report['keep_from']} (retention {report['retention_years']} years)"
               + (f", records 1..{report['through_seq']}" if report["through_seq"] else ""))
    if report["stopped_because"]:
        typer.echo(f"kept record {report['stopped_at']} and all after it: {report['stopped_because']}")
    if report["checkpoint"]:
        typer.echo(f"checkpoint: audit record {report['checkpoint']}")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
