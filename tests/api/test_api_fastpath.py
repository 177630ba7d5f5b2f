"""``POST /v1/screen`` is answered in front of FastAPI's routing (the hot path, stackclear.api.fastpath): it
must answer exactly what the documented route answers through the framework — same status, headers and
body — for results and for every error, and it must really be the path taken."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the api extra is not installed")

from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from tests.api.conftest import make_api  # noqa: E402

from stackclear.api.app import StackclearAPI  # noqa: E402
from stackclear.api.middleware import DEFAULT_MAX_BODY  # noqa: E402

# (role, body or raw bytes, extra headers); role None: no Authorization header, "bogus": an unknown key
CASES: list[tuple[str | None, Any, dict[str, str]]] = [
    ("screener", {"name": "Huawei Technologies", "country": "CN"}, {}),
    ("admin", {"name": "Bavarian Bakery Supplies GmbH"}, {}),
    ("screener", {"id": "x-1", "name": "PUTIN, Vladimir", "schema": "Person", "address": "Moscow"}, {}),
    ("screener", {"name": "Ελληνικά 漢字 «quotes» \"and\" \\ <b>{{ 7*7 }}</b> '; DROP TABLE users;--"}, {}),
    (None, {"name": "Acme"}, {}),
    ("bogus", {"name": "Acme"}, {}),
    ("screener", {"name": "Acme"}, {"Authorization": "Basic abc"}),
    ("viewer", {"name": "Acme"}, {}),
    ("screener", b"{not json", {"content-type": "application/json"}),
    ("screener", b"", {"content-type": "application/json"}),
    ("screener", {"name": "x", "colour": "red"}, {}),
    ("screener", {"name": "   "}, {}),
    ("screener", {"name": "Acme", "country": "QQ"}, {}),
    ("screener", {"name": "Acme", "schema": "Spaceship"}, {}),
    ("screener", {"name": 12}, {}),
    ("screener", b'{"name": "' + b"a" * DEFAULT_MAX_BODY + b'"}', {"content-type": "application/json"}),
]


def _send(client: TestClient, keys: dict[str, str], role: str | None, body: Any, headers: dict[str, str]) -> Any:
    sent = {} if role is None else {"Authorization": f"Bearer {keys.get(role, 'sc_bogus_key')}"}
    sent.update(headers)
    if isinstance(body, bytes):
        return client.post("/v1/screen", content=body, headers=sent)
    return client.post("/v1/screen", json=body, headers=sent)


def test_the_fast_path_answers_what_the_route_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKCLEAR_HOME", str(tmp_path))
    fast_client, db, keys, _ids = make_api(tmp_path)
    app = fast_client.app
    assert isinstance(app, StackclearAPI)

    async def framework(scope: Any, receive: Any, send: Any) -> None:  # the same app, without the fast path
        await FastAPI.__call__(app, scope, receive, send)

    taken = []
    fast = app._screen

    async def counting(scope: Any, receive: Any, send: Any) -> None:
        taken.append(scope["path"])
        await fast(scope, receive, send)

    app._screen = counting
    statuses = set()
    with fast_client, TestClient(framework) as slow_client:
        for role, body, headers in CASES:
            before = len(taken)
            got = _send(fast_client, keys, role, body, headers)
            assert len(taken) == before + 1  # answered by the fast path
            expected = _send(slow_client, keys, role, body, headers)
            assert len(taken) == before + 1  # and this one by the framework's route
            assert got.status_code == expected.status_code, (role, body)
            assert got.content == expected.content, (role, body)
            assert got.headers.multi_items() == expected.headers.multi_items(), (role, body)
            statuses.add(got.status_code)
        # the cases cover every answer the endpoint gives
        assert statuses == {200, 401, 403, 413, 422}
        # other methods and paths are the framework's
        assert fast_client.options("/v1/screen").status_code == 405
        assert fast_client.post("/v1/screen/", json={"name": "Acme"}, follow_redirects=False).status_code in (307, 404)
        assert fast_client.get("/v1/health").status_code == 200
        assert len(taken) == len(CASES)
    db.dispose()


def test_a_revoked_key_is_refused_at_once_on_the_fast_path(api: Any) -> None:
    assert api.post("/v1/screen", "screener", json={"name": "Acme"}).status_code == 200
    api.revoke("screener")
    response = api.post("/v1/screen", "screener", json={"name": "Acme"})
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"


def test_a_client_that_disconnects_before_its_body_gets_no_answer(api: Any) -> None:
    import asyncio

    app = api.client.app
    sent: list[Any] = []
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/v1/screen", "raw_path": b"/v1/screen", "query_string": b"",
             "root_path": "", "headers": [(b"authorization", f"Bearer {api.keys['screener']}".encode())],
             "client": ("127.0.0.1", 5), "server": ("127.0.0.1", 80)}

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    assert sent == []
