"""``stackclear evaluate``, ``stackclear diff`` and ``stackclear schema``: packages in, determinations out.

Contract (DESIGN.md): exit 0 for any verdict; non-zero only for invalid input, with the error on stderr;
``--json`` writes the determination to standard output. Each command parses, makes the core calls
(load → screen+determine, via stackclear.report.run) and renders.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from stackclear.cli.common import console
from stackclear.errors import StackclearError

if TYPE_CHECKING:
    from stackclear.model.io import LoadedPackage
    from stackclear.report.diff import PackageDiff

FORMATS = ("text", "json", "markdown", "html")
PACKAGE_SUFFIXES = (".yaml", ".yml", ".json")


def schema_json() -> str:
    from stackclear.model.io import package_schema

    return json.dumps(package_schema(), indent=2, ensure_ascii=False) + "\n"


def _date(raw: str | None, option: str) -> dt.date | None:
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise typer.BadParameter(f"expected a date YYYY-MM-DD, got {raw!r}", param_hint=option) from None


def _policy(pairs: list[str]) -> dict[str, object]:
    from stackclear.report.run import parse_policy

    try:
        return parse_policy(pairs)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--policy") from None


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    out.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {out}", err=True)


def _text(renderable: Any, out: Path | None) -> None:
    from stackclear.report import terminal as term

    if out is None:
        term.print_to(console, renderable)
        return
    recorder = Console(record=True, width=130, file=io.StringIO(), color_system=None)
    term.print_to(recorder, renderable)
    _emit(recorder.export_text(), out)


def evaluate_cmd(
    package: str = typer.Argument(..., help="Package file (.yaml/.json), a CycloneDX BOM, or '-' for stdin."),
    as_of: str | None = typer.Option(None, "--as-of", help="Rules date YYYY-MM-DD (default: package date; today)."),
    as_json: bool = typer.Option(False, "--json", help="Write the determination as JSON (same as --format json)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text | json | markdown | html."),
    policy: list[str] = typer.Option([], "--policy", help="Policy switch NAME=VALUE, e.g. diffusion.enforced=true."),
    lists: list[str] = typer.Option([], "--list", help="Restricted-party list file to use as given (repeatable)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the report to FILE instead of stdout."),
    destination: str | None = typer.Option(None, "--destination", help="Ship-to ISO-2 country (BOM input)."),
    name: str | None = typer.Option(None, "--name", help="Package name (BOM input)."),
    end_user: str | None = typer.Option(None, "--end-user", help="End user name (BOM input)."),
    end_user_country: str | None = typer.Option(None, "--end-user-country", help="End user's ISO-2 country."),
    end_user_hq: str | None = typer.Option(None, "--end-user-hq", help="End user's headquarters ISO-2 country."),
    end_use: list[str] = typer.Option([], "--end-use", help="End use (repeatable), e.g. datacenter."),
    trace: bool = typer.Option(False, "--trace", help="Also show context lines that decide nothing (e.g. country "
                               "groups the destination is not in)."),
    record: bool = typer.Option(False, "--record", help="Store the determination in the records database."),
    license_number: str | None = typer.Option(None, "--license", help="With --record: draw against license N."),
    actor: str | None = typer.Option(None, "--actor", help="With --record: who records it (default: OS user)."),
) -> None:
    """Determine, line by line, what a package needs to ship on a date, with the regulation cited.

    Example: stackclear evaluate examples/packages/gulf_sovereign_cloud_sa.yaml --as-of 2025-06-01
    """
    chosen = "json" if as_json else fmt.lower()
    if as_json and fmt.lower() not in {"text", "json"}:
        raise typer.BadParameter("--json cannot be combined with --format " + fmt, param_hint="--json")
    if chosen not in FORMATS:
        raise typer.BadParameter(f"expected one of {', '.join(FORMATS)}, got {fmt!r}", param_hint="--format")
    from stackclear.model.io import bom_overrides, load_package
    from stackclear.report import build_view, render
    from stackclear.report import terminal as term
    from stackclear.report.run import evaluate

    day = _date(as_of, "--as-of")
    switches = _policy(policy)
    overrides = bom_overrides(destination, name, end_user, end_user_country, end_user_hq, end_use)
    loaded = load_package(package, overrides=overrides or None)
    if license_number and not record:
        raise typer.BadParameter("--license needs --record", param_hint="--license")
    result = evaluate(loaded, day, lists=lists or None, policy=switches)
    if record:  # records layer (issue 11): store it, draw on the license; the id goes with the output
        from stackclear.cli.records_common import record_evaluation

        result["record"] = record_evaluation(result, loaded, license_number, actor)
    if chosen == "json":
        _emit(json.dumps(result, ensure_ascii=False, sort_keys=True, indent=2, default=str) + "\n", out)
    else:
        view = build_view(result, loaded.package, notes=loaded.notes, trace=trace)
        if chosen == "text":
            _text(term.report(view), out)
        else:
            _emit(render(view, chosen), out)
    if record:
        from stackclear.cli.records_common import report_recorded

        report_recorded(result["record"], to_stderr=chosen == "json" and out is None)


def _package_files(folder: Path) -> list[Path]:
    """Packages in a folder tree; bare CycloneDX BOMs (*.cdx.json) are skipped (they need a wrapper)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in PACKAGE_SUFFIXES
                  and not p.name.endswith(".cdx.json"))


