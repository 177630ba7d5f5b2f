"""The export package format of DESIGN.md (YAML/JSON), as pydantic models.

A package says what ships (items by stack layer), to where (destination, export_from), to whom (parties with
roles, headquarters and owners) and for what (end uses), on which date. Unknown keys are rejected so a typo
never silently drops a fact.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

import pycountry
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Layer(StrEnum):
    hardware = "hardware"
    datacenter = "datacenter"
    cloud = "cloud"
    networking = "networking"
    data = "data"
    models = "models"
    security = "security"
    software = "software"
    applications = "applications"
    services = "services"


class ItemKind(StrEnum):
    chip = "chip"
    computer = "computer"
    hbm = "hbm"
    networking = "networking"
    model_weights = "model_weights"
    software = "software"
    dataset = "dataset"
    application = "application"
    service = "service"


class PartyRole(StrEnum):
    end_user = "end_user"
    consignee = "consignee"
    intermediate_consignee = "intermediate_consignee"
    purchaser = "purchaser"
    # business and delivery model of a full-stack package (EO 14320): who builds, owns and operates
    builder = "builder"
    owner = "owner"
    operator = "operator"


class Program(StrEnum):
    """Export-promotion programs a package can be proposed under."""

    american_ai_exports = "american_ai_exports"  # EO 14320 (2025-07-23)


class ProgramLayer(StrEnum):
    """The five parts of a full-stack AI export package (EO 14320 § 3(b)(i)(A)-(E))."""

    A = "A"  # AI-optimized hardware, data-center storage, cloud services, networking
    B = "B"  # data pipelines and labeling systems
    C = "C"  # AI models and systems
    D = "D"  # security and cybersecurity measures
    E = "E"  # AI applications for specific use cases


# The program layer an item's ``layer`` gives when the item does not set ``program_layer`` (software and
# services can belong to several parts: they take none by default and readiness asks for one).
PROGRAM_LAYER_OF: dict[str, ProgramLayer | None] = {
    "hardware": ProgramLayer.A, "datacenter": ProgramLayer.A, "cloud": ProgramLayer.A,
    "networking": ProgramLayer.A, "data": ProgramLayer.B, "models": ProgramLayer.C, "security": ProgramLayer.D,
    "applications": ProgramLayer.E, "software": None, "services": None,
}


class EndUse(StrEnum):
    datacenter = "datacenter"
    commercial = "commercial"
    research = "research"
    supercomputer = "supercomputer"
    advanced_ic_production = "advanced_ic_production"
    ic_production = "ic_production"
    ic_packaging = "ic_packaging"  # back-end assembly, test and packaging (not "production", § 744.23(a)(5))
    sme_production = "sme_production"
    military = "military"
    military_intelligence = "military_intelligence"
    wmd = "wmd"
    model_training = "model_training"
    inference = "inference"


def _country(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if len(code) != 2 or not code.isalpha() or (code not in _EXTRA_CODES and pycountry.countries.get(alpha_2=code)
                                                is None):
        raise ValueError(f"expected an ISO 3166-1 alpha-2 country code such as 'CN', got {value!r}")
    return code


# Codes in use on the US lists that ISO 3166-1 does not assign (Kosovo).
_EXTRA_CODES = frozenset({"XK"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Owner(_Strict):
    """An owner of a party with its share (0..1); owners are screened too (affiliates rule, 90 FR 47201)."""

    name: str = Field(min_length=1)
    country: str | None = None
    headquarters: str | None = None
    share: float = Field(ge=0.0, le=1.0, description="ownership share 0..1")
    owners: list[Owner] = Field(default_factory=list, description="owners of this owner (chains)")

    _c = field_validator("country", "headquarters")(lambda cls, v: _country(v))  # noqa: E731


class Party(_Strict):
    """A party to the transaction, screened against restricted-party lists; HQ and parent drive §744.23."""

    role: PartyRole
    name: str = Field(min_length=1)
    country: str | None = Field(default=None, description="ISO-2 country where the party is located")
    headquarters: str | None = Field(default=None, description="ISO-2 country of headquarters")
    ultimate_parent_country: str | None = Field(default=None, description="ISO-2 country of the ultimate parent")
    address: str | None = None
    schema_: str | None = Field(default=None, alias="schema")
    owners: list[Owner] = Field(default_factory=list)

    _c = field_validator("country", "headquarters", "ultimate_parent_country")(lambda cls, v: _country(v))  # noqa: E731


class _ChipFields(_Strict):
    """A chip given by catalog reference or inline specs (the ``classify chips`` contract's fields)."""

    catalog: str | None = None
    tops: dict[str, float] | None = None
    units: list[dict[str, Any]] | None = None
    die_area_mm2: float | None = None
    datacenter: bool | str | None = None
    memory_bandwidth_gbs: float | None = None
    interconnect_gbs: float | None = None


#: The inline chip figures (the ``classify chips`` contract's fields besides ``catalog``).
CHIP_SPEC_FIELDS = tuple(name for name in _ChipFields.model_fields if name != "catalog")


class ChipRef(_ChipFields):
    """A part inside a computer: a chip (catalog reference or inline specs, as in ``classify chips``) or an
    HBM stack (``kind: hbm`` with its bandwidth and package area). ``kind`` defaults to chip."""

    kind: Literal["chip", "hbm"] = Field(default="chip", description="chip (default) or hbm, as for a top-level item")
    quantity: int = Field(default=1, ge=1)
    package_area_mm2: float | None = Field(default=None, gt=0, description="HBM: package or stack area (mm²)")

    @model_validator(mode="after")
    def _one_source(self) -> ChipRef:
        if self.kind == "hbm":
            if self.memory_bandwidth_gbs is None or self.package_area_mm2 is None:
                raise ValueError("kind hbm needs memory_bandwidth_gbs and package_area_mm2")
            return self
        if self.catalog is None and self.tops is None and self.units is None:
            raise ValueError("give either catalog: NAME or inline tops: {precision: TOPS}")
        return self


class UsContent(_Strict):
    """How much of the value is manufactured in the United States, and on what basis (EO 14320 § 3(b)(i)(A))."""

    share: float = Field(ge=0.0, le=1.0, description="share of value manufactured in the US, 0..1")
    basis: str = Field(min_length=1, description="how the share was established (e.g. bill of materials by value)")
    as_of: dt.date | None = Field(default=None, description="date of the statement")


class Item(_ChipFields):
    """One line of the package: a stack layer and kind, a catalog reference or inline specs, a quantity."""

    id: str = Field(min_length=1)
    layer: Layer
    kind: ItemKind
    description: str | None = None
    quantity: int = Field(default=1, ge=1)
    value_usd: float | None = Field(default=None, ge=0)
    eccn: str | None = Field(default=None, description="self-classified ECCN for kinds stackclear does not compute")
    # chips (kind: chip): catalog or inline specs, inherited from _ChipFields
    # computers
    contains: list[ChipRef] = Field(default_factory=list)
    # hbm
    package_area_mm2: float | None = None
    # model weights
    training_ops: float | None = Field(default=None, ge=0)
    published: bool = False
    derived_from_published: bool = False
    additional_training_ops: float | None = Field(default=None, ge=0)
    # software / services
    encryption: bool | None = None
    # a temporary export (License Exception TMP, limited to § 740.9(a)(6) for advanced-computing items)
    temporary: bool = Field(default=False, description="a temporary export that returns (License Exception TMP)")
    temporary_reason: str | None = Field(
        default=None, min_length=1,
        description="required with temporary: true — why the export is temporary (e.g. tools of trade for the "
        "exporter's employees, returned within a year)")
    # American AI Exports Program (optional): the package part this line fills, its US content, its measures
    program_layer: ProgramLayer | None = Field(
        default=None, description="program layer A-E (EO 14320); default derived from layer")
    us_content: UsContent | None = Field(default=None, description="US-manufactured share of this line (hardware)")
    measures: list[str] = Field(
        default_factory=list, description="security measures this line implements (program layer D), e.g. kyc")

    @property
    def program_part(self) -> ProgramLayer | None:
        """``program_layer`` if set, else the part ``layer`` gives (None for software and services)."""
        return self.program_layer if self.program_layer is not None else PROGRAM_LAYER_OF.get(self.layer.value)

    @model_validator(mode="after")
    def _kind_fields(self) -> Item:
        if self.kind == ItemKind.chip and self.catalog is None and self.tops is None and self.units is None:
            raise ValueError("kind chip needs catalog: NAME or inline tops: {precision: TOPS}")
        if self.kind == ItemKind.computer and not self.contains and self.catalog is None:
            raise ValueError("kind computer needs contains: [{catalog: ..., quantity: N}] or catalog: SYSTEM")
        if self.kind == ItemKind.hbm and (self.memory_bandwidth_gbs is None or self.package_area_mm2 is None):
            raise ValueError("kind hbm needs memory_bandwidth_gbs and package_area_mm2")
        if self.temporary and not self.temporary_reason:
            raise ValueError("temporary: true needs temporary_reason: why the export is temporary (License "
                             "Exception TMP, § 740.9)")
        if self.temporary_reason and not self.temporary:
            raise ValueError("temporary_reason is given but temporary is not true")
        return self


#: Item fields that describe the line, not what it is: classification never depends on them.
LINE_FIELDS = frozenset({"id", "layer", "description", "quantity", "value_usd", "temporary", "temporary_reason"})


class Package(_Strict):
    """A full-stack AI export package (DESIGN.md): what ships, to where, to whom, for what, on which date."""

    name: str = Field(min_length=1)
    date: dt.date | None = Field(default=None, description="as-of date for the rules (overridden by --as-of)")
    destination: str = Field(description="ISO-2 ship-to country")
    export_from: str = Field(default="US", description="ISO-2 country the items ship from")
    parties: list[Party] = Field(default_factory=list)
    end_uses: list[EndUse] = Field(default_factory=list)
    items: list[Item] = Field(
        default_factory=list, description="what ships; at least one item (here, from bom:, or both)"
    )
    bom: str | None = Field(
        default=None,
        description="CycloneDX 1.6 JSON BOM whose components the loader imports as items (path relative to "
        "the package file)",
    )
    lists: list[str] | None = Field(
        default=None,
        description="restricted-party list files (relative paths resolve against the package file's folder); "
        "else the stored current lists",
    )
    policy: dict[str, Any] = Field(default_factory=dict, description="policy switch overrides, e.g. diffusion.enforced")
    # American AI Exports Program (optional; `stackclear readiness` checks them)
    program: Program | None = Field(default=None, description="program the package is proposed under")
    us_content: UsContent | None = Field(
        default=None, description="US-manufactured share of the hardware layer's value, with its basis")
    targets: list[str] = Field(
        default_factory=list,
        description="target countries or blocs: ISO codes, country groups (A:5) or blocs (GCC, EU, ...)")

    @field_validator("targets")
    @classmethod
    def _targets(cls, targets: list[str]) -> list[str]:
        for index, token in enumerate(targets):
            if not token.strip():
                raise ValueError(f"targets[{index}] is empty; expected an ISO code, a group (A:5) or a bloc (GCC)")
        return [t.strip() for t in targets]

    _c = field_validator("destination", "export_from")(lambda cls, v: _country(v))  # noqa: E731

    @field_validator("items")
    @classmethod
    def _items(cls, items: list[Item]) -> list[Item]:
        """At least one item, unique ids (reasons and diffs are keyed on the id)."""
        if not items:
            raise ValueError("a package needs at least one item (items: [...] or bom: FILE)")
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id in seen:
                raise ValueError(f"duplicate item id {item.id!r} (items[{seen[item.id]}] and items[{index}])")
            seen[item.id] = index
        return items
