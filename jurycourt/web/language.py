"""The language of each request, and the switcher that changes it.

The language is worked out once, by ``web.middleware.language_of`` (RequestGuard's refusals speak it
too). A signed-in person sees their own language (stored on their record, used for everything sent to
them too); a visitor sees the language they picked with the switcher (a cookie), else the one their
browser asks for first. Pages, fragments and errors are rendered inside that language.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from jurycourt import i18n
from jurycourt.actions.people import set_own_language
from jurycourt.settings import Settings
from jurycourt.web.middleware import language_of

#: A year: a visitor's choice outlives their visit.
COOKIE_SECONDS = 365 * 24 * 3600


class RequestLanguage:
    """Pure ASGI middleware (inside RequestGuard, which finds the viewer): renders the request in
    its language."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with i18n.use_language(language_of(scope, self.settings)) as language:
            scope.setdefault("state", {})["language"] = language
            await self.app(scope, receive, send)


def _back_to(request: Request, target: str) -> str:
    """Only a path on this site (never another site's address) to return to."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return request.app.url_path_for("home")


async def choose_language(request: Request) -> Response:
    """POST /language: the switcher (a plain form, so it works without JavaScript). A signed-in
    person's choice is kept on their record; a visitor's in a cookie."""
    form = await request.form()
    tag = i18n.supported(str(form.get("language", "")))
    response = RedirectResponse(_back_to(request, str(form.get("next", "/"))), status_code=303)
    if tag is None:
        return response
    viewer = request.state.viewer
    if viewer.signed_in:
        await set_own_language(viewer, tag)
    settings: Settings = request.app.state.settings
    response.set_cookie(settings.language_cookie, tag, max_age=COOKIE_SECONDS, path="/",
                        secure=settings.production, httponly=True, samesite="lax")
    return response
