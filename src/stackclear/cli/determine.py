"""Placeholder while being built."""

from __future__ import annotations

import json

import typer

from stackclear.model.io import package_schema


def schema_json() -> str:
    return json.dumps(package_schema(), indent=2, ensure_ascii=False) + "\n"


def register(app: typer.Typer) -> None:
    schema_app = typer.Typer(help="Print the published JSON Schemas of stackclear's input formats.",
                             no_args_is_help=True)

    @schema_app.command("package")
    def schema_package() -> None:
        """The JSON Schema of export packages (docs/package.schema.json)."""
        typer.echo(schema_json(), nl=False)

    app.add_typer(schema_app, name="schema")
