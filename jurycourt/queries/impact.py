"""The program's impact in numbers, for everyone: only aggregates, published per closed month.

Figures are published a month at a time, once the month has closed, and then frozen:
``month_figures`` counts one month in SQL, in the program's time zone, and suppresses each of its
tables on its own (``jurycourt.domain.disclosure.suppress``); ``actions.figures.close_months``
stores the result once; ``impact`` only reads what was stored. So every page and download, at any
time, shows the same value or the same blank for a month's cell, and no combination of them over
time can work out a hidden value: the decisions were taken once. The current month is not shown
until it closes. Totals over several months are sums of shown values only (blank when any is hidden).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from jurycourt import clock
from jurycourt.auth.policy import NotFound
from jurycourt.db import Params, fetch_rows
from jurycourt.domain.cases import CaseState
from jurycourt.domain.disclosure import Suppressed, suppress
from jurycourt.domain.hearings import HearingStatus
from jurycourt.domain.inquiries import FindingKind, FindingState, RecommendationStatus
from jurycourt.domain.justice import MatterState
from jurycourt.domain.ledger import AccountKind, PostingKind
from jurycourt.domain.publication import PublicationState
from jurycourt.domain.roles import Role
from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.i18n import gettext
from jurycourt.models import Program, PublishedFigures
from jurycourt.queries.surveys import PublicSurveys, public_surveys

MONTHS = 12
FORMER, OTHERS = "former_respondents", "other_members"


@dataclass(frozen=True)
class Measure:
    """One published table: ``rows`` (e.g. months) by ``columns``, already suppressed."""

    key: str  # stable name in the open data
    title: str
    unit: str  # "count" or "minutes"
    rows: list[str]  # row keys, e.g. "2026-03"
    columns: list[str]  # column keys, e.g. "former_respondents"
    table: Suppressed

    def share(self) -> float | None:
        """The first column's share of the total (one-row tables), when both are shown."""
        first, total = self.table.column_totals[0], self.table.total
        return first / total if first is not None and total else None


@dataclass(frozen=True)
class Impact:
    program: Program
    months: list[tuple[str, str]]  # ("2026-03", "Mar 2026"), oldest first
    referrals: Measure
    heard: Measure
    hours: Measure
    completion: Measure
    jurors: Measure
    justice: Measure
    adopted: Measure  # recommendations adopted and published, by status, from inquiries and citizens' panels
    recommendations: list[tuple[str, int | None]]  # the same table's row totals: (status, count)
    surveys: PublicSurveys | None = None  # where the program publishes them: the last closed quarter's

    @property
    def measures(self) -> list[Measure]:
        return [self.referrals, self.heard, self.hours, self.completion, self.jurors, self.justice, self.adopted]


async def public_programs() -> list[Program]:
    """Every program: the public site shows the impact of each one that exists."""
    return list(await Program.all().order_by("name").limit(50))


async def chosen_program(raw: str | None) -> tuple[Program, list[Program]]:
    """The program named by ``?program=`` (its id), else the first, and every program to choose
    from; 404 for an unknown one."""
    programs = await public_programs()
    match = next((p for p in programs if str(p.id) == raw), None) if raw else (programs[0] if programs else None)
    if match is None:
        raise NotFound()
    return match, programs


