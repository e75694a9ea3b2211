"""Calendar files: an .ics per session, and each person's secret, revocable feed address."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions.calendar_feeds import create_feed, revoke_feeds
from jurycourt.formats.ics import MEDIA_TYPE, calendar_file
from jurycourt.queries.calendar_files import FEED_REFRESH, active_feed, feed_events, hearing_event_for
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import absolute_url, is_partial, render


async def hearing_ics(request: Request) -> Response:
    """One session as an .ics download, for a person seated at it or its program's coordinator."""
    viewer = signed_in(request)
    hearing_id = int(request.path_params["hearing_id"])
    event = await hearing_event_for(viewer, hearing_id)
    return Response(calendar_file([event], "jurycourt"), media_type=MEDIA_TYPE, headers={
        "Content-Disposition": f'attachment; filename="jurycourt-{hearing_id}.ics"',
    })


async def feed_ics(request: Request) -> Response:
    """A person's duties for calendar apps to subscribe to; the secret token in the URL is the key."""
    events = await feed_events(request.path_params["token"])
    return Response(calendar_file(events, "jurycourt duties", refresh=FEED_REFRESH), media_type=MEDIA_TYPE,
                    headers={"Cache-Control": "no-store", "X-Robots-Tag": "noindex"})


def _feed_page(request: Request, context: dict) -> Response:
    return render(request, "account/calendar_feed.html", context, fragment="account/_calendar_feed.html")


async def new_feed(request: Request) -> Response:
    """Make (or replace) the viewer's feed address and show it, this once."""
    viewer = signed_in(request)
    token = await create_feed(viewer)
    url = absolute_url(request, "calendar_feed", token=token)
    return _feed_page(request, {"calendar_feed": await active_feed(viewer), "feed_url": url,
                                "webcal_url": "webcal://" + url.split("://", 1)[1]})


async def stop_feed(request: Request) -> Response:
    """Stop every feed address of the viewer."""
    viewer = signed_in(request)
    await revoke_feeds(viewer)
    if is_partial(request):
        return _feed_page(request, {"calendar_feed": None, "stopped": True})
    return redirect(request, "me")
