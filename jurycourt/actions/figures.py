"""Publishing the impact figures: each month's tables frozen once the month has closed."""

from __future__ import annotations

from datetime import date

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.domain.disposition_spread import spread
from jurycourt.domain.measures import last_closed_quarter, quarter_name
from jurycourt.models import Program, PublishedFigures
from jurycourt.queries.impact import closed_months, month_figures, table_json
from jurycourt.queries.outcomes import SPREAD_MEASURE, past_cases


async def close_months(today: date | None = None) -> int:
    """Publish every closed month of the last 12 that is not published yet, for every program: its
    tables are counted and suppressed now, stored, and never recomputed (so later pages cannot
    reveal what this one hid). Run by the periodic round; returns how many months were published."""
    published = 0
    for program in await Program.all():
        day = today or clock.today(program.time_zone)
        done = set(await PublishedFigures.filter(program_id=program.id).values_list("period", flat=True))
        for month in closed_months(day):
            period = month.strftime("%Y-%m")
            if period in done:
                continue
            measures = await month_figures(program, month)
            try:
                async with in_transaction():
                    now = clock.now()
                    for measure in measures:
                        await PublishedFigures.create(program_id=program.id, period=period, measure=measure.key,
                                                      table=table_json(measure), closed_at=now)
                    await record("figures.published", actor_id=None, program_id=program.id,
                                 subject=("figures", period))
            except IntegrityError:
                continue  # another process published this month at the same moment: its tables stand
            published += 1
        await freeze_spread(program, day)
    return published


async def freeze_spread(program: Program, today: date) -> bool:
    """Freeze the spread of past dispositions (what juries see) of the last closed quarter, once:
    computed from the cases disposed of by its end and never recomputed. Whether it was frozen now."""
    quarter = last_closed_quarter(today)
    period = quarter_name(quarter)
    if await PublishedFigures.exists(program_id=program.id, period=period, measure=SPREAD_MEASURE):
        return False
    table = spread(await past_cases(program, quarter.end))
    try:
        await PublishedFigures.create(program_id=program.id, period=period, measure=SPREAD_MEASURE, table=table,
                                      closed_at=clock.now())
    except IntegrityError:
        return False  # another process froze it at the same moment: its table stands
    return True
