"""Pure ASGI middleware: security headers, request size limits, the viewer, and CSRF.

Order (outermost first): SecurityHeaders → RequestGuard. RequestGuard reads the body of
every state-changing request up to its limit (refusing larger ones with 413 before they are
read into memory), works out who is asking, checks the CSRF token, and replays the body to
the app.
"""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jurycourt import i18n
from jurycourt.auth import sessions
from jurycourt.auth.tokens import new_token, same, sign
from jurycourt.auth.viewer import ANONYMOUS
from jurycourt.db import is_outage, note_outage
from jurycourt.i18n import _l, gettext
from jurycourt.settings import Settings
from jurycourt.web.params import parse_number

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Every state-changing request needs the token, and none may come from another site. The
#: exemptions prove themselves otherwise and carry no cookie: the text provider's webhooks (the
#: provider's signature, which their views check first: jurycourt.web.views.texting), and the stop
#: link of the findings' mail, which mail programs post to in one click (RFC 8058) with the signed
#: token in its address (jurycourt.web.views.follow).
SIGNED_WEBHOOKS = ("/hooks/texts/", "/follow/stop/")
CROSS_SITE = _l("This request came from another site, so it was refused. Go to this site and try again there.")
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # i18n: internal
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)


#: The headers every response carries, as raw pairs (appended as they are: no per-request work).
_FIXED = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
_HSTS = (b"strict-transport-security", b"max-age=63072000; includeSubDomains")
_CSP = (b"content-security-policy", CSP.encode())
_NO_STORE = (b"cache-control", b"no-store")


class SecurityHeaders:
    """Strict headers on every response, ``no-store`` whenever someone is signed in."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = secure_headers(list(message.get("headers", ())), scope, self.settings)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def secure_headers(raw: list[tuple[bytes, bytes]], scope: Scope, settings: Settings) -> list[tuple[bytes, bytes]]:
    """The raw (lower-case) headers of a response to ``scope`` with the security headers set (also
    used by the 500 handler, which Starlette runs outside every middleware). A response's own
    Content-Security-Policy (a document's sandbox) and Cache-Control (a public page's validators)
    stand, except that a signed-in viewer's responses are always ``no-store``."""
    fixed = [*_FIXED, _HSTS] if settings.production else _FIXED
    names = {name for name, _ in raw}
    viewer = scope.get("state", {}).get("viewer")
    signed_in = viewer is not None and viewer.signed_in
    replaced = {name for name, _ in fixed}
    if signed_in:
        replaced.add(b"cache-control")
    if names & replaced:
        raw = [(name, value) for name, value in raw if name not in replaced]
        names = {name for name, _ in raw}
    raw.extend(fixed)
    if b"content-security-policy" not in names:
        raw.append(_CSP)
    # Public pages that may be cached say so themselves (ETag, max-age).
    if signed_in or (b"cache-control" not in names and not scope["path"].startswith("/static/")):
        raw.append(_NO_STORE)
    return raw


class RequestRefused(Exception):
    def __init__(self, status_code: int, message: str) -> None:
        self.status_code = status_code
        self.message = message


def request_cookies(scope: Scope) -> dict[str, str]:
    """The request's cookies, parsed as Starlette's ``request.cookies`` parses them."""
    for name, value in scope["headers"]:
        if name == b"cookie":
            return cookie_parser(value.decode("latin-1"))
    return {}


def csrf_token_for(settings: Settings, csrf_cookie: str, session_id: str | None) -> str:
    """The token forms must send back: an HMAC of the browser's CSRF cookie and its session (none
    before sign-in). A token is worthless to another browser, and to this one once its session ends:
    signing in or out also gives the browser a new CSRF cookie (web/cookies.py)."""
    return sign(settings.secret_key, f"csrf:{csrf_cookie}:{session_id or ''}")


def language_of(scope: Scope, settings: Settings) -> str:
    """The language for this request (see the module's docstring)."""
    viewer = scope.get("state", {}).get("viewer")
    chosen = i18n.supported(viewer.language) if viewer is not None and viewer.signed_in else None
    if chosen is None:
        chosen = i18n.supported(request_cookies(scope).get(settings.language_cookie))
    if chosen is None:
        accept = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"accept-language"), "")
        chosen = i18n.negotiate(accept)
    return chosen


