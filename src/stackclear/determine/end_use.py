"""End-use and end-user controls (§§ 744.2-744.4, 744.21, 744.22, 744.23) and party list effects on items.

End-use controls apply to every item kind — EAR99 software included when the control covers "any item
subject to the EAR" — which is why items stackclear cannot classify still pass through here.
"""

from __future__ import annotations

import re

from stackclear.determine.acc import ItemAcc
from stackclear.determine.context import ScopeTest
from stackclear.determine.effects import Effect
from stackclear.determine.facts import PackageFacts
from stackclear.determine.items import ItemFacts
from stackclear.model.determination import ReviewPolicy
from stackclear.rules.ruleset import RuleValue
from stackclear.rules.schema import AssumedEccns, Consequence, Control, ItemList, ProductionExcludes

NS = "end_use.controls"
LISTS = "lists.consequences"
CONTROLS = ("supercomputer", "advanced_ic_production", "ic_production", "sme_production", "military_any_item",
            "military_supp2", "military_intelligence", "wmd")
ECCN_GROUP = re.compile(r"^[0-9][A-E][0-9]{3}")
HOLD_CONDITION = ("do not ship until every party on HOLD is resolved (possible list match or lists unavailable); "
                  "until then the package verdict is HOLD")


def _covered(pf: PackageFacts, item: ItemFacts, kind: str, items: str | ItemList, acc: ItemAcc) -> tuple[bool, str]:
    """Whether the item is inside a control's item scope (vocabulary in rules/data/end_use/controls.yaml)."""
    if items == "all":
        return True, "any item subject to the EAR"
    if items == "ccl":
        return item.ccl, f"{item.eccn} {'is' if item.ccl else 'is not'} on the CCL"
    if items == "supp2":
        supp2 = pf.ctx.entry(f"{NS}.supp2_eccns")
        prefixes = list(supp2.items()) if supp2 is not None else []
        if supp2 is not None:
            acc.read(supp2)
        return _listed(item, kind, prefixes, "in Supp. No. 2 to Part 744", "§ 744.21", acc, pf)
    if isinstance(items, ItemList):
        if items.eccns:
            return _listed(item, kind, list(items.eccns), "in the control's ECCN list", "§ 744.23(a)(1)", acc, pf)
        groups = [g.upper() for g in items.product_groups]
        if groups:
            eccn = item.eccn.upper()
            group = eccn[:2] if ECCN_GROUP.match(eccn) else None
            shown = ", ".join(groups)
            if group is None:
                return False, f"{item.eccn} is not in a CCL product group ({shown} required)"
            inside = group in groups
            return inside, (f"{item.eccn} is in Category {group[0]}, Product Group {group[1]} — "
                            f"{'inside' if inside else 'outside'} the item scope ({shown})")
    return False, "outside the control's item scope"


def _listed(item: ItemFacts, kind: str, prefixes: list[str], where: str, section: str,
            acc: ItemAcc, pf: PackageFacts) -> tuple[bool, str]:
    hit = any(item.eccn.upper().startswith(p.upper()) for p in prefixes)
    assumed = _assumed_eccn(pf, item, kind)
    if not hit and assumed is not None and any(assumed[0].startswith(p) for p in prefixes):
        acc.read(assumed[1])
        acc.caveat(f"{item.eccn}: assumed {assumed[0]} for {section} (a modern IC or computer outside 3A090/4A090 "
                   "normally falls under 3A991/4A994); declare eccn: to override")
        return True, f"{item.eccn}, assumed {assumed[0]}, is {where}"
    return hit, f"{item.eccn} {'is' if hit else 'is not'} {where}"


def _assumed_eccn(pf: PackageFacts, item: ItemFacts, kind: str) -> tuple[str, RuleValue] | None:
    """The ECCN rule data assumes for an AI chip or computer that stackclear places outside 3A090/4A090
    (``end_use.controls.assumed_eccns``), with the value read. None when the item declares its own ECCN or is
    not a chip or computer."""
    if item.self_declared or not item.eccn.lower().startswith("not "):
        return None
    rule = pf.ctx.entry(f"{NS}.assumed_eccns")
    if rule is None:
        return None
    assumed = rule.typed(AssumedEccns)
    if kind == "chip" or (not kind and item.has_chips and item.eccn.lower() == "not 3a090"):
        return assumed.chip, rule
    if kind == "computer" or (not kind and item.has_chips):
        return assumed.computer, rule
    return None


def _active(pf: PackageFacts) -> list[tuple[str, RuleValue, list[str], ScopeTest]]:
    """End-use controls in force whose end uses the package declares and whose scope holds the destination
    (the same for every item: computed once per package)."""
    if pf.end_use_rules is None:
        ctx = pf.ctx
        out = []
        for name in CONTROLS:
            rule = ctx.entry(f"{NS}.{name}")
            if rule is None:
                continue
            control = rule.typed(Control)
            uses = [u for u in control.end_uses if u in pf.end_uses]
            if not uses:
                continue
            where = ctx.in_scope(control.scope, ctx.effective_destination)
            if where.inside:
                out.append((name, rule, uses, where))
        pf.end_use_rules = out
    return pf.end_use_rules


