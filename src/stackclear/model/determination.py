"""The result of a license determination: verdicts per item and party, reasons, caveats, provenance.

The JSON shape is the ``evaluate --json`` contract of DESIGN.md (``verdict``, ``items``, ``parties``,
``rule_set``, ``lists``) plus extras (``as_of``, ``destination``, ``caveats``, ``matcher``, ``rules_read``,
``policy``). :meth:`Determination.to_json` is deterministic: keys sorted, lists in a fixed order, no
timestamps, so the same inputs and date give byte-identical output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum

from stackclear.reasons import Reason
from stackclear.rules.ruleset import RuleValue


class Verdict(StrEnum):
    """Verdict vocabulary of DESIGN.md, declared from least to most strict."""

    NO_LICENSE_REQUIRED = "NO_LICENSE_REQUIRED"
    LICENSE_EXCEPTION = "LICENSE_EXCEPTION"
    LICENSE_REQUIRED = "LICENSE_REQUIRED"
    HOLD = "HOLD"
    PROHIBITED = "PROHIBITED"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {v: i for i, v in enumerate(Verdict)}


class ReviewPolicy(StrEnum):
    """License review policies, declared from least to most strict."""

    presumption_of_approval = "presumption_of_approval"
    case_by_case = "case_by_case"
    presumption_of_denial = "presumption_of_denial"

    @property
    def severity(self) -> int:
        return _POLICY_SEVERITY[self]


_POLICY_SEVERITY = {v: i for i, v in enumerate(ReviewPolicy)}


def strictest(verdicts: list[Verdict]) -> Verdict:
    """PROHIBITED > HOLD > LICENSE_REQUIRED > LICENSE_EXCEPTION > NO_LICENSE_REQUIRED."""
    return max(verdicts, key=lambda v: v.severity, default=Verdict.NO_LICENSE_REQUIRED)


@dataclass(slots=True)
class ItemDetermination:
    """One line item: its ECCN on the date and what it needs to ship."""

    id: str
    kind: str
    eccn: str
    verdict: Verdict
    quantity: int = 1
    paragraph: str | None = None
    license_exception: str | None = None
    review_policy: ReviewPolicy | None = None
    reasons: list[Reason] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    tpp: float | None = None
    pending: list[dict[str, str]] = field(default_factory=list)  # requirements before their compliance date

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id, "kind": self.kind, "eccn": self.eccn, "verdict": self.verdict.value,
            "quantity": self.quantity, "paragraph": self.paragraph,
            "reasons": [r.to_dict() for r in self.reasons],
            "caveats": list(self.caveats), "conditions": list(self.conditions),
        }
        if self.tpp is not None:
            out["tpp"] = self.tpp
        if self.pending:
            out["pending"] = [dict(p) for p in self.pending]
        if self.license_exception is not None:
            out["license_exception"] = self.license_exception
        if self.review_policy is not None:
            out["review_policy"] = self.review_policy.value
        return out


@dataclass(slots=True)
class PartyDetermination:
    """One party (or owner): its screening outcome and the consequence it carries for the items."""

    name: str
    role: str
    country: str | None
    decision: str  # clear | hit | review | unavailable
    verdict: Verdict
    hits: list[dict[str, object]] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    owned_by: str | None = None  # for owners: the party (or owner) they own

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name, "role": self.role, "country": self.country, "decision": self.decision,
            "verdict": self.verdict.value, "hits": self.hits, "reasons": [r.to_dict() for r in self.reasons],
        }
        if self.owned_by is not None:
            out["owned_by"] = self.owned_by
        return out


@dataclass(slots=True)
class Determination:
    """The package result. ``verdict`` is the strictest item/party verdict."""

    name: str
    verdict: Verdict
    as_of: str
    destination: str
    export_from: str
    rule_set: str
    items: list[ItemDetermination] = field(default_factory=list)
    parties: list[PartyDetermination] = field(default_factory=list)
    lists: list[object] = field(default_factory=list)
    matcher: str | None = None
    caveats: list[str] = field(default_factory=list)
    rules_read: list[RuleValue] = field(default_factory=list)
    policy: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "verdict": self.verdict.value,
            "as_of": self.as_of,
            "destination": self.destination,
            "export_from": self.export_from,
            "items": [i.to_dict() for i in self.items],
            "parties": [p.to_dict() for p in self.parties],
            "rule_set": self.rule_set,
            "lists": list(self.lists),
            "matcher": self.matcher,
            "caveats": list(self.caveats),
            "policy": dict(sorted(self.policy.items())),
            "rules_read": [v.to_dict() for v in sorted(self.rules_read, key=lambda v: (v.rule_id, v.effective))],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """Deterministic JSON (sorted keys, no timestamps)."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, indent=indent, default=str)
