"""`stackclear users ...` and `stackclear keys ...`: who may use the API and console, and their keys."""

from __future__ import annotations

import typer

from stackclear.cli.records_common import (
    ACTOR_OPTION,
    JSON_OPTION,
    actor_or_default,
    open_db,
    print_json,
)

users_app = typer.Typer(help="Users and their roles (viewer < screener < reviewer < admin).", no_args_is_help=True)
keys_app = typer.Typer(help="API keys: shown once at creation, stored hashed.", no_args_is_help=True)


@users_app.command("add")
def add(
    name: str = typer.Argument(..., help="User name (unique)."),
    role: str = typer.Option(..., "--role", help="viewer | screener | reviewer | admin."),
    password: bool = typer.Option(False, "--password", help="Ask for a console password (stored as scrypt)."),
    actor: str | None = ACTOR_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a user."""
    secret = typer.prompt("password", hide_input=True, confirmation_prompt=True) if password else None
    from stackclear.records import users

    info = users.create_user(open_db(), name, role, actor=actor_or_default(actor), password=secret)
    if as_json:
        print_json({"id": info.id, "name": info.name, "role": info.role})
    else:
        typer.echo(f"added user {info.name} ({info.role})")


@users_app.command("list")
def list_(as_json: bool = JSON_OPTION) -> None:
    """List users."""
    from stackclear.records import users

    found = users.list_users(open_db())
    rows = [{"id": u.id, "name": u.name, "role": u.role, "password": u.has_password,
             "created_at": u.created_at.isoformat()} for u in found]  # fmt: skip
    if as_json:
        print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['name']}\t{row['role']}\t{row['created_at']}")


@keys_app.command("create")
def create(
    user: str = typer.Argument(..., help="The user the key acts as."),
    label: str = typer.Option("", "--label", help="What the key is for."),
    actor: str | None = ACTOR_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Create an API key and print it once (only its hash is stored)."""
    from stackclear.records import users

    key_id, key = users.create_key(open_db(), user, label=label, actor=actor_or_default(actor))
    if as_json:
        print_json({"id": key_id, "key": key})
    else:
        typer.echo(f"key id {key_id} for {user} (shown once; store it now):")
        typer.echo(key)


@keys_app.command("revoke")
def revoke(
    key_id: str = typer.Argument(..., help="The key's id (from `keys create` or `keys list`)."),
    actor: str | None = ACTOR_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Revoke an API key; requests with it get 401 from then on."""
    from stackclear.records import users

    info = users.revoke_key(open_db(), key_id, actor=actor_or_default(actor))
    if as_json:
        print_json({"id": info.id, "user": info.user, "revoked_at": str(info.revoked_at)})
    else:
        typer.echo(f"revoked key {info.id} of {info.user}")


@keys_app.command("list")
def list_keys(user: str | None = typer.Option(None, "--user", help="Only this user's keys."),
              as_json: bool = JSON_OPTION) -> None:
    """List API keys (id, user, label, prefix, created, revoked)."""
    from stackclear.records import users

    found = users.list_keys(open_db(), user)
    rows = [{"id": k.id, "user": k.user, "label": k.label, "prefix": k.prefix, "created_at": k.created_at.isoformat(),
             "revoked_at": k.revoked_at.isoformat() if k.revoked_at else None} for k in found]  # fmt: skip
    if as_json:
        print_json(rows)
        return
    for row in rows:
        state = f"revoked {row['revoked_at']}" if row["revoked_at"] else "active"
        typer.echo(f"{row['id']}\t{row['user']}\t{row['prefix']}…\t{row['label']}\t{state}")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="keys")
