"""Classify any catalog item: a chip directly (3A090), a system from the chips it contains (4A090).

Why here and not in classify: the classification engine knows nothing about the catalog; it takes
specs and chip classifications. This module is the thin bridge that turns a catalog entry into those
inputs, so ``catalog list``, the plot and package evaluation all classify catalog items the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stackclear.catalog.catalog import Catalog, CatalogEntry, default_catalog
from stackclear.classify.chips import classify_chip
from stackclear.classify.computers import classify_computer
from stackclear.classify.result import Classification
from stackclear.errors import SpecError
from stackclear.rules.ruleset import RuleSet


def classify_catalog_item(
    entry: CatalogEntry,
    as_of: dt.date,
    rules: RuleSet | None = None,
    catalog: Catalog | None = None,
) -> Classification:
    """Classify a catalog chip under 3A090, or a catalog system under 4A090 from its (flattened) chips.

    Raises :class:`~stackclear.errors.SpecError` when the figures cannot settle the question (e.g. a
    chip in the performance-density band with no published die area).
    """
    if entry.kind == "chip":
        return classify_chip(entry.to_spec(), as_of, rules)
    catalog = catalog or default_catalog()
    contents = [(classify_chip(chip.to_spec(), as_of, rules), quantity) for chip, quantity in catalog.contents(entry)]
    return classify_computer(entry.name, contents, as_of, rules)


def classify_catalog_name(name: str, as_of: dt.date, rules: RuleSet | None = None,
                          catalog: Catalog | None = None) -> Classification:
    """Look ``name`` up forgivingly and classify it (raises CatalogError for unknown/ambiguous names)."""
    catalog = catalog or default_catalog()
    return classify_catalog_item(catalog.lookup(name), as_of, rules, catalog)


@dataclass(frozen=True, slots=True)
class CatalogItemResult:
    """One catalog entry with its classification on a date, or the reason it could not be settled."""

    entry: CatalogEntry
    result: Classification | None
    error: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Flat JSON shape used by ``catalog list --json``."""
        entry, result = self.entry, self.result
        out: dict[str, object] = {
            "name": entry.name, "vendor": entry.vendor, "kind": entry.kind, "release_year": entry.release_year,
            "aliases": list(entry.aliases), "datacenter": entry.datacenter_label or None,
            "tpp": None if result is None else result.tpp,
            "performance_density": None if result is None or result.performance_density is None
            else round(result.performance_density, 4),
            "eccn": None if result is None else result.eccn,
            "paragraph": None if result is None else result.paragraph,
            "nac_eligible": None if result is None else result.nac_eligible,
            "as_of": None if result is None else result.as_of,
            "sources": dict(entry.sources),
        }
        if entry.kind == "system":
            out["contains"] = [{"catalog": ref, "quantity": q} for ref, q in entry.contains]
        if self.error is not None:
            out["error"] = self.error
        return out


def classify_catalog(as_of: dt.date, catalog: Catalog | None = None,
                     rules: RuleSet | None = None) -> list[CatalogItemResult]:
    """Classify every catalog entry on ``as_of``; entries the figures cannot settle carry the error text."""
    catalog = catalog or default_catalog()
    out = []
    for entry in catalog:
        try:
            out.append(CatalogItemResult(entry, classify_catalog_item(entry, as_of, rules, catalog)))
        except SpecError as exc:
            out.append(CatalogItemResult(entry, None, str(exc)))
    return out
