"""License exceptions for advanced-computing requirements: NAC/ACA (§ 740.8), HBM (§ 740.25), and the
Diffusion exceptions AIA (§ 740.27) and LPP (§ 740.29) while that rule is enforced.

NAC/ACA eligibility of the *item* comes from its ECCN entry (non-datacenter .a, datacenter .b), computed by
classification; which of the two applies is dated data: before 2024-04-04 NAC (with notification) covered
every in-scope case; from 2024-04-04 (89 FR 23876) NAC covers Macau/D:5 destinations and parties
headquartered there, ACA the other in-scope destinations without notification.
"""

from __future__ import annotations

from stackclear.determine.acc import ItemAcc
from stackclear.determine.facts import PackageFacts
from stackclear.determine.items import ItemFacts
from stackclear.rules.schema import Exception_

NS = "license.exceptions"


def ac_exception(pf: PackageFacts, item: ItemFacts, acc: ItemAcc, *, headquartered: bool) -> str | None:
    """The exception that may cover an advanced-computing requirement for this item, or None."""
    ctx = pf.ctx
    if item.tier == "c":
        return _hbm(pf, item, acc) or _tmp(pf, acc)
    result = item.classification
    if result is None or not result.nac_eligible:
        return _tmp(pf, acc)
    dest = ctx.effective_destination
    if ctx.export_from == dest and pf.d5_or_macau(dest).inside:
        aca = ctx.entry(f"{NS}.aca")
        if aca is None:
            return None
        acc.use(aca, f"transfer within {dest} (Macau/D:5): License Exception ACA covers in-country transfers",
                exception="ACA")
        acc.caveat("in-country transfers within Macau/D:5 under ACA: per notices quoting § 740.8; "
                   "an earlier statement that NAC/ACA never cover them is doubtful")
        return "ACA"
    nac = ctx.entry(f"{NS}.nac")
    if nac is None:
        return None
    covers = nac.typed(Exception_).covers
    d5 = pf.d5_or_macau(dest)
    if covers == "all_in_scope" or headquartered or d5.inside:
        days = ctx.entry(f"{NS}.nac_notification_days")
        why = "all in-scope destinations" if covers == "all_in_scope" else (
            "a party headquartered in Macau/D:5" if headquartered else f"destination {dest} in Macau/D:5")
        acc.use(nac, f"License Exception NAC available ({why}): advance notification to BIS required", exception="NAC")
        if days is not None:
            acc.use(days, f"NAC notification: at least {days.value} days before export; BIS may object")
            acc.condition(f"notify BIS {days.value} days before export under NAC (§ 740.8); ship only if BIS does "
                          "not object")
        return "NAC"
    aca = ctx.entry(f"{NS}.aca")
    if aca is None:
        return None
    acc.use(aca, f"License Exception ACA available for {dest} (outside Macau/D:5): no notification", exception="ACA")
    return "ACA"


def _tmp(pf: PackageFacts, acc: ItemAcc) -> str | None:
    """TMP for a line declared a temporary export (``temporary: true``), limited to § 740.9(a)(6)."""
    if not acc.temporary:
        return None
    rule = pf.ctx.entry(f"{NS}.tmp")
    if rule is None:
        return None
    value = rule.typed(Exception_)
    acc.use(rule, f"temporary export ({acc.temporary}): License Exception TMP, "
                  f"{value.text or 'limited to § 740.9(a)(6)'}",
            exception="TMP")
    acc.condition("TMP: only as § 740.9(a)(6) allows (items for the exporter's own employees, returned within a year)")
    return "TMP"


def _hbm(pf: PackageFacts, item: ItemFacts, acc: ItemAcc) -> str | None:
    ctx = pf.ctx
    result = item.classification
    exclusions = ctx.entry(f"{NS}.nac_aca_exclusions")
    if exclusions is not None:
        acc.use(exclusions, "NAC/ACA are not available for 3A090.c")
    rule = ctx.entry(f"{NS}.hbm")
    if rule is None or result is None:
        return None
    if not result.hbm_exception_eligible:
        acc.use(rule, "License Exception HBM is not available: density at or above the § 740.25 ceiling")
        return None
    acc.use(rule, "License Exception HBM (§ 740.25) available below the density ceiling", exception="HBM")
    for condition in rule.typed(Exception_).conditions:
        acc.condition(condition)
    return "HBM"


def diffusion_exception(pf: PackageFacts, item: ItemFacts, acc: ItemAcc) -> str | None:
    """AIA for Tier 1 destinations with Tier 1 parties; LPP within the per-consignee TPP cap (not 4E091)."""
    ctx = pf.ctx
    dest = ctx.effective_destination
    tier1 = ctx.entry("policy.diffusion_tiers.tier1")
    tier1_list = tier1.items() if tier1 is not None else ()
    if dest in tier1_list:
        foreign = [h for h in pf.headquarters if h.country not in tier1_list]
        aia = ctx.entry(f"{NS}.aia")
        if aia is not None and not foreign:
            acc.use(aia, f"{dest} is in Tier 1 and no party is headquartered outside Tier 1: License Exception AIA",
                    *((tier1,) if tier1 is not None else ()), exception="AIA")
            return "AIA"
    if item.tier != "a":
        return None
    lpp = ctx.entry(f"{NS}.lpp")
    if lpp is None:
        return None
    cap = lpp.typed(Exception_).tpp_per_consignee_year or 0.0
    if pf.a_tpp_total <= cap and not pf.d5_or_macau(dest).inside:
        acc.use(lpp, f"package .a TPP {pf.a_tpp_total:,.0f} ≤ {cap:,.0f} per consignee per year: License "
                     "Exception LPP (with notification)", exception="LPP")
        acc.condition("LPP: the cap counts all LPP exports to the ultimate consignee in the calendar year")
        return "LPP"
    acc.use(lpp, f"package .a TPP {pf.a_tpp_total:,.0f} > LPP cap {cap:,.0f} (or Tier 3): LPP not available")
    return None
