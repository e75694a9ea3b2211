"""Surveys: coordinators make invitation links; anyone with a link answers once, anonymously."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions import surveys as survey_actions
from jurycourt.domain.surveys import SCALE, SCALE_LABELS, questionnaire
from jurycourt.jobs.texts import texting_on
from jurycourt.queries.ledger import coordinated_program
from jurycourt.queries.people import person_for_coordinator
from jurycourt.web.answer import answer
from jurycourt.web.errors import error_page
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import parse_id
from jurycourt.web.responses import signed_in
from jurycourt.web.templating import absolute_url, render
from jurycourt.web.views.people import SURVEY_CHOICES, person_page_context

CHOICES = SURVEY_CHOICES


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

    async def failed(form: Form, status: int) -> Response:
        return await _coordinator_page(request, form=form, status=status)
    return await answer(request, form, lambda: survey_actions.invite(viewer, program.id, key, phase),
                        done=lambda code: _coordinator_page(request, link=absolute_url(request, "survey", code=code)),
                        failed=failed, field=lambda _: "which")


async def _with_invitation(request: Request, code: str, then) -> Response:
    """Answer ``then(invitation)`` for a code that is still open, or a page saying it no longer is (410)."""
    async def gone(form: Form, status: int) -> Response:
        return error_page(request, 410, form.message)
    return await answer(request, Form(), lambda: survey_actions.open_code(code), done=then, failed=gone)


async def _form(request: Request, code: str, form: Form | None = None, status: int = 200) -> Response:
    return await _with_invitation(request, code, lambda invitation: _shown(request, code, invitation, form, status))


def _shown(request: Request, code: str, invitation, form: Form | None, status: int) -> Response:
    asked = questionnaire(invitation.questionnaire, invitation.phase)
    return render(request, "surveys/form.html", {"asked": asked, "phase": invitation.phase, "code": code,
                                                "scale": [(n, SCALE_LABELS[n]) for n in SCALE],
                                                "form": form or Form()}, status_code=status)


async def survey_form(request: Request) -> Response:
    return await _form(request, request.path_params["code"])


async def survey_answer(request: Request) -> Response:
    code = request.path_params["code"]
    data = await read_form(request)

    async def answered(invitation) -> Response:
        asked = questionnaire(invitation.questionnaire, invitation.phase)
        form = Form.from_data(data, [q.key for q in asked.questions] + ["kept_code"])

        async def failed(form: Form, status: int) -> Response:
            return await _form(request, code, form, status)
        return await answer(request, form, lambda: survey_actions.answer(code, form.values, form.get("kept_code")),
                            done=lambda keep: render(request, "surveys/thanks.html", {"keep": keep}),
                            failed=failed, field=asked.questions[0].key)
    return await _with_invitation(request, code, answered)


async def send_to_person(request: Request) -> Response:
    """POST /people/{id}/survey: a coordinator sends a person a survey invitation through the outbox, by
    the channels the person chose; refused (the form kept) when none of them may reach the person."""
    viewer = signed_in(request)
    person = await person_for_coordinator(viewer, request.path_params["person_id"])
    form = Form.from_data(await read_form(request), ["which", "program"])
    key, _sep, phase = form.get("which").partition(":")
    program_id = parse_id(form.get("program")) or 0

    async def shown(form: Form, status: int = 200, sent: bool = False) -> Response:
        context = await person_page_context(request, person, survey_form=form, survey_sent=sent)
        return render(request, "people/detail.html", context, status_code=status)
    return await answer(request, form, lambda: survey_actions.send_invitation(
        viewer, program_id, key, phase, person.id, lambda code: absolute_url(request, "survey", code=code),
        texting_on=texting_on(request.app.state.settings)),
        done=lambda _: shown(Form({"program": form.get("program")}), sent=True), failed=shown,
        field=lambda _: "which")
