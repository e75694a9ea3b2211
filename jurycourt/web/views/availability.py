"""When a person can serve: their own page (/me/availability) and their coordinator's copy of it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions import availability as act
from jurycourt.i18n import _l
from jurycourt.queries.availability import (
    AvailabilitySheet,
    availability_for_coordinator,
    my_availability,
    span_of,
)
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, read_form
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import is_partial, render

FIELDS = ["day", "start", "end"]
NOTICES = {"added": _l("Saved. Thank you!"), "removed": _l("That time has been removed.")}


async def _sheet(request: Request) -> AvailabilitySheet:
    """The viewer's own sheet at /me/…, a managed person's at /people/{person_id}/…."""
    viewer = signed_in(request)
    if "person_id" in request.path_params:
        return await availability_for_coordinator(viewer, int(request.path_params["person_id"]))
    return await my_availability(viewer)


def _page(request: Request, sheet: AvailabilitySheet, form: Form | None = None, notice: str = "",
          status_code: int = 200) -> Response:
    return render(request, "availability/page.html",
                  {"sheet": sheet, "form": form or Form(), "notice": notice},
                  status_code=status_code, fragment="availability/_availability.html")


async def _done(request: Request, sheet: AvailabilitySheet, done: str) -> Response:
    """htmx swaps the refreshed section in place; a plain form post goes back to the page."""
    if is_partial(request):
        return _page(request, await _sheet(request), notice=NOTICES[done])
    if sheet.own:
        return redirect(request, "my_availability", query={"done": done})
    return redirect(request, "person_availability", query={"done": done}, person_id=sheet.person.id)


async def availability(request: Request) -> Response:
    sheet = await _sheet(request)
    return _page(request, sheet, notice=NOTICES.get(request.query_params.get("done", ""), ""))


async def add_availability(request: Request) -> Response:
    viewer = signed_in(request)
    sheet = await _sheet(request)
    form = Form.from_data(await read_form(request), [*FIELDS, "repeat", "until"])
    form.required(*FIELDS)
    weekly = form.get("repeat") == "weekly"
    if weekly:
        form.required("until")
    day, start, end = form.date("day"), form.time("start"), form.time("end")
    until = form.date("until") if weekly else None

    def declare():
        if until:
            return act.declare_weekly_availability(viewer, sheet.person, sheet.program, day, until, start, end)
        return act.declare_availability(viewer, sheet.person, sheet.program, day, start, end)

    async def failed(form: Form, status: int) -> Response:
        return _page(request, sheet, form, status_code=status)
    return await answer(request, form, declare, done=lambda _: _done(request, sheet, "added"), failed=failed,
                        field="day")


async def delete_availability(request: Request) -> Response:
    viewer = signed_in(request)
    sheet = await _sheet(request)
    await read_form(request)
    span = await span_of(sheet, int(request.path_params["availability_id"]))
    await act.withdraw_availability(viewer, span)
    return await _done(request, sheet, "removed")
