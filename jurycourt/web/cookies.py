"""The session cookie: HttpOnly, SameSite=Lax, and Secure with the __Host- prefix in production."""

from __future__ import annotations

from starlette.responses import Response

from jurycourt.auth.tokens import new_token
from jurycourt.settings import Settings


def set_session_cookie(response: Response, settings: Settings, token: str) -> None:
    """Sign the browser in; its CSRF cookie is replaced too, so no token from before still works."""
    response.set_cookie(
        settings.session_cookie, token, max_age=settings.session_max_hours * 3600,
        path="/", httponly=True, samesite="lax", secure=settings.production,
    )
    rotate_csrf_cookie(response, settings)


def clear_session_cookie(response: Response, settings: Settings) -> None:
    """Sign the browser out; its CSRF cookie is replaced too, so no token from before still works."""
    response.delete_cookie(
        settings.session_cookie, path="/", httponly=True, samesite="lax", secure=settings.production
    )
    rotate_csrf_cookie(response, settings)


def rotate_csrf_cookie(response: Response, settings: Settings) -> None:
    response.set_cookie(settings.csrf_cookie, new_token(), path="/", httponly=True, samesite="lax",
                        secure=settings.production)


def safe_next(target: str | None, default: str) -> str:
    """Only local paths may follow a sign-in, so a link can't send people elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default