def month_starts(today: date, count: int = MONTHS) -> list[date]:
    """The first day of each of the last ``count`` months and of the month after: count+1 bounds."""
    year, month = today.year, today.month
    starts = []
    for _ in range(count):
        starts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    starts.reverse()
    last = starts[-1]
    return [*starts, date(last.year + last.month // 12, last.month % 12 + 1, 1)]


def _bucket(p: Params, column: str, bounds: list[Any]) -> str:
    """A portable SQL expression numbering the month ``column`` falls in (0 = oldest)."""
    if len(bounds) == 2:
        return "0"  # one month: the query's own bounds select it
    whens = " ".join(f"WHEN {column} < {p(bound)} THEN {n}" for n, bound in enumerate(bounds[1:-1]))  # i18n: internal
    return f"CASE {whens} ELSE {len(bounds) - 2} END"  # i18n: internal


def _former(p: Params, person_column: str, program: Program) -> str:
    return (f"CASE WHEN EXISTS (SELECT 1 FROM membership m WHERE m.person_id = {person_column}"  # noqa: S608 - a fixed column name  # i18n: internal
            f" AND m.program_id = {p(program.id)} AND m.role = {p(str(Role.RESPONDENT))}) THEN 1 ELSE 0 END")


def _utc(day: date, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, 1, tzinfo=tz).astimezone(UTC)


async def month_figures(program: Program, month: date) -> list[Measure]:
    """The tables of one month (``month``: its first day), counted now and each suppressed on its
    own: referrals, cases heard, hours given, cases closed and justice matters closed in the month;
    jurors in the 12 months to its end; recommendations adopted as they stand. For
    ``actions.figures.close_months``, once the month has closed."""
    tz = ZoneInfo(program.time_zone)
    starts = month_starts(month, 1)
    stamps = [_utc(d, tz) for d in starts]
    key = month.strftime("%Y-%m")
    referrals = await _monthly_count(lambda p: (
        f"SELECT {_bucket(p, 'referral_date', starts)}, COUNT(*) FROM case_file WHERE program_id = {p(program.id)}"  # noqa: S608 - only placeholders are interpolated
        f" AND referral_date >= {p(starts[0])} AND referral_date < {p(starts[-1])} GROUP BY 1"), starts)
    heard = await _monthly_count(lambda p: (
        f"SELECT {_bucket(p, 'e.at', stamps)}, COUNT(*) FROM case_event e JOIN case_file c ON c.id = e.case_id"  # noqa: S608 - only placeholders are interpolated
        f" WHERE c.program_id = {p(program.id)} AND e.to_state = {p(str(CaseState.HEARD))}"
        f" AND e.at >= {p(stamps[0])} AND e.at < {p(stamps[-1])} GROUP BY 1"), stamps)
    year = _utc(month_starts(month)[0], tz)
    return [
        Measure("referrals", "Referrals", "count", [key], ["referrals"], suppress([referrals])),
        Measure("cases_heard", gettext("Cases heard"), "count", [key], ["cases_heard"], suppress([heard])),
        await _hours(program, stamps, [key]),
        await _completion(program, starts[0], starts[1], key),
        await _justice(program, starts, [key]),
        await _jurors(program, year, stamps[1], key),
        await recommendations_adopted(program),
    ]


MONTHLY = ("referrals", "cases_heard", "hours_given", "cases_closed", "justice_matters")


def closed_months(today: date, count: int = MONTHS) -> list[date]:
    """The first days of the last ``count`` closed months, oldest first (today's month is still open)."""
    return month_starts(today, count + 1)[:-2]


def table_json(measure: Measure) -> dict[str, Any]:
    """A measure as stored and downloaded: its rows, columns and suppressed values."""
    t = measure.table
    return {"rows": measure.rows, "columns": measure.columns, "cells": t.cells, "row_totals": t.row_totals,
            "column_totals": t.column_totals, "total": t.total}


def _shown_sum(values: list[int | None]) -> int | None:
    """A sum published only when every part of it is: it then tells nothing the parts do not."""
    return None if any(v is None for v in values) else sum(values)


def _stacked(key: str, title: str, unit: str, columns: list[str], months: list[str],
             stored: dict[str, dict]) -> Measure:
    """One row per month from each month's frozen table (a month never closed is blank)."""
    blank = {"cells": [[None] * len(columns)], "row_totals": [None]}
    tables = [stored.get(m, blank) for m in months]
    cells = [t["cells"][0] for t in tables]
    row_totals = [t["row_totals"][0] for t in tables]
    table = Suppressed(cells, row_totals, [_shown_sum([row[c] for row in cells]) for c in range(len(columns))],
                       _shown_sum(row_totals))
    return Measure(key, title, unit, months, columns, table)


def _frozen(key: str, title: str, unit: str, stored: dict | None, rows: list[str], columns: list[str]) -> Measure:
    if stored is None:
        return Measure(key, title, unit, rows, columns, Suppressed(
            [[None] * len(columns) for _ in rows], [None] * len(rows), [None] * len(columns), None))
    return Measure(key, title, unit, stored["rows"], stored["columns"], Suppressed(
        stored["cells"], stored["row_totals"], stored["column_totals"], stored["total"]))


async def impact(program: Program, today: date | None = None) -> Impact:
    """The program's published impact: the 12 closed months before ``today``'s, as frozen."""
    tz = ZoneInfo(program.time_zone)
    today = today or clock.today(tz)
    starts = closed_months(today)
    months = [(d.strftime("%Y-%m"), d.strftime("%b %Y")) for d in starts]
    keys = [k for k, _ in months]
    stored: dict[str, dict[str, dict]] = {}
    for period, measure, table in await PublishedFigures.filter(
            program_id=program.id, period__in=keys).values_list("period", "measure", "table"):
        stored.setdefault(measure, {})[period] = table
    last = keys[-1]
    adopted = _frozen("recommendations_adopted", gettext("Recommendations adopted and published"), "count",
                      stored.get("recommendations_adopted", {}).get(last),
                      [str(s) for s in RecommendationStatus], SOURCES)
    return Impact(
        program=program, months=months,
        referrals=_stacked("referrals", "Referrals", "count", ["referrals"], keys, stored.get("referrals", {})),
        heard=_stacked("cases_heard", gettext("Cases heard"), "count", ["cases_heard"], keys,
                       stored.get("cases_heard", {})),
        hours=_stacked("hours_given", gettext("Hours of service given"), "minutes", [FORMER, OTHERS], keys,
                       stored.get("hours_given", {})),
        completion=_stacked("cases_closed", gettext("Cases closed"), "count", ["completed", "failed"], keys,
                            stored.get("cases_closed", {})),
        jurors=_frozen("jurors", gettext("Jurors who served"), "count", stored.get("jurors", {}).get(last),
                       [f"12_months_to_{last}"], [FORMER, "other_jurors"]),
        justice=_stacked("justice_matters", gettext("Community justice panel matters closed"), "count",
                         [str(MatterState.COMPLETED), str(MatterState.BREACHED)], keys,
                         stored.get("justice_matters", {})),
        adopted=adopted, recommendations=status_totals(adopted), surveys=await public_surveys(program, today),
    )


async def _monthly_count(sql: Callable[[Params], str], bounds: list[Any]) -> list[int]:
    """Counts per month between ``bounds``, from ``sql``'s (month number, count) rows."""
    counts = [0] * (len(bounds) - 1)
    for bucket, count in await fetch_rows(sql):
        counts[int(bucket)] = int(count)
    return counts


def _service(p: Params, program: Program, stamps: list[datetime]) -> str:
    """The FROM … WHERE clause of the service credited (net of corrections) between ``stamps``."""
    credit = p(str(PostingKind.SERVICE_CREDIT))
    return (" FROM ledger_entry e JOIN ledger_posting p ON p.id = e.posting_id"  # i18n: internal
            " JOIN ledger_account a ON a.id = e.account_id LEFT JOIN ledger_posting o ON o.id = p.reverses_id"
            f" WHERE p.program_id = {p(program.id)} AND a.kind = {p(str(AccountKind.PERSONAL))}"
            f" AND p.occurred_at >= {p(stamps[0])} AND p.occurred_at < {p(stamps[-1])}"
            f" AND (p.kind = {credit} OR (p.kind = {p(str(PostingKind.REVERSAL))} AND o.kind = {credit}))")


async def service_by_month(program: Program, stamps: list[datetime]) -> tuple[list[list[int]], list[list[int]]]:
    """Minutes of service credited (net of corrections) in each month between ``stamps`` (UTC
    bounds, oldest first), and how many people gave them: one ``[former respondents, others]``
    pair per month each. Summed by the database, so the cost is one pass over the window's
    entries and nothing per row in Python."""
    minutes = [[0, 0] for _ in stamps[:-1]]
    givers = [[0, 0] for _ in stamps[:-1]]
    for bucket, is_former, total, people in await fetch_rows(lambda p: (
            f"SELECT {_bucket(p, 'p.occurred_at', stamps)}, {_former(p, 'a.person_id', program)}, SUM(e.minutes),"
            f" COUNT(DISTINCT a.person_id){_service(p, program, stamps)} GROUP BY 1, 2")):
        column = 0 if int(is_former) else 1
        minutes[int(bucket)][column], givers[int(bucket)][column] = int(total), int(people)
    return minutes, givers


async def _hours(program: Program, stamps: list[datetime], keys: list[str]) -> Measure:
    """Minutes of service credited per month (net of corrections), by former respondents and by
    other members, hidden wherever fewer than 5 people gave them."""
    minutes, givers = await service_by_month(program, stamps)
    yearly = [0, 0]
    for is_former, people in await fetch_rows(lambda p: (
            f"SELECT {_former(p, 'a.person_id', program)}, COUNT(DISTINCT a.person_id){_service(p, program, stamps)}"
            " GROUP BY 1")):
        yearly[0 if int(is_former) else 1] = int(people)
    # The two groups never share a person, so a month's givers are the sum of its two cells.
    table = suppress(minutes, givers, margins=([sum(g) for g in givers], yearly, sum(yearly)))
    return Measure("hours_given", gettext("Hours of service given"), "minutes", keys, [FORMER, OTHERS], table)


async def _completion(program: Program, since: date, until: date, key: str) -> Measure:
    """Cases closed in the month: completed (every sanction done) or returned (failed)."""
    states = [str(CaseState.COMPLETED), str(CaseState.FAILED)]
    counts = dict(await fetch_rows(lambda p: (
        f"SELECT state, COUNT(*) FROM case_file WHERE program_id = {p(program.id)} AND state IN ({p.each(states)})"  # noqa: S608 - only placeholders are interpolated
        f" AND closed_on >= {p(since)} AND closed_on < {p(until)} GROUP BY state")))
    values = [int(counts.get(str(CaseState.COMPLETED), 0)), int(counts.get(str(CaseState.FAILED), 0))]
    return Measure("cases_closed", gettext("Cases closed"), "count", [key], ["completed", "failed"], suppress([values]))


async def _jurors(program: Program, since: datetime, until: datetime, key: str) -> Measure:
    """People who sat on a jury at a held hearing in the 12 months to the month's end, by whether they
    were once respondents themselves (distinct people: a window's counts add up to no other's)."""
    counts = [0, 0]
    roles = [str(SeatRole.JUROR), str(SeatRole.FOREPERSON)]
    for is_former, people in await fetch_rows(lambda p: (
            f"SELECT {_former(p, 's.person_id', program)}, COUNT(DISTINCT s.person_id) FROM seat s"  # noqa: S608 - no input
            f" JOIN hearing h ON h.id = s.hearing_id WHERE h.program_id = {p(program.id)}"
            f" AND h.kind = {p(str(SessionKind.JURY_HEARING))} AND h.status = {p(str(HearingStatus.HELD))}"
            f" AND s.role IN ({p.each(roles)}) AND s.checked_in_at IS NOT NULL"
            f" AND h.starts_at >= {p(since)} AND h.starts_at < {p(until)} GROUP BY 1")):
        counts[0 if int(is_former) else 1] = int(people)
    return Measure("jurors", gettext("Jurors who served"), "count", [f"12_months_to_{key}"], [FORMER, "other_jurors"],
                   suppress([counts]))


async def _justice(program: Program, starts: list[date], keys: list[str]) -> Measure:
    """Community justice panel matters closed per month (the program's day they closed on):
    completed (the agreement carried out) or breached (returned to the referrer)."""
    columns = [str(MatterState.COMPLETED), str(MatterState.BREACHED)]
    counts = [[0, 0] for _ in keys]
    for bucket, state, count in await fetch_rows(lambda p: (
            f"SELECT {_bucket(p, 'm.closed_on', starts)}, m.state, COUNT(*)"  # noqa: S608 - only placeholders are interpolated
            f" FROM justice_matter m JOIN panel p ON p.id = m.panel_id WHERE p.program_id = {p(program.id)}"
            f" AND m.state IN ({p.each(columns)}) AND m.closed_on >= {p(starts[0])} AND m.closed_on < {p(starts[-1])}"
            " GROUP BY 1, 2")):
        counts[int(bucket)][columns.index(str(state))] = int(count)
    return Measure("justice_matters", gettext("Community justice panel matters closed"), "count", keys, columns,
                   suppress(counts))


SOURCES = ["inquiries", "citizens_panels"]


def status_totals(adopted: Measure) -> list[tuple[str, int | None]]:
    """(status label, count of every source) per status: the table's row totals, each suppressed like
    every other count; empty while none is published (the page then says so)."""
    if adopted.table.total == 0:  # a total is hidden (None), never zero, while any count is non-zero
        return []
    return [(RecommendationStatus(key).label, total) for key, total in zip(adopted.rows, adopted.table.row_totals,
                                                                            strict=True)]


async def recommendations_adopted(program: Program) -> Measure:
    """Recommendations adopted and published, by status (rows) and by who made them (columns).

    An inquiry's adopted recommendations count once its report is published, by their latest status
    (the last of their dated timeline, "No response" while none). A citizens' panel's adopted
    recommendations count once the publication they were drafted into is published (not after it is
    withdrawn), by their latest status in the same way. One table, suppressed as a whole,
    so no hidden count can be worked out from a row, a column or a total.
    """
    def latest(column: str, item: str) -> str:
        return (f"SELECT sc.status FROM inquiry_status_change sc WHERE sc.{column} = {item}"  # noqa: S608 - no input
                " ORDER BY sc.changed_on DESC, sc.id DESC LIMIT 1")
    rows = await fetch_rows(lambda p: (
        f"SELECT s.status, COUNT(*) FROM (SELECT COALESCE(({latest('finding_id', 'f.id')}), "  # noqa: S608 - no input
        f"{p(str(RecommendationStatus.NO_RESPONSE))})"
        " AS status FROM inquiry_finding f JOIN inquiry i ON i.id = f.inquiry_id"
        f" JOIN publication p ON p.id = i.publication_id WHERE i.program_id = {p(program.id)}"
        f" AND f.kind = {p(str(FindingKind.RECOMMENDATION))} AND f.state = {p(str(FindingState.ADOPTED))}"
        f" AND p.state = {p(str(PublicationState.PUBLISHED))}) s GROUP BY s.status"))
    inquiries = {str(status): int(count) for status, count in rows}
    rows = await fetch_rows(lambda p: (
        f"SELECT s.status, COUNT(*) FROM (SELECT COALESCE(({latest('recommendation_id', 'r.id')}), "  # noqa: S608
        f"{p(str(RecommendationStatus.NO_RESPONSE))}) AS status"
        " FROM citizens_recommendation r JOIN panel pa ON pa.id = r.panel_id"
        f" JOIN publication p ON p.id = r.publication_id WHERE pa.program_id = {p(program.id)}"
        f" AND p.program_id = {p(program.id)} AND p.state = {p(str(PublicationState.PUBLISHED))}"
        " AND r.votes_for > r.votes_against) s GROUP BY s.status"))
    panels = {str(status): int(count) for status, count in rows}
    statuses = list(RecommendationStatus)
    values = [[inquiries.get(str(s), 0), panels.get(str(s), 0)] for s in statuses]
    return Measure("recommendations_adopted", gettext("Recommendations adopted and published"), "count",
                   [str(s) for s in statuses], SOURCES, suppress(values))
