"""The coordinator's calendar and the hearing pages: schedule, move, change status, rooms."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions import hearings as act
from jurycourt.auth.policy import coordinates, require
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.seating import SessionKind
from jurycourt.i18n import _, lazy
from jurycourt.queries.calendar import calendar_view, hearing_for_coordinator, rooms_of
from jurycourt.queries.programs import program_of
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import BadValue, parse_date, parse_number
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render
from jurycourt.web.views.hearing_page import hearing_page

KIND_OPTIONS = [(k.value, lazy(getattr, k, "label")) for k in SessionKind]
TIME_FIELDS = ["starts_at", "ends_at", "room"]


def _anchor(raw: str | None) -> date:
    """The day a calendar shows: the one asked for, else today."""
    try:
        return parse_date(raw)
    except BadValue:
        return clock.today()


async def calendar(request: Request) -> Response:
    viewer = signed_in(request)
    view = request.query_params.get("view", "week")
    cal = await calendar_view(viewer, view, _anchor(request.query_params.get("date")))
    return render(request, "calendar/page.html", {"cal": cal, "today": clock.today()},
                  fragment="calendar/_calendar.html")


async def _form_context(request: Request, form: Form, hearing=None) -> dict:
    rooms = await rooms_of(request.state.viewer)
    return {"form": form, "kinds": KIND_OPTIONS, "hearing": hearing,
            "rooms": [("", _("No room yet"))] + [(str(r.id), f"{r.venue} — {r.name}") for r in rooms]}


def _room(form: Form) -> int | None:
    return form.id("room", _("Choose a room from the list."))


async def new_hearing_form(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    day = _anchor(request.query_params.get("date")).isoformat()
    form = Form({"kind": SessionKind.JURY_HEARING.value, "starts_at": f"{day}T10:00", "ends_at": f"{day}T13:00"})
    return render(request, "hearings/new.html", await _form_context(request, form))


async def new_hearing(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    form = Form.from_data(await read_form(request), ["kind", "title", *TIME_FIELDS])
    program = await program_of(viewer.coordinated_programs[0])
    tz = ZoneInfo(program.time_zone)
    try:
        kind = SessionKind(form.get("kind"))
    except ValueError:
        kind = None
        form.error("kind", _("Choose a kind of hearing."))
    form.max_length("title", 120)
    starts, ends, room = form.moment("starts_at", tz), form.moment("ends_at", tz), _room(form)

    async def failed(form: Form, status: int) -> Response:
        return render(request, "hearings/new.html", await _form_context(request, form), status_code=status)
    return await answer(request, form,
                        lambda: act.create_hearing(viewer, program.id, kind, form.get("title"), starts, ends, room),
                        done=lambda hearing: redirect(request, "hearing", hearing_id=hearing.id), failed=failed,
                        field="starts_at")


async def hearing(request: Request) -> Response:
    viewer = signed_in(request)
    found = await hearing_for_coordinator(viewer, int(request.path_params["hearing_id"]))
    return await hearing_page(request, found)


async def edit_hearing_form(request: Request) -> Response:
    viewer = signed_in(request)
    found = await hearing_for_coordinator(viewer, int(request.path_params["hearing_id"]))
    tz = ZoneInfo(found.program.time_zone)
    form = Form({
        "starts_at": found.starts_at.astimezone(tz).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": found.ends_at.astimezone(tz).strftime("%Y-%m-%dT%H:%M"),
        "room": str(found.room_id or ""),
    })
    return render(request, "hearings/edit.html", await _form_context(request, form, found))


async def edit_hearing(request: Request) -> Response:
    viewer = signed_in(request)
    found = await hearing_for_coordinator(viewer, int(request.path_params["hearing_id"]))
    form = Form.from_data(await read_form(request), TIME_FIELDS)
    tz = ZoneInfo(found.program.time_zone)
    starts, ends, room = form.moment("starts_at", tz), form.moment("ends_at", tz), _room(form)

    async def failed(form: Form, status: int) -> Response:
        return render(request, "hearings/edit.html", await _form_context(request, form, found), status_code=status)
    return await answer(request, form, lambda: act.move_hearing(viewer, found, starts, ends, room),
                        done=lambda _: redirect(request, "hearing", hearing_id=found.id), failed=failed,
                        field="starts_at")


async def hearing_status(request: Request) -> Response:
    viewer = signed_in(request)
    found = await hearing_for_coordinator(viewer, int(request.path_params["hearing_id"]))
    data = await read_form(request)
    form = Form()
    status = HearingStatus(data.get("status")) if data.get("status") in set(HearingStatus) else None
    if status is None:
        form.error("status", _("Choose a status from the list."))
    # A refusal re-renders the page saying why: its text never travels in the address.
    return await answer(request, form,
                        lambda: act.set_hearing_status(viewer, found, status,
                                                       alone_reason=str(data.get("alone_reason") or ""),
                                                       settings=request.app.state.settings,
                                                       override=str(data.get("override") or "")),
                        done=lambda _: redirect(request, "hearing", hearing_id=found.id),
                        failed=lambda form, status: hearing_page(request, found, error=form.message,
                                                                 status_code=status))


async def rooms(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    return render(request, "hearings/rooms.html", {"rooms": await rooms_of(viewer), "form": Form()})


async def new_room(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    form = Form.from_data(await read_form(request), ["venue", "name", "capacity"])
    form.required("venue", "name")
    form.max_length("venue", 120)
    form.max_length("name", 80)
    capacity = parse_number(form.get("capacity") or "12", 1, 500)
    if capacity is None:
        form.error("capacity", _("Enter a number of seats from 1 to 500."))

    async def failed(form: Form, status: int) -> Response:
        return render(request, "hearings/rooms.html", {"rooms": await rooms_of(viewer), "form": form},
                      status_code=status)
    return await answer(request, form,
                        lambda: act.create_room(viewer, viewer.coordinated_programs[0], form.get("venue"),
                                                form.get("name"), capacity),
                        done=lambda _: redirect(request, "rooms"), failed=failed, field="name")
