"""The attendance sheet on the day: one tap per person to check in, check out, mark a no-show
or undo; htmx swaps just that person's row, and without JavaScript each tap reloads the page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from jurycourt import clock
from jurycourt.actions.attendance import record_attendance
from jurycourt.domain.errors import Refused
from jurycourt.queries.attendance import attendance_sheet, sheet_row
from jurycourt.queries.calendar import hearing_for_coordinator
from jurycourt.web.forms import read_form
from jurycourt.web.responses import signed_in
from jurycourt.web.templating import is_partial, render, url_paths

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
    now, error = clock.now(), ""
    try:
        await record_attendance(viewer, seat_id, str(data.get("step") or ""), hearing_id=hearing_id, now=now)
    except Refused as refusal:
        error = refusal.message
    if is_partial(request):
        sheet = await sheet_row(viewer, hearing_id, seat_id, now)
        return render(request, "hearings/_attendance_row.html", {
            "sheet": sheet, "hearing": sheet.hearing, "row": sheet.rows[0], "error": error, "error_seat": seat_id,
        }, status_code=422 if error else 200, headers=None if error else {"HX-Trigger": CHANGED})
    if error:
        sheet = await attendance_sheet(viewer, hearing_id, now)
        return render(request, "hearings/attendance.html", {
            "sheet": sheet, "hearing": sheet.hearing, "error": error, "error_seat": seat_id,
        }, status_code=400)
    url = url_paths(request.app)("attendance", hearing_id=hearing_id)
    return RedirectResponse(f"{url}#att-{seat_id}", status_code=303)
