"""Rules of hearings (the sessions all three proceedings meet in): status, rooms, attendance."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from jurycourt.domain.errors import Refused
from jurycourt.domain.lifecycle import Lifecycle, moves
from jurycourt.domain.program_rules import rules_with_defaults
from jurycourt.i18n import _, gettext


class HearingStatus(StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    HELD = "held"
    CANCELLED = "cancelled"


#: status → the statuses a coordinator may move a hearing to (each step is named by its target).
LIFECYCLE: Lifecycle[HearingStatus] = Lifecycle(HearingStatus, moves({
    HearingStatus.PLANNED: {HearingStatus.CONFIRMED, HearingStatus.CANCELLED},
    HearingStatus.CONFIRMED: {HearingStatus.HELD, HearingStatus.CANCELLED, HearingStatus.PLANNED},
    HearingStatus.HELD: set(),
    HearingStatus.CANCELLED: {HearingStatus.PLANNED},
}), wrong_state=lambda state, found, name: (
    gettext("A %(current)s hearing can't become %(target)s.") % {"current": state, "target": name}), field="status")


class SeatStatus(StrEnum):
    """A seat is proposed, then confirmed (the person is invited), then accepted or declined."""

    PROPOSED = "proposed"
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class SheetMark(StrEnum):
    """Where a person on a hearing's attendance sheet stands (also the sheet row's CSS class)."""

    EXPECTED = "expected"
    IN = "in"
    OUT = "out"
    NO_SHOW = "no-show"


#: Seats that hold a person's time: they make the person busy for overlapping hearings.
#: Hearings whose seats may still change (proposed, swapped, filled, confirmed).
SEATING_OPEN = frozenset({HearingStatus.PLANNED, HearingStatus.CONFIRMED})
HOLDING_SEATS = frozenset({SeatStatus.PROPOSED, SeatStatus.INVITED, SeatStatus.ACCEPTED})

#: Seats on a hearing's attendance sheet: people invited or who accepted (a declined or merely
#: proposed seat is not expected on the day).
SHEET_SEATS = frozenset({SeatStatus.INVITED, SeatStatus.ACCEPTED})

MAX_HEARING = timedelta(hours=12)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Two half-open intervals [start, end) share time (back-to-back hearings don't overlap)."""
    return a_start < b_end and b_start < a_end


def check_times(starts_at: datetime, ends_at: datetime) -> None:
    """A hearing ends after it starts and lasts at most 12 hours."""
    if ends_at <= starts_at:
        raise Refused(gettext("The end must be after the start."), "ends_at")
    if ends_at - starts_at > MAX_HEARING:
        raise Refused(gettext("A hearing can last at most 12 hours."), "ends_at")


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


def attendance_window(starts_at: datetime, ends_at: datetime,
                      rules: dict[str, Any] | None) -> tuple[datetime, datetime]:
    """When attendance is taken at a hearing: from the program's ``attendance_opens_minutes`` before
    it starts until its ``attendance_closes_hours`` after it ends."""
    full = rules_with_defaults(rules)
    return (starts_at - timedelta(minutes=int(full["attendance_opens_minutes"])),
            ends_at + timedelta(hours=int(full["attendance_closes_hours"])))


def check_attendance_open(status: HearingStatus, starts_at: datetime, now: datetime, *,
                          ends_at: datetime | None = None, rules: dict[str, Any] | None = None,
                          override: str = "") -> str:
    """Refuse attendance at a cancelled hearing, a held one (its attendance is final: hours may
    have been credited from it; corrections go through the correction page) and outside the
    hearing's time (``attendance_window``), unless a coordinator gives a reason to act anyway
    (``override``, which the caller audits). Returns the override reason used ("" inside the window)."""
    if status == HearingStatus.CANCELLED:
        raise Refused(_("Attendance can't be taken at a cancelled hearing."))
    if status == HearingStatus.HELD:
        raise Refused(_("This hearing is marked held: its attendance is final. Correct it on the hearing's "
                        "correction page."))
    opens, closes = attendance_window(starts_at, ends_at or starts_at, rules)
    if opens <= now <= closes:
        return ""
    reason = " ".join(override.split())[:300]
    if reason:
        return reason
    if now < opens:
        raise Refused(_("Attendance opens shortly before the hearing starts. To record it now anyway, give a "
                        "reason."), "override")
    raise Refused(_("The time for taking this hearing's attendance is over. To record it anyway, give a "
                    "reason."), "override")


