"""What changed between two determinations of the same package, and which rule values caused it.

This is the one comparison of two determinations (``stackclear diff`` renders it; :func:`timeline` walks a date
range with it). The cause is not guessed: each determination carries ``rules_read`` (every rule value the
engine read, with its effective date and citation) and per-item reasons naming the rule each step rests on. A
rule whose value differs between the two determinations and that an item's reasons cite (at either date) is a
cause of that item's change; if an item changed but cites none of the differing rules, every differing rule
read is listed as a package-level cause, marked as such. Each cause is described in words from the rule's own
description ("Is-informed letters of 2025-04-09 ... (new, in force from 2025-04-09)").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from stackclear.determine.screening import ScreenerLike
from stackclear.model.determination import Determination, ItemDetermination, Verdict
from stackclear.model.package import Package
from stackclear.rules.ruleset import RuleSet, RuleValue

_SHOWN_VALUES = 6


def state_text(verdict: str, exception: str | None = None, policy: str | None = None) -> str:
    """'LICENSE REQUIRED · presumption of denial', 'LICENSE EXCEPTION NAC', 'NO LICENSE REQUIRED'."""
    text = verdict.replace("_", " ")
    if exception:
        text += f" {exception}"
    if policy:
        text += f" · {policy.replace('_', ' ')}"
    return text


def _short(value: object) -> str:
    if isinstance(value, list):
        return f"{len(value)} values" if len(value) > _SHOWN_VALUES else ", ".join(map(str, value)) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value.replace("_", " ")
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_short(v)}" for k, v in value.items())
    return f"{value:,}" if isinstance(value, int | float) else str(value)


@dataclass(frozen=True, slots=True)
class RuleChange:
    """One rule whose value differs between the two evaluations (None = not read / not in force)."""

    rule: str
    before: RuleValue | None
    after: RuleValue | None
    description: str = ""
    kind: str = "changed"  # changed | new | ended | compliance | read (in force on both dates, read on one)

    @property
    def citation(self) -> str:
        side = self.after or self.before
        return "" if side is None else side.citation

    def describe(self) -> str:
        """The change in words: what the rule is, what its value became, and from when."""
        what = (self.description or self.rule).strip().rstrip(".")
        a, b = self.before, self.after
        if self.kind == "compliance":
            side = b or a
            assert side is not None and side.compliance is not None
            return (f"{what}: compliance required from {side.compliance} (in force since {side.effective}; "
                    "pending before that date)")
        if self.kind == "read":
            side = b or a
            assert side is not None
            state = "now applies" if b is not None else "no longer applies"
            return f"{what}: {_short(side.written)} ({state} to this package; in force since {side.effective})"
        if a is None and b is not None:
            return f"{what}: {_short(b.written)} (new, in force from {b.effective})"
        if b is None and a is not None:
            until = f" from {a.expires}" if a.expires else ""
            return f"{what}: {_short(a.written)} (no longer in force{until})"
        assert a is not None and b is not None
        old, new = a.written, b.written
        when = f"from {b.effective}"
        if isinstance(old, list) and isinstance(new, list):
            gained = sorted(set(map(str, new)) - set(map(str, old)))
            lost = sorted(set(map(str, old)) - set(map(str, new)))
            parts = ([f"adds {', '.join(gained)}"] if gained else []) + ([f"drops {', '.join(lost)}"] if lost else [])
            return f"{what}: {'; '.join(parts) or 'same members, new citation'} ({when})"
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            keys = [k for k in {**old, **new} if old.get(k) != new.get(k)]
            parts = [f"{k} {_short(old.get(k, 'none'))} → {_short(new.get(k, 'none'))}" for k in keys]
            return f"{what}: {'; '.join(parts) or 'same value, new citation'} ({when})"
        if old == new:
            return f"{what}: {_short(new)}, restated ({when})"
        return f"{what}: {_short(old)} → {_short(new)} ({when})"

    def to_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "before": None if self.before is None else self.before.to_dict(),
                "after": None if self.after is None else self.after.to_dict(), "citation": self.citation,
                "kind": self.kind, "text": self.describe()}


def _outcome(d: ItemDetermination) -> tuple[object, ...]:
    return (d.eccn, d.verdict, d.license_exception, d.review_policy)


def _state(d: ItemDetermination | None) -> str:
    if d is None:
        return "absent"
    return state_text(d.verdict.value, d.license_exception, None if d.review_policy is None else d.review_policy.value)


def _lines(d: ItemDetermination | None) -> list[str]:
    return [] if d is None else [r.text + (f" [{r.citation}]" if r.citation else "") for r in d.reasons]


@dataclass(slots=True)
class ItemChange:
    id: str
    before: ItemDetermination | None
    after: ItemDetermination | None
    causes: list[RuleChange] = field(default_factory=list)
    causes_are_package_level: bool = False
    reasons_added: list[str] = field(default_factory=list)
    reasons_removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """The verdict (with exception/review policy) or the ECCN differs: a flip."""
        if self.before is None or self.after is None:
            return True
        return _outcome(self.before) != _outcome(self.after)

    @property
    def reasons_changed(self) -> bool:
        """The reasoning differs even if the verdict does not (e.g. HOLD on both dates masks a new license
        requirement underneath)."""
        return bool(self.reasons_added or self.reasons_removed)

    @property
    def state_before(self) -> str:
        return _state(self.before)

    @property
    def state_after(self) -> str:
        return _state(self.after)

    @property
    def eccn_before(self) -> str:
        return "" if self.before is None else self.before.eccn

    @property
    def eccn_after(self) -> str:
        return "" if self.after is None else self.after.eccn

    def to_dict(self) -> dict[str, object]:
        def side(d: ItemDetermination | None) -> dict[str, object] | None:
            if d is None:
                return None
            return {"eccn": d.eccn, "verdict": d.verdict.value, "license_exception": d.license_exception,
                    "review_policy": None if d.review_policy is None else d.review_policy.value}

        return {
            "id": self.id, "changed": self.changed, "reasons_changed": self.reasons_changed,
            "from": self.state_before, "to": self.state_after, "eccn_from": self.eccn_before,
            "eccn_to": self.eccn_after, "before": side(self.before), "after": side(self.after),
            "causes": [c.to_dict() for c in self.causes], "causes_are_package_level": self.causes_are_package_level,
            "reasons_added": self.reasons_added, "reasons_removed": self.reasons_removed,
        }


@dataclass(frozen=True, slots=True)
class PartyChange:
    name: str
    before: Verdict
    after: Verdict

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "from": self.before.value, "to": self.after.value}


@dataclass(slots=True)
class PackageChange:
    """Two determinations of one package, item by item, with the rule changes behind each difference."""

    name: str
    source: str
    from_date: str
    to_date: str
    verdict_before: str
    verdict_after: str
    items: list[ItemChange] = field(default_factory=list)
    parties: list[PartyChange] = field(default_factory=list)
    rule_changes: list[RuleChange] = field(default_factory=list)

    @property
    def changed_items(self) -> list[ItemChange]:
        return [i for i in self.items if i.changed]

    @property
    def reasoned_items(self) -> list[ItemChange]:
        """Items whose verdict is the same but whose reasons changed."""
        return [i for i in self.items if not i.changed and i.reasons_changed]

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name, "source": self.source, "from": self.from_date, "to": self.to_date,
            "verdict_from": self.verdict_before, "verdict_to": self.verdict_after,
            "items": [i.to_dict() for i in self.items], "parties": [p.to_dict() for p in self.parties],
            "rule_changes": [c.to_dict() for c in self.rule_changes],
        }


def _same(a: RuleValue, b: RuleValue) -> bool:
    return (a.value, a.effective, a.citation, a.verified) == (b.value, b.effective, b.citation, b.verified)


def _description(rules: RuleSet | None, rule_id: str) -> str:
    if rules is None or rule_id not in rules:
        return ""
    return " ".join(rules.rule(rule_id).description.split())


def rule_changes(before: Determination, after: Determination, rules: RuleSet | None = None) -> list[RuleChange]:
    """Rule values read by either evaluation whose value in force differs (sorted by rule id)."""
    if rules is None:
        from stackclear.rules.loader import default_rules

        rules = default_rules()
    a = {v.rule_id: v for v in before.rules_read}
    b = {v.rule_id: v for v in after.rules_read}
    lo, hi = sorted((dt.date.fromisoformat(before.as_of), dt.date.fromisoformat(after.as_of)))
    out = []
    for rule in sorted(set(a) | set(b)):
        va, vb = a.get(rule), b.get(rule)
        described = _description(rules, rule)
        if va is not None and vb is not None and _same(va, vb):
            if va.compliance is not None and lo < va.compliance <= hi:
                out.append(RuleChange(rule, va, vb, described, "compliance"))
            continue
        side = va or vb
        assert side is not None
        kind = "changed" if va is not None and vb is not None else ("new" if vb is not None else "ended")
        if kind != "changed" and side.in_force(lo) and side.in_force(hi):
            kind = "read"  # the same value on both dates: this package reads it on one date only
        out.append(RuleChange(rule, va, vb, described, kind))
    return out


def compare_determinations(before: Determination, after: Determination, *, source: str = "",
                           rules: RuleSet | None = None) -> PackageChange:
    """Item-by-item comparison of two determinations of one package (items matched by id)."""
    changes = rule_changes(before, after, rules)
    by_rule = {c.rule: c for c in changes}
    old = {i.id: i for i in before.items}
    new = {i.id: i for i in after.items}
    items: list[ItemChange] = []
    for ident in [*old, *(k for k in new if k not in old)]:
        change = ItemChange(ident, old.get(ident), new.get(ident))
        lines_a, lines_b = _lines(change.before), _lines(change.after)
        change.reasons_added = [x for x in lines_b if x not in lines_a]
        change.reasons_removed = [x for x in lines_a if x not in lines_b]
        if change.changed or change.reasons_changed:
            cited = {r.rule for d in (change.before, change.after) if d is not None for r in d.reasons if r.rule}
            change.causes = sorted((by_rule[r] for r in sorted(cited) if r in by_rule),
                                   key=lambda c: c.kind == "read")  # real changes first
            if not change.causes and change.changed:
                change.causes, change.causes_are_package_level = list(changes), True
        items.append(change)
    previous = {p.name: p for p in before.parties}
    parties = [PartyChange(p.name, previous[p.name].verdict, p.verdict) for p in after.parties
               if p.name in previous and previous[p.name].verdict != p.verdict]
    return PackageChange(
        name=after.name or before.name or source, source=source, from_date=before.as_of, to_date=after.as_of,
        verdict_before=before.verdict.value, verdict_after=after.verdict.value, items=items, parties=parties,
        rule_changes=changes,
    )


def compare(before: Determination, after: Determination, rules: RuleSet | None = None) -> list[ItemChange]:
    """Item-by-item comparison; each changed item lists the rule changes among the rules its reasons cite."""
    return compare_determinations(before, after, rules=rules).items


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
        changed = [c for c in compare(previous, current, rules) if c.changed]
        if changed or current.verdict != previous.verdict:
            out.append(Flip(day.isoformat(), previous.verdict.value, current.verdict.value, changed))
        previous = current
    return out
