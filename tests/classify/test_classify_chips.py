"""3A090 classification: the famous cases, thresholds at their boundaries, bad specs, 3A090.c, 4A090, 4E091."""

from __future__ import annotations

import datetime as dt

import pytest

from stackclear.classify import (
    chip_spec_from_dict,
    classify_chip,
    classify_computer,
    classify_hbm,
    classify_model_weights,
)
from stackclear.errors import SpecError

D = dt.date
# Datasheet figures (dense): FP16 TFLOPS, die area mm², datacenter, NVLink/ICI GB/s.
A800 = {"id": "A800", "tops": {"fp16": 312, "int8": 624}, "die_area_mm2": 826, "datacenter": True,
        "interconnect_gbs": 400}
H800 = {"id": "H800", "tops": {"fp16": 989.5, "fp8": 1979}, "die_area_mm2": 814, "datacenter": True,
        "interconnect_gbs": 400}
H100 = {"id": "H100", "tops": {"fp16": 989.5, "fp8": 1979}, "die_area_mm2": 814, "datacenter": True,
        "interconnect_gbs": 900}
H20 = {"id": "H20", "tops": {"fp16": 148, "fp8": 296}, "die_area_mm2": 814, "datacenter": True, "interconnect_gbs": 900}
RTX4090 = {"id": "RTX 4090", "tops": {"fp16": 330.3, "fp8": 660.6}, "die_area_mm2": 609, "datacenter": False}
RTX4090D = {"id": "RTX 4090D", "tops": {"fp16": 294.2, "fp8": 588.3}, "die_area_mm2": 609, "datacenter": False}
L40 = {"id": "L40", "tops": {"fp16": 181, "fp8": 362}, "die_area_mm2": 609, "datacenter": True}


def cls(spec: dict[str, object], day: dt.date) -> tuple[str, str | None, bool]:
    result = classify_chip(chip_spec_from_dict(spec), day)
    return result.eccn, result.paragraph, result.nac_eligible


@pytest.mark.parametrize("spec", [A800, H800])
def test_a800_h800_outside_under_2022_rule_then_3a090a(spec: dict[str, object]) -> None:
    assert cls(spec, D(2023, 11, 16))[0] == "not 3A090"
    assert cls(spec, D(2023, 11, 17))[:2] == ("3A090.a", "a.1")
    reasons = classify_chip(chip_spec_from_dict(spec), D(2023, 6, 1)).reasons
    assert any("I/O bandwidth 400 GB/s < 600 GB/s" in r.text for r in reasons)


def test_h100_controlled_under_both_rules() -> None:
    assert cls(H100, D(2022, 10, 7))[0] == "3A090.a"
    assert cls(H100, D(2026, 11, 29))[0] == "3A090.a"


def test_nothing_is_3a090_before_october_2022() -> None:
    for spec in (A800, H100, RTX4090, L40):
        result = classify_chip(chip_spec_from_dict(spec), D(2022, 10, 6))
        assert result.eccn == "not 3A090"
        assert "not in force" in result.reasons[0].text


def test_h20_outside_with_misses_quantified() -> None:
    result = classify_chip(chip_spec_from_dict(H20), D(2025, 6, 1))
    assert result.eccn == "not 3A090"
    assert result.tpp == pytest.approx(2368)
    assert result.performance_density == pytest.approx(2.909, abs=0.001)
    text = " | ".join(r.text for r in result.reasons)
    assert "a.1 missed by 2,432" in text and "b.1 missed by 32" in text and "b.2 missed by 0.29" in text


def test_rtx_4090_is_a_but_nac_eligible_and_4090d_is_outside() -> None:
    assert cls(RTX4090, D(2024, 1, 1)) == ("3A090.a", "a.1", True)
    eccn, _, nac = cls(RTX4090D, D(2024, 1, 1))
    assert (eccn, nac) == ("not 3A090", False)
    note2 = classify_chip(chip_spec_from_dict(RTX4090D), D(2024, 1, 1)).reasons[0]
    assert "Note 2" in note2.text and "Note 2" in note2.citation


