"""Roles per endpoint: 401 without a valid key, 403 below the declared role, and the role's own key passes."""

from __future__ import annotations

from typing import Any

import pytest

ROLES = ("viewer", "screener", "reviewer", "admin")
CHIP = {"id": "h100", "tops": {"fp16": 989.4}, "die_area_mm2": 814, "datacenter": True}
PACKAGE = {"name": "p", "destination": "DE", "items": [{"id": "x", "layer": "hardware", "kind": "chip",
                                                        "catalog": "NVIDIA H100 SXM5 80GB", "quantity": 1}]}

#: (method, path, lowest role, JSON body) for every protected endpoint that needs no records database.
ENDPOINTS: list[tuple[str, str, str, Any]] = [
    ("GET", "/v1/me", "viewer", None),
    ("GET", "/v1/lists/status", "viewer", None),
    ("GET", "/v1/lists/snapshots", "viewer", None),
    ("GET", "/v1/catalog?limit=2", "viewer", None),
    ("POST", "/v1/classify/chip", "viewer", CHIP),
    ("POST", "/v1/screen", "screener", {"name": "Acme"}),
    ("POST", "/v1/screen/batch", "screener", {"parties": [{"name": "Acme"}]}),
    ("POST", "/v1/evaluate", "screener", PACKAGE),
    ("POST", "/v1/diff", "screener", {"package": PACKAGE, "from": "2023-01-01", "to": "2024-01-01"}),
]


def call(api: Any, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return api.client.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize(("method", "path", "lowest", "body"), ENDPOINTS)
def test_each_endpoint_declares_its_role(api: Any, method: str, path: str, lowest: str, body: Any) -> None:
    missing = call(api, method, path, body, {})
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "unauthorized"
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = call(api, method, path, body, {"Authorization": "Bearer sck_not-a-real-key"})
    assert wrong.status_code == 401
    basic = call(api, method, path, body, {"Authorization": "Basic YWRtaW46YWRtaW4="})
    assert basic.status_code == 401
    for role in ROLES:
        response = call(api, method, path, body, api.headers(role))
        if ROLES.index(role) < ROLES.index(lowest):
            assert response.status_code == 403, (role, response.text)
            assert response.json()["error"]["details"] == {"required": lowest, "role": role}
        else:
            assert response.status_code == 200, (role, response.text)


def test_admin_only_list_import(api: Any) -> None:
    files = {"files": ("sample.csv", b"not,a,list\n", "text/csv")}
    for role in ("viewer", "screener", "reviewer"):
        assert api.post("/v1/lists/import", role, files=files).status_code == 403
    assert api.client.post("/v1/lists/import", files=files).status_code == 401


def test_record_needs_reviewer(api: Any) -> None:
    response = api.post("/v1/evaluate?record=true", "screener", json=PACKAGE)
    assert response.status_code == 403
    assert response.json()["error"]["details"]["required"] == "reviewer"


def test_public_endpoints_need_no_key(api: Any) -> None:
    assert api.client.get("/v1/health").json()["status"] == "ok"
    assert api.client.get("/v1/ready").status_code == 200
    assert api.client.get("/openapi.json").status_code == 200


def test_revoked_key_is_refused_at_once(api: Any) -> None:
    assert api.post("/v1/screen", "screener", json={"name": "Acme"}).status_code == 200
    api.revoke("screener")
    response = api.post("/v1/screen", "screener", json={"name": "Acme"})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "invalid or revoked API key"


def test_me_is_the_authenticated_principal(api: Any) -> None:
    me = api.get("/v1/me", "reviewer").json()
    assert me == {"name": "reviewer-user", "role": "reviewer", "key_id": api.key_ids["reviewer"], "via": "key"}
