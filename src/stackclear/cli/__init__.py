"""The ``stackclear`` command line: one module per noun, each command = parse → one core call → render.

Shared by every command (``stackclear.cli.common``): one error wrapper (:class:`GuardedGroup`: a
StackclearError prints its message and exits 2, anything unexpected exits 3 without a traceback unless
``--debug``), one JSONL runner, Rich markup escaped in every printed user or list string, logs and progress on
standard error. Command modules import the core inside their commands, so ``stackclear --version`` and a
first ``screen`` start fast.
"""

from __future__ import annotations

import importlib

import typer

from stackclear import __version__
from stackclear.cli import batch, catalog, classify, determine, lists, rules, screen, stack
from stackclear.cli.common import GuardedGroup, configure

__all__ = ["app", "main"]

app = typer.Typer(
    name="stackclear",
    help="Clear full-stack AI exports under the US EAR: classify items, screen parties, determine licenses.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=GuardedGroup,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stackclear {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True,
                                help="Log what stackclear does on stderr (-v: steps, -vv: details)."),
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of an internal error (exit 3)."),
) -> None:
    """Clear full-stack AI exports under the US EAR: classify items, screen parties, determine licenses."""
    configure(verbose=verbose, debug=debug)


for module in (classify, rules, catalog, lists, screen, determine, batch, stack):
    module.register(app)
# the records layer (issue 11): one module per noun
for noun in ("db", "users", "audit", "parties", "cases", "rescreen", "licenses"):
    importlib.import_module(f"stackclear.cli.{noun}").register(app)


def main() -> None:
    app()
