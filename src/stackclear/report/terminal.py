"""Terminal rendering (rich) of a report view, a package diff and a portfolio summary.

Laid out like DESIGN.md's illustrative report: a provenance header, the package verdict, then per item its
verdict and "why" lines with citations, parties, CAVEATS and NEXT. Only the CLI imports this module.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from stackclear.report.diff import PackageDiff, Portfolio
from stackclear.report.view import ReportView

TOP_CAUSES = 4  # per transition row in the portfolio table; --json lists them all

STYLE = {
    "NO_LICENSE_REQUIRED": "bold green",
    "LICENSE_EXCEPTION": "bold cyan",
    "LICENSE_REQUIRED": "bold yellow",
    "HOLD": "bold magenta",
    "PROHIBITED": "bold red",
}


def _style(verdict_or_text: str) -> str:
    key = verdict_or_text.split(" ·")[0].strip().replace(" ", "_")
    for verdict, style in STYLE.items():
        if key.startswith(verdict):
            return style
    return "bold"


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True, min_width=6)  # why / hit / caveat
    grid.add_column(ratio=3)  # text
    grid.add_column(ratio=2, style="dim")  # citation
    return grid


def _heading(tag: str, ident: str, body: Text | str, verdict: str, verdict_label: str) -> Text:
    text = Text.assemble((f"{tag:<6}", "bold"), (ident, "bold"), "  ")
    text.append(body if isinstance(body, Text) else Text(body))
    text.append("  →  ")
    text.append(verdict_label, style=_style(verdict))
    return text


def report(view: ReportView) -> Group:
    """The whole evaluation report as one renderable."""
    parts: list[Any] = [
        Text(view.header, style="dim"), Text(""),
        Text.assemble((view.title, "bold"), "  →  ", (view.verdict_text, _style(view.verdict))),
        Text(view.destination, style="dim"), Text(""),
    ]
    for item in view.items:
        parts.append(_heading("ITEM", item.id, Text.assemble(item.label, "   ", (item.eccn, "bold")),
                              item.verdict, item.verdict_text))
        grid = _grid()
        if item.same_as:
            grid.add_row("  why", Text(f"(same reasons as {item.same_as})"), "")
        for n, line in enumerate([] if item.same_as else item.reasons):
            style = "dim" if line.overridden_by or line.context else ""
            grid.add_row("  why" if n == 0 else "", Text(line.display, style=style), Text(line.source))
        for pending in item.pending:
            grid.add_row("  pend", Text(pending), "")
        for condition in item.conditions:
            grid.add_row("  cond", Text(condition), "")
        for caveat in item.caveats:
            grid.add_row("  note", Text(caveat), "")
        parts.append(grid)
    for party in view.parties:
        parts.append(_heading("PARTY", party.name, f"({party.label})  {party.screening}", party.verdict,
                              party.verdict_text))
        grid = _grid()
        for hit in party.hits:
            grid.add_row("  hit", Text(hit), "")
        for n, line in enumerate(party.reasons):
            grid.add_row("  why" if n == 0 else "", Text(line.display), Text(line.source))
        if party.hits or party.reasons:
            parts.append(grid)
    tail = Table.grid(padding=(0, 1))
    tail.add_column(style="bold", no_wrap=True)
    tail.add_column()
    for n, caveat in enumerate(view.caveats):
        tail.add_row("CAVEATS" if n == 0 else "", Text(caveat))
    for n, step in enumerate(view.next_steps):
        tail.add_row("NEXT" if n == 0 else "", Text(step))
    parts.extend([Text(""), tail])
    return Group(*parts)


def package_diff(diff: PackageDiff) -> Group:
    title = Text.assemble(
        (diff.name, "bold"), "  ", (diff.verdict_before.replace("_", " "), _style(diff.verdict_before)),
        f" ({diff.from_date}) → ", (diff.verdict_after.replace("_", " "), _style(diff.verdict_after)),
        f" ({diff.to_date})",
    )
    parts: list[Any] = [title, Text("")]
    for item in [*diff.changed_items, *diff.reasoned_items]:
        eccn = item.eccn_after if item.eccn_before == item.eccn_after else f"{item.eccn_before} → {item.eccn_after}"
        before, after = item.state_before, item.state_after
        if item.changed:
            parts.append(Text.assemble(("ITEM  ", "bold"), (item.id, "bold"), f"  {eccn}  ",
                                       (before, _style(before)), " → ", (after, _style(after))))
        else:
            parts.append(Text.assemble(("ITEM  ", "bold"), (item.id, "bold"), f"  {eccn}  ",
                                       (after, _style(after)), " (same verdict; the reasons changed)"))
        grid = _grid()
        label = "  cause*" if item.causes_are_package_level else "  cause"
        for n, cause in enumerate(item.causes):
            grid.add_row(label if n == 0 else "", Text(cause.describe()), Text(cause.citation))
        for line in item.reasons_added:
            grid.add_row("  +", Text(line), "")
        for line in item.reasons_removed:
            grid.add_row("  -", Text(line, style="dim"), "")
        parts.append(grid)
    for party in diff.parties:
        parts.append(Text.assemble(("PARTY ", "bold"), party.name, f"  {party.before.value} → {party.after.value}"))
    same = [i.id for i in diff.items if not i.changed and not i.reasons_changed]
    if not (diff.changed_items or diff.reasoned_items or diff.parties):
        parts.append(Text("no item changed between the two dates", style="green"))
    if same:
        parts.append(Text(f"unchanged: {', '.join(same)}", style="dim"))
    if any(i.causes_are_package_level for i in diff.changed_items):
        parts.append(Text("cause* = no reason of the item cites a changed rule; all changed rules read are listed",
                          style="dim"))
    return Group(*parts)


def portfolio(summary: Portfolio) -> Group:
    data = summary.to_dict()
    head = Text(
        f"{data['packages']} packages · {data['line_items']} line items · {data['line_items_changed']} change "
        f"between {summary.from_date} and {summary.to_date} · {data['package_verdicts_changed']} package "
        "verdicts change", style="bold",
    )
    flips = Table(title="Line items that change", title_justify="left", show_lines=False)
    for column in ("From", "To", "Items", "Packages", "Caused by (rule · items)"):
        flips.add_column(column, overflow="fold")
    for row in data["transitions"]:
        shown = [f"{c['rule']} · {c['line_items']}" for c in row["causes"][:TOP_CAUSES]]
        if len(row["causes"]) > TOP_CAUSES:
            shown.append(f"+{len(row['causes']) - TOP_CAUSES} more (--json)")
        causes = "\n".join(shown) or "-"
        flips.add_row(Text(row["from"], style=_style(row["from"])), Text(row["to"], style=_style(row["to"])),
                      str(row["line_items"]), "\n".join(row["packages"]), causes)
    per = Table(title="By package", title_justify="left")
    for column in ("Package", "Verdict from", "Verdict to", "Items changed"):
        per.add_column(column, overflow="fold")
    for row in data["by_package"]:
        per.add_row(Text(str(row["name"])), Text(row["verdict_from"], style=_style(row["verdict_from"])),
                    Text(row["verdict_to"], style=_style(row["verdict_to"])),
                    f"{row['line_items_changed']} / {row['line_items']}")
    parts: list[Any] = [head, Text("")]
    parts.append(flips if data["transitions"] else Text("no line item changes", style="green"))
    parts.extend([Text(""), per])
    for error in summary.errors:
        parts.append(Text(f"skipped {error['source']}: {error['error']}", style="red"))
    return Group(*parts)


def print_to(console: Console, renderable: Any) -> None:
    console.print(renderable, highlight=False, soft_wrap=False)
