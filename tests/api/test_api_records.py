"""Parties, cases, audit and licenses over HTTP, on the real records database (SQLite in a temp home)."""

from __future__ import annotations

import json
from typing import Any

from stackclear.records import audit


def open_case(api: Any) -> dict[str, Any]:
    parties = [{"id": "crm-1", "name": "Huawei Technologies Co Ltd", "country": "CN"},
               {"id": "crm-2", "name": "Bavarian Bakery Supplies GmbH", "country": "DE"}]
    imported = api.post("/v1/parties", "screener", json={"parties": parties}).json()
    assert imported["imported"] == 2 and imported["rejected"] == []
    run = api.post("/v1/rescreen", "admin").json()
    assert run["opened"], run
    cases = api.get("/v1/cases", "reviewer").json()
    assert cases and all(c["party_id"] == "crm-1" for c in cases)
    return dict(cases[0])


def test_parties_are_stored_with_rejects_and_paginated(api: Any) -> None:
    body = {"parties": [{"id": "a", "name": "Acme"}, {"id": "b", "name": "   "}, {"id": "c", "name": "Cee"}]}
    result = api.post("/v1/parties", "screener", json=body).json()
    assert result["imported"] == 2 and result["rejected"][0]["line"] == 2
    page = api.get("/v1/parties?limit=1", "screener")
    assert page.headers["x-total-count"] == "2" and len(page.json()) == 1
    assert api.get("/v1/parties/a", "screener").json()["name"] == "Acme"
    missing = api.get("/v1/parties/zzz", "screener")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert api.get("/v1/parties", "viewer").status_code == 403


def test_decide_a_case_the_actor_is_the_caller(api: Any) -> None:
    case = open_case(api)
    assert {"id", "party_id", "party_name", "entry_id", "entry_hash", "list", "score", "status"} <= set(case)
    detail = api.get(f"/v1/cases/{case['id']}", "reviewer").json()
    decided = api.post(f"/v1/cases/{case['id']}/decision", "reviewer",
                       json={"decision": "false_positive", "reason": "different company", "version": detail["version"]})
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "closed" and decided.json()["decided_by"] == "reviewer-user"
    record = audit.records(api.db, kind="case.decide")[-1]
    assert record["actor"] == "reviewer-user" and record["payload"]["case_id"] == case["id"]
    stale = api.post(f"/v1/cases/{case['id']}/decision", "admin",
                     json={"decision": "true_match", "reason": "second look", "version": detail["version"]})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    closed = api.get("/v1/cases?status=closed", "reviewer").json()
    assert [c["id"] for c in closed] == [case["id"]]


def test_decision_needs_a_reason_and_a_known_case(api: Any) -> None:
    case = open_case(api)
    empty = api.post(f"/v1/cases/{case['id']}/decision", "reviewer", json={"decision": "escalate", "reason": ""})
    assert empty.status_code == 422
    blank = api.post(f"/v1/cases/{case['id']}/decision", "reviewer", json={"decision": "escalate", "reason": "  "})
    assert blank.status_code == 422 and "reason" in blank.json()["error"]["message"]
    wrong = api.post(f"/v1/cases/{case['id']}/decision", "reviewer", json={"decision": "maybe", "reason": "x"})
    assert wrong.status_code == 422
    assert api.post("/v1/cases/999999/decision", "reviewer",
                    json={"decision": "escalate", "reason": "x"}).status_code == 404
    assert api.get("/v1/cases", "screener").status_code == 403


def test_audit_verify_search_and_export(api: Any) -> None:
    open_case(api)
    verdict = api.get("/v1/audit/verify", "admin").json()
    assert verdict["ok"] is True and verdict["records"] >= 2
    assert api.get("/v1/audit/verify", "reviewer").status_code == 403
    found = api.get("/v1/audit?kind=rescreen", "admin").json()
    assert found and all(r["kind"] == "rescreen" for r in found) and found[0]["actor"] == "admin-user"
    by_text = api.get("/v1/audit?q=crm-1", "admin").json()
    assert by_text and all("crm-1" in json.dumps(r["payload"]) for r in by_text)
    export = api.get("/v1/audit/export", "admin")
    assert export.headers["content-type"].startswith("application/x-ndjson")
    lines = export.text.splitlines()
    manifest = json.loads(export.headers["x-audit-manifest"])
    assert manifest["records"] == len(lines) == verdict["records"]


def test_list_import_over_http_is_in_the_chain(api: Any) -> None:
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "examples/lists/sample_consolidated.csv"
    files = {"files": ("consolidated.csv", sample.read_bytes().replace(b"demo-el-001", b"demo-el-901"), "text/csv")}
    snap = api.post("/v1/lists/import", "admin", files=files).json()
    records = audit.records(api.db, kind="lists.import")
    assert records[-1]["payload"]["id"] == snap["id"] and records[-1]["actor"] == "admin-user"


def test_licenses_add_and_list(api: Any) -> None:
    lic = {"number": "D123", "eccns": ["3A090.a"], "destinations": ["SA"], "parties": ["Example Cloud Co."],
           "quantity": 100, "value_usd": 1000000, "expires": "2030-01-01"}
    added = api.post("/v1/licenses", "admin", json={"licenses": [lic]})
    assert added.status_code == 200, added.text
    assert api.post("/v1/licenses", "reviewer", json={"licenses": [lic]}).status_code == 403
    listed = api.get("/v1/licenses", "reviewer").json()
    assert [x["number"] for x in listed] == ["D123"]
    again = api.post("/v1/licenses", "admin", json={"licenses": [lic]})
    assert again.status_code in (409, 422) and "D123" in again.json()["error"]["message"]
