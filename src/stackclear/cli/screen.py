"""`stackclear screen ...` and `stackclear match ...`: restricted-party screening and name matching.

    stackclear screen "Huawei Technologies Co., Ltd." --country CN --list consolidated.csv
    stackclear screen parties.jsonl --list consolidated.csv --list sdn.csv > results.jsonl
    stackclear match pairs.jsonl
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from stackclear.cli.common import console, emit_json, esc, run_jsonl
from stackclear.settings import ENV_HOME

if TYPE_CHECKING:
    from stackclear.screening.screen import Screener, ScreenResult

DEFAULT_MATCHER = "stackclear-v2"  # = stackclear.screening.matchers.DEFAULT_MATCHER (not imported: fast --help)


def _is_file_argument(target: str) -> bool:
    return target == "-" or target.endswith(".jsonl") or Path(target).is_file()


def build_screener(lists: list[Path], home: Path | None, matcher: str, threshold: float | None) -> Screener:
    """Explicit ``--list`` files as given; otherwise the stored current lists (index from the disk cache),
    failing closed when stale (:func:`stackclear.screening.select.select_screener`)."""
    from stackclear.screening.select import select_screener
    from stackclear.screening.store import ListStore

    return select_screener(lists, store=ListStore(home), matcher=matcher, threshold=threshold)


def _explain(hit_explanation: dict[str, Any]) -> str:
    parts = []
    tokens = hit_explanation.get("tokens") or []
    if tokens:
        parts.append(", ".join(
            t["query"] if t["query"] == t["list"] else f"{t['query']}≈{t['list']} {t['similarity']:.2f}" for t in tokens
        ))
    for key, label in (("unmatched_query", "query only"), ("unmatched_list", "list only")):
        if hit_explanation.get(key):
            parts.append(f"{label}: {' '.join(hit_explanation[key])}")
    if hit_explanation.get("legal_form") in ("same", "conflict"):
        parts.append(f"legal form {hit_explanation['legal_form']}")
    if hit_explanation.get("weak_alias"):
        parts.append("weak alias")
    for key, value in (hit_explanation.get("evidence") or {}).items():
        parts.append(f"{key} {value:+.2f}")
    if hit_explanation.get("form") in ("script", "compact"):
        parts.append(f"{hit_explanation['form']} form")
    if hit_explanation.get("view") not in (None, "name_literal"):
        parts.append(str(hit_explanation["view"]).replace("_", " "))
    for key, feature in (hit_explanation.get("features") or {}).items():
        if isinstance(feature, dict) and feature.get("contribution", 0) < 0:
            parts.append(f"{key.replace('_', ' ')} {feature['contribution']:+.2f}")
    return "; ".join(parts)


def render(result: ScreenResult, name: str) -> None:
    """A readable table of the hits with their explanation and list consequences."""
    from rich.table import Table

    colour = {"hit": "bold red", "review": "bold yellow", "clear": "bold green"}[result.decision]
    console.print(f"[{colour}]{result.decision.upper()}[/] {esc(repr(name))} · matcher {esc(result.matcher)} · "
                  f"threshold {result.threshold:.2f}", highlight=False)
    for reason in result.reasons:
        console.print(f"  {esc(reason)}", highlight=False)
    for listed in result.lists:
        as_of = listed["as_of"] or "unknown"
        console.print(f"  list {esc(listed['path'])} · as of {esc(as_of)} · sha256 {str(listed['sha256'])[:12]}…",
                      highlight=False, style="dim")
    if not result.hits:
        return
    table = Table(show_lines=False)
    for column in ("score", "lists", "listed name", "matched name", "why", "license policy"):
        table.add_column(column, overflow="fold")
    for hit in result.hits:  # one row per listed entity, every list naming it
        lists = "\n".join(hit.sources) if len(hit.sources) > 1 else hit.source_code
        if hit.programs:
            lists += "\n" + ", ".join(hit.programs)
        policy = "\n".join(x for x in (hit.license_policy, hit.remarks) if x)
        table.add_row(f"{hit.score:.2f}", esc(lists), esc(hit.name), esc(hit.matched_name),
                      esc(_explain(hit.explanation)), esc(policy))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``screen`` and ``match``."""

    @app.command("screen")
    def screen(
        target: str = typer.Argument(..., help="A party name, or a JSONL file of queries ('-' = stdin)."),
        lists: list[Path] = typer.Option(None, "--list", "-l", help="List file or OFAC folder (repeatable)."),
        country: str | None = typer.Option(None, "--country", help="ISO 3166-1 alpha-2 country of the party."),
        schema: str | None = typer.Option(None, "--schema", help="Person, Company, Organization, Vessel ..."),
        threshold: float | None = typer.Option(None, "--threshold", min=0.0, max=1.0, help="Hit threshold."),
        matcher: str = typer.Option(DEFAULT_MATCHER, "--matcher", help="Matcher version."),
        as_json: bool = typer.Option(False, "--json", help="Print the JSON result for a single name."),
        home: Path | None = typer.Option(None, "--home", envvar=ENV_HOME, help="stackclear data directory."),
    ) -> None:
        """Screen one party name (table) or a JSONL file of parties (JSONL, input order) against the lists."""
        from stackclear.screening.queries import check_country, check_name, check_schema, parse_query, record_id
        from stackclear.screening.screen import PartyQuery

        if _is_file_argument(target):
            screener = build_screener(lists or [], home, matcher, threshold)
            failed = run_jsonl(target, lambda record, number: screener.screen(parse_query(record, f"line {number}"))
                               .to_dict(), lambda record, number: record_id(record, f"line {number}"))  # fmt: skip
            if failed:
                raise typer.Exit(1)
            return
        query = PartyQuery("cli", check_name(target, "name"), check_schema(schema), check_country(country))
        result = build_screener(lists or [], home, matcher, threshold).screen(query)
        if as_json:
            emit_json(result.to_dict())
        else:
            render(result, target)

    @app.command("match")
    def match(
        file: str = typer.Argument(..., help="JSONL of {id, a, b, schema} ('-' = stdin)."),
        threshold: float | None = typer.Option(None, "--threshold", min=0.0, max=1.0, help="Match threshold."),
        matcher: str = typer.Option(DEFAULT_MATCHER, "--matcher", help="Matcher version."),
    ) -> None:
        """Score pairs of names: {"id", "score", "match", "explanation"} per line, in input order."""
        from stackclear.screening.matchers import get_matcher
        from stackclear.screening.queries import parse_pair, record_id

        algorithm = get_matcher(matcher)
        limit = algorithm.threshold if threshold is None else threshold

        def run(record: Any, number: int) -> dict[str, Any]:
            result = algorithm.match_names(*parse_pair(record))
            return {"id": record_id(record, f"line {number}"), "score": result.score, "match": result.score >= limit,
                    "matcher": algorithm.name, "explanation": result.explanation}

        if run_jsonl(file, run, lambda record, number: record_id(record, f"line {number}")):
            raise typer.Exit(1)
