"""`stackclear classify plot`: draw the 3A090 TPP × performance-density chart of the catalog's chips.

The lead attaches :func:`plot_command` under the ``classify`` group; this module registers nothing itself.
"""

from __future__ import annotations

from pathlib import Path

import typer

from stackclear.cli.common import console, esc, parse_date
from stackclear.extras import require


def plot_command(
    out: Path = typer.Option(..., "--out", "-o", help="Output file: chart.png or chart.svg."),
    as_of: str | None = typer.Option(None, "--as-of", help="Draw the rules in force on this date (YYYY-MM-DD)."),
) -> None:
    """Draw the TPP × performance-density plane with the 3A090.a/.b regions and the catalog's chips."""
    day = parse_date(as_of)
    require("matplotlib", extra="plot", feature="`stackclear classify plot`")  # a clear message when missing
    from stackclear.viz.plot import plot_plane  # matplotlib is imported only when a chart is asked for

    path = plot_plane(out, day)
    console.print(f"wrote {esc(path)} (3A090 as of {day.isoformat()})", highlight=False)
