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
from collections.abc import Mapping

from stackclear.catalog import Catalog, default_catalog
from stackclear.determine.acc import ItemAcc, finish
from stackclear.determine.context import Context
from stackclear.determine.destination import advanced_computing, embargo
from stackclear.determine.end_use import end_use_controls, party_effects
from stackclear.determine.facts import PackageFacts, package_facts
from stackclear.determine.items import ItemFacts, classify_item
from stackclear.determine.overlays import apply_overlays
from stackclear.determine.parties import PartyScreening
from stackclear.determine.screening import ScreenerLike
from stackclear.errors import CatalogError, PackageError, SpecError
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
    rules = rules or default_rules()
    catalog = catalog or default_catalog()
    overrides: dict[str, object] = {**package.policy, **(policy or {})}
    ctx = Context(rules, as_of, overrides, package.destination, package.export_from)
    classified = _classify_all(package, as_of, rules, overrides, catalog, source)
    parties = PartyScreening(ctx, screener).run(package)
    pf = package_facts(package, ctx, parties.effects)
    pf.a_tpp_total = sum((f.classification.tpp or 0.0) * item.quantity
                         for item, f in classified if f.tier == "a" and f.classification is not None)
    items = [_determine_item(pf, item.id, item.kind.value, item.quantity, facts) for item, facts in classified]
    all_reads: dict[tuple[str, dt.date], RuleValue] = {}
    caveats: list[str] = []
    if ctx.treatment is not None:
        all_reads[(ctx.treatment.rule_id, ctx.treatment.effective)] = ctx.treatment
    for acc_trace, det in items:
        for rv in acc_trace:
            all_reads.setdefault((rv.rule_id, rv.effective), rv)
        for line in det.caveats:
            if line not in caveats:
                caveats.append(line)
    party_trace = Trace()
    party_trace.extend(parties.trace)
    for rv in party_trace:
        all_reads.setdefault((rv.rule_id, rv.effective), rv)
    for line in [*parties.caveats, *party_trace.caveats()]:
        if line not in caveats:
            caveats.append(line)
    if screener is None:
        caveats.append("no restricted-party lists were given: every party is unscreened (HOLD)")
    verdicts = [d.verdict for _, d in items] + [p.verdict for p in parties.determinations]
    return Determination(
        name=package.name, verdict=strictest(verdicts), as_of=as_of.isoformat(), destination=package.destination,
        export_from=package.export_from, rule_set=rules.version, items=[d for _, d in items],
        parties=parties.determinations, lists=parties.lists, matcher=parties.matcher, caveats=caveats,
        rules_read=list(all_reads.values()), policy={k: overrides[k] for k in sorted(overrides)},
    )


def _classify_all(package: Package, as_of: dt.date, rules: RuleSet, policy: dict[str, object],
                  catalog: Catalog, source: str) -> list[tuple[Item, ItemFacts]]:
    out: list[tuple[Item, ItemFacts]] = []
    for i, item in enumerate(package.items):
        try:
            out.append((item, classify_item(item, as_of, rules, policy, catalog)))
        except SpecError as exc:
            field = exc.field if exc.field and not exc.field.startswith("entry") else "catalog"
            raise PackageError(source, f"items[{i}].{field}", f"item {item.id!r}: {exc.problem}") from None
        except CatalogError as exc:
            raise PackageError(source, f"items[{i}].catalog", f"item {item.id!r}: {exc}") from None
    return out


def _determine_item(pf: PackageFacts, ident: str, kind: str, quantity: int,
                    facts: ItemFacts) -> tuple[Trace, ItemDetermination]:
    acc = ItemAcc()
    result = facts.classification
    if result is not None:
        acc.trace.extend(result.trace)
        acc.reasons.extend(result.reasons)
        for line in result.caveats:
            acc.caveat(line)
    for line in facts.caveats:
        acc.caveat(line)
    if pf.ctx.treatment is not None:
        acc.use(pf.ctx.treatment, f"destination {pf.ctx.destination} is treated as {pf.ctx.effective_destination}")
    embargo(pf, facts, acc)
    if not acc.prohibited:
        covered = advanced_computing(pf, facts, acc)
        if not covered:
            apply_overlays(pf, facts, acc)
        end_use_controls(pf, facts, kind, acc)
    party_effects(pf, facts, acc)
    det = ItemDetermination(id=ident, kind=kind, eccn=facts.eccn, verdict=Verdict.NO_LICENSE_REQUIRED,
                            quantity=quantity, paragraph=None if result is None else result.paragraph,
                            tpp=None if result is None else result.tpp)
    finish(acc, det)
    if det.verdict is Verdict.NO_LICENSE_REQUIRED and not any(r.rule.startswith("license.") for r in det.reasons):
        det.caveats.append("no license requirement found under the rules stackclear encodes; other CCL "
                           "reasons for control (e.g. AT, NS, EI for 5A002) are not evaluated")
    return acc.trace, det


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
