"""`stackclear audit ...`: verify the hash chain, export it, verify an export without the database."""

from __future__ import annotations

from pathlib import Path

import typer

from stackclear.cli.common import parse_date
from stackclear.cli.records_common import JSON_OPTION, open_db, print_json

audit_app = typer.Typer(help="The append-only, hash-chained audit log.", no_args_is_help=True)


def _report(verdict: dict[str, object], as_json: bool, what: str) -> None:
    if as_json:
        print_json(verdict)
    elif verdict["ok"]:
        typer.echo(f"{what}: {verdict['records']:,} records, chain intact")
    else:
        typer.echo(f"{what}: BROKEN at record {verdict['first_bad']}: {verdict['problem']}", err=True)
    if not verdict["ok"]:
        raise typer.Exit(1)


@audit_app.command("verify")
def verify(as_json: bool = JSON_OPTION) -> None:
    """Check every record's hash and link; name the first edited, deleted, inserted or moved one (exit 1)."""
    from stackclear.records import audit

    db = open_db()
    verdict = audit.verify(db).to_dict()
    _report(verdict, as_json, db.display_url)


@audit_app.command("export")
def export(
    out: Path = typer.Option(..., "--out", help="JSONL file to write; OUT.manifest.json is written beside it."),
    start: str | None = typer.Option(None, "--from", help="First day (UTC, YYYY-MM-DD) of records to export."),
    end: str | None = typer.Option(None, "--to", help="Last day (UTC, YYYY-MM-DD) of records to export."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Export records as JSONL plus a manifest (sha256, count, first/last hash) for `audit verify-export`."""
    day_from = parse_date(start, "--from") if start else None
    day_to = parse_date(end, "--to") if end else None
    from stackclear.records import audit

    manifest = audit.export(open_db(), out, start=day_from, end=day_to)
    if as_json:
        print_json(manifest)
    else:
        typer.echo(f"wrote {manifest['records']:,} records to {out} and {out}.manifest.json")


@audit_app.command("verify-export")
def verify_export(
    file: Path = typer.Argument(..., help="An `audit export` JSONL file (its manifest beside it)."),
    manifest: Path | None = typer.Option(None, "--manifest", help="The manifest, if not FILE.manifest.json."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Check an export on any machine, without the database: manifest sha256 and count, every link."""
    from stackclear.records import audit

    verdict = audit.verify_export(file, manifest).to_dict()
    _report(verdict, as_json, str(file))


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
