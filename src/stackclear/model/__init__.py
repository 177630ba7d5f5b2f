"""Typed domain model: export packages (items, parties, end uses)."""

from stackclear.model.package import (
    ChipRef,
    EndUse,
    Item,
    ItemKind,
    Layer,
    Owner,
    Package,
    Party,
    PartyRole,
)

__all__ = ["ChipRef", "EndUse", "Item", "ItemKind", "Layer", "Owner", "Package", "Party", "PartyRole"]
