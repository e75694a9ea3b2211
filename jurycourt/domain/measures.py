"""The outcome measures funders ask for: each defined once, in words beside its code.

Every measure is a pure function of plain rows (``Rows``, read for one program by
``jurycourt.queries.outcomes``) and a period of the program's days, both ends included. Each
counts what *happened in the period* (a case referred, accepted, heard or closed in it; service
given in it; a follow-up due in it), so a quarter's figures never change once the quarter is over
and the figures of two periods add up where a count does.

The words of each definition (``DEFINITIONS``) are shown on the report page, in its CSV and in
the funder's PDF, so what a number means travels with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from statistics import median

from jurycourt.domain.disclosure import is_sensitive
from jurycourt.i18n import _l

COMPLETED, FAILED = "completed", "failed"  # CaseState values: domain.cases is the source
COMMUNITY_SERVICE = "community_service"  # SanctionKind: its quantity is hours
DONE = "done"  # SanctionStatus


@dataclass(frozen=True)
class Period:
    """The program's days from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class CaseRow:
    """One case as the measures see it (no one's name: dates, state and its key steps)."""

    case_id: int
    referral_date: date
    state: str
    accepted_on: date | None  # the program's day it was first scheduled for a hearing
    heard_on: date | None  # the program's day it was first marked heard
    disposition_date: date | None
    closed_on: date | None
    age_band: str = ""  # recorded at intake, kept after sealing
    gender: str = ""  # the consented demographics (domain.demographics), "" when not recorded or sealed
    race: str = ""
    ethnicity: str = ""


@dataclass(frozen=True)
class SanctionRow:
    """One sanction: its kind, size (hours for community service), status and its case's id."""

    case_id: int
    kind: str
    quantity: int | None
    status: str


@dataclass(frozen=True)
class ServiceRow:
    """Service credited on one program day, net of any correction of it: minutes, by whom, for what."""

    day: date
    minutes: int
    person_id: int
    former_respondent: bool  # the person was a respondent of this program
    jury: bool  # credited for a seat at a hearing


@dataclass(frozen=True)
class FollowUpRow:
    """One follow-up check after a completed case: how many months after, when due, the outcome."""

    months: int
    due_on: date
    checked_on: date | None
    new_referral: bool | None  # None: not (yet) known
    case_id: int | None = None  # None once the case is sealed


@dataclass(frozen=True)
class Rows:
    cases: tuple[CaseRow, ...] = ()
    sanctions: tuple[SanctionRow, ...] = ()
    service: tuple[ServiceRow, ...] = ()
    follow_ups: tuple[FollowUpRow, ...] = ()


class Unit(StrEnum):
    COUNT = "count"
    RATE = "rate"
    DAYS = "days"
    HOURS = "hours"


@dataclass(frozen=True)
class Result:
    """A measure's value, with what it is made of where that matters (a rate's parts, how many
    cases a median is taken over): ``value`` is None when there is nothing to measure."""

    value: float | int | None
    base: int  # how many cases or people the value is made of: what small-number suppression weighs
    numerator: int | None = None
    denominator: int | None = None

    @property
    def hidden(self) -> bool:
        """Made of 1 to 4 cases or people: not shown (``domain.disclosure``'s rule, the public figures' one).
        A rate is hidden too when either of its parts, or what the numerator leaves of the denominator,
        is such a count: "57% (4 of 7)" would show the 4 that the count beside it hides."""
        if is_sensitive(self.base):
            return True
        if self.numerator is not None and self.denominator is not None:
            return any(is_sensitive(part) for part in
                       (self.numerator, self.denominator, self.denominator - self.numerator))
        return False

    @property
    def shown(self) -> float | int | None:
        return None if self.hidden else self.value


@dataclass(frozen=True)
class Definition:
    key: str
    label: object  # lazy translated string
    definition: object
    unit: Unit
    compute: Callable[[Rows, Period], Result]


# --- The measures -----------------------------------------------------------------------------

def youth_referred(rows: Rows, period: Period) -> Result:
    """Referrals received: cases whose referral date is in the period (a young person referred
    twice counts twice)."""
    return _count(sum(1 for c in rows.cases if c.referral_date in period))


def youth_accepted(rows: Rows, period: Period) -> Result:
    """Referrals accepted: cases first scheduled for a hearing in the period (eligible, both
    consents given, put on a docket)."""
    return _count(sum(1 for c in rows.cases if c.accepted_on in period))


def _closed(rows: Rows, period: Period, state: str) -> list[CaseRow]:
    return [c for c in rows.cases if c.state == state and c.closed_on in period]


def youth_completed(rows: Rows, period: Period) -> Result:
    """Cases completed: closed in the period with every sanction done or waived."""
    return _count(len(_closed(rows, period, COMPLETED)))


def youth_returned(rows: Rows, period: Period) -> Result:
    """Cases returned: closed in the period as failed, i.e. sent back to the referrer."""
    return _count(len(_closed(rows, period, FAILED)))


