"""Destination rules: embargoes, the advanced-computing license requirements by paragraph and destination,
the headquartered-party rule, and the Diffusion worldwide requirements behind their policy switch.
"""

from __future__ import annotations

from stackclear.determine.acc import ItemAcc
from stackclear.determine.context import ScopeTest
from stackclear.determine.exceptions import ac_exception, diffusion_exception
from stackclear.determine.facts import PackageFacts
from stackclear.determine.items import ItemFacts
from stackclear.determine.review import destination_review
from stackclear.model.determination import ReviewPolicy
from stackclear.rules.ruleset import RuleValue
from stackclear.rules.schema import Embargo, NamedDestinations, Policy, Scope

SCOPE = "license.scope"


def _pending(pf: PackageFacts, acc: ItemAcc, rule: RuleValue, text: str, *also: RuleValue) -> bool:
    """True when ``rule`` is in force but before its compliance date (reported as pending, not applied).

    With ``policy.compliance_dates.honoured`` false (the strict reading) the requirement applies from its
    effective date, and a reason says so."""
    found = pf.ctx.compliance(rule)
    if found is None:
        return False
    honoured, switch, compliance = found
    if honoured:
        acc.defer(rule, compliance, text, switch, *also)
        return True
    acc.use(switch, f"compliance date {compliance} of {rule.rule_id} not honoured (policy compliance_dates.honoured "
                    f"= false): applied from its effective date {rule.effective}")
    return False


def embargo(pf: PackageFacts, item: ItemFacts, acc: ItemAcc) -> None:
    """E:1/E:2 comprehensive embargoes (PROHIBITED), Syria after its 2025 easing, Russia/Belarus (§ 746.8)."""
    ctx = pf.ctx
    dest = ctx.effective_destination
    rv = ctx.entry("embargo.destinations.comprehensive")
    if rv is not None:
        test = ctx.in_scope(rv.typed(Embargo), dest)
        if test.inside:
            acc.scoped(rv, f"destination {dest}: {test.text} — comprehensive embargo, licenses generally denied: "
                        "prohibited for practical purposes", test)
            acc.prohibited = True
            return
    syria = ctx.entry("embargo.destinations.syria_2025")
    if syria is not None and dest in syria.typed(NamedDestinations).countries:
        value = syria.typed(NamedDestinations)
        if item.ccl:
            acc.use(syria, f"Syria (eased from {syria.effective}): license required for {item.eccn}, "
                           f"{value.review_policy.replace('_', ' ')} for civil end uses", policy=value.review_policy)
            acc.require("embargo.syria", value.review_policy.value)
        else:
            spp = ctx.entry("license.exceptions.spp_syria")
            acc.use(syria, f"Syria (eased from {syria.effective}): EAR99 items may go under License Exception SPP")
            if spp is not None:
                acc.use(spp, "License Exception SPP covers EAR99 items to Syria", exception="SPP")
                acc.require("embargo.syria", ReviewPolicy.presumption_of_approval, "SPP")
            else:
                acc.require("embargo.syria", ReviewPolicy.presumption_of_approval)
    rb = ctx.entry("embargo.destinations.russia_belarus")
    if rb is not None and dest in rb.typed(NamedDestinations).countries:
        policy = rb.typed(NamedDestinations).review_policy
        acc.use(rb, f"destination {dest}: Russia/Belarus sanctions — license required, "
                    f"{policy.replace('_', ' ')}", policy=policy)
        acc.require("embargo.russia_belarus", policy.value)


