"""``stackclear matrix`` and ``stackclear readiness``: full-stack packages across destinations and for the
American AI Exports Program (EO 14320).

Contracts (DESIGN.md): ``matrix --json`` → ``{"as_of", "rows": [{"destination", "verdict", "items": [{"id",
"verdict", "license_exception"?, "review_policy"?}]}]}`` (plus extras), exit 0 for any verdict;
``readiness --json`` → ``{"ready", "layers", "blockers", "todo"}``, exit 0 when ready, 1 when not. Bad input
exits 2 with the error on stderr and nothing on stdout.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer
from rich.text import Text

from stackclear.cli.determine import FORMATS, _date, _emit, _policy, _text


def _format(as_json: bool, fmt: str) -> str:
    chosen = "json" if as_json else fmt.lower()
    if as_json and fmt.lower() not in {"text", "json"}:
        raise typer.BadParameter("--json cannot be combined with --format " + fmt, param_hint="--json")
    if chosen not in FORMATS:
        raise typer.BadParameter(f"expected one of {', '.join(FORMATS)}, got {fmt!r}", param_hint="--format")
    return chosen


def matrix_cmd(
    package: str = typer.Argument(..., help="Package file (.yaml/.json) or '-' for stdin."),
    dest: str = typer.Option(..., "--dest", help="Comma-separated ISO codes, groups (A:5, D:5), blocs (EU, GCC, "
                             "ASEAN, NATO, FIVE_EYES, G7, AUKUS) or 'all'."),
    as_of: str | None = typer.Option(None, "--as-of", help="Rules date YYYY-MM-DD (default: package date; today)."),
    since: str | None = typer.Option(None, "--since", help="Also list the dates after DATE on which each cell "
                                     "changed (from the rules' dated values)."),
    as_json: bool = typer.Option(False, "--json", help="Write the matrix as JSON (same as --format json)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text | json | markdown | html (a colour grid; hover "
                            "a cell for its reason)."),
    policy: list[str] = typer.Option([], "--policy", help="Policy switch NAME=VALUE, e.g. diffusion.enforced=true."),
    lists: list[str] = typer.Option([], "--list", help="Restricted-party list file to use as given (repeatable)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the output to FILE instead of stdout."),
) -> None:
    """Where can this exact stack go on a date, and under what: one row per destination, one cell per line.

    Groups and blocs expand as of the date (the UAE is in A:5 from 2026-07-10).

    Parties are screened once and each line classified once, whatever the number of destinations.

    Example: stackclear matrix examples/packages/gulf_sovereign_ai_gcc_program.yaml --dest GCC,A:5 --since 2026-01-01
    """
    from stackclear.model.io import load_package
    from stackclear.report.matrix import matrix_table, render_matrix
    from stackclear.report.run import matrix
    from stackclear.stack.destinations import DestinationError, split_tokens

    chosen = _format(as_json, fmt)
    day_opt = _date(as_of, "--as-of")
    since_day = _date(since, "--since")
    switches = _policy(policy)
    tokens = split_tokens(dest)
    if not tokens:
        raise typer.BadParameter("expected at least one destination", param_hint="--dest")
    loaded = load_package(package)
    day = day_opt or loaded.package.date or dt.date.today()
    if since_day is not None and since_day >= day:
        raise typer.BadParameter(f"{since_day} is not before the matrix date {day}", param_hint="--since")
    try:
        result = matrix(loaded, tokens, day, since=since_day, lists=lists or None, policy=switches)
    except DestinationError as exc:
        raise typer.BadParameter(str(exc), param_hint="--dest") from None
    if chosen == "json":
        _emit(json.dumps(result, ensure_ascii=False, sort_keys=True, indent=2) + "\n", out)
    elif chosen == "text":
        _text(matrix_table(result), out)
    else:
        _emit(render_matrix(result, chosen), out)


def readiness_cmd(
    package: str = typer.Argument(..., help="Package file (.yaml/.json) or '-' for stdin."),
    as_of: str | None = typer.Option(None, "--as-of", help="Rules date YYYY-MM-DD (default: package date; today)."),
    as_json: bool = typer.Option(False, "--json", help="Write the result as JSON."),
    with_matrix: bool = typer.Option(False, "--with-matrix", help="With --json: include the matrix over the targets."),
    policy: list[str] = typer.Option([], "--policy", help="Policy switch NAME=VALUE, e.g. diffusion.enforced=true."),
    lists: list[str] = typer.Option([], "--list", help="Restricted-party list file to use as given (repeatable)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the output to FILE instead of stdout."),
) -> None:
    """Is the package ready to propose to the American AI Exports Program (EO 14320)? Exit 0 ready, 1 not.

    Checks: the five parts A-E; the US-content statement; the builder/owner/operator roles; the targets.

    Then every party's screening, every line's ECCN and the matrix over the targets (no PROHIBITED or HOLD).

    Then the security part's measures against what the rules condition on for the targets.

    Each finding is a blocker or a to-do, with its citation.

    Example: stackclear readiness examples/packages/asean_ai_stack_draft_incomplete.yaml
    """
    from stackclear.model.io import load_package
    from stackclear.report.run import readiness

    day_opt = _date(as_of, "--as-of")
    switches = _policy(policy)
    loaded = load_package(package)
    data = readiness(loaded, day_opt, lists=lists or None, policy=switches, with_matrix=with_matrix)
    if as_json:
        _emit(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n", out)
    else:
        _text(_readiness_text(data), out)
    if not data["ready"]:
        raise typer.Exit(1)


def _readiness_text(data: dict[str, object]) -> Text:
    text = Text()
    ready = bool(data["ready"])
    text.append(f"{data['name']} — as of {data['as_of']}: ", style="bold")
    text.append("READY" if ready else "NOT READY", style="bold green" if ready else "bold red")
    text.append("\n\nparts\n", style="bold")
    layers = data["layers"]
    assert isinstance(layers, dict)
    for layer, ids in layers.items():
        text.append(f"  {layer}  ", style="bold")
        text.append(", ".join(ids) if ids else "(none)", style="" if ids else "red")
        text.append("\n")
    targets = data.get("targets") or []
    assert isinstance(targets, list)
    text.append(f"\ntargets  {', '.join(targets) if targets else '(none)'}\n")
    for title, key, style in (("BLOCKERS", "blockers", "bold red"), ("TO DO", "todo", "bold yellow")):
        findings = data[key]
        assert isinstance(findings, list)
        text.append(f"\n{title} ({len(findings)})\n", style=style)
        for f in findings:
            text.append(f"  {f['code']}", style="bold")
            text.append(f"  {f['message']}")
            if f.get("citation"):
                text.append(f"  — {f['citation']}", style="dim")
            text.append("\n")
    caveats = data.get("caveats") or []
    assert isinstance(caveats, list)
    if caveats:
        text.append("\nCAVEATS\n", style="bold")
        for line in caveats:
            text.append(f"  {line}\n", style="dim")
    return text


def register(app: typer.Typer) -> None:
    """Add matrix and readiness to the main app."""
    app.command("matrix")(matrix_cmd)
    app.command("readiness")(readiness_cmd)
