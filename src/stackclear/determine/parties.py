"""Screen every party and every owner; turn list matches and ownership into effects on the items.

A match carries its own list's consequence (``lists.consequences.<source code>``): a CMIC match never clears
a party, and never restricts exports by itself either. Ownership: an entity owned 50% or more in aggregate by
Entity List / MEU parties carries their restrictions while the affiliates rule is in force
(``policy.affiliates``); an entity owned 50% or more by SDNs is blocked (OFAC's 50 percent rule). A possible
match, or lists that are missing or stale, fail closed: HOLD.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from stackclear.classify.result import Reason
from stackclear.determine.context import Context
from stackclear.determine.screening import (
    HitLike,
    PartyQuery,
    ScreenerLike,
    ScreenResultLike,
    hit_to_dict,
    result_lists,
)
from stackclear.model.determination import PartyDetermination, ReviewPolicy, Verdict
from stackclear.model.package import Owner, Package, Party
from stackclear.rules.ruleset import RuleValue

NS = "lists.consequences"
CONSEQUENCE_SEVERITY = {"NONE": 0, "LICENSE_REQUIRED": 2, "HOLD": 3, "PROHIBITED": 4}


@dataclass(frozen=True, slots=True)
class Effect:
    """What a party's status does to the items: applied by the engine to every item it covers."""

    verdict: str  # PROHIBITED | LICENSE_REQUIRED | HOLD | NONE
    items: str  # all | covered | none
    exceptions: bool
    review_policy: ReviewPolicy | None
    rule: RuleValue
    text: str
    supporting: tuple[RuleValue, ...] = ()
    statement: str | None = None
    code: str = ""
    party: str = ""
    fdp: tuple[str, ...] = ()  # Entity List FDP footnotes of the entry (their texts), read from ``fdp_rule``
    fdp_rule: RuleValue | None = None
    carveouts: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (entry clause, what to check, item kinds)
    carveout_rule: RuleValue | None = None


@dataclass(slots=True)
class _Node:
    """Screening status of one party or owner, after its own owners are taken into account."""

    carried: dict[str, list[Effect]] = field(default_factory=dict)  # code (EL/MEU/SDN) → effects carried
    review: bool = False


@dataclass(slots=True)
class PartiesOutcome:
    determinations: list[PartyDetermination] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    lists: list[object] = field(default_factory=list)
    matcher: str | None = None
    trace: list[RuleValue] = field(default_factory=list)
    item_dependent: list[tuple[Effect, PartyDetermination]] = field(default_factory=list)

    def raise_covered(self, applied: set[int]) -> None:
        """A party whose restriction depends on the item (MEU: Supp. No. 2 items) is LICENSE_REQUIRED once an
        item of the package is covered: the party carries the verdict it imposed, as an Entity List party does."""
        for eff, det in self.item_dependent:
            if id(eff) in applied and det.verdict.severity < Verdict.LICENSE_REQUIRED.severity:
                det.verdict = Verdict.LICENSE_REQUIRED


def review_policy_from_text(text: str | None) -> ReviewPolicy | None:
    """An Entity List license policy text → the strictest policy it mentions (None when it names none)."""
    if not text:
        return None
    low = text.lower()
    if "denial" in low:
        return ReviewPolicy.presumption_of_denial
    if "case-by-case" in low or "case by case" in low:
        return ReviewPolicy.case_by_case
    if "approval" in low:
        return ReviewPolicy.presumption_of_approval
    return None


