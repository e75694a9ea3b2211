"""How a duty is named outside jurycourt, in reminders and calendar files.

What leaves jurycourt (an email, a calendar on someone's phone) names only the kind of
session, the person's role, the time and the room: never a respondent, a case, or a hearing's
title, whatever a coordinator typed there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.i18n import _

#: Seats are reminded of when their hearing starts within this long.
REMINDER_WINDOW = timedelta(hours=48)


def duty_title(kind: SessionKind, role: SeatRole | None = None) -> str:
    """A calendar event's title: "Jury hearing (Juror)", or just the kind for a coordinator."""
    return f"{kind.label} ({role.label})" if role else kind.label


def place(venue: str | None, room: str | None) -> str:
    """Where a session meets: "Room 2, Main courthouse", or "" while no room is booked."""
    return ", ".join(part for part in (room, venue) if part)


def _day(moment: datetime) -> str:
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


@dataclass(frozen=True)
class Reminder:
    subject: str
    body: str


def reminder(kind: SessionKind, role: SeatRole, starts_at: datetime, ends_at: datetime, zone: str,
             where: str) -> Reminder:
    """The reminder a seated person gets before a session: role, local date and time, room."""
    tz = ZoneInfo(zone)
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    when = f"{_day(start)}, {start:%H:%M}–{end:%H:%M} ({zone} time)"
    room = f"in {where}" if where else "in a room still to be announced"
    return Reminder(
        subject=f"Reminder: you serve on {start:%a} {start.day} {start:%b}",
        body=(f"This is a reminder that you serve as {role.label} at a {kind.label.lower()} on {when}, "
              f"{room}.\n\nOpen jurycourt to see your duties. If you can no longer come, tell your "
              "coordinator as soon as you can."),
    )


def _when(starts_at: datetime, ends_at: datetime, zone: str) -> str:
    tz = ZoneInfo(zone)
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    return f"{_day(start)}, {start:%H:%M}–{end:%H:%M} ({zone})"


def hearing_cancelled(title: str, starts_at: datetime, ends_at: datetime, zone: str) -> Reminder:
    """The message everyone seated at a hearing gets when it is cancelled."""
    when = _when(starts_at, ends_at, zone)
    return Reminder(
        subject=_("Cancelled: %(title)s") % {"title": title},
        body=_("The session you were due to serve at, %(title)s on %(when)s, has been cancelled. You don't need "
               "to come. Your coordinator will invite you again when there is a new date.")
        % {"title": title, "when": when},
    )


def hearing_moved(title: str, starts_at: datetime, ends_at: datetime, zone: str, where: str) -> Reminder:
    """The message everyone seated at a hearing gets when its time or room changes."""
    when = _when(starts_at, ends_at, zone)
    room = where or _("a room still to be announced")
    return Reminder(
        subject=_("New time or place: %(title)s") % {"title": title},
        body=_("The session you serve at, %(title)s, has moved. It is now on %(when)s, in %(room)s. If you can't "
               "come at the new time, tell your coordinator as soon as you can.")
        % {"title": title, "when": when, "room": room},
    )
