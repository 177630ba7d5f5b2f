"""``POST /v1/screen`` and ``POST /v1/screen/batch``: the ``screen`` contract over HTTP (screener+).

``/v1/screen`` is the hot path, so it does only what it must (measured with bench/profile_api_screen.py).
In the served app it is answered in front of FastAPI by :mod:`stackclear.api.fastpath` with
:func:`screen_json` below; the route here documents it (OpenAPI) and answers it when the router is mounted
some other way: it is matched first, solves no FastAPI dependencies (:class:`DirectRoute`; the key check is
one call, :func:`authorize`). Both validate the body with
the same pydantic model in one ``model_validate_json`` call (errors are the same 422 shape), and write the
result with orjson from the hit objects' fields instead of ``dataclasses.asdict`` (which deep-copies every
explanation: ~250 µs for two hits, against ~15 µs). The JSON is the same as ``ScreenResult.to_dict()``'s
(a test compares them). Nothing is logged and nothing is written to the database on this path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import orjson
from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

from stackclear.api.deps import JSON, holder
from stackclear.api.schemas import ERRORS, BatchRequest, BatchResult, ScreenRequest, ScreenResult
from stackclear.api.security import Principal, Role, authorize, declares_role, require
from stackclear.api.state import ScreenerHolder
from stackclear.errors import StackclearError
from stackclear.screening.queries import check_country, check_name, check_schema
from stackclear.screening.screen import Hit, PartyQuery
from stackclear.screening.screen import ScreenResult as CoreResult


class DirectRoute(APIRoute):
    """A route whose endpoint takes the :class:`Request` and returns the :class:`Response` itself: FastAPI
    documents it (OpenAPI from the decorator's arguments) but solves no dependencies and validates nothing
    for it — the endpoint authorizes and validates with the same functions and models (FastAPI's documented
    extension point, ``get_route_handler``)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        endpoint = self.endpoint

        async def handler(request: Request) -> Response:
            response: Response = await endpoint(request)
            return response

        return handler


router = APIRouter(prefix="/v1", tags=["screening"])
#: ``POST /v1/screen`` alone, first in the app's routing table (the hot path; see the module docstring).
fast_router = APIRouter(prefix="/v1", tags=["screening"], route_class=DirectRoute)
M = TypeVar("M", bound=BaseModel)
_HIT_FIELDS = tuple(f.name for f in dataclasses.fields(Hit))
_JSON_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/ScreenRequest"}}}


def to_query(body: ScreenRequest, fallback_id: str) -> PartyQuery:
    """Validate like the CLI does (SpecError → 422 naming the field)."""
    return PartyQuery(body.id or fallback_id, check_name(body.name, "name"), check_schema(body.schema_),
                      check_country(body.country), body.address)


def parse_body(model: type[M], raw: bytes) -> M:
    """The JSON body validated by ``model`` (pydantic's own parser), or FastAPI's 422 validation error."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors = [{**err, "loc": ("body", *err.get("loc", ()))} for err in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from None


def _default(value: Any) -> Any:
    """What orjson does not write itself: a nested dataclass as ``asdict`` would, anything else as text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def result_json(result: CoreResult) -> bytes:
    """``result.to_dict()`` as JSON bytes, without deep-copying the hits (see the module docstring).

    The keys come from ``to_dict`` itself (called on a copy without hits, which costs nothing); each hit is
    the dict of its dataclass fields, as ``asdict`` gives it. Dataclasses are never handed to orjson
    directly (compiled ones are not laid out as it expects): ``OPT_PASSTHROUGH_DATACLASS`` sends any nested
    one to :func:`_default`.
    """
    if not result.hits:  # nothing to deep-copy: to_dict is cheap
        return orjson.dumps(result.to_dict(), default=_default, option=orjson.OPT_PASSTHROUGH_DATACLASS)
    data = dataclasses.replace(result, hits=[]).to_dict()
    data["hits"] = [{name: getattr(hit, name) for name in _HIT_FIELDS} for hit in result.hits]
    return orjson.dumps(data, default=_default, option=orjson.OPT_PASSTHROUGH_DATACLASS)


@fast_router.post("/screen", response_model=ScreenResult, responses=ERRORS,
             summary="Screen one party against the current lists",
             openapi_extra={"requestBody": {"required": True, "content": _JSON_BODY}})
@declares_role(Role.SCREENER)
async def screen(request: Request) -> Response:
    """The JSON of one ``stackclear screen`` output line. Fails closed: no or stale lists → ``review``.

    Body: ``{"name", "schema"?, "country"?, "address"?, "id"?}`` (``ScreenRequest``)."""
    authorize(request, Role.SCREENER)
    return Response(screen_json(request.app.state.screeners, await request.body()), media_type="application/json")


def screen_json(screeners: ScreenerHolder, raw: bytes) -> bytes:
    """The answer of ``POST /v1/screen`` to an authorized caller's body ``raw``: the result's JSON, or
    RequestValidationError (422 invalid_request) / StackclearError (422 invalid_input). Shared by the route
    above and the pure-ASGI fast path (:mod:`stackclear.api.fastpath`) that answers it in the server."""
    query = to_query(parse_body(ScreenRequest, raw), "api")
    return result_json(screeners.screener().screen(query))


@router.post("/screen/batch", response_model=BatchResult, responses=ERRORS,
             summary="Screen up to 1,000 parties in one request")
def screen_batch(body: BatchRequest, screeners: ScreenerHolder = Depends(holder),
                 _principal: Principal = Depends(require(Role.SCREENER))) -> Response:
    """``{"results": [...]}`` in input order; a party that fails validation gets ``{"id", "error"}``."""
    screener = screeners.screener()  # one index for the whole batch, even if a new one is swapped in meanwhile
    results: list[bytes] = []
    for number, party in enumerate(body.parties, start=1):
        fallback = str(number)
        try:
            query = to_query(party, fallback)
        except StackclearError as exc:
            results.append(orjson.dumps({"id": party.id or fallback, "error": str(exc)}))
            continue
        results.append(result_json(screener.screen(query)))
    return Response(b'{"results":[' + b",".join(results) + b"]}", media_type="application/json")


__all__ = ["JSON", "DirectRoute", "fast_router", "parse_body", "result_json", "router", "screen_json", "to_query"]
