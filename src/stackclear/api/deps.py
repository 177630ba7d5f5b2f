"""Shared pieces of the routers: JSON responses, pagination, the worker's screener and list store."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

from fastapi import Query, Request, Response
from fastapi.responses import JSONResponse

from stackclear.api.errors import ApiError
from stackclear.api.state import ScreenerHolder
from stackclear.screening.store import ListStore

if TYPE_CHECKING:
    from stackclear.records.db import Database

T = TypeVar("T")
MAX_PAGE = 500


class JSON(JSONResponse):
    """JSON with dates (and other plain values) written as strings, UTF-8 kept as is."""

    def render(self, content: Any) -> bytes:
        try:
            text = json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str, allow_nan=False)
        except ValueError:  # Infinity/NaN is not JSON: an input figure so large the arithmetic overflowed
            raise ApiError(422, "invalid_input", "a figure in the input is too large to compute with: the result "
                           "is not a finite number") from None
        return text.encode("utf-8")


class Page:
    """``?limit=&offset=`` of a list endpoint; the body is the list, the total and next page go in headers
    (``X-Total-Count``, ``Link: <...>; rel="next"``) so the body keeps the CLI's ``--json`` shape."""

    def __init__(self, limit: int = Query(50, ge=1, le=MAX_PAGE, description="Items per page."),
                 offset: int = Query(0, ge=0, description="Items to skip.")) -> None:
        self.limit = limit
        self.offset = offset

    def slice(self, items: Sequence[T]) -> list[T]:
        return list(items[self.offset:self.offset + self.limit])

    def headers(self, request: Request, response: Response, total: int) -> None:
        response.headers["X-Total-Count"] = str(total)
        links = []
        params = dict(request.query_params)
        if self.offset + self.limit < total:
            links.append(f'<{request.url.path}?{urlencode({**params, "offset": self.offset + self.limit})}>; '
                         'rel="next"')
        if self.offset > 0:
            links.append(f'<{request.url.path}?{urlencode({**params, "offset": max(0, self.offset - self.limit)})}>'
                         '; rel="prev"')
        if links:
            response.headers["Link"] = ", ".join(links)


PAGE_HEADERS = {
    "X-Total-Count": {"description": "Items in the whole list", "schema": {"type": "integer"}},
    "Link": {"description": 'RFC 8288 links to the next/prev page (rel="next")', "schema": {"type": "string"}},
}


async def holder(request: Request) -> ScreenerHolder:  # async: a sync dependency costs a thread hop
    found: ScreenerHolder = request.app.state.screeners
    return found


async def store(request: Request) -> ListStore:
    found: ListStore = request.app.state.store
    return found


def records_db(request: Request) -> Database:
    """The server's records database; 503 when this server runs without one."""
    records = request.app.state.records
    if records is None:
        raise ApiError(503, "unavailable", "the records database is not available on this server")
    db: Database = records.db
    return db
