"""The ways a view ends: a 303 to a named route, or the sign-in page for anonymous visitors."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse

from jurycourt.auth.viewer import Viewer
from jurycourt.web.templating import url_paths


class SignInRequired(Exception):
    """Raised by views that need a signed-in viewer; answered with a redirect to /login."""


def redirect(request: Request, name: str, query: dict[str, str] | None = None, **params) -> RedirectResponse:
    """303 See Other to a named route (a relative URL, so proxies don't matter)."""
    url = str(url_paths(request.app)(name, **params))
    if query:
        url += "?" + urlencode(query)
    return RedirectResponse(url, status_code=303)


def signed_in(request: Request) -> Viewer:
    viewer: Viewer = request.state.viewer
    if not viewer.signed_in:
        raise SignInRequired()
    return viewer
