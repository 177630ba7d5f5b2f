"""The console's routes: server-rendered pages over the same core calls as the API.

Every page needs a signed-in user (session cookie) with the role the page declares; every form post
carries the session's CSRF token. Templates are autoescaped, so party names, reasons and uploaded text are
shown as text whatever they contain. Pages work without JavaScript; htmx (``hx-boost``) makes links and
forms swap the page body in place.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import FormData, UploadFile

from stackclear import __version__
from stackclear.api.errors import ApiError
from stackclear.api.security import LOGIN_CSRF_COOKIE, SESSION_COOKIE, Principal, Role
from stackclear.errors import StackclearError

HERE = Path(__file__).parent
MAX_UPLOAD = 1 << 20

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # every value is escaped, whatever the template's extension
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _num(value: Any, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{float(value):,.{digits}f}"


env.filters["num"] = _num
router = APIRouter(include_in_schema=False)


class Session:
    """The signed-in user of a console request, with the CSRF token for its forms."""

    def __init__(self, principal: Principal, csrf: str, data: dict[str, Any]) -> None:
        self.principal = principal
        self.csrf = csrf
        self.data = data

    def can(self, role: Role) -> bool:
        return self.principal.role >= role


class _Redirect(Exception):
    def __init__(self, url: str) -> None:
        self.url = url


def session_of(request: Request) -> Session | None:
    codec = request.app.state.sessions
    data = codec.read(request.cookies.get(SESSION_COOKIE))
    if data is None:
        return None
    principal = request.app.state.auth.session_principal(str(data.get("u")), data.get("k"))
    if principal is None:
        return None
    return Session(principal, codec.csrf_for(data), data)


def need(request: Request, role: Role) -> Session:
    session = session_of(request)
    if session is None:
        raise _Redirect("/login?next=" + quote(request.url.path, safe="/"))
    if not session.can(role):
        raise ApiError(403, "forbidden", f"this page needs the {role.label} role or higher; "
                       f"{session.principal.name} has {session.principal.role.label}")
    return session


async def form_of(request: Request, session: Session | None) -> FormData:
    """The posted form, after checking its CSRF token against the session (403 otherwise)."""
    form = await request.form(max_files=8, max_fields=64)
    token = form.get("csrf_token")
    if session is None or not isinstance(token, str) or not request.app.state.sessions.csrf_ok(session.data, token):
        raise ApiError(403, "csrf", "the form's CSRF token is missing or does not match your session; reload the page")
    return form


def render(request: Request, template: str, session: Session | None, status: int = 200, **context: Any) -> HTMLResponse:
    html = env.get_template(template).render(
        request=request, session=session, user=session.principal if session else None,
        csrf=session.csrf if session else "", version=__version__, path=request.url.path, Role=Role, **context)
    return HTMLResponse(html, status_code=status)


def _text(form: FormData, name: str, limit: int = 500) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _date(raw: str | None, default: dt.date | None = None) -> dt.date | None:
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ApiError(422, "invalid_input", f"expected a date YYYY-MM-DD, got {raw!r}") from None


def _safe_next(raw: str | None) -> str:
    if raw and raw.startswith("/") and not raw.startswith("//") and "\\" not in raw:
        return raw
    return "/"


# --- sign in / out ----------------------------------------------------------------------------------------

@router.get("/login")
async def login_page(request: Request, next: str = "/") -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html.j2", None, next=_safe_next(next), login_csrf=token, error=None)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login",
                        secure=request.url.scheme == "https", max_age=3600)
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=8)
    token, cookie = form.get("csrf_token"), request.cookies.get(LOGIN_CSRF_COOKIE)
    nxt = _safe_next(_text(form, "next", 300))
    if not isinstance(token, str) or not cookie or not secrets.compare_digest(token, cookie):
        raise ApiError(403, "csrf", "the sign-in form expired; reload the page and sign in again")
    auth = request.app.state.auth
    key, user, password = _text(form, "key", 300), _text(form, "user", 200), _text(form, "password", 500)
    principal = auth.authenticate_key(key) if key else (auth.authenticate_password(user, password)
                                                         if user and password else None)
    if principal is None:
        fresh = secrets.token_urlsafe(24)
        response = render(request, "login.html.j2", None, status=401, next=nxt, login_csrf=fresh,
                          error="Sign-in failed: check the key, or the user name and password.")
        response.set_cookie(LOGIN_CSRF_COOKIE, fresh, httponly=True, samesite="strict", path="/login",
                            secure=request.url.scheme == "https", max_age=3600)
        return response
    codec = request.app.state.sessions
    redirect = RedirectResponse(nxt, status_code=303)
    redirect.set_cookie(SESSION_COOKIE, codec.issue(principal), httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https", max_age=codec.lifetime)
    redirect.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return redirect


@router.post("/logout")
async def logout(request: Request) -> Response:
    session = session_of(request)
    await form_of(request, session)
    redirect = RedirectResponse("/login", status_code=303)
    redirect.delete_cookie(SESSION_COOKIE, path="/")
    return redirect


# --- screening --------------------------------------------------------------------------------------------

@router.get("/")
async def home(request: Request) -> Response:
    need(request, Role.VIEWER)
    return RedirectResponse("/screen", status_code=303)


@router.get("/screen")
async def screen_page(request: Request) -> HTMLResponse:
    session = need(request, Role.VIEWER)
    return render(request, "screen.html.j2", session, result=None, query={}, error=None,
                  lists=request.app.state.screeners.screener().lists)


@router.post("/screen")
async def screen_post(request: Request) -> HTMLResponse:
    from stackclear.screening.queries import check_country, check_name, check_schema
    from stackclear.screening.screen import PartyQuery
    from stackclear.web.explain import group_hits

    session = need(request, Role.SCREENER)
    form = await form_of(request, session)
    query = {k: _text(form, k) for k in ("name", "country", "schema")}
    screener = request.app.state.screeners.screener()
    try:
        party = PartyQuery("console", check_name(query["name"], "name"), check_schema(query["schema"] or None),
                           check_country(query["country"] or None))
    except StackclearError as exc:
        return render(request, "screen.html.j2", session, status=422, result=None, query=query, error=str(exc),
                      lists=screener.lists)
    result = screener.screen(party)
    return render(request, "screen.html.j2", session, result=result, groups=group_hits(result), query=query,
                  error=None, lists=screener.lists)


# --- packages ---------------------------------------------------------------------------------------------

@router.get("/package")
async def package_page(request: Request) -> HTMLResponse:
    session = need(request, Role.VIEWER)
    return render(request, "package.html.j2", session, text="", as_of="", compare="", result=None, diff=None,
                  error=None, destination="", end_user="")


async def _package_text(form: FormData) -> str:
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise ApiError(413, "payload_too_large", f"the package file exceeds {MAX_UPLOAD:,} bytes")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ApiError(422, "invalid_input", f"the package file is not UTF-8 text (byte {exc.start})") from None
    value = form.get("text")
    return value if isinstance(value, str) else ""


@router.post("/package")
async def package_post(request: Request) -> HTMLResponse:
    from starlette.concurrency import run_in_threadpool

    from stackclear.api.service import package_from_text, run_diff, run_evaluate
    from stackclear.model.io import bom_overrides

    session = need(request, Role.SCREENER)
    form = await form_of(request, session)
    text = await _package_text(form)
    as_of_raw, compare_raw = _text(form, "as_of", 20), _text(form, "compare", 20)
    destination, end_user = _text(form, "destination", 2).upper(), _text(form, "end_user", 500)
    context: dict[str, Any] = {"text": text, "as_of": as_of_raw, "compare": compare_raw, "result": None,
                               "diff": None, "error": None, "destination": destination, "end_user": end_user}
    holder = request.app.state.screeners
    try:
        as_of, compare = _date(as_of_raw), _date(compare_raw)
        if not text.strip():
            raise ApiError(422, "invalid_input", "paste a package (YAML or JSON) or choose a file")
        overrides = bom_overrides(destination, None, end_user, None, None, None) if '"CycloneDX"' in text else {}
        loaded = package_from_text(text, source="package", overrides=overrides or None)
        result = await run_in_threadpool(run_evaluate, loaded, as_of, holder)
        context["result"] = result
        context["as_of"] = as_of_raw or str(result.get("as_of", ""))
        if compare is not None:
            start = _date(str(result.get("as_of"))) or dt.date.today()
            context["diff"] = await run_in_threadpool(run_diff, loaded, compare, start, holder)
    except (StackclearError, ApiError) as exc:
        context["error"] = exc.message if isinstance(exc, ApiError) else str(exc)
        return render(request, "package.html.j2", session, status=422, **context)
    return render(request, "package.html.j2", session, **context)


# --- destination matrix (issue 14) ----------------------------------------------------------------------

@router.get("/matrix")
async def matrix_page(request: Request) -> HTMLResponse:
    session = need(request, Role.VIEWER)
    return render(request, "matrix.html.j2", session, text="", as_of="", dest="", since="", result=None,
                  error=None)


@router.post("/matrix")
async def matrix_post(request: Request) -> HTMLResponse:
    """The destination matrix of a package (the same computation as ``stackclear matrix``), screened once
    against this worker's current index."""
    from starlette.concurrency import run_in_threadpool

    from stackclear.api.service import package_from_text
    from stackclear.report.run import matrix

    session = need(request, Role.SCREENER)
    form = await form_of(request, session)
    text = await _package_text(form)
    as_of_raw, since_raw, dest = _text(form, "as_of", 20), _text(form, "since", 20), _text(form, "dest", 2000)
    context: dict[str, Any] = {"text": text, "as_of": as_of_raw, "since": since_raw, "dest": dest, "result": None,
                               "error": None}
    screener = request.app.state.screeners.screener()
    try:
        as_of, since = _date(as_of_raw), _date(since_raw)
        if not text.strip():
            raise ApiError(422, "invalid_input", "paste a package (YAML or JSON) or choose a file")
        loaded = package_from_text(text, source="package")
        tokens = [t.strip() for t in (dest or ",".join(loaded.package.targets or [])).split(",") if t.strip()]
        if not tokens:
            raise ApiError(422, "invalid_input", "name destinations (ISO codes, groups such as A:5, blocs such as GCC, "
                                                 "or all), or give the package targets")
        context["result"] = await run_in_threadpool(
            lambda: matrix(loaded, tokens, as_of, since=since, screeners=lambda _paths: screener))
    except (StackclearError, ApiError) as exc:
        context["error"] = exc.message if isinstance(exc, ApiError) else str(exc)
        return render(request, "matrix.html.j2", session, status=422, **context)
    return render(request, "matrix.html.j2", session, **context)


