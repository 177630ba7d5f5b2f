"""Draw the 3A090 TPP × performance-density plane with the catalog's chips (matplotlib, Agg backend).

A thin layer: the thresholds and points come from :mod:`stackclear.viz.plane` (rule values at the
date, catalog classifications); this module only draws them. It uses ``Figure`` + ``FigureCanvasAgg``
directly rather than pyplot so it never touches global state or needs a display.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator
from matplotlib.transforms import Bbox

from stackclear.catalog import Catalog
from stackclear.errors import SpecError
from stackclear.rules.loader import default_rules
from stackclear.rules.ruleset import RuleSet
from stackclear.viz.label import place_labels
from stackclear.viz.plane import CATEGORIES, PlanePoint, Thresholds, plane_points, thresholds_at

FORMATS = (".png", ".svg")
COLORS = dict(zip(CATEGORIES, ("#c0392b", "#e67e22", "#b7950b", "#7d6608", "#1e8449", "#17a589", "#7f8c8d"),
                  strict=True))
MARKERS = {"true": "o", "false": "s", "ambiguous": "D"}
A_FILL, B_FILL = "#f5b7b1", "#f9e79f"
X_TICKS = (1000, 1600, 2400, 4800, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000)
Y_TICKS = (1, 1.6, 2, 3.2, 5.92, 10, 20, 40, 80)
#: Right edge of the TPP axis: beyond it the 1,600–4,800 band (where most decisions happen) gets too thin.
X_CAP = 160_000.0


def check_output(out: Path) -> None:
    """The output must be a .png or .svg file in an existing directory."""
    if out.suffix.lower() not in FORMATS:
        raise SpecError("out", f"expected a file name ending in .png or .svg, got {out.name!r}")
    if not out.parent.exists():
        raise SpecError("out", f"directory {str(out.parent)!r} does not exist")


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:g}"


def plot_plane(out: Path, as_of: dt.date, rules: RuleSet | None = None, catalog: Catalog | None = None) -> Path:
    """Write the chart for ``as_of`` to ``out`` (.png or .svg) and return the path."""
    check_output(out)
    rules = rules or default_rules()
    limits = thresholds_at(as_of, rules)
    points = plane_points(as_of, rules, catalog)
    fig = Figure(figsize=(14, 9.5), dpi=150)
    FigureCanvasAgg(fig)
    grid = fig.add_gridspec(2, 1, height_ratios=(7, 1.25), hspace=0.07, left=0.07, right=0.9, top=0.865,
                            bottom=0.1)
    ax = fig.add_subplot(grid[0])
    strip = fig.add_subplot(grid[1], sharex=ax)
    points = [_clip(p) for p in points]
    known = [p for p in points if p.performance_density is not None]
    unknown = [p for p in points if p.performance_density is None]
    xmax = min(max([p.tpp for p in points] + [10_000]) * 1.6, X_CAP)
    ymax = max([p.performance_density or 0.0 for p in known] + [10.0]) * 1.45
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(700, xmax)
    ax.set_ylim(0.9, ymax)
    region_labels = _draw_rules(ax, limits, xmax, ymax)
    _draw_points(ax, known, [(p.tpp, p.performance_density or 0.0) for p in known], region_labels)
    _draw_strip(strip, unknown)
    _axes_style(ax, strip, xmax, ymax)
    _legend(ax, points, limits)
    _titles(fig, as_of, limits, rules.version)
    fig.savefig(out, format=out.suffix.lower().lstrip("."))
    return out


def _clip(point: PlanePoint) -> PlanePoint:
    """Far outliers (wafer-scale parts) sit at the right edge, labelled with their real TPP."""
    if point.tpp <= X_CAP / 1.6:
        return point
    return PlanePoint(f"{point.label} →\n(TPP {point.tpp:,.0f}, off scale)", X_CAP / 1.12,
                      point.performance_density, point.category, point.datacenter)


def _draw_rules(ax: Axes, t: Thresholds, xmax: float, ymax: float) -> list[Bbox]:
    """Shade the regions and draw the threshold lines; return the region labels' boxes (label obstacles)."""
    y0 = 0.9
    texts = []
    top = ax.get_xaxis_transform()  # x in data, y in axes fraction
    right = ax.get_yaxis_transform()  # x in axes fraction, y in data
    line: dict[str, Any] = {"color": "#555555", "linewidth": 0.9, "linestyle": (0, (5, 3)), "zorder": 2}
    if t.structure == "tpp_pd_tiers":
        a1, a2, a2pd = _req(t.a1_tpp), _req(t.a2_tpp), _req(t.a2_pd)
        b1lo, b1hi, b1pdlo, b1pdhi = _req(t.b1_tpp_min), _req(t.b1_tpp_max), _req(t.b1_pd_min), _req(t.b1_pd_max)
        b2, b2pdlo, b2pdhi = _req(t.b2_tpp), _req(t.b2_pd_min), _req(t.b2_pd_max)
        _rect(ax, a1, xmax, y0, ymax, A_FILL)
        _rect(ax, a2, a1, a2pd, ymax, A_FILL)
        _rect(ax, b1lo, min(b1hi, a1), b1pdlo, b1pdhi, B_FILL)
        _rect(ax, b2, a1, b2pdlo, b2pdhi, B_FILL)
        for x in sorted({a2, b1lo, a1, b2}):
            ax.axvline(x, **line)
            ax.text(x, 1.005, _fmt(x), transform=top, ha="center", va="bottom", fontsize=9, color="#333333")
        for y in sorted({b1pdlo, b2pdlo, a2pd}):
            ax.axhline(y, **line)
            ax.text(1.005, y, f"PD {y:g}", transform=right, ha="left", va="center", fontsize=8.5, color="#333333")
        style: dict[str, Any] = {"fontsize": 10, "fontweight": "bold", "zorder": 3}
        texts += [
            ax.text(xmax / 1.06, ymax / 1.08, f"3A090.a.1\nTPP ≥ {_fmt(a1)}", ha="right", va="top",
                    color="#922b21", **style),
            ax.text(a2 * 1.04, ymax / 1.08, f"3A090.a.2\nTPP ≥ {_fmt(a2)} and PD ≥ {a2pd:g}", ha="left", va="top",
                    color="#922b21", **style),
            ax.text(b2 * 1.03, b2pdhi / 1.03, "3A090.b.2", ha="left", va="top", color="#7d6608", **style),
            ax.text(b1hi / 1.03, b1pdlo * 1.03, "3A090.b.1", ha="right", va="bottom", color="#7d6608", **style),
            ax.text(720, 0.93, "not 3A090", ha="left", va="bottom", color="#1e8449", **style),
        ]
    elif t.structure == "io_and_tpp":
        tpp, io = _req(t.tpp_2022), _req(t.io_min)
        _rect(ax, tpp, xmax, y0, ymax, A_FILL)
        ax.axvline(tpp, **line)
        ax.text(tpp, 1.005, f"TPP {_fmt(tpp)}", transform=top, ha="center", va="bottom", fontsize=8.5)
        texts.append(ax.text(xmax / 1.06, ymax / 1.08, f"3A090.a (October 2022 rule)\nTPP ≥ {_fmt(tpp)} "
                             f"and I/O ≥ {_fmt(io)} GB/s\n(performance density not yet a test)",
                             ha="right", va="top", fontsize=10, fontweight="bold", color="#922b21", zorder=3))
    else:
        message = "ECCN 3A090 was not in force on this date\n(created 2022-10-07, 87 FR 62186)"
        texts.append(ax.text(0.015, 0.975, message, transform=ax.transAxes, ha="left", va="top", fontsize=12,
                             fontweight="bold", color="#555555", zorder=3))
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    return [text.get_window_extent(renderer).expanded(1.04, 1.1) for text in texts]