def check_mark_held(starts_at: datetime, now: datetime, override: str = "") -> str:
    """A hearing is marked held once it has started; earlier only with a coordinator's reason
    (returned, for the audit)."""
    if now >= starts_at:
        return ""
    reason = " ".join(override.split())[:300]
    if not reason:
        raise Refused(_("This hearing has not started yet, so it can't be marked held. To mark it held anyway, "
                        "give a reason."), "override")
    return reason


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


#: Declared availability: one span lasts at most this long, and people keep at most so many ahead.
MAX_AVAILABILITY_SPAN = timedelta(hours=14)
MAX_FUTURE_AVAILABILITY = 200
AVAILABILITY_HORIZON = timedelta(days=366)


def availability_span(day: date, start: time, end: time, tz: ZoneInfo, now: datetime) -> tuple[datetime, datetime]:
    """The UTC span of "I can serve on ``day`` from ``start`` to ``end``" (wall-clock times in the
    program's zone ``tz``; ``now`` is aware).

    Refused, naming the field to blame, when it ends before it starts (a span never runs past
    midnight), has already passed, lasts more than 14 hours or falls more than a year ahead.
    """
    starts_at, ends_at = local_to_utc(day, start, tz), local_to_utc(day, end, tz)
    today = now.astimezone(tz).date()
    if ends_at <= starts_at:
        raise Refused(gettext("The end must be after the start, on the same day."), "end")
    if day < today:
        raise Refused(gettext("This date has passed."), "day")
    if ends_at <= now:
        raise Refused(gettext("This time has already passed today."), "end")
    if ends_at - starts_at > MAX_AVAILABILITY_SPAN:
        raise Refused(gettext("A span can last at most 14 hours."), "end")
    if day > today + AVAILABILITY_HORIZON:
        raise Refused(gettext("Choose a date within the next year."), "day")
    return starts_at, ends_at


#: At most this many weeks in one "every week until" declaration (a school year and a bit).
MAX_WEEKS = 53


def weekly_days(first: date, until: date) -> list[date]:
    """"Every week from ``first`` until ``until``": ``first`` and each date 7, 14… days later, up to
    and including ``until``. Refused when ``until`` comes before ``first`` or lies past MAX_WEEKS."""
    if until < first:
        raise Refused(gettext("The last date must come on or after the first."), "until")
    days = [first + timedelta(weeks=n) for n in range((until - first).days // 7 + 1)]
    if len(days) > MAX_WEEKS:
        raise Refused(gettext("Repeat for at most a year; choose an earlier last date."), "until")
    return days


def merged_span(starts_at: datetime, ends_at: datetime,
                touching: list[tuple[datetime, datetime]]) -> tuple[datetime, datetime]:
    """The span widened over the declared spans that overlap or touch it, so 9–12 and 12–15
    become 9–15: seating looks for one span covering a whole hearing (11–13 is then covered)."""
    return min([starts_at, *(s for s, _ in touching)]), max([ends_at, *(e for _, e in touching)])


#: Affiliation kinds: everyone sharing a school or a household conflicts with each other.
AFFILIATION_KINDS = ("school", "household")
#: Pair conflict relations (``domain.seating.RELATION_WORDS`` words them on proposals).
CONFLICT_RELATIONS = ("relative", "household", "school", "knows")


def check_conflict(person_id: int, other_id: int, relation: str) -> None:
    """A pair conflict names two different people and one of ``CONFLICT_RELATIONS``."""
    if relation not in CONFLICT_RELATIONS:
        raise Refused(gettext("Choose how they are connected."), "relation")
    if person_id == other_id:
        raise Refused(gettext("Choose someone else: a person can't conflict with themselves."), "other")


def affiliation_key(kind: str, key: str) -> str:
    """The key of a school or household as stored: spaces collapsed, 1–120 characters.

    Seating matches keys exactly, so callers reuse an existing spelling where there is one.
    """
    if kind not in AFFILIATION_KINDS:
        raise Refused(gettext("Choose school or household."), "kind")
    cleaned = " ".join(key.split())
    if not cleaned:
        raise Refused(gettext("Name the school or household, e.g. Eastern High."), "key")
    if len(cleaned) > 120:
        raise Refused(gettext("Use at most 120 characters."), "key")
    return cleaned
