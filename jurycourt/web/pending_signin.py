"""The half-signed-in state between a right password and the one-time code.

A short-lived signed cookie names the account. It opens no session and grants nothing: only
the code form reads it, and the code form is throttled like the password form.
"""

from __future__ import annotations

from datetime import datetime

from starlette.responses import Response

from jurycourt.auth.tokens import same, sign
from jurycourt.settings import Settings

PENDING_SECONDS = 300


def cookie_name(settings: Settings) -> str:
    return "__Host-jc_pending" if settings.production else "jc_pending"


def _signature(settings: Settings, account_id: int, expires: int) -> str:
    return sign(settings.secret_key, f"pending-signin:{account_id}:{expires}")


def pending_value(settings: Settings, account_id: int, now: datetime) -> str:
    expires = int(now.timestamp()) + PENDING_SECONDS
    return f"{account_id}.{expires}.{_signature(settings, account_id, expires)}"


def pending_account(settings: Settings, value: str | None, now: datetime) -> int | None:
    """The account waiting for its code, or None when the cookie is missing, forged or stale."""
    try:
        account, expires, signature = (value or "").split(".")
        account_id, expires_at = int(account), int(expires)
    except ValueError:
        return None
    if expires_at < now.timestamp() or not same(signature, _signature(settings, account_id, expires_at)):
        return None
    return account_id


def set_pending_cookie(response: Response, settings: Settings, value: str) -> None:
    response.set_cookie(cookie_name(settings), value, max_age=PENDING_SECONDS, path="/", httponly=True,
                        samesite="lax", secure=settings.production)


def clear_pending_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(cookie_name(settings), path="/", httponly=True, samesite="lax",
                           secure=settings.production)