def test_l40_is_b1_and_nac_eligible() -> None:
    assert cls(L40, D(2024, 1, 1)) == ("3A090.b", "b.1", True)


@pytest.mark.parametrize(
    ("fp16", "area", "datacenter", "expected"),
    [
        (300, 1000, True, ("3A090.a", "a.1")),  # TPP exactly 4800
        (299.99, 1000, True, ("3A090.b", "b.1")),  # TPP 4799.84, PD 4.8
        (100, 270.27, True, ("3A090.a", "a.2")),  # TPP 1600, PD 5.92
        (100, 1000, True, ("not 3A090", None)),  # TPP 1600, PD 1.6: b.1 needs TPP ≥ 2400, b.2 PD ≥ 3.2
        (150, 1500, True, ("3A090.b", "b.1")),  # TPP 2400, PD 1.6 exactly
        (150, 1501, True, ("not 3A090", None)),  # PD just under 1.6
        (100, 500, True, ("3A090.b", "b.2")),  # TPP 1600, PD 3.2
        (99.99, 500, True, ("not 3A090", None)),  # TPP under 1600
        (299.99, 100, False, ("not 3A090", None)),  # non-DC below 4800: Note 2 even at high PD
        (300, 100, False, ("3A090.a", "a.1")),  # non-DC at 4800: a.1 (NAC eligible)
    ],
)
def test_threshold_boundaries(fp16: float, area: float, datacenter: bool, expected: tuple[str, str | None]) -> None:
    spec = {"id": "x", "tops": {"fp16": fp16}, "die_area_mm2": area, "datacenter": datacenter}
    assert cls(spec, D(2024, 6, 1))[:2] == expected


def test_tpp_is_max_over_precisions_and_summed_over_units() -> None:
    spec = chip_spec_from_dict({"id": "x", "units": [{"tops": {"fp16": 100, "int8": 250}}, {"tops": {"fp32": 10}}],
                                "die_area_mm2": 100})
    result = classify_chip(spec, D(2024, 1, 1))
    assert result.tpp == pytest.approx(250 * 8 + 10 * 32)


def test_ambiguous_datacenter_is_treated_as_datacenter_with_caveat() -> None:
    spec = {**RTX4090D, "datacenter": "ambiguous"}
    result = classify_chip(chip_spec_from_dict(spec), D(2024, 1, 1))
    assert result.eccn == "3A090.a"  # a.2: PD 7.73 ≥ 5.92 once Note 2 cannot be relied on
    assert any("ambiguous" in c for c in result.all_caveats())


