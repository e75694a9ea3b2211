"""Time-credit pages: a member's credits and rewards, a coordinator's view of a member and of
the program (totals, hours given per month, waiting requests, the catalogue), and CSV exports."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions import corrections, service_credits
from jurycourt.actions import rewards as reward_actions
from jurycourt.actions.access_log import note_export
from jurycourt.auth.policy import NotFound
from jurycourt.domain.errors import Refused
from jurycourt.domain.form_keys import check_form_key
from jurycourt.i18n import _
from jurycourt.queries import ledger as ledger_queries
from jurycourt.web import csv_export
from jurycourt.web.answer import answer
from jurycourt.web.charts import bar_chart
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import INT_MAX, BadValue, parse_date, parse_number, parse_page
from jurycourt.web.responses import redirect, signed_in
from jurycourt.web.templating import render, url_paths

if TYPE_CHECKING:
    from jurycourt.models import Person, Program

SERVICE_FIELDS = ["hours", "minutes", "note", "served_on", "key", "alone_reason"]
ADJUST_FIELDS = ["direction", "adjust_hours", "adjust_minutes", "reason", "key", "alone_reason"]


def form_key() -> str:
    """A fresh idempotency key for a form that posts to the ledger: a double submit of the same
    form carries the same key, so it posts once."""
    return secrets.token_urlsafe(18)


def _statement_url(request: Request, name: str, program: Program, **params):
    def url(number: int) -> str:
        return url_paths(request.app)(name, **params) + "?" + urlencode({"program": program.id, "page": number})
    return url


def _claim_values(form: Form, today: date) -> tuple[int, str, date]:
    """Minutes, note and date from a service form; each problem is set beside its field."""
    minutes = form.minutes("hours", "minutes")
    form.required("note", message=_("Say what the service was, e.g. tutoring at the library."))
    served_on = form.date("served_on", past=True) or (today if not form.get("served_on") else None)
    return minutes, form.get("note"), served_on or today


async def _mine_context(request: Request, program_raw: str | None, form: Form | None = None, error: str = "") -> dict:
    viewer = request.state.viewer
    programs = await ledger_queries.member_programs(viewer)
    program = ledger_queries.chosen(programs, program_raw)
    person = await ledger_queries.person(viewer.person_id)
    statement = await ledger_queries.statement(program, person, parse_page(request.query_params.get("page")))
    requests, claims = await ledger_queries.own_requests(program.id, person.id)
    form = form or Form({"served_on": clock.today().isoformat(), "key": form_key()})
    return {"statement": statement, "programs": programs, "program": program,
            "catalogue": await ledger_queries.catalogue(program.id), "done": request.query_params.get("done", ""),
            "requests": requests, "claims": claims, "form": form,
            "error": error, "page_url": _statement_url(request, "my_credits", program)}


async def my_credits(request: Request) -> Response:
    signed_in(request)
    context = await _mine_context(request, request.query_params.get("program"))
    return render(request, "credits/mine.html", context, fragment="credits/_statement.html")


async def request_reward(request: Request) -> Response:
    viewer = signed_in(request)
    await read_form(request)

    async def failed(form: Form, status: int) -> Response:
        context = await _mine_context(request, request.query_params.get("program"), error=form.message)
        return render(request, "credits/mine.html", context, status_code=status)
    reward_id = int(request.path_params["reward_id"])
    return await answer(request, Form(), lambda: reward_actions.request_reward(viewer, reward_id),
                        done=lambda reward: redirect(request, "my_credits", query={"program": str(reward.program_id),
                                                                                   "done": "requested"}),
                        failed=failed)


async def withdraw_request(request: Request) -> Response:
    viewer = signed_in(request)
    await read_form(request)
    await reward_actions.withdraw_request(viewer, int(request.path_params["request_id"]))
    return redirect(request, "my_credits")


async def propose_service(request: Request) -> Response:
    viewer = signed_in(request)
    form = Form.from_data(await read_form(request), SERVICE_FIELDS)
    program = ledger_queries.chosen(await ledger_queries.member_programs(viewer), request.query_params.get("program"))
    minutes, note, served_on = _claim_values(form, clock.today())

    def blame(refusal: Refused) -> str:
        if refusal.field == "key":  # a stale or reused form: what they typed stays, with a fresh key
            form.values["key"] = form_key()
        return refusal.field if refusal.field in SERVICE_FIELDS[:4] else "note"

    async def failed(form: Form, status: int) -> Response:
        return render(request, "credits/mine.html", await _mine_context(request, str(program.id), form),
                      status_code=status)
    return await answer(request, form, lambda: service_credits.propose_service(viewer, program.id, minutes, note,
                                                                                served_on, key=form.get("key")),
                        done=lambda _: redirect(request, "my_credits", query={"program": str(program.id),
                                                                              "done": "proposed"}),
                        failed=failed, field=blame)


async def _member(request: Request) -> tuple[Person, Program]:
    """The member and program of a coordinator's ledger route (NotFound for anyone else): what a
    form post needs before it reads its form; the whole page is built only when it is shown."""
    return await ledger_queries.member_for_coordinator(request.state.viewer, int(request.path_params["person_id"]),
                                          request.query_params.get("program"))


async def _member_context(request: Request, form: Form | None = None, adjust_form: Form | None = None,
                          reverse_error: str = "", reverse_for: int | None = None) -> dict:
    person, program = await _member(request)
    statement = await ledger_queries.statement(program, person, parse_page(request.query_params.get("page")))
    requests, claims = await ledger_queries.own_requests(program.id, person.id)
    done = await ledger_queries.reversed_postings(statement)
    reversible = {e.posting_id for e in statement.page.items
                  if e.posting.kind in corrections.REVERSIBLE and e.posting_id not in done}
    return {"statement": statement, "program": program, "person": person, "requests": requests, "claims": claims,
            "done": request.query_params.get("done", ""),
            "form": form or Form({"served_on": clock.today().isoformat(), "key": form_key()}),
            "adjust_form": adjust_form or Form({"direction": "add", "key": form_key()}),
            "correcting": True, "reversible": reversible, "reverse_error": reverse_error, "reverse_for": reverse_for,
            "page_url": _statement_url(request, "person_credits", program, person_id=person.id)}


async def person_credits(request: Request) -> Response:
    signed_in(request)
    return render(request, "credits/member.html", await _member_context(request), fragment="credits/_statement.html")


async def log_service(request: Request) -> Response:
    viewer = signed_in(request)
    person, program = await _member(request)  # 404 before reading the form
    form = Form.from_data(await read_form(request), SERVICE_FIELDS)
    minutes, note, served_on = _claim_values(form, clock.today())

    async def failed(form: Form, status: int) -> Response:
        return render(request, "credits/member.html", await _member_context(request, form), status_code=status)
    return await answer(request, form,
                        lambda: service_credits.log_service(viewer, program.id, person.id, minutes, note, served_on,
                                                            key=check_form_key(form.get("key")),
                                                            alone_reason=form.get("alone_reason"),
                                                            settings=request.app.state.settings),
                        done=lambda _: redirect(request, "person_credits", person_id=person.id,
                                                query={"program": str(program.id), "done": "logged"}),
                        failed=failed,
                        field=lambda refusal: refusal.field if refusal.field in (*SERVICE_FIELDS[:4], "alone_reason")
                        else "note")


async def adjust_credits(request: Request) -> Response:
    """A manual adjustment (add or take away, with a reason), posted once per form."""
    viewer = signed_in(request)
    person, program = await _member(request)  # 404 before reading the form
    form = Form.from_data(await read_form(request), ADJUST_FIELDS)
    minutes = form.minutes("adjust_hours", "adjust_minutes")
    if form.get("direction") not in ("add", "take"):
        form.error("direction", _("Choose whether to add or take away time credit."))
    form.required("reason", message=_("Say why, so the statement explains it."))
    sign = -1 if form.get("direction") == "take" else 1

    async def failed(form: Form, status: int) -> Response:
        return render(request, "credits/member.html", await _member_context(request, adjust_form=form),
                      status_code=status)
    return await answer(request, form,
                        lambda: corrections.adjust(viewer, program.id, person.id, sign * minutes, form.get("reason"),
                                                   form.get("key"), alone_reason=form.get("alone_reason"),
                                                   settings=request.app.state.settings),
                        done=lambda _: redirect(request, "person_credits", person_id=person.id,
                                                query={"program": str(program.id), "done": "adjusted"}),
                        failed=failed,
                        field=lambda refusal: {"minutes": "adjust_hours", "key": "reason"}.get(
                            refusal.field or "", refusal.field or "reason"))


async def reverse_posting(request: Request) -> Response:
    """Reverse one posting on a member's statement, with a reason (once, however often asked)."""
    viewer = signed_in(request)
    person, program = await _member(request)  # 404 before reading the form
    data = await read_form(request)
    posting_id = int(request.path_params["posting_id"])
    form = Form.from_data(data, ["reason", "alone_reason"])

    async def failed(form: Form, status: int) -> Response:
        return render(request, "credits/member.html", await _member_context(
            request, reverse_error=form.message, reverse_for=posting_id), status_code=status)
    return await answer(request, form,
                        lambda: corrections.reverse_posting(viewer, person.id, posting_id, form.get("reason"),
                                                            alone_reason=form.get("alone_reason"),
                                                            settings=request.app.state.settings),
                        done=lambda _: redirect(request, "person_credits", person_id=person.id,
                                                query={"program": str(program.id), "done": "reversed"}),
                        failed=failed)


