"""`stackclear rules show ...`: the rule values in force on a date, with their citations."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from stackclear.cli.common import console, esc, fail, parse_date

rules_app = typer.Typer(help="Inspect the rule set: dated values and their legal citations.", no_args_is_help=True)


@rules_app.command("show")
def show_command(
    name: str = typer.Argument(..., help="A control entry or namespace, e.g. 3A090, eccn.4E091, policy.diffusion."),
    as_of: str = typer.Option(None, "--as-of", help="Date YYYY-MM-DD (default: today)."),
    history: bool = typer.Option(False, "--history", help="Show every dated value, not only the one in force."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
) -> None:
    """Print the values in force on a date (or their whole history) with citations."""
    from stackclear.rules.loader import default_rules

    day = parse_date(as_of)
    rules = default_rules()
    candidates = [name, f"eccn.{name}"]
    prefix = next((c for c in candidates if rules.namespace(c)), None)
    if prefix is None:
        known = ", ".join(ns.removeprefix("eccn.") for ns in rules.namespaces())
        raise fail(f"no rules under {name!r}; known: {known}")
    found = rules.namespace(prefix)
    if as_json:
        for rule in found:
            for value in rule.values:
                if history or value.in_force(day):
                    print(json.dumps(value.to_dict(), ensure_ascii=False, default=str))
        return
    console.print(f"[bold]{esc(rules.titles.get(prefix, prefix))}[/]", highlight=False)
    console.print(f"as of {day} · rule set {esc(rules.version)}", highlight=False)
    table = Table(header_style="bold")
    for column in ("rule", "value", "in force", "citation"):
        table.add_column(column)
    for rule in found:
        for value in rule.values:
            if not (history or value.in_force(day)):
                continue
            span = f"{value.effective} → {value.expires or ''}" + (
                f" (compliance from {value.compliance})" if value.compliance else "")
            written = value.written
            shown = repr(written) if not isinstance(written, list) else ", ".join(map(str, written))
            flag = "" if value.verified else " [yellow](unverified)[/]"
            table.add_row(esc(rule.rule_id.removeprefix(prefix + ".")), esc(shown) + flag, span, esc(value.citation))
    console.print(table)
    dormant = [r.rule_id.removeprefix(prefix + ".") for r in found if r.at(day) is None]
    if dormant and not history:
        console.print(f"[dim]not in force on {day}: {esc(', '.join(dormant))} (see --history)[/]", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(rules_app, name="rules")
