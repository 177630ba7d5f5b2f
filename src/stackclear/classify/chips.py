"""ECCN 3A090 classification of integrated circuits, for any date since the October 2022 rule.

Order of the tests (RULES_BRIEF §1):

* before 3A090 existed (2022-10-07): nothing is 3A090;
* October 2022 rule (to 2023-11-16): 3A090.a when I/O bandwidth ≥ 600 GB/s **and** TPP ≥ 4800;
* from 2023-11-17 (88 FR 73458): Note 2 first (not datacenter and TPP < 4800 → outside 3A090), then .a
  (a.1 TPP ≥ 4800; a.2 TPP ≥ 1600 and PD ≥ 5.92) before .b (b.1, b.2), so .a/.b/not are exclusive.

Cost model: thresholds are read from the rule set once per (rule set, date) and shared by every chip
classified on that date. The verdict, metrics, caveats and trace are computed eagerly; the prose reasons
are produced by running the *same* decision function again in explain mode, only when someone reads
``result.reasons`` (bulk runs never pay for string formatting they do not print).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stackclear.classify.metrics import (
    hbm_bandwidth_density,
    performance_density,
    total_processing_performance,
    tpp_arithmetic,
)
from stackclear.classify.result import Classification, Reason
from stackclear.classify.spec import ChipSpec
from stackclear.errors import SpecError
from stackclear.rules.loader import default_rules
from stackclear.rules.ruleset import RuleSet, RuleValue
from stackclear.rules.trace import Trace

NS = "eccn.3A090"


@dataclass(frozen=True, slots=True)
class _Tiers:
    """The 3A090 rule values in force on one date (None = not in force), and their numbers."""

    structure: RuleValue | None
    io_min: RuleValue | None
    tpp_2022: RuleValue | None
    a1: RuleValue | None
    a2_tpp: RuleValue | None
    a2_pd: RuleValue | None
    b1_tpp_min: RuleValue | None
    b1_tpp_max: RuleValue | None
    b1_pd_min: RuleValue | None
    b1_pd_max: RuleValue | None
    b2_tpp: RuleValue | None
    b2_pd_min: RuleValue | None
    b2_pd_max: RuleValue | None
    note2: RuleValue | None
    nac_a: RuleValue | None
    nac_b: RuleValue | None
    iso: str
    num: dict[str, float]  # numeric thresholds by field name, converted once
    first: RuleValue | None = None  # the first value of 3A090 ever (when and by which rule the entry was created)


_CACHE: dict[tuple[str, dt.date], _Tiers] = {}
_FIELDS = {
    "structure": "structure", "io_min": "io_bandwidth_min_gbs", "tpp_2022": "tpp_min_2022", "a1": "a1_tpp_min",
    "a2_tpp": "a2_tpp_min", "a2_pd": "a2_pd_min", "b1_tpp_min": "b1_tpp_min", "b1_tpp_max": "b1_tpp_max",
    "b1_pd_min": "b1_pd_min", "b1_pd_max": "b1_pd_max", "b2_tpp": "b2_tpp_min", "b2_pd_min": "b2_pd_min",
    "b2_pd_max": "b2_pd_max", "note2": "note2_tpp_max", "nac_a": "nac_a_non_datacenter",
    "nac_b": "nac_b_datacenter",
}


def _tiers(rules: RuleSet, as_of: dt.date) -> _Tiers:
    key = (rules.version, as_of)
    found = _CACHE.get(key)
    if found is None:
        values = {name: rules.entry(f"{NS}.{rule}", as_of) for name, rule in _FIELDS.items()}
        num = {
            name: float(v.value) for name, v in values.items()
            if v is not None and isinstance(v.value, int | float) and not isinstance(v.value, bool)
        }
        structure = f"{NS}.structure"
        first = rules.rule(structure).values[0] if structure in rules else None
        found = _Tiers(**values, iso=as_of.isoformat(), num=num, first=first)
        if len(_CACHE) > 4096:
            _CACHE.clear()
        _CACHE[key] = found
    return found


def _fmt(x: float) -> str:
    """TPP-style numbers: thousands separators, decimals only when they matter."""
    return f"{x:,.0f}" if abs(x) >= 100 or abs(x - round(x)) < 0.05 else f"{x:,.1f}"


def classify_chip(spec: ChipSpec, as_of: dt.date, rules: RuleSet | None = None) -> Classification:
    """Classify one IC under ECCN 3A090 as in force on ``as_of``."""
    rules = rules or default_rules()
    t = _tiers(rules, as_of)
    result = _new(spec, t, rules)
    _decide(spec, t, result, None)
    result.explain_with(lambda: _explain(spec, t, rules))
    return result


def _new(spec: ChipSpec, t: _Tiers, rules: RuleSet) -> Classification:
    return Classification(id=spec.id, kind="chip", eccn="not 3A090", paragraph=None, as_of=t.iso,
                          rule_set=rules.version, tpp=total_processing_performance(spec.units), trace=Trace())


def _explain(spec: ChipSpec, t: _Tiers, rules: RuleSet) -> list[Reason]:
    said: list[Reason] = []
    _decide(spec, t, _new(spec, t, rules), said)
    return said


def _decide(spec: ChipSpec, t: _Tiers, result: Classification, say: list[Reason] | None) -> None:
    """The one decision path. ``say`` collects the reasons when explaining, None on the fast path."""
    tpp = result.tpp
    assert tpp is not None
    if t.structure is None:
        result.performance_density = performance_density(tpp, spec.die_area_mm2)
        if say is not None:
            created = f" (in force from {t.first.effective}: {t.first.citation})" if t.first is not None else ""
            say.append(Reason.of(None, f"ECCN 3A090 was not in force on {t.iso}{created}"))
    elif t.structure.value == "io_and_tpp":
        result.trace.record(t.structure)
        _decide_2022(spec, tpp, t, result, say)
    else:
        assert t.note2 is not None
        result.trace.extend((t.structure, t.note2))
        _decide_tiers(spec, tpp, t, result, say)


def _arithmetic(spec: ChipSpec, tpp: float) -> str:
    return f"TPP {_fmt(tpp)} ({tpp_arithmetic(spec.units)})"


def _decide_2022(spec: ChipSpec, tpp: float, t: _Tiers, result: Classification, say: list[Reason] | None) -> None:
    assert t.io_min is not None and t.tpp_2022 is not None
    result.trace.extend((t.tpp_2022, t.io_min))
    result.performance_density = performance_density(tpp, spec.die_area_mm2)
    tpp_min, io_min = t.num["tpp_2022"], t.num["io_min"]
    io = spec.interconnect_gbs
    meets_tpp = tpp >= tpp_min
    meets_io = io is not None and io >= io_min
    if meets_tpp and meets_io:
        result.eccn, result.paragraph = "3A090.a", "a"
    elif io is None and meets_tpp:
        result.caveats.append("interconnect_gbs not given: under the October 2022 rule the chip is 3A090.a "
                              f"if its aggregate bidirectional I/O reaches {_fmt(io_min)} GB/s")
    if say is None:
        return
    io_text = "none declared (treated as below the threshold)" if io is None else f"{_fmt(io)} GB/s"
    if meets_tpp:
        say.append(Reason.of(t.tpp_2022, f"{_arithmetic(spec, tpp)} ≥ {_fmt(tpp_min)}"))
    else:
        say.append(Reason.of(t.tpp_2022, f"{_arithmetic(spec, tpp)} < {_fmt(tpp_min)} "
                                         f"(short by {_fmt(tpp_min - tpp)})"))
    if meets_io:
        say.append(Reason.of(t.io_min, f"I/O bandwidth {io_text} ≥ {_fmt(io_min)} GB/s"))
    else:
        short = "" if io is None else f" (short by {_fmt(io_min - io)} GB/s)"
        say.append(Reason.of(t.io_min, f"I/O bandwidth {io_text} < {_fmt(io_min)} GB/s{short}: "
                                       "both tests must be met"))


def _decide_tiers(spec: ChipSpec, tpp: float, t: _Tiers, result: Classification, say: list[Reason] | None) -> None:
    assert t.a1 and t.a2_tpp and t.a2_pd and t.b1_tpp_min and t.b2_pd_min and t.note2 and t.nac_a and t.nac_b
    trace, n = result.trace, t.num
    datacenter = spec.datacenter
    if datacenter is None:
        result.caveats.append(
            "datacenter status is ambiguous: treated as designed or marketed for datacenters, so Note 2 "
            "and the non-datacenter NAC/ACA eligibility are not relied on"
        )
        datacenter = True
    pd = performance_density(tpp, spec.die_area_mm2)
    result.performance_density = pd
    if not datacenter and tpp < n["note2"]:
        if say is not None:
            say.append(Reason.of(t.note2, f"not designed or marketed for datacenters and {_arithmetic(spec, tpp)} "
                                          f"< {_fmt(n['note2'])}: outside 3A090.a and .b (Note 2)"))
        return
    trace.record(t.a1)
    a1 = n["a1"]
    if tpp >= a1:
        result.eccn, result.paragraph = "3A090.a", "a.1"
        trace.record(t.nac_a)
        result.nac_eligible = not datacenter and t.nac_a.value is True
        if say is not None:
            say.append(Reason.of(t.a1, f"{_arithmetic(spec, tpp)} ≥ {_fmt(a1)} (3A090.a.1)"))
            say.append(Reason.of(t.nac_a, "not designed or marketed for datacenters: License Exception NAC/ACA "
                                          "eligible" if result.nac_eligible else
                                          "designed or marketed for datacenters: NAC/ACA not available for 3A090.a"))
        return
    if say is not None:
        say.append(Reason.of(t.a1, f"{_arithmetic(spec, tpp)} < {_fmt(a1)} (a.1 missed by {_fmt(a1 - tpp)})"))
    trace.record(t.a2_tpp)
    a2_tpp = n["a2_tpp"]
    if tpp < a2_tpp:
        if say is not None:
            say.append(Reason.of(t.a2_tpp, f"TPP {_fmt(tpp)} < {_fmt(a2_tpp)}: below every 3A090 tier "
                                           f"(missed by {_fmt(a2_tpp - tpp)})"))
        return
    if pd is None:
        raise SpecError("die_area_mm2", f"required: TPP {_fmt(tpp)} is between {_fmt(a2_tpp)} and {_fmt(a1)}, "
                                        "so 3A090.a.2/.b turn on performance density (TPP ÷ applicable die area)")
    trace.extend(v for v in (t.a2_pd, t.b1_tpp_min, t.b1_tpp_max, t.b1_pd_min, t.b1_pd_max, t.b2_tpp, t.b2_pd_min,
                             t.b2_pd_max) if v is not None)
    _decide_density(spec, tpp, pd, datacenter, t, result, say)


def _decide_density(spec: ChipSpec, tpp: float, pd: float, datacenter: bool, t: _Tiers, result: Classification,
                    say: list[Reason] | None) -> None:
    """TPP ≥ 1600 with a known PD: a.2, then b.1, then b.2."""
    assert t.a2_pd and t.b1_tpp_min and t.b2_pd_min and t.nac_a and t.nac_b
    n = t.num
    pd_text = f"PD {pd:.2f} (TPP {_fmt(tpp)} ÷ {spec.die_area_mm2:g} mm²)" if say is not None else ""
    if pd >= n["a2_pd"]:
        result.eccn, result.paragraph = "3A090.a", "a.2"
        result.trace.record(t.nac_a)
        result.nac_eligible = not datacenter and t.nac_a.value is True
        if say is not None:
            say.append(Reason.of(t.a2_pd, f"TPP {_fmt(tpp)} ≥ {_fmt(n['a2_tpp'])} and {pd_text} ≥ {n['a2_pd']:g} "
                                          "(3A090.a.2)"))
            if result.nac_eligible:
                say.append(Reason.of(t.nac_a, "not designed or marketed for datacenters: NAC/ACA eligible"))
        return
    if say is not None:
        say.append(Reason.of(t.a2_pd, f"{pd_text} < {n['a2_pd']:g} (a.2 missed by {n['a2_pd'] - pd:.2f})"))
    if n["b1_tpp_min"] <= tpp < n["b1_tpp_max"] and n["b1_pd_min"] <= pd < n["b1_pd_max"]:
        result.eccn, result.paragraph = "3A090.b", "b.1"
        if say is not None:
            b1 = f"{_fmt(n['b1_tpp_min'])} ≤ TPP {_fmt(tpp)} < {_fmt(n['b1_tpp_max'])}"
            say.append(Reason.of(t.b1_tpp_min, f"{b1} and {n['b1_pd_min']:g} ≤ PD {pd:.2f} < {n['b1_pd_max']:g} "
                                               "(3A090.b.1)"))
    elif tpp >= n["b2_tpp"] and n["b2_pd_min"] <= pd < n["b2_pd_max"]:
        result.eccn, result.paragraph = "3A090.b", "b.2"
        if say is not None:
            say.append(Reason.of(t.b2_pd_min, f"TPP {_fmt(tpp)} ≥ {_fmt(n['b2_tpp'])} and {n['b2_pd_min']:g} "
                                              f"≤ PD {pd:.2f} < {n['b2_pd_max']:g} (3A090.b.2)"))
    else:
        if say is not None:
            lo, pd_lo = n["b1_tpp_min"], n["b1_pd_min"]
            miss = (f"TPP {_fmt(tpp)} < {_fmt(lo)} (b.1 missed by {_fmt(lo - tpp)})" if tpp < lo
                    else f"PD {pd:.2f} < {pd_lo:g} (b.1 missed by {pd_lo - pd:.2f})")
            say.append(Reason.of(t.b1_tpp_min, miss))
            say.append(Reason.of(t.b2_pd_min, f"PD {pd:.2f} < {n['b2_pd_min']:g} "
                                              f"(b.2 missed by {n['b2_pd_min'] - pd:.2f})"))
        return
    result.trace.record(t.nac_b)
    result.nac_eligible = datacenter and t.nac_b.value is True
    if say is not None and result.nac_eligible:
        say.append(Reason.of(t.nac_b, "3A090.b designed or marketed for datacenters: License Exception NAC/ACA "
                                      "eligible"))


def classify_hbm(
    ident: str, memory_bandwidth_gbs: float, package_area_mm2: float, as_of: dt.date, rules: RuleSet | None = None
) -> Classification:
    """3A090.c: high-bandwidth memory with memory bandwidth density above the threshold (from 2024-12-02)."""
    rules = rules or default_rules()
    density = hbm_bandwidth_density(memory_bandwidth_gbs, package_area_mm2)
    trace = Trace()
    result = Classification(id=ident, kind="hbm", eccn="not 3A090", paragraph=None, as_of=as_of.isoformat(),
                            rule_set=rules.version, trace=trace)
    threshold = rules.entry(f"{NS}.c_hbm_density_min", as_of, trace)
    text = (f"memory bandwidth density {density:.2f} GB/s/mm² "
            f"({memory_bandwidth_gbs:g} GB/s ÷ {package_area_mm2:g} mm²)")
    if threshold is None:
        history = rules.rule(f"{NS}.c_hbm_density_min").values
        since = f" (in force from {history[0].effective}: {history[0].citation})" if history else ""
        result.reasons.append(Reason.of(None, f"3A090.c (HBM) was not in force on {as_of}{since}"))
        return result
    limit = threshold.number()
    if density > limit:
        result.eccn, result.paragraph = "3A090.c", "c"
        result.reasons.append(Reason.of(threshold, f"{text} > {limit:g} (3A090.c)"))
        exception = rules.entry(f"{NS}.hbm_exception_density_max", as_of, trace)
        if exception is not None and density < exception.number():
            result.hbm_exception_eligible = True
            result.reasons.append(Reason.of(exception, f"density {density:.2f} < {exception.value:g}: "
                                                       "License Exception HBM (§ 740.25) may be available"))
    else:
        result.reasons.append(Reason.of(
            threshold, f"{text} ≤ {limit:g}: not 3A090.c (short by {limit - density:.2f})"))
    return result
