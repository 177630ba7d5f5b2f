"""Per-item accumulation of findings and the rule that combines them into one verdict.

Each rule module adds *findings* to an :class:`ItemAcc`: a prohibition, a hold, or a license requirement
(with its review policy and the license exception that could cover it). Reasons are added only through
:meth:`ItemAcc.use`, which records the rule value in the item's trace first — a reason can never cite a rule
that was not read.

Combination (DESIGN.md precedence): any prohibition → PROHIBITED; else any item hold → HOLD; else, when every
requirement is covered by an available exception and no party bars exceptions → LICENSE_EXCEPTION (NAC
wins over ACA: notification is the stricter path); else LICENSE_REQUIRED with the strictest review policy
among the uncovered requirements; else NO_LICENSE_REQUIRED. A party on HOLD (possible match, lists
unavailable) does not set the item hold: the party's own verdict carries it into the package verdict, and the
item keeps what it needs once the party clears (see :func:`stackclear.determine.end_use.party_effects`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stackclear.classify.result import Reason
from stackclear.determine.context import ScopeTest
from stackclear.model.determination import ReviewPolicy, Verdict
from stackclear.rules.ruleset import RuleValue, unverified_caveat
from stackclear.rules.trace import Trace

EXCEPTION_PRIORITY = ("NAC", "ACA", "HBM", "AIA", "LPP", "SPP", "TMP")
NO_DESTINATION = "— no destination requirement"


@dataclass(slots=True)
class Requirement:
    """A license requirement from one rule, with its review policy and the exception that may cover it."""

    source: str
    review_policy: ReviewPolicy | None = None
    exception: str | None = None
    detail: ItemAcc | None = None  # how the review policy was found: shown only if a license is needed
    at: int = 0  # where in the item's reasons the detail belongs
    cause: Reason | None = None  # the line that imposed the requirement


@dataclass(slots=True)
class ItemAcc:
    """Findings for one item while its rules run."""

    trace: Trace = field(default_factory=Trace)
    reasons: list[Reason] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    prohibited: bool = False
    hold: bool = False
    exceptions_barred: bool = False
    temporary: str | None = None  # the line is declared a temporary export (TMP): its stated reason
    pending: list[dict[str, str]] = field(default_factory=list)  # requirements before their compliance date
    used_figures: bool = False  # a rule read the chips' own figures (ItemFacts.chips), not only their ECCNs
    _groups_said: set[Reason] = field(default_factory=set)

    def read(self, value: RuleValue) -> None:
        """Record a rule value in the trace; an unverified one becomes a caveat of the item right away."""
        self.trace.record(value)
        if not value.verified:
            self.caveat(unverified_caveat(value))

    def use(self, value: RuleValue | None, text: str, *also: RuleValue, policy: str | None = None,
            exception: str | None = None) -> Reason:
        """Record ``value`` (and any supporting values) in the trace and add the reason citing it."""
        for extra in also:
            self.read(extra)
        if value is not None:
            self.read(value)
        reason = Reason.of(value, text, policy=policy, exception=exception)
        self.reasons.append(reason)
        return reason

    def scoped(self, value: RuleValue | None, text: str, test: ScopeTest, *also: RuleValue,
               policy: str | None = None) -> Reason:
        """A reason resting on a scope test, followed by the country-group facts that decided it (each group
        fact said once per item, even when two steps rest on it)."""
        main = self.use(value, text, *test.used, *also, policy=policy)
        for reason in test.reasons():
            if reason not in self._groups_said:  # the same group fact, said once
                self._groups_said.add(reason)
                self.reasons.append(reason)
        return main

    def defer(self, value: RuleValue, compliance: str, text: str, switch: RuleValue | None, *also: RuleValue) -> None:
        """A requirement in force but before its compliance date: reported as pending, verdict unchanged."""
        if switch is not None:
            self.read(switch)
        self.use(value, f"{text} — pending: compliance required from {compliance} (in force since "
                        f"{value.effective}); not applied on this date", *also)
        self.pending.append({"rule": value.rule_id, "citation": value.citation,
                             "effective": value.effective.isoformat(), "compliance": compliance, "text": text})

    def caveat(self, text: str) -> None:
        if text not in self.caveats:
            self.caveats.append(text)

    def condition(self, text: str) -> None:
        if text not in self.conditions:
            self.conditions.append(text)

    def require(self, source: str, policy: ReviewPolicy | str | None, exception: str | None = None, *,
                detail: ItemAcc | None = None, at: int | None = None) -> Requirement:
        where = len(self.reasons) if at is None else at
        cause = next((r for r in reversed(self.reasons[:where]) if not r.rule.startswith("country_groups.")), None)
        req = Requirement(source, None if policy is None else ReviewPolicy(policy), exception, detail, where, cause)
        self.requirements.append(req)
        return req


def combine(acc: ItemAcc) -> tuple[Verdict, str | None, ReviewPolicy | None]:
    """The item verdict from its findings (see the module docstring for the precedence)."""
    if acc.prohibited:
        return Verdict.PROHIBITED, None, None
    if acc.hold:
        return Verdict.HOLD, None, None
    if not acc.requirements:
        return Verdict.NO_LICENSE_REQUIRED, None, None
    uncovered = [r for r in acc.requirements if r.exception is None or acc.exceptions_barred]
    if not uncovered:
        names = {r.exception for r in acc.requirements if r.exception is not None}
        chosen = next((e for e in EXCEPTION_PRIORITY if e in names), sorted(names)[0])
        return Verdict.LICENSE_EXCEPTION, chosen, None
    policies = [r.review_policy for r in uncovered if r.review_policy is not None]
    policy = max(policies, key=lambda p: p.severity) if policies else None
    return Verdict.LICENSE_REQUIRED, None, policy


def settle(acc: ItemAcc) -> None:
    """Show how a review policy was found only where it matters: for requirements no exception covers.

    A review policy read for a requirement that NAC/ACA/HBM... then covers would only add noise (and an
    unverified-policy caveat) to a LICENSE_EXCEPTION line; if a party later bars exceptions, it is shown.
    """
    if acc.prohibited:
        return
    pending = [r for r in acc.requirements if r.detail is not None
               and (r.exception is None or acc.exceptions_barred)]
    said = {(r.rule, r.text) for r in acc.reasons if r.rule.startswith("country_groups.")} if pending else set()
    for req in sorted(pending, key=lambda r: r.at, reverse=True):
        detail = req.detail
        assert detail is not None
        acc.reasons[req.at:req.at] = [r for r in detail.reasons if (r.rule, r.text) not in said]
        for value in detail.trace:  # one pass (list.extend would also ask the trace for its length)
            acc.trace.record(value)
        for line in detail.caveats:
            acc.caveat(line)
        if not acc.conditions:
            acc.conditions.extend(detail.conditions)
        else:
            for line in detail.conditions:
                acc.condition(line)


def mark_overridden(acc: ItemAcc) -> None:
    """Mark the lines a later line supersedes, from the item's final outcome (the stage is shared by every
    line it covers, so is the marking):

    * a review policy other than the one the verdict carries → overridden by the line that states that one;
    * a license exception the verdict does not use → overridden by the line that bars or replaces it.
    """
    verdict, chosen, policy = combine(acc)
    if verdict in (Verdict.LICENSE_REQUIRED, Verdict.LICENSE_EXCEPTION) and acc.requirements:
        first = next((r.cause for r in acc.requirements if r.cause is not None), None)
        for reason in acc.reasons:
            if reason.overridden_by is None and first is not None and reason.text.endswith(NO_DESTINATION):
                reason.overridden_by = first.label()
    if verdict is Verdict.LICENSE_REQUIRED and policy is not None:
        decisive = next((r for r in acc.reasons if r.policy == policy.value), None)
        if decisive is not None:
            for reason in acc.reasons:
                if reason.policy is not None and reason.policy != policy.value and reason.overridden_by is None:
                    reason.overridden_by = decisive.label()
    if verdict in (Verdict.LICENSE_REQUIRED, Verdict.LICENSE_EXCEPTION):
        barring = next((r for r in acc.reasons if r.rule.startswith("lists.")), None) if acc.exceptions_barred else None
        used = next((r for r in acc.reasons if r.exception is not None and r.exception == chosen), None)
        for reason in acc.reasons:
            if reason.exception is None or reason.exception == chosen or reason.overridden_by is not None:
                continue
            by = barring if verdict is Verdict.LICENSE_REQUIRED else used
            if by is not None:
                reason.overridden_by = by.label()


def stage_caveats(acc: ItemAcc) -> list[str]:
    """The accumulator's caveats, unverified rule values included (they are added as they are read)."""
    return acc.caveats