def _diff_one(loaded: LoadedPackage, start: dt.date, end: dt.date, run: Callable[..., Any]) -> PackageDiff:
    from stackclear.report.diff import compare_determinations

    return compare_determinations(run(loaded, start), run(loaded, end), source=loaded.source)


def diff_cmd(
    path: str = typer.Argument(..., help="A package file, or a folder of packages (portfolio summary)."),
    start: str = typer.Option(..., "--from", help="First date YYYY-MM-DD."),
    end: str = typer.Option(..., "--to", help="Second date YYYY-MM-DD."),
    as_json: bool = typer.Option(False, "--json", help="Write the comparison as JSON."),
    policy: list[str] = typer.Option([], "--policy", help="Policy switch NAME=VALUE (both dates)."),
    lists: list[str] = typer.Option([], "--list", help="Restricted-party list file to use as given (repeatable)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the output to FILE instead of stdout."),
) -> None:
    """What changes between two dates and which rule change caused it; for a folder, how many line items flip.

    Example: stackclear diff examples/packages --from 2023-11-16 --to 2023-11-17
    """
    from stackclear.model.io import load_package
    from stackclear.report import terminal as term
    from stackclear.report.diff import portfolio
    from stackclear.report.run import ScreenerCache, determination

    day_a, day_b = _date(start, "--from"), _date(end, "--to")
    assert day_a is not None and day_b is not None
    switches = _policy(policy)
    cache = ScreenerCache()

    def run(loaded: LoadedPackage, day: dt.date) -> Any:
        return determination(loaded, day, lists=lists or None, policy=switches, screeners=cache)

    target = Path(path)
    if path != "-" and target.is_dir():
        diffs: list[PackageDiff] = []
        errors: list[dict[str, str]] = []
        for file in _package_files(target):
            try:
                diffs.append(_diff_one(load_package(file), day_a, day_b, run))
            except StackclearError as exc:  # one bad package is reported; the portfolio goes on
                errors.append({"source": str(file), "error": str(exc)})
        summary = portfolio(diffs, day_a.isoformat(), day_b.isoformat(), errors)
        if as_json:
            _emit(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n", out)
        else:
            _text(term.portfolio(summary), out)
        if errors:
            raise typer.Exit(2)
        return
    result = _diff_one(load_package(path), day_a, day_b, run)
    if as_json:
        _emit(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n", out)
    else:
        _text(term.package_diff(result), out)


def register(app: typer.Typer) -> None:
    """Add evaluate, diff and schema to the main app."""
    app.command("evaluate")(evaluate_cmd)
    app.command("diff")(diff_cmd)
    schema_app = typer.Typer(help="Print the published JSON Schemas of stackclear's input formats.",
                             no_args_is_help=True)

    @schema_app.command("package")
    def schema_package() -> None:
        """The JSON Schema of export packages (committed as docs/package.schema.json)."""
        typer.echo(schema_json(), nl=False)

    app.add_typer(schema_app, name="schema")
