"""Helpers shared by the records commands (db, users, keys, audit, parties, cases, rescreen, licenses).

Errors go through the CLI's one wrapper (``GuardedGroup``): a records error prints its message and exits 2,
a conflict (``ConflictError``: someone else changed the record first) exits 1, anything else 3.

The records package (SQLAlchemy, Alembic) is imported only when such a command runs, so the rest of the
CLI starts fast and works without the ``db`` extra; without it these commands say which extra to install.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

import typer

from stackclear.errors import StackclearError

if TYPE_CHECKING:
    from stackclear.records import Database

ACTOR_OPTION = typer.Option(None, "--actor", help="Who does this, for the audit record (default: the OS user).")
JSON_OPTION = typer.Option(False, "--json", help="Print the result as JSON.")


def actor_or_default(actor: str | None) -> str:
    from stackclear.records.audit import default_actor

    return actor.strip() if actor and actor.strip() else default_actor()


def open_db(*, create: bool = True) -> Database:
    """The configured records database (STACKCLEAR_DATABASE_URL), created on first use."""
    from stackclear.records import Database

    db = Database()
    if create:
        db.ensure_schema()
    return db


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def record_evaluation(result: dict[str, Any], loaded: Any, license_number: str | None,
                      actor: str | None) -> dict[str, Any]:  # fmt: skip
    """``evaluate --record [--license N]``: store the determination, draw on the license (or refuse)."""
    from stackclear.records.licenses import record_determination

    values = {str(item.id): item.value_usd for item in loaded.package.items}
    return record_determination(open_db(), result, actor=actor_or_default(actor), license_number=license_number,
                                values=values)  # fmt: skip


def report_recorded(recorded: dict[str, Any], *, to_stderr: bool) -> None:
    """Print the record id (stdout, or stderr when stdout carries JSON); exit 1 when a license draw was refused."""
    typer.echo(f"recorded determination {recorded['id']} (audit record {recorded['audit_record']})", err=to_stderr)
    lic = recorded.get("license")
    if lic and "refused" in lic:
        typer.echo(f"license {lic['number']} refused: {lic['refused']}", err=True)
        raise typer.Exit(1)
    if lic:
        drawn = lic["drawn"]
        typer.echo(f"drew {drawn['quantity']} units, ${drawn['value']:,.2f} on license {lic['number']}", err=to_stderr)


def record_list_snapshot(snap: Any, home: Any) -> None:
    """After `lists import|update`: the new snapshot goes into the audit chain of the database of that data
    directory (``home``, i.e. ``--home``), or STACKCLEAR_DATABASE_URL when set. A failure here does not undo
    the (already current) snapshot; it is reported, and the next `rescreen` records the snapshot late.
    When parties are stored, the snapshot is also prepared for their re-screening (entry hashes and the
    screening index cached), so the `rescreen` that follows only reads them."""
    from stackclear.cli.common import err_console
    from stackclear.settings import ENV_DATABASE_URL

    try:
        from sqlalchemy import select

        from stackclear.records import Database
        from stackclear.records.audit import default_actor
        from stackclear.records.lists import record_snapshot
        from stackclear.records.models import Party

        url = os.environ.get(ENV_DATABASE_URL, "").strip() or f"sqlite:///{home}/stackclear.db"
        db = Database(url)
        db.ensure_schema()
        record_snapshot(db, snap, actor=os.environ.get("STACKCLEAR_ACTOR") or default_actor())
        with db.read() as session:
            stored = session.execute(select(Party.id).limit(1)).first() is not None
        db.dispose()
    except StackclearError as exc:
        err_console.print(f"[yellow]note:[/] snapshot {snap.id} not recorded in the audit chain ({exc}); "
                          "the next `stackclear rescreen` records it", highlight=False)  # fmt: skip
        return
    if stored:
        from stackclear.records.rescreen import prepare_snapshot
        from stackclear.screening.store import ListStore

        try:
            prepare_snapshot(ListStore(home), snap)
        except (StackclearError, OSError) as exc:
            err_console.print(f"[yellow]note:[/] snapshot {snap.id} not prepared for `stackclear rescreen` "
                              f"({exc}); the re-screen prepares it", highlight=False)  # fmt: skip
