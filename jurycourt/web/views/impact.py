"""The public impact page: the program's co-production in numbers and server-drawn charts.

No account and no JavaScript needed. Every number comes already suppressed from
``jurycourt.queries.impact``; anonymous visitors get ETag/Last-Modified and 304s.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from jurycourt import clock
from jurycourt.i18n import gettext
from jurycourt.i18n.formatting import duration, local_date
from jurycourt.queries import impact as impact_queries
from jurycourt.serving.caches import Snapshot
from jurycourt.web.caching import conditional
from jurycourt.web.charts import Chart, Series, grouped_chart
from jurycourt.web.templating import render_public

if TYPE_CHECKING:
    from jurycourt.models import Program


async def impact_of(request: Request, program: Program) -> Snapshot[impact_queries.Impact]:
    """The program's impact figures, from the snapshot cache (serving/caches.py): a page never
    waits for the sums over its whole history once they have been computed."""
    today = clock.today(program.time_zone)
    return await request.app.state.snapshots.get(("impact", program.id, today),
                                                 lambda: impact_queries.impact(program, today))


def not_modified(request: Request, snapshots: list[Snapshot[impact_queries.Impact]], *,
                 page: bool = True) -> tuple[Response | None, dict[str, str]]:
    """The conditional-GET answer for pages (or, not ``page``, downloads) built from these impact snapshots."""
    return conditional(request, "|".join(s.fingerprint for s in snapshots),
                       max((s.changed_at for s in snapshots), default=None), page=page)


def column(measure: impact_queries.Measure, index: int) -> list[int | None]:
    return [row[index] for row in measure.table.cells]


def month_names(data: impact_queries.Impact) -> list[tuple[str, str]]:
    """Each month's key ("2026-03") with its name in the reader's language ("Mar 2026", "mar 2026"):
    the snapshot is shared by every language, so its own labels are not shown."""
    return [(key, local_date(date.fromisoformat(f"{key}-01"), "short_month")) for key, _ in data.months]


def charts(data: impact_queries.Impact) -> dict[str, Chart]:
    names = [label for _, label in month_names(data)]
    return {
        "cases": grouped_chart(names, [Series("referrals", gettext("referrals"), column(data.referrals, 0)),
                                       Series("heard", gettext("cases heard"), column(data.heard, 0))],
                               say=lambda n: str(n)),
        "hours": grouped_chart(names, [Series("former", gettext("former respondents"), column(data.hours, 0)),
                                       Series("others", gettext("other members"), column(data.hours, 1))],
                               scale=60, say=duration),
    }


def has_figures(*measures: impact_queries.Measure) -> bool:
    """Whether any of the measures has a number to show: one that is published and not zero."""
    return any(value for measure in measures for row in measure.table.cells for value in row)


def sections_in_order(data: impact_queries.Impact) -> tuple[list[str], list[str]]:
    """The page's measures (templates/impact/_sections.html): those with numbers to show, then
    those without (folded away: twelve months of zeros say one thing, and take a phone's whole screen)."""
    sections = [("cases", has_figures(data.referrals, data.heard)), ("completion", has_figures(data.completion)),
                ("hours", has_figures(data.hours)), ("jurors", has_figures(data.jurors)),
                ("justice", has_figures(data.justice)), ("recommendations", has_figures(data.adopted))]
    if data.surveys is not None:  # only where the program publishes them
        sections.append(("surveys", any(responses for _k, _p, responses, _l in data.surveys.summaries)))
    return [key for key, shown in sections if shown], [key for key, shown in sections if not shown]


async def impact_page(request: Request) -> Response:
    program, programs = await impact_queries.chosen_program(request.query_params.get("program"))
    snapshot = await impact_of(request, program)
    cached, headers = not_modified(request, [snapshot])
    if cached:
        return cached
    data = snapshot.value

    async def context() -> dict:
        shown, folded = sections_in_order(data)
        return {"data": data, "months": month_names(data), "charts": charts(data), "programs": programs,
                "shown": shown, "folded": folded, "survey_results": data.surveys.figures() if data.surveys else None,
                "survey_period": (date.fromisoformat(data.surveys.start), date.fromisoformat(data.surveys.end))
                if data.surveys else None,
                "as_of": snapshot.computed_at,
                "completion_rate": data.completion.share(), "former_share": data.jurors.share()}

    version = (snapshot.fingerprint, snapshot.computed_at, tuple((p.id, p.name) for p in programs))
    return await render_public(request, "impact/page.html", version, context, headers=headers)