@pytest.mark.parametrize(
    ("spec", "field", "words"),
    [
        ({"id": "x", "tops": {"fp16": -1}}, "tops.fp16", "non-negative"),
        ({"id": "x", "tops": {"fp16": float("nan")}}, "tops.fp16", "finite"),
        ({"id": "x", "tops": {"fp16": 0}}, "tops", "positive throughput"),
        ({"id": "x", "tops": {"fp17": 5}}, "tops.fp17", "unknown precision"),
        ({"id": "x"}, "tops", "missing"),
        ({"id": "x", "tops": {"fp16": 100}, "die_area_mm2": 0}, "die_area_mm2", "positive"),
        ({"id": "x", "tops": {"fp16": "fast"}}, "tops.fp16", "expected a number"),
        ({"id": "x", "tops": {"fp16": 100}, "datacenter": "perhaps"}, "datacenter", "ambiguous"),
    ],
)
def test_bad_specs_name_the_field(spec: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(SpecError) as info:
        chip_spec_from_dict(spec)
    assert info.value.field == field
    assert words in str(info.value)


def test_missing_die_area_only_matters_where_density_decides() -> None:
    high = classify_chip(chip_spec_from_dict({"id": "x", "tops": {"fp16": 400}}), D(2024, 1, 1))
    assert high.eccn == "3A090.a" and high.performance_density is None
    with pytest.raises(SpecError, match="die_area_mm2"):
        classify_chip(chip_spec_from_dict({"id": "x", "tops": {"fp16": 150}}), D(2024, 1, 1))


def test_hbm_3a090c_from_december_2024() -> None:
    assert classify_hbm("hbm", 819, 110, D(2024, 12, 1)).eccn == "not 3A090"
    result = classify_hbm("hbm", 819, 110, D(2024, 12, 2))
    assert (result.eccn, result.hbm_exception_eligible) == ("3A090.c", False)  # 7.45 GB/s/mm²
    assert classify_hbm("hbm", 220, 110, D(2025, 1, 1)).eccn == "not 3A090"  # exactly 2.0: not "more than"
    low = classify_hbm("hbm", 330, 110, D(2025, 1, 1))  # 3.0: controlled, License Exception HBM possible
    assert (low.eccn, low.hbm_exception_eligible) == ("3A090.c", True)


def test_4a090_from_contents_and_note2_cascade() -> None:
    day = D(2024, 1, 1)
    h100 = classify_chip(chip_spec_from_dict(H100), day)
    l40 = classify_chip(chip_spec_from_dict(L40), day)
    gaming = classify_chip(chip_spec_from_dict(RTX4090D), day)
    assert classify_computer("dgx", [(h100, 8)], day).eccn == "4A090.a"
    assert classify_computer("srv", [(l40, 4), (gaming, 1)], day).eccn == "4A090.b"
    excluded = classify_computer("pc", [(gaming, 2)], day)
    assert excluded.eccn == "not 4A090"
    assert classify_computer("dgx", [(classify_chip(chip_spec_from_dict(H100), D(2022, 1, 1)), 8)],
                             D(2022, 1, 1)).eccn == "not 4A090"


def test_4e091_codified_with_enforcement_switch() -> None:
    before = classify_model_weights("m", 3e26, D(2025, 1, 12))
    assert before.eccn == "not 4E091"
    enforced = classify_model_weights("m", 3e26, D(2025, 3, 1))
    assert (enforced.eccn, enforced.enforced) == ("4E091", True)
    dormant = classify_model_weights("m", 3e26, D(2025, 5, 13))
    assert (dormant.eccn, dormant.enforced) == ("4E091", False)
    assert any("BIS press release" in c for c in dormant.citations())
    forced = classify_model_weights("m", 3e26, D(2026, 1, 1), policy={"diffusion.enforced": True})
    assert forced.enforced is True
    assert classify_model_weights("m", 9.9e25, D(2025, 3, 1)).eccn == "not 4E091"
    assert classify_model_weights("m", 3e26, D(2025, 3, 1), published=True).eccn == "not 4E091"
    # derivative of published weights: additional training must exceed max(2.5e25, 25% of training)
    small = classify_model_weights("m", 2e26, D(2025, 3, 1), derived_from_published=True, additional_training_ops=4e25)
    assert small.eccn == "not 4E091"
    big = classify_model_weights("m", 2e26, D(2025, 3, 1), derived_from_published=True, additional_training_ops=6e25)
    assert big.eccn == "4E091"


def test_result_lists_citations_from_rules_read() -> None:
    result = classify_chip(chip_spec_from_dict(H20), D(2025, 6, 1))
    data = result.to_dict()
    assert {"id", "eccn", "paragraph", "tpp", "performance_density", "nac_eligible", "citations"} <= set(data)
    read = {r["rule"] for r in data["rules_read"]}  # type: ignore[union-attr]
    assert {"eccn.3A090.a1_tpp_min", "eccn.3A090.b1_tpp_min"} <= read
    assert "15 CFR 774 Supp. 1, ECCN 3A090.b.1; 88 FR 73458" in data["citations"]  # type: ignore[operator]
    for reason in result.reasons:
        if reason.rule:
            assert reason.rule in read
