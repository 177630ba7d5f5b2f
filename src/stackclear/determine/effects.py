"""What a screened party does to the items: its effects, and the outcome of screening every party.

An :class:`Effect` is a party's consequence (from a list match, ownership or its location) that the engine
applies to every item it covers (:func:`stackclear.determine.end_use.party_effects`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stackclear.model.determination import PartyDetermination, ReviewPolicy, Verdict
from stackclear.rules.ruleset import RuleValue


@dataclass(frozen=True, slots=True)
class Effect:
    """What a party's status does to the items: applied by the engine to every item it covers."""

    verdict: str  # PROHIBITED | LICENSE_REQUIRED | HOLD | NONE
    items: str  # all | covered | none
    exceptions: bool
    review_policy: ReviewPolicy | None
    rule: RuleValue
    text: str
    supporting: tuple[RuleValue, ...] = ()
    statement: str | None = None
    code: str = ""
    party: str = ""
    fdp: tuple[str, ...] = ()  # Entity List FDP footnotes of the entry (their texts), read from ``fdp_rule``
    fdp_paragraphs: tuple[str, ...] = ()  # the FDP paragraph of each footnote ("§ 734.9(e)(2)"), same order
    fdp_rule: RuleValue | None = None
    carveouts: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (entry clause, what to check, item kinds)
    carveout_rule: RuleValue | None = None


@dataclass(slots=True)
class Node:
    """Screening status of one party or owner, after its own owners are taken into account."""

    carried: dict[str, list[Effect]] = field(default_factory=dict)  # code (EL/MEU/SDN) → effects carried
    review: bool = False


@dataclass(slots=True)
class PartiesOutcome:
    determinations: list[PartyDetermination] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    lists: list[object] = field(default_factory=list)
    matcher: str | None = None
    trace: list[RuleValue] = field(default_factory=list)
    item_dependent: list[tuple[Effect, PartyDetermination]] = field(default_factory=list)

    def raise_covered(self, applied: set[Effect]) -> None:
        """A party whose restriction depends on the item (MEU: Supp. No. 2 items) is LICENSE_REQUIRED once an
        item of the package is covered: the party carries the verdict it imposed, as an Entity List party does."""
        for eff, det in self.item_dependent:
            if eff in applied and det.verdict.severity < Verdict.LICENSE_REQUIRED.severity:
                det.verdict = Verdict.LICENSE_REQUIRED


def review_policy_from_text(text: str | None) -> ReviewPolicy | None:
    """An Entity List license policy text → the strictest policy it mentions (None when it names none)."""
    if not text:
        return None
    low = text.lower()
    if "denial" in low:
        return ReviewPolicy.presumption_of_denial
    if "case-by-case" in low or "case by case" in low:
        return ReviewPolicy.case_by_case
    if "approval" in low:
        return ReviewPolicy.presumption_of_approval
    return None
