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
    """

    __slots__ = ("rule", "citation", "_text")

    def __init__(self, rule: str, citation: str, text: str | Callable[[], str]) -> None:
        self.rule = rule
        self.citation = citation
        self._text = text

    @property
    def text(self) -> str:
        if not isinstance(self._text, str):
            self._text = self._text()
        return self._text

    @classmethod
    def of(cls, value: RuleValue | None, text: str | Callable[[], str]) -> Reason:
        if value is None:
            return cls("", "", text)
        return cls(value.rule_id, value.citation, text)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Reason):
            return NotImplemented
        return (self.rule, self.citation, self.text) == (other.rule, other.citation, other.text)

    def __hash__(self) -> int:
        return hash((self.rule, self.citation, self.text))

    def __repr__(self) -> str:
        return f"Reason(rule={self.rule!r}, citation={self.citation!r}, text={self.text!r})"

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "citation": self.citation, "text": self.text}
