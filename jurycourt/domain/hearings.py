"""Rules of hearings (the sessions all three proceedings meet in): status, rooms, attendance."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from jurycourt.domain.errors import Refused


class HearingStatus(StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    HELD = "held"
    CANCELLED = "cancelled"


#: status → the statuses a coordinator may move a hearing to.
STATUS_MOVES: dict[HearingStatus, frozenset[HearingStatus]] = {
    HearingStatus.PLANNED: frozenset({HearingStatus.CONFIRMED, HearingStatus.CANCELLED}),
    HearingStatus.CONFIRMED: frozenset({HearingStatus.HELD, HearingStatus.CANCELLED, HearingStatus.PLANNED}),
    HearingStatus.HELD: frozenset(),
    HearingStatus.CANCELLED: frozenset({HearingStatus.PLANNED}),
}


class SeatStatus(StrEnum):
    """A seat is proposed, then confirmed (the person is invited), then accepted or declined."""

    PROPOSED = "proposed"
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"


#: Seats that hold a person's time: they make the person busy for overlapping hearings.
HOLDING_SEATS = frozenset({SeatStatus.PROPOSED, SeatStatus.INVITED, SeatStatus.ACCEPTED})

MAX_HEARING = timedelta(hours=12)


def check_status_move(current: HearingStatus, target: HearingStatus) -> None:
    """Refuse a status change the table does not allow."""
    if target not in STATUS_MOVES[current]:
        raise Refused(f"A {current} hearing can't become {target}.", "status")


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Two half-open intervals [start, end) share time (back-to-back hearings don't overlap)."""
    return a_start < b_end and b_start < a_end


def check_times(starts_at: datetime, ends_at: datetime) -> None:
    """A hearing ends after it starts and lasts at most 12 hours."""
    if ends_at <= starts_at:
        raise Refused("The end must be after the start.", "ends_at")
    if ends_at - starts_at > MAX_HEARING:
        raise Refused("A hearing can last at most 12 hours.", "ends_at")


def local_to_utc(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """A wall-clock time in the program's zone as an aware UTC datetime."""
    from datetime import UTC

    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def served_minutes(checked_in: datetime, checked_out: datetime, rounding: int = 15) -> int:
    """Minutes served between check-in and check-out, rounded to the nearest ``rounding`` minutes.

    Time credits are integer minutes; a check-out before the check-in counts nothing.
    """
    minutes = max(0, int((checked_out - checked_in).total_seconds() // 60))
    if rounding <= 1:
        return minutes
    return int((minutes + rounding / 2) // rounding) * rounding


def week_start(day: date) -> date:
    """The Monday of ``day``'s week (calendar weeks start on Monday)."""
    return day - timedelta(days=day.weekday())


def month_grid(year: int, month: int) -> list[list[date]]:
    """The weeks (Monday first) covering a month, including days of neighbouring months."""
    first = date(year, month, 1)
    start = week_start(first)
    weeks: list[list[date]] = []
    day = start
    while True:
        weeks.append([day + timedelta(days=i) for i in range(7)])
        day += timedelta(days=7)
        if day.month != month and (day.year, day.month) > (year, month):
            break
    return weeks
