"""The person harmed's page, for coordinators of a case's or a justice matter's program: consent and
wishes, the safety plan and its second review, the impact statement, and what is passed on to them.

One page per case (``/cases/{id}/harmed``) and per matter (``/panels/justice/{id}/harmed``), each
with one POST address per step; every step answers 303 back to the page, or the page again with
the form's input and its error (``web.answer``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions import harmed as act
from jurycourt.actions.view_log import log_matter_view, log_view
from jurycourt.auth.policy import NotFound
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.harmed import SAFETY_QUESTIONS, ConsentHow, Wish
from jurycourt.domain.messaging import ContactChoice
from jurycourt.i18n import LANGUAGES, _
from jurycourt.queries.harmed import HarmedRead, harmed_of_case, harmed_of_matter
from jurycourt.web.answer import answer, see_other
from jurycourt.web.forms import Form, read_form
from jurycourt.web.responses import signed_in
from jurycourt.web.templating import absolute_url, render

PERSON_FIELDS = ["given_name", "family_name", "phone", "email", "language", "contact_by"]


async def _read(request: Request, viewer: Viewer) -> HarmedRead:
    if "case_id" in request.path_params:
        return await harmed_of_case(viewer, int(request.path_params["case_id"]))
    return await harmed_of_matter(viewer, int(request.path_params["panel_id"]))


def _page_name(read: HarmedRead) -> str:
    return "case_harmed" if read.kind == "case" else "justice_harmed"


def _params(read: HarmedRead) -> dict[str, int]:
    return {"case_id": read.subject_id} if read.kind == "case" else {"panel_id": read.subject_id}


async def _log(read: HarmedRead, viewer: Viewer) -> None:
    if read.kind == "case":
        await log_view(read.subject_id, viewer.person_id, "harmed:full")
    elif read.participant is not None:
        await log_matter_view(read.participant.matter_id, viewer.person_id, "harmed:full")


async def _page(request: Request, viewer: Viewer, read: HarmedRead, forms: dict[str, Form] | None = None,
                status_code: int = 200) -> Response:
    await _log(read, viewer)
    return render(request, "harmed/page.html", {
        "read": read, "found": read.found, "person": read.person, "forms": forms or {}, "params": _params(read),
        "step_route": f"{_page_name(read)}_step", "ways": list(ConsentHow), "empty_form": Form(),
        "way_options": [("", _("Choose…")), *((w.value, w.label) for w in ConsentHow)], "all_wishes": list(Wish),
        "questions": SAFETY_QUESTIONS, "language_options": list(LANGUAGES.items()), "language_names": LANGUAGES,
        "way_names": {w.value: w.label for w in ConsentHow},
        "channels": [(c.value, c.label) for c in ContactChoice], "viewer_id": viewer.person_id,
    }, status_code=status_code)


async def page(request: Request) -> Response:
    viewer = signed_in(request)
    return await _page(request, viewer, await _read(request, viewer))


def _form(data, step: str) -> tuple[Form, Callable[[Viewer, HarmedRead, Request], Awaitable[object]]]:
    """The step's form and what it runs (NotFound for a step that does not exist)."""
    if step == "add":
        form = Form.from_data(data, PERSON_FIELDS)
        form.required("given_name", "family_name")
        return form, lambda viewer, read, request: _add(viewer, read, form)
    if step == "consent":
        form = Form.from_data(data, ["given", "consent_on", "how"])
        on = form.date("consent_on", past=True)
        return form, lambda viewer, read, request: act.record_consent(viewer, read.found, form.get("given"), on,
                                                                      form.get("how"))
    if step == "wishes":
        form = Form.from_data(data, [f"wish_{w.value}" for w in Wish])
        chosen = [w.value for w in Wish if form.get(f"wish_{w.value}") == "yes"]
        return form, lambda viewer, read, request: act.record_wishes(viewer, read.found, chosen)
    if step == "safety":
        form = Form.from_data(data, [q.key for q in SAFETY_QUESTIONS])
        return form, lambda viewer, read, request: act.write_safety_plan(viewer, read.found, form.values)
    if step == "statement":
        form = Form.from_data(data, ["statement"])
        return form, lambda viewer, read, request: act.record_statement(viewer, read.found, form.get("statement"))
    if step == "follow-up":
        form = Form.from_data(data, ["follow_up_on", "follow_up_note"])
        on = form.date("follow_up_on", past=True)
        return form, lambda viewer, read, request: act.record_follow_up(viewer, read.found, on,
                                                                        form.get("follow_up_note"))
    simple = {"review": act.review_safety_plan, "apology": act.pass_on_apology, "outcome": act.tell_outcome}
    if step in simple:
        run = simple[step]
        return Form(), lambda viewer, read, request: run(viewer, read.found)
    if step == "survey":
        return Form(), lambda viewer, read, request: act.offer_survey(
            viewer, read.found, lambda code: absolute_url(request, "survey", code=code))
    raise NotFound()


async def _add(viewer: Viewer, read: HarmedRead, form: Form) -> object:
    from jurycourt.queries.cases import read_case  # the case as its coordinator changes it

    case = (await read_case(viewer, read.subject_id, "harmed")).case
    return await act.add_to_case(viewer, case, form.values)


async def step(request: Request) -> Response:
    viewer = signed_in(request)
    read = await _read(request, viewer)
    name = request.path_params["step"]
    form, run = _form(await read_form(request), name)
    if name == "add" and read.kind != "case":
        raise NotFound()
    if read.found is None and name != "add":
        if read.participant is None:
            raise NotFound()
        read.found = await act.for_participant(read.participant, read.program.id)

    async def failed(form: Form, status: int) -> Response:
        return await _page(request, viewer, await _read(request, viewer), {name: form}, status)

    return await answer(request, form, lambda: run(viewer, read, request),
                        done=lambda _result: see_other(request, _page_name(read), anchor=name, **_params(read)),
                        failed=failed, field=lambda refusal: refusal.field or "_")