class RequestGuard:
    def __init__(self, app: ASGIApp, settings: Settings, on_refuse) -> None:
        self.app = app
        self.settings = settings
        self.on_refuse = on_refuse  # async (scope, receive, send, status, message)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings = self.settings
        cookies = request_cookies(scope)
        state = scope.setdefault("state", {})
        database_down = False
        if scope["path"].startswith("/static/"):
            state["viewer"] = ANONYMOUS  # public files: no session look-up
        else:
            token = cookies.get(settings.session_cookie)
            try:
                state["viewer"] = await sessions.viewer_for(token, settings)
            except Exception as problem:
                if not is_outage(problem):
                    raise
                # Raised here it would miss the app's 503 handler and end as a bare 500.
                state["viewer"] = ANONYMOUS
                database_down = True
                await note_outage()
        csrf_cookie = cookies.get(settings.csrf_cookie, "")
        fresh_cookie = None
        if len(csrf_cookie) < 32:
            csrf_cookie = fresh_cookie = new_token()
        state["csrf_cookie"] = csrf_cookie
        state["csrf_token"] = csrf_token_for(settings, csrf_cookie, state["viewer"].session_id)

        send = self._setting_cookie(send, fresh_cookie) if fresh_cookie else send
        # The refusals below are written and shown in the visitor's language (RequestLanguage, inside
        # this guard, sets it for the app; these never reach the app).
        with i18n.use_language(language_of(scope, settings)):
            if database_down:
                await self.on_refuse(scope, receive, send, 503, "")  # "" → the standard 503 message
                return
            try:
                if scope["method"] not in SAFE_METHODS:
                    body = await self._read_body(scope, receive)
                    if not scope["path"].startswith(SIGNED_WEBHOOKS):
                        await self._check_csrf(scope, body, state["csrf_token"], fresh_cookie is not None)
                    receive = _replay(body, receive)
                else:
                    self._check_declared_length(scope)
            except RequestRefused as refusal:
                await self.on_refuse(scope, receive, send, refusal.status_code, refusal.message)
                return
        await self.app(scope, receive, send)

    def _setting_cookie(self, send: Send, value: str) -> Send:
        secure = "; Secure" if self.settings.production else ""
        cookie = f"{self.settings.csrf_cookie}={value}; Path=/; HttpOnly; SameSite=Lax{secure}"

        prefix = f"{self.settings.csrf_cookie}=".encode()

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # Only a page carries the token (in its forms and htmx's header): feeds, files, PDFs,
                # JSON, CSV and redirects need no cookie, and a cookie there would spoil shared caches.
                # A response that signs in or out sets a new cookie itself: that one stands.
                if headers.get("content-type", "").startswith("text/html") and not any(
                        name == b"set-cookie" and value.startswith(prefix) for name, value in headers.raw):
                    headers.append("Set-Cookie", cookie)
            await send(message)

        return wrapped

    def _limit(self, scope: Scope) -> int:
        """The largest body accepted, by kind. Starlette's own ``max_body_size`` (app, router, route)
        cannot stand in: it applies inside the middleware, after this guard has read the whole body
        for its CSRF check, answers a plain-text 413, and has one limit where uploads need a larger one."""
        ctype = Headers(scope=scope).get("content-type", "")
        if ctype.startswith("multipart/form-data"):
            return self.settings.max_upload_bytes
        return self.settings.max_body_bytes

    def _check_declared_length(self, scope: Scope) -> int:
        limit = self._limit(scope)
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            length = parse_number(declared, 0, 10**18)
            if length is None:
                raise RequestRefused(400, gettext("The request's length is not a number."))
            if length > limit:
                raise RequestRefused(413, gettext("That is more than this site accepts in one request."))
        return limit

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes:
        limit = self._check_declared_length(scope)
        chunks: list[bytes] = []
        size = 0
        deadline = asyncio.get_running_loop().time() + self.settings.body_timeout
        while True:
            try:
                # A body that trickles in (or stops) would hold a connection, and a restart, forever.
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise RequestRefused(408, gettext("The request took too long to arrive. Try again.")) from None
            if message["type"] == "http.disconnect":
                raise RequestRefused(400, gettext("The request ended early."))
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise RequestRefused(413, gettext("That is more than this site accepts in one request."))
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _check_csrf(self, scope: Scope, body: bytes, expected: str, new_cookie: bool) -> None:
        headers = Headers(scope=scope)
        if headers.get("sec-fetch-site") == "cross-site":  # the browser says another site sent it
            raise RequestRefused(403, CROSS_SITE)
        # A form's own field is rendered with the page it sits on; htmx's header comes from <body>, which
        # a boosted swap keeps from the page before (before a sign-in rotated the token): either may match.
        sent = [token for token in (await _form_token(scope, body), headers.get(CSRF_HEADER)) if token]
        if new_cookie or not any(same(token, expected) for token in sent):
            raise RequestRefused(
                403,
                gettext("This form has expired or did not come from this site. "
                "Go back, reload the page and try again."),
            )


async def _form_token(scope: Scope, body: bytes) -> str:
    ctype = Headers(scope=scope).get("content-type", "")
    if ctype.startswith("application/x-www-form-urlencoded"):
        try:
            values = parse_qs(body.decode("latin-1"), max_num_fields=1000)
        except ValueError:
            return ""
        return (values.get(CSRF_FIELD) or [""])[0]
    if ctype.startswith("multipart/form-data"):
        request = Request(scope, _replay(body, None))
        try:
            async with request.form(max_files=100, max_fields=1000) as form:
                value = form.get(CSRF_FIELD)
                return value if isinstance(value, str) else ""
        except Exception:  # malformed multipart: no token
            return ""
    return ""


def _replay(body: bytes, receive: Receive | None) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if receive is None:
            return {"type": "http.disconnect"}
        return await receive()

    return replay