class PartyScreening:
    """Screens parties and owners once each and derives their effects."""

    def __init__(self, ctx: Context, screener: ScreenerLike | None) -> None:
        self.ctx = ctx
        self.screener = screener
        self.out = PartiesOutcome()
        self._cache: dict[tuple[str, str | None, str | None, str | None], ScreenResultLike | None] = {}
        self._owner_shares: dict[int, list[tuple[Owner, _Node]]] = {}
        self.affiliates_in_force, self._aff_rv = self._affiliates()

    def _rule(self, name: str) -> RuleValue:
        rid = f"{NS}.{name}" if f"{NS}.{name}" in self.ctx.rules else f"{NS}.unknown"
        found = self.ctx.entry(rid)
        if found is None:
            found = self.ctx.rules.rule(f"{NS}.unknown").values[0]
        self.out.trace.append(found)
        return found

    def _affiliates(self) -> tuple[bool, RuleValue | None]:
        value, rv, overridden = self.ctx.switch("affiliates.in_force")
        if overridden:
            self.out.caveats.append(f"policy override: affiliates.in_force = {value}")
        return value, rv

    def _screen(self, query: PartyQuery) -> ScreenResultLike | None:
        key = (query.name, query.country, query.schema, query.address)
        if key not in self._cache:
            self._cache[key] = None if self.screener is None else self.screener.screen(query)
            result = self._cache[key]
            if result is not None:
                for snap in result_lists(result):
                    if snap not in self.out.lists:
                        self.out.lists.append(snap)
                matcher = getattr(result, "matcher", None)
                if matcher and self.out.matcher is None:
                    self.out.matcher = str(matcher)
        return self._cache[key]

    def run(self, package: Package) -> PartiesOutcome:
        for i, party in enumerate(package.parties):
            node, det = self._node(party, f"parties[{i}]", party.role.value, None)
            self._located(package, party, node, det)
            self._apply_party(node, det)
        return self.out

    def _located(self, package: Package, party: Party, node: _Node, det: PartyDetermination) -> None:
        """A party located in an embargoed country makes the transaction one with that country; an end user or
        consignee elsewhere than the ship-to country makes that country the real destination (caveat)."""
        country = party.country
        if country is None or country == package.destination:
            return
        rule = self.ctx.entry("embargo.destinations.comprehensive")
        if rule is not None:
            test = self.ctx.in_scope(rule.value, country)
            if test.inside:
                self.out.trace.extend((rule, *test.used))
                text = (f"{party.role.value} {party.name!r} is located in {country}: {test.text} — comprehensive "
                        "embargo, prohibited for practical purposes")
                det.reasons.append(Reason.of(rule, text))
                node.carried.setdefault("EMBARGO", []).append(
                    Effect("PROHIBITED", "all", False, None, rule, text, supporting=test.used, code="EMBARGO"))
                return
        if party.role.value in {"end_user", "consignee"}:
            self.out.caveats.append(
                f"{party.role.value} {party.name!r} is located in {country}, not in the ship-to country "
                f"{package.destination}: the items' ultimate destination is {country} — evaluate the package with "
                f"destination {country} too")

    # ------------------------------------------------------------------ one node (party or owner)
    def _node(self, who: Party | Owner, ident: str, role: str,
              owned_by: str | None) -> tuple[_Node, PartyDetermination]:
        schema = getattr(who, "schema_", None)
        address = getattr(who, "address", None)
        query = PartyQuery(id=ident, name=who.name, schema=schema, country=who.country, address=address)
        result = self._screen(query)
        det = PartyDetermination(name=who.name, role=role, country=who.country, decision="unavailable",
                                 verdict=Verdict.NO_LICENSE_REQUIRED, owned_by=owned_by)
        self.out.determinations.append(det)
        node = _Node()
        if result is None or (result.decision == "review" and not result.hits):
            rv = self._rule("unavailable")
            why = "; ".join(str(r) for r in getattr(result, "reasons", []) or []) if result is not None else ""
            text = _text(rv) + (f" ({why})" if why else " (no screener given)")
            node.review = True
            det.decision = "unavailable"
            det.reasons.append(Reason.of(rv, text))
            self._effect_hold(node, rv, f"{who.name}: {text}")
            return node, det
        det.decision = result.decision
        hits = sorted(result.hits, key=lambda h: (-float(h.score), str(h.entry_id)))
        det.hits = [hit_to_dict(h) for h in hits]
        if result.decision == "review":
            rv = self._rule("possible_match")
            best = hits[0]
            text = (f"{_text(rv)}: {who.name!r} ~ {best.matched_name!r} on {best.source_code} "
                    f"(score {float(best.score):.2f})")
            det.reasons.append(Reason.of(rv, text))
            node.review = True
            self._effect_hold(node, rv, text)
        elif result.decision == "hit":
            threshold = getattr(result, "threshold", None)
            confirmed = [h for h in hits if threshold is None or float(h.score) >= float(threshold)]
            for hit in confirmed:
                self._hit(who, hit, node, det)
            possible = [h for h in hits if h not in confirmed]
            if possible:
                self._possible(who, confirmed, possible, node, det)
        for j, owner in enumerate(who.owners):
            child, _ = self._node(owner, f"{ident}.owners[{j}]", "owner", who.name)
            self._ownership(owner, child, node)
        self._aggregate(who, node, det)
        return node, det

    def _severity(self, hit: HitLike) -> int:
        rv = self._rule(str(hit.source_code or "unknown").upper())
        verdict = rv.value.get("verdict", "HOLD") if isinstance(rv.value, Mapping) else "HOLD"
        return CONSEQUENCE_SEVERITY.get(str(verdict), CONSEQUENCE_SEVERITY["HOLD"])

    def _possible(self, who: Party | Owner, confirmed: list[HitLike], possible: list[HitLike], node: _Node,
                  det: PartyDetermination) -> None:
        """Weaker matches next to confirmed ones: HOLD only if one of them could make the outcome stricter
        (e.g. a possible Denied Persons match beside a confirmed Entity List one, or any export-restricting
        match beside a CMIC-only one); otherwise they are reported and change nothing."""
        floor = max((self._severity(h) for h in confirmed), default=0)
        stricter = [h for h in possible if self._severity(h) > floor]
        rv = self._rule("possible_match")
        shown = stricter or possible
        listing = ", ".join(f"{h.matched_name!r} on {h.source_code} (score {float(h.score):.2f})" for h in shown[:3])
        if stricter:
            text = f"{_text(rv)}: {who.name!r} may also be {listing}"
            det.reasons.append(Reason.of(rv, text))
            node.review = True
            self._effect_hold(node, rv, text)
        else:
            det.reasons.append(Reason.of(rv, f"{who.name!r} also resembles {listing}{' …' if len(possible) > 3 else ''}"
                                             ": no stricter consequence than the confirmed match"))

    def _effect_hold(self, node: _Node, rv: RuleValue, text: str) -> None:
        node.carried.setdefault("HOLD", []).append(Effect("HOLD", "all", False, None, rv, text))

    def _hit(self, who: Party | Owner, hit: HitLike, node: _Node, det: PartyDetermination) -> None:
        code = str(getattr(hit, "source_code", "") or "unknown").upper()
        rv = self._rule(code)
        value = rv.value if isinstance(rv.value, Mapping) else {}
        verdict = str(value.get("verdict", "HOLD"))
        policy_raw = value.get("review_policy")
        policy: ReviewPolicy | None
        entry_policy = getattr(hit, "license_policy", None)
        if policy_raw == "entry":
            policy = review_policy_from_text(entry_policy) or ReviewPolicy.presumption_of_denial
        else:
            policy = None if policy_raw is None else ReviewPolicy(str(policy_raw))
        matched = getattr(hit, "matched_name", who.name)
        text = f"{who.name!r} matches {matched!r} on {code} (entry {getattr(hit, 'entry_id', '?')}): {_text(rv)}"
        requirement = getattr(hit, "license_requirement", None)
        if code == "EL" and (requirement or entry_policy):
            text += f" — entry: {requirement or ''} {entry_policy or ''}".rstrip()
        det.reasons.append(Reason.of(rv, text))
        supporting: tuple[RuleValue, ...] = ()
        found: list[str] = []
        notes = None
        carveouts: list[tuple[str, str, tuple[str, ...]]] = []
        carve_rule = None
        if code == "EL" and requirement:
            notes = self.ctx.entry(f"{NS}.EL_footnotes")
            found = _footnotes(notes, requirement)
            if notes is not None and found:
                self.out.trace.append(notes)
                det.reasons.append(Reason.of(notes, f"{who.name!r}: " + "; ".join(found)))
                text += " [" + "; ".join(found) + "]"
                supporting = (notes,)
            carve_rule = self.ctx.entry(f"{NS}.EL_carveouts")
            carveouts = _carveouts(carve_rule, requirement)
            if carve_rule is not None and carveouts:
                self.out.trace.append(carve_rule)
                det.reasons.append(Reason.of(carve_rule, f"{who.name!r}: the entry states an exception "
                                                         f"({carveouts[0][0]!r}): a condition to check, the license "
                                                         "requirement stands"))
        effect = Effect(verdict, str(value.get("items", "all")), bool(value.get("exceptions", True)), policy, rv,
                        text, supporting=supporting, statement=value.get("statement"), code=code, party=who.name,
                        fdp=tuple(found), fdp_rule=notes if found else None, carveouts=tuple(carveouts),
                        carveout_rule=carve_rule if carveouts else None)
        node.carried.setdefault(code if code in {"EL", "MEU", "SDN"} else f"~{code}", []).append(effect)

    def _ownership(self, owner: Owner, child: _Node, node: _Node) -> None:
        """Remember each owner's share against the codes it carries (aggregated in :meth:`_aggregate`)."""
        self._owner_shares.setdefault(id(node), []).append((owner, child))

    def _aggregate(self, who: Party | Owner, node: _Node, det: PartyDetermination) -> None:
        owners = self._owner_shares.pop(id(node), [])
        if not owners:
            return
        ofac = self._rule("ofac_ownership")
        ofac_value = ofac.value if isinstance(ofac.value, Mapping) else {}
        ofac_threshold = float(ofac_value.get("threshold", 0.5))
        sdn_share = sum(o.share for o, c in owners if "SDN" in c.carried)
        if sdn_share >= ofac_threshold:
            names = ", ".join(o.name for o, c in owners if "SDN" in c.carried)
            text = (f"{who.name!r} is owned {sdn_share:.0%} in aggregate by blocked persons ({names}) "
                    f"≥ {ofac_threshold:.0%}: blocked")
            det.reasons.append(Reason.of(ofac, text))
            node.carried.setdefault("SDN", []).append(Effect("PROHIBITED", "all", False, None, ofac, text, code="SDN"))
        listed = [(o, c) for o, c in owners if "EL" in c.carried or "MEU" in c.carried]
        review = [(o, c) for o, c in owners if c.review or "HOLD" in c.carried]
        threshold_rv = self.ctx.entry("policy.affiliates.threshold")
        threshold = float(threshold_rv.value) if threshold_rv is not None else 0.5  # type: ignore[arg-type]
        listed_share = sum(o.share for o, _ in listed)
        review_share = sum(o.share for o, _ in review)
        if listed and listed_share >= threshold:
            names = ", ".join(f"{o.name} ({o.share:.0%})" for o, _ in listed)
            state = self._aff_rv
            self.out.trace.extend(v for v in (state, threshold_rv) if v is not None)
            if self.affiliates_in_force and threshold_rv is not None:
                state = state or threshold_rv
                text = (f"{who.name!r} is owned {listed_share:.0%} in aggregate by Entity List/MEU parties "
                        f"({names}) ≥ {threshold:.0%}: it carries their restrictions (affiliates rule)")
                det.reasons.append(Reason.of(state, text))
                for _, child in listed:
                    for code in ("EL", "MEU"):
                        for eff in child.carried.get(code, []):
                            node.carried.setdefault(code, []).append(replace(
                                eff, rule=state, text=text + f"; {eff.text}", supporting=(threshold_rv, eff.rule),
                                party=who.name))
            else:
                when = "not in force" if state is None else f"not in force on {self.ctx.as_of} ({state.citation})"
                note = (f"{who.name!r} is owned {listed_share:.0%} by Entity List/MEU parties ({names}); the "
                        f"affiliates rule (90 FR 47201) is {when} — it would extend their restrictions")
                self.out.caveats.append(note)
                det.reasons.append(Reason.of(state, note))
        elif review and listed_share < threshold <= listed_share + review_share + (
                1.0 if any("SDN" in c.carried for _, c in review) else 0.0):
            rv = self._rule("possible_match")
            text = (f"{who.name!r}: owners with unresolved possible matches "
                    f"({', '.join(o.name for o, _ in review)}) could bring listed ownership to the threshold")
            det.reasons.append(Reason.of(rv, text))
            node.review = True
            self._effect_hold(node, rv, text)

    def _apply_party(self, node: _Node, det: PartyDetermination) -> None:
        verdicts = [Verdict.NO_LICENSE_REQUIRED]
        for effects in node.carried.values():
            for eff in effects:
                self.out.effects.append(eff)
                if eff.verdict in {"PROHIBITED", "HOLD", "LICENSE_REQUIRED"}:
                    verdicts.append(Verdict(eff.verdict) if eff.items == "all" or eff.verdict != "LICENSE_REQUIRED"
                                    else Verdict.NO_LICENSE_REQUIRED)
                if eff.verdict == "LICENSE_REQUIRED" and eff.items != "all":
                    self.out.item_dependent.append((eff, det))  # raised once items are known (raise_covered)
        det.verdict = max(verdicts, key=lambda v: v.severity)