def _excluded_production(pf: PackageFacts, acc: ItemAcc) -> None:
    """§ 744.23(a)(5): back-end assembly, test and packaging is not "production" — say so when the package
    declares such an end use and no production end use that § 744.23(a)(2) covers."""
    rule = pf.ctx.entry(f"{NS}.production_excludes")
    if rule is None:
        return
    excludes = rule.typed(ProductionExcludes)
    uses = [u for u in excludes.end_uses if u in pf.end_uses]
    if not uses:
        return
    controls = list(excludes.controls)
    acc.use(rule, f"end use {', '.join(uses)}: back-end assembly, test and packaging is not \"production\" — "
                  f"the § 744.23(a)(2) controls ({', '.join(controls)}) do not reach it")


def end_use_controls(pf: PackageFacts, item: ItemFacts, kind: str, acc: ItemAcc) -> None:
    if not pf.end_uses:
        return
    _excluded_production(pf, acc)
    dest = pf.ctx.effective_destination
    for name, rule, uses, where in _active(pf):
        value = rule.typed(Control)
        covered, why = _covered(pf, item, kind, value.items, acc)
        if not covered:
            acc.scoped(rule, f"end use {', '.join(uses)} in {dest}: {why} — not covered", where)
            continue
        policy = value.review_policy.value
        acc.scoped(rule, f"end use {', '.join(uses)} in {dest} ({where.text}); {why} → license required, "
                      f"{policy.replace('_', ' ')}", where, policy=policy)
        acc.require(f"end_use.{name}", policy)


def _fdp(pf: PackageFacts, eff: Effect, acc: ItemAcc) -> None:
    """An Entity List FDP footnote and items shipped from outside the US: HOLD for the FDP analysis."""
    if not eff.fdp or pf.ctx.export_from == "US":
        return
    rule = pf.ctx.entry(f"{LISTS}.EL_fdp_hold")
    if rule is None:
        return
    also = (eff.fdp_rule,) if eff.fdp_rule is not None else ()
    reason = acc.use(rule, f"shipped from {pf.ctx.export_from} to {eff.party!r} ({'; '.join(eff.fdp)}): "
                           f"{rule.typed(Consequence).text}", *also)
    # The FDP rule to analyse is the footnote's own paragraph (from the footnote data, read above): cite it first.
    specific = [f"15 CFR {p.removeprefix('§').strip()}" for p in eff.fdp_paragraphs]
    if specific:
        reason.citation = "; ".join([*specific, reason.citation])
    acc.hold = True
    acc.condition(f"FDP analysis for {eff.party!r}: is the item US-origin, above de minimis (§ 734.4) or a direct "
                  f"product under the entry's footnote? If so, a license is required (§ 744.11)")


def _carveouts(eff: Effect, kind: str, acc: ItemAcc) -> None:
    """Exceptions written into the entry: a condition to check where the item could fall under them."""
    for clause, check, kinds in eff.carveouts:
        if "all" in kinds or kind in kinds or not kind:
            if eff.carveout_rule is not None:
                acc.read(eff.carveout_rule)
            acc.condition(f"Entity List entry of {eff.party!r}: {clause!r} — {check}; the license requirement "
                          "stands unless it does")


def party_effects(pf: PackageFacts, item: ItemFacts, acc: ItemAcc, kind: str = "") -> None:
    """Apply each screened party's consequence (from its list matches and ownership) to this item."""
    dest = pf.ctx.effective_destination
    for eff in pf.effects:
        if eff.verdict == "PROHIBITED":
            acc.use(eff.rule, eff.text, *eff.supporting)
            acc.prohibited = True
        elif eff.verdict == "HOLD":
            # An unresolved party (possible match, stale or missing lists) is a fact about the party, not about
            # the item: the party carries HOLD and, through it, the package verdict (DESIGN: the package verdict
            # is the strictest item/party verdict). The item keeps its own requirement and exception, so the
            # line still says what it needs once screening clears; the reason and a condition say it is pending.
            acc.use(eff.rule, eff.text, *eff.supporting)
            acc.condition(HOLD_CONDITION)
        elif eff.verdict == "LICENSE_REQUIRED":
            if eff.items == "covered":
                covered, why = _meu_covered(pf, item, dest, acc)
                if not covered:
                    acc.use(eff.rule, f"{eff.text} — {why}: not covered", *eff.supporting)
                    continue
                pf.applied.add(eff)
            policy = eff.review_policy or ReviewPolicy.presumption_of_denial
            acc.use(eff.rule, eff.text, *eff.supporting, policy=policy.value)
            acc.require(f"party.{eff.code}", policy)
            if not eff.exceptions:
                acc.exceptions_barred = True
            _fdp(pf, eff, acc)
            _carveouts(eff, kind, acc)
        else:
            acc.use(eff.rule, eff.text, *eff.supporting)
            if not eff.exceptions and eff.items != "none":
                acc.exceptions_barred = True
            if eff.statement:
                acc.condition(str(eff.statement))


def _meu_covered(pf: PackageFacts, item: ItemFacts, dest: str, acc: ItemAcc) -> tuple[bool, str]:
    any_item = pf.ctx.entry(f"{NS}.military_any_item")
    if any_item is not None:
        if pf.ctx.in_scope(any_item.typed(Control).scope, dest).inside:
            acc.read(any_item)
            return True, f"any item for {dest}"
    return _covered(pf, item, "", "supp2", acc)
