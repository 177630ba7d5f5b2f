"""What changed between two determinations of the same package at two dates, and which rule values caused it.

The cause is not guessed: each determination carries ``rules_read`` (every rule value the engine read, with
its effective date and citation) and per-item ``reasons`` naming the rule each step rests on. A rule whose
value differs between the two dates and that an item's reasons cite (at either date) is a cause of that
item's change; if an item changed but cites none of the differing rules, every differing rule read is listed
as a package-level cause, marked as such.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from stackclear.report.view import verdict_text


def _show(value: object, side: Mapping[str, Any] | None, limit: int = 70) -> str:
    if side is None:
        return "not in force"
    if isinstance(value, list) and len(value) > 6:
        text = f"[{len(value)} values]"
    else:
        text = repr(value)
        text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"{text} (from {side.get('effective')})"


@dataclass(frozen=True, slots=True)
class RuleChange:
    """One rule whose value in force differs between the two dates (None = not in force on that date)."""

    rule: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None

    @property
    def citation(self) -> str:
        side = self.after or self.before or {}
        return str(side.get("citation", ""))

    def describe(self) -> str:
        """'rule: old (from date) → new (from date)', mappings reduced to the keys that differ."""
        a, b = self.before, self.after
        old, new = (a or {}).get("value"), (b or {}).get("value")
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            keys = [k for k in {**old, **new} if old.get(k) != new.get(k)]
            old = {k: old[k] for k in keys if k in old}
            new = {k: new[k] for k in keys if k in new}
        extra = ""
        if isinstance(old, list) and isinstance(new, list):
            before_set, after_set = set(map(str, old)), set(map(str, new))
            gained, lost = sorted(after_set - before_set), sorted(before_set - after_set)
            extra = (f" (+{', '.join(gained)})" if gained else "") + (f" (-{', '.join(lost)})" if lost else "")
        return f"{self.rule}: {_show(old, a)} → {_show(new, b)}{extra}"

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "before": self.before, "after": self.after, "citation": self.citation,
                "text": self.describe()}


@dataclass(slots=True)
class ItemChange:
    id: str
    before: str
    after: str
    eccn_before: str
    eccn_after: str
    causes: list[RuleChange] = field(default_factory=list)
    causes_are_package_level: bool = False
    reasons_added: list[str] = field(default_factory=list)
    reasons_removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """The verdict (with exception/review policy) or the ECCN differs: a flip."""
        return self.before != self.after or self.eccn_before != self.eccn_after

    @property
    def reasons_changed(self) -> bool:
        """The reasoning differs even if the verdict does not (e.g. HOLD on both dates masks a new license
        requirement underneath)."""
        return bool(self.reasons_added or self.reasons_removed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "changed": self.changed, "reasons_changed": self.reasons_changed,
            "from": self.before, "to": self.after,
            "eccn_from": self.eccn_before, "eccn_to": self.eccn_after,
            "causes": [c.to_dict() for c in self.causes], "causes_are_package_level": self.causes_are_package_level,
            "reasons_added": self.reasons_added, "reasons_removed": self.reasons_removed,
        }


@dataclass(slots=True)
class PackageDiff:
    name: str
    source: str
    from_date: str
    to_date: str
    verdict_before: str
    verdict_after: str
    items: list[ItemChange] = field(default_factory=list)
    parties: list[dict[str, str]] = field(default_factory=list)
    rule_changes: list[RuleChange] = field(default_factory=list)

    @property
    def changed_items(self) -> list[ItemChange]:
        return [i for i in self.items if i.changed]

    @property
    def reasoned_items(self) -> list[ItemChange]:
        """Items whose verdict is the same but whose reasons changed."""
        return [i for i in self.items if not i.changed and i.reasons_changed]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "source": self.source, "from": self.from_date, "to": self.to_date,
            "verdict_from": self.verdict_before, "verdict_to": self.verdict_after,
            "items": [i.to_dict() for i in self.items], "parties": self.parties,
            "rule_changes": [c.to_dict() for c in self.rule_changes],
        }


def _state(item: Mapping[str, Any]) -> str:
    return verdict_text(str(item.get("verdict")), item.get("license_exception"), item.get("review_policy"))


def _values(determination: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {str(v["rule"]): v for v in determination.get("rules_read") or [] if isinstance(v, Mapping)}


def _same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in ("value", "effective", "citation", "verified"))


def rule_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[RuleChange]:
    """Rules read at either date whose value in force differs (sorted by rule id)."""
    old, new = _values(before), _values(after)
    out = []
    for rule in sorted(set(old) | set(new)):
        a, b = old.get(rule), new.get(rule)
        if a is not None and b is not None and _same(a, b):
            continue
        out.append(RuleChange(rule, a, b))
    return out


def _reason_lines(item: Mapping[str, Any]) -> list[str]:
    return [f"{r.get('text')}" + (f" [{r.get('citation')}]" if r.get("citation") else "")
            for r in item.get("reasons") or []]


def _cited(items: Iterable[Mapping[str, Any] | None]) -> set[str]:
    return {str(r.get("rule")) for i in items if i for r in i.get("reasons") or [] if r.get("rule")}


def diff_determinations(before: Mapping[str, Any], after: Mapping[str, Any], *, source: str = "") -> PackageDiff:
    """Item-by-item comparison of two determinations of one package (items matched by id)."""
    changes = rule_changes(before, after)
    by_rule = {c.rule: c for c in changes}
    old_items = {str(i["id"]): i for i in before.get("items") or []}
    new_items = {str(i["id"]): i for i in after.get("items") or []}
    items: list[ItemChange] = []
    for ident in [*old_items, *(k for k in new_items if k not in old_items)]:
        a, b = old_items.get(ident), new_items.get(ident)
        change = ItemChange(
            id=ident, before=_state(a) if a else "absent", after=_state(b) if b else "absent",
            eccn_before=str(a.get("eccn")) if a else "", eccn_after=str(b.get("eccn")) if b else "",
        )
        lines_a, lines_b = _reason_lines(a or {}), _reason_lines(b or {})
        change.reasons_added = [x for x in lines_b if x not in lines_a]
        change.reasons_removed = [x for x in lines_a if x not in lines_b]
        if change.changed or change.reasons_changed:
            cited = _cited([a, b])
            change.causes = [by_rule[r] for r in sorted(cited) if r in by_rule]
            if not change.causes and change.changed:
                change.causes, change.causes_are_package_level = list(changes), True
        items.append(change)
    parties = []
    old_parties = {str(p.get("name")): p for p in before.get("parties") or []}
    for party in after.get("parties") or []:
        prev = old_parties.get(str(party.get("name")))
        if prev is not None and prev.get("verdict") != party.get("verdict"):
            parties.append({"name": str(party.get("name")), "from": str(prev.get("verdict")),
                            "to": str(party.get("verdict"))})
    return PackageDiff(
        name=str(after.get("name") or before.get("name") or source), source=source,
        from_date=str(before.get("as_of")), to_date=str(after.get("as_of")),
        verdict_before=str(before.get("verdict")), verdict_after=str(after.get("verdict")),
        items=items, parties=parties, rule_changes=changes,
    )


@dataclass(slots=True)
class Portfolio:
    """The policy analyst's summary over many packages."""

    from_date: str
    to_date: str
    packages: list[PackageDiff]
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def line_items(self) -> int:
        return sum(len(p.items) for p in self.packages)

    def transitions(self) -> list[dict[str, Any]]:
        """(from → to) with the number of line items, the packages, and the rule changes cited, most first."""
        counts: Counter[tuple[str, str]] = Counter()
        packages: dict[tuple[str, str], set[str]] = {}
        causes: dict[tuple[str, str], Counter[str]] = {}
        citations: dict[str, str] = {}
        for pkg in self.packages:
            for item in pkg.changed_items:
                key = (item.before, item.after)
                if item.before == item.after:  # same verdict, new classification: say which
                    key = (f"{item.before} ({item.eccn_before})", f"{item.after} ({item.eccn_after})")
                counts[key] += 1
                packages.setdefault(key, set()).add(pkg.name)
                bucket = causes.setdefault(key, Counter())
                for cause in item.causes:
                    bucket[cause.rule] += 1
                    citations.setdefault(cause.rule, cause.citation)
        out = []
        for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append({
                "from": key[0], "to": key[1], "line_items": count, "packages": sorted(packages[key]),
                "causes": [{"rule": r, "line_items": n, "citation": citations.get(r, "")}
                           for r, n in sorted(causes[key].items(), key=lambda kv: (-kv[1], kv[0]))],
            })
        return out

    def to_dict(self) -> dict[str, Any]:
        flipped = sum(len(p.changed_items) for p in self.packages)
        return {
            "from": self.from_date, "to": self.to_date, "packages": len(self.packages),
            "line_items": self.line_items, "line_items_changed": flipped,
            "line_items_reasons_changed": sum(len(p.reasoned_items) for p in self.packages),
            "package_verdicts_changed": sum(p.verdict_before != p.verdict_after for p in self.packages),
            "transitions": self.transitions(),
            "by_package": [{"name": p.name, "source": p.source, "verdict_from": p.verdict_before,
                            "verdict_to": p.verdict_after, "line_items": len(p.items),
                            "line_items_changed": len(p.changed_items)} for p in self.packages],
            "errors": self.errors,
        }


def portfolio(diffs: Sequence[PackageDiff], from_date: str, to_date: str,
              errors: Sequence[dict[str, str]] = ()) -> Portfolio:
    return Portfolio(from_date, to_date, list(diffs), list(errors))
