"""The result of a classification: ECCN, paragraph, metrics, reasons (each tied to a rule value read)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from stackclear.rules.ruleset import RuleValue
from stackclear.rules.trace import Trace


class Reason:
    """One step of reasoning, tied to the rule value it rests on (or ``rule=""`` for plain facts).

    The text may be given as a zero-argument callable: bulk classification then decides and traces
    eagerly but formats the prose (thousands separators, arithmetic) only when someone reads it.

    ``effective`` is the first day of the rule value the step rests on (shown beside the line in reports);
    ``context`` marks a fact that decides nothing (e.g. a country group the destination is *not* in: shown
    only with ``--trace``); ``overridden_by`` names the later step that supersedes this one (e.g. a review
    policy replaced by the 2026 band); ``policy`` is the review policy the step states, if any.
    """

    __slots__ = ("rule", "citation", "_text", "effective", "context", "overridden_by", "policy", "exception")

    def __init__(self, rule: str, citation: str, text: str | Callable[[], str], *, effective: str | None = None,
                 context: bool = False, policy: str | None = None, exception: str | None = None) -> None:
        self.rule = rule
        self.citation = citation
        self._text = text
        self.effective = effective
        self.context = context
        self.overridden_by: str | None = None
        self.policy = policy
        self.exception = exception  # the license exception the step offers, if any

    @property
    def text(self) -> str:
        if not isinstance(self._text, str):
            self._text = self._text()
        return self._text

    @classmethod
    def of(cls, value: RuleValue | None, text: str | Callable[[], str], *, context: bool = False,
           policy: str | None = None, exception: str | None = None) -> Reason:
        if value is None:
            return cls("", "", text, context=context, policy=policy, exception=exception)
        return cls(value.rule_id, value.citation, text, effective=value.effective.isoformat(), context=context,
                   policy=policy, exception=exception)

    def label(self) -> str:
        """How another line names this one: 'license.review_policy.china_band (from 2026-01-15)'."""
        return self.rule + (f" (from {self.effective})" if self.effective else "")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Reason):
            return NotImplemented
        return (self.rule, self.citation, self.text) == (other.rule, other.citation, other.text)

    def __hash__(self) -> int:
        return hash((self.rule, self.citation, self.text))

    def __repr__(self) -> str:
        return f"Reason(rule={self.rule!r}, citation={self.citation!r}, text={self.text!r})"

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"rule": self.rule, "citation": self.citation, "text": self.text}
        if self.effective is not None:
            out["effective"] = self.effective
        if self.context:
            out["context"] = True
        if self.overridden_by is not None:
            out["overridden_by"] = self.overridden_by
        return out


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
