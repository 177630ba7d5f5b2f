"""Ownership: an entity owned 50% or more in aggregate by blocked persons is itself blocked (OFAC's 50 percent
rule); an entity owned 50% or more by Entity List / MEU parties carries their restrictions while the affiliates
rule is in force (``policy.affiliates``); unresolved owners that could reach the threshold fail closed (HOLD).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from stackclear.classify.result import Reason
from stackclear.determine.effects import Effect, Node
from stackclear.model.determination import PartyDetermination
from stackclear.model.package import Owner, Party
from stackclear.rules.schema import Ownership

if TYPE_CHECKING:
    from stackclear.determine.parties import PartyScreening


def aggregate(s: PartyScreening, who: Party | Owner, node: Node, det: PartyDetermination,
              owners: list[tuple[Owner, Node]]) -> None:
    """Apply the ownership rules to ``who`` from its owners' screening outcomes."""
    if not owners:
        return
    ofac = s.rule("ofac_ownership")
    ofac_threshold = ofac.typed(Ownership).threshold
    blocked = ofac.typed(Ownership).sources  # lists whose parties block what they own (SDN)
    sdn_share = sum(o.share for o, c in owners if _carries(c, blocked))
    if sdn_share >= ofac_threshold:
        names = ", ".join(o.name for o, c in owners if _carries(c, blocked))
        text = (f"{who.name!r} is owned {sdn_share:.0%} in aggregate by blocked persons ({names}) "
                f"≥ {ofac_threshold:.0%}: blocked")
        det.reasons.append(Reason.of(ofac, text))
        code = blocked[0] if blocked else "SDN"
        node.carried.setdefault(code, []).append(Effect("PROHIBITED", "all", False, None, ofac, text, code=code))
    sources, cited = s.affiliates_sources
    listed = [(o, c) for o, c in owners if _carries(c, sources)]
    review = [(o, c) for o, c in owners if c.review or "HOLD" in c.carried]
    threshold_rv = s.ctx.entry("policy.affiliates.threshold")
    threshold = threshold_rv.number() if threshold_rv is not None else 0.5
    listed_share = sum(o.share for o, _ in listed)
    review_share = sum(o.share for o, _ in review)
    if listed and listed_share >= threshold:
        names = ", ".join(f"{o.name} ({o.share:.0%})" for o, _ in listed)
        state = s.affiliates_rule
        s.out.trace.extend(v for v in (state, threshold_rv) if v is not None)
        if s.affiliates_in_force and threshold_rv is not None:
            state = state or threshold_rv
            text = (f"{who.name!r} is owned {listed_share:.0%} in aggregate by Entity List/MEU parties "
                    f"({names}) ≥ {threshold:.0%}: it carries their restrictions (affiliates rule)")
            det.reasons.append(Reason.of(state, text))
            for _, child in listed:
                for code in sources:
                    for eff in child.carried.get(code, []):
                        node.carried.setdefault(code, []).append(replace(
                            eff, rule=state, text=text + f"; {eff.text}", supporting=(threshold_rv, eff.rule),
                            party=who.name))
        else:
            when = "not in force" if state is None else f"not in force on {s.ctx.as_of} ({state.citation})"
            note = (f"{who.name!r} is owned {listed_share:.0%} by Entity List/MEU parties ({names}); the "
                    f"affiliates rule ({cited}) is {when} — it would extend their restrictions")
            s.out.caveats.append(note)
            det.reasons.append(Reason.of(state, note))
    elif review and listed_share < threshold <= listed_share + review_share + (
            1.0 if any(_carries(c, blocked) for _, c in review) else 0.0):
        rv = s.rule("possible_match")
        text = (f"{who.name!r}: owners with unresolved possible matches "
                f"({', '.join(o.name for o, _ in review)}) could bring listed ownership to the threshold")
        det.reasons.append(Reason.of(rv, text))
        node.review = True
        s.hold(node, rv, text)


def _carries(node: Node, codes: tuple[str, ...]) -> bool:
    return any(code in node.carried for code in codes)