def advanced_computing(pf: PackageFacts, item: ItemFacts, acc: ItemAcc) -> bool:
    """The § 742.6(a)(6)/(a)(13) requirements for .a/.b/.c/4E091 items. Returns True when one applies."""
    tier = item.tier
    if tier is None:
        return False
    if tier == "c":
        return _hbm(pf, item, acc)
    if tier == "4E091":
        return _model_weights(pf, item, acc)
    ctx = pf.ctx
    dest = ctx.effective_destination
    applies = False
    note_id = f"country_groups.treatment.note_{dest}"
    note = ctx.entry(note_id) if note_id in ctx.rules else None
    if note is not None:
        acc.use(note, f"{dest}: {note.typed(str).strip()}")
    scope = ctx.entry(f"{SCOPE}.ab")
    negative = None  # "no destination requirement": superseded if a later rule requires a license after all
    if scope is not None and tier in scope.typed(Scope).paragraphs:
        test = ctx.in_scope(scope.typed(Scope), dest)
        if test.inside:
            acc.scoped(scope, f"{item.eccn} to {dest}: {test.text} → license required", test)
            detail, at = ItemAcc(), len(acc.reasons)
            policy = destination_review(pf, item, detail)
            acc.require("destination", policy, ac_exception(pf, item, acc, headquartered=False), detail=detail, at=at)
            applies = True
        else:
            negative = acc.scoped(scope, f"{item.eccn} to {dest}: {test.text} — no destination requirement", test)
    named = ctx.entry(f"{SCOPE}.b_named")
    if not applies and named is not None and tier in named.typed(Scope).paragraphs:
        if dest in named.typed(Scope).countries:
            text = f"{item.eccn} to {dest}: destination named expressly for .b → license required"
            if not _pending(pf, acc, named, text):
                line = acc.use(named, text)
                detail, at = ItemAcc(), len(acc.reasons)
                policy = destination_review(pf, item, detail)
                acc.require("destination", policy, ac_exception(pf, item, acc, headquartered=False), detail=detail,
                            at=at)
                applies = True
                if negative is not None:
                    negative.overridden_by = line.label()
    start = len(acc.reasons)
    if headquartered(pf, item, acc, destination_applied=applies):
        applies = True
        if negative is not None and negative.overridden_by is None:
            negative.overridden_by = acc.reasons[start].label()
    if not applies and tier == "a":
        start = len(acc.reasons)
        applies = _diffusion_a(pf, item, acc)
        if applies and negative is not None:
            negative.overridden_by = next((r.label() for r in acc.reasons[start:] if r.rule == f"{SCOPE}.a_worldwide"),
                                          None)
    return applies


def headquartered(pf: PackageFacts, item: ItemFacts, acc: ItemAcc, *, destination_applied: bool) -> bool:
    """Parties headquartered (or with their ultimate parent) in Macau or D:5, wherever located.

    A party headquartered in the destination itself adds nothing when the destination requirement already
    applies (a Chinese firm in China is covered by the China requirement and its review policy, including
    the 2026 case-by-case band); the rule matters for parties located elsewhere.
    """
    ctx = pf.ctx
    rule = ctx.entry(f"{SCOPE}.headquartered")
    if rule is None or item.tier not in rule.typed(Scope).paragraphs:
        return False
    found = False
    for country, shown, test, vias in _hq_groups(pf, rule, destination_applied):
        acc.scoped(rule, f"parties headquartered or with their ultimate parent in {country}: {shown}: {test.text} "
                         f"→ license required for {item.eccn} wherever located", test, *vias)
        found = True
    if found:
        detail, at = ItemAcc(), len(acc.reasons)
        policy = _review(pf, detail, "headquartered", "review policy for parties headquartered in Macau/D:5",
                         ReviewPolicy.presumption_of_denial)
        acc.require("headquartered", policy, ac_exception(pf, item, acc, headquartered=True), detail=detail, at=at)
    return found


def _hq_groups(pf: PackageFacts, rule: RuleValue,
               destination_applied: bool) -> list[tuple[str, str, ScopeTest, tuple[RuleValue, ...]]]:
    """Parties grouped by headquarters country inside the rule's scope (computed once per package)."""
    scope = rule.typed(Scope)
    key = (scope, destination_applied)
    cached = pf.hq_groups.get(key)
    if cached is not None:
        return cached
    by_country: dict[str, list[str]] = {}
    vias: dict[str, dict[RuleValue, None]] = {}
    for hq in pf.headquarters:
        if destination_applied and hq.country == pf.ctx.effective_destination:
            continue
        by_country.setdefault(hq.country, []).append(f"{hq.role} {hq.party!r} ({hq.how})")
        if hq.via is not None:
            vias.setdefault(hq.country, {})[hq.via] = None
    out = []
    for country, who in sorted(by_country.items()):
        test = pf.ctx.in_scope(scope, country)
        if test.inside:
            shown = "; ".join(who[:3]) + (f"; and {len(who) - 3} more" if len(who) > 3 else "")
            out.append((country, shown, test, tuple(vias.get(country, {}))))
    pf.hq_groups[key] = out
    return out


