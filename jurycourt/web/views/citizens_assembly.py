"""A citizens' panel after its draw: the confirmation calls page (coordinators and confirmation callers),
replacing a member who declined (coordinators), and the public transparency report, as a page and a PDF."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions import citizens_assembly as act
from jurycourt.domain.citizens_assembly import CallOutcome, seed_expression
from jurycourt.queries.citizens_assembly import calls_view, panels_to_call, report_view
from jurycourt.queries.programs import program_of
from jurycourt.web.answer import answer
from jurycourt.web.documents import pdf_response, render_pdf
from jurycourt.web.forms import Form, read_form
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import absolute_url, render


def _pid(request: Request) -> int:
    return int(request.path_params["panel_id"])


async def calls_index(request: Request) -> Response:
    viewer = signed_in(request)
    return render(request, "citizens/calls_index.html", {"panels": await panels_to_call(viewer)})


async def _calls_page(request: Request, form: Form | None = None, status_code: int = 200,
                      failed_id: int | None = None) -> Response:
    view = await calls_view(signed_in(request), _pid(request))
    return render(request, "citizens/calls.html", {"view": view, "outcomes": list(CallOutcome),
                                                   "form": form or Form(), "failed_id": failed_id},
                  status_code=status_code)


async def calls(request: Request) -> Response:
    return await _calls_page(request)


async def record_call(request: Request) -> Response:
    viewer = signed_in(request)
    volunteer_id = int(request.path_params["volunteer_id"])
    form = Form.from_data(await read_form(request), ["outcome"])

    async def failed(form: Form, status: int) -> Response:
        return await _calls_page(request, form, status, volunteer_id)
    return await answer(request, form, lambda: act.record_call(viewer, _pid(request), volunteer_id,
                                                               form.get("outcome")),
                        done=lambda _: redirect(request, "citizens_calls", panel_id=_pid(request)),
                        failed=failed, field="outcome")


async def replace(request: Request) -> Response:
    viewer = signed_in(request)
    await read_form(request)
    return await answer(request, Form(), lambda: act.replace_member(viewer, _pid(request),
                                                                    int(request.path_params["volunteer_id"])),
                        done=lambda _: redirect(request, "citizens_panel", panel_id=_pid(request)),
                        failed=lambda form, status: _calls_page(request, form, status))


async def _report_context(request: Request) -> dict:
    view = await report_view(_pid(request))
    program = await program_of(view.panel.program_id)
    return {"view": view, "program": program,
            "seed_formula": seed_expression(view.draw.commitment, view.draw.announced),
            "address": absolute_url(request, "citizens_report", panel_id=view.panel.id)}


async def report(request: Request) -> Response:
    return render(request, "citizens/report.html", await _report_context(request))


async def report_pdf(request: Request) -> Response:
    """The same report as a tagged PDF (PDF/UA), laid out off the event loop."""
    context = await _report_context(request)
    pdf = await render_pdf(request, "citizens/report_pdf.html", {**context, "pdf": True})
    return pdf_response(pdf, f"panel-{context['view'].panel.id}-report.pdf")