async def _program_context(request: Request, program_raw: str | None, form: Form | None = None,
                           error: str = "", error_for: str = "") -> dict:
    program = await ledger_queries.coordinated_program(request.state.viewer, program_raw)
    local_today = clock.today(program.time_zone)
    months = await request.app.state.snapshots.get(("hours_by_month", program.id, local_today),
                                                   lambda: ledger_queries.hours_by_month(program, local_today))
    requests, claims = await ledger_queries.waiting(program.id)
    today = clock.today()
    return {"program": program, "totals": await ledger_queries.totals(program.id), "months": months.value,
            "months_as_of": months.computed_at, "chart": bar_chart(months.value),
            "requests": requests, "claims": claims, "catalogue": await ledger_queries.catalogue(program.id),
            "form": form or Form(), "error": error, "error_for": error_for,
            "default_from": today.replace(day=1).isoformat(), "default_to": today.isoformat()}


async def program_credits(request: Request) -> Response:
    signed_in(request)
    return render(request, "credits/program.html", await _program_context(request, request.query_params.get("program")))


async def add_reward(request: Request) -> Response:
    viewer = signed_in(request)
    program = await ledger_queries.coordinated_program(viewer, request.query_params.get("program"))
    form = Form.from_data(await read_form(request), ["name", "price_hours", "stock", "description"])
    raw_price, raw_stock = form.get("price_hours"), form.get("stock")
    price = (parse_number(raw_price, 1, INT_MAX // 60) or 0) * 60
    if not price:
        form.error("price_hours", _("Enter the price in whole hours, e.g. 100."))
    stock = parse_number(raw_stock, 0, INT_MAX)
    if raw_stock and stock is None:
        form.error("stock", _("Enter a whole number, or leave it blank for no limit."))

    async def failed(form: Form, status: int) -> Response:
        return render(request, "credits/program.html", await _program_context(request, str(program.id), form),
                      status_code=status)
    return await answer(request, form,
                        lambda: reward_actions.add_reward(viewer, program.id, form.get("name"), price, stock,
                                                          form.get("description")),
                        done=lambda _: redirect(request, "program_credits", query={"program": str(program.id)}),
                        failed=failed,
                        field=lambda refusal: {"price": "price_hours"}.get(refusal.field or "",
                                                                           refusal.field or "name"))


async def decide(request: Request) -> Response:
    """Approve or decline a reward request or a service claim (``kind`` in the path)."""
    viewer = signed_in(request)
    data = await read_form(request)
    if request.path_params["kind"] not in ("requests", "claims"):
        raise NotFound()
    item_id, approve = int(request.path_params["item_id"]), data.get("decision") == "approve"
    form = Form.from_data(data, ["reason", "alone_reason"])
    second = {"alone_reason": form.get("alone_reason"), "settings": request.app.state.settings}
    decide_one = (reward_actions.decide_request if request.path_params["kind"] == "requests"
                  else service_credits.decide_claim)

    async def failed(form: Form, status: int) -> Response:
        return render(request, "credits/program.html", await _program_context(
            request, request.query_params.get("program"), error=form.message,
            error_for=f"{request.path_params['kind']}-{item_id}"), status_code=status)
    return await answer(request, form, lambda: decide_one(viewer, item_id, approve, form.get("reason"), **second),
                        done=lambda decided: redirect(request, "program_credits",
                                                      query={"program": str(decided.program_id)}),
                        failed=failed)


def _range(request: Request, zone: str) -> tuple[datetime, datetime, str]:
    tz, today = ZoneInfo(zone), clock.today()
    try:
        start = parse_date(request.query_params.get("from") or today.replace(day=1).isoformat())
        end = parse_date(request.query_params.get("to") or today.isoformat())
    except BadValue as problem:
        raise Refused(problem.message, "from") from None
    if end < start or end - start > timedelta(days=3700):
        raise Refused(_("Choose a range of at most ten years that ends after it starts."), "to")
    return (datetime.combine(start, time(), tz).astimezone(UTC),
            datetime.combine(end + timedelta(days=1), time(), tz).astimezone(UTC), f"{start}_{end}")


async def my_credits_csv(request: Request) -> Response:
    viewer = signed_in(request)
    program = ledger_queries.chosen(await ledger_queries.member_programs(viewer), request.query_params.get("program"))
    entries = await ledger_queries.whole_statement(program.id, viewer.person_id)
    await note_export(viewer, "own_credits", program.id, len(entries))
    return csv_export.statement(entries, program, "my-time-credits.csv")


async def person_credits_csv(request: Request) -> Response:
    viewer = signed_in(request)
    person, program = await ledger_queries.member_for_coordinator(viewer, int(request.path_params["person_id"]),
                                                     request.query_params.get("program"))
    entries = await ledger_queries.whole_statement(program.id, person.id)
    await note_export(viewer, "person_credits", program.id, len(entries), subject=("person", person.id))
    return csv_export.statement(entries, program, f"time-credits-person-{person.id}.csv")


async def postings_csv(request: Request) -> Response:
    viewer = signed_in(request)
    program = await ledger_queries.coordinated_program(viewer, request.query_params.get("program"))
    start, end, label = _range(request, program.time_zone)
    postings = await ledger_queries.postings_between(program.id, start, end)
    await note_export(viewer, "postings", program.id, len(postings))
    return csv_export.postings(postings, program, f"postings-{label}.csv")
