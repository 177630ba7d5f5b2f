"""Property tests of the determination: determinism, monotonicity, constancy between rule changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_support import fixture_screener

from stackclear.determine import change_dates, changes_between, determine
from stackclear.model.determination import Determination, Verdict
from stackclear.model.package import Package
from stackclear.rules.loader import default_rules

DESTINATIONS = ["CN", "MO", "HK", "VN", "MY", "IN", "DE", "AE", "SA", "NI", "KH", "SY", "IR", "RU", "IL", "US"]
CHIPS = ["NVIDIA H100 SXM5 80GB", "NVIDIA H20 96GB", "NVIDIA H200 SXM 141GB", "NVIDIA GeForce RTX 4090",
         "NVIDIA GeForce RTX 4090D", "NVIDIA A100 SXM4 80GB", "NVIDIA H800 SXM5 80GB", "NVIDIA L40S",
         "NVIDIA B200 (HGX, per GPU)"]
CLEAN = ["Jiangnan Cloud Computing Co., Ltd.", "Johor Digital Compute Sdn. Bhd.", "Berlin AI Labs GmbH",
         "Hanoi Render Farm JSC", "Abu Dhabi Compute LLC"]
RESTRICTED = ["Gulf Example Freight FZE", "Example Tehran Electronics Company",
              "Example Semiconductor Manufacturing Co., Ltd.", "Kowloon Example Components Limited",
              "Example Aviation Industry Research Institute", "Volga Instruments LLC"]
END_USES = ["datacenter", "supercomputer", "advanced_ic_production", "military", "inference"]
START, END = dt.date(2022, 6, 1), dt.date(2027, 6, 30)

items_st = st.one_of(
    st.builds(lambda c, q: {"layer": "hardware", "kind": "chip", "catalog": c, "quantity": q},
              st.sampled_from(CHIPS), st.integers(1, 3000)),
    st.builds(lambda c: {"layer": "hardware", "kind": "computer", "contains": [{"catalog": c, "quantity": 8}]},
              st.sampled_from(CHIPS)),
    st.builds(lambda bw: {"layer": "hardware", "kind": "hbm", "memory_bandwidth_gbs": bw, "package_area_mm2": 110},
              st.sampled_from([200, 221.1, 300, 363, 819])),
    st.builds(lambda ops: {"layer": "models", "kind": "model_weights", "training_ops": ops},
              st.sampled_from([1e24, 9.99e25, 1e26, 3e26])),
    st.sampled_from([{"layer": "applications", "kind": "application"}, {"layer": "data", "kind": "dataset"},
                     {"layer": "software", "kind": "software", "eccn": "5D992"},
                     {"layer": "networking", "kind": "networking", "eccn": "5A992.c"}]),
)
party_st = st.builds(
    lambda name, country, hq: {"role": "end_user", "name": name, "country": country, "headquarters": hq},
    st.sampled_from(CLEAN), st.sampled_from(DESTINATIONS), st.sampled_from([*DESTINATIONS, None]),
)


@st.composite
def packages(draw: Any) -> dict[str, Any]:
    items = draw(st.lists(items_st, min_size=1, max_size=4))
    return {
        "name": "property", "destination": draw(st.sampled_from(DESTINATIONS)),
        "parties": draw(st.lists(party_st, max_size=2)),
        "end_uses": draw(st.lists(st.sampled_from(END_USES), max_size=2, unique=True)),
        "items": [{**item, "id": f"i{n}"} for n, item in enumerate(items)],
    }


dates = st.dates(min_value=START, max_value=END)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(raw: dict[str, Any], day: dt.date) -> Determination:
    return determine(Package.model_validate(raw), day, screener=fixture_screener())


def outcome(det: Determination) -> Any:
    """The substance of a result, without texts that quote the date itself."""
    return (
        det.verdict,
        [(i.id, i.eccn, i.verdict, i.license_exception, i.review_policy,
          [(r.rule, r.citation) for r in i.reasons], sorted(i.conditions)) for i in det.items],
        [(p.name, p.verdict, p.decision) for p in det.parties],
        sorted((v.rule_id, v.effective) for v in det.rules_read),
    )


@SETTINGS
@given(packages(), dates)
def test_deterministic_json(raw: dict[str, Any], day: dt.date) -> None:
    assert run(raw, day).to_json() == run(raw, day).to_json()


@SETTINGS
@given(packages(), dates, st.sampled_from(RESTRICTED), st.sampled_from(["end_user", "consignee", "purchaser"]))
def test_adding_a_restricted_party_is_never_less_strict(raw: dict[str, Any], day: dt.date, name: str,
                                                        role: str) -> None:
    before = run(raw, day).verdict
    after = run({**raw, "parties": [*raw["parties"], {"role": role, "name": name}]}, day).verdict
    assert after.severity >= before.severity, (before, after)


@SETTINGS
@given(packages(), dates, st.sampled_from(CHIPS), st.integers(1, 5000))
def test_adding_a_controlled_item_is_never_less_strict(raw: dict[str, Any], day: dt.date, chip: str,
                                                       quantity: int) -> None:
    before = run(raw, day).verdict
    extra = {"id": "added", "layer": "hardware", "kind": "chip", "catalog": chip, "quantity": quantity}
    after = run({**raw, "items": [*raw["items"], extra]}, day).verdict
    assert after.severity >= before.severity, (before, after)


BREAKS = [d for d in change_dates(Package.model_validate(
    {"name": "x", "destination": "CN", "items": [{"id": "a", "layer": "applications", "kind": "application"}]}
)) if START <= d <= END]
SEGMENTS = [(a, b - dt.timedelta(days=1)) for a, b in zip(BREAKS, BREAKS[1:], strict=False) if b - a > dt.timedelta(1)]


@SETTINGS
@given(packages(), st.sampled_from(SEGMENTS), st.floats(0, 1), st.floats(0, 1))
def test_constant_between_rule_changes(raw: dict[str, Any], segment: tuple[dt.date, dt.date], f1: float,
                                       f2: float) -> None:
    lo, hi = segment
    span = (hi - lo).days
    d1, d2 = lo + dt.timedelta(days=round(span * f1)), lo + dt.timedelta(days=round(span * f2))
    assert outcome(run(raw, d1)) == outcome(run(raw, d2))


def test_change_dates_cover_every_rule_change_in_the_brief() -> None:
    days = set(change_dates(Package.model_validate(
        {"name": "x", "destination": "CN", "items": [{"id": "a", "layer": "applications", "kind": "application"}]})))
    for text in ["2022-10-07", "2023-10-23", "2023-11-17", "2024-03-15", "2024-04-04", "2024-12-02", "2025-01-13",
                 "2025-04-09", "2025-05-13", "2025-05-15",
                 "2024-12-31", "2025-09-29", "2025-11-10", "2026-01-15", "2026-02-03", "2026-07-10",
                 "2026-11-10"]:
        assert dt.date.fromisoformat(text) in days, text


def test_changes_between_is_ordered_and_bounded() -> None:
    pkg = Package.model_validate({"name": "x", "destination": "CN",
                                  "items": [{"id": "a", "layer": "applications", "kind": "application"}]})
    found = changes_between(pkg, dt.date(2026, 1, 14), dt.date(2026, 1, 15))
    assert found == [dt.date(2026, 1, 15)]
    assert changes_between(pkg, dt.date(2026, 1, 15), dt.date(2026, 1, 14)) == found
    assert default_rules().change_dates() == change_dates(pkg)


def test_verdict_order_is_the_design_precedence() -> None:
    order = [Verdict.NO_LICENSE_REQUIRED, Verdict.LICENSE_EXCEPTION, Verdict.LICENSE_REQUIRED, Verdict.HOLD,
             Verdict.PROHIBITED]
    assert sorted(order, key=lambda v: v.severity) == order


def test_compare_names_the_rule_change_behind_a_flip() -> None:
    from stackclear.determine import compare

    raw = {"name": "x", "destination": "CN", "items": [
        {"id": "h200", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H200 SXM 141GB"},
        {"id": "app", "layer": "applications", "kind": "application"}]}
    before, after = run(raw, dt.date(2026, 1, 14)), run(raw, dt.date(2026, 1, 15))
    changes = {c.id: c for c in compare(before, after)}
    assert changes["h200"].changed and not changes["app"].changed
    causes = [c.rule for c in changes["h200"].causes]
    assert "license.review_policy.china_band" in causes
    assert changes["h200"].to_dict()["after"]["review_policy"] == "case_by_case"  # type: ignore[index]


def test_timeline_finds_the_flips() -> None:
    from stackclear.determine import timeline

    def chip(name: str) -> Package:
        return Package.model_validate({"name": "x", "destination": "CN", "items": [
            {"id": "c", "layer": "hardware", "kind": "chip", "catalog": name}]})

    start, end = dt.date(2023, 1, 1), dt.date(2026, 12, 31)
    h200 = timeline(chip("NVIDIA H200 SXM 141GB"), start, end, screener=fixture_screener())
    assert [f.date for f in h200] == ["2026-01-15"]  # 3A090.a throughout (2022 I/O test met); then the band
    after = h200[0].items[0].after
    assert after is not None and after.review_policy is not None and after.review_policy.value == "case_by_case"
    h20 = timeline(chip("NVIDIA H20 96GB"), start, end, screener=fixture_screener())
    assert [f.date for f in h20] == ["2025-04-09", "2025-07-15"]  # letters; then licenses case by case
    assert h20[0].verdict_before == "NO_LICENSE_REQUIRED" and h20[0].verdict_after == "LICENSE_REQUIRED"


inline_chip_st = st.builds(
    lambda fp16, area, bw, io, dc: {"layer": "hardware", "kind": "chip", "tops": {"fp16": fp16}, "die_area_mm2": area,
                                    "memory_bandwidth_gbs": bw, "interconnect_gbs": io, "datacenter": dc},
    st.sampled_from([90.0, 100.0, 150.0, 299.99, 300.0, 1000.0, 1312.4, 1312.5]),
    st.sampled_from([250.0, 500.0, 814.0, 1500.0]), st.sampled_from([None, 3999.0, 4000.0, 4800.0, 6500.0]),
    st.sampled_from([None, 400.0, 899.0, 900.0]), st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(inline_chip_st, min_size=2, max_size=8), st.sampled_from(["CN", "MY", "VN", "HK"]),
       st.sampled_from([dt.date(2023, 6, 1), dt.date(2024, 6, 1), dt.date(2025, 6, 1), dt.date(2026, 3, 1)]),
       st.sampled_from([None, "CN", "MY"]))
def test_shared_line_results_equal_lines_evaluated_alone(lines: list[dict[str, Any]], dest: str, day: dt.date,
                                                          hq: str | None) -> None:
    """The engine shares classification and rule results between similar lines; sharing must never change a
    line's result compared with evaluating that line on its own."""
    parties = [{"role": "end_user", "name": "Johor Digital Compute Sdn. Bhd.", "headquarters": hq}] if hq else []
    items = [{**line, "id": f"l{n}"} for n, line in enumerate(lines)]
    together = run({"name": "x", "destination": dest, "parties": parties, "items": items}, day)
    for n, line in enumerate(items):
        alone = run({"name": "x", "destination": dest, "parties": parties, "items": [line]}, day).items[0]
        shared = together.items[n]
        assert (shared.eccn, shared.verdict, shared.license_exception, shared.review_policy) == (
            alone.eccn, alone.verdict, alone.license_exception, alone.review_policy)
        assert [r.to_dict() for r in shared.reasons] == [r.to_dict() for r in alone.reasons]
        assert shared.conditions == alone.conditions


def test_diff_causes_are_words_not_python_values() -> None:
    """Issue 10: a diff cause says what changed in words (the rule's description, what is new, from when) —
    never a raw Python dict — and a compliance date reached is a cause of its own."""
    from stackclear.determine.changes import compare_determinations

    h20 = {"name": "x", "destination": "CN", "items": [
        {"id": "h20", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H20 96GB"}]}
    change = compare_determinations(run(h20, dt.date(2025, 4, 8)), run(h20, dt.date(2025, 4, 9)))
    item = change.items[0]
    assert item.changed and item.causes
    texts = [c.describe() for c in item.causes]
    assert any("H20" in t and "(new, in force from 2025-04-09)" in t for t in texts), texts
    assert not any("{" in t or "'" in t for t in texts), texts
    hbm = {"name": "x", "destination": "CN", "items": [
        {"id": "hbm", "layer": "hardware", "kind": "hbm", "memory_bandwidth_gbs": 819, "package_area_mm2": 110}]}
    change = compare_determinations(run(hbm, dt.date(2024, 12, 30)), run(hbm, dt.date(2024, 12, 31)))
    causes = change.items[0].causes
    assert causes[0].kind == "compliance" and "compliance required from 2024-12-31" in causes[0].describe()
