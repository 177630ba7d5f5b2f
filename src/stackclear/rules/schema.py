"""The typed shape of every rule value, checked when the rules load.

One schema per rule (``SCHEMAS``: a rule-id pattern → the type its ``value`` must have). The loader validates
each dated value against it and keeps the typed value, so a misspelt verdict, an unknown key or a country code
that is not ISO-2 fails at load with the file and the key path — it can never silently become HOLD in the
engine. After loading, :func:`link_errors` checks what one file says about another: every group named in a
scope is a Country Group the rule set defines, every policy switch a scope names exists.

The engine reads values through :meth:`stackclear.rules.ruleset.RuleValue.typed` (``rv.typed(Scope)``), never
by ``dict.get`` with a default.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter

Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Eccn = Annotated[str, StringConstraints(pattern=r"^(EAR99|[0-9][A-E][0-9]{3}(\.[0-9a-z]+)*)$")]
ProductGroup = Annotated[str, StringConstraints(pattern=r"^[0-9][A-E]$")]


class Policy(StrEnum):
    """License review policies (the vocabulary of the rule data)."""

    presumption_of_approval = "presumption_of_approval"
    case_by_case = "case_by_case"
    presumption_of_denial = "presumption_of_denial"


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scope(_Value):
    """A destination set: worldwide, named countries, or groups less other groups (rules/data/README.md)."""

    worldwide: bool = False
    groups: tuple[str, ...] = ()
    countries: tuple[Country, ...] = ()
    minus_groups: tuple[str, ...] = ()
    except_countries: tuple[Country, ...] = ()
    paragraphs: tuple[Literal["a", "b", "c", "4E091"], ...] = ()
    switch: str | None = None  # the policy switch (policy.<name>) the value depends on


class Embargo(Scope):
    verdict: Literal["PROHIBITED"]


class NamedDestinations(_Value):
    countries: tuple[Country, ...]
    review_policy: Policy
    ear99_exception: str | None = None
    items: Literal["all", "ccl"] = "all"


class ZItems(_Value):
    a: tuple[str, ...]
    b: tuple[str, ...]


class ItemList(_Value):
    """An end-use control's item scope written as a list: ECCN prefixes or CCL product groups."""

    eccns: tuple[str, ...] = ()
    product_groups: tuple[ProductGroup, ...] = ()


class Control(_Value):
    """An end-use / end-user control of Part 744."""

    end_uses: tuple[str, ...] = Field(min_length=1)
    scope: Scope
    items: Literal["all", "ccl", "supp2"] | ItemList
    review_policy: Policy


class AssumedEccns(_Value):
    chip: str
    computer: str


class ProductionExcludes(_Value):
    end_uses: tuple[str, ...]
    controls: tuple[str, ...]


class Exception_(_Value):
    """A license exception's parameters (the keys each one uses)."""

    exception: str | None = None
    covers: Literal["all_in_scope", "macau_d5_and_headquartered", "other_in_scope"] | None = None
    notification: bool | None = None
    conditions: tuple[str, ...] = ()
    paragraph: str | None = None
    text: str | None = None
    tiers: tuple[Literal["tier1", "tier2"], ...] = ()
    switch: str | None = None
    tpp_per_consignee_year: float | None = None
    destinations: tuple[Country, ...] = ()
    items: str | None = None


class ChinaBand(_Value):
    destinations: tuple[Country, ...]
    export_from: tuple[Country, ...]
    tpp_below: float
    dram_below_gbs: float
    policy: Policy
    conditions: tuple[str, ...] = ()


class SplitPolicy(_Value):
    d5_macau: Policy
    other: Policy


class Oct2023Letters(_Value):
    products: tuple[str, ...]
    scope: Scope
    review_policy: Policy | SplitPolicy


class H20Letters(_Value):
    products: tuple[str, ...]
    scope: Scope
    headquartered: Scope
    duration: str


class H20Trigger(_Value):
    memory_bandwidth_min_gbs: float
    interconnect_min_gbs: float


class Guidance(_Value):
    products: tuple[str, ...]
    text: str


Verdict = Literal["PROHIBITED", "LICENSE_REQUIRED", "HOLD", "NONE"]


class Consequence(_Value):
    """What a match on a restricted-party list means (``lists.consequences.<source code>``)."""

    verdict: Verdict
    items: Literal["all", "covered", "none"] = "all"
    exceptions: bool = True
    review_policy: Policy | Literal["entry"] | None = None
    statement: str | None = None
    text: str


class Ownership(_Value):
    threshold: float = Field(gt=0, le=1)
    sources: tuple[str, ...]
    verdict: Verdict


class Footnote(_Value):
    footnote: str
    fdp: str
    text: str


class Carveout(_Value):
    pattern: str = Field(min_length=1)
    kinds: Literal["all"] | tuple[str, ...]
    text: str


class ProgramPart(_Value):
    """One part (A-E) of a full-stack package under EO 14320."""

    title: str
    citation: str


class ProgramUsContent(_Value):
    layer: Literal["A", "B", "C", "D", "E"]


class ProgramTargets(_Value):
    min: int = Field(ge=1)


class ProgramExportControls(_Value):
    classification: str
    screening: str