def _req(value: float | None) -> float:
    assert value is not None, "rule value missing for the structure in force"
    return value


def _rect(ax: Axes, x0: float, x1: float, y0: float, y1: float, color: str) -> None:
    if x1 > x0 and y1 > y0:
        ax.fill([x0, x1, x1, x0], [y0, y0, y1, y1], color=color, alpha=0.45, linewidth=0, zorder=0)


def _draw_points(ax: Axes, points: list[PlanePoint], xy: list[tuple[float, float]], obstacles: list[Bbox]) -> None:
    for point, (x, y) in zip(points, xy, strict=True):
        ax.scatter([x], [y], s=46, marker=MARKERS.get(point.datacenter, "o"), color=COLORS[point.category],
                   edgecolor="white", linewidth=0.8, zorder=5)
    place_labels(ax, [p.label for p in points], xy, [COLORS[p.category] for p in points], obstacles)


def _draw_strip(strip: Axes, points: list[PlanePoint]) -> None:
    strip.set_ylim(0, 1)
    strip.set_yscale("linear")
    strip.set_facecolor("#f7f7f7")
    strip.text(0.003, 0.93, "PD unknown (no public die area): placed by TPP only", transform=strip.transAxes,
               ha="left", va="top", fontsize=8, color="#555555", style="italic")
    xy = [(p.tpp, 0.38) for p in points]
    for point, (x, y) in zip(points, xy, strict=True):
        strip.scatter([x], [y], s=40, marker=MARKERS.get(point.datacenter, "o"), color=COLORS[point.category],
                      edgecolor="white", linewidth=0.8, zorder=5)
    place_labels(strip, [p.label for p in points], xy, [COLORS[p.category] for p in points], [], vertical=True)


