"""Rendering of the comparison of two determinations (:mod:`stackclear.determine.changes` decides what changed
and which rule values caused it; this module only arranges it for the terminal and JSON) and the policy
analyst's portfolio summary over many packages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from stackclear.determine.changes import ItemChange, PackageChange, RuleChange, compare_determinations

#: The comparison of one package at two dates (the typed result of determine.changes).
PackageDiff = PackageChange

__all__ = ["ItemChange", "PackageDiff", "Portfolio", "RuleChange", "compare_determinations", "portfolio"]


@dataclass(slots=True)
class Portfolio:
    """The policy analyst's summary over many packages."""

    from_date: str
    to_date: str
    packages: list[PackageDiff]
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def line_items(self) -> int:
        return sum(len(p.items) for p in self.packages)

    def transitions(self) -> list[dict[str, Any]]:
        """(from → to) with the number of line items, the packages, and the rule changes cited, most first."""
        counts: Counter[tuple[str, str]] = Counter()
        packages: dict[tuple[str, str], set[str]] = {}
        causes: dict[tuple[str, str], Counter[str]] = {}
        citations: dict[str, str] = {}
        for pkg in self.packages:
            for item in pkg.changed_items:
                key = (item.state_before, item.state_after)
                if item.state_before == item.state_after:  # same verdict, new classification: say which
                    key = (f"{item.state_before} ({item.eccn_before})", f"{item.state_after} ({item.eccn_after})")
                counts[key] += 1
                packages.setdefault(key, set()).add(pkg.name)
                bucket = causes.setdefault(key, Counter())
                for cause in [c for c in item.causes if c.kind != "read"] or item.causes:  # changes first
                    bucket[cause.rule] += 1
                    citations.setdefault(cause.rule, cause.citation)
        out = []
        for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append({
                "from": key[0], "to": key[1], "line_items": count, "packages": sorted(packages[key]),
                "causes": [{"rule": r, "line_items": n, "citation": citations.get(r, "")}
                           for r, n in sorted(causes[key].items(), key=lambda kv: (-kv[1], kv[0]))],
            })
        return out

    def to_dict(self) -> dict[str, Any]:
        flipped = sum(len(p.changed_items) for p in self.packages)
        return {
            "from": self.from_date, "to": self.to_date, "packages": len(self.packages),
            "line_items": self.line_items, "line_items_changed": flipped,
            "line_items_reasons_changed": sum(len(p.reasoned_items) for p in self.packages),
            "package_verdicts_changed": sum(p.verdict_before != p.verdict_after for p in self.packages),
            "transitions": self.transitions(),
            "by_package": [{"name": p.name, "source": p.source, "verdict_from": p.verdict_before,
                            "verdict_to": p.verdict_after, "line_items": len(p.items),
                            "line_items_changed": len(p.changed_items)} for p in self.packages],
            "errors": self.errors,
        }


def portfolio(diffs: Sequence[PackageDiff], from_date: str, to_date: str,
              errors: Sequence[dict[str, str]] = ()) -> Portfolio:
    return Portfolio(from_date, to_date, list(diffs), list(errors))
