"""Secure defaults: headers with a CSP without inline script, CORS closed, console cookies and CSRF, and
injection strings stored and shown inert."""

from __future__ import annotations

import re
from typing import Any

import pytest

INJECTIONS = [
    "Robert'); DROP TABLE users;--",
    "<script>alert(1)</script> Trading",
    "<img src=x onerror=alert(1)> Ltd",
    "{{ 7*7 }} {% raw %}Holdings",
    "[bold red]Rich[/bold red] Markup Co",
    "\" onmouseover=\"alert(1)",
]


def sign_in(api: Any, role: str = "admin") -> str:
    """Sign in to the console with ``role``'s key; returns the CSRF token of the session."""
    page = api.client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = api.client.post("/login", data={"csrf_token": token, "key": api.keys[role], "next": "/screen"},
                               follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/screen"
    screen = api.client.get("/screen")
    return re.search(r'name="csrf_token" value="([^"]+)"', screen.text).group(1)


def test_security_headers_everywhere(api: Any) -> None:
    for url in ("/v1/health", "/login", "/openapi.json", "/v1/nope", "/static/console.css"):
        headers = api.client.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_cors_is_closed(api: Any) -> None:
    preflight = api.client.options("/v1/screen", headers={"Origin": "https://evil.example",
                                                          "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    response = api.post("/v1/screen", "screener", json={"name": "Acme"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers


def test_console_needs_a_session_and_the_cookie_is_locked_down(api: Any) -> None:
    response = api.client.get("/package", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/package"
    page = api.client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    signed = api.client.post("/login", data={"csrf_token": token, "key": api.keys["viewer"]}, follow_redirects=False)
    cookie = signed.headers["set-cookie"]
    assert "stackclear_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert api.keys["viewer"] not in cookie


def test_login_with_a_wrong_key_or_without_the_form_token(api: Any) -> None:
    page = api.client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    wrong = api.client.post("/login", data={"csrf_token": token, "key": "sck_wrong"}, follow_redirects=False)
    assert wrong.status_code == 401 and "Sign-in failed" in wrong.text
    forged = api.client.post("/login", data={"csrf_token": "forged", "key": api.keys["admin"]},
                             follow_redirects=False)
    assert forged.status_code == 403


def test_password_sign_in(api: Any) -> None:
    page = api.client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    ok = api.client.post("/login", data={"csrf_token": token, "user": "reviewer-user",
                                         "password": "reviewer-password"}, follow_redirects=False)
    assert ok.status_code == 303
    assert "reviewer-user" in api.client.get("/screen").text


def test_form_posts_need_the_csrf_token(api: Any) -> None:
    token = sign_in(api)
    assert api.client.post("/screen", data={"name": "Huawei"}).status_code == 403
    assert api.client.post("/screen", data={"name": "Huawei", "csrf_token": token + "x"}).status_code == 403
    assert api.client.post("/screen", data={"name": "Huawei", "csrf_token": token}).status_code == 200


def test_console_role_is_enforced(api: Any) -> None:
    token = sign_in(api, "viewer")
    response = api.client.post("/screen", data={"name": "Huawei", "csrf_token": token})
    assert response.status_code == 403 and "screener" in response.text
    assert "Import list files" not in api.client.get("/lists").text
    files = {"files": ("a.csv", b"x", "text/csv")}
    assert api.client.post("/lists/import", data={"csrf_token": token}, files=files).status_code == 403


def test_revoked_key_ends_the_console_session(api: Any) -> None:
    sign_in(api, "screener")
    assert api.client.get("/screen", follow_redirects=False).status_code == 200
    api.revoke("screener")
    assert api.client.get("/screen", follow_redirects=False).status_code == 303


def test_tampered_session_cookie_is_refused(api: Any) -> None:
    sign_in(api, "viewer")
    cookie = api.client.cookies["stackclear_session"]
    body, signature = cookie.split(".")
    import base64
    import json

    data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    data["u"] = "admin-user"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=") + "." + signature
    api.client.cookies.set("stackclear_session", forged)
    assert api.client.get("/screen", follow_redirects=False).status_code == 303


def test_next_cannot_redirect_off_site(api: Any) -> None:
    page = api.client.get("/login?next=//evil.example/x")
    assert 'value="/"' in page.text and "evil.example" not in page.text


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_strings_are_inert_in_the_api_and_the_console(api: Any, text: str) -> None:
    body = api.post("/v1/screen", "screener", json={"id": text, "name": text}).json()
    assert body["id"] == text  # stored and returned as data, unchanged
    token = sign_in(api)
    page = api.client.post("/screen", data={"name": text, "csrf_token": token}).text
    assert "<script>alert" not in page and "<img src=x" not in page and 'onmouseover="alert' not in page
    if "{{ 7*7 }}" in text:
        assert "{{ 7*7 }}" in page and " 49 " not in page
    if "[bold red]" in text:
        assert "[bold red]Rich[/bold red]" in page
    package = (f"name: {text!r}\ndestination: DE\nitems:\n  - {{id: x, layer: hardware, kind: chip, "
               f"catalog: NVIDIA H100 SXM5 80GB, quantity: 1}}\nparties:\n  - {{role: end_user, name: {text!r}}}\n")
    page = api.client.post("/package", data={"text": package, "csrf_token": token, "as_of": "2025-01-01"}).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert 'id="verdict"' in page


def test_console_evaluates_a_bare_cyclonedx_bom(api: Any) -> None:
    from pathlib import Path

    token = sign_in(api)
    bom = (Path(__file__).resolve().parents[2] / "examples/boms/sovereign_cluster.cdx.json").read_text()
    page = api.client.post("/package", data={"text": bom, "csrf_token": token, "destination": "in",
                                             "end_user": "Example Bank", "as_of": "2025-01-01"}).text
    assert 'id="verdict"' in page
    missing = api.client.post("/package", data={"text": bom, "csrf_token": token})
    assert missing.status_code == 422 and "destination" in missing.text
