"""``POST /v1/screen`` and ``POST /v1/screen/batch``: the ``screen`` contract over HTTP (screener+)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from stackclear.api.deps import JSON, holder
from stackclear.api.schemas import ERRORS, BatchRequest, BatchResult, ScreenRequest, ScreenResult
from stackclear.api.security import Principal, Role, require
from stackclear.api.state import ScreenerHolder
from stackclear.errors import StackclearError
from stackclear.screening.queries import check_country, check_name, check_schema
from stackclear.screening.screen import PartyQuery

router = APIRouter(prefix="/v1", tags=["screening"])


def to_query(body: ScreenRequest, fallback_id: str) -> PartyQuery:
    """Validate like the CLI does (SpecError → 422 naming the field)."""
    return PartyQuery(body.id or fallback_id, check_name(body.name, "name"), check_schema(body.schema_),
                      check_country(body.country), body.address)


@router.post("/screen", response_model=ScreenResult, responses=ERRORS,
             summary="Screen one party against the current lists")
async def screen(body: ScreenRequest, request: Request,
                 _principal: Principal = Depends(require(Role.SCREENER))) -> JSON:
    """The JSON of one ``stackclear screen`` output line. Fails closed: no or stale lists → ``review``."""
    query = to_query(body, "api")
    screeners: ScreenerHolder = request.app.state.screeners  # (no dependency: this is the hot path)
    return JSON(screeners.screener().screen(query).to_dict())


@router.post("/screen/batch", response_model=BatchResult, responses=ERRORS,
             summary="Screen up to 1,000 parties in one request")
def screen_batch(body: BatchRequest, screeners: ScreenerHolder = Depends(holder),
                 _principal: Principal = Depends(require(Role.SCREENER))) -> JSON:
    """``{"results": [...]}`` in input order; a party that fails validation gets ``{"id", "error"}``."""
    screener = screeners.screener()  # one index for the whole batch, even if a new one is swapped in meanwhile
    results: list[dict[str, Any]] = []
    for number, party in enumerate(body.parties, start=1):
        fallback = str(number)
        try:
            query = to_query(party, fallback)
        except StackclearError as exc:
            results.append({"id": party.id or fallback, "error": str(exc)})
            continue
        results.append(screener.screen(query).to_dict())
    return JSON({"results": results})
