"""License review policy for the advanced-computing destination requirement (§ 742.6(b)(10)).

* October 2022 rule: the 2022 China/Macau policy.
* From 2023-11-17: presumption of denial for Macau and D:5; case-by-case (unverified) elsewhere in scope.
* From 2026-01-15: China/Macau exports *from the United States* of commodities below both the TPP and the
  total DRAM bandwidth thresholds move to case-by-case, subject to conditions (listed on the item).
  Every chip of the item must be below both; an unknown DRAM bandwidth keeps presumption of denial.
"""

from __future__ import annotations

from stackclear.determine.acc import ItemAcc
from stackclear.determine.facts import PackageFacts
from stackclear.determine.items import ItemFacts
from stackclear.determine.items import chip_label as _label_of
from stackclear.model.determination import ReviewPolicy
from stackclear.rules.schema import ChinaBand, Policy

NS = "license.review_policy"


def _label(policy: object) -> str:
    return str(policy).replace("_", " ")


def destination_review(pf: PackageFacts, item: ItemFacts, acc: ItemAcc) -> ReviewPolicy:
    ctx = pf.ctx
    dest = ctx.effective_destination
    old = ctx.entry(f"{NS}.china_2022")
    if old is not None:
        acc.use(old, f"review policy under the October 2022 rule: {_label(old.value)}", policy=old.typed(Policy))
        return ReviewPolicy(old.typed(Policy))
    d5 = pf.d5_or_macau(dest)
    if not d5.inside:
        other = ctx.entry(f"{NS}.other_in_scope")
        if other is None:
            return ReviewPolicy.case_by_case
        acc.scoped(other, f"review policy for in-scope destinations outside Macau/D:5 ({dest}): "
                          f"{_label(other.value)}", d5, policy=other.typed(Policy))
        return ReviewPolicy(other.typed(Policy))
    base = ctx.entry(f"{NS}.d5_macau")
    policy = ReviewPolicy(base.typed(Policy)) if base is not None else ReviewPolicy.presumption_of_denial
    acc.scoped(base, f"review policy for Macau/D:5 ({dest}): {_label(policy)}", d5, policy=policy.value)
    band = ctx.entry(f"{NS}.china_band")
    if band is None:
        return policy
    value = band.typed(ChinaBand)
    if dest not in value.destinations:
        return policy
    if ctx.export_from not in value.export_from:
        acc.use(band, f"the 2026 case-by-case band covers exports from {', '.join(value.export_from)} "
                      f"only; this ships from {ctx.export_from} (reexport): {_label(policy)} stays",
                policy=policy.value)
        return policy
    tpp_below = value.tpp_below
    bw_below = value.dram_below_gbs
    chips = item.chips
    if not chips:
        acc.use(band, "the 2026 case-by-case band applies to chips and computers with known figures only")
        return policy
    for spec, result, _ in chips:
        if not (result.eccn.startswith("3A090")):
            continue
        tpp = result.tpp or 0.0
        bw = spec.memory_bandwidth_gbs
        if tpp >= tpp_below:
            acc.use(band, f"{_label_of(spec)}: TPP {tpp:,.0f} ≥ {tpp_below:,.0f}: outside the 2026 case-by-case band "
                          f"({_label(policy)} stays)")
            return policy
        if bw is None:
            acc.use(band, f"{_label_of(spec)}: total DRAM bandwidth unknown: the 2026 band (< {bw_below:,.0f} GB/s) "
                          f"cannot be applied ({_label(policy)} stays)")
            acc.caveat(f"{_label_of(spec)}: give memory_bandwidth_gbs to test the 2026 China/Macau case-by-case band")
            return policy
        if bw >= bw_below:
            acc.use(band, f"{_label_of(spec)}: DRAM bandwidth {bw:,.0f} GB/s ≥ {bw_below:,.0f}: outside the 2026 "
                          f"case-by-case band ({_label(policy)} stays)")
            return policy
    figures = "; ".join(
        f"{_label_of(spec)}: TPP {(result.tpp or 0):,.0f} < {tpp_below:,.0f} and DRAM bandwidth "
        f"{spec.memory_bandwidth_gbs:,.0f} GB/s < {bw_below:,.0f}"
        for spec, result, _ in chips if result.eccn.startswith("3A090") and spec.memory_bandwidth_gbs is not None
    )
    acc.use(band, f"export from {ctx.export_from} to {dest}, {figures}: {_label(value.policy)} "
                  "(2026-01-15 band), subject to its conditions", policy=value.policy.value)
    if len(chips) > 1 or any(q > 1 for _, _, q in chips):
        acc.caveat("the 2026 band was applied per IC: whether a computer's aggregate TPP and DRAM bandwidth must "
                   "also be below the thresholds is not settled here (unverified)")
    conditions = list(value.conditions)
    extra = ctx.entry(f"{NS}.china_band_unverified_conditions")
    if extra is not None:
        acc.use(extra, "further conditions reported for the 2026 band: " + "; ".join(extra.items()))
        conditions.extend(extra.items())
    for condition in conditions:
        if condition not in acc.conditions:
            acc.conditions.append(condition)
    return ReviewPolicy(value.policy.value)
