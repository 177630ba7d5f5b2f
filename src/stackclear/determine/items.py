"""Classify a package item into the facts the license rules need.

Chips, computers, HBM and model weights go through :mod:`stackclear.classify` (catalog references through
:mod:`stackclear.catalog`). Kinds stackclear does not compute (networking, software, dataset, application,
service) take the item's self-declared ``eccn`` or default to EAR99, with a caveat: end-use and end-user
controls still apply to them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from stackclear.catalog import Catalog, CatalogEntry, default_catalog
from stackclear.classify import (
    ChipSpec,
    Classification,
    Reason,
    chip_spec_from_dict,
    classify_chip,
    classify_computer,
    classify_hbm,
    classify_model_weights,
)
from stackclear.errors import SpecError
from stackclear.model.package import CHIP_SPEC_FIELDS, LINE_FIELDS, ChipRef, Item
from stackclear.rules.ruleset import RuleSet, RuleValue, unverified_caveat
from stackclear.rules.schema import ZItems

#: What classification may depend on: every field of the model except those describing the line (derived
#: from the model, so a new field is part of the engine's memo key without anyone remembering to add it).
CLASSIFY_FIELDS = tuple(name for name in Item.model_fields if name not in LINE_FIELDS)
SPEC_FIELDS = CHIP_SPEC_FIELDS
ECCN_RE = re.compile(r"^(EAR99|[0-9][A-E][0-9]{3}(\.[0-9a-z]+)*)$", re.IGNORECASE)


@dataclass(slots=True)
class ItemFacts:
    """What an item is on the date: ECCN, advanced-computing tier and the chip facts overlays look at."""

    eccn: str
    tier: str | None  # "a" | "b" | "c" | "4E091" | None (not an advanced-computing item)
    classification: Classification | None = None
    self_declared: bool = False
    chip_list: list[tuple[ChipSpec, Classification, int]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # catalog names and aliases (for product overlays)
    caveats: list[str] = field(default_factory=list)
    notes: list[Reason] = field(default_factory=list)  # reasons of the self-declared path (e.g. .z tiers)
    reads: list[RuleValue] = field(default_factory=list)  # rule values those reasons rest on
    figures_read: bool = False  # set when a rule reads the chips' own figures (see ``chips``)
    _caveats: list[str] | None = None  # all caveats of the classification, built once (``all_caveats``)

    @property
    def chips(self) -> list[tuple[ChipSpec, Classification, int]]:
        """The chips with their own figures (TPP, bandwidths). Reading them marks the rule stage as depending
        on the figures, so the engine keys its shared result on them (by construction, not by convention)."""
        self.figures_read = True
        return self.chip_list

    @property
    def has_chips(self) -> bool:
        """Whether the item holds chips (their ECCNs are part of every stage key: reading this is free)."""
        return bool(self.chip_list)

    def all_caveats(self) -> list[str]:
        """Caveats of the classification (its own and its unverified rule values), once per distinct item."""
        if self._caveats is None:
            result = self.classification
            out = [*result.caveats, *result.trace.caveats()] if result is not None else [
                unverified_caveat(v) for v in self.reads if not v.verified]
            self._caveats = out + [line for line in self.caveats if line not in out]
        return self._caveats

    @property
    def subject_to_ear(self) -> bool:
        return True

    @property
    def ccl(self) -> bool:
        """Listed on the Commerce Control List (anything but EAR99)."""
        return self.eccn.upper() != "EAR99"


def chip_label(spec: ChipSpec) -> str:
    """How reasons name a chip: its catalog name, or "inline chip" (never the line id, so that identical
    lines share their reasoning)."""
    return spec.name or "inline chip"


def _inline_spec(ident: str, source: Item | ChipRef) -> ChipSpec:
    data: dict[str, Any] = {"id": ident}
    for name in SPEC_FIELDS:
        value = getattr(source, name)
        if value is not None:
            data[name] = value
    return chip_spec_from_dict(data)


def _chip(ident: str, source: Item | ChipRef, catalog: Catalog) -> tuple[ChipSpec, CatalogEntry | None]:
    if source.catalog is not None:
        entry = catalog.lookup(source.catalog)
        if entry.kind != "chip":
            raise SpecError("catalog", f"{entry.name!r} is a {entry.kind}, not a chip")
        return entry.to_spec(ident), entry
    return _inline_spec(ident, source), None


def _tier_of(eccn: str) -> str | None:
    upper = eccn.upper()
    if upper == "4E091":
        return "4E091"
    for family in ("3A090.", "4A090."):
        if upper.startswith(family) and len(upper) > len(family):
            para = upper[len(family)].lower()
            return para if para in {"a", "b", "c"} else None
    return None


def classify_item(item: Item, as_of: dt.date, rules: RuleSet, policy: dict[str, object],
                  catalog: Catalog | None = None) -> ItemFacts:
    """Classify one package item (raises SpecError/CatalogError naming the field)."""
    catalog = catalog or default_catalog()
    kind = item.kind.value
    if kind == "chip":
        spec, entry = _chip(item.id, item, catalog)
        result = classify_chip(spec, as_of, rules)
        facts = ItemFacts(result.eccn, _tier_of(result.eccn), result, chip_list=[(spec, result, 1)])
        if entry is not None:
            facts.names.extend(entry.labels())
        return facts
    if kind == "computer":
        return _computer(item, as_of, rules, catalog)
    if kind == "hbm":
        assert item.memory_bandwidth_gbs is not None and item.package_area_mm2 is not None
        result = classify_hbm(item.id, item.memory_bandwidth_gbs, item.package_area_mm2, as_of, rules)
        return ItemFacts(result.eccn, _tier_of(result.eccn), result)
    if kind == "model_weights" and item.eccn is None:
        result = classify_model_weights(
            item.id, item.training_ops, as_of, published=item.published,
            derived_from_published=item.derived_from_published,
            additional_training_ops=item.additional_training_ops, policy=policy, rules=rules,
        )
        eccn = result.eccn if result.controlled else "EAR99"
        facts = ItemFacts(eccn, _tier_of(result.eccn), result)
        if not result.controlled:
            facts.caveats.append("model weights outside 4E091 are treated as EAR99 (published weights are not "
                                 "subject to the EAR at all, § 734.7)")
        return facts
    return _declared(item, as_of, rules)


def _computer(item: Item, as_of: dt.date, rules: RuleSet, catalog: Catalog) -> ItemFacts:
    chips: list[tuple[ChipSpec, Classification, int]] = []
    names: list[str] = []
    hbm_parts: list[str] = []
    if item.contains:
        for i, ref in enumerate(item.contains):
            if ref.kind == "hbm":
                hbm_parts.append(f"{ref.quantity} × HBM ({ref.memory_bandwidth_gbs:g} GB/s, "
                                 f"{ref.package_area_mm2:g} mm²)")
                continue
            # never the line id: identical lines share one classification (engine memo)
            label = ref.catalog if ref.catalog is not None else f"inline chip #{i + 1}"
            spec, entry = _chip(label, ref, catalog)
            chips.append((spec, classify_chip(spec, as_of, rules), ref.quantity))
            if entry is not None:
                names.extend(entry.labels())
    else:
        assert item.catalog is not None
        system = catalog.lookup(item.catalog)
        names.extend(system.labels())
        if system.kind == "chip":
            raise SpecError("catalog", f"{system.name!r} is a chip; use kind: chip or list it under contains:")
        for chip_entry, quantity in catalog.contents(system):
            spec = chip_entry.to_spec(chip_entry.name)
            chips.append((spec, classify_chip(spec, as_of, rules), quantity))
            names.extend(chip_entry.labels())
    result = classify_computer(item.id, [(c, q) for _, c, q in chips], as_of, rules)
    facts = ItemFacts(result.eccn, _tier_of(result.eccn), result, chip_list=chips, names=names)
    if hbm_parts:
        facts.caveats.append(f"HBM inside the computer ({'; '.join(hbm_parts)}) is classified with the computer "
                             "by its ICs; 3A090.c applies to HBM exported on its own — list it as its own item if it "
                             "ships separately")
    return facts


def _declared(item: Item, as_of: dt.date, rules: RuleSet) -> ItemFacts:
    if item.eccn is None:
        facts = ItemFacts("EAR99", None, self_declared=True)
        facts.caveats.append(f"kind {item.kind.value} is not classified by stackclear and no eccn was declared: "
                             "treated as EAR99 (end-use and end-user controls still applied)")
        return facts
    eccn = item.eccn.strip()
    if not ECCN_RE.match(eccn):
        raise SpecError("eccn", f"expected an ECCN such as 5D992 or 3A090.a, or EAR99, got {item.eccn!r}")
    facts = ItemFacts(eccn, _tier_of(eccn), self_declared=True)
    facts.caveats.append(f"ECCN {eccn} is self-declared, not computed by stackclear")
    if facts.tier is None and ".z" in eccn.lower():
        _z_tier(facts, eccn, as_of, rules)
    return facts


def _z_tier(facts: ItemFacts, eccn: str, as_of: dt.date, rules: RuleSet) -> None:
    """A self-declared .z ECCN follows the .a or .b advanced-computing requirement (license.scope.z_items)."""
    rv = rules.entry("license.scope.z_items", as_of)
    if rv is None:
        return
    z_items = rv.typed(ZItems)
    for tier, listed_as in (("a", z_items.a), ("b", z_items.b)):
        listed = [e.lower() for e in listed_as]
        if eccn.lower() in listed or any(eccn.lower().startswith(e + ".") for e in listed):
            facts.tier = tier
            facts.reads.append(rv)
            facts.notes.append(Reason.of(rv, f"{eccn} is a .z item that follows the 3A090/4A090 .{tier} "
                                             "license requirement"))
            return
    facts.reads.append(rv)
    facts.notes.append(Reason.of(rv, f"{eccn}: a .z paragraph not mapped to .a or .b — advanced-computing "
                                     "requirements not applied"))
    facts.caveats.append(f"{eccn}: unmapped .z paragraph; check § 742.6(a)(6) by hand")
