"""Classify any catalog item: a chip directly (3A090), a system from the chips it contains (4A090).

Why here and not in classify: the classification engine knows nothing about the catalog; it takes
specs and chip classifications. This module is the thin bridge that turns a catalog entry into those
inputs, so ``catalog list``, the plot and package evaluation all classify catalog items the same way.
"""

from __future__ import annotations

import datetime as dt

from stackclear.catalog.catalog import Catalog, CatalogEntry, default_catalog
from stackclear.classify.chips import classify_chip
from stackclear.classify.computers import classify_computer
from stackclear.classify.result import Classification
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
