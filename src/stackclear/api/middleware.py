"""One pure-ASGI middleware for what every response needs: security headers, a request-size limit and a
guard that turns any unexpected exception into the JSON error shape.

Pure ASGI (not ``BaseHTTPMiddleware``) because it runs on every request, including the screening hot path:
it adds headers to the ``http.response.start`` message and counts body bytes as they are received, nothing
more. A body larger than the limit is refused with 413 before the endpoint sees it — from the
``Content-Length`` header when there is one, else while the chunks arrive.

The 500 guard logs only the exception's type and the route (never the message, which may quote a party
name or a key), and answers ``{"error": {"code": "internal_error", ...}}``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

from stackclear.api.errors import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("stackclear.api")

DEFAULT_MAX_BODY = 1 << 20  # 1 MiB: a 1,000-party batch or a large package fits several times over
#: Larger limits for the few endpoints that take files (path prefix → bytes).
BODY_LIMITS: tuple[tuple[str, int], ...] = (("/v1/lists/import", 256 << 20), ("/lists/import", 256 << 20))

#: No inline script or style anywhere: the console's only script is the committed htmx file.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)


class _TooLarge(Exception):
    pass


def body_limit(path: str, limits: Sequence[tuple[str, int]] = BODY_LIMITS) -> int:
    for prefix, limit in limits:
        if path.startswith(prefix):
            return limit
    return DEFAULT_MAX_BODY


def _too_large(limit: int) -> dict[str, Any]:
    return error_body("payload_too_large", f"request body exceeds the limit of {limit:,} bytes", {"limit": limit})


def _json(status: int, body: dict[str, Any]) -> tuple[Message, Message]:
    data = json.dumps(body).encode()
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                         *SECURITY_HEADERS, (b"cache-control", b"no-store")]}
    return start, {"type": "http.response.body", "body": data}


class GuardMiddleware:
    """Security headers on every response, the body-size limit, and the last-resort 500 in the error shape."""

    def __init__(self, app: ASGIApp, max_body: int | None = None) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        limit = self.max_body if self.max_body is not None else body_limit(path)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > limit:
                    await self._send_json(send, 413, error_body(
                        "payload_too_large", f"request body of {declared:,} bytes exceeds the limit of {limit:,}",
                        {"limit": limit}))
                    return
        received = 0
        started = False
        too_large = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    raise _TooLarge
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if too_large:  # the framework may have turned our exception into its own 400: answer 413 instead
                if message["type"] == "http.response.start":
                    started = True
                    start, body = _json(413, _too_large(limit))
                    await send(start)
                    await send(body)
                return
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, limited_receive, secured_send)
        except _TooLarge:
            if not started:
                await self._send_json(send, 413, _too_large(limit))
        except Exception as exc:  # the last resort: no traceback, no message (it may quote party data)
            log.error("internal error %s on %s %s", type(exc).__name__, scope.get("method"), path)
            if not started:
                await self._send_json(send, 500, error_body(
                    "internal_error", "internal error; the server log names its type (no request data is logged)"))

    @staticmethod
    async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
        start, payload = _json(status, body)
        await send(start)
        await send(payload)