class SecurityCondition(_Value):
    """Security measures the rules condition on for the destinations of ``scope`` (``stackclear readiness``)."""

    scope: Scope
    measures: dict[str, str] = Field(min_length=1)


_SCALAR = float | int | bool | str

#: Rule-id pattern (fnmatch) → the type of its value; the first matching pattern wins, every rule must match one.
SCHEMAS: tuple[tuple[str, Any], ...] = (
    ("country_groups.groups.*", tuple[Country, ...]),
    ("country_groups.blocs.*", tuple[Country, ...]),
    ("country_groups.treatment.macau_with_d5", tuple[Country, ...]),
    ("country_groups.treatment.note_*", str),
    ("country_groups.treatment.*", Country),
    ("eccn.*", _SCALAR),
    ("embargo.destinations.comprehensive", Embargo),
    ("embargo.destinations.*", NamedDestinations),
    ("end_use.controls.production_excludes", ProductionExcludes),
    ("end_use.controls.supp2_eccns", tuple[str, ...]),
    ("end_use.controls.assumed_eccns", AssumedEccns),
    ("end_use.controls.*", Control),
    ("license.exceptions.nac_notification_days", int),
    ("license.exceptions.nac_aca_exclusions", tuple[str, ...]),
    ("license.exceptions.allowed", tuple[str, ...]),
    ("license.exceptions.*", Exception_),
    ("license.review_policy.china_band", ChinaBand),
    ("license.review_policy.china_band_unverified_conditions", tuple[str, ...]),
    ("license.review_policy.*", Policy),
    ("license.scope.z_items", ZItems),
    ("license.scope.*", Scope),
    ("lists.consequences.ofac_ownership", Ownership),
    ("lists.consequences.EL_footnotes", dict[str, Footnote]),
    ("lists.consequences.EL_carveouts", tuple[Carveout, ...]),
    ("lists.consequences.*", Consequence),
    ("overlays.products.oct2023_letters", Oct2023Letters),
    ("overlays.products.h20_letters", H20Letters),
    ("overlays.products.h20_trigger", H20Trigger),
    ("overlays.products.h20_review", Policy),
    ("overlays.products.ascend_gp10", Guidance),
    ("program.american_ai_exports.layers", dict[Literal["A", "B", "C", "D", "E"], ProgramPart]),
    ("program.american_ai_exports.us_content", ProgramUsContent),
    ("program.american_ai_exports.targets", ProgramTargets),
    ("program.american_ai_exports.roles", tuple[Literal["builder", "owner", "operator"], ...]),
    ("program.american_ai_exports.export_controls", ProgramExportControls),
    ("program.american_ai_exports.security_*", SecurityCondition),
    ("policy.affiliates.threshold", float),
    ("policy.*.sources", tuple[str, ...]),
    ("policy.diffusion_tiers.tier1", tuple[Country, ...]),
    ("policy.diffusion_tiers.tier3", Scope),
    ("policy.*", bool),
)

#: The namespaces the engine reads: every rule in them must have a schema. Rules in other namespaces (a test's
#: sample file, an extension nobody reads yet) keep their YAML values as written.
TYPED_NAMESPACES = frozenset({"country_groups", "eccn", "embargo", "end_use", "license", "lists", "overlays", "program",
                              "policy"})

_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def schema_for(rule_id: str) -> tuple[str, TypeAdapter[Any]] | None:
    """The (pattern, adapter) a rule's values must satisfy; None when no schema names a rule of a typed
    namespace (an error at load); ``("*", Any)`` for rules outside the typed namespaces."""
    if rule_id.split(".", 1)[0] not in TYPED_NAMESPACES:
        if "*" not in _ADAPTERS:
            _ADAPTERS["*"] = TypeAdapter(Any)
        return "*", _ADAPTERS["*"]
    for pattern, kind in SCHEMAS:
        if fnmatch.fnmatchcase(rule_id, pattern):
            if pattern not in _ADAPTERS:
                _ADAPTERS[pattern] = TypeAdapter(kind)
            return pattern, _ADAPTERS[pattern]
    return None


def _walk(value: object, path: str) -> Iterator[tuple[object, str]]:
    yield value, path
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, tuple):
        for i, part in enumerate(value):
            yield from _walk(part, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, part in value.items():
            yield from _walk(part, f"{path}.{key}")


def link_errors(value: object, path: str, groups: set[str], switches: set[str]) -> list[tuple[str, str]]:
    """(key path, problem) for each group or switch a typed value names that the rule set does not define."""
    out: list[tuple[str, str]] = []
    for part, where in _walk(value, path):
        if isinstance(part, Scope | Exception_):
            for key in ("groups", "minus_groups") if isinstance(part, Scope) else ():
                for i, name in enumerate(getattr(part, key)):
                    if name not in groups:
                        out.append((f"{where}.{key}[{i}]", f"unknown Country Group {name!r}; expected one of "
                                                           f"{', '.join(sorted(groups))}"))
            if part.switch is not None and part.switch not in switches:
                out.append((f"{where}.switch", f"unknown policy switch {part.switch!r}; expected one of "
                                               f"{', '.join(sorted(switches))}"))
    return out
