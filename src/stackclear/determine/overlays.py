"""Product-specific overlays: license requirements imposed on named products by "is-informed" letters.

* 2023-10-23 → 2023-11-16: the new 3A090 parameters and destination scope applied early to A100, A800,
  H100, H800 and L40S.
* From 2025-04-09: H20 / MI308 — and any IC matching the H20's memory or interconnect bandwidth (trigger
  values unverified) — to China (incl. Hong Kong and Macau), D:5, and firms headquartered there.

Overlays only add a requirement to items that the regulation text does not already cover, so their reasons
stay readable and the regulation's own review policy governs otherwise.
"""

from __future__ import annotations

import re

from stackclear.determine.acc import ItemAcc
from stackclear.determine.facts import PackageFacts
from stackclear.determine.items import ItemFacts
from stackclear.determine.items import chip_label as _label_of
from stackclear.rules.ruleset import RuleValue
from stackclear.rules.schema import Guidance, H20Letters, H20Trigger, Oct2023Letters, Policy, SplitPolicy

NS = "overlays.products"


def _tokens(names: list[str]) -> set[str]:
    out: set[str] = set()
    for name in names:
        out.update(re.findall(r"[a-z0-9]+", name.lower()))
    return out


def _named(item: ItemFacts, products: tuple[str, ...]) -> list[str]:
    tokens = _tokens(item.names)
    return [p for p in products if p.lower() in tokens]


def apply_overlays(pf: PackageFacts, item: ItemFacts, acc: ItemAcc) -> None:
    """Overlays that add a license requirement (only for items the regulation text does not cover)."""
    if not item.has_chips:
        return
    _oct2023(pf, item, acc)
    _h20(pf, item, acc)


def guidance_flags(pf: PackageFacts, item: ItemFacts, acc: ItemAcc) -> None:
    """Guidance that changes no verdict but must be seen (e.g. Huawei Ascend and General Prohibition 10)."""
    if not item.names:
        return
    rule = pf.ctx.entry(f"{NS}.ascend_gp10")
    if rule is None:
        return
    guidance = rule.typed(Guidance)
    named = _named(item, guidance.products)
    if named:
        acc.use(rule, guidance.text)
        acc.caveat(f"{', '.join(named)}: General Prohibition 10 risk per BIS guidance of 2025-05-13")


def _oct2023(pf: PackageFacts, item: ItemFacts, acc: ItemAcc) -> None:
    rule = pf.ctx.entry(f"{NS}.oct2023_letters")
    if rule is None:
        return
    letters = rule.typed(Oct2023Letters)
    named = _named(item, letters.products)
    if not named:
        return
    dest = pf.ctx.effective_destination
    test = pf.ctx.in_scope(letters.scope, dest)
    if not test.inside:
        return
    policy = _oct2023_policy(pf, dest, letters.review_policy, acc)
    acc.scoped(rule, f"{', '.join(named)}: BIS letter applied the 88 FR 73458 parameters and scope from "
                  f"{rule.effective} ({test.text}) → license required, {policy.replace('_', ' ')}", test, policy=policy)
    acc.require("overlay.oct2023", policy)


def _oct2023_policy(pf: PackageFacts, dest: str, raw: Policy | SplitPolicy, acc: ItemAcc) -> str:
    """The letters brought 88 FR 73458 forward, so its review policies follow the destination: presumption of
    denial for Macau/D:5, case-by-case elsewhere (unverified, as for the rule itself). A plain
    string applies everywhere."""
    if not isinstance(raw, SplitPolicy):
        return raw.value
    d5 = pf.d5_or_macau(dest)
    if d5.inside:
        return raw.d5_macau.value
    policy = raw.other.value
    acc.caveat(f"review policy under the 2023-10-23 letters outside Macau/D:5 ({dest}) assumed as under "
               f"88 FR 73458: {policy.replace('_', ' ')} (unverified)")
    return policy


def _h20(pf: PackageFacts, item: ItemFacts, acc: ItemAcc) -> None:
    ctx = pf.ctx
    rule = ctx.entry(f"{NS}.h20_letters")
    if rule is None:
        return
    value = rule.typed(H20Letters)
    where = ctx.in_scope(value.scope, ctx.destination)
    if not where.inside and ctx.treatment is not None:
        where = ctx.in_scope(value.scope, ctx.effective_destination)
    who = None
    if not where.inside:
        for hq in pf.headquarters:
            test = ctx.in_scope(value.headquartered, hq.country)
            if test.inside:
                who = f"{hq.role} {hq.party!r} is {hq.how}"
                where = test
                break
        if who is None:
            return
    named = _named(item, value.products)
    trigger_text = ""
    extra: tuple[RuleValue, ...] = ()
    if named:
        trigger_text = f"named product {', '.join(named)}"
    else:
        trigger = ctx.entry(f"{NS}.h20_trigger")
        if trigger is None:
            return
        bw_min = trigger.typed(H20Trigger).memory_bandwidth_min_gbs
        io_min = trigger.typed(H20Trigger).interconnect_min_gbs
        for spec, _, _ in item.chips:
            if spec.memory_bandwidth_gbs is not None and spec.memory_bandwidth_gbs >= bw_min:
                trigger_text = (f"{_label_of(spec)}: memory bandwidth {spec.memory_bandwidth_gbs:,.0f} GB/s "
                                f"≥ {bw_min:,.0f}")
            elif spec.interconnect_gbs is not None and spec.interconnect_gbs >= io_min:
                trigger_text = f"{_label_of(spec)}: interconnect {spec.interconnect_gbs:,.0f} GB/s ≥ {io_min:,.0f}"
            if trigger_text:
                break
        if not trigger_text:
            return
        extra = (trigger,)
    place = who or where.text
    acc.scoped(rule, f"{trigger_text}; {place}: license required by the 2025 is-informed letters "
                     f"({value.duration})", where, *extra)
    review = ctx.entry(f"{NS}.h20_review")
    policy = review.typed(Policy).value if review is not None else "presumption_of_denial"
    if review is not None:
        acc.use(review, f"review of licenses under the 2025 letters: {policy.replace('_', ' ')}", policy=policy)
    acc.require("overlay.h20", policy)
