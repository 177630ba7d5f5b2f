"""The trace: which rule values a computation read.

Modelled on openfisca's parameter tracer: the engine never writes citations by hand, it reads rule
values through the rule set, and the trace keeps what was read, in first-read order, without repeats.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stackclear.rules.ruleset import RuleValue


class Trace:
    """An ordered, duplicate-free record of the rule values read during one computation."""

    __slots__ = ("_reads",)

    def __init__(self) -> None:
        self._reads: dict[tuple[str, object], RuleValue] = {}

    def record(self, value: RuleValue) -> None:
        key = (value.rule_id, value.effective)
        if key not in self._reads:
            self._reads[key] = value

    def extend(self, values: Iterable[RuleValue]) -> None:
        for value in values:
            self.record(value)

    def __iter__(self) -> Iterator[RuleValue]:
        return iter(self._reads.values())

    def __len__(self) -> int:
        return len(self._reads)

    def citations(self) -> list[str]:
        """Unique citations in first-read order."""
        seen: dict[str, None] = {}
        for value in self._reads.values():
            seen.setdefault(value.citation, None)
        return list(seen)

    def caveats(self) -> list[str]:
        """One line per value read that the rule data marks as unverified."""
        return [
            f"{v.rule_id} = {v.value!r} is unverified ({v.citation})" + (f": {v.note}" if v.note else "")
            for v in self._reads.values()
            if not v.verified
        ]

    def to_list(self) -> list[dict[str, object]]:
        return [v.to_dict() for v in self._reads.values()]
