"""The console's parties and licenses pages without a browser: roles, CSRF, what an upload rejects (with
its line), ids that need quoting, and that a write is recorded with the signed-in user as the actor."""

from __future__ import annotations

import html
import re
from typing import Any

from tests.api.test_api_security import sign_in

from stackclear.records import audit, licenses, parties


def _alert(page: str) -> str:
    found = re.search(r'role="(?:alert|status)"[^>]*>(.*?)</(?:p|div)>', page, flags=re.S)
    assert found, page[:2000]
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1)))


def test_forms_need_the_csrf_token(api: Any) -> None:
    sign_in(api, "admin")
    for url, data in (("/parties", {"id": "p-1", "name": "Acme"}), ("/parties/rescreen", {}),
                      ("/licenses", {"number": "D1", "eccns": "3A090", "destinations": "SA", "expires": "2028-01-01"})):
        answer = api.client.post(url, data={**data, "csrf_token": "forged"})
        assert answer.status_code == 403 and "CSRF" in answer.text, url
    assert parties.list_parties(api.db) == [] and licenses.list_licenses(api.db) == []


def test_roles(api: Any) -> None:
    sign_in(api, "viewer")
    assert api.client.get("/parties").status_code == 403
    assert api.client.get("/licenses").status_code == 403
    assert api.client.get("/parties/p-1").status_code == 403
    token = sign_in(api, "screener")
    assert api.client.get("/parties").status_code == 200
    assert api.client.post("/parties/rescreen", data={"csrf_token": token}).status_code == 403  # admin
    assert api.client.get("/licenses").status_code == 403  # reviewer+
    token = sign_in(api, "reviewer")
    assert api.client.get("/licenses").status_code == 200
    refused = api.client.post("/licenses", data={"csrf_token": token, "number": "D1", "eccns": "3A090",
                                                 "destinations": "SA", "expires": "2028-01-01"})
    assert refused.status_code == 403 and licenses.list_licenses(api.db) == []


def test_party_form_and_upload(api: Any) -> None:
    token = sign_in(api, "screener")
    saved = api.client.post("/parties", data={"csrf_token": token, "id": "eu/de 7?x", "name": "Sophgo Technologies",
                                              "country": "cn"}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/parties/eu%2Fde%207%3Fx?saved=1"
    page = api.client.get(saved.headers["location"])
    assert page.status_code == 200 and "HIT" in page.text and "Sophgo Technologies Ltd." in page.text
    assert parties.get_party(api.db, "eu/de 7?x")["country"] == "CN"
    assert audit.records(api.db, kind="parties.import")[-1]["actor"] == "screener-user"
    bad = api.client.post("/parties", data={"csrf_token": token, "id": "p-2", "name": "Acme", "country": "ZZ"})
    assert bad.status_code == 422 and "country" in _alert(bad.text)
    assert 'value="p-2"' in bad.text  # what was typed is kept
    upload = (b"id,name,country\nu-1,Acme GmbH,DE\n,No Id,DE\nu-1,Acme again,DE\n"
              b"u-2,Widgets,ZZ\nu-3,Bakery,FR\n")
    done = api.client.post("/parties/import", data={"csrf_token": token},
                           files={"file": ("customers.csv", upload, "text/csv")})
    assert done.status_code == 200
    found = re.search(r'id="imported">(.*?)</div>', done.text, flags=re.S)
    assert found, done.text[:2000]
    text = html.unescape(re.sub(r"<[^>]+>", " ", found.group(1)))
    assert "Imported 2 new" in text
    assert "line 3: id: empty" in text and "line 4: duplicate id 'u-1' (first on line 2)" in text
    assert "line 5: country" in text
    assert {p["id"] for p in parties.list_parties(api.db)} == {"eu/de 7?x", "u-1", "u-3"}
    assert audit.records(api.db, kind="parties.import")[-1]["payload"]["source"] == "console upload customers.csv"
    empty = api.client.post("/parties/import", data={"csrf_token": token},
                            files={"file": ("x.jsonl", b"{not json}\n", "application/jsonl")})
    assert empty.status_code == 422 and "line 1: not valid JSON" in _alert(empty.text)
    listing = api.client.get("/parties", params={"q": "acme"})
    assert "u-1" in listing.text and "u-3" not in listing.text
    assert api.client.get("/parties/no-such-party").status_code == 404


def test_license_form(api: Any) -> None:
    token = sign_in(api, "admin")
    data = {"csrf_token": token, "number": "D 1/2", "eccns": "3A090.a,4A090", "destinations": "sa\nae",
            "parties": "Example Cloud Co.\n\nOther Co.", "quantity": "2,048", "value_usd": "1e6",
            "expires": "2028-06-30"}
    added = api.client.post("/licenses", data=data, follow_redirects=False)
    assert added.status_code == 303 and added.headers["location"] == "/licenses/D%201%2F2?saved=1"
    stored = licenses.list_licenses(api.db)[0]
    assert stored["destinations"] == ["SA", "AE"] and stored["parties"] == ["Example Cloud Co.", "Other Co."]
    assert stored["quantity_limit"] == 2048 and stored["value_limit"] == 1e6
    assert audit.records(api.db, kind="license.add")[-1]["actor"] == "admin-user"
    page = api.client.get(added.headers["location"])
    assert page.status_code == 200 and "2,048 remaining" in page.text
    again = api.client.post("/licenses", data=data)
    assert again.status_code == 422 and "already exists" in _alert(again.text)
    for change, field in (({"quantity": "-1"}, "quantity"), ({"quantity": "many"}, "quantity"),
                          ({"expires": ""}, "expires"), ({"eccns": "not an eccn"}, "eccns")):
        refused = api.client.post("/licenses", data={**data, "number": "D9", **change})
        assert refused.status_code == 422 and field in _alert(refused.text), change
    assert len(licenses.list_licenses(api.db)) == 1
    assert api.client.get("/licenses/D9").status_code == 404
