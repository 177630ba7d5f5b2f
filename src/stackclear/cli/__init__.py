"""The ``stackclear`` command line: one module per noun, each command = parse → one core call → render."""

from __future__ import annotations

import importlib

import typer

from stackclear.cli import catalog, classify, determine, lists, rules, screen, serve

app = typer.Typer(
    name="stackclear",
    help="Clear full-stack AI exports under the US EAR: classify items, screen parties, determine licenses.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (classify, rules, catalog, lists, screen, determine, serve):
    module.register(app)
# the records layer (issue 11): one module per noun
for noun in ("db", "users", "audit", "parties", "cases", "rescreen", "licenses"):
    importlib.import_module(f"stackclear.cli.{noun}").register(app)


def main() -> None:
    app()