def _footnotes(notes: RuleValue | None, requirement: str) -> list[str]:
    """Texts of the FDP footnotes an entry's license requirement cites (the most specific paragraph wins:
    "734.9(e)" alone only when no "734.9(e)(N)" is cited)."""
    table = notes.value if notes is not None and isinstance(notes.value, Mapping) else {}
    compact = requirement.replace(" ", "")
    keys = [str(k) for k in sorted(table) if str(k) in compact]
    keys = [k for k in keys if not any(o != k and o.startswith(k) for o in keys)]
    return [str(table[k].get("text", k)) if isinstance(table[k], Mapping) else str(table[k]) for k in keys]


def _carveouts(rule: RuleValue | None, requirement: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Exceptions written into an entry (first recognized pattern per clause): (clause, check, item kinds)."""
    patterns = rule.value if rule is not None and isinstance(rule.value, list) else []
    match = re.search(r"\bexcept\b.*?(?=\.\s|\.$|;|$)", requirement, re.IGNORECASE)
    if match is None:
        return []
    clause = match.group(0).strip()
    for pattern in patterns:
        if isinstance(pattern, Mapping) and str(pattern.get("pattern", "")).lower() in requirement.lower():
            kinds = pattern.get("kinds")
            return [(clause, str(pattern.get("text", "")),
                     ("all",) if kinds == "all" else tuple(str(k) for k in kinds or []))]
    return []


def _text(rv: RuleValue) -> str:
    value = rv.value if isinstance(rv.value, Mapping) else {}
    return str(value.get("text", rv.rule_id))


def headquarters_of(party: Party) -> list[tuple[str, str]]:
    """Countries where a party is headquartered or has its ultimate parent, each with how it was found.

    The ultimate parent is ``ultimate_parent_country`` when given, else the top of the chain of majority
    (> 50%) owners. With no headquarters information at all, the party's location stands in for it (fail
    closed: the headquartered rule must not be escaped by leaving the field out).
    """
    out: list[tuple[str, str]] = []
    if party.headquarters:
        out.append((party.headquarters, f"headquartered in {party.headquarters}"))
    if party.ultimate_parent_country:
        out.append((party.ultimate_parent_country, f"ultimate parent in {party.ultimate_parent_country}"))
        return out
    chain: Sequence[Owner] = party.owners
    parent: str | None = None
    path: list[str] = []
    while chain:
        majority = next((o for o in chain if o.share > 0.5), None)
        if majority is None:
            break
        path.append(majority.name)
        parent = majority.headquarters or majority.country or parent
        chain = majority.owners
    if parent is not None:
        out.append((parent, f"ultimate parent {path[-1]!r} in {parent} (majority chain: {' → '.join(path)})"))
    if not out and party.country:
        out.append((party.country, f"located in {party.country} (headquarters not given: assumed there)"))
    return out
