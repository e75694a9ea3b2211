"""A citizens' panel's sessions in the room (tables, facilitators, attendance) and its members' support
(access needs and caring, honorarium and expense claims, their approval, the payment file and totals)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.actions import assemblies as act
from jurycourt.actions import member_support as support
from jurycourt.domain.documents import ACCEPT_LABEL, MAX_DOCUMENT_BYTES
from jurycourt.domain.member_support import AttendanceMark, ClaimKind
from jurycourt.queries import assemblies as assemblies_queries
from jurycourt.web import csv_export
from jurycourt.web.answer import answer
from jurycourt.web.downloads import attachment
from jurycourt.web.forms import Form, read_form, read_upload
from jurycourt.web.params import parse_cents, parse_id, parse_number
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render

TABLE_FIELDS = ["table_size", "volunteer", "mark"]
CLAIM_FIELDS = ["session", "volunteer", "kind", "amount", "note"]
HONORARIA_FIELDS = ["honorarium_session", "honorarium_amount"]
NEEDS_FIELDS = ["access_needs", "caring"]


def _panel_id(request: Request) -> int:
    return int(request.path_params["panel_id"])


def _session_id(request: Request) -> int:
    return int(request.path_params["session_id"])


# ------------------------------------------------------------------ tables


async def _tables_page(request: Request, form: Form | None = None, status_code: int = 200) -> Response:
    page = await assemblies_queries.tables_page(signed_in(request), _panel_id(request), _session_id(request))
    form = form or Form({"table_size": str(page.citizens.table_size)})
    return render(request, "citizens/tables.html", {"page": page, "form": form, "marks": list(AttendanceMark)},
                  status_code=status_code)


async def tables(request: Request) -> Response:
    return await _tables_page(request)


async def _table_step(request: Request, run: Callable[[Form], Awaitable[object]], anchor: str = "") -> Response:
    data = await read_form(request)
    form = Form.from_data(data, TABLE_FIELDS + [f"facilitator_{n}" for n in range(40)])
    panel_id, session_id = _panel_id(request), _session_id(request)

    def done(_result: object) -> Response:
        response = redirect(request, "citizens_tables", panel_id=panel_id, session_id=session_id)
        if anchor:
            response.headers["location"] += "#" + anchor
        return response

    return await answer(request, form, lambda: run(form), done=done,
                        failed=lambda form, status: _tables_page(request, form, status), field="table_size")


async def allocate(request: Request) -> Response:
    async def run(form: Form) -> object:
        size = parse_number(form.get("table_size"), 0, 99)
        return await act.allocate_tables(signed_in(request), _panel_id(request), _session_id(request),
                                         table_size=size if size is not None else 0)

    return await _table_step(request, run)


async def facilitators(request: Request) -> Response:
    async def run(form: Form) -> object:
        names = [form.get(f"facilitator_{n}") for n in range(40)]
        return await act.set_facilitators(signed_in(request), _panel_id(request), _session_id(request), names)

    return await _table_step(request, run, "facilitators")


async def drop_out(request: Request) -> Response:
    async def run(form: Form) -> object:
        return await act.drop_out(signed_in(request), _panel_id(request), _session_id(request),
                                  parse_id(form.get("volunteer")) or 0)

    return await _table_step(request, run)


async def attendance(request: Request) -> Response:
    async def run(form: Form) -> object:
        return await act.mark_attendance(signed_in(request), _panel_id(request), _session_id(request),
                                         parse_id(form.get("volunteer")) or 0, form.get("mark"))

    return await _table_step(request, run, "attendance")


# ------------------------------------------------------------------ members' needs


async def _needs_page(request: Request, form: Form | None = None, status_code: int = 200) -> Response:
    panel, member = await assemblies_queries.member_for_support(signed_in(request), _panel_id(request),
                                                                 int(request.path_params["volunteer_id"]))
    form = form or Form({"access_needs": member.access_needs, "caring": member.caring})
    return render(request, "citizens/member_needs.html", {"panel": panel, "member": member, "form": form},
                  status_code=status_code)


async def needs(request: Request) -> Response:
    return await _needs_page(request)


async def save_needs(request: Request) -> Response:
    form = Form.from_data(await read_form(request), NEEDS_FIELDS)
    panel_id, volunteer_id = _panel_id(request), int(request.path_params["volunteer_id"])
    return await answer(request, form, lambda: support.record_needs(
        signed_in(request), panel_id, volunteer_id, access_needs=form.get("access_needs"), caring=form.get("caring")),
        done=lambda _: redirect(request, "citizens_claims", panel_id=panel_id),
        failed=lambda form, status: _needs_page(request, form, status), field="access_needs")


# ------------------------------------------------------------------ claims


async def _claims_page(request: Request, form: Form | None = None, status_code: int = 200,
                       failed_claim: int | None = None) -> Response:
    page = await assemblies_queries.claims_page(signed_in(request), _panel_id(request))
    return render(request, "citizens/claims.html", {"failed_claim": failed_claim,
        "page": page, "form": form or Form({"kind": ClaimKind.HONORARIUM.value}), "kinds": list(ClaimKind),
        "accept": ACCEPT_LABEL, "max_mb": MAX_DOCUMENT_BYTES // (1024 * 1024)}, status_code=status_code)


async def claims(request: Request) -> Response:
    return await _claims_page(request)


async def enter_claim(request: Request) -> Response:
    viewer, panel_id = signed_in(request), _panel_id(request)
    data = await read_form(request)
    form = Form.from_data(data, CLAIM_FIELDS)

    async def run() -> object:
        filename, content = await read_upload(data, "receipt")
        return await support.enter_claim(
            viewer, panel_id, session_id=parse_id(form.get("session")) or 0,
            volunteer_id=parse_id(form.get("volunteer")) or 0,
            kind=form.get("kind"), amount_cents=parse_cents(form.get("amount")), note=form.get("note"),
            receipt=(filename, content) if filename else None)

    return await answer(request, form, run, done=lambda _: redirect(request, "citizens_claims", panel_id=panel_id),
                        failed=lambda form, status: _claims_page(request, form, status),
                        field=lambda refusal: "receipt" if refusal.field == "file" else refusal.field or "amount")


async def enter_honoraria(request: Request) -> Response:
    viewer, panel_id = signed_in(request), _panel_id(request)
    form = Form.from_data(await read_form(request), HONORARIA_FIELDS)
    return await answer(request, form, lambda: support.enter_honoraria(
        viewer, panel_id, session_id=parse_id(form.get("honorarium_session")) or 0,
        amount_cents=parse_cents(form.get("honorarium_amount"))),
        done=lambda _: redirect(request, "citizens_claims", panel_id=panel_id),
        failed=lambda form, status: _claims_page(request, form, status),
        field=lambda refusal: "honorarium_amount" if refusal.field == "amount" else refusal.field or
        "honorarium_session")


async def _decide(request: Request, approve: bool) -> Response:
    viewer, panel_id = signed_in(request), _panel_id(request)
    form = Form.from_data(await read_form(request), ["alone_reason"])
    claim_id = int(request.path_params["claim_id"])
    return await answer(request, form, lambda: support.decide_claim(viewer, panel_id, claim_id, approve=approve,
                                                                    alone_reason=form.get("alone_reason")),
                        done=lambda _: redirect(request, "citizens_claims", panel_id=panel_id),
                        failed=lambda form, status: _claims_page(request, form, status, failed_claim=claim_id),
                        field="decision")


async def approve_claim(request: Request) -> Response:
    return await _decide(request, True)


async def refuse_claim(request: Request) -> Response:
    return await _decide(request, False)


async def receipt(request: Request) -> Response:
    return attachment(await assemblies_queries.claim_receipt(signed_in(request), _panel_id(request),
                                                             int(request.path_params["claim_id"])))


async def payments(request: Request) -> Response:
    panel, lines = await assemblies_queries.payment_lines(signed_in(request), _panel_id(request))
    return csv_export.payments(lines, f"panel-{panel.id}-payments.csv")