# --- lists ------------------------------------------------------------------------------------------------

@router.get("/lists")
async def lists_page(request: Request) -> HTMLResponse:
    session = need(request, Role.VIEWER)
    store = request.app.state.store
    return render(request, "lists.html.j2", session, status_info=store.status(), current=store.current(),
                  snapshots=list(reversed(store.snapshots()))[:20], error=None, imported=None)


@router.post("/lists/import")
async def lists_import(request: Request) -> HTMLResponse:
    from starlette.concurrency import run_in_threadpool

    from stackclear.api.routers.lists import import_uploads

    session = need(request, Role.ADMIN)
    form = await form_of(request, session)
    uploads = []
    for item in form.getlist("files"):
        if isinstance(item, UploadFile) and item.filename:
            uploads.append((item.filename, await item.read()))
    error, imported = None, None
    status = 200
    try:
        if not uploads:
            raise ApiError(422, "invalid_input", "choose at least one list file")
        imported = await run_in_threadpool(import_uploads, request.app.state, uploads,
                                           _date(_text(form, "as_of", 20)), session.principal)
    except (StackclearError, ApiError) as exc:
        error, status = (exc.message if isinstance(exc, ApiError) else str(exc)), 422
    store = request.app.state.store
    return render(request, "lists.html.j2", session, status=status, status_info=store.status(),
                  current=store.current(), snapshots=list(reversed(store.snapshots()))[:20], error=error,
                  imported=imported)


