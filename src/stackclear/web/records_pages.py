"""Console pages over the records database: the case queue, one case beside its listed entry, the audit."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from stackclear.api.deps import records_db
from stackclear.api.routers.records import export_text, search_records
from stackclear.api.security import Role
from stackclear.errors import StackclearError
from stackclear.records import audit, cases
from stackclear.records.errors import ConflictError
from stackclear.web.console import _text, form_of, need, render

router = APIRouter(include_in_schema=False)
STATUSES = ("open", "closed", "all")


def listed_entry(request: Request, entry_id: str) -> dict[str, Any] | None:
    """The listed entry as the current lists have it (for showing it beside the party)."""
    screener = request.app.state.screeners.screener()
    index = screener.index
    if index is None:
        return None
    for entry in index.entries:
        if entry.entry_id == entry_id:
            return {"name": entry.name, "source": entry.source, "countries": list(entry.countries),
                    "programs": list(entry.programs), "addresses": list(getattr(entry, "addresses", ()) or ()),
                    "aliases": list(getattr(entry, "aliases", ()) or ()),
                    "license_requirement": entry.license_requirement, "license_policy": entry.license_policy,
                    "federal_register_notice": entry.federal_register_notice}
    return None


@router.get("/cases")
async def case_queue(request: Request) -> HTMLResponse:
    session = need(request, Role.REVIEWER)
    status = request.query_params.get("status", "open")
    status = status if status in STATUSES else "open"
    text = (request.query_params.get("q") or "")[:200]
    found = await run_in_threadpool(cases.list_cases, records_db(request), status)
    if text:
        needle = text.casefold()
        found = [c for c in found if needle in f"{c['party_name']} {c['entry_name']} {c['party_id']}".casefold()]
    return render(request, "cases.html.j2", session, cases=found, case_status=status, q=text, statuses=STATUSES)


@router.get("/cases/{case_id}")
async def case_page(request: Request, case_id: int) -> HTMLResponse:
    session = need(request, Role.REVIEWER)
    return await _case(request, session, case_id, None, None)


async def _case(request: Request, session: Any, case_id: int, error: str | None, done: str | None,
                status: int = 200) -> HTMLResponse:
    db = records_db(request)
    case = await run_in_threadpool(cases.get_case, db, case_id)
    from stackclear.records import parties
    from stackclear.web.explain import features

    party = await run_in_threadpool(parties.get_party, db, case["party_id"])
    entry = listed_entry(request, case["entry_id"])
    return render(request, "case.html.j2", session, status=status, case=case, party=party, entry=entry,
                  features=features(case.get("explanation") or {}), error=error, done=done)


@router.post("/cases/{case_id}/decision")
async def decide(request: Request, case_id: int) -> Response:
    session = need(request, Role.REVIEWER)
    form = await form_of(request, session)
    decision, reason = _text(form, "decision", 40), _text(form, "reason", 10_000)
    try:
        version = int(_text(form, "version", 20) or "0") or None
    except ValueError:
        version = None
    try:
        await run_in_threadpool(cases.decide, records_db(request), case_id, decision, reason,
                                actor=session.principal.name, expected_version=version)
    except ConflictError as exc:
        return await _case(request, session, case_id, str(exc), None, status=409)
    except StackclearError as exc:
        return await _case(request, session, case_id, str(exc), None, status=422)
    return RedirectResponse(f"/cases/{case_id}?decided=1", status_code=303)


@router.get("/audit")
async def audit_page(request: Request) -> HTMLResponse:
    session = need(request, Role.ADMIN)
    params = request.query_params
    kind, actor = (params.get("kind") or "")[:64], (params.get("actor") or "")[:200]
    text = (params.get("q") or "")[:200]
    db = records_db(request)
    found = await run_in_threadpool(search_records, db, kind or None, actor or None, text or None)
    verdict = None
    if params.get("verify"):
        verdict = (await run_in_threadpool(audit.verify, db)).to_dict()
    rows = [{**r, "payload_text": json.dumps(r["payload"], ensure_ascii=False, sort_keys=True)[:400]}
            for r in found[:200]]
    return render(request, "audit.html.j2", session, records=rows, total=len(found), kind=kind, actor=actor, q=text,
                  verdict=verdict)


@router.get("/audit/export")
async def audit_export(request: Request) -> Response:
    need(request, Role.ADMIN)
    data, manifest = await run_in_threadpool(export_text, records_db(request), None, None)
    return Response(data, media_type="application/x-ndjson", headers={
        "X-Audit-Manifest": json.dumps(manifest, separators=(",", ":")),
        "Content-Disposition": 'attachment; filename="stackclear-audit.jsonl"'})
