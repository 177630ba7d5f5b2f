"""Screen every party and every owner once; collect what each one does to the items.

The jobs around it live beside it: :mod:`~stackclear.determine.effects` (what a party does to the items),
:mod:`~stackclear.determine.entries` (what one list entry means), :mod:`~stackclear.determine.ownership` (the
50% rules), :mod:`~stackclear.determine.headquarters` (where a party is headquartered). A possible match, or
lists that are missing or stale, fail closed: HOLD.
"""

from __future__ import annotations

from stackclear.classify.result import Reason
from stackclear.determine.context import Context
from stackclear.determine.effects import Effect, Node, PartiesOutcome, review_policy_from_text
from stackclear.determine.entries import NS, consequence, hit_effect, severity
from stackclear.determine.headquarters import headquarters_of
from stackclear.determine.ownership import aggregate
from stackclear.determine.screening import (
    HitLike,
    PartyQuery,
    ScreenerLike,
    ScreenResultLike,
    hit_to_dict,
    result_lists,
)
from stackclear.model.determination import PartyDetermination, Verdict
from stackclear.model.package import Owner, Package, Party
from stackclear.rules.ruleset import RuleValue
from stackclear.rules.schema import Embargo, Ownership

__all__ = ["Effect", "PartiesOutcome", "PartyScreening", "headquarters_of", "review_policy_from_text"]


class PartyScreening:
    """Screens parties and owners once each and derives their effects."""

    def __init__(self, ctx: Context, screener: ScreenerLike | None) -> None:
        self.ctx = ctx
        self.screener = screener
        self.out = PartiesOutcome()
        self._cache: dict[tuple[str, str | None, str | None, str | None], ScreenResultLike | None] = {}
        self.affiliates_in_force, self.affiliates_rule = self._affiliates()
        self.affiliates_sources = self._sources("policy.affiliates.sources")
        ofac = ctx.entry(f"{NS}.ofac_ownership")
        blocked = ofac.typed(Ownership).sources if ofac is not None else ()
        self.carried_codes = frozenset((*self.affiliates_sources[0], *blocked))

    def _sources(self, rule_id: str) -> tuple[tuple[str, ...], str]:
        """The lists a rule concerns and its citation: the value in force, else the rule's first value (the
        affiliates rule names the Entity List and the MEU List even on dates before or after it applies)."""
        if rule_id not in self.ctx.rules:
            return (), ""
        found = self.ctx.entry(rule_id) or self.ctx.rules.rule(rule_id).values[0]
        return found.items(), found.citation.split(";")[0]

    def rule(self, name: str) -> RuleValue:
        """``lists.consequences.<name>`` on the date (``unknown`` for a list without one), recorded."""
        rid = f"{NS}.{name}" if f"{NS}.{name}" in self.ctx.rules else f"{NS}.unknown"
        found = self.ctx.entry(rid)
        if found is None:
            found = self.ctx.rules.rule(f"{NS}.unknown").values[0]
        self.out.trace.append(found)
        return found

    def hold(self, node: Node, rv: RuleValue, text: str) -> None:
        node.carried.setdefault("HOLD", []).append(Effect("HOLD", "all", False, None, rv, text))

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

    def _located(self, package: Package, party: Party, node: Node, det: PartyDetermination) -> None:
        """A party located in an embargoed country makes the transaction one with that country; an end user or
        consignee elsewhere than the ship-to country makes that country the real destination (caveat)."""
        country = party.country
        if country is None or country == package.destination:
            return
        rule = self.ctx.entry("embargo.destinations.comprehensive")
        if rule is not None:
            test = self.ctx.in_scope(rule.typed(Embargo), country)
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
              owned_by: str | None) -> tuple[Node, PartyDetermination]:
        schema = getattr(who, "schema_", None)
        address = getattr(who, "address", None)
        query = PartyQuery(id=ident, name=who.name, schema=schema, country=who.country, address=address)
        result = self._screen(query)
        det = PartyDetermination(name=who.name, role=role, country=who.country, decision="unavailable",
                                 verdict=Verdict.NO_LICENSE_REQUIRED, owned_by=owned_by)
        self.out.determinations.append(det)
        node = Node()
        if result is None or (result.decision == "review" and not result.hits):
            rv = self.rule("unavailable")
            why = "; ".join(str(r) for r in getattr(result, "reasons", []) or []) if result is not None else ""
            text = consequence(rv).text + (f" ({why})" if why else " (no screener given)")
            node.review = True
            det.decision = "unavailable"
            det.reasons.append(Reason.of(rv, text))
            self.hold(node, rv, f"{who.name}: {text}")
            return node, det
        det.decision = result.decision
        hits = sorted(result.hits, key=lambda h: (-float(h.score), str(h.entry_id)))
        det.hits = [hit_to_dict(h) for h in hits]
        if result.decision == "review":
            rv = self.rule("possible_match")
            best = hits[0]
            text = (f"{consequence(rv).text}: {who.name!r} ~ {best.matched_name!r} on {best.source_code} "
                    f"(score {float(best.score):.2f})")
            det.reasons.append(Reason.of(rv, text))
            node.review = True
            self.hold(node, rv, text)
        elif result.decision == "hit":
            threshold = getattr(result, "threshold", None)
            confirmed = [h for h in hits if threshold is None or float(h.score) >= float(threshold)]
            for hit in confirmed:
                self._hit(who, hit, node, det)
            possible = [h for h in hits if h not in confirmed]
            if possible:
                self._possible(who, confirmed, possible, node, det)
        owners: list[tuple[Owner, Node]] = []
        for j, owner in enumerate(who.owners):
            child, _ = self._node(owner, f"{ident}.owners[{j}]", "owner", who.name)
            owners.append((owner, child))
        aggregate(self, who, node, det, owners)
        return node, det

    def _severity(self, hit: HitLike) -> int:
        return severity(self.rule(str(hit.source_code or "unknown").upper()))

    def _possible(self, who: Party | Owner, confirmed: list[HitLike], possible: list[HitLike], node: Node,
                  det: PartyDetermination) -> None:
        """Weaker matches next to confirmed ones: HOLD only if one of them could make the outcome stricter
        (e.g. a possible Denied Persons match beside a confirmed Entity List one, or any export-restricting
        match beside a CMIC-only one); otherwise they are reported and change nothing."""
        floor = max((self._severity(h) for h in confirmed), default=0)
        stricter = [h for h in possible if self._severity(h) > floor]
        rv = self.rule("possible_match")
        shown = stricter or possible
        listing = ", ".join(f"{h.matched_name!r} on {h.source_code} (score {float(h.score):.2f})" for h in shown[:3])
        if stricter:
            text = f"{consequence(rv).text}: {who.name!r} may also be {listing}"
            det.reasons.append(Reason.of(rv, text))
            node.review = True
            self.hold(node, rv, text)
        else:
            det.reasons.append(Reason.of(rv, f"{who.name!r} also resembles {listing}{' …' if len(possible) > 3 else ''}"
                                             ": no stricter consequence than the confirmed match"))

    def _hit(self, who: Party | Owner, hit: HitLike, node: Node, det: PartyDetermination) -> None:
        code = str(getattr(hit, "source_code", "") or "unknown").upper()
        effect, reasons = hit_effect(self.ctx, who.name, hit, code, self.rule(code), self.out.trace)
        det.reasons.extend(reasons)
        node.carried.setdefault(code if code in self.carried_codes else f"~{code}", []).append(effect)

    def _apply_party(self, node: Node, det: PartyDetermination) -> None:
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