def _count(value: int) -> Result:
    return Result(value, value)


def _rate(numerator: int, denominator: int) -> Result:
    return Result(numerator / denominator if denominator else None, denominator, numerator, denominator)


def completion_rate(rows: Rows, period: Period) -> Result:
    """Completed ÷ (completed + returned), of the cases closed in the period; none when none closed.
    Declined and withdrawn cases are in neither part."""
    done, back = len(_closed(rows, period, COMPLETED)), len(_closed(rows, period, FAILED))
    return _rate(done, done + back)


def _median_days(pairs: Iterable[tuple[date, date]]) -> Result:
    days = [(later - earlier).days for earlier, later in pairs]
    return Result(median(days) if days else None, len(days))


def days_to_hearing(rows: Rows, period: Period) -> Result:
    """Median days from referral to hearing, of the cases first marked heard in the period."""
    return _median_days((c.referral_date, c.heard_on) for c in rows.cases
                        if c.heard_on is not None and c.heard_on in period)


def days_to_completion(rows: Rows, period: Period) -> Result:
    """Median days from referral to completion, of the cases completed in the period."""
    return _median_days((c.referral_date, c.closed_on) for c in _closed(rows, period, COMPLETED)
                        if c.closed_on is not None)


def _service_hours(rows: Rows, period: Period, cases: set[int], done_only: bool) -> Result:
    counted = [s for s in rows.sanctions if s.case_id in cases and s.kind == COMMUNITY_SERVICE
               and (s.status == DONE or not done_only)]
    return Result(sum(s.quantity or 0 for s in counted), len({s.case_id for s in counted}))


def sanction_hours_assigned(rows: Rows, period: Period) -> Result:
    """Hours of community service assigned: the sizes of the community-service sanctions of the
    cases disposed of (sentenced) in the period, whatever became of them."""
    disposed = {c.case_id for c in rows.cases if c.disposition_date in period}
    return _service_hours(rows, period, disposed, done_only=False)


def sanction_hours_completed(rows: Rows, period: Period) -> Result:
    """Hours of community service completed: the sizes of the community-service sanctions marked
    done, of the cases closed (completed or returned) in the period."""
    closed = {c.case_id for c in rows.cases if c.state in (COMPLETED, FAILED) and c.closed_on in period}
    return _service_hours(rows, period, closed, done_only=True)


def _given(rows: Iterable[ServiceRow]) -> Result:
    given = list(rows)
    return Result(round(sum(s.minutes for s in given) / 60, 1), len({s.person_id for s in given}))


def jury_hours_former(rows: Rows, period: Period) -> Result:
    """Jury service hours by former respondents: service credited in the period for seats at
    hearings, net of corrections, to people who were respondents of this program."""
    return _given(s for s in rows.service if s.day in period and s.jury and s.former_respondent)


def volunteer_hours(rows: Rows, period: Period) -> Result:
    """Volunteer hours: all service credited in the period, net of corrections, to anyone
    (jury seats, other hearing roles and approved service claims)."""
    return _given(s for s in rows.service if s.day in period)


def _re_referral(rows: Rows, period: Period, months: int) -> Result:
    checked = [f for f in rows.follow_ups if f.months == months and f.due_on in period
               and f.checked_on is not None and f.new_referral is not None]
    return _rate(sum(1 for f in checked if f.new_referral), len(checked))


def re_referral_6(rows: Rows, period: Period) -> Result:
    """Re-referral within 6 months: of the 6-month follow-ups due in the period that were
    checked, the share that found a new referral (the program's own or the referrer's)."""
    return _re_referral(rows, period, 6)


def re_referral_12(rows: Rows, period: Period) -> Result:
    """Re-referral within 12 months: as at 6 months, for the 12-month follow-ups."""
    return _re_referral(rows, period, 12)


