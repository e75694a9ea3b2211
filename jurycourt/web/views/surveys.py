"""Surveys: coordinators make invitation links; anyone with a link answers once, anonymously."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions import surveys as survey_actions
from jurycourt.domain.errors import Refused
from jurycourt.domain.surveys import QUESTIONNAIRES, SCALE, SCALE_LABELS, questionnaire
from jurycourt.queries.ledger import coordinated_program
from jurycourt.web.errors import error_page
from jurycourt.web.forms import Form, invalid_status, read_form
from jurycourt.web.responses import signed_in
from jurycourt.web.templating import absolute_url, render

CHOICES = [(f"{q.key}:{phase}", q.label, phase) for q in QUESTIONNAIRES.values() for phase in q.phases]


async def _coordinator_page(request: Request, link: str = "", form: Form | None = None,
                            status: int = 200) -> Response:
    program = await coordinated_program(signed_in(request), request.query_params.get("program"))
    return render(request, "surveys/page.html", {"program": program, "choices": CHOICES, "link": link,
                                                "form": form or Form()}, status_code=status)


async def surveys_page(request: Request) -> Response:
    return await _coordinator_page(request)


async def invite(request: Request) -> Response:
    viewer = signed_in(request)
    program = await coordinated_program(viewer, request.query_params.get("program"))
    form = Form.from_data(await read_form(request), ["which"])
    key, _sep, phase = form.get("which").partition(":")
    try:
        code = await survey_actions.invite(viewer, program.id, key, phase)
    except Refused as refusal:
        form.error("which", refusal.message)
        return await _coordinator_page(request, form=form, status=invalid_status(request))
    return await _coordinator_page(request, link=absolute_url(request, "survey", code=code))


async def _form(request: Request, code: str, form: Form | None = None, status: int = 200) -> Response:
    try:
        invitation = await survey_actions.open_code(code)
    except Refused as refusal:
        return error_page(request, 410, refusal.message)
    asked = questionnaire(invitation.questionnaire, invitation.phase)
    return render(request, "surveys/form.html", {"asked": asked, "phase": invitation.phase, "code": code,
                                                "scale": [(n, SCALE_LABELS[n]) for n in SCALE],
                                                "form": form or Form()}, status_code=status)


async def survey_form(request: Request) -> Response:
    return await _form(request, request.path_params["code"])


async def survey_answer(request: Request) -> Response:
    code = request.path_params["code"]
    data = await read_form(request)
    try:
        invitation = await survey_actions.open_code(code)
    except Refused as refusal:
        return error_page(request, 410, refusal.message)
    asked = questionnaire(invitation.questionnaire, invitation.phase)
    form = Form.from_data(data, [q.key for q in asked.questions] + ["kept_code"])
    try:
        keep = await survey_actions.answer(code, form.values, form.get("kept_code"))
    except Refused as refusal:
        form.error(refusal.field or asked.questions[0].key, refusal.message)
        return await _form(request, code, form, invalid_status(request))
    return render(request, "surveys/thanks.html", {"keep": keep})
