"""Properties of 3A090 classification (hypothesis), checked against an oracle written from the rule text."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from stackclear.classify import chip_spec_from_dict, classify_chip
from stackclear.rules.loader import default_rules

PRECISIONS = ["fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8", "int4", "fp4"]
RANK = {"not 3A090": 0, "3A090.b": 1, "3A090.a": 2}

tops_st = st.dictionaries(st.sampled_from(PRECISIONS), st.floats(0.5, 5000, allow_nan=False), min_size=1, max_size=4)
area_st = st.floats(20, 2500, allow_nan=False)
day_st = st.dates(dt.date(2021, 1, 1), dt.date(2027, 12, 31))


def spec(tops: dict[str, float], area: float, dc: bool, io: float | None) -> dict[str, object]:
    return {"id": "p", "tops": tops, "die_area_mm2": area, "datacenter": dc, "interconnect_gbs": io}


@settings(max_examples=300, deadline=None)
@given(tops_st, area_st, st.booleans(), st.one_of(st.none(), st.floats(0, 2000)), day_st,
       st.sampled_from(PRECISIONS), st.floats(0.01, 3000))
def test_adding_throughput_never_decontrols(tops: dict[str, float], area: float, dc: bool, io: float | None,
                                            day: dt.date, precision: str, extra: float) -> None:
    base = classify_chip(chip_spec_from_dict(spec(tops, area, dc, io)), day)
    more = dict(tops)
    more[precision] = more.get(precision, 0.0) + extra
    bigger = classify_chip(chip_spec_from_dict(spec(more, area, dc, io)), day)
    assert RANK[bigger.eccn] >= RANK[base.eccn]


def oracle_2023(tpp: float, pd: float, dc: bool) -> str:
    """The tiers as written in 15 CFR 774 Supp. 1 (88 FR 73458), literal thresholds."""
    if not dc and tpp < 4800:
        return "not 3A090"
    if tpp >= 4800 or (tpp >= 1600 and pd >= 5.92):
        return "3A090.a"
    if (2400 <= tpp < 4800 and 1.6 <= pd < 5.92) or (tpp >= 1600 and 3.2 <= pd < 5.92):
        return "3A090.b"
    return "not 3A090"


@settings(max_examples=300, deadline=None)
@given(tops_st, area_st, st.booleans(), st.dates(dt.date(2023, 11, 17), dt.date(2027, 12, 31)))
def test_tiers_are_exclusive_and_match_the_rule_text(tops: dict[str, float], area: float, dc: bool,
                                                     day: dt.date) -> None:
    result = classify_chip(chip_spec_from_dict(spec(tops, area, dc, None)), day)
    assert result.tpp is not None and result.performance_density is not None
    assert result.eccn == oracle_2023(result.tpp, result.performance_density, dc)
    assert result.nac_eligible == ((result.eccn == "3A090.a" and not dc) or (result.eccn == "3A090.b" and dc))


def _periods() -> list[tuple[dt.date, dt.date]]:
    cuts = default_rules().change_dates("eccn.3A090")
    return [(a, b - dt.timedelta(days=1)) for a, b in zip(cuts, cuts[1:], strict=False)]


@settings(max_examples=200, deadline=None)
@given(tops_st, area_st, st.booleans(), st.one_of(st.none(), st.floats(0, 2000)), st.data())
def test_result_is_stable_between_rule_changes(tops: dict[str, float], area: float, dc: bool, io: float | None,
                                               data: st.DataObject) -> None:
    start, end = data.draw(st.sampled_from(_periods()))
    d1 = data.draw(st.dates(start, end))
    d2 = data.draw(st.dates(start, end))
    chip = chip_spec_from_dict(spec(tops, area, dc, io))
    r1, r2 = classify_chip(chip, d1), classify_chip(chip, d2)
    assert (r1.eccn, r1.paragraph, r1.nac_eligible, r1.citations()) == (r2.eccn, r2.paragraph, r2.nac_eligible,
                                                                        r2.citations())