def _axes_style(ax: Axes, strip: Axes, xmax: float, ymax: float) -> None:
    def comma(value: float, _pos: int) -> str:
        return _fmt(value)

    ax.xaxis.set_major_locator(FixedLocator([x for x in X_TICKS if x <= xmax]))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_locator(FixedLocator([y for y in Y_TICKS if y <= ymax]))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(comma))
    strip.xaxis.set_major_formatter(FuncFormatter(comma))
    strip.set_yticks([])
    ax.tick_params(labelbottom=False)
    ax.set_ylabel("performance density (TPP ÷ applicable die area, mm²)  · log scale", fontsize=10)
    strip.set_xlabel("total processing performance (TPP = dense TOPS × bit length, max over precisions)"
                     "  · log scale", fontsize=10)
    ax.grid(True, which="major", color="#dddddd", linewidth=0.5, zorder=1)
    for axis in (ax, strip):
        for spine in ("top", "right"):
            axis.spines[spine].set_color("#bbbbbb")


def _legend(ax: Axes, points: Iterable[PlanePoint], limits: Thresholds) -> None:
    present = {p.category for p in points}
    handles: list[Line2D | Patch] = [
        Line2D([], [], marker="o", linestyle="", color=COLORS[c], label=c) for c in CATEGORIES if c in present
    ]
    handles += [
        Line2D([], [], marker="o", linestyle="", color="#444444", markerfacecolor="none", label="datacenter"),
        Line2D([], [], marker="s", linestyle="", color="#444444", markerfacecolor="none",
               label="not datacenter (Note 2 applies below the a.1 TPP)" if limits.structure == "tpp_pd_tiers"
               else "not datacenter"),
        Line2D([], [], marker="D", linestyle="", color="#444444", markerfacecolor="none",
               label="ambiguous (treated as datacenter)"),
    ]
    if limits.structure != "none":
        handles.append(Patch(facecolor=A_FILL, alpha=0.6, label="3A090.a region"))
    if limits.structure == "tpp_pd_tiers":
        handles.append(Patch(facecolor=B_FILL, alpha=0.6, label="3A090.b region (darker: b.1 and b.2)"))
    legend = ax.legend(handles=handles, loc="lower right", fontsize=8.5, framealpha=0.95, borderpad=0.8,
                       title="classification on this date", title_fontsize=9)
    legend.set_zorder(10)


def _titles(fig: Figure, as_of: dt.date, limits: Thresholds, version: str) -> None:
    fig.suptitle(f"ECCN 3A090 on {as_of.isoformat()}: total processing performance × performance density",
                 fontsize=15, fontweight="bold", x=0.07, ha="left", y=0.975)
    cite = limits.citation or "no 3A090 rule in force"
    fig.text(0.07, 0.935, f"stackclear rule set {version} · thresholds read from the rules in force: {cite}",
             fontsize=9.5, color="#444444", ha="left")
    fig.text(0.07, 0.912, _definitions(limits), fontsize=9.5, color="#444444", ha="left")
    fig.text(0.07, 0.03, "Points: stackclear chip catalog (datasheet figures, dense TOPS; sources in catalog.yaml). "
             "Every catalog chip is shown whatever its release year; identical figures and verdicts share a point. "
             "Note 2: items not designed or marketed for datacenters with TPP below the a.1 threshold are outside "
             "3A090.a/.b.", fontsize=8, color="#555555",
             ha="left", wrap=True)


def _definitions(t: Thresholds) -> str:
    if t.structure == "tpp_pd_tiers":
        return (f"a.1 TPP ≥ {_fmt(_req(t.a1_tpp))} · a.2 TPP ≥ {_fmt(_req(t.a2_tpp))} and PD ≥ {_req(t.a2_pd):g}"
                f" · b.1 {_fmt(_req(t.b1_tpp_min))} ≤ TPP < {_fmt(_req(t.b1_tpp_max))} and "
                f"{_req(t.b1_pd_min):g} ≤ PD < {_req(t.b1_pd_max):g} · b.2 TPP ≥ {_fmt(_req(t.b2_tpp))} and "
                f"{_req(t.b2_pd_min):g} ≤ PD < {_req(t.b2_pd_max):g} · .a is checked before .b")
    if t.structure == "io_and_tpp":
        return (f"3A090.a: TPP ≥ {_fmt(_req(t.tpp_2022))} and aggregate bidirectional I/O ≥ {_fmt(_req(t.io_min))}"
                " GB/s (both tests); no .b tier and no performance-density test yet")
    return "no ECCN 3A090 thresholds in force on this date"
