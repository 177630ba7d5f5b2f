"""The chip explorer's chart as data for an SVG template: 3A090 regions from the rule thresholds in force
on a date, and every catalog chip placed by its TPP and performance density (log-log axes).

No plotting library: the regions are rectangles computed from :func:`stackclear.viz.plane.thresholds_at`
(rule values, cited), the points from the catalog classified on the same date. Colours are from a
colour-blind-safe palette and every point also carries its class in text (title and the table beside it).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from stackclear.catalog import classify_catalog
from stackclear.classify.metrics import total_processing_performance
from stackclear.viz.plane import Thresholds, thresholds_at

WIDTH, HEIGHT = 900, 520
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 50
X_MIN, X_MAX = 500.0, 2_000_000.0
Y_MIN, Y_MAX = 0.5, 60.0
X_TICKS = (1000, 1600, 2400, 4800, 10_000, 100_000, 1_000_000)
Y_TICKS = (1, 1.6, 3.2, 5.92, 10, 30)
COLORS = {"3A090.a": "#b2182b", "3A090.b": "#e08214", "not 3A090": "#2166ac", "not settled": "#595959",
          "4A090.a": "#b2182b", "4A090.b": "#e08214"}
REGION_FILL = {"a": "#f4a6a6", "b": "#fde0a6"}


def sx(value: float) -> float:
    value = min(max(value, X_MIN), X_MAX)
    span = math.log10(X_MAX) - math.log10(X_MIN)
    return LEFT + (math.log10(value) - math.log10(X_MIN)) / span * (WIDTH - LEFT - RIGHT)


def sy(value: float) -> float:
    value = min(max(value, Y_MIN), Y_MAX)
    span = math.log10(Y_MAX) - math.log10(Y_MIN)
    return HEIGHT - BOTTOM - (math.log10(value) - math.log10(Y_MIN)) / span * (HEIGHT - TOP - BOTTOM)


@dataclass(frozen=True, slots=True)
class Region:
    label: str
    tier: str
    x: float
    y: float
    w: float
    h: float
    rule: str

    @property
    def fill(self) -> str:
        return REGION_FILL[self.tier]

    @property
    def label_y(self) -> float:
        """.a labels at the top of their region, .b labels at the bottom (the two share a corner)."""
        return self.y + 14 if self.tier == "a" else self.y + self.h - 5


@dataclass(frozen=True, slots=True)
class Point:
    name: str
    eccn: str
    tpp: float
    pd: float | None
    cx: float
    cy: float
    color: str
    href: str
    selected: bool = False

    @property
    def title(self) -> str:
        pd = "PD unknown (no die area)" if self.pd is None else f"PD {self.pd:.2f}"
        return f"{self.name}: {self.eccn} · TPP {self.tpp:,.0f} · {pd}"


@dataclass(slots=True)
class Chart:
    as_of: dt.date
    thresholds: Thresholds
    regions: list[Region] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    table: list[Point] = field(default_factory=list)  # catalog chips in catalog order (the chart's text twin)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM
    note: str = ""


def _box(tier: str, label: str, rule: str, x0: float, x1: float, y0: float, y1: float) -> Region:
    left, right = sx(x0), sx(x1)
    upper, lower = sy(y1), sy(y0)
    return Region(label, tier, left, upper, max(0.0, right - left), max(0.0, lower - upper), rule)


def regions_for(t: Thresholds) -> list[Region]:
    """The 3A090 paragraphs as rectangles (.b drawn first so .a, which wins, lies on top)."""
    if t.structure == "io_and_tpp" and t.tpp_2022 is not None:
        io = f"{t.io_min:,.0f}" if t.io_min is not None else "?"
        return [_box("a", f"3A090 if I/O ≥ {io} GB/s", "eccn.3A090.tpp_min_2022", t.tpp_2022, X_MAX, Y_MIN, Y_MAX)]
    if t.structure != "tpp_pd_tiers":
        return []
    out = []
    if None not in (t.b1_tpp_min, t.b1_tpp_max, t.b1_pd_min, t.b1_pd_max):
        assert t.b1_tpp_min and t.b1_tpp_max and t.b1_pd_min and t.b1_pd_max
        out.append(_box("b", "3A090.b.1", "eccn.3A090.b1_tpp_min", t.b1_tpp_min, t.b1_tpp_max, t.b1_pd_min,
                        t.b1_pd_max))
    if None not in (t.b2_tpp, t.b2_pd_min, t.b2_pd_max):
        assert t.b2_tpp and t.b2_pd_min and t.b2_pd_max
        out.append(_box("b", "3A090.b.2", "eccn.3A090.b2_tpp_min", t.b2_tpp, t.a1_tpp or X_MAX, t.b2_pd_min,
                        t.b2_pd_max))
    if t.a2_tpp is not None and t.a2_pd is not None:
        out.append(_box("a", "3A090.a.2", "eccn.3A090.a2_tpp_min", t.a2_tpp, X_MAX, t.a2_pd, Y_MAX))
    if t.a1_tpp is not None:
        out.append(_box("a", "3A090.a.1", "eccn.3A090.a1_tpp_min", t.a1_tpp, X_MAX, Y_MIN, Y_MAX))
    return out


def _label(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 10_000:
        return f"{value / 1000:g}k"
    return f"{value:,.0f}" if value >= 100 else f"{value:g}"


def chip_href(name: str, as_of: dt.date) -> str:
    return "/chips?" + urlencode({"as_of": as_of.isoformat(), "chip": name}) + "#detail"


def build_chart(as_of: dt.date, selected: str | None = None,
                extra: tuple[str, str, float, float | None] | None = None) -> Chart:
    """The chart on ``as_of``; ``extra`` = (name, eccn, tpp, pd) of a chip classified from the form."""
    limits = thresholds_at(as_of)
    chart = Chart(as_of, limits, regions_for(limits))
    chart.x_ticks = [(sx(v), _label(v)) for v in X_TICKS]
    chart.y_ticks = [(sy(v), _label(v)) for v in Y_TICKS]
    if limits.structure == "none":
        chart.note = "ECCN 3A090 was not in force on this date: no chip is controlled under it."
    elif limits.structure == "io_and_tpp":
        chart.note = ("Under the October 2022 rule 3A090 needs TPP ≥ 4,800 and chip-to-chip I/O ≥ 600 GB/s; "
                      "performance density played no part.")
    for item in classify_catalog(as_of):
        entry, result = item.entry, item.result
        if entry.kind != "chip":
            continue
        if result is None:
            tpp, pd, eccn = total_processing_performance(entry.to_spec().units), None, "not settled"
        else:
            tpp, pd, eccn = result.tpp or 0.0, result.performance_density, result.eccn
        chart.points.append(Point(entry.name, eccn, tpp, pd, sx(tpp), sy(pd) if pd else sy(Y_MIN),
                                  COLORS.get(eccn, COLORS["not 3A090"]), chip_href(entry.name, as_of),
                                  selected == entry.name))
    if extra is not None:
        name, eccn, tpp, pd = extra
        chart.points.append(Point(name, eccn, tpp, pd, sx(tpp), sy(pd) if pd else sy(Y_MIN),
                                  COLORS.get(eccn, COLORS["not 3A090"]), "#detail", True))
    chart.table = [p for p in chart.points if p.href != "#detail"]
    chart.points = sorted(chart.points, key=lambda p: p.selected)  # the selected point is drawn last, on top
    return chart
