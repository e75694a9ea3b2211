"""The coordinator's steps on a case page: lifecycle moves, intake, docket and sanctions.

Each view checks access by loading the case, parses its form, calls one action, and then
redirects back to the case page, or re-renders it with the form's input and errors.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions import demographics, docket, intake, sanctions
from jurycourt.actions.cases import move_case
from jurycourt.actions.view_log import log_view
from jurycourt.auth.policy import NotFound
from jurycourt.domain.case_access import Access
from jurycourt.domain.intake import Checklist, Consent
from jurycourt.domain.sanctions import SanctionKind, SanctionStatus, SanctionTerms
from jurycourt.i18n import _
from jurycourt.queries.cases import read_case, sanction_of
from jurycourt.web.answer import answer, see_other
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import parse_cents, parse_id, parse_number
from jurycourt.web.responses import signed_in
from jurycourt.web.views.cases import case_page

if TYPE_CHECKING:
    from jurycourt.models import Sanction


async def coordinated_case(request: Request, what: str):
    """The viewer and the case of the request's ``case_id``, for a step only its coordinators take
    (NotFound for anyone else); the view is logged."""
    viewer = signed_in(request)
    read = await read_case(viewer, int(request.path_params["case_id"]), what)
    if read.access != Access.FULL:
        raise NotFound()
    await log_view(read.case.id, viewer.person_id, read.seen)
    return viewer, read.case


async def run_step(request: Request, case, name: str, form: Form, action: Callable[[], Awaitable[object]],
               field: str, anchor: str) -> Response:
    """Run the step's action; back to the case page at ``anchor``, or the page with ``form`` again."""
    return await answer(request, form, action,
                        done=lambda _: see_other(request, "case", anchor=anchor, case_id=case.id),
                        failed=lambda form, status: case_page(request, forms={name: form}, status_code=status),
                        field=field)


async def transition(request: Request) -> Response:
    viewer, case = await coordinated_case(request, "step")
    form = Form.from_data(await read_form(request), ["step", "reason"])
    return await run_step(request, case, "step", form,
                      lambda: move_case(viewer, case, form.get("step"), form.get("reason")), "reason", "history")


def _yes_no(form: Form, name: str) -> bool | None:
    return {"yes": True, "no": False}.get(form.get(name))


INTAKE_FIELDS = ["first_offence", "non_violent", "accepts_responsibility", "age", "respondent_consent_on",
                 "guardian_consent_on", "witness", "consent_refused", "consenting_guardian"]


async def record_intake(request: Request) -> Response:
    viewer, case = await coordinated_case(request, "step")
    form = Form.from_data(await read_form(request), INTAKE_FIELDS)
    age = parse_number(form.get("age"), 0, 150)
    if form.get("age") and age is None:
        form.error("age", _("Enter the age in whole years."))
    form.max_length("witness", 120)
    respondent_on, guardian_on = form.date("respondent_consent_on", past=True), form.date("guardian_consent_on",
                                                                                              past=True)
    guardian = form.get("consenting_guardian")
    checklist = Checklist(_yes_no(form, "first_offence"), _yes_no(form, "non_violent"),
                          _yes_no(form, "accepts_responsibility"), age)
    consent = Consent(respondent_on, guardian_on, form.get("witness"), form.get("consent_refused") == "yes")
    return await run_step(request, case, "intake", form,
                      lambda: intake.record_intake(viewer, case, checklist, consent, parse_id(guardian)),
                      "first_offence", "intake")


DEMOGRAPHIC_FIELDS = ["gender", "race", "ethnicity", "consent_given_on", "consent_source"]


async def record_demographics(request: Request) -> Response:
    viewer, case = await coordinated_case(request, "step")
    form = Form.from_data(await read_form(request), DEMOGRAPHIC_FIELDS)
    given_on = form.date("consent_given_on", past=True)
    answers = demographics.Demographics(form.get("gender"), form.get("race"), form.get("ethnicity"), given_on,
                                        form.get("consent_source"))
    return await run_step(request, case, "demographics", form,
                      lambda: demographics.record_demographics(viewer, case, answers), "consent_given_on",
                      "demographics")


async def put_on_docket(request: Request) -> Response:
    viewer, case = await coordinated_case(request, "step")
    form = Form.from_data(await read_form(request), ["hearing", "reason"])
    hearing = parse_id(form.get("hearing"))
    if form.ok and hearing is None:
        form.error("hearing", _("Choose an upcoming jury hearing."))
    return await run_step(request, case, "docket", form,
                      lambda: docket.put_on_docket(viewer, case, hearing, form.get("reason")), "hearing", "docket")


async def take_off_docket(request: Request) -> Response:
    viewer, case = await coordinated_case(request, "step")
    form = Form.from_data(await read_form(request), ["reason"])
    return await run_step(request, case, "undocket", form,
                          lambda: docket.take_off_docket(viewer, case, form.get("reason")), "reason", "docket")


async def add_sanction(request: Request) -> Response:
    viewer, case = await coordinated_case(request, "step")
    form = Form.from_data(await read_form(request), ["kind", "quantity", "amount", "detail", "due_on"])
    due_on = form.date("due_on")
    quantity = parse_number(form.get("quantity"), 0, 99_999)
    if form.get("quantity") and quantity is None:
        form.error("quantity", _("Enter a whole number."))
    amount = parse_cents(form.get("amount"))
    if form.get("amount") and amount is None:
        form.error("amount", _("Enter an amount such as 12.50."))
    form.max_length("detail", 200)
    kind = _choice(SanctionKind, form.get("kind"))
    if kind is None:
        form.error("kind", _("Choose a sanction from the menu."))
    return await run_step(request, case, "sanction", form,
                      lambda: sanctions.add_sanction(viewer, case, SanctionTerms(kind, quantity, amount,
                                                                                 form.get("detail")), due_on),
                      "kind", "sanctions")


async def sanction_in(request: Request, case) -> Sanction:
    """The sanction of the request's ``sanction_id``, of ``case`` only."""
    return await sanction_of(case, int(request.path_params["sanction_id"]))


async def sanction_status(request: Request) -> Response:
    viewer, case = await coordinated_case(request, "step")
    sanction = await sanction_in(request, case)
    form = Form.from_data(await read_form(request), ["status", "reason"])
    status = _choice(SanctionStatus, form.get("status"))
    if form.ok and status is None:
        form.error("status", _("Choose a status."))
    return await run_step(request, case, f"status-{sanction.id}", form,
                      lambda: sanctions.set_sanction_status(viewer, case, sanction, status, form.get("reason")),
                      "status", "sanctions")


async def payment(request: Request) -> Response:
    viewer, case = await coordinated_case(request, "step")
    sanction = await sanction_in(request, case)
    form = Form.from_data(await read_form(request), ["amount", "paid_on"])
    paid_on = form.date("paid_on", past=True)
    form.required("paid_on")
    amount = parse_cents(form.get("amount"))
    if amount is None:
        form.error("amount", _("Enter an amount such as 12.50."))
    elif paid_on is None:
        form.error("paid_on", _("Enter the date paid."))
    return await run_step(request, case, f"payment-{sanction.id}", form,
                      lambda: sanctions.record_payment(viewer, case, sanction, amount, paid_on), "amount", "sanctions")


def _choice(kind, raw: str):
    """The member of the enumeration ``kind`` named ``raw``, or None."""
    try:
        return kind(raw)
    except ValueError:
        return None
