"""Answers to every recommendation: the public tracker of a program's published recommendations
(inquiry findings and citizens' panel recommendations together, filtered by body and status, as a
page or CSV), and the coordinators' follow-up of the panels' recommendations (the body named, its
response, the status and milestones; an inquiry's findings are followed up on the inquiry's page)."""

from __future__ import annotations

import csv
import io

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions import recommendation_follow_up as follow_up
from jurycourt.domain import inquiries as rules
from jurycourt.domain.recommendation_follow_up import Source, parse_status_filter
from jurycourt.queries.impact import chosen_program
from jurycourt.queries.ledger import coordinated_program
from jurycourt.queries.people import coordinated_programs
from jurycourt.queries.recommendation_tracker import public_tracker, published
from jurycourt.web.answer import answer, see_other
from jurycourt.web.csv_export import cell
from jurycourt.web.forms import Form, read_form
from jurycourt.web.params import search_term
from jurycourt.web.responses import signed_in
from jurycourt.web.templating import render

CSV_FIELDS = ["made_by", "recommendation", "body", "status", "progress", "deadline", "overdue", "responses",
              "permalink"]


async def _tracker(request: Request):
    program, programs = await chosen_program(request.query_params.get("program"))
    body = search_term(request.query_params.get("body"), 200)
    status = parse_status_filter(request.query_params.get("status", ""))
    return await public_tracker(program, clock.today(program.time_zone), body, status), programs


async def tracker_page(request: Request) -> Response:
    """The public tracker: no account, no JavaScript; the filters are a GET form."""
    tracker, programs = await _tracker(request)
    return render(request, "recommendations/tracker.html", {
        "tracker": tracker, "programs": programs, "statuses": list(rules.RecommendationStatus),
        "query": {k: v for k, v in (("program", str(tracker.program.id)), ("body", tracker.body),
                                    ("status", tracker.status.value if tracker.status else "")) if v}})


async def tracker_csv(request: Request) -> Response:
    """The tracker's chosen rows as CSV (the same filters), text cells safe for spreadsheets."""
    tracker, _ = await _tracker(request)
    base = str(request.base_url).rstrip("/")
    rows: list[list] = [CSV_FIELDS]
    for i in tracker.items:
        rows.append([cell(i.made_by), cell(f"{i.title}: {i.text}"), cell(i.body_named), i.status.value,
                     "" if i.progress is None else i.progress, i.deadline.isoformat(), "yes" if i.overdue else "no",
                     len(i.responses), f"{base}{request.app.url_path_for('finding', slug=i.slug)}"])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="recommendations-{tracker.program.id}.csv"'})


# --- the coordinators' follow-up of the panels' recommendations ----------------------------------

async def _follow_up(request: Request, program_raw: str | None, failed: tuple[int, Form] | None = None,
                     status: int = 200) -> Response:
    viewer = signed_in(request)
    program = await coordinated_program(viewer, program_raw)
    items = await published([program.id], clock.today(program.time_zone))
    return render(request, "recommendations/follow_up.html", {
        "program": program, "programs": await coordinated_programs(viewer),
        "items": [i for i in items if i.source == Source.PANEL],
        "inquiry_items": [i for i in items if i.source == Source.INQUIRY],
        "stances": [(s.value, s.label) for s in rules.Stance],
        "statuses": [(s.value, s.label) for s in rules.RecommendationStatus
                     if s != rules.RecommendationStatus.NO_RESPONSE],
        "failed": failed, "blank": Form()}, status_code=status)


async def follow_up_page(request: Request) -> Response:
    return await _follow_up(request, request.query_params.get("program"))


async def _post(request: Request, fields: list[str], run) -> Response:
    """One follow-up form of one recommendation: its fields are suffixed with the recommendation's id
    (one page holds the forms of each); a refusal is shown beside the field it names."""
    viewer = signed_in(request)
    program = await coordinated_program(viewer, request.query_params.get("program"))
    item_id = int(request.path_params["recommendation_id"])
    suffix = f"-{item_id}"
    form = Form.from_data(await read_form(request), [name + suffix for name in fields])

    def value(name: str) -> str:
        return form.get(name + suffix)

    async def failed(form: Form, status: int) -> Response:
        return await _follow_up(request, str(program.id), (item_id, form), status)
    return await answer(request, form, lambda: run(viewer, item_id, value, form, suffix),
                        done=lambda _: see_other(request, "recommendation_follow_up", anchor=f"panel-{item_id}",
                                                 query={"program": str(program.id)}),
                        failed=failed, field=lambda refusal: (refusal.field or fields[0]) + suffix)


async def name_body(request: Request) -> Response:
    return await _post(request, ["body_named"], lambda viewer, item_id, value, form, suffix: follow_up.name_body(
        viewer, item_id, value("body_named")))


async def response(request: Request) -> Response:
    async def run(viewer, item_id, value, form, suffix):
        target = await follow_up.panel_target(viewer, item_id)
        return await follow_up.record_answer(viewer, target, stance=value("stance"), text=value("response"),
                                             responded_on=form.date("responded_on" + suffix))
    return await _post(request, ["stance", "response", "responded_on"], run)


async def status(request: Request) -> Response:
    async def run(viewer, item_id, value, form, suffix):
        target = await follow_up.panel_target(viewer, item_id)
        return await follow_up.record_step(viewer, target, status=value("status"), reason=value("reason"),
                                           changed_on=form.date("changed_on" + suffix),
                                           milestone=value("milestone"), progress=value("progress"))
    return await _post(request, ["status", "reason", "changed_on", "milestone", "progress"], run)
