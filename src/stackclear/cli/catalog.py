"""`stackclear catalog ...`: the chips and systems stackclear knows, with their classification on a date."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from stackclear.cli.common import console, esc, parse_date

if TYPE_CHECKING:
    from stackclear.catalog import CatalogItemResult

catalog_app = typer.Typer(help="Browse the chip and system catalog (datasheet figures with sources).",
                          no_args_is_help=True)


def _eccn_cell(item: CatalogItemResult) -> str:
    result = item.result
    if result is None:
        return "[yellow]? die area needed[/]" if item.error and "die_area" in item.error else "[yellow]?[/]"
    text = esc(result.eccn if result.paragraph is None or result.paragraph == result.eccn[-1:]
               else f"{result.eccn} ({result.paragraph})")
    if result.nac_eligible:
        text += " NAC"
    return f"[red]{text}[/]" if result.controlled else f"[green]{text}[/]"


@catalog_app.command("list")
def list_command(
    as_of: str | None = typer.Option(None, "--as-of", help="Classify as of this date (YYYY-MM-DD; default today)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per entry (JSON lines)."),
) -> None:
    """List every catalog entry with TPP, performance density and its ECCN on the date."""
    from stackclear.catalog import classify_catalog

    day = parse_date(as_of)
    items = classify_catalog(day)
    if as_json:
        for item in items:
            typer.echo(json.dumps(item.to_dict(), ensure_ascii=False))
        return
    table = Table(title=f"stackclear catalog · ECCN as of {day.isoformat()}", header_style="bold")
    for column, justify in (("name", "left"), ("vendor", "left"), ("kind", "left"), ("year", "right"),
                            ("TPP", "right"), ("PD", "right"), ("datacenter", "left"), ("ECCN", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for item in items:
        entry, result = item.entry, item.result
        tpp = "" if result is None or result.tpp is None else f"{result.tpp:,.0f}"
        pd = "" if result is None or result.performance_density is None else f"{result.performance_density:.2f}"
        table.add_row(esc(entry.name), esc(entry.vendor), esc(entry.kind), str(entry.release_year or ""), tpp, pd,
                      esc(entry.datacenter_label), _eccn_cell(item))
    console.print(table)
    unsettled = [i for i in items if i.result is None]
    if unsettled:
        console.print(f"[yellow]{len(unsettled)} entr{'y' if len(unsettled) == 1 else 'ies'} cannot be settled "
                      "from public figures:[/] " + esc("; ".join(f"{i.entry.name}: {i.error}" for i in unsettled)),
                      highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add ``stackclear catalog ...`` to the main app."""
    app.add_typer(catalog_app, name="catalog")
