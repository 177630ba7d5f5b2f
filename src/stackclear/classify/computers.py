"""ECCN 4A090: computers, servers and boards classified from the 3A090 ICs they contain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from stackclear.classify.result import Classification, Reason
from stackclear.rules.loader import default_rules
from stackclear.rules.ruleset import RuleSet
from stackclear.rules.trace import Trace


def classify_computer(
    ident: str,
    contents: Sequence[tuple[Classification, int]],
    as_of: dt.date,
    rules: RuleSet | None = None,
) -> Classification:
    """Classify a computer from the classifications of its ICs (each with a quantity).

    A computer containing a 3A090.a IC is 4A090.a; otherwise one containing a 3A090.b IC is 4A090.b
    (the .b paragraph exists from 2023-11-17). ICs outside 3A090 — including those excluded by Note 2 —
    cannot make it 4A090 (the exclusion cascade).
    """
    rules = rules or default_rules()
    trace = Trace()
    result = Classification(id=ident, kind="computer", eccn="not 4A090", paragraph=None,
                            as_of=as_of.isoformat(), rule_set=rules.version, trace=trace)
    for chip, _ in contents:
        trace.extend(chip.trace)
    structure = rules.entry("eccn.4A090.in_force", as_of, trace)
    total_tpp = sum((c.tpp or 0.0) * q for c, q in contents)
    result.tpp = round(total_tpp, 6)
    if structure is None:
        result.reasons.append(Reason.of(None, f"ECCN 4A090 was not in force on {as_of} (created 2022-10-07)"))
        return result
    best = None
    for wanted in ("3A090.a", "3A090.b"):
        best = next(((c, q) for c, q in contents if c.eccn == wanted), None)
        if best is not None:
            break
    if best is None:
        cascade = rules.entry("eccn.4A090.note2_cascade", as_of, trace)
        names = ", ".join(f"{q} × {c.id} ({c.eccn})" for c, q in contents) or "no ICs declared"
        result.reasons.append(Reason.of(cascade or structure, f"contains no 3A090 IC: {names}"))
        return result
    chip, qty = best
    paragraph = chip.eccn.rsplit(".", 1)[1]
    if paragraph == "b" and structure.value != "contains_3A090_a_or_b":
        result.reasons.append(Reason.of(structure, f"contains 3A090.b ICs, but 4A090.b does not exist on {as_of}"))
        return result
    result.eccn, result.paragraph = f"4A090.{paragraph}", paragraph
    result.nac_eligible = all(c.nac_eligible for c, _ in contents if c.eccn.startswith("3A090"))
    result.reasons.append(Reason.of(structure, f"contains {qty} × {chip.id} classified {chip.eccn} "
                                               f"({chip.paragraph}): 4A090.{paragraph}"))
    for reason in chip.reasons:
        result.reasons.append(reason)
    return result
