"""Coordinator pages for referring agencies: the list, an agency with its data-sharing agreement and
contacts, creating and editing one, and adding a contact (who is then invited from their person page)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions.agencies import add_contact, save_agency
from jurycourt.auth.policy import coordinates, require
from jurycourt.domain.agencies import AgencyDetails, AgencyKind, agency_problems, agreement_in_force
from jurycourt.domain.people import person_problems
from jurycourt.i18n import _
from jurycourt.queries.agencies import agency_list, read_agency
from jurycourt.queries.people import coordinated_programs
from jurycourt.web.answer import answer
from jurycourt.web.forms import Form, read_form
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render

FIELDS = ["program", "name", "kind", "agreement_starts", "agreement_ends", "agreement_shares", "agreement_signed_by"]
CONTACT = ["given_name", "family_name", "email", "phone"]


def _kinds() -> list[tuple[str, str]]:
    return [("", _("Choose…")), *((k.value, k.label) for k in AgencyKind)]


async def agencies(request: Request) -> Response:
    viewer = signed_in(request)
    found = await agency_list(viewer)
    return render(request, "agencies/list.html", {"agencies": found, "today": clock.today(),
                                                  "in_force": agreement_in_force})


async def _form_page(request: Request, form: Form, agency_id: int | None = None, status_code: int = 200) -> Response:
    programs = await coordinated_programs(request.state.viewer)
    return render(request, "agencies/form.html", {
        "form": form, "agency_id": agency_id, "kinds": _kinds(),
        "programs": [(str(p.id), p.name) for p in programs]}, status_code=status_code)


async def new_form(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    return await _form_page(request, Form({"program": str(viewer.coordinated_programs[0])}))


async def edit_form(request: Request) -> Response:
    agency = await read_agency(signed_in(request), int(request.path_params["agency_id"]))
    values = {name: str(getattr(agency, name) or "") for name in FIELDS if name != "program"}
    return await _form_page(request, Form({**values, "program": str(agency.program_id)}), agency.id)


def _details(form: Form) -> AgencyDetails | None:
    kind = form.get("kind")
    if kind not in AgencyKind.__members__.values():
        form.error("kind", _("Choose the kind of agency."))
    starts, ends = form.date("agreement_starts"), form.date("agreement_ends")
    if not form.ok:
        return None
    details = AgencyDetails(form.get("name"), AgencyKind(kind), starts, ends, form.get("agreement_shares"),
                            form.get("agreement_signed_by"))
    for name, problem in agency_problems(details).items():
        form.error(name, problem)
    return details


async def save(request: Request) -> Response:
    viewer = signed_in(request)
    require(coordinates(viewer))
    agency_id = int(request.path_params["agency_id"]) if "agency_id" in request.path_params else None
    program_id = 0
    if agency_id is not None:
        program_id = (await read_agency(viewer, agency_id)).program_id
    form = Form.from_data(await read_form(request), FIELDS)
    if agency_id is None:
        program_id = form.id("program", _("Choose one of your programs.")) or 0
        if program_id not in viewer.coordinated_programs:
            form.error("program", _("Choose one of your programs."))
    details = _details(form)

    async def failed(form: Form, status: int) -> Response:
        return await _form_page(request, form, agency_id, status)
    return await answer(request, form, lambda: save_agency(viewer, program_id, details, agency_id),  # type: ignore[arg-type]
                        done=lambda agency: redirect(request, "agency", agency_id=agency.id),
                        failed=failed, field="name")


async def agency(request: Request, contact_form: Form | None = None, status_code: int = 200) -> Response:
    viewer = signed_in(request)
    found = await read_agency(viewer, int(request.path_params["agency_id"]))
    return render(request, "agencies/agency.html", {
        "agency": found, "form": contact_form or Form(),
        "in_force": agreement_in_force(found.agreement_starts, found.agreement_ends, clock.today())},
        status_code=status_code)


async def contact(request: Request) -> Response:
    viewer = signed_in(request)
    found = await read_agency(viewer, int(request.path_params["agency_id"]))
    form = Form.from_data(await read_form(request), CONTACT)
    if not form.get("email") and not form.get("phone"):
        form.error("email", _("Give an email address or a phone number, so the invitation can reach them."))
    for name, problem in person_problems(form.values, clock.today()).items():
        form.error(name, problem)

    async def failed(form: Form, status: int) -> Response:
        return await agency(request, form, status)
    return await answer(request, form, lambda: add_contact(viewer, found, form.values),
                        done=lambda person: redirect(request, "person", person_id=person.id),
                        failed=failed, field="given_name")
