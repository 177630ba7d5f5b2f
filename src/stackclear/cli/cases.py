"""`stackclear cases ...`: possible matches of stored parties and the reviewers' decisions."""

from __future__ import annotations

import typer

from stackclear.cli.records_common import (
    ACTOR_OPTION,
    JSON_OPTION,
    actor_or_default,
    open_db,
    print_json,
)

cases_app = typer.Typer(help="Screening cases opened by `rescreen`; decide true_match / false_positive / escalate.",
                        no_args_is_help=True)  # fmt: skip


@cases_app.command("list")
def list_(
    status: str = typer.Option("open", "--status", help="open | closed | all."),
    party: str | None = typer.Option(None, "--party", help="Only this party id."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List cases: id, party, listed entry and its version hash, list, score, status, decision."""
    from stackclear.records import cases

    rows = cases.list_cases(open_db(), status, party_id=party)
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo(f"no {status if status != 'all' else ''} cases".replace("  ", " "))
    for row in rows:
        decision = row["decision"] or "—"
        typer.echo(f"{row['id']}\t{row['status']}\t{decision}\t{row['score']:.2f}\t{row['party_id']} "
                   f"{row['party_name']!r} ~ {row['entry_id']} {row['entry_name']!r} ({row['list']})")


@cases_app.command("show")
def show(case_id: int = typer.Argument(..., help="Case id."), as_json: bool = JSON_OPTION) -> None:
    """One case with its explanation, decision and history."""
    from stackclear.records import cases

    db = open_db()
    case = cases.get_case(db, case_id)
    case["history"] = [{"seq": r["seq"], "kind": r["kind"], "at": r["at"], "actor": r["actor"]}
                       for r in cases.history(db, case_id)]  # fmt: skip
    if as_json:
        print_json(case)
        return
    for key in ("id", "status", "decision", "reason", "decided_by", "decided_at", "party_id", "party_name",
                "entry_id", "entry_name", "list", "entry_hash", "score", "note", "version"):  # fmt: skip
        if case.get(key) is not None:
            typer.echo(f"{key}: {case[key]}")
    for item in case["history"]:
        typer.echo(f"  audit {item['seq']} {item['at']} {item['kind']} by {item['actor']}")


@cases_app.command("decide")
def decide(
    case_id: int = typer.Argument(..., help="Case id."),
    decision: str = typer.Option(..., "--decision", help="true_match | false_positive | escalate."),
    reason: str = typer.Option(..., "--reason", help="Why (mandatory): what was checked."),
    expect_version: int | None = typer.Option(None, "--expect-version",
                                              help="The case version you reviewed (conflict if it changed)."),
    actor: str | None = ACTOR_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Decide a case. A false_positive holds for this version of the entry only. Exit 1 on a conflict."""
    from stackclear.records import cases

    case = cases.decide(open_db(), case_id, decision, reason, actor=actor_or_default(actor),
                        expected_version=expect_version)  # fmt: skip
    if as_json:
        print_json(case)
    else:
        typer.echo(f"case {case_id}: {case['decision']} ({case['status']}), audit record {case['audit_record']}")


def register(app: typer.Typer) -> None:
    app.add_typer(cases_app, name="cases")
