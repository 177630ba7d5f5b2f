"""What changed between two determinations of the same package, and which rule values caused it.

``diff`` evaluates a package on two dates; :func:`compare` lines the results up item by item and names the
rule values that differ between the two traces (a value that started, stopped or changed in between),
with their citations — the "which rule change caused it" column of the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from stackclear.determine.screening import ScreenerLike
from stackclear.model.determination import Determination, ItemDetermination
from stackclear.model.package import Package
from stackclear.rules.ruleset import RuleSet, RuleValue


@dataclass(frozen=True, slots=True)
class RuleChange:
    """One rule whose value differs between the two evaluations (None = not read / not in force)."""

    rule: str
    before: RuleValue | None
    after: RuleValue | None

    def to_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "before": None if self.before is None else self.before.to_dict(),
                "after": None if self.after is None else self.after.to_dict()}


@dataclass(slots=True)
class ItemChange:
    id: str
    before: ItemDetermination | None
    after: ItemDetermination | None
    causes: list[RuleChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        if self.before is None or self.after is None:
            return True
        return _outcome(self.before) != _outcome(self.after)

    def to_dict(self) -> dict[str, object]:
        def side(d: ItemDetermination | None) -> dict[str, object] | None:
            if d is None:
                return None
            return {"eccn": d.eccn, "verdict": d.verdict.value, "license_exception": d.license_exception,
                    "review_policy": None if d.review_policy is None else d.review_policy.value}

        return {"id": self.id, "changed": self.changed, "before": side(self.before), "after": side(self.after),
                "causes": [c.to_dict() for c in self.causes]}


def _outcome(d: ItemDetermination) -> tuple[object, ...]:
    return (d.eccn, d.verdict, d.license_exception, d.review_policy)


def _by_rule(values: list[RuleValue]) -> dict[str, RuleValue]:
    return {v.rule_id: v for v in values}


def rule_changes(before: Determination, after: Determination) -> list[RuleChange]:
    """Rule values read by either evaluation that differ between them (sorted by rule id)."""
    a, b = _by_rule(before.rules_read), _by_rule(after.rules_read)
    out = []
    for rule in sorted(set(a) | set(b)):
        va, vb = a.get(rule), b.get(rule)
        if va is None or vb is None or va.effective != vb.effective or va.value != vb.value:
            out.append(RuleChange(rule, va, vb))
    return out


def compare(before: Determination, after: Determination) -> list[ItemChange]:
    """Item-by-item comparison; each changed item lists the rule changes among the rules its reasons cite."""
    changes = rule_changes(before, after)
    old = {i.id: i for i in before.items}
    new = {i.id: i for i in after.items}
    out = []
    for ident in [*old, *(k for k in new if k not in old)]:
        change = ItemChange(ident, old.get(ident), new.get(ident))
        if change.changed:
            cited = {r.rule for d in (change.before, change.after) if d is not None for r in d.reasons}
            change.causes = [c for c in changes if c.rule in cited] or list(changes)
        out.append(change)
    return out


@dataclass(slots=True)
class Flip:
    """A date on which the package's result changes, with the items that changed and why."""

    date: str
    verdict_before: str
    verdict_after: str
    items: list[ItemChange]

    def to_dict(self) -> dict[str, object]:
        return {"date": self.date, "verdict_before": self.verdict_before, "verdict_after": self.verdict_after,
                "items": [i.to_dict() for i in self.items]}


def timeline(package: Package, start: dt.date, end: dt.date, *, screener: ScreenerLike | None,
             policy: Mapping[str, object] | None = None, rules: RuleSet | None = None) -> list[Flip]:
    """Evaluate on ``start`` and on every rule-change date in ``(start, end]``; keep the dates where an item
    or the package verdict actually changes. Results are constant between rule changes (property-tested),
    so this finds every flip in the window."""
    from stackclear.determine.engine import changes_between, determine

    previous = determine(package, start, screener=screener, policy=policy, rules=rules)
    out: list[Flip] = []
    for day in changes_between(package, start, end, rules):
        current = determine(package, day, screener=screener, policy=policy, rules=rules)
        changed = [c for c in compare(previous, current) if c.changed]
        if changed or current.verdict != previous.verdict:
            out.append(Flip(day.isoformat(), previous.verdict.value, current.verdict.value, changed))
        previous = current
    return out
