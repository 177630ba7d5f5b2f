"""The endpoints give what the CLI contracts give (DESIGN.md): screen lines, classify lines, evaluate objects."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from stackclear.model.io import load_package
from stackclear.report.run import evaluate
from stackclear.screening.screen import PartyQuery, Screener
from stackclear.screening.sources import load_list

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "examples" / "lists" / "sample_consolidated.csv"
PACKAGES = REPO / "examples" / "packages"


def test_screen_matches_the_core_screener(api: Any) -> None:
    body = api.post("/v1/screen", "screener", json={"name": "Huawei Technologies", "country": "CN"}).json()
    core = Screener.from_lists([load_list(SAMPLE)]).screen(PartyQuery("api", "Huawei Technologies", None, "CN"))
    assert body["decision"] == "hit" == core.decision
    assert [h["entry_id"] for h in body["hits"]] == [h.entry_id for h in core.hits]
    assert {"entry_id", "source", "name", "matched_name", "score"} <= set(body["hits"][0])
    assert body["lists"][0]["sha256"] == core.lists[0]["sha256"]


def test_screen_clear_and_the_caller_id(api: Any) -> None:
    body = api.post("/v1/screen", "screener", json={"id": "crm-42", "name": "Bavarian Bakery Supplies GmbH",
                                                    "country": "DE", "schema": "Company"}).json()
    assert body["id"] == "crm-42"
    assert body["decision"] == "clear" and body["hits"] == []


def test_screen_fails_closed_without_lists(empty_api: Any) -> None:
    body = empty_api.post("/v1/screen", "screener", json={"name": "Bavarian Bakery Supplies GmbH"}).json()
    assert body["decision"] == "review"
    assert "no restricted-party list" in body["reasons"][0]
    ready = empty_api.client.get("/v1/ready")
    assert ready.status_code == 503 and ready.json()["ready"] is False


def test_batch_keeps_order_and_answers_bad_lines(api: Any) -> None:
    parties = [{"id": "a", "name": "Huawei Technologies"}, {"id": "b", "name": "\u0007bell"},
               {"name": "Bavarian Bakery Supplies GmbH"}]
    results = api.post("/v1/screen/batch", "screener", json={"parties": parties}).json()["results"]
    assert [r["id"] for r in results] == ["a", "b", "3"]
    assert results[0]["decision"] == "hit"
    assert "control character" in results[1]["error"]
    assert results[2]["decision"] == "clear"


def test_batch_over_1000_is_refused(api: Any) -> None:
    response = api.post("/v1/screen/batch", "screener", json={"parties": [{"name": "x"}] * 1001})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "parties"


def test_classify_chip_contract(api: Any) -> None:
    chip = {"id": "h100", "tops": {"fp16": 989.4}, "die_area_mm2": 814, "datacenter": True}
    body = api.post("/v1/classify/chip?as_of=2024-06-01", "viewer", json=chip).json()
    assert body["id"] == "h100" and body["eccn"] == "3A090.a" and body["paragraph"] == "a.1"
    assert body["tpp"] == pytest.approx(15830.4)
    assert body["citations"]
    before = api.post("/v1/classify/chip?as_of=2022-01-01", "viewer", json=chip).json()
    assert before["eccn"] == "not 3A090"
    named = api.post("/v1/classify/chip?as_of=2024-06-01", "viewer", json={"catalog": "h100 sxm"}).json()
    assert named["eccn"] == "3A090.a"


def test_catalog_is_paginated(api: Any) -> None:
    first = api.get("/v1/catalog?limit=5", "viewer")
    total = int(first.headers["x-total-count"])
    assert len(first.json()) == 5 and total > 5
    assert 'rel="next"' in first.headers["link"] and "offset=5" in first.headers["link"]
    last = api.get(f"/v1/catalog?limit=5&offset={total - 2}", "viewer")
    assert len(last.json()) == 2 and "next" not in last.headers.get("link", "")
    assert api.get("/v1/catalog?limit=0", "viewer").status_code == 422


@pytest.mark.parametrize("name", sorted(p.name for p in PACKAGES.glob("*.yaml")))
def test_evaluate_gives_the_cli_determination(api: Any, package_json: Any, name: str) -> None:
    body = package_json(name)
    response = api.post("/v1/evaluate", "screener", json=body)
    if "bom" in body:  # a BOM file on the server is not reachable over the network
        assert response.status_code == 422 and response.json()["error"]["details"] == {"field": "bom"}
        return
    assert response.status_code == 200, response.text
    result = response.json()
    expected = evaluate(load_package(PACKAGES / name), None, lists=[str(SAMPLE)])
    assert result["verdict"] == expected["verdict"]
    assert [(i["id"], i["verdict"], i["eccn"]) for i in result["items"]] == \
           [(i["id"], i["verdict"], i["eccn"]) for i in expected["items"]]
    if "lists" in body:
        assert any("not read over the network" in n for n in result["import_notes"])


def test_evaluate_as_of_overrides_the_package_date(api: Any, package_json: Any) -> None:
    body = package_json("h20_china_internet_2024.yaml")
    late = api.post("/v1/evaluate?as_of=2025-06-01", "screener", json=body).json()
    early = api.post("/v1/evaluate?as_of=2023-01-01", "screener", json=body).json()
    assert late["as_of"] == "2025-06-01" and early["as_of"] == "2023-01-01"
    assert late["verdict"] != early["verdict"]


def test_evaluate_cyclonedx_bom(api: Any) -> None:
    bom_file = next(REPO.glob("examples/**/*.cdx.json"))
    bom = json.loads(bom_file.read_text(encoding="utf-8"))
    response = api.post("/v1/evaluate?format=cyclonedx&destination=IN&end_user=Example%20Bank&as_of=2025-01-01",
                        "screener", json=bom)
    assert response.status_code == 200, response.text
    assert response.json()["items"]
    no_dest = api.post("/v1/evaluate?format=cyclonedx", "screener", json=bom)
    assert no_dest.status_code == 422 and "destination" in no_dest.json()["error"]["message"]
    not_bom = api.post("/v1/evaluate?format=cyclonedx", "screener", json={"name": "x"})
    assert not_bom.status_code == 422


def test_evaluate_refuses_server_file_references(api: Any, package_json: Any) -> None:
    body = package_json("allied_h100_germany.yaml")
    body["bom"] = "/etc/passwd"
    response = api.post("/v1/evaluate", "screener", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["details"] == {"field": "bom"}
    assert "root:" not in response.text


def test_evaluate_bad_package_names_the_field(api: Any) -> None:
    response = api.post("/v1/evaluate", "screener", json={"name": "p", "destination": "DE",
                                                          "items": [{"id": "x", "kind": "chip", "quantity": -1}]})
    assert response.status_code == 422
    assert "items[0]" in response.json()["error"]["message"]


def test_record_stores_the_determination_with_the_caller_as_actor(api: Any, package_json: Any) -> None:
    from stackclear.records import audit

    response = api.post("/v1/evaluate?record=true", "reviewer", json=package_json("allied_h100_germany.yaml"))
    assert response.status_code == 200, response.text
    body = response.json()
    record = [r for r in audit.records(api.db, kind="determination.record")][-1]
    assert record["actor"] == "reviewer-user"
    assert record["payload"]["determination_id"] == body["record_id"]
    assert record["payload"]["result"]["verdict"] == body["verdict"]


def test_diff_names_the_rule_change(api: Any, package_json: Any) -> None:
    body = {"package": package_json("h20_china_internet_2024.yaml"), "from": "2023-11-16", "to": "2025-06-01"}
    result = api.post("/v1/diff", "screener", json=body).json()
    assert result["from"] == "2023-11-16" and result["to"] == "2025-06-01"
    changed = [i for i in result["items"] if i["changed"]]
    assert changed and all(i["causes"] for i in changed)


def test_lists_status_and_snapshots(api: Any) -> None:
    status = api.get("/v1/lists/status", "viewer").json()
    assert status["fresh"] is True
    snaps = api.get("/v1/lists/snapshots", "viewer")
    assert snaps.headers["x-total-count"] == "1"
    assert snaps.json()[0]["counts"]


def test_import_swaps_the_index_at_once(empty_api: Any) -> None:
    api = empty_api
    assert api.post("/v1/screen", "screener", json={"name": "Huawei Technologies"}).json()["decision"] == "review"
    files = {"files": ("sample_consolidated.csv", SAMPLE.read_bytes(), "text/csv")}
    response = api.post("/v1/lists/import", "admin", files=files, data={"as_of": "2026-01-02"})
    assert response.status_code == 200, response.text
    assert response.json()["counts"]
    assert api.post("/v1/screen", "screener", json={"name": "Huawei Technologies"}).json()["decision"] == "hit"
    assert api.client.get("/v1/ready").status_code == 200


def test_bad_import_keeps_the_current_snapshot(api: Any) -> None:
    before = api.get("/v1/lists/status", "viewer").json()
    files = {"files": ("../../evil.csv", b"\x00\x01 not a list", "text/csv")}
    response = api.post("/v1/lists/import", "admin", files=files)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"
    assert api.get("/v1/lists/status", "viewer").json() == before
    assert not (api.home.parent / "evil.csv").exists()
    assert api.post("/v1/screen", "screener", json={"name": "Huawei Technologies"}).json()["decision"] == "hit"


def test_a_list_ageing_past_the_limit_fails_closed(api: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    holder = api.client.app.state.screeners
    assert api.post("/v1/screen", "screener", json={"name": "Huawei Technologies"}).json()["decision"] == "hit"
    later = dt.date.today() + dt.timedelta(days=30)

    class Later(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return later

    monkeypatch.setattr("stackclear.api.state.dt.date", Later)
    holder.check_seconds = 0.0
    body = api.post("/v1/screen", "screener", json={"name": "Huawei Technologies"}).json()
    assert body["decision"] == "review" and "day" in body["reasons"][0]
