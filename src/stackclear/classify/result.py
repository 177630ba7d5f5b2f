"""The result of a classification: ECCN, paragraph, metrics, reasons (each tied to a rule value read)."""

from __future__ import annotations

from dataclasses import dataclass, field

from stackclear.rules.ruleset import RuleValue
from stackclear.rules.trace import Trace


@dataclass(frozen=True, slots=True)
class Reason:
    """One step of reasoning, tied to the rule value it rests on (or ``rule=""`` for plain facts)."""

    rule: str
    citation: str
    text: str

    @classmethod
    def of(cls, value: RuleValue | None, text: str) -> Reason:
        if value is None:
            return cls("", "", text)
        return cls(value.rule_id, value.citation, text)

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "citation": self.citation, "text": self.text}


@dataclass(slots=True)
class Classification:
    """What an item is under the CCL on a date, and why."""

    id: str
    kind: str
    eccn: str
    paragraph: str | None
    as_of: str
    rule_set: str
    tpp: float | None = None
    performance_density: float | None = None
    nac_eligible: bool = False
    hbm_exception_eligible: bool = False
    enforced: bool = True
    reasons: list[Reason] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    trace: Trace = field(default_factory=Trace)

    @property
    def controlled(self) -> bool:
        return not self.eccn.startswith("not ")

    def citations(self) -> list[str]:
        return self.trace.citations()

    def all_caveats(self) -> list[str]:
        return self.caveats + self.trace.caveats()

    def to_dict(self) -> dict[str, object]:
        """The ``classify chips`` JSONL contract, plus reasons, caveats and the rule values read."""
        return {
            "id": self.id,
            "kind": self.kind,
            "eccn": self.eccn,
            "paragraph": self.paragraph,
            "tpp": self.tpp,
            "performance_density": None if self.performance_density is None else round(self.performance_density, 4),
            "nac_eligible": self.nac_eligible,
            "citations": self.citations(),
            "reasons": [r.to_dict() for r in self.reasons],
            "caveats": self.all_caveats(),
            "as_of": self.as_of,
            "rule_set": self.rule_set,
            "rules_read": self.trace.to_list(),
        }