DEFINITIONS: tuple[Definition, ...] = (
    Definition("referred", _l("Youth referred"), _l(
        "Referrals received: cases whose referral date is in the period (a young person referred twice counts "
        "twice)."), Unit.COUNT, youth_referred),
    Definition("accepted", _l("Youth accepted"), _l(
        "Referrals accepted: cases first scheduled for a hearing in the period (eligible, both consents given, "
        "put on a docket)."), Unit.COUNT, youth_accepted),
    Definition("completed", _l("Youth completed"), _l(
        "Cases closed in the period with every sanction done or waived."), Unit.COUNT, youth_completed),
    Definition("returned", _l("Youth returned to the referrer"), _l(
        "Cases closed in the period as failed and sent back to the referrer."), Unit.COUNT, youth_returned),
    Definition("completion_rate", _l("Completion rate"), _l(
        "Completed divided by completed plus returned, of the cases closed in the period. Declined and "
        "withdrawn cases are in neither part."), Unit.RATE, completion_rate),
    Definition("days_to_hearing", _l("Days from referral to hearing"), _l(
        "Median days from referral to hearing, of the cases first marked heard in the period."),
        Unit.DAYS, days_to_hearing),
    Definition("days_to_completion", _l("Days from referral to completion"), _l(
        "Median days from referral to completion, of the cases completed in the period."),
        Unit.DAYS, days_to_completion),
    Definition("sanction_hours_assigned", _l("Community service hours assigned"), _l(
        "Hours of the community-service sanctions of the cases disposed of in the period, whatever became of "
        "them."), Unit.HOURS, sanction_hours_assigned),
    Definition("sanction_hours_completed", _l("Community service hours completed"), _l(
        "Hours of the community-service sanctions marked done, of the cases closed (completed or returned) in "
        "the period."), Unit.HOURS, sanction_hours_completed),
    Definition("jury_hours_former", _l("Jury service hours by former respondents"), _l(
        "Service credited in the period for seats at hearings, net of corrections, to people who were "
        "respondents of this program."), Unit.HOURS, jury_hours_former),
    Definition("volunteer_hours", _l("Volunteer hours"), _l(
        "All service credited in the period, net of corrections, to anyone: jury seats, other hearing roles "
        "and approved service claims."), Unit.HOURS, volunteer_hours),
    Definition("re_referral_6", _l("Re-referred within 6 months"), _l(
        "Of the 6-month follow-ups due in the period that were checked, the share that found a new referral "
        "(the program's own or the referrer's)."), Unit.RATE, re_referral_6),
    Definition("re_referral_12", _l("Re-referred within 12 months"), _l(
        "Of the 12-month follow-ups due in the period that were checked, the share that found a new "
        "referral."), Unit.RATE, re_referral_12),
)

#: Measures counting cases or youth: their small values are suppressed like the public figures'.
CASE_COUNTS = frozenset({"referred", "accepted", "completed", "returned"})


def measure_all(rows: Rows, period: Period) -> dict[str, Result]:
    """Every measure for the period, by key, in ``DEFINITIONS``' order."""
    return {d.key: d.compute(rows, period) for d in DEFINITIONS}


# --- Periods ----------------------------------------------------------------------------------

def quarter_of(day: date) -> Period:
    """The calendar quarter ``day`` falls in."""
    first = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first, 1)
    end = date(day.year + 1, 1, 1) if first == 10 else date(day.year, first + 3, 1)
    return Period(start, date.fromordinal(end.toordinal() - 1))


def last_closed_quarter(today: date) -> Period:
    """The most recent quarter that has ended before ``today``."""
    current = quarter_of(today)
    return quarter_of(date.fromordinal(current.start.toordinal() - 1))


def quarter_name(period: Period) -> str:
    """"2026-Q3" for a calendar quarter (a stable key, not a translated phrase)."""
    return f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"


# --- Fairness: the same measures by group -------------------------------------------------------

#: Below this many cases a shown value is labelled as resting on small numbers (its uncertainty is wide).
SMALL_NUMBERS = 20
FAIRNESS_KEYS = ("completed", "returned", "completion_rate", "sanction_hours_assigned", "days_to_completion",
                 "re_referral_12")
#: The case fields the fairness view may group by (their categories: ``domain.demographics.DIMENSIONS``).
GROUPINGS = ("age_band", "gender", "race", "ethnicity")


@dataclass(frozen=True)
class GroupLine:
    group: str  # "" when not recorded
    results: dict[str, Result]

    @property
    def small(self) -> bool:
        """Whether the group's cases closed in the period are fewer than SMALL_NUMBERS."""
        rate = self.results["completion_rate"]
        return (rate.denominator or 0) < SMALL_NUMBERS


def by_group(rows: Rows, period: Period, grouping: str = "age_band") -> list[GroupLine]:
    """Completion, returns, hours of community service assigned, days to completion and
    re-referral within 12 months per group of ``grouping`` (a ``GROUPINGS`` field of the case),
    each measured as defined above over that group's cases and their follow-ups only (each value
    suppressed by its own rule; ``GroupLine.small`` labels groups resting on fewer than 20 closed
    cases). A follow-up whose case is sealed has no group left and counts under "not recorded"."""
    if grouping not in GROUPINGS:
        raise ValueError(grouping)
    group_of: dict[int | None, str] = {c.case_id: str(getattr(c, grouping)) for c in rows.cases}
    groups = sorted(set(group_of.values()) | {group_of.get(f.case_id, "") for f in rows.follow_ups})
    lines = []
    for group in groups:
        cases = tuple(c for c in rows.cases if group_of[c.case_id] == group)
        ids = {c.case_id for c in cases}
        part = Rows(cases, tuple(s for s in rows.sanctions if s.case_id in ids),
                    follow_ups=tuple(f for f in rows.follow_ups if group_of.get(f.case_id, "") == group))
        lines.append(GroupLine(group, {d.key: d.compute(part, period) for d in DEFINITIONS if d.key in FAIRNESS_KEYS}))
    return lines
