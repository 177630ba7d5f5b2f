"""ECCN 4E091: weights of AI models trained with ≥ 10^26 operations (Framework for AI Diffusion).

The entry is codified (90 FR 4544) but its enforcement is a dated policy switch (``policy.diffusion.enforced``):
the classification says what the CCL text covers and, separately, whether that control is enforced.
"""

from __future__ import annotations

import datetime as dt

from stackclear.classify.result import Classification, Reason
from stackclear.errors import SpecError
from stackclear.rules.loader import default_rules
from stackclear.rules.ruleset import RuleSet
from stackclear.rules.trace import Trace

NS = "eccn.4E091"


def _ops(value: float | None, field: str) -> float | None:
    if value is None:
        return None
    if value != value or value < 0:  # NaN or negative
        raise SpecError(field, f"expected a non-negative number of operations, got {value!r}")
    return float(value)


def classify_model_weights(
    ident: str,
    training_ops: float | None,
    as_of: dt.date,
    *,
    published: bool = False,
    derived_from_published: bool = False,
    additional_training_ops: float | None = None,
    policy: dict[str, object] | None = None,
    rules: RuleSet | None = None,
) -> Classification:
    rules = rules or default_rules()
    training = _ops(training_ops, "training_ops")
    extra = _ops(additional_training_ops, "additional_training_ops")
    trace = Trace()
    result = Classification(id=ident, kind="model_weights", eccn="not 4E091", paragraph=None,
                            as_of=as_of.isoformat(), rule_set=rules.version, trace=trace)
    threshold = rules.entry(f"{NS}.training_ops_min", as_of, trace)
    if threshold is None:
        result.reasons.append(Reason.of(
            None, f"ECCN 4E091 was not in force on {as_of} (created by 90 FR 4544, 2025-01-13)"))
        return result
    if training is None:
        raise SpecError("training_ops", "required to classify model weights under 4E091 (total training operations)")
    limit = threshold.number()
    enforced_rv = rules.entry("policy.diffusion.enforced", as_of, trace)
    enforced = bool(enforced_rv.value) if enforced_rv is not None else True
    if policy and "diffusion.enforced" in policy:
        enforced = bool(policy["diffusion.enforced"])
        result.caveats.append(f"policy override: diffusion.enforced = {enforced}")
    result.enforced = enforced
    if published:
        excluded = rules.entry(f"{NS}.published_excluded", as_of, trace)
        result.reasons.append(Reason.of(excluded, "published weights (§ 734.7) are not 4E091"))
        return result
    if derived_from_published:
        floor = rules.entry(f"{NS}.derivative_ops_floor", as_of, trace)
        frac = rules.entry(f"{NS}.derivative_fraction", as_of, trace)
        assert floor is not None and frac is not None
        bar = max(floor.number(), frac.number() * training)
        if extra is None or extra <= bar:
            shown = "unknown (treated as none)" if extra is None else f"{extra:.3g}"
            result.reasons.append(Reason.of(floor, f"derived from published weights; additional training {shown} "
                                                   f"≤ max({floor.number():.3g}, {frac.number():g} × "
                                                   f"{training:.3g}) = {bar:.3g}: not 4E091"))
            return result
        result.reasons.append(Reason.of(floor, f"derived from published weights, but additional training {extra:.3g} "
                                               f"> {bar:.3g}: the derivative exclusion does not apply"))
    if training >= limit:
        result.eccn, result.paragraph = "4E091", None
        result.reasons.append(Reason.of(threshold, f"trained with {training:.3g} operations ≥ {limit:.3g} (4E091)"))
    else:
        result.reasons.append(Reason.of(threshold, f"trained with {training:.3g} operations < {limit:.3g}: not 4E091 "
                                                   f"(short by {limit - training:.3g})"))
        return result
    state = "enforced" if enforced else "not enforced"
    result.reasons.append(Reason.of(
        enforced_rv, f"4E091 control is {state} on {as_of} (policy switch diffusion.enforced)"))
    return result
