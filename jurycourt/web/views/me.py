"""The personal page: roles, duties, and for coordinators a to-do list."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions.accounts import change_password
from jurycourt.jobs.texts import texting_on
from jurycourt.queries.calendar_files import active_feed
from jurycourt.queries.coordinator_day import coordinator_day
from jurycourt.queries.family import has_credits, has_duties, my_children
from jurycourt.queries.me import coordinator_todo, upcoming_seats
from jurycourt.queries.my_cases import my_cases
from jurycourt.queries.my_rooms import my_rooms
from jurycourt.queries.people import own_memberships
from jurycourt.queries.reach import out_of_reach
from jurycourt.web.answer import answer
from jurycourt.web.cookies import set_session_cookie
from jurycourt.web.forms import Form, read_form
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render


async def me(request: Request) -> Response:
    viewer = signed_in(request)
    memberships = await own_memberships(viewer)
    todo = await coordinator_todo(viewer, request.app.state.snapshots) if viewer.is_coordinator else []
    seats = await upcoming_seats(viewer)
    return render(request, "account/me.html", {
        "memberships": memberships, "todo": todo, "seats": seats,
        "children": await my_children(viewer),
        "day": await coordinator_day(viewer) if viewer.is_coordinator else None,
        "earns_credits": has_credits(memberships),
        # a parent has no duties: no duties list, no calendar feed of them
        "has_duties": has_duties(memberships, seats),
        "password_changed": request.query_params.get("done") == "password",
        "calendar_feed": await active_feed(viewer),
        "my_cases": await my_cases(viewer),
        "rooms": await my_rooms(viewer),
        "out_of_reach": await out_of_reach(viewer.coordinated_programs, texting_on(request.app.state.settings),
                                           clock.now()) if viewer.is_coordinator else [],
    })


async def password_form(request: Request) -> Response:
    signed_in(request)
    return render(request, "account/password.html", {"form": Form()})


async def password(request: Request) -> Response:
    viewer = signed_in(request)
    data = await read_form(request)
    form = Form()
    settings = request.app.state.settings

    def changed(token: str) -> Response:
        response = redirect(request, "me", query={"done": "password"})
        set_session_cookie(response, settings, token)
        return response

    async def failed(form: Form, status: int) -> Response:
        return render(request, "account/password.html", {"form": form}, status_code=status)
    return await answer(request, form,
                        lambda: change_password(viewer, str(data.get("current") or ""),
                                                str(data.get("password") or ""), str(data.get("confirm") or ""),
                                                request.app.state.hasher, settings),
                        done=changed, failed=failed, field="password")
