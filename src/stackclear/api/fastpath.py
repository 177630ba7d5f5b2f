"""``POST /v1/screen`` answered in front of the framework (the screening hot path, issue 12).

The route in :mod:`stackclear.api.routers.screening` documents the endpoint (OpenAPI) and answers it when
the app is mounted some other way; in the served app (:class:`~stackclear.api.app.StackclearAPI`) a request
for exactly ``POST /v1/screen`` never enters FastAPI's middleware stack and routing table. It goes to
:func:`screen_asgi` wrapped in the same :class:`~stackclear.api.middleware.GuardMiddleware` as every other
request (security headers, the body-size limit, the last-resort 500 in the error shape), which does what
the route does with the same functions: :func:`~stackclear.api.security.principal_for` (the key checked by
the auth backend on every request, 401/403 as everywhere), then
:func:`~stackclear.api.routers.screening.screen_json` (the same pydantic model, the same 422s, the same JSON);
errors become the very responses of the app's exception handlers (:func:`~stackclear.api.errors.known_error_response`).

What it skips, measured with bench/profile_api_screen.py: Starlette's ServerErrorMiddleware, FastAPI's
telemetry and body-limit middlewares, ExceptionMiddleware, the AsyncExitStack, the routing table and the
``Request`` object — about 40 µs of a ~250 µs screening request in process. Every other path and method,
including ``/v1/screen/`` and ``OPTIONS /v1/screen``, goes through the framework unchanged.
"""

from __future__ import annotations

from typing import Any

from stackclear.api.errors import known_error_response
from stackclear.api.middleware import Message, Receive, Scope, Send
from stackclear.api.routers.screening import screen_json
from stackclear.api.security import Role, principal_for

__all__ = ["SCREEN_PATH", "is_screen_request", "screen_asgi"]

SCREEN_PATH = "/v1/screen"
_JSON_TYPE = (b"content-type", b"application/json")


def is_screen_request(scope: Scope) -> bool:
    return scope["type"] == "http" and scope.get("path") == SCREEN_PATH and scope.get("method") == "POST"


def _authorization(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":  # ASGI servers give header names in lower case
            text: str = value.decode("latin-1")  # as Starlette's Headers decode them
            return text
    return None


async def _body(receive: Receive) -> bytes | None:
    """The whole request body, or None when the client disconnected before sending it."""
    chunks: list[bytes] = []
    while True:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def screen_asgi(scope: Scope, receive: Receive, send: Send) -> None:
    """``POST /v1/screen`` as a pure ASGI app; ``scope["app"]`` is the FastAPI application (for its state)."""
    state: Any = scope["app"].state
    try:
        principal_for(state.auth, _authorization(scope), Role.SCREENER)
        raw = await _body(receive)
        if raw is None:
            return
        data = screen_json(state.screeners, raw)
    except Exception as exc:
        response = known_error_response(exc)
        if response is None:
            raise  # the guard around this answers 500 in the error shape
        await response(scope, receive, send)
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-length", str(len(data)).encode()), _JSON_TYPE]})
    await send({"type": "http.response.body", "body": data})
