"""``POST /v1/evaluate`` (a package, or a CycloneDX BOM) and ``POST /v1/diff`` (screener+)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request

from stackclear.api.deps import JSON, holder
from stackclear.api.errors import ApiError
from stackclear.api.schemas import ERRORS, PACKAGE_EXAMPLE, Determination, DiffRequest, PackageDiff
from stackclear.api.security import Principal, Role, require
from stackclear.api.service import package_from_json, run_diff, run_evaluate
from stackclear.api.state import ScreenerHolder
from stackclear.model.io import bom_overrides

router = APIRouter(prefix="/v1", tags=["determination"])


@router.post("/evaluate", response_model=Determination, responses=ERRORS,
             summary="Determine what a package needs to ship on a date")
def evaluate(
    request: Request,
    package: dict[str, Any] = Body(..., examples=[PACKAGE_EXAMPLE],
                                   description="A package (DESIGN.md format) or, with ?format=cyclonedx, a BOM."),
    as_of: dt.date | None = Query(None, description="Rules date (default: the package's date, else today)."),
    format: Literal["package", "cyclonedx"] = Query("package", description="Body format."),
    record: bool = Query(False, description="Store the determination in the audit chain (reviewer+)."),
    license: str | None = Query(None, max_length=200, description="With record: draw against this license."),
    destination: str | None = Query(None, max_length=2, description="BOM: ship-to ISO-2 country."),
    name: str | None = Query(None, max_length=500, description="BOM: package name."),
    end_user: str | None = Query(None, max_length=500, description="BOM: end user's name."),
    end_user_country: str | None = Query(None, max_length=2, description="BOM: end user's country."),
    end_user_hq: str | None = Query(None, max_length=2, description="BOM: end user's headquarters."),
    end_use: list[str] | None = Query(None, description="BOM: end uses (repeatable)."),
    screeners: ScreenerHolder = Depends(holder),
    principal: Principal = Depends(require(Role.SCREENER)),
) -> JSON:
    """The ``stackclear evaluate --json`` object; the strictest verdict wins."""
    if record and principal.role < Role.REVIEWER:
        raise ApiError(403, "forbidden", "record=true needs the reviewer role or higher",
                       {"required": "reviewer", "role": principal.role.label})
    overrides = bom_overrides(destination, name, end_user, end_user_country, end_user_hq, end_use)
    loaded = package_from_json(package, cyclonedx=format == "cyclonedx", overrides=overrides or None)
    result = run_evaluate(loaded, as_of, screeners)
    if record:
        records = request.app.state.records
        if records is None:
            raise ApiError(503, "unavailable", "the records database is not available on this server")
        recorded = records.record_determination(result, principal, license=license)
        result["record_id"] = recorded["id"]
        result["record"] = recorded
    return JSON(result)


@router.post("/diff", response_model=PackageDiff, responses=ERRORS,
             summary="What changes between two dates, and which rule change caused it")
def diff(body: DiffRequest, screeners: ScreenerHolder = Depends(holder),
         _principal: Principal = Depends(require(Role.SCREENER))) -> JSON:
    loaded = package_from_json(body.package)
    return JSON(run_diff(loaded, body.from_, body.to, screeners))
