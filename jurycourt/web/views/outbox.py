"""The coordinator's view of the outbox: what was sent, and what waits for a mail server."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions.outbox import MAX_ATTEMPTS
from jurycourt.domain.messaging import Channel, DeliveryState
from jurycourt.queries.outbox import follower_mail, inbox, outbox_page
from jurycourt.queries.programs import first_coordinated_program
from jurycourt.web.params import parse_page
from jurycourt.web.responses import signed_in
from jurycourt.web.templating import render, url_paths


async def outbox(request: Request) -> Response:
    viewer = signed_in(request)
    page = await outbox_page(viewer, parse_page(request.query_params.get("page")))

    def page_url(number: int) -> str:
        return f"{url_paths(request.app)('outbox')}?page={number}"

    program = await first_coordinated_program(viewer)
    return render(request, "outbox/page.html", {
        "page": page, "page_url": page_url, "max_attempts": MAX_ATTEMPTS,
        "emailing": bool(request.app.state.settings.smtp_host), "zone": program.time_zone,
        "inbox": await inbox(viewer), "followers": await follower_mail(viewer) if page.number == 1 else [],
        "channel_labels": {c.value: c.label for c in Channel},
        "state_labels": {s.value: s.label for s in DeliveryState},
    })
