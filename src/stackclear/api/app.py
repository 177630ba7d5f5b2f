"""The FastAPI application: ``create_app()`` wires settings, the list store, the screening index, auth,
the routers under ``/v1`` and the console under ``/``.

    from stackclear.api import create_app
    app = create_app()                       # what `stackclear serve` runs (one per worker)
"""

from __future__ import annotations

import copy
import gc
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from stackclear import __version__
from stackclear.api.errors import install_error_handlers
from stackclear.api.fastpath import is_screen_request, screen_asgi
from stackclear.api.middleware import ASGIApp, GuardMiddleware, Receive, Scope, Send
from stackclear.api.routers import classify, evaluate, lists, screening, system
from stackclear.api.security import AuthBackend, SessionCodec, load_secret
from stackclear.api.state import ScreenerHolder
from stackclear.screening.store import ListStore
from stackclear.settings import Settings, load_settings

DESCRIPTION = """Clear full-stack AI exports under the US EAR: screen parties, classify chips, evaluate packages.

Authenticate with `Authorization: Bearer <API key>` (`stackclear keys create USER`). Roles, lowest first:
viewer < screener < reviewer < admin; each endpoint names the lowest role it needs. Errors always have the
shape `{"error": {"code", "message", "details"?}}`. List endpoints take `?limit=&offset=` and return the
total in `X-Total-Count` and the next page in `Link`.
"""


class StackclearAPI(FastAPI):
    """The FastAPI application with the screening hot path in front of it: ``POST /v1/screen`` goes to
    :func:`~stackclear.api.fastpath.screen_asgi` inside the same guard middleware as every request, and
    everything else (lifespan included) to FastAPI as usual. See :mod:`stackclear.api.fastpath`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._screen: ASGIApp = GuardMiddleware(screen_asgi)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if is_screen_request(scope):
            scope["app"] = self  # as Starlette sets it: the endpoint reads the app's state
            await self._screen(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def _records_backend(settings: Settings) -> tuple[AuthBackend | None, Any]:
    """The records database's auth and recorder, when the records layer is installed."""
    try:
        from stackclear.api.records_bridge import connect
    except ImportError:  # the db extra is not installed
        return None, None
    return connect(settings)


def create_app(settings: Settings | None = None, *, auth: AuthBackend | None = None, records: Any = None,
               store: ListStore | None = None, console: bool = True) -> FastAPI:
    """Build the app. ``auth``/``records`` default to the records database named by the settings."""
    settings = settings or load_settings()
    if auth is None:
        auth, found = _records_backend(settings)
        records = records if records is not None else found
    if auth is None:
        from stackclear.api.memory_auth import MemoryAuth

        auth = MemoryAuth()  # nobody can sign in: the records layer is missing
    store = store or ListStore(settings.home, max_age_days=settings.max_list_age_days)
    screeners = ScreenerHolder(store, cache_dir=settings.cache_dir)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        screeners.load()  # once per worker, before the first request
        _warm_up()
        _collect_oldest_rarely(True)
        try:
            yield
        finally:
            _collect_oldest_rarely(False)
        if records is not None and hasattr(records, "db"):
            records.db.dispose()

    app = StackclearAPI(title="stackclear", version=__version__, description=DESCRIPTION, openapi_url="/openapi.json",
                         docs_url=None, redoc_url=None, lifespan=lifespan, **_no_telemetry())
    app.state.settings = settings
    app.state.auth = auth
    app.state.records = records
    app.state.store = store
    app.state.screeners = screeners
    app.state.sessions = SessionCodec(load_secret(settings.home))
    install_error_handlers(app)
    # the screening hot path first: a request is matched against the routes in this order
    routers = [screening.fast_router] + [module.router for module in (system, screening, classify, evaluate, lists)]
    routers += _records_routers()
    for router in routers:
        app.include_router(router)
    app.state.api_routers = routers
    if console:
        from stackclear.web import mount_console

        mount_console(app)
    app.add_middleware(GuardMiddleware)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _no_telemetry() -> dict[str, Any]:
    """FastAPI's built-in OpenTelemetry hooks off (newer FastAPI checks them on every request; nothing here
    exports telemetry): the keyword where this FastAPI has it."""
    import inspect

    if "telemetry" not in inspect.signature(FastAPI.__init__).parameters:
        return {}
    return {"telemetry": {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}}


