"""``determine(package, as_of, screener=...)``: the license determination for a whole package.

Per item, in order: classification → embargo → advanced-computing destination requirement (with the
headquartered-party rule and the Diffusion switch) → product overlays → end-use controls → party effects
(list matches and ownership) → combination into one verdict (see :mod:`stackclear.determine.acc`).
The package verdict is the strictest item or party verdict.

Every reason comes from a rule value read on ``as_of`` and recorded in the item's trace; the determination
lists every value read (``rules_read``) and every unverified one (``caveats``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from pydantic import BaseModel

from stackclear.catalog import Catalog, default_catalog
from stackclear.determine.acc import ItemAcc, combine, mark_overridden, settle, stage_caveats
from stackclear.determine.context import Context
from stackclear.determine.destination import advanced_computing, embargo
from stackclear.determine.end_use import end_use_controls, party_effects
from stackclear.determine.facts import PackageFacts, package_facts
from stackclear.determine.items import CLASSIFY_FIELDS, ItemFacts, classify_item
from stackclear.determine.overlays import apply_overlays, guidance_flags
from stackclear.determine.parties import PartiesOutcome, PartyScreening
from stackclear.determine.screening import ScreenerLike
from stackclear.errors import CatalogError, PackageError, SpecError, StackclearError
from stackclear.model.determination import Determination, ItemDetermination, Verdict, strictest
from stackclear.model.package import Item, Package
from stackclear.rules.loader import default_rules
from stackclear.rules.ruleset import RuleSet, RuleValue
from stackclear.rules.trace import Trace


def determine(
    package: Package,
    as_of: dt.date,
    *,
    screener: ScreenerLike | None,
    policy: Mapping[str, object] | None = None,
    rules: RuleSet | None = None,
    catalog: Catalog | None = None,
    source: str = "<package>",
) -> Determination:
    """Determine what every item of ``package`` needs to ship on ``as_of``.

    ``screener`` screens parties and owners (None = lists unavailable → HOLD). ``policy`` overrides policy
    switches (e.g. ``{"diffusion.enforced": True}``) on top of the package's own ``policy:``; overrides are
    reported. Raises :class:`PackageError` (naming ``source`` and the item field) when an item cannot be
    classified from what it declares.
    """
    prepared = prepare(package, as_of, policy=policy, rules=rules, catalog=catalog, source=source)
    ctx, parties, pf, lines = destination_stages(prepared, package.destination, screener)
    rules, overrides, classified = prepared.rules, prepared.overrides, prepared.classified
    stages = {id(stage): stage for _, _, stage in lines}
    items: list[ItemDetermination] = []
    for item, facts, stage in lines:
        items.append(_assemble(item.id, item.kind.value, item.quantity, facts, stage, facts.all_caveats()))
    all_reads = _rules_read(ctx, classified, stages.values(), parties.trace)
    caveats = _package_caveats(package, ctx, items, parties.caveats, parties.trace, overrides, screener is None)
    verdicts = [d.verdict for d in items] + [p.verdict for p in parties.determinations]
    return Determination(
        name=package.name, verdict=strictest(verdicts), as_of=as_of.isoformat(), destination=package.destination,
        export_from=package.export_from, rule_set=rules.version, items=items,
        parties=parties.determinations, lists=parties.lists, matcher=parties.matcher, caveats=caveats,
        rules_read=list(all_reads.values()), policy={k: overrides[k] for k in sorted(overrides)},
    )


@dataclass(frozen=True, slots=True)
class Prepared:
    """The destination-independent part of a determination on one date: policy switches checked, every line
    classified (identical lines once). :func:`destination_stages` runs the rest for any destination, so a
    destination matrix classifies once per item and date (``stackclear.stack.matrix``)."""

    package: Package
    as_of: dt.date
    rules: RuleSet
    overrides: dict[str, object]
    classified: list[tuple[Item, ItemFacts]]
    a_tpp_total: float


def prepare(package: Package, as_of: dt.date, *, policy: Mapping[str, object] | None = None,
            rules: RuleSet | None = None, catalog: Catalog | None = None, source: str = "<package>") -> Prepared:
    """Check the policy overrides and classify every line of ``package`` on ``as_of`` (see :func:`determine`)."""
    rules = rules or default_rules()
    catalog = catalog or default_catalog()
    switches = policy_switches(rules)
    for name in package.policy:
        if name not in switches:
            raise PackageError(source, f"policy.{name}",
                               f"unknown policy switch; expected one of {', '.join(switches)}")
    for name in policy or {}:
        if name not in switches:
            raise StackclearError(f"unknown policy switch {name!r}; expected one of {', '.join(switches)}")
    overrides: dict[str, object] = {**package.policy, **(policy or {})}
    classified = _classify_all(package, as_of, rules, overrides, catalog, source)
    a_tpp_total = sum((f.classification.tpp or 0.0) * item.quantity
                      for item, f in classified if f.tier == "a" and f.classification is not None)
    return Prepared(package, as_of, rules, overrides, classified, a_tpp_total)


def screen_parties(prepared: Prepared, destination: str, screener: ScreenerLike | None) -> PartiesOutcome:
    """Screen every party and owner for ``destination``. The outcome depends on the destination only through
    which parties are located there (an embargoed location elsewhere, a caveat), so a caller may reuse it
    for destinations none of the parties is located in (before :meth:`PartiesOutcome.raise_covered`)."""
    package = _at(prepared.package, destination)
    ctx = Context(prepared.rules, prepared.as_of, prepared.overrides, destination, package.export_from)
    return PartyScreening(ctx, screener).run(package)


def line_temporary(item: Item) -> str | None:
    """What the rule stage of a line takes about its being a temporary export (part of its stage key): the
    declared reason of a temporary export, None for a permanent one."""
    return item.temporary_reason if item.temporary else None


def _at(package: Package, destination: str) -> Package:
    return package if destination == package.destination else package.model_copy(update={"destination": destination})


def destination_stages(
    prepared: Prepared, destination: str, screener: ScreenerLike | None, *, parties: PartiesOutcome | None = None,
) -> tuple[Context, PartiesOutcome, PackageFacts, list[tuple[Item, ItemFacts, ItemAcc]]]:
    """The destination-dependent stages: parties (through ``screener``; pass a memoizing one to screen once
    across destinations, or a :func:`screen_parties` outcome), package facts and the rule stage of every line
    (shared by identical lines)."""
    package = prepared.package  # package facts read the parties and end uses, not the destination
    ctx = Context(prepared.rules, prepared.as_of, prepared.overrides, destination, package.export_from)
    if parties is None:
        parties = PartyScreening(ctx, screener).run(_at(package, destination))
    pf = package_facts(package, ctx, parties.effects)
    pf.a_tpp_total = prepared.a_tpp_total
    stages: dict[Hashable, ItemAcc] = {}
    coarse: dict[Hashable, ItemAcc] = {}
    lines: list[tuple[Item, ItemFacts, ItemAcc]] = []
    by_facts: dict[tuple[int, Hashable], ItemAcc] = {}  # lines sharing a classification (kind included) share a stage
    for item, facts in prepared.classified:
        temporary = line_temporary(item)
        stage = by_facts.get((id(facts), temporary))
        if stage is None:
            stage = by_facts[(id(facts), temporary)] = _stage_for(pf, item.kind.value, facts, temporary, stages,
                                                                  coarse)
        lines.append((item, facts, stage))
    parties.raise_covered(pf.applied)
    return ctx, parties, pf, lines


def _rules_read(ctx: Context, classified: list[tuple[Item, ItemFacts]], stages: Iterable[ItemAcc],
                party_reads: list[RuleValue]) -> dict[tuple[str, dt.date], RuleValue]:
    """Every rule value read, from the distinct classifications, rule stages and party screening."""
    out: dict[tuple[str, dt.date], RuleValue] = {}
    if ctx.treatment is not None:
        out[(ctx.treatment.rule_id, ctx.treatment.effective)] = ctx.treatment
    traces = dict.fromkeys(f.classification.trace for _, f in classified if f.classification)  # by identity
    traces.update(dict.fromkeys(stage.trace for stage in stages))
    for _, f in classified:
        for rv in f.reads:
            out.setdefault((rv.rule_id, rv.effective), rv)
    for trace in traces:
        for rv in trace:
            out.setdefault((rv.rule_id, rv.effective), rv)
    for rv in party_reads:
        out.setdefault((rv.rule_id, rv.effective), rv)
    return out


def _package_caveats(package: Package, ctx: Context, items: list[ItemDetermination], party_caveats: list[str],
                     party_reads: list[RuleValue], overrides: Mapping[str, object], unscreened: bool) -> list[str]:
    """Item caveats (deduplicated, first-seen order), then party, policy and scope caveats."""
    caveats: list[str] = []
    seen: set[str] = set()

    def add(line: str) -> None:
        if line not in seen:
            seen.add(line)
            caveats.append(line)

    for det in items:
        for line in det.caveats:
            add(line)
    party_trace = Trace()
    party_trace.extend(party_reads)
    for line in [*party_caveats, *party_trace.caveats()]:
        add(line)
    for name in sorted(overrides):
        if ctx.entry(f"policy.{name}") is None:
            add(f"policy override {name} = {overrides[name]!r} has no effect on {ctx.as_of}: the rule it "
                "switches is not in force on that date")
    if unscreened:
        add("no restricted-party lists were given: every party is unscreened (HOLD)")
    if package.export_from != "US":
        add(f"shipped from {package.export_from}: the items are assumed subject to the EAR (US-origin, above de "
            "minimis, or a foreign direct product); de minimis (15 CFR 734.4) and the foreign direct product rules "
            "(15 CFR 734.9) are not evaluated, except that an Entity List entry with an FDP footnote holds the "
            "item for that analysis")
    if package.export_from == package.destination:
        add("in-country transfer: exceptions and review policies for transfers within a country are not fully "
            "modelled")
    return caveats


def _classify_all(package: Package, as_of: dt.date, rules: RuleSet, policy: dict[str, object],
                  catalog: Catalog, source: str) -> list[tuple[Item, ItemFacts]]:
    """Classify every line; identical lines (same SKU and figures) are classified once per call."""
    out: list[tuple[Item, ItemFacts]] = []
    seen: dict[Hashable, ItemFacts] = {}
    for i, item in enumerate(package.items):
        key = _item_key(item)
        facts = seen.get(key)
        if facts is None:
            try:
                facts = seen[key] = classify_item(item, as_of, rules, policy, catalog)
            except SpecError as exc:
                field = exc.field if exc.field and not exc.field.startswith("entry") else "catalog"
                raise PackageError(source, f"items[{i}].{field}", f"item {item.id!r}: {exc.problem}") from None
            except CatalogError as exc:
                raise PackageError(source, f"items[{i}].catalog", f"item {item.id!r}: {exc}") from None
        out.append((item, facts))
    return out


def _item_key(item: Item) -> Hashable:
    """What classification depends on: everything but the id, quantity, value, layer and description.

    Nested values (dicts, lists, chip references) become tuples: an exact, hashable key.
    """
    fields = item.__dict__
    return tuple(v if v is None or type(v) in _SCALARS else _cheap_key(v)
                 for v in (fields[name] for name in CLASSIFY_FIELDS))


_SCALARS = (str, int, float, bool)


def _cheap_key(value: object) -> Hashable:
    if isinstance(value, dict):
        return tuple(value.items()) if all(isinstance(v, int | float) for v in value.values()) else repr(value)
    if isinstance(value, list):
        return tuple(_cheap_key(v) for v in value)
    if isinstance(value, BaseModel):  # chip references inside a computer
        return tuple((k, _cheap_key(v)) for k, v in value.__dict__.items())
    return value


def _stage_for(pf: PackageFacts, kind: str, facts: ItemFacts, temporary: str | None, stages: dict[Hashable, ItemAcc],
               coarse: dict[Hashable, ItemAcc]) -> ItemAcc:
    """The rule-stage result for a line, shared by every line it cannot differ from.

    Two keys, both made of values the rules read: the coarse one leaves out the chips' own figures (TPP,
    bandwidths, per-computer quantities) and serves while the stage that produced it never read them; reading
    them goes through ``ItemFacts.chips``, which marks the stage (``used_figures``), so a rule cannot forget to
    say so. Otherwise the full signature decides.
    """
    rough = coarse_key(kind, facts, temporary)
    stage = coarse.get(rough)
    if stage is not None and not stage.used_figures:
        return stage
    key = (temporary, _signature(kind, facts))
    stage = stages.get(key)
    if stage is None:
        facts.figures_read = False
        stage = stages[key] = _rule_stage(pf, kind, facts, temporary)
        stage.used_figures = facts.figures_read
        coarse.setdefault(rough, stage)
    return stage


def coarse_key(kind: str, facts: ItemFacts, temporary: str | None) -> Hashable:
    """The stage key that ignores the chips' own figures: lines with equal keys share one rule stage unless
    that stage looked at the figures (``ItemAcc.used_figures``)."""
    result = facts.classification
    flags = None if result is None else (result.nac_eligible, result.hbm_exception_eligible, result.enforced)
    return (temporary, kind, facts.eccn, facts.tier, facts.self_declared, flags, tuple(facts.names),
            tuple(r.eccn for _, r, _ in facts.chip_list))


def _signature(kind: str, facts: ItemFacts) -> Hashable:
    """What the license rules depend on once an item is classified (the line id is not part of it)."""
    result = facts.classification
    flags = (None if result is None else (result.nac_eligible, result.hbm_exception_eligible, result.enforced))
    chips = tuple((spec.name, spec.memory_bandwidth_gbs, spec.interconnect_gbs, r.eccn, r.tpp, quantity)
                  for spec, r, quantity in facts.chip_list)
    return (kind, facts.eccn, facts.tier, facts.self_declared, flags, tuple(facts.names), chips)


def _rule_stage(pf: PackageFacts, kind: str, facts: ItemFacts, temporary: str | None = None) -> ItemAcc:
    """Run the license rules for one classified item (shared by every identical line)."""
    acc = ItemAcc(temporary=temporary)
    if pf.ctx.treatment is not None:
        acc.use(pf.ctx.treatment, f"destination {pf.ctx.destination} is treated as {pf.ctx.effective_destination}")
    embargo(pf, facts, acc)
    if not acc.prohibited:
        covered = advanced_computing(pf, facts, acc)
        if not covered:
            apply_overlays(pf, facts, acc)
        guidance_flags(pf, facts, acc)
        end_use_controls(pf, facts, kind, acc)
    party_effects(pf, facts, acc, kind)
    settle(acc)
    mark_overridden(acc)
    return acc


def _assemble(ident: str, kind: str, quantity: int, facts: ItemFacts, stage: ItemAcc,
              classification_caveats: list[str]) -> ItemDetermination:
    """One line's determination: its classification reasons, then the (shared) rule-stage findings."""
    result = facts.classification
    verdict, exception, policy = combine(stage)
    det = ItemDetermination(
        id=ident, kind=kind, eccn=facts.eccn, verdict=verdict, quantity=quantity,
        paragraph=None if result is None else result.paragraph, tpp=None if result is None else result.tpp,
        license_exception=exception, review_policy=policy,
        reasons=[*(result.reasons if result is not None else facts.notes), *stage.reasons],
        conditions=list(stage.conditions) if verdict is not Verdict.PROHIBITED else [],
        caveats=[*classification_caveats, *(c for c in stage_caveats(stage) if c not in classification_caveats)],
    )
    det.pending = list(stage.pending)
    if verdict is Verdict.NO_LICENSE_REQUIRED and not any(r.rule.startswith("license.") for r in det.reasons):
        det.caveats.append("other reasons for control on the CCL (e.g. AT, NS, EI for 5A002) are not evaluated: "
                           "items without an advanced-computing classification are checked against the rules "
                           "stackclear encodes only")
    return det


def policy_switches(rules: RuleSet) -> list[str]:
    """Names of the boolean policy switches a run may override (``policy.<name>`` rules with bool values)."""
    names = []
    for rule in rules.namespace("policy"):
        if all(isinstance(v.value, bool) for v in rule.values):
            names.append(rule.rule_id.removeprefix("policy."))
    return sorted(names)


def change_dates(package: Package, rules: RuleSet | None = None) -> list[dt.date]:
    """Dates on which this package's result could change: every rule-value boundary in the rule set.

    Conservative by design (any rule change, not only those the package touches), so ``diff`` between two
    dates can list the boundaries it crossed; the property tests check that results are constant in between.
    """
    rules = rules or default_rules()
    return rules.change_dates()


def changes_between(package: Package, start: dt.date, end: dt.date, rules: RuleSet | None = None) -> list[dt.date]:
    """Rule-change dates in ``(start, end]`` — where a ``diff`` should look for the cause of a flip."""
    lo, hi = (start, end) if start <= end else (end, start)
    return [d for d in change_dates(package, rules) if lo < d <= hi]
