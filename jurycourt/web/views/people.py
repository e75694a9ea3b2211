"""The coordinator's people pages: list, create, edit, roles, invitations and resets."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock, i18n
from jurycourt.actions import people as act
from jurycourt.actions.accounts import confirm_link, issue_link
from jurycourt.actions.link_sharing import send_link
from jurycourt.auth.policy import coordinates, require
from jurycourt.domain.links import LinkKind
from jurycourt.domain.messaging import Channel
from jurycourt.domain.people import PERSON_FIELDS, person_problems
from jurycourt.domain.roles import ROLE_LABELS, MembershipStatus, Role
from jurycourt.domain.surveys import QUESTIONNAIRES
from jurycourt.i18n import _, _l
from jurycourt.jobs.texts import texting_on
from jurycourt.queries.people import (
    access_link_of,
    coordinated_programs,
    membership_for_coordinator,
    people_page,
    person_for_coordinator,
)
from jurycourt.queries.separation import waiting_steps
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, invalid_status, read_form
from jurycourt.web.params import parse_id, parse_page, search_term
from jurycourt.web.qr import qr_data_uri
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import absolute_url, render, url_paths
from jurycourt.web.views.conflicts_section import section_context
from jurycourt.web.views.contact_section import contact_context

ROLE_OPTIONS = [(role.value, label) for role, label in ROLE_LABELS.items()]


def _person_id(request: Request) -> int:
    return int(request.path_params["person_id"])


async def people(request: Request) -> Response:
    viewer = signed_in(request)
    search = search_term(request.query_params.get("q"), 80)
    role = request.query_params.get("role", "")
    page = await people_page(viewer, search, parse_page(request.query_params.get("page")), role)

    def page_url(number: int) -> str:
        return url_paths(request.app)("people") + "?" + urlencode({"q": search, "role": role, "page": number})

    return render(request, "people/list.html", {"page": page, "search": search, "page_url": page_url,
                                                "form": Form({"role": role}),
                                                "roles": [("", _l("Every role")), *ROLE_OPTIONS]},
                  fragment="people/_results.html")


async def _new_context(request: Request, form: Form) -> dict:
    programs = await coordinated_programs(request.state.viewer)
    return {"form": form, "programs": [(str(p.id), p.name) for p in programs], "roles": ROLE_OPTIONS}


async def new_person_form(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    form = Form({"program": str(viewer.coordinated_programs[0]), "role": Role.JUROR.value,
                 "language": i18n.DEFAULT_LANGUAGE})
    return render(request, "people/new.html", await _new_context(request, form))


def _role(form: Form) -> Role | None:
    try:
        return Role(form.get("role"))
    except ValueError:
        form.error("role", _("Choose a role from the list."))
        return None


def _program(form: Form, allowed: list[int]) -> int | None:
    chosen = parse_id(form.get("program"))
    if chosen not in allowed:
        form.error("program", _("Choose one of your programs."))
        return None
    return chosen


async def new_person(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    form = Form.from_data(await read_form(request), [*PERSON_FIELDS, "program", "role"])
    for name, problem in person_problems(form.values, clock.today()).items():
        form.error(name, problem)
    role, program_id = _role(form), _program(form, viewer.coordinated_programs)
    if not form.ok or role is None or program_id is None:
        return render(request, "people/new.html", await _new_context(request, form),
                      status_code=invalid_status(request))
    person = await act.create_person(viewer, program_id, role, form.values)
    return redirect(request, "person", person_id=person.id)


#: The survey invitations a coordinator may send from a person's page ("key:phase", label, phase).
SURVEY_CHOICES = [(f"{q.key}:{phase}", q.label, phase) for q in QUESTIONNAIRES.values() for phase in q.phases]


async def person_page_context(request: Request, person, **extra) -> dict:
    programs = await coordinated_programs(request.state.viewer)
    membership_form = extra.pop("membership_form", None) or Form(
        {"program": str(programs[0].id), "role": Role.JUROR.value}
    )
    return {
        "person": person, "account": person.account_row, "roles": ROLE_OPTIONS,
        "programs": [(str(p.id), p.name) for p in programs], "membership_form": membership_form,
        "link_error": "", "role_error": "", "second_form": extra.pop("second_form", None) or Form(),
        "survey_form": extra.pop("survey_form", None) or Form({"program": str(programs[0].id)}),
        "survey_choices": SURVEY_CHOICES, "survey_sent": extra.pop("survey_sent", False),
        "waiting": await waiting_steps(request.state.viewer, person.id,
                                       request.app.state.settings.coordinator_seniority_days),
        **await section_context(request.state.viewer, person),
        **await contact_context(person, request.app.state.settings, extra.pop("contact_form", None)), **extra,
    }


async def person(request: Request) -> Response:
    viewer = signed_in(request)
    found = await person_for_coordinator(viewer, _person_id(request))
    return render(request, "people/detail.html", await person_page_context(request, found))


def _edit_values(person) -> dict[str, str]:
    values = {name: str(getattr(person, name) or "") for name in PERSON_FIELDS}
    return values


async def edit_person_form(request: Request) -> Response:
    viewer = signed_in(request)
    found = await person_for_coordinator(viewer, _person_id(request))
    return render(request, "people/edit.html", {"person": found, "form": Form(_edit_values(found))})


async def edit_person(request: Request) -> Response:
    viewer = signed_in(request)
    found = await person_for_coordinator(viewer, _person_id(request))
    form = Form.from_data(await read_form(request), list(PERSON_FIELDS))
    for name, problem in person_problems(form.values, clock.today()).items():
        form.error(name, problem)
    if not form.ok:
        return render(request, "people/edit.html", {"person": found, "form": form},
                      status_code=invalid_status(request))
    await act.update_person(viewer, found, form.values)
    return redirect(request, "person", person_id=found.id)


async def add_membership(request: Request) -> Response:
    viewer = signed_in(request)
    found = await person_for_coordinator(viewer, _person_id(request))
    form = Form.from_data(await read_form(request), ["program", "role", "training_date", "pledge_date"])
    role, program_id = _role(form), _program(form, viewer.coordinated_programs)
    training, pledge = form.date("training_date", past=True), form.date("pledge_date", past=True)
    if not form.ok or role is None or program_id is None:
        context = await person_page_context(request, found, membership_form=form)
        return render(request, "people/detail.html", context, status_code=invalid_status(request))
    await act.add_membership(viewer, found, program_id, role, training, pledge)
    return redirect(request, "person", person_id=found.id)


async def membership_status(request: Request) -> Response:
    viewer = signed_in(request)
    found = await person_for_coordinator(viewer, _person_id(request))
    membership = await membership_for_coordinator(viewer, found.id, int(request.path_params["membership_id"]))
    data = await read_form(request)
    form = Form.from_data(data, ["alone_reason"])
    status = _choice(MembershipStatus, str(data.get("status") or ""))
    if status is None:
        form.error("_", _("Choose active or inactive."))
    return await _second_step(request, viewer, found.id, form, "role_error",
                              lambda: act.set_membership_status(viewer, membership, status,
                                                                alone_reason=form.get("alone_reason"),
                                                                settings=request.app.state.settings))


def _choice(kind, raw: str):
    """The member of the enumeration ``kind`` named ``raw``, or None."""
    try:
        return kind(raw)
    except ValueError:
        return None


async def _second_step(request: Request, viewer, person_id: int, form: Form, area: str, action) -> Response:
    """Run a step a second coordinator may have to share; back to the person page, or the page
    again with the refusal in ``area`` (a missing reason to act alone also beside its field)."""
    async def failed(form: Form, status: int) -> Response:
        message = form.errors.pop("_", "") or form.message
        found = await person_for_coordinator(viewer, person_id)
        context = await person_page_context(request, found, second_form=form, **{area: message})
        return render(request, "people/detail.html", context, status_code=status)
    return await answer(request, form, action, done=lambda _: redirect(request, "person", person_id=person_id),
                        failed=failed,
                        field=lambda refusal: "alone_reason" if refusal.field == "alone_reason" else "_")


async def confirm_access_link(request: Request) -> Response:
    """A second coordinator confirms a link issued for a coordinator, so that it works."""
    viewer = signed_in(request)
    found = await person_for_coordinator(viewer, _person_id(request))
    form = Form.from_data(await read_form(request), ["alone_reason"])
    link_id = int(request.path_params["link_id"])
    return await _second_step(request, viewer, found.id, form, "link_error",
                              lambda: confirm_link(viewer, found, link_id, form.get("alone_reason"),
                                                   settings=request.app.state.settings))


async def issue_access_link(request: Request) -> Response:
    """Create an invitation or reset link and show it once, as a link and a QR code."""
    viewer = signed_in(request)
    found = await person_for_coordinator(viewer, _person_id(request))
    data = await read_form(request)
    kind = _choice(LinkKind, str(data.get("kind") or ""))
    form = Form()
    if kind is None:
        form.error("kind", _("Choose an invitation or a password reset."))

    async def failed(form: Form, status: int) -> Response:
        context = await person_page_context(request, found, link_error=form.message)
        return render(request, "people/detail.html", context, status_code=status)
    return await answer(request, form, lambda: issue_link(viewer, found, kind, request.app.state.settings),
                        done=lambda issued: _link_page(request, found, issued.link, issued.token), failed=failed)


async def _link_page(request: Request, person, link, token: str, *, error: str = "", sent_by: str = "",
                     status_code: int = 200) -> Response:
    """The page that shows a link once: to copy, print with its QR code, or send by text or email."""
    route = "welcome" if link.kind == LinkKind.INVITE else "reset"
    url = absolute_url(request, route, token=token)
    reach = (await contact_context(person, request.app.state.settings))["reach"]
    return render(request, "people/link.html", {
        "person": person, "kind": link.kind, "url": url, "qr": qr_data_uri(url), "link": link, "token": token,
        "reach": reach, "send_error": error, "sent_by": sent_by,
    }, status_code=status_code)


async def send_access_link(request: Request) -> Response:
    """Send the link just shown by text or email, through the outbox (the page shows it again, with
    what happened: the token comes back with the form, as only the holder of the page has it)."""
    viewer = signed_in(request)
    found = await person_for_coordinator(viewer, _person_id(request))
    data = await read_form(request)
    token = str(data.get("token") or "")[:100]
    link = await access_link_of(found, int(request.path_params["link_id"]))
    settings = request.app.state.settings
    channel = _choice(Channel, str(data.get("channel") or ""))
    form = Form()
    if channel is None:
        form.error("channel", _("Choose text message or email."))
    route = "welcome" if link.kind == LinkKind.INVITE else "reset"

    async def failed(form: Form, status: int) -> Response:
        return await _link_page(request, found, link, token, error=form.message, status_code=status)
    return await answer(request, form,
                        lambda: send_link(viewer, found, link.id, token, channel,
                                          absolute_url(request, route, token=token),
                                          texting_on=texting_on(settings), default_zone=settings.time_zone),
                        done=lambda _: _link_page(request, found, link, token, sent_by=channel.label),
                        failed=failed, field="channel")
