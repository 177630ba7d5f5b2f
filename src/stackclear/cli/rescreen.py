"""`stackclear rescreen`: screen the stored parties against what the current list snapshot changed."""

from __future__ import annotations

import typer

from stackclear.cli.records_common import (
    ACTOR_OPTION,
    JSON_OPTION,
    actor_or_default,
    open_db,
    print_json,
)


def rescreen_cmd(
    full: bool = typer.Option(False, "--full", help="Screen every party against every entry (after a matcher change)."),
    actor: str | None = ACTOR_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Re-screen stored parties: only entries added/changed since the last run (and new or edited parties),
    unless --full; opens cases for new hits, reopens false positives whose entry changed, closes cases whose
    entry left the lists. Exit 1 when the list snapshot is stale (the run is still recorded)."""
    from stackclear.records.rescreen import rescreen

    result = rescreen(open_db(), actor=actor_or_default(actor), full=full)
    out = result.to_dict()
    if as_json:
        print_json(out)
    else:
        e = out["entries"]
        typer.echo(f"snapshot {out['snapshot']} ({'full' if out['full'] else 'delta'}): entries +{e['added']} "
                   f"~{e['changed']} -{e['removed']}; screened {out['screened']} parties; opened "
                   f"{len(out['opened'])}, reopened {len(out['reopened'])}, closed {len(out['closed'])} cases")
    if result.stale:
        typer.echo(f"warning: {result.stale}", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("rescreen")(rescreen_cmd)
