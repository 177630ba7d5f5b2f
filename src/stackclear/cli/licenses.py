"""`stackclear licenses ...`: export licenses to draw shipments against (`evaluate --record --license N`)."""

from __future__ import annotations

import typer

from stackclear.cli.records_common import (
    ACTOR_OPTION,
    JSON_OPTION,
    actor_or_default,
    open_db,
    print_json,
)

licenses_app = typer.Typer(help="Export licenses: ECCNs, destinations, parties, quantity/value limits, expiry.",
                           no_args_is_help=True)  # fmt: skip


@licenses_app.command("add")
def add(
    file: str = typer.Argument(..., help="YAML or JSON: one license, a list, or {licenses: [...]}."),
    actor: str | None = ACTOR_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Add licenses (number, eccns, destinations, parties?, quantity?, value_usd?, expires, issued?, holder?)."""
    from stackclear.records import licenses

    added = licenses.add_file(open_db(), file, actor=actor_or_default(actor))
    if as_json:
        print_json(added)
    else:
        for item in added:
            typer.echo(f"added license {item['number']} (expires {item['expires']})")


@licenses_app.command("list")
def list_(as_json: bool = JSON_OPTION) -> None:
    """Licenses with what is used and what remains."""
    from stackclear.records import licenses

    rows = licenses.list_licenses(open_db())
    if as_json:
        print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['number']}\t{','.join(row['eccns'])}\t{','.join(row['destinations'])}\t"
                   f"qty {row['quantity_used']}/{row['quantity_limit'] or '∞'}\t"
                   f"value {row['value_used']:,.0f}/{row['value_limit'] or '∞'}\texpires {row['expires']}")


def register(app: typer.Typer) -> None:
    app.add_typer(licenses_app, name="licenses")
