"""The rows the outcome measures are computed from (``jurycourt.domain.measures``), for one
program and period, and the coordinators' report made of them.

Only coordinators of the program read them. The rows hold no names: dates, states, sizes, minutes
and person ids (to count distinct people); the report holds numbers only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tortoise.expressions import Q

from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.db import fetch_rows
from jurycourt.domain.cases import CaseState
from jurycourt.domain.demographics import recorded_here
from jurycourt.domain.disposition_spread import PastCase
from jurycourt.domain.ledger import AccountKind, PostingKind
from jurycourt.domain.measures import (
    DEFINITIONS,
    GROUPINGS,
    CaseRow,
    Definition,
    FollowUpRow,
    GroupLine,
    Period,
    Result,
    Rows,
    SanctionRow,
    ServiceRow,
    by_group,
    last_closed_quarter,
    measure_all,
    quarter_name,
)
from jurycourt.domain.roles import Role
from jurycourt.models import (
    Case,
    CaseDemographics,
    CaseEvent,
    FollowUp,
    LedgerEntry,
    Membership,
    Program,
    PublishedFigures,
    Sanction,
)

SEAT_REFERENCE = "seat:"
EXPORT_ACTION = "export.outcomes"  # a download of the report (actions.access_log.note_export)
REPORT_WAITS_DAYS = 45
SPREAD_MEASURE = "dispositions"  # PublishedFigures.measure of the frozen spread (domain.disposition_spread)


def _utc(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


async def _cases(program: Program, period: Period, zone: ZoneInfo, followed: list[int]) -> tuple[CaseRow, ...]:
    """Every case that could have a step in the period (referred by its end, not closed before
    it), and the cases of the ``followed`` ups due in it (for their group), with their demographics."""
    cases = await Case.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=period.start) | Q(id__in=followed),
                              program_id=program.id, referral_date__lte=period.end).values_list(
        "id", "referral_date", "state", "disposition_date", "closed_on", "age_band")
    firsts: dict[tuple[int, str], date] = {}
    steps = [str(CaseState.SCHEDULED), str(CaseState.HEARD)]
    for case_id, to_state, at in await CaseEvent.filter(case_id__in=[c[0] for c in cases],
                                                        to_state__in=steps).values_list("case_id", "to_state", "at"):
        day = at.astimezone(zone).date()
        key = (case_id, str(to_state))
        firsts[key] = min(day, firsts.get(key, day))
    groups = {row[0]: row[1:] for row in await CaseDemographics.filter(case_id__in=[c[0] for c in cases]).values_list(
        "case_id", "gender", "race", "ethnicity")}
    return tuple(CaseRow(case_id, referred, str(state), firsts.get((case_id, steps[0])),
                         firsts.get((case_id, steps[1])), disposed, closed, age_band,
                         *groups.get(case_id, ("", "", "")))
                 for case_id, referred, state, disposed, closed, age_band in cases)


async def _sanctions(cases: tuple[CaseRow, ...]) -> tuple[SanctionRow, ...]:
    rows = await Sanction.filter(case_id__in=[c.case_id for c in cases]).values_list(
        "case_id", "kind", "quantity", "status")
    return tuple(SanctionRow(case_id, kind, quantity, str(status)) for case_id, kind, quantity, status in rows)


async def _service(program: Program, period: Period, zone: ZoneInfo) -> tuple[ServiceRow, ...]:
    """Service credited to people in the period, and corrections of service posted in it (negative)."""
    former = set(await Membership.filter(program_id=program.id, role=Role.RESPONDENT).values_list(
        "person_id", flat=True))
    credit = str(PostingKind.SERVICE_CREDIT)
    entries = await LedgerEntry.filter(
        Q(posting__kind=PostingKind.SERVICE_CREDIT)
        | Q(posting__kind=PostingKind.REVERSAL, posting__reverses__kind=PostingKind.SERVICE_CREDIT),
        posting__program_id=program.id, account__kind=AccountKind.PERSONAL,
        posting__occurred_at__gte=_utc(period.start, zone),
        posting__occurred_at__lt=_utc(period.end + timedelta(days=1), zone),
    ).values_list("minutes", "account__person_id", "posting__occurred_at", "posting__kind", "posting__reference",
                  "posting__reverses__reference")
    rows = []
    for minutes, person_id, at, kind, reference, reversed_reference in entries:
        cause = reference if str(kind) == credit else (reversed_reference or "")
        rows.append(ServiceRow(at.astimezone(zone).date(), int(minutes), int(person_id), person_id in former,
                               cause.startswith(SEAT_REFERENCE)))
    return tuple(rows)


async def _follow_ups(program: Program, period: Period) -> tuple[FollowUpRow, ...]:
    rows = await FollowUp.filter(program_id=program.id, due_on__gte=period.start, due_on__lte=period.end).values_list(
        "months", "due_on", "checked_on", "new_referral", "case_id")
    return tuple(FollowUpRow(months, due, checked, new, case_id) for months, due, checked, new, case_id in rows)


async def measure_rows(program: Program, period: Period) -> Rows:
    """Everything the measures need for ``program`` in ``period`` (no access check: callers check)."""
    zone = ZoneInfo(program.time_zone)
    follow_ups = await _follow_ups(program, period)
    cases = await _cases(program, period, zone, [f.case_id for f in follow_ups if f.case_id is not None])
    return Rows(cases, await _sanctions(cases), await _service(program, period, zone), follow_ups)


@dataclass(frozen=True)
class Report:
    program: Program
    period: Period
    lines: list[tuple[Definition, Result]]
    groups: list[GroupLine]
    grouping: str = "age_band"

    @property
    def definitions(self) -> dict[str, Definition]:
        return {definition.key: definition for definition, _result in self.lines}


async def outcomes_report(viewer: Viewer, program: Program, period: Period, grouping: str = "age_band") -> Report:
    """The coordinators' report of ``program``'s measures in ``period``, its fairness table grouped
    by ``grouping`` (age band unless the program records demographics)."""
    require(coordinates(viewer, program.id), hide=True)
    if grouping not in GROUPINGS or not recorded_here(program.rules):
        grouping = "age_band"
    rows = await measure_rows(program, period)
    results = measure_all(rows, period)
    return Report(program, period, [(d, results[d.key]) for d in DEFINITIONS], by_group(rows, period, grouping),
                  grouping)



@dataclass(frozen=True)
class OutcomesTodo:
    """The coordinators' to-do lines of this area: checks due, and the closed quarter's report."""

    checks_due: int
    quarter: Period
    reports_waiting: list[int]  # programs whose quarter report nobody has downloaded yet


async def outcomes_todo(program_ids: list[int], today: date) -> OutcomesTodo:
    """In one query, for ``program_ids`` on ``today``: follow-up checks due and not recorded; and,
    for 45 days after a quarter closes, the programs whose report of it nobody has downloaded."""
    quarter = last_closed_quarter(today)
    if not program_ids:
        return OutcomesTodo(0, quarter, [])
    since = datetime.combine(quarter.end + timedelta(days=1), time(), tzinfo=UTC)
    rows = await fetch_rows(lambda p: (
        f"SELECT 0, COUNT(*) FROM follow_up WHERE program_id IN ({p.each(program_ids)})"  # noqa: S608 - placeholders only
        f" AND checked_on IS NULL AND due_on <= {p(today)}"
        f" UNION ALL SELECT 1, program_id FROM audit_event WHERE action = {p(EXPORT_ACTION)}"
        f" AND program_id IN ({p.each(program_ids)}) AND at >= {p(since)} GROUP BY program_id"))
    due = next(int(value) for kind, value in rows if int(kind) == 0)
    downloaded = {int(value) for kind, value in rows if int(kind) == 1}
    fresh = (today - quarter.end).days <= REPORT_WAITS_DAYS
    return OutcomesTodo(due, quarter, [p for p in program_ids if p not in downloaded] if fresh else [])


async def past_cases(program: Program, until: date) -> list[PastCase]:
    """Every case of the program disposed of by ``until``, with its sanctions' kinds and sizes."""
    cases = dict(await Case.filter(program_id=program.id, disposition_date__isnull=False,
                                   disposition_date__lte=until).values_list("id", "offence_category"))
    sanctions: dict[int, list[tuple[str, int | None]]] = {}
    for case_id, kind, quantity in await Sanction.filter(case_id__in=list(cases)).values_list(
            "case_id", "kind", "quantity"):
        sanctions.setdefault(case_id, []).append((kind, quantity))
    return [PastCase(category, tuple(sanctions.get(case_id, []))) for case_id, category in cases.items()]


async def past_dispositions(program: Program, offence_category: str, today: date) -> dict | None:
    """The frozen spread of past dispositions of ``offence_category`` for the jury's brief: the
    latest quarter's, or None (no quarter frozen yet, or too few cases to show)."""
    stored = await PublishedFigures.filter(program_id=program.id, measure=SPREAD_MEASURE,
                                           period__lte=quarter_name(last_closed_quarter(today))).order_by(
        "-period").first()
    if stored is None:
        return None
    found = stored.table.get(offence_category)
    return {**found, "quarter": stored.period} if found else None
