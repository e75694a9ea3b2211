"""The supervisor's link to confirm community service hours: signed with the app's secret, for one
placement, until it expires (jurycourt.domain.service_sites)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request

from jurycourt.domain.service_sites import link_token
from jurycourt.web.templating import absolute_url

if TYPE_CHECKING:
    from jurycourt.models import ServicePlacement


def supervisor_url(request: Request, placement: ServicePlacement) -> str:
    """The address a supervisor opens to confirm the hours of ``placement``."""
    token = link_token(request.app.state.settings.secret_key, placement.id, placement.link_expires_at,
                       placement.link_nonce)
    return absolute_url(request, "service_hours", token=token)
