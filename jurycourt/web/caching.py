"""Conditional GETs for public pages: ETag and Last-Modified for anonymous visitors, and 304.

Signed-in visitors get neither (the middleware makes their responses ``no-store``).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import i18n


def conditional(request: Request, seed: str, last: datetime | None, *,
                page: bool = True) -> tuple[Response | None, dict[str, str]]:
    """A 304 when the anonymous visitor's copy is current, and the validators to send otherwise.

    ``seed`` is whatever changes when the content does; the URL is added here, and for an HTML
    ``page`` the visitor's CSRF token too (the page carries it). Anything else (a feed, a PDF) is
    the same for every visitor, and so is its ETag: a feed reader gets its 304."""
    if request.state.viewer.signed_in:
        return None, {}
    token = getattr(request.state, "csrf_token", "") if page else ""
    full = f"{seed}|{i18n.current_language()}|{request.url.path}?{request.url.query}|{token}"
    etag = '"' + hashlib.sha256(full.encode()).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Cookie, Accept-Language"}  # i18n: internal
    if last:
        headers["Last-Modified"] = format_datetime(last.astimezone(UTC).replace(microsecond=0), usegmt=True)
    match = request.headers.get("if-none-match")
    if match is not None:
        if etag in [m.strip().removeprefix("W/") for m in match.split(",")] or match.strip() == "*":
            return Response(status_code=304, headers=headers), headers
        return None, headers
    since = request.headers.get("if-modified-since")
    if since and last:
        try:
            if last.replace(microsecond=0) <= parsedate_to_datetime(since):
                return Response(status_code=304, headers=headers), headers
        except (TypeError, ValueError):
            pass
    return None, headers
