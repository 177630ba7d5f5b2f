"""Restricted-party lists: status (viewer+), stored snapshots (viewer+), import and update (admin)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile

from stackclear.api.deps import JSON, PAGE_HEADERS, Page, holder, store
from stackclear.api.errors import ApiError
from stackclear.api.schemas import ERRORS, ListStatus, Snapshot
from stackclear.api.security import Principal, Role, require
from stackclear.api.state import ScreenerHolder
from stackclear.screening.store import ListStore

router = APIRouter(prefix="/v1/lists", tags=["lists"])


@router.get("/status", response_model=ListStatus, responses=ERRORS, summary="The current snapshot and its age")
def status(lists: ListStore = Depends(store), _principal: Principal = Depends(require(Role.VIEWER))) -> JSON:
    """``stackclear lists status --json``: current snapshot, rows per list, age, freshness (fail closed)."""
    return JSON(lists.status())


@router.get("/snapshots", response_model=list[Snapshot], summary="Stored snapshots, newest first",
            responses={**ERRORS, 200: {"headers": PAGE_HEADERS}})
def snapshots(request: Request, response: Response, page: Page = Depends(), lists: ListStore = Depends(store),
              _principal: Principal = Depends(require(Role.VIEWER))) -> list[dict[str, Any]]:
    found = list(reversed(lists.snapshots()))
    page.headers(request, response, len(found))
    return [s.to_dict() for s in page.slice(found)]


def safe_name(name: str | None, index: int) -> str:
    """An uploaded file's base name only (never a path), keeping the extension the format detection reads."""
    base = Path((name or "").replace("\\", "/")).name.strip()
    if not base or base.startswith("."):
        base = f"upload-{index}.csv"
    return base


def import_uploads(app_state: Any, uploads: list[tuple[str, bytes]], as_of: dt.date | None,
                   principal: Principal) -> dict[str, Any]:
    """Write the uploads to a private temp folder, import them as a new snapshot, swap the index in."""
    lists: ListStore = app_state.store
    with tempfile.TemporaryDirectory(prefix="stackclear-upload-") as tmp:
        paths = []
        for i, (name, data) in enumerate(uploads):
            path = Path(tmp) / safe_name(name, i)
            if path.exists():
                raise ApiError(422, "invalid_input", f"files: two uploads are named {path.name!r}")
            path.write_bytes(data)
            paths.append(path)
        snap = lists.import_paths(paths, as_of=as_of)
    app_state.screeners.load()
    if app_state.records is not None:
        app_state.records.record_list_change(snap, principal)
    return snap.to_dict()


@router.post("/import", response_model=Snapshot, responses=ERRORS, summary="Import list files (admin)")
async def import_lists(
    request: Request,
    files: list[UploadFile] = File(..., description="CSL CSV/JSON, OFAC sdn.csv or SDN XML files."),
    as_of: dt.date | None = Form(None, description="Date the data is as of, if the files do not say."),
    principal: Principal = Depends(require(Role.ADMIN)),
) -> JSON:
    """Validate every file in full, make them the current snapshot, and swap this worker's index at once.

    Other workers pick the new snapshot up within a second. A bad file leaves the current snapshot unchanged.
    """
    uploads = [(f.filename or "", await f.read()) for f in files]
    from starlette.concurrency import run_in_threadpool

    return JSON(await run_in_threadpool(import_uploads, request.app.state, uploads, as_of, principal))


@router.post("/update", response_model=Snapshot, responses=ERRORS,
             summary="Download the official lists now (admin)")
def update(request: Request, principal: Principal = Depends(require(Role.ADMIN)),
           screeners: ScreenerHolder = Depends(holder)) -> JSON:
    """``stackclear lists update``: fetch, validate in full, swap. A failure leaves the current snapshot."""
    lists: ListStore = request.app.state.store
    snap = lists.update()
    screeners.load()
    if request.app.state.records is not None:
        request.app.state.records.record_list_change(snap, principal)
    return JSON(snap.to_dict())


__all__ = ["router"]