def prepare(settings: Settings | None = None) -> str:
    """What ``stackclear serve --workers N`` does once in the parent before starting the workers, so they do
    not race each other at start: create the records database's schema (SQLite or PostgreSQL) and build
    the current snapshot's screening index into the disk cache (each worker then reads it instead of
    building it). Returns a line for the log; a problem is left for the workers to report (fail closed).
    """
    from stackclear.errors import StackclearError
    from stackclear.screening.index_cache import cached_screener

    settings = settings or load_settings()
    notes = []
    try:
        from stackclear.records import open_database
    except ImportError:  # the db extra is not installed: the workers serve without records
        notes.append("no records database (the db extra is not installed)")
    else:
        db = open_database(settings.database_url)
        db.dispose()
    store = ListStore(settings.home, max_age_days=settings.max_list_age_days)
    try:
        fresh, reason = store.freshness()
        if fresh:
            snap = store.current()
            cached_screener(store, snap, cache_dir=settings.cache_dir)
            notes.append(f"screening index of snapshot {snap.id if snap else None} in the cache")
        else:
            notes.append(f"no fresh lists ({reason}): screening fails closed until lists are imported")
    except StackclearError as exc:
        notes.append(f"screening index not prepared: {exc}")
    return "; ".join(notes)


#: Full collections of the serving process at most once per this many collections of the middle generation
#: (CPython's default: 10).
OLDEST_GENERATION_EVERY = 100
_SERVING: list[tuple[int, int, int]] = []  # one per app serving in this process: the thresholds before the first
_SERVING_LOCK = threading.Lock()


def _collect_oldest_rarely(serving: bool) -> None:
    """Make the collector's full passes rarer while an app serves (``serving``), as before once none does.

    The screening index read from the disk cache decodes names, entries and postings on first use and keeps
    them, and the matcher's caches keep what it derived from earlier names: while a worker is young nearly every
    screen request adds ~30 long-lived objects, none of them garbage. CPython's collector then re-traverses
    the whole oldest generation every ten middle-generation passes (when it has grown by a quarter): measured in
    process on the full CSL with names never seen before (BENCHMARKS.md, session 8), ~70-80 µs of every
    ~450 µs screen request. A full pass every hundred middle ones leaves cyclic garbage of long-lived objects
    (there is hardly any: requests' own garbage dies young) to be found a little later. The young generations
    keep their thresholds. Apps serving at once in one process (tests) count: the last to stop restores."""
    with _SERVING_LOCK:
        if serving:
            if not _SERVING:
                before = gc.get_threshold()
                _SERVING.append(before)
                gc.set_threshold(before[0], before[1], max(before[2], OLDEST_GENERATION_EVERY))
            else:
                _SERVING.append(_SERVING[0])
        elif _SERVING:
            before = _SERVING.pop()
            if not _SERVING:
                gc.set_threshold(*before)


def _warm_up() -> None:
    """Load the rule set, the catalog and the engine now, so the first evaluation does not pay for them."""
    import stackclear.determine  # noqa: F401
    from stackclear.catalog import default_catalog
    from stackclear.rules.loader import default_rules

    default_rules()
    default_catalog()


def _records_routers() -> list[Any]:
    try:
        from stackclear.api.routers import records as records_routes
    except ImportError:
        return []
    return list(records_routes.ROUTERS)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document with its 422 schema replaced by ours, so every error documents the one shape."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    ours = "#/components/schemas/ErrorResponse"

    def fix(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("$ref") in ("#/components/schemas/HTTPValidationError",):
                node["$ref"] = ours
            for value in node.values():
                fix(value)
        elif isinstance(node, list):
            for value in node:
                fix(value)

    fix(doc)
    _declare_roles(app, doc)
    for name, schema in schemas.items():
        if name.startswith("Body_") and "examples" not in schema:
            example = {key: _placeholder(prop) for key, prop in schema.get("properties", {}).items()}
            schema["examples"] = [example]
    app.openapi_schema = copy.deepcopy(doc)
    return app.openapi_schema


def _declare_roles(app: FastAPI, doc: dict[str, Any]) -> None:
    """Each operation's role as ``x-required-role`` (and in its description), with the bearer scheme."""
    from fastapi.routing import APIRoute

    doc["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer",
                                                       "description": "An API key from `stackclear keys create`"}}
    routes = [route for router in app.state.api_routers for route in router.routes]
    for route in routes:
        if not isinstance(route, APIRoute):
            continue
        roles = [getattr(dep.call, "required_role", None) for dep in route.dependant.dependencies]
        roles.append(getattr(route.endpoint, "required_role", None))  # an endpoint that authorizes itself
        role = next((r for r in roles if r is not None), None)
        if role is None:
            continue
        for method in route.methods or ():
            operation = doc["paths"].get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            operation["security"] = [{"bearer": []}]
            operation["x-required-role"] = role.label
            note = f"Role: {role.label} or higher."
            operation["description"] = f"{operation.get('description', '').strip()}\n\n{note}".strip()


def _placeholder(prop: dict[str, Any]) -> Any:
    if prop.get("type") == "array":
        return ["consolidated.csv"]
    if "anyOf" in prop:
        return "2026-12-01"
    return "value"
