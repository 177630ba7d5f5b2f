"""The ``stackclear`` command line: one module per noun, each command = parse → one core call → render."""

from __future__ import annotations

import typer

from stackclear.cli import catalog, classify, determine, lists, rules, screen, stack

app = typer.Typer(
    name="stackclear",
    help="Clear full-stack AI exports under the US EAR: classify items, screen parties, determine licenses.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (classify, rules, catalog, lists, screen, determine, stack):
    module.register(app)


def main() -> None:
    app()
