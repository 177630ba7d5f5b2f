"""Health, readiness and who-am-I."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from stackclear import __version__
from stackclear.api.deps import JSON, holder
from stackclear.api.schemas import ERRORS, ErrorResponse, Health, Me, Ready
from stackclear.api.security import Principal, Role, require
from stackclear.api.state import ScreenerHolder

router = APIRouter(prefix="/v1", tags=["system"])


@router.get("/health", response_model=Health, summary="Liveness (no key needed)")
async def health() -> JSON:
    return JSON({"status": "ok", "version": __version__})


@router.get("/ready", response_model=Ready, summary="503 when the lists are missing or stale",
            responses={503: {"model": Ready, "description": "Not ready: screening would fail closed"}})
async def ready(screeners: ScreenerHolder = Depends(holder)) -> JSON:
    screeners.screener()
    fresh, reason = screeners.ready
    return JSON({"ready": fresh, "reason": reason, "snapshot": screeners.snapshot_id},
                status_code=200 if fresh else 503)


@router.get("/me", response_model=Me, summary="The caller's principal", responses=ERRORS)
async def me(request: Request, principal: Principal = Depends(require(Role.VIEWER))) -> JSON:
    return JSON(principal.to_dict())


__all__ = ["ErrorResponse", "router"]
