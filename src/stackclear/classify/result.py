"""The result of a classification: ECCN, paragraph, metrics, reasons (each tied to a rule value read)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from stackclear.reasons import Reason
from stackclear.rules.trace import Trace

__all__ = ["Classification", "Reason"]  # Reason lives in stackclear.reasons (shared with the model)


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
    _reasons: list[Reason] | None = None
    _explain: Callable[[], list[Reason]] | None = None
    caveats: list[str] = field(default_factory=list)
    trace: Trace = field(default_factory=Trace)

    @property
    def reasons(self) -> list[Reason]:
        """The reasoning, built on first access when the classifier deferred it (see ``explain_with``)."""
        if self._reasons is None:
            self._reasons = self._explain() if self._explain is not None else []
            self._explain = None
        return self._reasons

    def explain_with(self, explain: Callable[[], list[Reason]]) -> None:
        """Defer the reasons: ``explain`` produces them when they are first read."""
        self._reasons, self._explain = None, explain

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
