"""The coordinators' follow-up checks: each due check of a completed case, answered in place."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions.follow_ups import record_check
from jurycourt.queries.follow_ups import SCHOOL_CHOICES, due_checks
from jurycourt.queries.ledger import coordinated_program
from jurycourt.queries.people import coordinated_programs
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, read_form
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render

FIELDS = ["new_referral", "school_status"]


async def _page(request: Request, program_raw: str | None, failed: tuple[int, Form] | None = None,
                status: int = 200) -> Response:
    viewer = signed_in(request)
    program = await coordinated_program(viewer, program_raw)
    return render(request, "follow_ups/page.html", {
        "program": program, "programs": await coordinated_programs(viewer),
        "checks": await due_checks(viewer, program), "schools": SCHOOL_CHOICES, "failed": failed,
        "done": request.query_params.get("done", "")}, status_code=status)


async def follow_ups_page(request: Request) -> Response:
    return await _page(request, request.query_params.get("program"))


async def record(request: Request) -> Response:
    viewer = signed_in(request)
    program = await coordinated_program(viewer, request.query_params.get("program"))
    check_id = int(request.path_params["follow_up_id"])
    form = Form.from_data(await read_form(request), FIELDS)

    async def failed(form: Form, status: int) -> Response:
        return await _page(request, str(program.id), (check_id, form), status)
    return await answer(request, form,
                        lambda: record_check(viewer, check_id, form.get("new_referral"), form.get("school_status")),
                        done=lambda _: redirect(request, "follow_ups",
                                                query={"program": str(program.id), "done": str(check_id)}),
                        failed=failed, field="new_referral")
