"""Readiness for the American AI Exports Program: each missing part, role, screening problem, undeclared ECCN,
blocked target and missing security measure is a blocker with its citation; the complete example is ready."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from stack_support import COMPLETE, INCOMPLETE, sample_screener

from stackclear.errors import PackageError
from stackclear.model.io import load_package
from stackclear.model.package import Package
from stackclear.screening.screen import Screener
from stackclear.stack.readiness import check_readiness

DAY = dt.date(2026, 8, 1)


def base() -> dict[str, Any]:
    """The complete example as a mapping (lists: dropped; tests pass the screener)."""
    data = yaml.safe_load(COMPLETE.read_text(encoding="utf-8"))
    data.pop("lists")
    data["date"] = str(data["date"])
    data["us_content"]["as_of"] = str(data["us_content"]["as_of"])
    return data


def check(data: dict[str, Any], screener: Any = None, **kwargs: Any) -> dict[str, Any]:
    result = check_readiness(Package.model_validate(data), DAY,
                             screener=sample_screener() if screener is None else screener, **kwargs)
    return result.to_dict()


def codes(out: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {b["code"]: b for b in out["blockers"]}


def test_the_complete_example_is_ready() -> None:
    loaded = load_package(COMPLETE)
    from stackclear.report.run import screener_for

    out = check_readiness(loaded.package, DAY, screener=screener_for(loaded.package.lists)).to_dict()
    assert out["ready"] is True and out["blockers"] == []
    assert all(out["layers"][k] for k in "ABCDE")
    assert out["targets"] == ["AE", "BH", "KW", "OM", "QA", "SA"]
    # licenses still needed for the D:4 members are to-dos, each cited
    todo = [t for t in out["todo"] if t["code"] == "target.license"]
    assert {t["message"][:2] for t in todo} == {"BH", "KW", "OM", "QA", "SA"} and all(t["citation"] for t in todo)


@pytest.mark.parametrize("layer", list("ABCDE"))
def test_each_missing_layer_is_a_blocker(layer: str) -> None:
    data = base()
    data["items"] = [i for i in data["items"]
                     if (i.get("program_layer") or {"hardware": "A", "datacenter": "A", "networking": "A",
                                                    "data": "B", "models": "C", "security": "D",
                                                    "applications": "E", "software": None}[i["layer"]]) != layer]
    out = check(data)
    found = codes(out)
    assert out["ready"] is False and f"layer.missing.{layer}" in found
    assert found[f"layer.missing.{layer}"]["citation"] == f"EO 14320 § 3(b)(i)({layer})"
    assert out["layers"][layer] == []


def test_program_layer_overrides_the_derived_one() -> None:
    data = base()
    data["items"] = [i for i in data["items"] if i["layer"] != "data"]
    assert "layer.missing.B" in codes(check(data))
    storage = next(i for i in data["items"] if i["id"] == "storage")
    storage["program_layer"] = "B"
    out = check(data)
    assert "layer.missing.B" not in codes(out) and out["layers"]["B"] == ["storage"]


@pytest.mark.parametrize("role", ["builder", "owner", "operator"])
def test_each_missing_role_is_a_blocker(role: str) -> None:
    data = base()
    data["parties"] = [p for p in data["parties"] if p["role"] != role]
    found = codes(check(data))
    assert f"role.missing.{role}" in found and "3(b)(iii)" in found[f"role.missing.{role}"]["citation"]


def test_missing_us_content_is_a_blocker_unless_every_hardware_line_has_one() -> None:
    data = base()
    data.pop("us_content")
    found = codes(check(data))
    assert "us_content.missing" in found and "3(b)(i)(A)" in found["us_content.missing"]["citation"]
    for item in data["items"]:
        if item["layer"] in {"hardware", "datacenter", "networking"}:
            item["us_content"] = {"share": 0.5, "basis": "vendor certificate"}
    assert "us_content.missing" not in codes(check(data))


def test_unscreened_parties_are_blockers() -> None:
    out = check(base(), screener=Screener.unavailable("no lists imported"))
    found = [b for b in out["blockers"] if b["code"] == "party.unscreened"]
    assert len(found) >= 5 and all(b["citation"] for b in found)
    assert any(b["code"] == "target.hold" for b in out["blockers"])  # the matrix rows are HOLD too


def test_a_party_hit_is_a_blocker_with_the_lists_citation() -> None:
    data = base()
    data["parties"].append({"role": "intermediate_consignee", "name": "Inspur Group Co., Ltd.", "country": "CN"})
    found = codes(check(data))
    assert "party.hit" in found and "Inspur" in found["party.hit"]["message"]
    assert "744" in found["party.hit"]["citation"]


def test_an_owner_on_a_list_is_screened_too() -> None:
    data = base()
    owner = next(p for p in data["parties"] if p["role"] == "owner")
    owner["owners"] = [{"name": "Huawei Technologies Co., Ltd.", "country": "CN", "share": 0.2}]
    found = codes(check(data))
    assert "party.hit" in found and "owner" in found["party.hit"]["message"]


def test_an_unresolved_possible_match_is_a_blocker() -> None:
    data = base()
    data["parties"].append({"role": "purchaser", "name": "Sophgo Tech Partners", "country": "AE"})
    out = check(data)
    found = codes(out)
    assert "party.unresolved" in found and "Sophgo" in found["party.unresolved"]["message"]
    assert found["party.unresolved"]["citation"] and not out["ready"]


def test_an_undeclared_eccn_is_a_blocker() -> None:
    data = base()
    del next(i for i in data["items"] if i["id"] == "labeling")["eccn"]
    found = codes(check(data))
    assert "eccn.undeclared" in found and "labeling" in found["eccn.undeclared"]["message"]
    assert "15 CFR 734.3" in found["eccn.undeclared"]["citation"]


def test_a_blocked_target_is_a_blocker_with_the_rule_that_blocks_it() -> None:
    data = base()
    data["targets"] = ["GCC", "IR"]
    found = codes(check(data))
    assert "target.prohibited" in found and found["target.prohibited"]["message"].startswith("IR: PROHIBITED")
    assert "746" in found["target.prohibited"]["citation"]


def test_no_targets_is_a_blocker_and_a_bad_target_is_an_input_error() -> None:
    data = base()
    data["targets"] = []
    assert "targets.missing" in codes(check(data))
    data["targets"] = ["GCC", "Atlantis"]
    with pytest.raises(PackageError, match=r"targets\[1\]"):
        check(data)


def test_the_china_band_conditions_are_checked_against_the_security_part() -> None:
    data = base()
    data["targets"] = ["CN"]
    security = next(i for i in data["items"] if i["id"] == "security-suite")
    assert "security.china_band.kyc" not in codes(check(data))
    security["measures"] = ["physical_security"]
    found = codes(check(data))
    for measure in ("kyc", "remote_access_security", "us_third_party_testing"):
        assert f"security.china_band.{measure}" in found
        assert "91 FR 1684" in found[f"security.china_band.{measure}"]["citation"]
    before = codes(check_readiness(Package.model_validate(data), dt.date(2025, 12, 1),
                                   screener=sample_screener()).to_dict())
    assert not any(c.startswith("security.china_band") for c in before)  # the band starts 2026-01-15


def test_diffusion_security_is_a_todo_while_the_switch_is_off_and_a_blocker_when_on() -> None:
    data = base()
    security = next(i for i in data["items"] if i["id"] == "security-suite")
    security["measures"] = ["kyc"]
    off = check(data)
    assert any(t["code"] == "security.diffusion.dormant" for t in off["todo"])
    assert not any(b["code"].startswith("security.diffusion") for b in off["blockers"])
    on = codes(check(data, policy={"diffusion.enforced": True}))
    assert "security.diffusion.physical_security" in on and "748" in on["security.diffusion.physical_security"][
        "citation"]


def test_the_incomplete_example_is_sent_back_with_its_blockers() -> None:
    loaded = load_package(INCOMPLETE)
    from stackclear.report.run import screener_for

    out = check_readiness(loaded.package, DAY, screener=screener_for(loaded.package.lists)).to_dict()
    assert out["ready"] is False
    found = codes(out)
    assert {"layer.missing.B", "layer.missing.D", "us_content.missing", "role.missing.operator", "party.hit",
            "eccn.undeclared", "target.prohibited"} <= set(found)
    assert all(b.get("citation") for b in out["blockers"])


def test_a_list_with_no_export_consequence_is_a_todo_not_a_blocker(tmp_path: Any) -> None:
    """A CMIC-only match restricts securities investment, not exports: reported as a to-do (the program also
    asks for outbound-investment compliance), while the package stays ready."""
    from stackclear.screening.sources import load_list

    sample = COMPLETE.parents[1] / "lists" / "sample_consolidated.csv"
    lines = sample.read_text(encoding="utf-8").splitlines()
    cmic = next(x for x in lines if x.startswith("demo-cmic-001"))
    only = tmp_path / "cmic.csv"
    only.write_text("\n".join([lines[0], cmic]) + "\n", encoding="utf-8")
    data = base()
    data["parties"].append({"role": "purchaser", "name": "Huawei Technologies Co., Ltd.", "country": "CN"})
    out = check(data, screener=Screener.from_lists([load_list(str(only))]))
    assert out["ready"] is True
    listed = [t for t in out["todo"] if t["code"] == "party.listed"]
    assert listed and "CMIC" in listed[0]["message"] and listed[0]["citation"]



def test_program_roles_are_parties_like_the_others() -> None:
    """An operator headquartered in China brings the headquartered rule (§ 742.6(a)(6)(iii)) to the UAE
    line, which otherwise ships without a license since the UAE joined A:5."""
    data = base()
    operator = next(p for p in data["parties"] if p["role"] == "operator")
    operator.update({"name": "Pearl River Cloud Operations Ltd.", "country": "AE", "headquarters": "CN"})
    out = check_readiness(Package.model_validate(data), DAY, screener=sample_screener()).to_dict()
    ae = next(r for r in out["matrix"]["rows"] if r["destination"] == "AE")
    nodes = next(i for i in ae["items"] if i["id"] == "hgx-nodes")
    assert nodes["verdict"] in {"LICENSE_REQUIRED", "LICENSE_EXCEPTION"}
    assert nodes["reason"]["rule"] in {"license.scope.headquartered", "license.exceptions.nac"}
    assert any(t["message"].startswith("AE:") for t in out["todo"] if t["code"].startswith("target."))
