"""One step of reasoning tied to the rule value it rests on: shared by classifications and determinations.

Kept at the bottom of the package (it needs only the rule values' ids and citations), so the model's
determination types do not depend on the classifier (``stackclear.classify.result`` re-exports it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stackclear.rules.ruleset import RuleValue

__all__ = ["Reason"]


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
