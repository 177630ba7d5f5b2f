"""Package-level facts computed once per determination and shared by every item's rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from stackclear.determine.context import Context, ScopeTest
from stackclear.determine.effects import Effect
from stackclear.determine.headquarters import headquarters_of
from stackclear.model.package import Package
from stackclear.rules.ruleset import RuleValue
from stackclear.rules.schema import Scope


@dataclass(frozen=True, slots=True)
class HqFact:
    """A party headquartered (or with its ultimate parent) in a country."""

    party: str
    role: str
    country: str
    how: str
    via: RuleValue | None = None  # a destination treatment applied (e.g. Hong Kong treated as China)


@dataclass(slots=True)
class PackageFacts:
    ctx: Context
    end_uses: frozenset[str]
    headquarters: list[HqFact] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    a_tpp_total: float = 0.0
    applied: set[Effect] = field(default_factory=set)  # item-dependent party effects that covered an item
    macau: RuleValue | None = None
    _d5_cache: dict[str, ScopeTest] = field(default_factory=dict)
    end_use_rules: list[tuple[str, RuleValue, list[str], ScopeTest]] | None = None
    hq_groups: dict[tuple[Scope, bool], list[tuple[str, str, ScopeTest, tuple[RuleValue, ...]]]] = field(
        default_factory=dict)

    def d5_or_macau(self, country: str) -> ScopeTest:
        """Is ``country`` Macau or in D:5 on the date ("Macau or Country Group D:5")?"""
        if country not in self._d5_cache:
            macau = self.macau.items() if self.macau is not None else ()
            test = self.ctx.in_scope(Scope(groups=("D5",), countries=macau), country)
            used = test.used + ((self.macau,) if self.macau is not None else ())
            self._d5_cache[country] = ScopeTest(test.inside, test.text, used, test.deciding)
        return self._d5_cache[country]


def package_facts(package: Package, ctx: Context, effects: list[Effect]) -> PackageFacts:
    facts = PackageFacts(ctx=ctx, end_uses=frozenset(e.value for e in package.end_uses), effects=effects)
    facts.macau = ctx.entry("country_groups.treatment.macau_with_d5")
    for party in package.parties:
        for country, how in headquarters_of(party):
            rid = f"country_groups.treatment.{country}"
            via = ctx.entry(rid) if rid in ctx.rules else None
            if via is not None and isinstance(via.value, str):
                facts.headquarters.append(HqFact(party.name, party.role.value, via.value,
                                                 f"{how}, treated as {via.value}", via))
            else:
                facts.headquarters.append(HqFact(party.name, party.role.value, country, how))
    return facts
