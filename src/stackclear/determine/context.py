"""The evaluation context: rules, date, policy switches, destination facts and scope tests.

Country-group membership and destination scopes are read once per determination (a package has one
destination), then recorded into each item's trace when an item's reasoning actually uses them. That keeps a
10,000-line package fast while every reason still cites a rule value that was read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from stackclear.classify.result import Reason
from stackclear.rules.ruleset import RuleSet, RuleValue
from stackclear.rules.schema import Scope

GROUP_NS = "country_groups.groups"
GROUP_LABEL = {"A1": "A:1", "A5": "A:5", "A6": "A:6", "D1": "D:1", "D3": "D:3", "D4": "D:4", "D5": "D:5",
               "E1": "E:1", "E2": "E:2"}


@dataclass(frozen=True, slots=True)
class ScopeTest:
    """Whether a country is in a scope, the rule values that decided it and a readable explanation."""

    inside: bool
    text: str
    used: tuple[RuleValue, ...]
    deciding: tuple[tuple[RuleValue, str], ...] = ()
    _reasons: list[Reason] = field(default_factory=list, compare=False, repr=False)

    def reasons(self) -> list[Reason]:
        """One reason per deciding group fact, built once and shared (tests are cached per package).

        A group the country is *not* in is context (it decides nothing the scope line does not already say):
        reports show it only with ``--trace``."""
        if len(self._reasons) != len(self.deciding):
            self._reasons[:] = [Reason.of(value, text, context=" is not in " in text) for value, text in self.deciding]
        return self._reasons


@dataclass(slots=True)
class Context:
    """Everything item-independent for one determination."""

    rules: RuleSet
    as_of: dt.date
    overrides: Mapping[str, object]
    destination: str
    export_from: str
    effective_destination: str = ""
    treatment: RuleValue | None = None
    _groups: dict[str, RuleValue | None] = field(default_factory=dict)
    _switches: dict[str, tuple[bool, RuleValue | None]] = field(default_factory=dict)
    _scopes: dict[tuple[Scope, str], ScopeTest] = field(default_factory=dict)
    _entries: dict[str, RuleValue | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.effective_destination = self.destination
        rid = f"country_groups.treatment.{self.destination}"
        if rid in self.rules:
            found = self.rules.entry(rid, self.as_of)
            if found is not None and isinstance(found.value, str):
                self.treatment = found
                self.effective_destination = found.value

    def entry(self, rule_id: str) -> RuleValue | None:
        """The value of ``rule_id`` on the date (no trace: callers record it where it is used)."""
        try:
            return self._entries[rule_id]
        except KeyError:
            found = self._entries[rule_id] = self.rules.entry(rule_id, self.as_of)
            return found

    def group(self, name: str) -> RuleValue | None:
        if name not in self._groups:
            self._groups[name] = self.entry(f"{GROUP_NS}.{name}")
        return self._groups[name]

    def groups_of(self, country: str) -> list[str]:
        """Labels of the groups (A:1 ... E:2) the country belongs to on the date."""
        out = []
        for name, label in GROUP_LABEL.items():
            rv = self.group(name)
            if rv is not None and country in rv.items():
                out.append(label)
        return out

    def switch(self, name: str) -> tuple[bool, RuleValue | None, bool]:
        """A policy switch: (value, the rule value read, whether an override decided it)."""
        if name not in self._switches:
            rv = self.entry(f"policy.{name}")
            self._switches[name] = (bool(rv.value) if rv is not None else False, rv)
        value, rv = self._switches[name]
        if name in self.overrides:
            return _as_bool(self.overrides[name]), rv, True
        return value, rv, False

    def compliance(self, value: RuleValue) -> tuple[bool, RuleValue | None, str] | None:
        """None when ``value`` needs compliance on the date; else (honoured, the switch read, compliance date):
        the value is in force but its compliance date is later (``policy.compliance_dates.honoured``)."""
        if value.compliance is None or self.as_of >= value.compliance:
            return None
        honoured, rv, _ = self.switch("compliance_dates.honoured")
        return honoured, rv, value.compliance.isoformat()

    def in_scope(self, scope: Scope | None, country: str) -> ScopeTest:
        """Test ``country`` against a scope of the rule-data vocabulary (see rules/data/README.md).

        Cached per (scope, country): scopes are frozen, hashable values of the rule set.
        """
        if scope is None:
            return ScopeTest(False, "no scope", ())
        key = (scope, country)
        found = self._scopes.get(key)
        if found is None:
            found = self._scopes[key] = self._in_scope(scope, country)
        return found

    def _in_scope(self, scope: Scope, country: str) -> ScopeTest:
        if scope.worldwide:
            return ScopeTest(True, "any destination worldwide", ())
        used: list[RuleValue] = []
        if country in scope.except_countries:
            return ScopeTest(False, f"{country} is excepted", ())
        if country in scope.countries:
            return ScopeTest(True, f"{country} is named expressly", ())
        member_of = []
        members: list[tuple[RuleValue, str]] = []
        others: list[tuple[RuleValue, str]] = []
        for name in scope.groups:
            rv = self.group(name)
            if rv is None:
                continue
            used.append(rv)
            label = GROUP_LABEL.get(name, name)
            if country in rv.items():
                member_of.append(label)
                members.append((rv, f"{country} is in Country Group {label} on {self.as_of}"))
            else:
                others.append((rv, f"{country} is not in Country Group {label} on {self.as_of}"))
        wanted = "/".join(GROUP_LABEL.get(g, g) for g in scope.groups)
        if not member_of:
            return ScopeTest(False, f"{country} is not in {wanted or 'the named destinations'}", tuple(used),
                             tuple(others))
        for name in scope.minus_groups:
            rv = self.group(name)
            if rv is None:
                continue
            used.append(rv)
            if country in rv.items():
                label = GROUP_LABEL.get(name, name)
                return ScopeTest(False, f"{country} is in {'/'.join(member_of)} but also in {label} (excluded)",
                                 tuple(used), (*members, (rv, f"{country} is in Country Group {label} on "
                                                              f"{self.as_of} (excluded)")))
        minus = "/".join(GROUP_LABEL.get(g, g) for g in scope.minus_groups)
        tail = f" and not in {minus}" if minus else ""
        return ScopeTest(True, f"{country} is in {'/'.join(member_of)}{tail}", tuple(used), tuple(members))


def _as_bool(raw: object) -> bool:
    if isinstance(raw, str):
        return raw.strip().lower() in {"1", "true", "yes", "on", "y"}
    return bool(raw)
