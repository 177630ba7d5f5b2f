"""What one restricted-party list entry means: its list's consequence (``lists.consequences.<source code>``),
the Entity List FDP footnotes it cites and the exceptions written into it.

A match carries its own list's consequence: a CMIC match never clears a party, and never restricts exports by
itself either. An Entity List entry's license policy text gives the review policy when the rule data says
``review_policy: entry``.
"""

from __future__ import annotations

import re

from stackclear.classify.result import Reason
from stackclear.determine.context import Context
from stackclear.determine.effects import Effect, review_policy_from_text
from stackclear.determine.screening import HitLike
from stackclear.model.determination import ReviewPolicy
from stackclear.rules.ruleset import RuleValue
from stackclear.rules.schema import Carveout, Consequence, Footnote

NS = "lists.consequences"
CONSEQUENCE_SEVERITY = {"NONE": 0, "LICENSE_REQUIRED": 2, "HOLD": 3, "PROHIBITED": 4}
EXCEPT_CLAUSE = re.compile(r"\bexcept\b.*?(?=\.\s|\.$|;|$)", re.IGNORECASE)


def consequence(rv: RuleValue) -> Consequence:
    return rv.typed(Consequence)


def severity(rv: RuleValue) -> int:
    return CONSEQUENCE_SEVERITY[consequence(rv).verdict]


def hit_effect(ctx: Context, name: str, hit: HitLike, code: str, rv: RuleValue,
               trace: list[RuleValue]) -> tuple[Effect, list[Reason]]:
    """The effect of a confirmed match of ``name`` on entry ``hit`` (list ``code``, consequence ``rv``), and the
    reasons the party's determination shows; every rule value read is appended to ``trace``."""
    value = consequence(rv)
    entry_policy = getattr(hit, "license_policy", None)
    policy: ReviewPolicy | None
    if value.review_policy == "entry":
        policy = review_policy_from_text(entry_policy) or ReviewPolicy.presumption_of_denial
    else:
        policy = None if value.review_policy is None else ReviewPolicy(value.review_policy)
    matched = getattr(hit, "matched_name", name)
    text = f"{name!r} matches {matched!r} on {code} (entry {getattr(hit, 'entry_id', '?')}): {value.text}"
    requirement = getattr(hit, "license_requirement", None)
    if code == "EL" and (requirement or entry_policy):
        text += f" — entry: {requirement or ''} {entry_policy or ''}".rstrip()
    reasons = [Reason.of(rv, text)]
    supporting: tuple[RuleValue, ...] = ()
    found: list[str] = []
    paragraphs: tuple[str, ...] = ()
    notes = carve_rule = None
    carveouts: list[tuple[str, str, tuple[str, ...]]] = []
    if code == "EL" and requirement:
        notes = ctx.entry(f"{NS}.EL_footnotes")
        found_notes = footnotes(notes, requirement)
        found = [note.text for note in found_notes]
        paragraphs = tuple(note.fdp for note in found_notes)
        if notes is not None and found:
            trace.append(notes)
            reasons.append(Reason.of(notes, f"{name!r}: " + "; ".join(found)))
            text += " [" + "; ".join(found) + "]"
            supporting = (notes,)
        carve_rule = ctx.entry(f"{NS}.EL_carveouts")
        carveouts = carveouts_of(carve_rule, requirement)
        if carve_rule is not None and carveouts:
            trace.append(carve_rule)
            reasons.append(Reason.of(carve_rule, f"{name!r}: the entry states an exception ({carveouts[0][0]!r}): a "
                                                 "condition to check, the license requirement stands"))
    effect = Effect(value.verdict, value.items, value.exceptions, policy, rv, text, supporting=supporting,
                    statement=value.statement, code=code, party=name, fdp=tuple(found),
                    fdp_paragraphs=paragraphs, fdp_rule=notes if found else None, carveouts=tuple(carveouts),
                    carveout_rule=carve_rule if carveouts else None)
    return effect, reasons


def footnotes(notes: RuleValue | None, requirement: str) -> list[Footnote]:
    """The FDP footnotes an entry's license requirement cites (the most specific paragraph wins:
    "734.9(e)" alone only when no "734.9(e)(N)" is cited)."""
    if notes is None:
        return []
    table: dict[str, Footnote] = notes.typed(dict)
    compact = requirement.replace(" ", "")
    keys = [k for k in sorted(table) if k in compact]
    keys = [k for k in keys if not any(o != k and o.startswith(k) for o in keys)]
    return [table[k] for k in keys]


def carveouts_of(rule: RuleValue | None, requirement: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Exceptions written into an entry (the first recognized pattern): (clause, what to check, item kinds)."""
    match = EXCEPT_CLAUSE.search(requirement)
    if rule is None or match is None:
        return []
    clause = match.group(0).strip()
    patterns: tuple[Carveout, ...] = rule.typed(tuple)
    for pattern in patterns:
        if pattern.pattern.lower() in requirement.lower():
            kinds = ("all",) if pattern.kinds == "all" else tuple(pattern.kinds)
            return [(clause, pattern.text, kinds)]
    return []
