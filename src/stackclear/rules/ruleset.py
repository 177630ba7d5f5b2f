"""A loaded rule set: dated values per rule id, looked up at an ``as_of`` date."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from stackclear.errors import RuleLookupError
from stackclear.rules.trace import Trace

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RuleValue:
    """One dated value of one rule: what it was, from when to when, and where the law says so."""

    rule_id: str
    value: object = field(hash=False)
    effective: dt.date
    expires: dt.date | None  # first day no longer in force; None = open-ended
    citation: str
    verified: bool = True
    note: str | None = None
    file: str = ""
    compliance: dt.date | None = None  # first day compliance is required (None = from ``effective``)
    # the value as written in the YAML (``value`` is its typed form; see rules/schema.py)
    raw: object = field(default=None, compare=False, hash=False)

    @property
    def written(self) -> object:
        """The value as the YAML wrote it (for display and JSON)."""
        return self.value if self.raw is None else self.raw

    def typed(self, kind: type[T]) -> T:
        """The value as ``kind`` (the type its schema gave it at load); a mismatch is a rule-set bug."""
        if not isinstance(self.value, kind):
            raise RuleLookupError(f"{self.file}: {self.rule_id} holds {type(self.value).__name__}, not {kind.__name__}")
        return self.value

    def number(self) -> float:
        """A numeric value (int or float in the YAML) as a float."""
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise RuleLookupError(f"{self.file}: {self.rule_id} holds {self.value!r}, not a number")
        return float(self.value)

    def items(self) -> tuple[str, ...]:
        """A list value (country codes, ECCN prefixes, conditions) as strings."""
        if not isinstance(self.value, tuple | list):
            raise RuleLookupError(f"{self.file}: {self.rule_id} holds {type(self.value).__name__}, not a list")
        return tuple(str(v) for v in self.value)

    def in_force(self, day: dt.date) -> bool:
        return self.effective <= day and (self.expires is None or day < self.expires)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule_id,
            "value": self.written,
            "effective": self.effective.isoformat(),
            "expires": self.expires.isoformat() if self.expires else None,
            "citation": self.citation,
            "verified": self.verified,
        }
        if self.note:
            out["note"] = self.note
        if self.compliance is not None:
            out["compliance"] = self.compliance.isoformat()
        return out


def unverified_caveat(value: RuleValue) -> str:
    """The caveat line for a rule value marked unverified."""
    return f"{value.rule_id} = {value.written!r} is unverified ({value.citation})" + (
        f": {value.note}" if value.note else "")


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule id with its values sorted by effective date (ranges never overlap: the loader checks)."""

    rule_id: str
    description: str
    unit: str | None
    values: tuple[RuleValue, ...]
    _starts: tuple[dt.date, ...] = field(repr=False, default=())

    def at(self, day: dt.date) -> RuleValue | None:
        i = bisect.bisect_right(self._starts, day) - 1
        if i < 0:
            return None
        candidate = self.values[i]
        return candidate if candidate.in_force(day) else None


class RuleSet:
    """All rules, keyed by id (``<file namespace>.<parameter>``, e.g. ``eccn.3A090.a1_tpp_min``)."""

    def __init__(self, rules: dict[str, Rule], version: str, titles: dict[str, str] | None = None) -> None:
        self._rules = rules
        self.version = version
        self.titles = titles or {}

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def rule(self, rule_id: str) -> Rule:
        try:
            return self._rules[rule_id]
        except KeyError:
            raise RuleLookupError(f"no rule {rule_id!r} in rule set {self.version}") from None

    def entry(self, rule_id: str, as_of: dt.date, trace: Trace | None = None) -> RuleValue | None:
        """The value in force on ``as_of`` (recorded in ``trace``), or None when the rule is not in force."""
        found = self.rule(rule_id).at(as_of)
        if found is not None and trace is not None:
            trace.record(found)
        return found

    def value(self, rule_id: str, as_of: dt.date, trace: Trace | None = None, default: object = None) -> object:
        found = self.entry(rule_id, as_of, trace)
        return default if found is None else found.value

    def namespace(self, prefix: str) -> list[Rule]:
        """Rules whose id starts with ``prefix.`` (or equals it), in file order."""
        dotted = prefix.rstrip(".") + "."
        return [r for rid, r in self._rules.items() if rid.startswith(dotted) or rid == prefix]

    def namespaces(self) -> list[str]:
        return sorted({rid.rsplit(".", 1)[0] for rid in self._rules})

    def change_dates(self, prefix: str | None = None) -> list[dt.date]:
        """Every date on which some rule value (under ``prefix``) starts, stops or reaches its compliance date: the
        breakpoints of time."""
        days: set[dt.date] = set()
        for rule in self._rules.values():
            if prefix is not None and not (rule.rule_id + ".").startswith(prefix.rstrip(".") + "."):
                continue
            for v in rule.values:
                days.add(v.effective)
                if v.expires is not None:
                    days.add(v.expires)
                if v.compliance is not None:  # a pending requirement starts to apply
                    days.add(v.compliance)
        return sorted(days)
