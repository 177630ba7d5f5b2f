"""One JSON error shape for the whole API (datasette's idea): ``{"error": {"code", "message", "details"?}}``.

Every failure a client can see goes through here — our own :class:`ApiError`, input errors of the core
(:class:`~stackclear.errors.StackclearError`), FastAPI's validation errors (422), Starlette's 404/405, the
body-size limit (413) and anything unexpected (500, with no internals in the message). The HTTP status is
the response's; ``code`` is a stable slug a client can branch on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from stackclear.errors import CatalogError, ListDataError, PackageError, SpecError, StackclearError

__all__ = ["ApiError", "error_body", "error_response", "install_error_handlers", "known_error_response"]

#: Slugs for statuses raised by the framework itself (routing, methods).
STATUS_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid_request",
    429: "too_many_requests", 500: "internal_error", 501: "not_implemented", 503: "unavailable",
}


class ApiError(Exception):
    """An error with its HTTP status, a stable ``code`` and a message written for the caller."""

    def __init__(self, status: int, code: str, message: str, details: Any = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = dict(headers or {})


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    inner: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        inner["details"] = details
    return {"error": inner}


def error_response(status: int, code: str, message: str, details: Any = None,
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=dict(headers or {}))


def _core_details(exc: StackclearError) -> dict[str, Any] | None:
    """Where the problem is, as structured fields (the message already says it in words)."""
    if isinstance(exc, SpecError) and exc.field:
        return {"field": exc.field}
    if isinstance(exc, PackageError):
        return {"field": exc.path} if exc.path else None
    if isinstance(exc, CatalogError):
        return {"suggestions": exc.suggestions}
    if isinstance(exc, ListDataError):
        return {k: v for k, v in (("file", exc.file), ("line", exc.line), ("field", exc.field)) if v is not None}
    return None


def validation_details(errors: Sequence[Any]) -> list[dict[str, str]]:
    """Pydantic/FastAPI errors as ``[{"field", "message"}]``; the offending input is never echoed back."""
    out = []
    for err in errors:
        loc = [str(part) for part in err.get("loc", ()) if part not in ("body", "query", "path")]
        out.append({"field": ".".join(loc) or str(err.get("loc", ("",))[0]), "message": str(err.get("msg", ""))})
    return out


def api_error_response(exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)


def validation_response(exc: RequestValidationError) -> JSONResponse:
    details = validation_details(exc.errors())
    first = details[0] if details else {"field": "", "message": "invalid request"}
    message = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    return error_response(422, "invalid_request", message, details)


def core_response(exc: StackclearError) -> JSONResponse:
    return error_response(422, "invalid_input", str(exc), _core_details(exc))


def known_error_response(exc: Exception) -> JSONResponse | None:
    """The response the app's handlers give ``exc`` (ours, validation, core input errors), or None for any
    other exception: what an endpoint answered outside the framework's routing uses (the screening fast path)."""
    if isinstance(exc, ApiError):
        return api_error_response(exc)
    if isinstance(exc, RequestValidationError):
        return validation_response(exc)
    if isinstance(exc, StackclearError):
        return core_response(exc)
    return None


async def _on_api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return api_error_response(exc)


async def _on_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = STATUS_CODES.get(exc.status_code, f"http_{exc.status_code}")
    message = str(exc.detail) if exc.detail else code.replace("_", " ")
    if exc.status_code == 404:
        message = "no such endpoint or resource"
    elif exc.status_code == 405:
        message = "method not allowed on this endpoint"
    return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return validation_response(exc)


async def _on_core(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StackclearError)
    return core_response(exc)


def _status_handler(status: int, code: str) -> Any:
    async def handler(_request: Request, exc: Exception) -> JSONResponse:
        return error_response(status, code, str(exc))

    return handler


def install_error_handlers(app: FastAPI) -> None:
    """Route every error class to the one shape (500s are turned into it by the ASGI guard in middleware)."""
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StackclearError, _on_core)
    try:
        from stackclear.records.errors import ConflictError, NotFoundError, SchemaError
    except ImportError:  # no records layer (the db extra is missing)
        return
    app.add_exception_handler(NotFoundError, _status_handler(404, "not_found"))
    app.add_exception_handler(ConflictError, _status_handler(409, "conflict"))
    app.add_exception_handler(SchemaError, _status_handler(503, "unavailable"))