def _review(pf: PackageFacts, detail: ItemAcc, name: str, label: str, default: ReviewPolicy) -> ReviewPolicy:
    """Read ``license.review_policy.<name>`` into ``detail`` (shown only if no exception covers the line)."""
    review = pf.ctx.entry(f"license.review_policy.{name}")
    if review is None:
        return default
    policy = review.typed(Policy)
    detail.use(review, f"{label}: {policy.replace('_', ' ')}", policy=policy.value)
    return ReviewPolicy(policy.value)


def _hbm(pf: PackageFacts, item: ItemFacts, acc: ItemAcc) -> bool:
    ctx = pf.ctx
    dest = ctx.effective_destination
    scope = ctx.entry(f"{SCOPE}.c")
    if scope is None:
        return False
    test = ctx.in_scope(scope.typed(Scope), dest)
    if not test.inside:
        acc.scoped(scope, f"3A090.c to {dest}: {test.text} — no destination requirement", test)
        return False
    text = f"3A090.c to {dest}: {test.text} → license required"
    if _pending(pf, acc, scope, text, *test.used):
        return False
    acc.scoped(scope, text, test)
    detail, at = ItemAcc(), len(acc.reasons)
    policy = _review(pf, detail, "hbm", "review policy for HBM to Macau/D:5", ReviewPolicy.presumption_of_denial)
    acc.require("destination", policy, ac_exception(pf, item, acc, headquartered=False), detail=detail, at=at)
    return True


def _switch(pf: PackageFacts, acc: ItemAcc, scope: Scope) -> bool:
    name = scope.switch
    if not name:
        return True
    on, rv, overridden = pf.ctx.switch(name)
    state = "enforced" if on else "not enforced"
    if overridden:
        acc.use(rv, f"policy {name} = {on} (override for this run; the rule data says "
                    f"{rv.value if rv is not None else 'nothing'} on {pf.ctx.as_of})")
        acc.caveat(f"policy override: {name} = {on}")
    else:
        acc.use(rv, f"the AI Diffusion requirements are {state} on {pf.ctx.as_of} (policy {name})")
    return on


def _diffusion_a(pf: PackageFacts, item: ItemFacts, acc: ItemAcc) -> bool:
    scope = pf.ctx.entry(f"{SCOPE}.a_worldwide")
    if scope is None or not _switch(pf, acc, scope.typed(Scope)):
        if scope is not None:
            acc.caveat("the AI Diffusion worldwide license requirement for .a items is codified "
                       "(15 CFR 742.6(a)(6)(iii)(A)) but not enforced on this date: not applied")
        return False
    text = f"{item.eccn}: license required to any destination worldwide (AI Diffusion)"
    if _pending(pf, acc, scope, text):
        return False
    acc.use(scope, text)
    acc.caveat("AI Diffusion: data-center validated end-user authorizations (UVEU/NVEU, § 748.15) and per-country "
               "TPP caps are not evaluated; a party holding a VEU may not need a license")
    detail, at = ItemAcc(), len(acc.reasons)
    policy = _review(pf, detail, "diffusion_tier2", "Diffusion review policy outside Tier 1/Tier 3",
                     ReviewPolicy.case_by_case)
    acc.require("diffusion", policy, diffusion_exception(pf, item, acc), detail=detail, at=at)
    return True


def _model_weights(pf: PackageFacts, item: ItemFacts, acc: ItemAcc) -> bool:
    scope = pf.ctx.entry(f"{SCOPE}.model_weights")
    if scope is None:
        return False
    if not _switch(pf, acc, scope.typed(Scope)):
        acc.caveat("4E091 (model weights) is codified but not enforced on this date (15 CFR 742.6(a)(13)): not "
                   "applied to the weights")
        return False
    text = "4E091: license required to any destination worldwide (AI Diffusion)"
    if _pending(pf, acc, scope, text):
        return False
    acc.use(scope, text)
    detail, at = ItemAcc(), len(acc.reasons)
    policy = _review(pf, detail, "model_weights", "review policy for 4E091", ReviewPolicy.presumption_of_denial)
    acc.require("diffusion", policy, diffusion_exception(pf, item, acc), detail=detail, at=at)
    return True
