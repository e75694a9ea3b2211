"""The coordinator's steps on a case page: lifecycle moves, intake, docket and sanctions.

Each view checks access by loading the case, parses its form, calls one action, and then
redirects back to the case page, or re-renders it with the form's input and errors.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions import docket, intake, sanctions
from jurycourt.actions.case_views import log_view
from jurycourt.actions.cases import move_case
from jurycourt.auth.policy import NotFound
from jurycourt.domain.case_access import Access
from jurycourt.domain.errors import Refused
from jurycourt.domain.intake import Checklist, Consent
from jurycourt.domain.sanctions import SanctionKind, SanctionStatus, SanctionTerms
from jurycourt.i18n import _
from jurycourt.models import Sanction
from jurycourt.queries.cases import read_case
from jurycourt.web.forms import Form, invalid_status, read_form
from jurycourt.web.params import parse_cents, parse_id, parse_number
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.views.cases import case_page


async def _coordinated(request: Request, what: str):
    viewer = signed_in(request)
    read = await read_case(viewer, int(request.path_params["case_id"]), what)
    if read.access != Access.FULL:
        raise NotFound()
    await log_view(read.case.id, viewer.person_id, read.seen)
    return viewer, read.case


async def _failed(request: Request, name: str, form: Form, refusal: Refused, default_field: str) -> Response:
    form.error(refusal.field or default_field, refusal.message)
    return await case_page(request, forms={name: form}, status_code=invalid_status(request))


def _back(request: Request, case_id: int, anchor: str = "") -> Response:
    response = redirect(request, "case", case_id=case_id)
    if anchor:
        response.headers["location"] += f"#{anchor}"
    return response


async def transition(request: Request) -> Response:
    viewer, case = await _coordinated(request, "step")
    form = Form.from_data(await read_form(request), ["step", "reason"])
    try:
        form.check()
        await move_case(viewer, case, form.get("step"), form.get("reason"))
    except Refused as refusal:
        return await _failed(request, "step", form, refusal, "reason")
    return _back(request, case.id, "history")


def _yes_no(form: Form, name: str) -> bool | None:
    return {"yes": True, "no": False}.get(form.get(name))


INTAKE_FIELDS = ["first_offence", "non_violent", "accepts_responsibility", "age", "respondent_consent_on",
                 "guardian_consent_on", "witness", "consent_refused", "consenting_guardian"]


async def record_intake(request: Request) -> Response:
    viewer, case = await _coordinated(request, "step")
    form = Form.from_data(await read_form(request), INTAKE_FIELDS)
    age = parse_number(form.get("age"), 0, 150)
    if form.get("age") and age is None:
        form.error("age", _("Enter the age in whole years."))
    form.max_length("witness", 120)
    respondent_on, guardian_on = form.date("respondent_consent_on", past=True), form.date("guardian_consent_on",
                                                                                              past=True)
    guardian = form.get("consenting_guardian")
    if not form.ok:
        return await case_page(request, forms={"intake": form}, status_code=invalid_status(request))
    checklist = Checklist(_yes_no(form, "first_offence"), _yes_no(form, "non_violent"),
                          _yes_no(form, "accepts_responsibility"), age)
    consent = Consent(respondent_on, guardian_on, form.get("witness"), form.get("consent_refused") == "yes")
    try:
        await intake.record_intake(viewer, case, checklist, consent, parse_id(guardian))
    except Refused as refusal:
        return await _failed(request, "intake", form, refusal, "first_offence")
    return _back(request, case.id, "intake")


async def put_on_docket(request: Request) -> Response:
    viewer, case = await _coordinated(request, "step")
    form = Form.from_data(await read_form(request), ["hearing", "reason"])
    try:
        form.check()
        hearing = parse_id(form.get("hearing"))
        if hearing is None:
            raise Refused(_("Choose an upcoming jury hearing."), "hearing")
        await docket.put_on_docket(viewer, case, hearing, form.get("reason"))
    except Refused as refusal:
        return await _failed(request, "docket", form, refusal, "hearing")
    return _back(request, case.id, "docket")


async def take_off_docket(request: Request) -> Response:
    viewer, case = await _coordinated(request, "step")
    form = Form.from_data(await read_form(request), ["reason"])
    try:
        form.check()
        await docket.take_off_docket(viewer, case, form.get("reason"))
    except Refused as refusal:
        return await _failed(request, "undocket", form, refusal, "reason")
    return _back(request, case.id, "docket")


async def add_sanction(request: Request) -> Response:
    viewer, case = await _coordinated(request, "step")
    form = Form.from_data(await read_form(request), ["kind", "quantity", "amount", "detail", "due_on"])
    due_on = form.date("due_on")
    quantity = parse_number(form.get("quantity"), 0, 99_999)
    if form.get("quantity") and quantity is None:
        form.error("quantity", _("Enter a whole number."))
    amount = parse_cents(form.get("amount"))
    if form.get("amount") and amount is None:
        form.error("amount", _("Enter an amount such as 12.50."))
    form.max_length("detail", 200)
    try:
        kind = SanctionKind(form.get("kind"))
    except ValueError:
        form.error("kind", _("Choose a sanction from the menu."))
    if not form.ok:
        return await case_page(request, forms={"sanction": form}, status_code=invalid_status(request))
    try:
        await sanctions.add_sanction(viewer, case, SanctionTerms(kind, quantity, amount, form.get("detail")), due_on)
    except Refused as refusal:
        return await _failed(request, "sanction", form, refusal, "kind")
    return _back(request, case.id, "sanctions")


async def _sanction(request: Request, case) -> Sanction:
    sanction = await Sanction.get_or_none(id=int(request.path_params["sanction_id"]), case_id=case.id)
    if sanction is None:
        raise NotFound()
    return sanction


async def sanction_status(request: Request) -> Response:
    viewer, case = await _coordinated(request, "step")
    sanction = await _sanction(request, case)
    form = Form.from_data(await read_form(request), ["status", "reason"])
    try:
        form.check()
        try:
            status = SanctionStatus(form.get("status"))
        except ValueError:
            raise Refused(_("Choose a status."), "status") from None
        await sanctions.set_sanction_status(viewer, case, sanction, status, form.get("reason"))
    except Refused as refusal:
        return await _failed(request, f"status-{sanction.id}", form, refusal, "status")
    return _back(request, case.id, "sanctions")


async def payment(request: Request) -> Response:
    viewer, case = await _coordinated(request, "step")
    sanction = await _sanction(request, case)
    form = Form.from_data(await read_form(request), ["amount", "paid_on"])
    paid_on = form.date("paid_on", past=True)
    form.required("paid_on")
    amount = parse_cents(form.get("amount"))
    try:
        if amount is None:
            raise Refused(_("Enter an amount such as 12.50."), "amount")
        if paid_on is None:
            raise Refused(form.errors.get("paid_on", _("Enter the date paid.")), "paid_on")
        await sanctions.record_payment(viewer, case, sanction, amount, paid_on)
    except Refused as refusal:
        return await _failed(request, f"payment-{sanction.id}", form, refusal, "amount")
    return _back(request, case.id, "sanctions")
