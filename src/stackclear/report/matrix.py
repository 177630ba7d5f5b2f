"""Render a destination matrix (``stackclear.stack.matrix``) as Markdown, an HTML grid or a terminal table.

The HTML grid colours each cell by verdict and carries the decisive reason (text and citation) in the cell's
``title``, so hovering shows why; the Markdown table gives the same grid with short labels. Both are laid
out from :meth:`Matrix.to_dict`, so what a reader sees is what ``--json`` says.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from stackclear.report.render import _environment

SHORT = {"NO_LICENSE_REQUIRED": "NLR", "LICENSE_EXCEPTION": "LE", "LICENSE_REQUIRED": "LR", "HOLD": "HOLD",
         "PROHIBITED": "PROHIBITED"}
STYLE = {"NO_LICENSE_REQUIRED": "green", "LICENSE_EXCEPTION": "cyan", "LICENSE_REQUIRED": "yellow",
         "HOLD": "magenta", "PROHIBITED": "bold red"}


def cell_label(cell: dict[str, Any]) -> str:
    """``LR case-by-case``, ``LE ACA``, ``NLR`` ..."""
    short = SHORT.get(str(cell["verdict"]), str(cell["verdict"]))
    extra = cell.get("license_exception") or str(cell.get("review_policy") or "").replace("_", " ")
    return f"{short} {extra}".strip()


def _hover(cell: dict[str, Any]) -> str:
    reason = cell.get("reason")
    lines = [str(cell["verdict"])]
    if reason:
        lines.append(str(reason["text"]))
        if reason.get("citation"):
            lines.append(f"— {reason['citation']}")
    for change in cell.get("changes") or []:
        lines.append(f"changed {change['date']}: {cell_label(change['from'])} → {cell_label(change['to'])}")
    return "\n".join(lines)


def _view(matrix: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for row in matrix["rows"]:
        cells = [{"verdict": c["verdict"], "label": cell_label(c), "hover": _hover(c), "id": c["id"],
                  "changed": [ch["date"] for ch in c.get("changes") or []]} for c in row["items"]]
        rows.append({"code": row["destination"], "name": row["name"], "via": ", ".join(row["via"]),
                     "verdict": row["verdict"], "label": SHORT.get(row["verdict"], row["verdict"]),
                     "hover": _hover(row), "cells": cells,
                     "changed": [ch["date"] for ch in row.get("changes") or []]})
    ids = [c["id"] for c in matrix["rows"][0]["items"]] if matrix["rows"] else []
    return {"name": matrix["name"], "as_of": matrix["as_of"], "since": matrix.get("since"),
            "rule_set": matrix["rule_set"], "ids": ids, "rows": rows, "caveats": matrix.get("caveats", []),
            "legend": SHORT}


def render_matrix(matrix: dict[str, Any], fmt: str) -> str:
    """``fmt`` is 'markdown' or 'html'; ``matrix`` is :meth:`Matrix.to_dict`."""
    if fmt not in ("markdown", "html"):
        raise ValueError(f"unknown matrix format {fmt!r}; expected markdown or html")
    name = "matrix.md.j2" if fmt == "markdown" else "matrix.html.j2"
    return _environment().get_template(name).render(v=_view(matrix))


POLICY_SHORT = {"presumption_of_denial": "denial", "case_by_case": "case-by-case",
                "presumption_of_approval": "approval"}


def _short(cell: dict[str, Any]) -> str:
    short = SHORT.get(str(cell["verdict"]), str(cell["verdict"]))
    extra = cell.get("license_exception") or POLICY_SHORT.get(str(cell.get("review_policy")), "")
    return f"{short} {extra}".strip()


def matrix_table(matrix: dict[str, Any], max_columns: int = 10) -> Group:
    """The grid for the terminal: one row per destination, numbered item columns (with a key below) when
    there are at most ``max_columns`` lines, else a count per verdict; Δ marks a cell that changed, the
    changes and the decisive reasons are listed under the grid."""
    view = _view(matrix)
    since = f" · changes since {view['since']}" if view["since"] else ""
    table = Table(title=f"{view['name']} — as of {view['as_of']}{since}", title_justify="left")
    table.add_column("dest", no_wrap=True, min_width=4)
    table.add_column("package", no_wrap=True, min_width=5)
    ids = view["ids"]
    wide = len(ids) <= max_columns
    if wide:
        for number in range(1, len(ids) + 1):
            table.add_column(f"#{number}", overflow="fold", min_width=3)
    else:
        table.add_column("lines by verdict")
    changes: list[Text] = []
    for row, raw in zip(view["rows"], matrix["rows"], strict=True):
        label = Text(row["label"], style=STYLE.get(row["verdict"], "bold"))
        if row["changed"]:
            label.append(" Δ", style="bold")
        cells: list[Text | str] = [row["code"], label]
        if wide:
            for cell, item in zip(row["cells"], raw["items"], strict=True):
                text = Text(_short(item), style=STYLE.get(cell["verdict"], ""))
                if cell["changed"]:
                    text.append(" Δ", style="bold")
                cells.append(text)
        else:
            counts: dict[str, int] = {}
            for item in raw["items"]:
                counts[_short(item)] = counts.get(_short(item), 0) + 1
            cells.append(", ".join(f"{n}× {label}" for label, n in sorted(counts.items())))
        table.add_row(*cells)
        for item in raw["items"]:
            for change in item.get("changes") or []:
                changes.append(Text(f"  {row['code']} {item['id']}: {change['date']}  {_short(change['from'])} → "
                                    f"{_short(change['to'])}"))
    parts: list[Any] = [table]
    if wide:
        parts.append(Text("  " + " · ".join(f"#{n} {ident}" for n, ident in enumerate(ids, start=1)), style="dim"))
    parts.append(Text("  " + " · ".join(f"{s} = {k.replace('_', ' ').lower()}" for k, s in SHORT.items()),
                      style="dim"))
    if view["since"]:
        parts.append(Text(f"\nchanges after {view['since']}" + ("" if changes else ": none"), style="bold"))
        parts.extend(changes)
    parts.append(Text("\ndecisive reasons (package verdict)", style="bold"))
    for raw in matrix["rows"]:
        reason = raw.get("reason")
        if reason:
            parts.append(Text(f"  {raw['destination']}: {reason['text']}" + (f" — {reason['citation']}"
                                                                                if reason.get("citation") else "")))
    return Group(*parts)
