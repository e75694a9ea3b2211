"""Coordinators who must use two-step sign-in reach nothing but its set-up page until it is on."""

from __future__ import annotations

from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

SETUP = "/me/two-factor"
OPEN_PATHS = ("/me/two-factor", "/logout", "/static/", "/healthz")


class TwoFactorGate:
    """Runs inside RequestGuard, which has found the viewer and checked the CSRF token."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        viewer = scope.get("state", {}).get("viewer") if scope["type"] == "http" else None
        if viewer is not None and viewer.needs_totp and not scope["path"].startswith(OPEN_PATHS):
            await RedirectResponse(SETUP, status_code=303)(scope, receive, send)
            return
        await self.app(scope, receive, send)
