"""Unit tests of the engine's small pieces: policy text parsing, scopes, verdict combination, JSON shape."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from scenario_support import fixture_screener

from stackclear.determine import determine, review_policy_from_text
from stackclear.determine.acc import ItemAcc, combine
from stackclear.determine.context import Context
from stackclear.model.determination import ReviewPolicy, Verdict
from stackclear.model.package import Package
from stackclear.rules.loader import default_rules
from stackclear.rules.schema import Scope


def test_entity_list_policy_text_takes_the_strictest_policy_named() -> None:
    assert review_policy_from_text("Presumption of denial.") is ReviewPolicy.presumption_of_denial
    assert review_policy_from_text("Policy of denial. See §§ 746.8(b)") is ReviewPolicy.presumption_of_denial
    mixed = "Case-by-case review for food and medicine; presumption of denial for all other items."
    assert review_policy_from_text(mixed) is ReviewPolicy.presumption_of_denial
    assert review_policy_from_text("Case-by-case for all items") is ReviewPolicy.case_by_case
    assert review_policy_from_text("Presumption of approval for EAR99") is ReviewPolicy.presumption_of_approval
    assert review_policy_from_text("") is None


def _ctx(day: str) -> Context:
    return Context(default_rules(), dt.date.fromisoformat(day), {}, "CN", "US")


def test_scope_vocabulary() -> None:
    ctx = _ctx("2024-06-01")
    scope = Scope(groups=("D1", "D4", "D5"), countries=("MO",), minus_groups=("A5", "A6"))
    assert ctx.in_scope(scope, "CN").inside
    assert ctx.in_scope(scope, "MO").inside
    assert not ctx.in_scope(scope, "IL").inside  # D:4 but A:6
    assert not ctx.in_scope(scope, "MY").inside
    assert ctx.in_scope(Scope(worldwide=True), "MY").inside
    assert not ctx.in_scope(Scope(groups=("E1",), except_countries=("SY",)), "SY").inside


def test_group_membership_is_dated() -> None:
    assert "D:5" in _ctx("2026-02-02").groups_of("KH")
    assert "D:5" not in _ctx("2026-02-03").groups_of("KH")
    assert "A:5" not in _ctx("2026-07-09").groups_of("AE")
    assert "A:5" in _ctx("2026-07-10").groups_of("AE")
    assert "D:1" not in _ctx("2024-03-14").groups_of("NI")
    assert "D:1" in _ctx("2024-03-15").groups_of("NI")


def test_combination_precedence() -> None:
    acc = ItemAcc()
    assert combine(acc)[0] is Verdict.NO_LICENSE_REQUIRED
    acc.require("a", ReviewPolicy.case_by_case, "ACA")
    assert combine(acc)[:2] == (Verdict.LICENSE_EXCEPTION, "ACA")
    acc.require("b", ReviewPolicy.presumption_of_denial, "NAC")
    assert combine(acc)[:2] == (Verdict.LICENSE_EXCEPTION, "NAC")
    acc.exceptions_barred = True
    assert combine(acc) == (Verdict.LICENSE_REQUIRED, None, ReviewPolicy.presumption_of_denial)
    acc.hold = True
    assert combine(acc)[0] is Verdict.HOLD
    acc.prohibited = True
    assert combine(acc)[0] is Verdict.PROHIBITED


def test_json_contract_keys_and_reason_provenance() -> None:
    package = Package.model_validate({
        "name": "contract", "destination": "CN",
        "parties": [{"role": "end_user", "name": "Jiangnan Cloud Computing Co., Ltd.", "country": "CN"}],
        "items": [{"id": "gpu", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H100 SXM5 80GB"}]})
    det = determine(package, dt.date(2024, 6, 1), screener=fixture_screener())
    out = json.loads(det.to_json())
    for key in ("verdict", "items", "parties", "rule_set", "lists", "as_of", "destination", "caveats", "matcher",
                "rules_read"):
        assert key in out
    item = out["items"][0]
    assert {"id", "eccn", "verdict", "reasons"} <= set(item)
    assert item["review_policy"] == "presumption_of_denial"
    read = {(r["rule"], r["citation"]) for r in out["rules_read"]}
    for reason in item["reasons"]:
        if reason["rule"]:
            assert (reason["rule"], reason["citation"]) in read, reason
    assert out["parties"][0]["hits"] == []


def test_no_screener_means_hold() -> None:
    package = Package.model_validate({"name": "x", "destination": "DE",
                                      "parties": [{"role": "end_user", "name": "Berlin AI Labs GmbH"}],
                                      "items": [{"id": "a", "layer": "applications", "kind": "application"}]})
    det = determine(package, dt.date(2024, 6, 1), screener=None)
    assert det.verdict is Verdict.HOLD
    assert det.parties[0].decision == "unavailable"


def test_package_policy_and_call_policy_are_reported() -> None:
    package = Package.model_validate({
        "name": "x", "destination": "IN", "policy": {"diffusion.enforced": True},
        "items": [{"id": "g", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H100 SXM5 80GB",
                   "quantity": 5000}]})
    det = determine(package, dt.date(2025, 8, 1), screener=fixture_screener())
    assert det.policy == {"diffusion.enforced": True}
    assert det.items[0].verdict is Verdict.LICENSE_REQUIRED
    det2 = determine(package, dt.date(2025, 8, 1), screener=fixture_screener(), policy={"diffusion.enforced": False})
    assert det2.items[0].verdict is Verdict.NO_LICENSE_REQUIRED


def test_every_party_reason_cites_a_rule_value_that_was_read() -> None:
    raw = {"name": "x", "destination": "MY", "parties": [
        {"role": "end_user", "name": "Johor Digital Compute Sdn. Bhd.", "country": "MY",
         "owners": [{"name": "Example Parent Group Co., Ltd.", "country": "CN", "share": 0.6},
                    {"name": "Baltic Example Holding JSC", "country": "RU", "share": 0.1}]},
        {"role": "consignee", "name": "Example Telecom Technologies Co., Ltd."}],
        "items": [{"id": "a", "layer": "applications", "kind": "application"}]}
    for day in ("2025-09-28", "2025-10-01", "2026-01-01", "2026-12-01"):
        out = json.loads(determine(Package.model_validate(raw), dt.date.fromisoformat(day),
                                   screener=fixture_screener()).to_json())
        read = {(r["rule"], r["citation"]) for r in out["rules_read"]}
        for party in out["parties"]:
            for reason in party["reasons"]:
                if reason["rule"]:
                    assert (reason["rule"], reason["citation"]) in read, (day, reason)


def test_temporary_export_line_can_use_tmp() -> None:
    """``temporary: true`` with its reason, a field of the package model, reaches TMP (§ 740.9(a)(6))."""
    package = Package.model_validate({
        "name": "x", "destination": "CN",
        "items": [{"id": "demo", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H100 SXM5 80GB",
                   "temporary": True, "temporary_reason": "demonstration units for our own engineers, returned"},
                  {"id": "kept", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H100 SXM5 80GB"}]})
    det = determine(package, dt.date(2024, 6, 1), screener=fixture_screener())
    by_id = {i.id: i for i in det.items}
    assert by_id["demo"].verdict is Verdict.LICENSE_EXCEPTION and by_id["demo"].license_exception == "TMP"
    assert any("demonstration units" in r.text for r in by_id["demo"].reasons)
    assert by_id["kept"].verdict is Verdict.LICENSE_REQUIRED


def test_temporary_needs_its_reason() -> None:
    with pytest.raises(ValueError, match="temporary_reason"):
        Package.model_validate({"name": "x", "destination": "CN", "items": [
            {"id": "demo", "layer": "hardware", "kind": "chip", "catalog": "NVIDIA H100 SXM5 80GB",
             "temporary": True}]})


def test_contains_accepts_kind() -> None:
    """DESIGN.md: an entry of ``contains`` may repeat ``kind: chip`` (or ``kind: hbm``); chip is the default."""
    package = Package.model_validate({"name": "x", "destination": "IN", "items": [
        {"id": "srv", "layer": "hardware", "kind": "computer", "contains": [
            {"kind": "chip", "catalog": "NVIDIA H100 SXM5 80GB", "quantity": 8},
            {"kind": "hbm", "memory_bandwidth_gbs": 819, "package_area_mm2": 110, "quantity": 40}]}]})
    det = determine(package, dt.date(2024, 6, 1), screener=fixture_screener())
    assert det.items[0].eccn == "4A090.a"
    assert any("HBM inside the computer" in c for c in det.caveats)
    with pytest.raises(ValueError, match="memory_bandwidth_gbs"):
        Package.model_validate({"name": "x", "destination": "IN", "items": [
            {"id": "srv", "layer": "hardware", "kind": "computer", "contains": [{"kind": "hbm"}]}]})


def test_json_is_identical_across_hash_seeds() -> None:
    import subprocess
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parent
    code = (f"import datetime as d,sys;sys.path[:0]=[{str(here)!r},{str(here.parent)!r}];"
            "from scenario_support import fixture_screener as f;from stackclear.determine import determine;"
            "from stackclear.model.package import Package as P;"
            "p=P.model_validate({'name':'x','destination':'MY','parties':[{'role':'end_user','name':'A Sdn Bhd',"
            "'headquarters':'CN','owners':[{'name':'Example Parent Group Co., Ltd.','share':0.3},"
            "{'name':'B Ltd','share':0.3}]},{'role':'consignee','name':'Example Telecom Technologies Co., Ltd.'}],"
            "'end_uses':['military','supercomputer'],'items':[{'id':'g','layer':'hardware','kind':'chip',"
            "'catalog':'NVIDIA H20 96GB'},{'id':'a','layer':'applications','kind':'application'}]});"
            "print(determine(p,d.date(2025,10,1),screener=f()).to_json())")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("1", "2")}
    assert len(outs) == 1


def _fake_result(*hits: tuple[str, float]) -> object:
    """A screening result shaped like the screening package's (used only to pin the combination logic)."""
    from types import SimpleNamespace

    made = [SimpleNamespace(entry_id=f"{code}-{i}", source=code, source_code=code, name=f"N{i}", matched_name=f"N{i}",
                            score=score, license_requirement=None, license_policy="Presumption of denial.")
            for i, (code, score) in enumerate(hits)]
    return SimpleNamespace(hits=made, decision="hit", threshold=0.8, reasons=[], lists=[], matcher="fake")


