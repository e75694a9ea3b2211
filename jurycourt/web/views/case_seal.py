"""Sealing a case from its page: a preview of what will be erased, then a confirmed POST."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions.sealing import seal_case, seal_plan
from jurycourt.actions.view_log import log_view
from jurycourt.auth.policy import NotFound
from jurycourt.domain.roles import Role
from jurycourt.domain.sealing import sealing_due_on
from jurycourt.i18n import _
from jurycourt.queries.cases import CaseRead, read_case
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, read_form
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render


async def _coordinator_read(request: Request, what: str) -> CaseRead:
    viewer = signed_in(request)
    read = await read_case(viewer, int(request.path_params["case_id"]), what)
    if not viewer.has_role(read.case.program_id, Role.COORDINATOR):
        raise NotFound()
    await log_view(read.case.id, viewer.person_id, read.seen)
    return read


async def _page(request: Request, read: CaseRead, form: Form, status_code: int = 200) -> Response:
    return render(request, "cases/seal.html", {
        "case": read.case, "plan": await seal_plan(read.case), "form": form,
        "due_on": sealing_due_on(read.case.state, read.case.closed_on, read.program.rules),
    }, status_code=status_code)


async def preview(request: Request) -> Response:
    read = await _coordinator_read(request, "seal-preview")
    return await _page(request, read, Form())


async def seal(request: Request) -> Response:
    read = await _coordinator_read(request, "seal")
    form = Form.from_data(await read_form(request), ["confirm"])
    if form.get("confirm") != "yes":
        form.error("confirm", _("Choose Yes to confirm: sealing can't be undone."))
    return await answer(request, form, lambda: seal_case(request.state.viewer, read.case),
                        done=lambda _: redirect(request, "case", case_id=read.case.id),
                        failed=lambda form, status: _page(request, read, form, status_code=400), field="confirm")
