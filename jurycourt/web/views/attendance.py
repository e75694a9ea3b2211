"""The attendance sheet on the day: one tap per person to check in, check out, mark a no-show
or undo; htmx swaps just that person's row, and without JavaScript each tap reloads the page."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions.attendance import record_attendance
from jurycourt.actions.service_credits import correct_attendance
from jurycourt.domain.ledger import service_credit
from jurycourt.i18n import _
from jurycourt.queries.attendance import attendance_sheet, held_seat, sheet_row
from jurycourt.queries.calendar import hearing_for_coordinator
from jurycourt.web.answer import answer, see_other
from jurycourt.web.forms import Form, read_form
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import is_partial, render

#: Tells the summary at the top of the sheet to refresh itself after a row changed.
CHANGED = '{"attendance-changed": {"target": "body"}}'


async def attendance(request: Request) -> Response:
    """The sheet; an htmx partial request gets just its summary (refreshed after each tap)."""
    viewer = signed_in(request)
    sheet = await attendance_sheet(viewer, int(request.path_params["hearing_id"]), clock.now())
    return render(request, "hearings/attendance.html", {
        "sheet": sheet, "hearing": sheet.hearing, "error": "", "error_seat": None,
    }, fragment="hearings/_attendance_summary.html")


async def tap(request: Request) -> Response:
    """One tap on a person's row: the row back for htmx, else a 303 to the sheet at that row."""
    viewer = signed_in(request)
    hearing_id, seat_id = int(request.path_params["hearing_id"]), int(request.path_params["seat_id"])
    await hearing_for_coordinator(viewer, hearing_id)  # 404 before reading anything else
    data = await read_form(request)
    now = clock.now()

    async def shown(error: str, status: int = 200) -> Response:
        if is_partial(request):
            sheet = await sheet_row(viewer, hearing_id, seat_id, now)
            return render(request, "hearings/_attendance_row.html", {
                "sheet": sheet, "hearing": sheet.hearing, "row": sheet.rows[0], "error": error, "error_seat": seat_id,
            }, status_code=status, headers=None if error else {"HX-Trigger": CHANGED})
        if error:
            sheet = await attendance_sheet(viewer, hearing_id, now)
            return render(request, "hearings/attendance.html", {
                "sheet": sheet, "hearing": sheet.hearing, "error": error, "error_seat": seat_id,
            }, status_code=status)
        return see_other(request, "attendance", anchor=f"att-{seat_id}", hearing_id=hearing_id)
    return await answer(request, Form(),
                        lambda: record_attendance(viewer, seat_id, str(data.get("step") or ""), hearing_id=hearing_id,
                                                  now=now, override=str(data.get("override") or "")),
                        done=lambda _: shown(""), failed=lambda form, status: shown(form.message, status))


CORRECTION_FIELDS = ["checked_in_at", "checked_out_at", "alone_reason"]


async def _held_seat(request: Request):
    """The hearing (the viewer coordinates it, and it is marked held) and one seat on its sheet."""
    viewer = signed_in(request)
    hearing = await hearing_for_coordinator(viewer, int(request.path_params["hearing_id"]))
    return viewer, hearing, await held_seat(hearing, int(request.path_params["seat_id"]))


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if moment else ""


def _correction_page(request: Request, hearing, seat, form: Form, status_code: int = 200) -> Response:
    return render(request, "hearings/correct.html", {
        "hearing": hearing, "seat": seat, "form": form,
        "minutes": service_credit(seat, hearing.program.rules)}, status_code=status_code)


async def correction_form(request: Request) -> Response:
    """Correcting a held hearing's attendance for one person, after the fact."""
    _viewer, hearing, seat = await _held_seat(request)
    zone = ZoneInfo(hearing.program.time_zone)
    return _correction_page(request, hearing, seat, Form({
        "checked_in_at": _local(seat.checked_in_at, zone), "checked_out_at": _local(seat.checked_out_at, zone)}))


async def correct(request: Request) -> Response:
    """The corrected times: the seat's credit is reversed and the corrected minutes posted, once.
    Sending the times already on record (a second tap, a reload) changes nothing."""
    viewer, hearing, seat = await _held_seat(request)
    zone = ZoneInfo(hearing.program.time_zone)
    form = Form.from_data(await read_form(request), CORRECTION_FIELDS)
    checked_in = form.moment("checked_in_at", zone) if form.get("checked_in_at") else None
    checked_out = form.moment("checked_out_at", zone) if form.get("checked_out_at") else None
    if form.ok and checked_out and not checked_in:
        form.error("checked_in_at", _("Enter the check-in too, or leave both empty for a no-show."))
    if form.ok and (checked_in, checked_out) == (seat.checked_in_at, seat.checked_out_at):
        form.error("checked_in_at", _("These are the times on record already: nothing to correct."))

    async def failed(form: Form, status: int) -> Response:
        return _correction_page(request, hearing, seat, form, status)
    return await answer(request, form,
                        lambda: correct_attendance(viewer, seat.id, checked_in, checked_out,
                                                   alone_reason=form.get("alone_reason"),
                                                   settings=request.app.state.settings),
                        done=lambda _: redirect(request, "attendance", hearing_id=hearing.id), failed=failed,
                        field=lambda refusal: refusal.field if refusal.field in CORRECTION_FIELDS else "checked_in_at")
