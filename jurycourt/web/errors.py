"""Error pages in the site layout. Never a traceback outside development."""

from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import Receive, Scope, Send
from tortoise.exceptions import DBConnectionError

from jurycourt.actions.access_log import note_refusal
from jurycourt.auth.passwords import HashingBusy
from jurycourt.auth.policy import Forbidden, NotFound
from jurycourt.db import is_outage, note_outage
from jurycourt.domain.errors import Refused
from jurycourt.i18n import _, _l
from jurycourt.queries.jury_room import RoomShut
from jurycourt.web.cookies import safe_next
from jurycourt.web.middleware import secure_headers
from jurycourt.web.responses import SignInRequired
from jurycourt.web.templating import is_partial, render, url_paths

log = logging.getLogger("jurycourt.web")
RETRY_AFTER_SECONDS = 5

TITLES = {
    400: _l("That request could not be understood"),
    401: _l("Sign in again"),
    403: _l("You can't do that"),
    404: _l("Page not found"),
    405: _l("That isn't allowed here"),
    408: _l("That took too long to arrive"),
    413: _l("That is too large"),
    429: _l("Too many requests"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is unavailable for a moment"),
}

MESSAGES = {
    400: _l("Something in the request was not as expected. Go back and try again."),
    403: _l("You don't have permission to do that."),
    404: _l("There is nothing here, or you may not see it. Check the address."),
    405: _l("This page can't be used that way."),
    413: _l("That is more than this site accepts in one request."),
    500: _l("The error has been logged. Please try again in a moment."),
    503: _l("We can't reach the database right now. Try again in a minute."),
}


def error_page(request: Request, status: int, message: str | None = None) -> Response:
    """The site's error page for ``status``, with a message safe to show anyone; an htmx partial
    request gets the same words as a short notice, never a whole page to nest in a fragment."""
    context = {
        "status": status,
        "title": TITLES.get(status, "Error"),
        "message": message or MESSAGES.get(status, ""),
    }
    if not hasattr(request.state, "viewer"):
        if is_partial(request):
            return HTMLResponse(f'<p class="alert" role="alert">{status}</p>', status_code=status)
        return HTMLResponse(f"<h1>{status}</h1>", status_code=status)
    return render(request, "errors/error.html", context, status_code=status, fragment="errors/_error.html")


async def http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if exc.status_code in (400, 413, 429) and exc.detail else None
    response = error_page(request, exc.status_code, detail if isinstance(detail, str) else None)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def sign_in_required(request: Request, exc: Exception) -> Response:
    """Anonymous visitors to a signed-in page are sent to sign in, then brought back. An htmx
    request (a live part polling after the session ended, a form posted in place) is answered
    401 with HX-Redirect to sign in and come back to the page it was made from, never with the
    sign-in page to swap into a fragment."""
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.headers.get("hx-request"):
        current = urlsplit(request.headers.get("hx-current-url", ""))
        page = current.path + (f"?{current.query}" if current.query else "")
        paths = url_paths(request.app)
        login = paths("login") + "?" + urlencode({"next": safe_next(page, paths("me"))})
        response = error_page(request, 401, _("Your session has ended. Sign in again to carry on."))
        response.headers["HX-Redirect"] = login
        return response
    return RedirectResponse(url_paths(request.app)("login") + "?" + urlencode({"next": path}), 303)


async def room_shut(request: Request, exc: Exception) -> Response:
    """A seated juror at a room that is not open yet (200: a page saying when it opens) or has
    closed (410): a clear page, or for the live part the same words in place of the room."""
    assert isinstance(exc, RoomShut)
    return render(request, "room/shut.html", {"shut": exc}, status_code=410 if exc.closed else 200,
                  fragment="room/_shut.html")


async def refused(request: Request, exc: Exception) -> Response:
    """A rule refused an action that no form of the page was there to show: say why."""
    assert isinstance(exc, Refused)
    return error_page(request, 400, exc.message)


async def _note_refusal(request: Request, status: int) -> None:
    viewer = getattr(request.state, "viewer", None)
    if viewer is not None and viewer.signed_in:
        route = request.scope.get("route")
        await note_refusal(viewer, status, getattr(route, "name", "") or "")


async def not_found(request: Request, exc: Exception) -> Response:
    await _note_refusal(request, 404)
    return error_page(request, 404)


async def forbidden(request: Request, exc: Exception) -> Response:
    await _note_refusal(request, 403)
    return error_page(request, 403)


async def server_error(request: Request, exc: Exception) -> Response:
    if is_outage(exc):  # the database went away mid-request (e.g. a failover): a 503, not a bug
        response = await unavailable(request, exc)
    else:
        # Log the exception type and route only: messages may hold personal data.
        log.error("500 on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        response = error_page(request, 500)
    # Starlette answers a 500 from ServerErrorMiddleware, outside SecurityHeaders: add them here.
    response.raw_headers[:] = secure_headers(response.raw_headers, request.scope, request.app.state.settings)
    return response


async def unavailable(request: Request, exc: Exception) -> Response:
    """503 while the database is unreachable: never cached, and retried soon."""
    log.warning("database unavailable on %s: %s", request.url.path, type(exc).__name__)
    await note_outage()
    return outage_page(request)


def outage_page(request: Request) -> Response:
    response = error_page(request, 503)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


async def hashing_busy(request: Request, exc: Exception) -> Response:
    """Too many passwords are being checked in this process at once: come back in a moment."""
    response = error_page(request, 429, str(HashingBusy.message))
    response.headers["Retry-After"] = str(HashingBusy.retry_after)
    return response


EXCEPTION_HANDLERS = {
    HashingBusy: hashing_busy,
    HTTPException: http_exception,
    DBConnectionError: unavailable,
    ConnectionError: unavailable,
    SignInRequired: sign_in_required,
    NotFound: not_found,
    RoomShut: room_shut,
    Refused: refused,
    Forbidden: forbidden,
    Exception: server_error,
}


async def refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    """Used by middleware that refuses a request before the app sees it."""
    request = Request(scope, receive)
    response = outage_page(request) if status == 503 else error_page(request, status, message)
    await response(scope, receive, send)