class _FakeScreener:
    def __init__(self, result: object) -> None:
        self.result = result

    def screen(self, query: object) -> object:
        return self.result


def _verdict_with(*hits: tuple[str, float]) -> Verdict:
    package = Package.model_validate({"name": "x", "destination": "DE", "parties": [{"role": "end_user", "name": "P"}],
                                      "items": [{"id": "a", "layer": "applications", "kind": "application"}]})
    return determine(package, dt.date(2024, 6, 1), screener=_FakeScreener(_fake_result(*hits))).verdict  # type: ignore[arg-type]


def test_weaker_matches_beside_a_confirmed_one_hold_only_when_they_could_be_stricter() -> None:
    assert _verdict_with(("CMIC", 1.0), ("EL", 0.75)) is Verdict.HOLD  # never cleared by a CMIC match
    assert _verdict_with(("EL", 1.0), ("EL", 0.75)) is Verdict.LICENSE_REQUIRED
    assert _verdict_with(("EL", 1.0), ("DPL", 0.75)) is Verdict.HOLD
    assert _verdict_with(("DPL", 0.9), ("EL", 0.75)) is Verdict.PROHIBITED
    assert _verdict_with(("XYZ", 0.9)) is Verdict.HOLD  # a list without an encoded consequence fails closed


def test_shared_rule_stage_is_keyed_on_every_figure_the_rules_read() -> None:
    """Two computers with the same chip but a different count per computer: the 2026 band reads the count (its
    per-IC caveat), so the two lines must not share one rule-stage result (the key once left the count out)."""
    package = Package.model_validate({"name": "x", "destination": "CN", "items": [
        {"id": "one", "layer": "hardware", "kind": "computer",
         "contains": [{"catalog": "NVIDIA H200 SXM 141GB", "quantity": 1}]},
        {"id": "eight", "layer": "hardware", "kind": "computer",
         "contains": [{"catalog": "NVIDIA H200 SXM 141GB", "quantity": 8}]}]})
    det = determine(package, dt.date(2026, 2, 1), screener=fixture_screener())
    by_id = {i.id: i for i in det.items}
    assert not any("applied per IC" in c for c in by_id["one"].caveats)
    assert any("applied per IC" in c for c in by_id["eight"].caveats)
