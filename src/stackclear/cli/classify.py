"""`stackclear classify ...`: what is this chip, system or file of chips under the EAR on a date?"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from stackclear.cli.common import console, esc, fail, parse_date, run_jsonl
from stackclear.errors import StackclearError

if TYPE_CHECKING:
    from stackclear.classify import Classification

classify_app = typer.Typer(help="Classify chips and systems under ECCN 3A090 / 4A090 (with time travel).",
                           no_args_is_help=True)

PRECISIONS = ("fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8", "int4", "fp4")


def render(result: Classification, title: str) -> None:
    """Print a readable verdict with its reasoning and citations."""
    verdict = result.eccn if result.paragraph is None else f"{result.eccn} (paragraph {result.paragraph})"
    style = "bold red" if result.controlled else "bold green"
    console.print(f"[bold]{esc(title)}[/]  as of {result.as_of} · rules {esc(result.rule_set)}", highlight=False)
    console.print(f"  → [{style}]{esc(verdict)}[/]", highlight=False)
    facts = []
    if result.tpp is not None:
        facts.append(f"TPP {result.tpp:,.0f}")
    if result.performance_density is not None:
        facts.append(f"PD {result.performance_density:.2f}")
    if result.kind in {"chip", "computer"} and result.controlled:
        facts.append("NAC/ACA eligible" if result.nac_eligible else "not NAC/ACA eligible")
    if facts:
        console.print("  " + esc(" · ".join(facts)), highlight=False)
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    table.add_column("why")
    table.add_column("citation", style="dim")
    for reason in result.reasons:
        table.add_row(esc(reason.text), esc(reason.citation))
    console.print(table)
    for caveat in result.all_caveats():
        console.print(f"  [yellow]caveat:[/] {esc(caveat)}", highlight=False)


@classify_app.command("chip")
def chip_command(
    name: str = typer.Argument(None, help="Catalog name (forgiving: 'h100 sxm'); omit with inline specs."),
    as_of: str = typer.Option(None, "--as-of", help="Date YYYY-MM-DD (default: today)."),
    fp64: float = typer.Option(None, help="Dense FP64 TFLOPS."),
    fp32: float = typer.Option(None, help="Dense FP32 TFLOPS."),
    tf32: float = typer.Option(None, help="Dense TF32 TFLOPS."),
    fp16: float = typer.Option(None, help="Dense FP16 TFLOPS."),
    bf16: float = typer.Option(None, help="Dense BF16 TFLOPS."),
    fp8: float = typer.Option(None, help="Dense FP8 TFLOPS."),
    int8: float = typer.Option(None, help="Dense INT8 TOPS."),
    int4: float = typer.Option(None, help="Dense INT4 TOPS."),
    fp4: float = typer.Option(None, help="Dense FP4 TFLOPS."),
    die_area: float = typer.Option(None, "--die-area", help="Applicable die area, mm² (FinFET logic dies)."),
    datacenter: bool = typer.Option(
        None, "--datacenter/--not-datacenter",
        help="Designed or marketed for datacenters? (inline specs; default: datacenter)."),
    ambiguous: bool = typer.Option(
        False, "--ambiguous-datacenter", help="Datacenter status unclear: treated as datacenter, with a caveat."),
    interconnect: float = typer.Option(None, "--interconnect", help="Chip-to-chip I/O bandwidth, GB/s."),
    memory_bandwidth: float = typer.Option(None, "--memory-bandwidth", help="Memory bandwidth, GB/s."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON result instead of the report."),
) -> None:
    """Classify one chip (or catalog system) and explain why.

    Examples: `stackclear classify chip "H100 SXM" --as-of 2023-06-01`;
    `stackclear classify chip --fp16 989.4 --die-area 814 --datacenter`;
    `stackclear classify chip --fp16 330.3 --die-area 609 --not-datacenter`.
    """
    from stackclear.catalog import classify_catalog_item, lookup
    from stackclear.classify import chip_spec_from_dict, classify_chip

    day = parse_date(as_of)
    values = dict(zip(PRECISIONS, (fp64, fp32, tf32, fp16, bf16, fp8, int8, int4, fp4), strict=True))
    tops = {k: v for k, v in values.items() if v is not None}
    if tops:
        spec = chip_spec_from_dict({
            "id": name or "inline", "tops": tops, "die_area_mm2": die_area,
            "datacenter": "ambiguous" if ambiguous else datacenter,
            "interconnect_gbs": interconnect, "memory_bandwidth_gbs": memory_bandwidth,
        })
        result, title = classify_chip(spec, day), name or "inline chip"
    elif name:
        entry = lookup(name)
        result, title = classify_catalog_item(entry, day), entry.name
    else:
        raise fail("give a catalog NAME or inline specs such as --fp16 989.4 --die-area 814")
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        render(result, title)


def classify_line(data: object, day: dt.date) -> Classification:
    """One JSONL line of the `classify chips` contract (a chip; also `kind: hbm` or `catalog: NAME`)."""
    from stackclear.catalog import classify_catalog_item, lookup
    from stackclear.classify import chip_spec_from_dict, classify_chip, classify_hbm

    if not isinstance(data, dict):
        raise StackclearError(f"expected a JSON object, got {type(data).__name__}")
    ident = str(data.get("id", ""))
    if data.get("kind") == "hbm":
        bw, area = data.get("memory_bandwidth_gbs"), data.get("package_area_mm2")
        if not isinstance(bw, int | float) or not isinstance(area, int | float):
            raise StackclearError("kind hbm needs numeric memory_bandwidth_gbs and package_area_mm2")
        return classify_hbm(ident, float(bw), float(area), day)
    if "catalog" in data and "tops" not in data and "units" not in data:
        result = classify_catalog_item(lookup(str(data["catalog"])), day)
        result.id = ident or result.id
        return result
    return classify_chip(chip_spec_from_dict(data), day)


@classify_app.command("chips")
def chips_command(
    file: str = typer.Argument(..., help="JSONL file of chip specs, or - for standard input."),
    as_of: str = typer.Option(None, "--as-of", help="Date YYYY-MM-DD (default: today)."),
) -> None:
    """Classify a JSONL file of chips (DESIGN.md contract): one result line per input line, in order.

    A bad line yields {"id", "error"} on that line; the rest still run and the exit code is 1.
    """
    day = parse_date(as_of)

    def ident(data: Any, _number: int) -> object:
        return data.get("id") if isinstance(data, dict) else None

    if run_jsonl(file, lambda data, _number: classify_line(data, day).to_dict(), ident):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    from stackclear.cli.plot import plot_command  # always listed; without matplotlib it names the [plot] extra

    classify_app.command("plot")(plot_command)
    app.add_typer(classify_app, name="classify")


__all__ = ["Path", "register"]
