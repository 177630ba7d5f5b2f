"""One error shape everywhere: 401, 403, 404, 405, 413, 422 and 500 all answer {"error": {"code", "message"}}."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from stackclear.api.errors import install_error_handlers
from stackclear.api.middleware import DEFAULT_MAX_BODY, GuardMiddleware


def shape(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return dict(body["error"])


def test_not_found_and_method_not_allowed(api: Any) -> None:
    shape(api.client.get("/v1/nope"), 404, "not_found")
    error = shape(api.client.delete("/v1/health"), 405, "method_not_allowed")
    assert "details" not in error
    assert "GET" in api.client.delete("/v1/health").headers["allow"]


def test_validation_names_the_field_and_never_echoes_input(api: Any) -> None:
    secret = "Nobody Should See This Name" * 30
    error = shape(api.post("/v1/screen", json={"name": secret}), 422, "invalid_request")
    assert error["details"][0]["field"] == "name"
    assert "Nobody" not in str(error)
    error = shape(api.post("/v1/screen", json={"name": "x", "colour": "red"}), 422, "invalid_request")
    assert {"field": "colour", "message": "Extra inputs are not permitted"} in error["details"]
    shape(api.post("/v1/screen", content=b"{not json", headers={"content-type": "application/json"}), 422,
          "invalid_request")


def test_core_input_errors_are_422_with_the_field(api: Any) -> None:
    error = shape(api.post("/v1/screen", json={"name": "   "}), 422, "invalid_input")
    assert error["details"] == {"field": "name"}
    error = shape(api.post("/v1/screen", json={"name": "Acme", "country": "QQ"}), 422, "invalid_input")
    assert error["details"] == {"field": "country"}
    error = shape(api.post("/v1/classify/chip", json={"catalog": "H1000 XYZ"}), 422, "invalid_input")
    assert "suggestions" in error["details"]


def test_body_over_the_limit_is_413_before_the_endpoint(api: Any) -> None:
    big = b'{"name": "' + b"a" * DEFAULT_MAX_BODY + b'"}'
    error = shape(api.post("/v1/screen", content=big, headers={"content-type": "application/json"}), 413,
                  "payload_too_large")
    assert error["details"]["limit"] == DEFAULT_MAX_BODY


def test_chunked_body_over_the_limit_is_413(api: Any) -> None:
    def chunks() -> Any:
        for _ in range(40):
            yield b"x" * 65536

    response = api.client.post("/v1/screen", content=chunks(),
                               headers={**api.headers("admin"), "content-type": "application/json"})
    shape(response, 413, "payload_too_large")


def test_unexpected_exception_is_a_500_in_the_shape_without_the_message(caplog: Any) -> None:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("party name ACME SECRET TRADING")

    app.add_middleware(GuardMiddleware)
    with TestClient(app, raise_server_exceptions=False) as client:
        error = shape(client.get("/boom"), 500, "internal_error")
    assert "ACME" not in error["message"]
    assert "ACME" not in caplog.text
    assert "RuntimeError" in caplog.text


def test_absurd_figures_are_refused_not_answered_with_infinity(api: Any) -> None:
    chip = {"tops": {"fp32": 1.7976931348623157e308}, "die_area_mm2": 1.5e16}
    error = shape(api.post("/v1/classify/chip", json=chip), 422, "invalid_request")
    assert error["details"][0]["field"].startswith("tops")
