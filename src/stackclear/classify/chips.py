"""ECCN 3A090 classification of integrated circuits, for any date since the October 2022 rule.

Order of the tests (RULES_BRIEF §1):

* before 3A090 existed (2022-10-07): nothing is 3A090;
* October 2022 rule (to 2023-11-16): 3A090.a when I/O bandwidth ≥ 600 GB/s **and** TPP ≥ 4800;
* from 2023-11-17 (88 FR 73458): Note 2 first (not datacenter and TPP < 4800 → outside 3A090), then .a
  (a.1 TPP ≥ 4800; a.2 TPP ≥ 1600 and PD ≥ 5.92) before .b (b.1, b.2), so .a/.b/not are exclusive.

Thresholds are read from the rule set once per (rule set, date) and their trace entries are shared by
every chip classified on that date, so tracing costs a list copy per chip, not a lookup per threshold.
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
    """The 3A090 rule values in force on one date (None = not in force)."""

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


_CACHE: dict[tuple[str, dt.date], _Tiers] = {}


def _tiers(rules: RuleSet, as_of: dt.date) -> _Tiers:
    key = (rules.version, as_of)
    found = _CACHE.get(key)
    if found is None:
        def get(name: str) -> RuleValue | None:
            return rules.entry(f"{NS}.{name}", as_of)

        found = _Tiers(
            get("structure"), get("io_bandwidth_min_gbs"), get("tpp_min_2022"), get("a1_tpp_min"),
            get("a2_tpp_min"), get("a2_pd_min"), get("b1_tpp_min"), get("b1_tpp_max"), get("b1_pd_min"),
            get("b1_pd_max"), get("b2_tpp_min"), get("b2_pd_min"), get("b2_pd_max"),
            get("note2_tpp_max"), get("nac_a_non_datacenter"), get("nac_b_datacenter"),
        )
        if len(_CACHE) > 4096:
            _CACHE.clear()
        _CACHE[key] = found
    return found


def _num(value: RuleValue) -> float:
    raw = value.value
    assert isinstance(raw, int | float), f"{value.rule_id} must be numeric"
    return float(raw)


def _fmt(x: float) -> str:
    """TPP-style numbers: thousands separators, decimals only when they matter."""
    return f"{x:,.0f}" if abs(x) >= 100 or abs(x - round(x)) < 0.05 else f"{x:,.1f}"


def classify_chip(spec: ChipSpec, as_of: dt.date, rules: RuleSet | None = None) -> Classification:
    """Classify one IC under ECCN 3A090 as in force on ``as_of``."""
    rules = rules or default_rules()
    t = _tiers(rules, as_of)
    tpp = total_processing_performance(spec.units)
    trace = Trace()
    result = Classification(
        id=spec.id, kind="chip", eccn="not 3A090", paragraph=None, as_of=as_of.isoformat(),
        rule_set=rules.version, tpp=tpp, trace=trace,
    )
    reasons = result.reasons
    arithmetic = f"TPP {_fmt(tpp)} ({tpp_arithmetic(spec.units)})"
    if t.structure is None:
        reasons.append(Reason.of(None, f"ECCN 3A090 was not in force on {as_of} (created 2022-10-07 by 87 FR 62186)"))
        result.performance_density = performance_density(tpp, spec.die_area_mm2)
        return result
    trace.record(t.structure)
    if t.structure.value == "io_and_tpp":
        _classify_2022(spec, tpp, arithmetic, t, result)
    else:
        _classify_tiers(spec, tpp, arithmetic, t, result)
    return result


def _classify_2022(spec: ChipSpec, tpp: float, arithmetic: str, t: _Tiers, result: Classification) -> None:
    assert t.io_min is not None and t.tpp_2022 is not None
    trace, reasons = result.trace, result.reasons
    trace.record(t.tpp_2022)
    trace.record(t.io_min)
    result.performance_density = performance_density(tpp, spec.die_area_mm2)
    tpp_min, io_min = _num(t.tpp_2022), _num(t.io_min)
    io = spec.interconnect_gbs
    io_text = "none declared (treated as below the threshold)" if io is None else f"{_fmt(io)} GB/s"
    meets_tpp = tpp >= tpp_min
    meets_io = io is not None and io >= io_min
    if meets_tpp and meets_io:
        result.eccn, result.paragraph = "3A090.a", "a"
        reasons.append(Reason.of(t.tpp_2022, f"{arithmetic} ≥ {_fmt(tpp_min)}"))
        reasons.append(Reason.of(t.io_min, f"I/O bandwidth {io_text} ≥ {_fmt(io_min)} GB/s"))
        return
    if not meets_tpp:
        reasons.append(Reason.of(t.tpp_2022, f"{arithmetic} < {_fmt(tpp_min)} (short by {_fmt(tpp_min - tpp)})"))
    else:
        reasons.append(Reason.of(t.tpp_2022, f"{arithmetic} ≥ {_fmt(tpp_min)}"))
    if not meets_io:
        short = "" if io is None else f" (short by {_fmt(io_min - io)} GB/s)"
        reasons.append(Reason.of(
            t.io_min, f"I/O bandwidth {io_text} < {_fmt(io_min)} GB/s{short}: both tests must be met"))
        if io is None and meets_tpp:
            result.caveats.append("interconnect_gbs not given: under the October 2022 rule the chip is 3A090.a "
                                  "if its aggregate bidirectional I/O reaches 600 GB/s")


def _classify_tiers(spec: ChipSpec, tpp: float, arithmetic: str, t: _Tiers, result: Classification) -> None:
    assert t.a1 and t.a2_tpp and t.a2_pd and t.b1_tpp_min and t.b1_tpp_max and t.b1_pd_min and t.b1_pd_max
    assert t.b2_tpp and t.b2_pd_min and t.b2_pd_max and t.note2 and t.nac_a and t.nac_b
    trace, reasons = result.trace, result.reasons
    datacenter = spec.datacenter
    if datacenter is None:
        result.caveats.append(
            "datacenter status is ambiguous: treated as designed or marketed for datacenters, so Note 2 "
            "and the non-datacenter NAC/ACA eligibility are not relied on"
        )
        datacenter = True
    pd = performance_density(tpp, spec.die_area_mm2)
    result.performance_density = pd
    a1 = _num(t.a1)
    trace.record(t.note2)
    note2 = _num(t.note2)
    if not datacenter and tpp < note2:
        reasons.append(Reason.of(t.note2, f"not designed or marketed for datacenters and {arithmetic} < "
                                          f"{_fmt(note2)}: outside 3A090.a and .b (Note 2)"))
        return
    trace.record(t.a1)
    if tpp >= a1:
        result.eccn, result.paragraph = "3A090.a", "a.1"
        reasons.append(Reason.of(t.a1, f"{arithmetic} ≥ {_fmt(a1)} (3A090.a.1)"))
        trace.record(t.nac_a)
        if not datacenter and t.nac_a.value is True:
            result.nac_eligible = True
            reasons.append(Reason.of(t.nac_a, "not designed or marketed for datacenters: License Exception "
                                              "NAC/ACA eligible"))
        else:
            reasons.append(Reason.of(
                t.nac_a, "designed or marketed for datacenters: NAC/ACA not available for 3A090.a"))
        return
    reasons.append(Reason.of(t.a1, f"{arithmetic} < {_fmt(a1)} (a.1 missed by {_fmt(a1 - tpp)})"))
    a2_tpp, a2_pd = _num(t.a2_tpp), _num(t.a2_pd)
    trace.record(t.a2_tpp)
    if tpp < a2_tpp:
        reasons.append(Reason.of(t.a2_tpp, f"TPP {_fmt(tpp)} < {_fmt(a2_tpp)}: below every 3A090 tier "
                                           f"(missed by {_fmt(a2_tpp - tpp)})"))
        return
    if pd is None:
        raise SpecError("die_area_mm2", f"required: TPP {_fmt(tpp)} is between {_fmt(a2_tpp)} and {_fmt(a1)}, "
                                        "so 3A090.a.2/.b turn on performance density (TPP ÷ applicable die area)")
    trace.extend((t.a2_pd, t.b1_tpp_min, t.b1_tpp_max, t.b1_pd_min, t.b1_pd_max, t.b2_tpp, t.b2_pd_min, t.b2_pd_max))
    pd_text = f"PD {pd:.2f} (TPP {_fmt(tpp)} ÷ {spec.die_area_mm2:g} mm²)"
    if pd >= a2_pd:
        result.eccn, result.paragraph = "3A090.a", "a.2"
        reasons.append(Reason.of(t.a2_pd, f"TPP {_fmt(tpp)} ≥ {_fmt(a2_tpp)} and {pd_text} ≥ {a2_pd:g} (3A090.a.2)"))
        _nac_for_a2(datacenter, t, result)
        return
    reasons.append(Reason.of(t.a2_pd, f"{pd_text} < {a2_pd:g} (a.2 missed by {a2_pd - pd:.2f})"))
    b1_lo, b1_hi = _num(t.b1_tpp_min), _num(t.b1_tpp_max)
    b1_pd_lo, b1_pd_hi = _num(t.b1_pd_min), _num(t.b1_pd_max)
    b2_pd_lo, b2_pd_hi = _num(t.b2_pd_min), _num(t.b2_pd_max)
    b2_tpp = _num(t.b2_tpp)
    if b1_lo <= tpp < b1_hi and b1_pd_lo <= pd < b1_pd_hi:
        result.eccn, result.paragraph = "3A090.b", "b.1"
        reasons.append(Reason.of(t.b1_tpp_min, f"{_fmt(b1_lo)} ≤ TPP {_fmt(tpp)} < {_fmt(b1_hi)} and "
                                               f"{b1_pd_lo:g} ≤ PD {pd:.2f} < {b1_pd_hi:g} (3A090.b.1)"))
    elif tpp >= b2_tpp and b2_pd_lo <= pd < b2_pd_hi:
        result.eccn, result.paragraph = "3A090.b", "b.2"
        reasons.append(Reason.of(t.b2_pd_min, f"TPP {_fmt(tpp)} ≥ {_fmt(b2_tpp)} and {b2_pd_lo:g} ≤ PD {pd:.2f} "
                                              f"< {b2_pd_hi:g} (3A090.b.2)"))
    else:
        if tpp < b1_lo:
            miss_b1 = f"TPP {_fmt(tpp)} < {_fmt(b1_lo)} (b.1 missed by {_fmt(b1_lo - tpp)})"
        else:
            miss_b1 = f"PD {pd:.2f} < {b1_pd_lo:g} (b.1 missed by {b1_pd_lo - pd:.2f})"
        reasons.append(Reason.of(t.b1_tpp_min, miss_b1))
        reasons.append(Reason.of(t.b2_pd_min, f"PD {pd:.2f} < {b2_pd_lo:g} (b.2 missed by {b2_pd_lo - pd:.2f})"))
        return
    trace.record(t.nac_b)
    if datacenter and t.nac_b.value is True:
        result.nac_eligible = True
        reasons.append(Reason.of(
            t.nac_b, "3A090.b designed or marketed for datacenters: License Exception NAC/ACA eligible"))


def _nac_for_a2(datacenter: bool, t: _Tiers, result: Classification) -> None:
    assert t.nac_a is not None
    result.trace.record(t.nac_a)
    if not datacenter and t.nac_a.value is True:
        result.nac_eligible = True
        result.reasons.append(Reason.of(t.nac_a, "not designed or marketed for datacenters: NAC/ACA eligible"))


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
    text = f"memory bandwidth density {density:.2f} GB/s/mm² ({memory_bandwidth_gbs:g} GB/s ÷ {package_area_mm2:g} mm²)"
    if threshold is None:
        result.reasons.append(Reason.of(
            None, f"3A090.c (HBM) was not in force on {as_of} (from 2024-12-02, 89 FR 96790)"))
        return result
    limit = _num(threshold)
    if density > limit:
        result.eccn, result.paragraph = "3A090.c", "c"
        result.reasons.append(Reason.of(threshold, f"{text} > {limit:g} (3A090.c)"))
        exception = rules.entry(f"{NS}.hbm_exception_density_max", as_of, trace)
        if exception is not None and density < _num(exception):
            result.hbm_exception_eligible = True
            result.reasons.append(Reason.of(exception, f"density {density:.2f} < {_num(exception):g}: "
                                                       "License Exception HBM (§ 740.25) may be available"))
    else:
        result.reasons.append(Reason.of(threshold, f"{text} ≤ {limit:g}: not 3A090.c (short by {limit - density:.2f})"))
    return result
