"""Console pages over the records database's parties and licenses (the ``/v1/parties`` and ``/v1/licenses``
endpoints in the browser), with the same roles as the API:

* parties — screener+ to list, open and store (one by the form, or a CSV/JSONL file); opening a party
  screens it against the current lists; its cases are shown to reviewers; admins can re-screen all parties;
* licenses — reviewer+ to list and open (limits, what was drawn, by which determination), admin to add.

Every write goes through the records layer's public functions with the signed-in user as the actor of its
audit record; every form carries the session's CSRF token; everything shown is autoescaped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from stackclear.api.deps import records_db
from stackclear.api.errors import ApiError
from stackclear.api.security import Role
from stackclear.errors import StackclearError
from stackclear.records import cases, licenses, parties, rescreen
from stackclear.web.console import MAX_UPLOAD, Session, _text, form_of, need, render

router = APIRouter(include_in_schema=False)
PAGE = 100
SCHEMAS = ("", *parties.SCHEMAS)
PARTY_FIELDS = ("id", "name", "schema", "country", "address")
LICENSE_FIELDS = ("number", "holder", "eccns", "destinations", "parties", "quantity", "value_usd", "issued",
                  "expires")


def _int(raw: str | None, default: int = 0) -> int:
    try:
        return max(0, int(raw or default))
    except ValueError:
        return default


# --- parties ----------------------------------------------------------------------------------------------

def _matches(party: dict[str, Any], needle: str) -> bool:
    return needle in " ".join(str(party.get(k) or "") for k in ("id", "name", "country")).casefold()


async def _parties_page(request: Request, session: Session, *, status: int = 200, form: dict[str, str] | None = None,
                        error: str | None = None, result: dict[str, Any] | None = None,
                        rescreened: dict[str, Any] | None = None) -> HTMLResponse:
    params = request.query_params
    text = (params.get("q") or "")[:200]
    offset = _int(params.get("offset"))
    found = await run_in_threadpool(parties.list_parties, records_db(request))
    if text:
        needle = text.casefold()
        found = [p for p in found if _matches(p, needle)]
    shown = found[offset:offset + PAGE]
    pages = {}
    if offset + PAGE < len(found):
        pages["next"] = "/parties?" + urlencode({"q": text, "offset": offset + PAGE})
    if offset > 0:
        pages["prev"] = "/parties?" + urlencode({"q": text, "offset": max(0, offset - PAGE)})
    return render(request, "parties.html.j2", session, status=status, parties=shown, total=len(found), q=text,
                  offset=offset, pages=pages, form=form or {}, error=error, result=result, rescreened=rescreened,
                  schemas=SCHEMAS)


@router.get("/parties")
async def parties_page(request: Request) -> HTMLResponse:
    session = need(request, Role.SCREENER)
    return await _parties_page(request, session)


@router.post("/parties")
async def add_party(request: Request) -> Response:
    """One party from the form (stored, or updated when the id exists: the same call as ``POST /v1/parties``)."""
    session = need(request, Role.SCREENER)
    form = await form_of(request, session)
    values = {name: _text(form, name, 4000) for name in PARTY_FIELDS}
    row = {k: v for k, v in values.items() if v}
    db = records_db(request)
    result = await run_in_threadpool(lambda: parties.import_rows(db, [row], actor=session.principal.name,
                                                                 source="console").to_dict())
    if result["rejected"]:
        return await _parties_page(request, session, status=422, form=values, error=result["rejected"][0]["error"])
    return RedirectResponse("/parties/" + _quote(values["id"]) + "?saved=1", status_code=303)


def _upload_rows(name: str, text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(rows to store, rejected ``{"line", "error"}``) of an uploaded CSV/JSONL parties file: each row
    validated by the records layer, a repeated id rejected naming the line of the first (which is kept)."""
    rows: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    first: dict[str, int] = {}
    for line, data, error in parties.parse_rows(name, text):
        if error is None and data is not None:
            try:
                party_id = parties.validate(data).id
            except ValueError as exc:
                error = str(exc)
            else:
                if party_id in first:
                    error = f"duplicate id {party_id!r} (first on line {first[party_id]}); kept the first"
                else:
                    first[party_id] = line
                    rows.append(data)
                    continue
        rejected.append({"line": line, "error": error})
    return rows, rejected


async def _upload(form: FormData) -> tuple[str, str] | None:
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise ApiError(413, "payload_too_large", f"the file exceeds {MAX_UPLOAD:,} bytes; import larger files with "
                       "`stackclear parties import` or POST /v1/parties")
    try:
        return upload.filename, data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(422, "invalid_input", f"{upload.filename}: not UTF-8 text (byte {exc.start})") from None


@router.post("/parties/import")
async def import_parties(request: Request) -> HTMLResponse:
    """A CSV (with a header) or JSONL file of parties, as ``stackclear parties import`` reads it."""
    session = need(request, Role.SCREENER)
    form = await form_of(request, session)
    try:
        upload = await _upload(form)
        if upload is None:
            raise ApiError(422, "invalid_input", "choose a CSV or JSONL file of parties")
        name, text = upload
        rows, rejected = _upload_rows(name, text)
        if not rows:
            raise ApiError(422, "invalid_input", f"{name}: no party could be read"
                           + (f" (line {rejected[0]['line']}: {rejected[0]['error']})" if rejected else ""))
        result = await run_in_threadpool(lambda: parties.import_rows(
            records_db(request), rows, actor=session.principal.name, source=f"console upload {name}").to_dict())
    except (StackclearError, ApiError) as exc:
        message = exc.message if isinstance(exc, ApiError) else str(exc)
        return await _parties_page(request, session, status=422, error=message)
    result["rejected"] = sorted(rejected, key=lambda r: int(r["line"]))
    return await _parties_page(request, session, result=result)


