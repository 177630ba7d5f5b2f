"""Who is calling and what they may do: roles, principals, API keys, console sessions and CSRF tokens.

Roles are ordered — viewer < screener < reviewer < admin — and every endpoint declares the lowest role it
needs with ``Depends(require(Role.SCREENER))``. The answer is 401 when there is no valid credential (with
``WWW-Authenticate: Bearer``) and 403 when the credential is valid but its role is too low.

Credentials are checked by an :class:`AuthBackend` (the records database in production): the API only
sees a :class:`Principal`. The API takes ``Authorization: Bearer KEY`` only; the console takes a session
cookie (HttpOnly, SameSite=Strict, Secure over HTTPS) whose signed payload names the user and the key it
was opened with, re-checked against the backend on every request — a revoked key or a removed user ends
the session at once. Console form posts carry a CSRF token derived from the session (checked in
constant time); the API needs none because browsers never attach Bearer headers on their own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any, Protocol, TypeVar

from fastapi import Request

from stackclear.api.errors import ApiError

__all__ = ["AuthBackend", "Principal", "Role", "SessionCodec", "bearer_key", "load_secret", "principal_for", "require"]

SESSION_COOKIE = "stackclear_session"
LOGIN_CSRF_COOKIE = "stackclear_login"
SESSION_SECONDS = 8 * 3600


class Role(IntEnum):
    """Ordered roles: each includes what the ones below it may do."""

    VIEWER = 1
    SCREENER = 2
    REVIEWER = 3
    ADMIN = 4

    @classmethod
    def parse(cls, name: str) -> Role:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown role {name!r}; expected viewer, screener, reviewer or admin") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: the actor of every audit record its requests write."""

    name: str
    role: Role
    key_id: str | None = None
    via: str = "key"  # "key" (API) | "session" (console)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role.label, "key_id": self.key_id, "via": self.via}


class AuthBackend(Protocol):
    """What the API needs from wherever users and keys live (the records database)."""

    def authenticate_key(self, key: str) -> Principal | None:
        """The principal of a valid, unrevoked key; None otherwise."""

    def authenticate_password(self, user: str, password: str) -> Principal | None:
        """The principal of a user whose password matches; None otherwise (or when passwords are not kept)."""

    def session_principal(self, user: str, key_id: str | None) -> Principal | None:
        """Re-check a console session: the user still exists and, if opened with a key, the key is valid."""


def bearer_key(request: Request) -> str | None:
    return bearer_from_header(request.headers.get("authorization"))


def bearer_from_header(header: str | None) -> str | None:
    """The key of an ``Authorization: Bearer KEY`` header value; None when absent or another scheme."""
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, "unauthorized", message, headers={"WWW-Authenticate": "Bearer"})


def authorize(request: Request, role: Role) -> Principal:
    """The caller's principal, or ApiError 401 (no valid key) / 403 (role below ``role``). What the
    :func:`require` dependency does, callable directly by an endpoint that solves no dependencies (the
    screening hot path); such an endpoint declares its role with :func:`declares_role` for the OpenAPI."""
    principal = principal_for(request.app.state.auth, request.headers.get("authorization"), role)
    request.state.principal = principal
    return principal


def principal_for(backend: AuthBackend, authorization: str | None, role: Role) -> Principal:
    """What :func:`authorize` checks, from the ``Authorization`` header's value: the principal, or ApiError
    401/403. The key is checked by ``backend`` on every call (a revoked key is refused at once)."""
    key = bearer_from_header(authorization)
    if key is None:
        raise _unauthorized("missing credentials: send Authorization: Bearer <API key>")
    principal = backend.authenticate_key(key)
    if principal is None:
        raise _unauthorized("invalid or revoked API key")
    if principal.role < role:
        raise ApiError(403, "forbidden", f"this endpoint needs the {role.label} role or higher; "
                       f"{principal.name} has {principal.role.label}",
                       {"required": role.label, "role": principal.role.label})
    return principal


F = TypeVar("F", bound=Callable[..., Any])


def declares_role(role: Role) -> Callable[[F], F]:
    """Mark an endpoint that calls :func:`authorize` itself with its role (read by the OpenAPI document)."""

    def mark(endpoint: F) -> F:
        endpoint.required_role = role  # type: ignore[attr-defined]
        return endpoint

    return mark


def require(role: Role) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency: the caller's principal, or 401 (no valid key) / 403 (role below ``role``)."""

    async def dependency(request: Request) -> Principal:  # async: no thread hop; the key check is ~20 µs
        return authorize(request, role)

    dependency.__name__ = f"require_{role.label}"
    dependency.required_role = role  # type: ignore[attr-defined]  # read by the OpenAPI document
    return dependency


def load_secret(home: Path) -> bytes:
    """The install's signing secret (``<home>/api-secret``, 0600), created on first use; shared by workers."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / "api-secret"
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    tmp = home / f".api-secret.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32))
    try:
        os.link(tmp, path)  # first writer wins; the others read its secret
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionCodec:
    """Signed, expiring console sessions (HMAC-SHA256) and the CSRF tokens derived from them."""

    def __init__(self, secret: bytes, lifetime: int = SESSION_SECONDS) -> None:
        self.secret = secret
        self.lifetime = lifetime

    def _sign(self, payload: bytes) -> str:
        return _b64(hmac.new(self.secret, payload, hashlib.sha256).digest())

    def issue(self, principal: Principal) -> str:
        body = json.dumps({"u": principal.name, "k": principal.key_id, "n": secrets.token_hex(16),
                           "e": int(time.time()) + self.lifetime}, separators=(",", ":")).encode()
        return f"{_b64(body)}.{self._sign(body)}"

    def read(self, token: str | None) -> dict[str, Any] | None:
        """The payload of a genuine, unexpired session token; None otherwise."""
        if not token or token.count(".") != 1:
            return None
        raw, signature = token.split(".")
        try:
            body = _unb64(raw)
        except (ValueError, TypeError):
            return None
        if not hmac.compare_digest(self._sign(body), signature):
            return None
        try:
            data = json.loads(body)
        except ValueError:
            return None
        if not isinstance(data, dict) or int(data.get("e", 0)) < time.time():
            return None
        return data

    def csrf_for(self, session: dict[str, Any]) -> str:
        return self._sign(f"csrf:{session.get('n')}".encode())

    def csrf_ok(self, session: dict[str, Any], token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf_for(session), str(token))
