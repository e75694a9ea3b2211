"""The coordinators' outcomes report: the measures of a program over any range of days, with a
chart and the numbers as a table, downloaded as CSV or as a PDF laid out for a funder.

Every value made of 1 to 4 cases or people is shown as "fewer than 5" (the public figures' rule),
on the page and in both downloads alike, since the downloads leave the program.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.actions.access_log import note_export
from jurycourt.domain.demographics import DIMENSIONS, recorded_here
from jurycourt.domain.errors import Refused
from jurycourt.domain.measures import (
    FAIRNESS_KEYS,
    Definition,
    Period,
    Result,
    Unit,
    last_closed_quarter,
    quarter_name,
    youth_completed,
    youth_referred,
    youth_returned,
)
from jurycourt.i18n import _, gettext, ngettext
from jurycourt.i18n.formatting import local_date, number, percent
from jurycourt.queries.ledger import coordinated_program
from jurycourt.queries.outcomes import Report, measure_rows, outcomes_report
from jurycourt.queries.people import coordinated_programs
from jurycourt.queries.surveys import survey_figures
from jurycourt.web.charts import Chart, Series, grouped_chart
from jurycourt.web.csv_export import cell
from jurycourt.web.documents import pdf_response, render_pdf
from jurycourt.web.forms import Form
from jurycourt.web.params import BadValue, parse_date
from jurycourt.web.responses import signed_in
from jurycourt.web.templating import render

LONGEST = timedelta(days=3700)
CHART_MONTHS = 24

if TYPE_CHECKING:
    from jurycourt.models import Program


def _period(program: Program, form: Form) -> Period:
    """The range asked for (``from``/``to``), else the last closed quarter; each problem is set
    beside its field and the quarter is used meanwhile."""
    default = last_closed_quarter(clock.today(program.time_zone))
    days: dict[str, date] = {}
    for name, fallback in (("from", default.start), ("to", default.end)):
        raw = form.get(name)
        try:
            days[name] = parse_date(raw) if raw else fallback
        except BadValue as problem:
            form.error(name, problem.message)
            days[name] = fallback
    if form.ok and (days["to"] < days["from"] or days["to"] - days["from"] > LONGEST):
        form.error("to", _("Choose a range of at most ten years that ends after it starts."))
    return Period(days["from"], days["to"]) if form.ok else default


def shown(definition: Definition, result: Result) -> str:
    """A value in words, as the page, the CSV and the PDF show it."""
    if result.hidden:
        return gettext("fewer than 5")
    if result.value is None:
        return gettext("none to measure")
    if definition.unit == Unit.RATE:
        return gettext("%(share)s (%(part)s of %(whole)s)") % {
            "share": percent(float(result.value)), "part": number(result.numerator or 0),
            "whole": number(result.denominator or 0)}
    if definition.unit == Unit.DAYS:
        return ngettext("%(num)s day, over %(cases)s cases", "%(num)s days, over %(cases)s cases",
                        int(result.value)) % {"num": number(result.value), "cases": number(result.base)}
    if definition.unit == Unit.HOURS:
        return ngettext("%(num)s hour", "%(num)s hours", int(result.value)) % {"num": number(result.value)}
    return number(result.value)


def _months(period: Period) -> list[Period]:
    months, start = [], period.start
    while start <= period.end and len(months) < CHART_MONTHS:
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        months.append(Period(start, min(period.end, following - timedelta(days=1))))
        start = following
    return months


async def _chart(program: Program, period: Period) -> tuple[Chart, list[tuple[str, list[str]]]]:
    """Cases referred, completed and returned per month of the range (the first 24), each value
    suppressed on its own; and the same numbers as table rows."""
    rows = await measure_rows(program, period)
    months = _months(period)
    names = [local_date(m.start, "short_month") for m in months]
    measures = [youth_referred, youth_completed, youth_returned]
    values = [[measure(rows, m).shown for m in months] for measure in measures]
    series = [Series("referrals", gettext("referred"), values[0]), Series("completed", gettext("completed"), values[1]),
              Series("returned", gettext("returned"), values[2])]
    table = [(name, [gettext("fewer than 5") if v[i] is None else number(v[i]) for v in values])
             for i, name in enumerate(names)]
    return grouped_chart(names, series), table


async def _report(request: Request) -> tuple[Report | None, Form, Program, list[Program]]:
    viewer = signed_in(request)
    program = await coordinated_program(viewer, request.query_params.get("program"))
    form = Form.from_data(request.query_params, ["from", "to"])
    period = _period(program, form)
    grouping = request.query_params.get("group", "age_band")
    report = await outcomes_report(viewer, program, period, grouping) if form.ok else None
    return report, form, program, await coordinated_programs(viewer)


async def outcomes_page(request: Request) -> Response:
    report, form, program, choices = await _report(request)
    context: dict = {"report": report, "form": form, "program": program, "programs": choices, "shown": shown,
                     "groupings": _groupings(program)}
    if report is None:
        return render(request, "outcomes/page.html", context, status_code=400)
    chart, table = await _chart(program, report.period)
    surveys = await survey_figures(request.state.viewer, program, report.period)
    context.update(chart=chart, month_rows=table, surveys=surveys, quarter=quarter_name(report.period),
                   query=f"program={program.id}&from={report.period.start}&to={report.period.end}")
    return render(request, "outcomes/page.html", context)


def _groupings(program: Program) -> dict[str, tuple[object, dict[str, object] | None]]:
    """The fairness table's "group by" choices: age band, and the demographics where recorded."""
    return DIMENSIONS if recorded_here(program.rules) else {"age_band": DIMENSIONS["age_band"]}


