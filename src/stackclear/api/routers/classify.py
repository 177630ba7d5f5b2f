"""``POST /v1/classify/chip`` (the ``classify chips`` line over HTTP) and the catalog (viewer+)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response

from stackclear.api.deps import JSON, PAGE_HEADERS, Page
from stackclear.api.schemas import ERRORS, CatalogChip, ChipRequest, ChipResult
from stackclear.api.security import Principal, Role, require
from stackclear.catalog import classify_catalog, classify_catalog_item, lookup
from stackclear.classify import Classification, chip_spec_from_dict, classify_chip, classify_hbm
from stackclear.errors import SpecError

router = APIRouter(prefix="/v1", tags=["classification"])


def classify_record(data: dict[str, Any], day: dt.date) -> Classification:
    """One ``classify chips`` record: inline figures, ``catalog: NAME`` or ``kind: hbm``."""
    ident = str(data.get("id", ""))
    if data.get("kind") == "hbm":
        bw, area = data.get("memory_bandwidth_gbs"), data.get("package_area_mm2")
        if bw is None or area is None:
            raise SpecError("memory_bandwidth_gbs", "kind hbm needs memory_bandwidth_gbs and package_area_mm2")
        return classify_hbm(ident, float(bw), float(area), day)
    if data.get("catalog") and data.get("tops") is None:
        result = classify_catalog_item(lookup(str(data["catalog"])), day)
        result.id = ident or result.id
        return result
    return classify_chip(chip_spec_from_dict(data), day)


@router.post("/classify/chip", response_model=ChipResult, responses=ERRORS, summary="Classify one chip")
def classify_one(body: ChipRequest,
                 as_of: dt.date | None = Query(None, description="Rules date (default today)."),
                 _principal: Principal = Depends(require(Role.VIEWER))) -> JSON:
    """The ``classify chips`` output line for this input line (ECCN, paragraph, TPP, PD, citations)."""
    data = body.model_dump(exclude_none=True)
    return JSON(classify_record(data, as_of or dt.date.today()).to_dict())


@router.get("/catalog", response_model=list[CatalogChip], summary="The catalog, classified on a date",
            responses={**ERRORS, 200: {"headers": PAGE_HEADERS}})
def catalog(request: Request, response: Response, page: Page = Depends(),
            as_of: dt.date | None = Query(None, description="Rules date (default today)."),
            _principal: Principal = Depends(require(Role.VIEWER))) -> list[dict[str, Any]]:
    rows = []
    for item in classify_catalog(as_of or dt.date.today()):
        result = item.result
        rows.append({"name": item.entry.name, "kind": item.entry.kind,
                     "eccn": result.eccn if result else None,
                     "tpp": result.tpp if result else None,
                     "performance_density": result.performance_density if result else None,
                     "error": item.error})
    page.headers(request, response, len(rows))
    return page.slice(rows)
