"""The hearing screen for the courtroom's projector or a tablet, and the coordinator's display link.

The screen needs no session (its secret link is the key, valid on the hearing's day only), shows
no names, and updates itself: its live part is polled and answered 304 while nothing changed.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions.hearing_display import create_display, revoke_displays
from jurycourt.queries.calendar import hearing_for_coordinator
from jurycourt.queries.hearing_screen import screen_for
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import absolute_url, render
from jurycourt.web.views.hearing_page import hearing_page

HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}


async def screen(request: Request) -> Response:
    token = request.path_params["token"]
    found = await screen_for(token, clock.now())
    return render(request, "hearings/screen.html", {"screen": found, "token": token}, headers=HEADERS)


async def screen_live(request: Request) -> Response:
    token = request.path_params["token"]
    found = await screen_for(token, clock.now())
    etag = found.etag()
    headers = {**HEADERS, "ETag": etag, "Cache-Control": "no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return render(request, "hearings/_screen.html", {"screen": found, "token": token}, headers=headers)


async def new_display(request: Request) -> Response:
    """Make (or replace) the hearing's display link and show it, this once."""
    viewer = signed_in(request)
    found = await hearing_for_coordinator(viewer, int(request.path_params["hearing_id"]))
    return await answer(request, Form(), lambda: create_display(viewer, found),
                        done=lambda token: hearing_page(
                            request, found, display_url=absolute_url(request, "hearing_screen", token=token)),
                        failed=lambda form, status: hearing_page(request, found, error=form.message,
                                                                 status_code=status))


async def stop_display(request: Request) -> Response:
    viewer = signed_in(request)
    found = await hearing_for_coordinator(viewer, int(request.path_params["hearing_id"]))
    await revoke_displays(viewer, found)
    return redirect(request, "hearing", hearing_id=found.id)