# --- chip explorer ----------------------------------------------------------------------------------------

PRECISIONS = ("fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8", "int4", "fp4")


@router.get("/chips")
async def chips_page(request: Request) -> HTMLResponse:
    from stackclear.api.routers.classify import classify_record
    from stackclear.catalog import classify_catalog_item, lookup
    from stackclear.web.chart import build_chart

    session = need(request, Role.VIEWER)
    params = request.query_params
    error = None
    try:
        as_of = _date(params.get("as_of"), dt.date.today()) or dt.date.today()
    except ApiError as exc:
        as_of, error = dt.date.today(), exc.message
    chip = (params.get("chip") or "")[:200] or None
    detail, extra, title = None, None, None
    spec = {p: params.get(p, "")[:20] for p in (*PRECISIONS, "die_area_mm2", "datacenter", "interconnect_gbs")}
    try:
        if any(spec[p] for p in PRECISIONS):
            record: dict[str, Any] = {"id": "your chip", "tops": {p: float(spec[p]) for p in PRECISIONS if spec[p]}}
            if spec["die_area_mm2"]:
                record["die_area_mm2"] = float(spec["die_area_mm2"])
            if spec["interconnect_gbs"]:
                record["interconnect_gbs"] = float(spec["interconnect_gbs"])
            record["datacenter"] = {"yes": True, "no": False, "ambiguous": "ambiguous"}.get(spec["datacenter"], True)
            detail, title = classify_record(record, as_of), "your chip"
            extra = ("your chip", detail.eccn, detail.tpp or 0.0, detail.performance_density)
            chip = None
        elif chip:
            entry = lookup(chip)
            detail, title = classify_catalog_item(entry, as_of), entry.name
            chip = entry.name
    except ValueError:
        error = "the figures must be numbers (dense TOPS/TFLOPS, mm², GB/s)"
    except StackclearError as exc:
        error = str(exc)
    chart = build_chart(as_of, chip, extra)
    return render(request, "chips.html.j2", session, chart=chart, detail=detail, title=title, spec=spec,
                  precisions=PRECISIONS, error=error)


# --- wiring -----------------------------------------------------------------------------------------------

def _error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html.j2", session_of(request), status=status, status_code=status, message=message)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/v1") and request.url.path != "/openapi.json"


def install(app: FastAPI) -> None:
    """Add the console's routes, its static files and its HTML error pages (the API keeps JSON errors)."""
    app.include_router(router)
    try:
        from stackclear.web import party_pages, records_pages
    except ImportError:  # the db extra is not installed: no records pages
        pass
    else:
        app.include_router(records_pages.router)
        app.include_router(party_pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = dict(app.exception_handlers)
    api_error = handlers[ApiError]
    http_error = handlers.get(404)

    async def on_redirect(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, _Redirect)
        return RedirectResponse(exc.url, status_code=303)

    async def on_api_error(request: Request, exc: Exception) -> Response:
        if _wants_html(request):
            assert isinstance(exc, ApiError)
            return _error_page(request, exc.status, exc.message)
        return await api_error(request, exc)

    app.add_exception_handler(_Redirect, on_redirect)
    app.add_exception_handler(ApiError, on_api_error)
    del http_error