@router.post("/parties/rescreen")
async def rescreen_parties(request: Request) -> HTMLResponse:
    """Re-screen the stored parties against the current snapshot (admin, as ``POST /v1/rescreen``)."""
    session = need(request, Role.ADMIN)
    form = await form_of(request, session)
    full = _text(form, "full", 10) == "1"
    try:
        db = records_db(request)
        done = await run_in_threadpool(lambda: rescreen.rescreen(db, actor=session.principal.name, full=full,
                                                                 store=request.app.state.store).to_dict())
    except StackclearError as exc:
        return await _parties_page(request, session, status=422, error=str(exc))
    return await _parties_page(request, session, rescreened=done)


def _quote(party_id: str) -> str:
    from urllib.parse import quote

    return quote(party_id, safe="")


@router.get("/parties/{party_id:path}")
async def party_page(request: Request, party_id: str) -> HTMLResponse:
    """One party, screened now against this worker's current lists, with its cases (reviewers)."""
    from stackclear.screening.screen import PartyQuery
    from stackclear.web.explain import group_hits

    session = need(request, Role.SCREENER)
    db = records_db(request)
    party = await run_in_threadpool(parties.get_party, db, party_id)
    if party is None:
        raise ApiError(404, "not_found", f"no party with the id {party_id!r}")
    screener = request.app.state.screeners.screener()
    result = screener.screen(PartyQuery(party["id"], party["name"], party.get("schema"), party.get("country"),
                                        party.get("address")))
    found = None
    if session.can(Role.REVIEWER):
        found = await run_in_threadpool(lambda: cases.list_cases(db, "all", party_id=party["id"]))
    return render(request, "party.html.j2", session, party=party, result=result, groups=group_hits(result),
                  cases=found, saved=bool(request.query_params.get("saved")))


# --- licenses ---------------------------------------------------------------------------------------------

def _license_input(form: FormData) -> tuple[dict[str, str], dict[str, Any]]:
    """(the form's values as typed, the mapping ``licenses add`` reads from a file)."""
    values = {name: _text(form, name, 4000) for name in LICENSE_FIELDS}
    data: dict[str, Any] = {"number": values["number"], "expires": values["expires"] or None}
    if values["holder"]:
        data["holder"] = values["holder"]
    for name in ("eccns", "destinations"):
        data[name] = [part.strip() for part in values[name].replace("\n", ",").split(",") if part.strip()]
    found = [line.strip() for line in values["parties"].splitlines() if line.strip()]
    if found:
        data["parties"] = found
    for name, kind in (("quantity", int), ("value_usd", float)):
        raw = values[name].replace(",", "").replace("_", "")
        if raw:
            try:
                data[name] = kind(raw)
            except ValueError:
                noun = "a whole number" if kind is int else "a number"
                raise StackclearError(f"{name}: expected {noun} >= 0, got {values[name]!r}") from None
    if values["issued"]:
        data["issued"] = values["issued"]
    if data["expires"] is None:
        del data["expires"]  # parse_license names the missing field
    return values, data


def _with_status(item: dict[str, Any], today: dt.date) -> dict[str, Any]:
    expires = dt.date.fromisoformat(str(item["expires"]))
    issued = dt.date.fromisoformat(str(item["issued"])) if item.get("issued") else None
    if expires < today:
        state = "expired"
    elif issued is not None and issued > today:
        state = "not yet valid"
    else:
        state = "valid"
    return {**item, "state": state}


async def _licenses_page(request: Request, session: Session, *, status: int = 200, form: dict[str, str] | None = None,
                         error: str | None = None) -> HTMLResponse:
    found = await run_in_threadpool(licenses.list_licenses, records_db(request))
    today = dt.date.today()
    return render(request, "licenses.html.j2", session, status=status, licenses=[_with_status(x, today) for x in found],
                  form=form or {}, error=error, today=today)


@router.get("/licenses")
async def licenses_page(request: Request) -> HTMLResponse:
    session = need(request, Role.REVIEWER)
    return await _licenses_page(request, session)


@router.post("/licenses")
async def add_license(request: Request) -> Response:
    """One license from the form (admin; the same validation as ``stackclear licenses add``)."""
    session = need(request, Role.ADMIN)
    form = await form_of(request, session)
    values: dict[str, str] = {}
    try:
        values, data = _license_input(form)
        item = licenses.parse_license(data, "license")
        await run_in_threadpool(lambda: licenses.add_licenses(records_db(request), [item], actor=session.principal.name,
                                                              source="console"))
    except StackclearError as exc:
        return await _licenses_page(request, session, status=422, form=values, error=str(exc))
    return RedirectResponse("/licenses/" + _quote(str(item["number"])) + "?saved=1", status_code=303)


@router.get("/licenses/{number:path}")
async def license_page(request: Request, number: str) -> HTMLResponse:
    session = need(request, Role.REVIEWER)
    found = await run_in_threadpool(licenses.list_licenses, records_db(request))
    item = next((x for x in found if x["number"] == number), None)
    if item is None:
        raise ApiError(404, "not_found", f"no license numbered {number!r}")
    return render(request, "license.html.j2", session, lic=_with_status(item, dt.date.today()),
                  saved=bool(request.query_params.get("saved")))
