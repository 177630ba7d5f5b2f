"""`stackclear parties ...`: the parties a company screens continuously (kept in the records database)."""

from __future__ import annotations

import typer

from stackclear.cli.records_common import (
    ACTOR_OPTION,
    JSON_OPTION,
    actor_or_default,
    open_db,
    print_json,
)

parties_app = typer.Typer(help="Stored parties, re-screened after every list change (`stackclear rescreen`).",
                          no_args_is_help=True)  # fmt: skip


@parties_app.command("import")
def import_(
    file: str = typer.Argument(..., help="CSV with a header (id,name[,schema,country,address]) or JSONL; '-' = stdin."),
    actor: str | None = ACTOR_OPTION,
    as_json: bool = typer.Option(True, "--json/--text", help="Print the result as JSON (default)."),
) -> None:
    """Store or update parties by `id` (idempotent); bad rows are rejected with line and reason (exit 1).

    Prints {"imported", "updated", "rejected": [{"line", "error"}]}; the good rows are written together,
    in one transaction with their audit record.
    """
    from stackclear.records import parties

    result = parties.import_file(open_db(), file, actor=actor_or_default(actor))
    if as_json:
        print_json(result.to_dict())
    else:
        typer.echo(f"imported {result.imported}, updated {result.updated}, unchanged {result.unchanged}, "
                   f"rejected {len(result.rejected)}")  # fmt: skip
        for reject in result.rejected:
            typer.echo(f"  line {reject['line']}: {reject['error']}", err=True)
    if result.rejected:
        raise typer.Exit(1)


@parties_app.command("list")
def list_(
    limit: int | None = typer.Option(None, "--limit", help="At most this many."), as_json: bool = JSON_OPTION
) -> None:
    """List stored parties."""
    from stackclear.records import parties

    rows = parties.list_parties(open_db(), limit=limit)
    if as_json:
        print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['id']}\t{row['name']}\t{row['country'] or ''}")


def register(app: typer.Typer) -> None:
    app.add_typer(parties_app, name="parties")