def _filename(report: Report, extension: str) -> str:
    return f"outcomes-{report.period.start}_{report.period.end}.{extension}"


async def _downloadable(request: Request) -> Report:
    report, form, _program, _choices = await _report(request)
    if report is None:
        raise Refused(next(iter(form.errors.values())), "from")
    return report


def group_name(report: Report, group: str) -> str:
    """A fairness group as the page names it ("not recorded" for cases without one)."""
    if not group:
        return gettext("not recorded")
    _dimension, categories = DIMENSIONS[report.grouping]
    return str(categories.get(group, group)) if categories else group


def _csv_row(report: Report, definition: Definition, result: Result,
             group: tuple[str, str, str] = ("", "", "")) -> list:
    """One CSV line: a hidden value leaves every number of it blank, like the page's "fewer than 5"."""
    hidden = result.hidden
    return [definition.key, cell(str(definition.label)), "" if hidden else result.value,
            cell(shown(definition, result)), "" if hidden else result.numerator,
            "" if hidden else result.denominator, "" if hidden else result.base,
            cell(str(definition.definition)), report.period.start, report.period.end, *group]


async def outcomes_csv(request: Request) -> Response:
    report = await _downloadable(request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["measure", "label", "value", "shown", "numerator", "denominator", "based_on", "definition",
                     "from", "to", "group_by", "group", "small_numbers"])
    for definition, result in report.lines:
        writer.writerow(_csv_row(report, definition, result))
    # The fairness table, with the page's suppression: each value hidden by its own rule, small groups labelled.
    definitions = report.definitions
    for line in report.groups:
        for key in FAIRNESS_KEYS:
            writer.writerow(_csv_row(report, definitions[key], line.results[key], (
                report.grouping, cell(group_name(report, line.group)), "yes" if line.small else "")))
    await note_export(request.state.viewer, "outcomes", report.program.id, len(report.lines))
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{_filename(report, "csv")}"'})


async def outcomes_pdf(request: Request) -> Response:
    report = await _downloadable(request)
    chart, table = await _chart(report.program, report.period)
    surveys = await survey_figures(request.state.viewer, report.program, report.period)
    pdf = await render_pdf(request, "outcomes/report_pdf.html", {
        "report": report, "shown": shown, "chart": chart, "month_rows": table, "surveys": surveys,
        "groupings": {report.grouping: DIMENSIONS[report.grouping]},
        "made_on": clock.today(report.program.time_zone)})
    await note_export(request.state.viewer, "outcomes", report.program.id, len(report.lines))
    return pdf_response(pdf, _filename(report, "pdf"))

