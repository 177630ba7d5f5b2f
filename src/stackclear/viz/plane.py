"""What the TPP × performance-density chart shows, as plain data (no matplotlib here).

Why separate: the thresholds and the points are facts the engine already knows — rule values at a
date and catalog classifications. Keeping them apart from the drawing makes them testable and keeps
the chart honest: every line on it is a rule value read from the rule set, never a constant in the
plotting code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stackclear.catalog import Catalog, classify_catalog, default_catalog
from stackclear.classify.metrics import total_processing_performance
from stackclear.rules.loader import default_rules
from stackclear.rules.ruleset import RuleSet

NS = "eccn.3A090"

#: Point categories, in legend order.
CATEGORIES = (
    "3A090.a",
    "3A090.a (NAC/ACA eligible)",
    "3A090.b (NAC/ACA eligible)",
    "3A090.b",
    "not 3A090",
    "not 3A090 (Note 2)",
    "not settled (die area unknown)",
)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """3A090 values in force on a date; ``structure`` says which test applies."""

    structure: str  # "none" | "io_and_tpp" | "tpp_pd_tiers"
    citation: str
    tpp_2022: float | None = None
    io_min: float | None = None
    a1_tpp: float | None = None
    a2_tpp: float | None = None
    a2_pd: float | None = None
    b1_tpp_min: float | None = None
    b1_tpp_max: float | None = None
    b1_pd_min: float | None = None
    b1_pd_max: float | None = None
    b2_tpp: float | None = None
    b2_pd_min: float | None = None
    b2_pd_max: float | None = None


@dataclass(frozen=True, slots=True)
class PlanePoint:
    """One chip (or several chips with identical figures and verdict) on the plane."""

    label: str
    tpp: float
    performance_density: float | None
    category: str
    datacenter: str  # "true" | "false" | "ambiguous"


def _number(rules: RuleSet, name: str, as_of: dt.date) -> float | None:
    value = rules.value(f"{NS}.{name}", as_of)
    return None if value is None else float(value)  # type: ignore[arg-type]


def thresholds_at(as_of: dt.date, rules: RuleSet | None = None) -> Thresholds:
    """Read the 3A090 thresholds in force on ``as_of`` from the rule set."""
    rules = rules or default_rules()
    structure = rules.entry(f"{NS}.structure", as_of)
    if structure is None:
        return Thresholds("none", "")
    citation = structure.citation
    if structure.value == "io_and_tpp":
        return Thresholds("io_and_tpp", citation, tpp_2022=_number(rules, "tpp_min_2022", as_of),
                          io_min=_number(rules, "io_bandwidth_min_gbs", as_of))
    n = _number
    return Thresholds(
        "tpp_pd_tiers", citation,
        a1_tpp=n(rules, "a1_tpp_min", as_of), a2_tpp=n(rules, "a2_tpp_min", as_of),
        a2_pd=n(rules, "a2_pd_min", as_of),
        b1_tpp_min=n(rules, "b1_tpp_min", as_of), b1_tpp_max=n(rules, "b1_tpp_max", as_of),
        b1_pd_min=n(rules, "b1_pd_min", as_of), b1_pd_max=n(rules, "b1_pd_max", as_of),
        b2_tpp=n(rules, "b2_tpp_min", as_of), b2_pd_min=n(rules, "b2_pd_min", as_of),
        b2_pd_max=n(rules, "b2_pd_max", as_of),
    )


def _category(eccn: str | None, nac: bool, datacenter: str, reasons_text: str) -> str:
    if eccn is None:
        return CATEGORIES[6]
    if eccn == "3A090.a":
        return CATEGORIES[1] if nac else CATEGORIES[0]
    if eccn == "3A090.b":
        return CATEGORIES[2] if nac else CATEGORIES[3]
    if datacenter == "false" and "Note 2" in reasons_text:
        return CATEGORIES[5]
    return CATEGORIES[4]


def plane_points(as_of: dt.date, rules: RuleSet | None = None, catalog: Catalog | None = None) -> list[PlanePoint]:
    """Catalog chips on the plane, classified on ``as_of``; identical points are merged into one label."""
    catalog = catalog or default_catalog()
    merged: dict[tuple[float, float | None, str, str], list[str]] = {}
    exact: dict[tuple[float, float | None, str, str], tuple[float, float | None]] = {}
    key: tuple[float, float | None, str, str]
    where: tuple[float, float | None]
    for item in classify_catalog(as_of, catalog, rules):
        entry, result = item.entry, item.result
        if entry.kind != "chip":
            continue
        short = entry.aliases[0] if entry.aliases else entry.name
        if result is None:
            tpp = total_processing_performance(entry.to_spec().units)
            key, where = (_near(tpp), None, CATEGORIES[6], entry.datacenter_label), (tpp, None)
        else:
            text = " ".join(r.text for r in result.reasons)
            category = _category(result.eccn, result.nac_eligible, entry.datacenter_label, text)
            pd = result.performance_density
            key = (_near(result.tpp or 0.0), None if pd is None else _near(pd), category, entry.datacenter_label)
            where = (result.tpp or 0.0, pd)
        merged.setdefault(key, []).append(short)
        exact.setdefault(key, where)
    return [PlanePoint(_join(labels), *exact[key], key[2], key[3]) for key, labels in merged.items()]


def _near(value: float) -> float:
    """Merge key: three significant figures (989.4 and 989.5 TFLOPS land on the same point)."""
    return float(f"{value:.3g}")


def _join(labels: list[str], width: int = 26) -> str:
    """Join merged labels with " / ", wrapping onto a new line past ``width`` characters."""
    lines = [labels[0]]
    for label in labels[1:]:
        if len(lines[-1]) + 3 + len(label) > width:
            lines.append(label)
        else:
            lines[-1] += " / " + label
    return "\n".join(lines)

