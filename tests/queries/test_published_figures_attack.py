"""An attack on the published figures: month after month of small counts, and, for every value ever
hidden, a linear program over everything ever published (the page's tables and the open data, at
every month of the simulation) that bounds it. Nothing may pin a hidden value more tightly than the
suppression threshold: the range left for it is at least THRESHOLD wide."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import numpy as np
from scipy.optimize import linprog

from jurycourt.actions.figures import close_months
from jurycourt.domain.cases import CaseState
from jurycourt.domain.disclosure import THRESHOLD
from jurycourt.models import Case, CaseEvent, Program
from jurycourt.queries import impact as q
from jurycourt.web.views.open_data import impact_document, impact_rows

MONTHS = [date(2025 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 19)]  # Jan 2025 … Jun 2026
SMALL = [0, 0, 1, 2, 3, 4, 5, 6, 9]
#: The measures counted per month from cases (their columns).
COLUMNS = {"referrals": ["referrals"], "cases_heard": ["cases_heard"], "cases_closed": ["completed", "failed"]}


async def _month_of_cases(program: Program, month: date, rng: random.Random) -> None:
    day = month.replace(day=10)
    for _ in range(rng.choice(SMALL)):
        case = await Case.create(program=program, state=CaseState.REFERRED, agency="police", referral_date=day,
                                 offence_category="vandalism")
        if rng.random() < 0.6:
            await CaseEvent.create(case=case, at=datetime(day.year, day.month, 12, 16, tzinfo=UTC), action="hear",
                                   from_state="scheduled", to_state="heard")
    for state in (CaseState.COMPLETED, CaseState.FAILED):
        for _ in range(rng.choice(SMALL)):
            await Case.create(program=program, state=state, agency="police", referral_date=date(2024, 1, 5),
                              offence_category="vandalism", closed_on=month.replace(day=20))


def _observations(document: dict, rows: list[list]) -> list[tuple[frozenset, int | None]]:
    """Every value one release published, as (the set of true month cells it adds up, the value or None).
    Read from the JSON and, separately, from the CSV (a download that disagreed would tell more)."""
    seen = []
    for program in document["programs"]:
        for measure in program["measures"]:
            key, months = measure["key"], measure["rows"]
            if key not in COLUMNS:
                continue
            columns = measure["columns"]
            for r, month in enumerate(months):
                for c, column in enumerate(columns):
                    seen.append((frozenset({(key, month, column)}), measure["cells"][r][c]))
                seen.append((frozenset((key, month, col) for col in columns), measure["row_totals"][r]))
            for c, column in enumerate(columns):
                seen.append((frozenset((key, m, column) for m in months), measure["column_totals"][c]))
            seen.append((frozenset((key, m, col) for m in months for col in columns), measure["total"]))
    by_row = {}
    for _, key, _, row, column, value, shown in rows[1:]:
        if key in COLUMNS:
            by_row[(key, row, column)] = int(value) if shown == "yes" else None
    for (key, row, column), value in by_row.items():
        months = [row] if row != "total" else sorted({r for k, r, _ in by_row if k == key and r != "total"})
        columns = [column] if column != "total" else COLUMNS[key]
        seen.append((frozenset((key, m, col) for m in months for col in columns), value))
    return seen


def _ranges(observations: list[tuple[frozenset, int | None]]) -> list[tuple[frozenset, float]]:
    """For every group of cells ever published hidden: the width of the range the shown values leave it."""
    cells = sorted({cell for group, _ in observations for cell in group})
    index = {cell: n for n, cell in enumerate(cells)}
    shown = {(group, value) for group, value in observations if value is not None}
    a_eq = np.zeros((len(shown), len(cells)))
    b_eq = np.zeros(len(shown))
    for row, (group, value) in enumerate(sorted(shown, key=lambda item: (sorted(item[0]), item[1]))):
        for cell in group:
            a_eq[row, index[cell]] = 1
        b_eq[row] = value
    widths = []
    for group in {group for group, value in observations if value is None}:
        objective = np.zeros(len(cells))
        for cell in group:
            objective[index[cell]] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0, "the published values must be consistent with each other"
        width = float("inf") if high.status == 3 else -high.fun - low.fun
        widths.append((group, width))
    return widths


async def test_no_linear_program_over_every_release_pins_a_hidden_value_within_the_threshold(app):
    program = await Program.create(name="Attacked Youth Court", time_zone="America/New_York")
    rng = random.Random(17)
    observations = []
    for n, month in enumerate(MONTHS[:-1]):
        await _month_of_cases(program, month, rng)
        for today in (month.replace(day=3), month.replace(day=27)):  # a release early and late in each month
            await close_months(today)
            data = await q.impact(program, today)
            observations += _observations(impact_document([data]), impact_rows([data]))
        if n > 3:  # data recorded late, after its month closed, must not change what was published
            await Case.create(program=program, state=CaseState.REFERRED, agency="police",
                              referral_date=MONTHS[n - 2].replace(day=11), offence_category="vandalism")
    widths = _ranges(observations)
    hidden = [w for w in widths if w[1] != float("inf")]
    narrowest = min(w for _, w in widths)
    print(f"LP attack: {len(widths)} hidden values, {len(hidden)} bounded, narrowest range {narrowest}")
    assert widths and narrowest >= THRESHOLD, sorted(widths, key=lambda w: w[1])[:3]
