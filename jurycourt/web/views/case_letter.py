"""The printable outcome letter for a case's referring agency."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.queries.case_letter import outcome_letter
from jurycourt.web.responses import signed_in
from jurycourt.web.templating import render


async def letter(request: Request) -> Response:
    viewer = signed_in(request)
    case_id = int(request.path_params["case_id"])
    found = await outcome_letter(viewer, case_id)
    return render(request, "cases/letter.html", {"letter": found, "case_id": case_id, "today": date.today(),
                                                 "sender": viewer.name})
