"""Endpoints over the records database: parties, cases, audit, licenses, re-screening.

Roles: parties screener+ (import: screener+), cases reviewer+, licenses reviewer+ to read and admin to add,
audit and re-screening admin. Every write names the authenticated principal as the actor of its record.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from stackclear.api.deps import JSON, PAGE_HEADERS, Page, records_db
from stackclear.api.errors import ApiError
from stackclear.api.schemas import ERRORS
from stackclear.api.security import Principal, Role, require
from stackclear.records import audit, cases, licenses, parties, rescreen
from stackclear.records.db import Database

CASE_EXAMPLE = {"id": 1, "party_id": "crm-42", "party_name": "Huawei Tech", "entry_id": "EL:demo-el-001",
                "entry_hash": "9f2c…", "list": "EL", "score": 0.93, "status": "open", "decision": None}


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="allow", json_schema_extra={"examples": list(examples)})


class Case(BaseModel):
    model_config = _examples(CASE_EXAMPLE)
    id: int
    party_id: str
    party_name: str
    entry_id: str
    entry_hash: str
    list: str
    score: float
    status: str
    decision: str | None = None


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"decision": "false_positive", "reason": "different company: address and registration number differ"}]})
    decision: Literal["true_match", "false_positive", "escalate"]
    reason: str = Field(..., min_length=1, max_length=10_000)
    version: int | None = Field(None, description="The case version you decided on (409 if it changed since).")


class PartyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"id": "crm-42", "name": "Acme Robotics GmbH", "country": "DE"}]})
    id: str = Field(..., max_length=200)
    name: str = Field(..., max_length=500)
    schema_: str | None = Field(None, alias="schema", max_length=32)
    country: str | None = Field(None, max_length=2)
    address: str | None = Field(None, max_length=2000)


class PartiesIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"parties": [{"id": "crm-42", "name": "Acme Robotics GmbH", "country": "DE"}]}]})
    parties: list[PartyIn] = Field(..., max_length=10_000)


class Party(BaseModel):
    model_config = _examples({"id": "crm-42", "name": "Acme Robotics GmbH", "schema": None, "country": "DE",
                              "address": None})
    id: str
    name: str


class ImportResult(BaseModel):
    model_config = _examples({"imported": 1, "updated": 0, "rejected": [{"line": 2, "error": "name: is empty"}]})
    imported: int
    updated: int
    rejected: list[dict[str, Any]]


class AuditRecord(BaseModel):
    model_config = _examples({"seq": 1, "kind": "case.decide", "at": "2026-12-07T10:00:00.000000Z",
                              "actor": "alice", "payload": {}, "versions": {}, "prev_hash": "0" * 64,
                              "hash": "ab" * 32})
    seq: int
    kind: str
    at: str
    actor: str
    payload: dict[str, Any]


class AuditVerdict(BaseModel):
    model_config = _examples({"records": 42, "ok": True})
    records: int
    ok: bool
    first_bad: int | None = None
    problem: str | None = None


class LicensesIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"licenses": [
        {"number": "D1234567", "eccns": ["3A090.a"], "destinations": ["SA"], "parties": ["Example Cloud Co."],
         "quantity": 2048, "value_usd": 60000000, "expires": "2027-06-30"}]}]})
    licenses: list[dict[str, Any]] = Field(..., max_length=1000)


class LicenseOut(BaseModel):
    model_config = _examples({"number": "D1234567", "eccns": ["3A090.a"], "destinations": ["SA"],
                              "expires": "2027-06-30"})
    number: str


class RescreenOut(BaseModel):
    model_config = _examples({"snapshot": "20261207T101500Z-1a2b3c", "full": False, "screened": 12,
                              "opened": [3], "reopened": [], "closed": []})
    snapshot: str
    full: bool
    screened: int
    opened: list[int]
    reopened: list[int]
    closed: list[int]


router = APIRouter(prefix="/v1", tags=["records"])
CASE_ID = PathParam(..., ge=1, le=2**53, description="Case id.")


# --- parties ----------------------------------------------------------------------------------------------

@router.get("/parties", response_model=list[Party], responses={**ERRORS, 200: {"headers": PAGE_HEADERS}},
            summary="Stored parties (screened continuously)")
def list_parties(request: Request, response: Response, page: Page = Depends(),
                 _principal: Principal = Depends(require(Role.SCREENER))) -> list[dict[str, Any]]:
    found = parties.list_parties(records_db(request))
    page.headers(request, response, len(found))
    return page.slice(found)


@router.get("/parties/{party_id}", response_model=Party, responses={**ERRORS, 404: ERRORS[422]})
def get_party(party_id: str, request: Request, _principal: Principal = Depends(require(Role.SCREENER))) -> JSON:
    found = parties.get_party(records_db(request), party_id)
    if found is None:
        raise ApiError(404, "not_found", f"no party {party_id!r}")
    return JSON(found)


@router.post("/parties", response_model=ImportResult, responses=ERRORS,
             summary="Store or update parties (idempotent by id)")
def import_parties(body: PartiesIn, request: Request,
                   principal: Principal = Depends(require(Role.SCREENER))) -> JSON:
    rows = [p.model_dump(by_alias=True, exclude_none=True) for p in body.parties]
    result = parties.import_rows(records_db(request), rows, actor=principal.name, source="api")
    return JSON(result.to_dict())


# --- cases ------------------------------------------------------------------------------------------------

@router.get("/cases", response_model=list[Case], responses={**ERRORS, 200: {"headers": PAGE_HEADERS}},
            summary="Screening cases (the `cases list --json` rows)")
def list_cases(request: Request, response: Response, page: Page = Depends(),
               status: Literal["open", "closed", "all"] = Query("open"),
               party_id: str | None = Query(None, max_length=200),
               _principal: Principal = Depends(require(Role.REVIEWER))) -> list[dict[str, Any]]:
    found = cases.list_cases(records_db(request), status, party_id=party_id)
    page.headers(request, response, len(found))
    return page.slice(found)


@router.get("/cases/{case_id}", response_model=Case, responses={**ERRORS, 404: ERRORS[422]})
def get_case(request: Request, case_id: int = CASE_ID, _principal: Principal = Depends(require(Role.REVIEWER))) -> JSON:
    return JSON(cases.get_case(records_db(request), case_id))


@router.post("/cases/{case_id}/decision", response_model=Case,
             responses={**ERRORS, 404: ERRORS[422], 409: {"model": ERRORS[422]["model"], "description": "Conflict"}},
             summary="Decide a case with a reason (the actor is you)")
def decide(body: Decision, request: Request, case_id: int = CASE_ID,
           principal: Principal = Depends(require(Role.REVIEWER))) -> JSON:
    return JSON(cases.decide(records_db(request), case_id, body.decision, body.reason, actor=principal.name,
                             expected_version=body.version))


# --- audit ------------------------------------------------------------------------------------------------

@router.get("/audit/verify", response_model=AuditVerdict, responses=ERRORS, summary="Check the whole chain")
def verify(request: Request, _principal: Principal = Depends(require(Role.ADMIN))) -> JSON:
    return JSON(audit.verify(records_db(request)).to_dict())


def search_records(db: Database, kind: str | None, actor: str | None, text: str | None) -> list[dict[str, Any]]:
    """Audit records, newest first, filtered by kind, actor and a case-insensitive text in the payload."""
    found = audit.records(db, kind=kind or None)
    needle = (text or "").casefold()
    out = []
    for record in reversed(found):
        if actor and record["actor"] != actor:
            continue
        if needle and needle not in json.dumps(record["payload"], ensure_ascii=False).casefold():
            continue
        out.append(record)
    return out


@router.get("/audit", response_model=list[AuditRecord], responses={**ERRORS, 200: {"headers": PAGE_HEADERS}},
            summary="Search the audit chain (newest first)")
def search(request: Request, response: Response, page: Page = Depends(),
           kind: str | None = Query(None, max_length=64), actor: str | None = Query(None, max_length=200),
           q: str | None = Query(None, max_length=200, description="Text in the record's payload."),
           _principal: Principal = Depends(require(Role.ADMIN))) -> list[dict[str, Any]]:
    found = search_records(records_db(request), kind, actor, q)
    page.headers(request, response, len(found))
    return page.slice(found)


def export_text(db: Database, start: dt.date | None, end: dt.date | None) -> tuple[bytes, dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="stackclear-export-") as tmp:
        out = Path(tmp) / "audit.jsonl"
        manifest = audit.export(db, out, start=start, end=end)
        return out.read_bytes(), manifest


@router.get("/audit/export", responses={**ERRORS, 200: {
    "content": {"application/x-ndjson": {"schema": {"type": "string"}, "example": '{"seq":1,...}\n'}},
    "description": "JSONL records; the manifest (sha256, first/last hash) in the X-Audit-Manifest header"}},
    summary="Export records as JSONL (verify elsewhere with `audit verify-export`)")
def export(request: Request, start: dt.date | None = Query(None, alias="from"),
           end: dt.date | None = Query(None, alias="to"),
           _principal: Principal = Depends(require(Role.ADMIN))) -> Response:
    data, manifest = export_text(records_db(request), start, end)
    return Response(data, media_type="application/x-ndjson", headers={
        "X-Audit-Manifest": json.dumps(manifest, separators=(",", ":")),
        "Content-Disposition": 'attachment; filename="audit.jsonl"'})


# --- licenses and re-screening ----------------------------------------------------------------------------

@router.get("/licenses", response_model=list[LicenseOut], responses={**ERRORS, 200: {"headers": PAGE_HEADERS}})
def list_licenses(request: Request, response: Response, page: Page = Depends(),
                  _principal: Principal = Depends(require(Role.REVIEWER))) -> list[dict[str, Any]]:
    found = licenses.list_licenses(records_db(request))
    page.headers(request, response, len(found))
    return page.slice(found)


@router.post("/licenses", response_model=list[LicenseOut], responses=ERRORS, summary="Add licenses (admin)")
def add_licenses(body: LicensesIn, request: Request, principal: Principal = Depends(require(Role.ADMIN))) -> JSON:
    items = [licenses.parse_license(item, f"licenses[{i}]") for i, item in enumerate(body.licenses)]
    return JSON(licenses.add_licenses(records_db(request), items, actor=principal.name, source="api"))


@router.post("/rescreen", response_model=RescreenOut, responses=ERRORS,
             summary="Re-screen the stored parties against the current snapshot (admin)")
def run_rescreen(request: Request, full: bool = Query(False),
                 principal: Principal = Depends(require(Role.ADMIN))) -> JSON:
    result = rescreen.rescreen(records_db(request), actor=principal.name, full=full, store=request.app.state.store)
    return JSON(result.to_dict())


ROUTERS = [router]
