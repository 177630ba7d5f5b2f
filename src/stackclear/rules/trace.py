"""The trace: which rule values a computation read.

Modelled on openfisca's parameter tracer: the engine never writes citations by hand, it reads rule
values through the rule set, and the trace keeps what was read, in first-read order, without repeats.
Recording is an append (cheap on hot paths); repeats are dropped when the trace is read.
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
        self._reads: list[RuleValue] = []

    def record(self, value: RuleValue) -> None:
        self._reads.append(value)

    def extend(self, values: Iterable[RuleValue]) -> None:
        self._reads.extend(values)

    def _unique(self) -> list[RuleValue]:
        seen: dict[tuple[str, object], RuleValue] = {}
        for value in self._reads:
            seen.setdefault((value.rule_id, value.effective), value)
        if len(seen) != len(self._reads):
            self._reads = list(seen.values())
        return self._reads

    def __iter__(self) -> Iterator[RuleValue]:
        return iter(self._unique())

    def __len__(self) -> int:
        return len(self._unique())

    def citations(self) -> list[str]:
        """Unique citations in first-read order."""
        seen: dict[str, None] = {}
        for value in self._unique():
            seen.setdefault(value.citation, None)
        return list(seen)

    def caveats(self) -> list[str]:
        """One line per value read that the rule data marks as unverified."""
        from stackclear.rules.ruleset import unverified_caveat

        return [unverified_caveat(v) for v in self._unique() if not v.verified]

    def to_list(self) -> list[dict[str, object]]:
        return [v.to_dict() for v in self._unique()]
