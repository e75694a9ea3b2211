"""The public impact page: the program's co-production in numbers and server-drawn charts.

No account and no JavaScript needed. Every number comes already suppressed from
``jurycourt.queries.impact``; anonymous visitors get ETag/Last-Modified and 304s.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from jurycourt.i18n.formatting import duration
from jurycourt.models import Program
from jurycourt.queries import impact as q
from jurycourt.serving.caches import Snapshot
from jurycourt.web.caching import conditional
from jurycourt.web.charts import Chart, Series, grouped_chart
from jurycourt.web.templating import render_public


def program_today(program: Program) -> date:
    return datetime.now(ZoneInfo(program.time_zone)).date()


async def impact_of(request: Request, program: Program) -> Snapshot[q.Impact]:
    """The program's impact figures, from the snapshot cache (serving/caches.py): a page never
    waits for the sums over its whole history once they have been computed."""
    today = program_today(program)
    return await request.app.state.snapshots.get(("impact", program.id, today), lambda: q.impact(program, today))


def not_modified(request: Request, snapshots: list[Snapshot[q.Impact]]) -> tuple[Response | None, dict[str, str]]:
    """The conditional-GET answer for pages built from these impact snapshots."""
    return conditional(request, "|".join(s.fingerprint for s in snapshots),
                       max((s.changed_at for s in snapshots), default=None))


def column(measure: q.Measure, index: int) -> list[int | None]:
    return [row[index] for row in measure.table.cells]


def charts(data: q.Impact) -> dict[str, Chart]:
    names = [label for _, label in data.months]
    return {
        "cases": grouped_chart(names, [Series("referrals", "referrals", column(data.referrals, 0)),
                                       Series("heard", "cases heard", column(data.heard, 0))],
                               say=lambda n: str(n)),
        "hours": grouped_chart(names, [Series("former", "former respondents", column(data.hours, 0)),
                                       Series("others", "other members", column(data.hours, 1))],
                               scale=60, say=duration),
    }


async def impact_page(request: Request) -> Response:
    program, programs = await q.chosen_program(request.query_params.get("program"))
    snapshot = await impact_of(request, program)
    cached, headers = not_modified(request, [snapshot])
    if cached:
        return cached
    data = snapshot.value

    async def context() -> dict:
        return {"data": data, "charts": charts(data), "programs": programs, "as_of": snapshot.computed_at,
                "completion_rate": data.completion.share(), "former_share": data.jurors.share()}

    version = (snapshot.fingerprint, snapshot.computed_at, tuple((p.id, p.name) for p in programs))
    return await render_public(request, "impact/page.html", version, context, headers=headers)
