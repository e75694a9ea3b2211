"""The coordinator's steps on a community justice matter: participants, panel, visits, meeting,
agreement, payments, sign-offs, lifecycle moves and the public summary.

Each view loads the matter for a coordinator of its program (404 otherwise), parses its form,
calls one action, then redirects back to the matter page or re-renders it with the form's
input and its errors.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions import justice_agreement as agreement
from jurycourt.actions import justice_matters as matters
from jurycourt.actions.view_log import log_matter_view
from jurycourt.auth.viewer import Viewer
from jurycourt.domain import justice as rules
from jurycourt.domain.errors import Refused
from jurycourt.domain.people import person_problems
from jurycourt.i18n import _
from jurycourt.queries.justice import coordinated_matter
from jurycourt.queries.programs import program_of
from jurycourt.web.answer import answer, see_other
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import parse_cents, parse_id, parse_ids, parse_number
from jurycourt.web.responses import signed_in
from jurycourt.web.views.panels import matter_page

if TYPE_CHECKING:
    from jurycourt.models import JusticeMatter

Step = Callable[["JusticeMatter", Form], Awaitable[object]]


async def _coordinated(request: Request) -> tuple[Viewer, JusticeMatter]:
    """The signed-in coordinator and the matter they are changing, its read logged (NotFound for
    anyone who does not coordinate its program)."""
    viewer = signed_in(request)
    read = await coordinated_matter(viewer, int(request.path_params["panel_id"]))
    await log_matter_view(read.matter.id, viewer.person_id, read.seen)
    return viewer, read.matter


async def _run(request: Request, name: str, fields: list[str], step: Step, anchor: str, field: str = "_") -> Response:
    """The four steps every view here makes: access, form, action, redirect (or the page again).
    A refusal naming a field without the form's prefix (``p_``, ``v_``…) is put beside the prefixed
    one; a refusal naming none beside ``field``."""
    viewer, matter = await _coordinated(request)
    data = await read_form(request)
    form = Form.from_data(data, fields)
    form.values["_multi"] = ",".join(str(v) for v in data.getlist("members"))
    request.state.matter_viewer = viewer
    prefix = field[:2] if field[1:2] == "_" else ""
    return await answer(request, form, lambda: step(matter, form),
                        done=lambda _: see_other(request, "justice_matter", anchor=anchor, panel_id=matter.panel_id),
                        failed=lambda form, status: matter_page(request, {name: form}, status),
                        field=field, prefix=prefix)


def _check(form: Form) -> None:
    """Stop before the action when the form itself was wrong (the page shows why)."""
    if not form.ok:
        raise Refused(next(iter(form.errors.values())), next(iter(form.errors)))


async def participant(request: Request) -> Response:
    async def step(matter: JusticeMatter, form: Form) -> None:
        values = {"given_name": form.get("p_given_name"), "family_name": form.get("p_family_name"),
                  "phone": form.get("p_phone")}
        for name, problem in person_problems(values, clock.today()).items():
            form.error(f"p_{name}", problem)
        try:
            role = rules.ParticipantRole(form.get("p_role"))
        except ValueError:
            form.error("p_role", _("Choose the person's part in the matter."))
        _check(form)
        await matters.add_participant(request.state.matter_viewer, matter, role, form.get("p_contact_wish"),
                                      values)
    return await _run(request, "participant", ["p_role", "p_given_name", "p_family_name", "p_phone",
                                               "p_contact_wish"], step, "people", "p_role")


async def panel(request: Request) -> Response:
    async def step(matter: JusticeMatter, form: Form) -> None:
        members = parse_ids(form.get("_multi").split(","))
        await matters.appoint_panel(request.state.matter_viewer, matter, parse_id(form.get("chair")), members)
    return await _run(request, "panel", ["chair"], step, "panel")


async def visit(request: Request) -> Response:
    async def step(matter: JusticeMatter, form: Form) -> None:
        form.required("v_participant", "v_visited_on")
        visited_on = form.date("v_visited_on", past=True)
        form.max_length("v_note", 500)
        _check(form)
        await matters.record_visit(request.state.matter_viewer, matter, parse_id(form.get("v_participant")) or 0,
                                   visited_on, parse_id(form.get("v_visitor")), form.get("v_note"))
    return await _run(request, "visit", ["v_participant", "v_visited_on", "v_visitor", "v_note"], step,
                      "visits", "v_participant")


async def meeting(request: Request) -> Response:
    async def step(matter: JusticeMatter, form: Form) -> None:
        program = await program_of(matter.panel.program_id)
        tz = ZoneInfo(program.time_zone)
        starts_at, ends_at = form.moment("m_starts_at", tz), form.moment("m_ends_at", tz)
        room = form.id("m_room", _("Choose a room from the list."))
        _check(form)
        await matters.schedule_meeting(request.state.matter_viewer, matter, starts_at, ends_at,
                                       room)
    return await _run(request, "meeting", ["m_starts_at", "m_ends_at", "m_room"], step, "meeting", "m_starts_at")


async def action(request: Request) -> Response:
    async def step(matter: JusticeMatter, form: Form) -> None:
        try:
            kind = rules.ActionKind(form.get("a_kind"))
        except ValueError:
            form.error("a_kind", _("Choose the kind of action."))
        due_on = form.date("a_due_on")
        amount = parse_cents(form.get("a_amount"))
        if form.get("a_amount") and amount is None:
            form.error("a_amount", _("Enter an amount like 40.00."))
        months = parse_number(form.get("a_months"), 0, 1200)
        if form.get("a_months") and months is None:
            form.error("a_months", _("Enter the months as a whole number."))
        _check(form)
        terms = rules.ActionTerms(kind, form.get("a_detail"), due_on, amount, months)
        await agreement.add_action(request.state.matter_viewer, matter, terms, clock.today())
    return await _run(request, "action", ["a_kind", "a_detail", "a_due_on", "a_amount", "a_months"], step,
                      "agreement", "a_kind")


async def payment(request: Request) -> Response:
    action_id = int(request.path_params["action_id"])

    async def step(matter: JusticeMatter, form: Form) -> None:
        paid_on = form.date("paid_on", past=True) or clock.today()
        _check(form)
        await agreement.record_payment(request.state.matter_viewer, matter, action_id, parse_cents(form.get("amount")),
                                       paid_on)
    return await _run(request, f"payment-{action_id}", ["amount", "paid_on"], step, f"action-{action_id}")


async def done(request: Request) -> Response:
    action_id = int(request.path_params["action_id"])

    async def step(matter: JusticeMatter, form: Form) -> None:
        await agreement.mark_done(request.state.matter_viewer, matter, action_id, clock.today())
    return await _run(request, f"done-{action_id}", [], step, f"action-{action_id}")


async def sign_off(request: Request) -> Response:
    async def step(matter: JusticeMatter, form: Form) -> None:
        signed_on = form.date("s_signed_on", past=True)
        form.required("s_signed_on")
        _check(form)
        signer = parse_id(form.get("s_signer")) or 0
        await agreement.sign_off(request.state.matter_viewer, matter, signer, signed_on)
    return await _run(request, "signoff", ["s_signer", "s_signed_on"], step, "signoffs", "s_signer")


async def transition(request: Request) -> Response:
    async def step(matter: JusticeMatter, form: Form) -> None:
        await matters.move_matter(request.state.matter_viewer, matter, form.get("step"), form.get("reason"))
    return await _run(request, "step", ["step", "reason"], step, "history")


async def summary(request: Request) -> Response:
    viewer, matter = await _coordinated(request)
    await read_form(request)
    return await answer(request, Form(), lambda: agreement.draft_summary(viewer, matter),
                        done=lambda publication: see_other(request, "publication", publication_id=publication.id),
                        failed=lambda form, status: matter_page(request, {"step": form}, status))
