"""How a duty is named outside jurycourt, in reminders and calendar files.

What leaves jurycourt (an email, a calendar on someone's phone) names only the kind of
session, the person's role, the time and the room: never a respondent, a case, or a hearing's
title, whatever a coordinator typed there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from jurycourt.domain.seating import SeatRole, SessionKind
from jurycourt.i18n import _
from jurycourt.i18n.formatting import local_date, local_time

#: The first reminder ("the day before") goes once a seat's hearing starts within this long.
REMINDER_WINDOW = timedelta(hours=30)
#: The "tonight" text goes this long before an evening session; the last reminder two hours before.
TONIGHT_LEAD = timedelta(hours=8)
SOON_LEAD = timedelta(hours=2)
#: A session starting at or after this local time is an evening one: it gets a "tonight" text.
EVENING = time(15, 0)


class ReminderStage(StrEnum):
    """The reminders before a duty, each sent once; the value is the outbox message's kind."""

    DAY_BEFORE = "reminder"
    TONIGHT = "reminder_tonight"
    SOON = "reminder_soon"

    def key(self, seat_id: int) -> str:
        """The outbox key of this stage's reminder for a seat (the day before keeps the first key)."""
        suffix = {ReminderStage.DAY_BEFORE: "", ReminderStage.TONIGHT: ":tonight", ReminderStage.SOON: ":soon"}
        return f"reminder:{seat_id}{suffix[self]}"


def reminder_stage(starts_at: datetime, now: datetime, zone: str) -> ReminderStage | None:
    """Which reminder is due now for a duty starting at ``starts_at``: the day before (from 30 hours
    before), "tonight" with the place (from 8 hours before an evening session), two hours before; None
    before the first and once it has started. Only the latest due stage counts: a person seated late
    is not sent the earlier ones as well."""
    left = starts_at - now
    if left <= timedelta(0) or left > REMINDER_WINDOW:
        return None
    if left <= SOON_LEAD:
        return ReminderStage.SOON
    if left <= TONIGHT_LEAD and starts_at.astimezone(ZoneInfo(zone)).time() >= EVENING:
        return ReminderStage.TONIGHT
    return ReminderStage.DAY_BEFORE


def duty_title(kind: SessionKind, role: SeatRole | None = None) -> str:
    """A calendar event's title: "Jury hearing (Juror)", or just the kind for a coordinator."""
    if role:
        return _("%(kind)s (%(role)s)") % {"kind": kind.label, "role": role.label}
    return kind.label


def place(venue: str | None, room: str | None) -> str:
    """Where a session meets: "Room 2, Main courthouse", or "" while no room is booked."""
    return ", ".join(part for part in (room, venue) if part)


@dataclass(frozen=True)
class Reminder:
    subject: str
    body: str
    short: str = ""  # the text message: no case detail, no other names


def reminder(kind: SessionKind, role: SeatRole, starts_at: datetime, ends_at: datetime, zone: str,
             where: str) -> Reminder:
    """The reminder a seated person gets before a session, in the current language (the
    recipient's, when the outbox sends it): role, local date and time, room."""
    tz = ZoneInfo(zone)
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    when = _("%(day)s, %(start)s–%(end)s (%(zone)s time)") % {
        "day": local_date(start, "long_weekday"), "start": local_time(start), "end": local_time(end), "zone": zone}
    room = _("in %(place)s") % {"place": where} if where else _("in a room still to be announced")
    return Reminder(
        subject=_("Reminder: you serve on %(day)s") % {"day": local_date(start, "short_weekday")},
        body=(_("This is a reminder that you serve as %(role)s at a %(kind)s on %(when)s, %(room)s.\n\nOpen "
                "jurycourt to see your duties. If you can no longer come, tell your coordinator as soon as "
                "you can.") % {"role": role.label, "kind": kind.label.lower(), "when": when, "room": room}),
        short=_("jurycourt reminder: you serve as %(role)s on %(when)s, %(room)s.") % {
            "role": role.label, "when": when, "room": room},
    )


def reminder_on_the_day(tonight: bool, role: SeatRole, starts_at: datetime, zone: str, where: str) -> Reminder:
    """A reminder on the day of the duty: the "tonight" text of an evening session, or the last
    reminder, two hours before; the time and the place, nothing else."""
    start = starts_at.astimezone(ZoneInfo(zone))
    words = {"role": role.label, "time": local_time(start), "room": where or _("a room still to be announced")}
    if tonight:
        return Reminder(
            subject=_("Tonight at %(time)s: you serve as %(role)s") % words,
            body=_("You serve tonight as %(role)s. Be there at %(time)s, in %(room)s.\n\nIf you can no longer "
                   "come, tell your coordinator now.") % words,
            short=_("jurycourt: tonight at %(time)s you serve as %(role)s, in %(room)s.") % words)
    return Reminder(
        subject=_("Starting at %(time)s: you serve as %(role)s") % words,
        body=_("In about two hours, at %(time)s, you serve as %(role)s, in %(room)s. If you can't come, tell your "
               "coordinator now.") % words,
        short=_("jurycourt: at %(time)s you serve as %(role)s, in %(room)s. See you soon.") % words)


def invitation(kind: SessionKind, role: SeatRole, seat: int | None = None) -> Reminder:
    """The message a person gets when they are invited to serve (never the hearing's title); its text
    message says how to answer by text, with the seat's number."""
    return Reminder(
        subject=_("You are invited to serve"),
        body=_("You have been invited to serve as %(role)s at a %(kind)s. Open jurycourt to accept or decline.")
        % {"role": role.label, "kind": kind.label.lower()},
        short=(_("jurycourt: you are invited to serve as %(role)s. Reply YES %(seat)s to accept or NO %(seat)s to "
                 "decline, or answer on jurycourt.") % {"role": role.label, "seat": seat}) if seat else "")


def access_link(kind: str, url: str, expires_at: datetime, zone: str) -> Reminder:
    """An invitation (account set-up) or password reset link a coordinator sends: the link, until when
    it works, and that it works once (no case details, no other names)."""
    words = {"url": url, "until": local_date(expires_at.astimezone(ZoneInfo(zone)), "long_weekday")}
    invite = kind == "invite"
    subject = _("Set up your jurycourt account") if invite else _("Choose a new jurycourt password")
    body = (_("Your coordinator sent you this link to set up your jurycourt account:\n\n%(url)s\n\nIt works "
              "once, until %(until)s. If you did not expect it, tell your coordinator.") if invite else
            _("Your coordinator sent you this link to choose a new password for jurycourt:\n\n%(url)s\n\nIt "
              "works once, until %(until)s. If you did not ask for it, tell your coordinator."))
    short = (_("jurycourt: set up your account with this link (it works once, until %(until)s): %(url)s") if invite
             else _("jurycourt: choose a new password with this link (it works once, until %(until)s): %(url)s"))
    return Reminder(subject=subject, body=body % words, short=short % words)


def publication_withheld(publication_id: int) -> Reminder:
    """The alert each coordinator gets when the guard withholds a publication (generic words: the
    passage names someone protected)."""
    return Reminder(
        subject=_("A publication was withheld"),
        body=_("The redaction check now finds passages in publication %(id)s that could identify someone who "
               "became protected after it was published. It is withheld from the public site and its withdrawal "
               "is proposed: review it at /publications/%(id)s.") % {"id": publication_id})


def _when(starts_at: datetime, ends_at: datetime, zone: str) -> str:
    tz = ZoneInfo(zone)
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    return _("%(day)s, %(start)s–%(end)s (%(zone)s time)") % {
        "day": local_date(start, "long_weekday"), "start": local_time(start), "end": local_time(end), "zone": zone}


def hearing_cancelled(kind: SessionKind, starts_at: datetime, ends_at: datetime, zone: str) -> Reminder:
    """The message everyone seated at a hearing gets when it is cancelled: the kind of session and its
    time, never the hearing's title (a coordinator may have typed a name into it)."""
    when = _when(starts_at, ends_at, zone)
    return Reminder(
        subject=_("Cancelled: %(kind)s on %(day)s") % {"kind": kind.label, "day": local_date(starts_at.astimezone(
            ZoneInfo(zone)), "short_weekday")},
        body=_("The session you were due to serve at, a %(kind)s on %(when)s, has been cancelled. You don't need "
               "to come. Your coordinator will invite you again when there is a new date.")
        % {"kind": kind.label.lower(), "when": when},
        short=_("jurycourt: the %(kind)s on %(when)s is cancelled. You don't need to come.")
        % {"kind": kind.label.lower(), "when": when},
    )


def hearing_moved(kind: SessionKind, starts_at: datetime, ends_at: datetime, zone: str, where: str) -> Reminder:
    """The message everyone seated at a hearing gets when its time or room changes (no title either)."""
    when = _when(starts_at, ends_at, zone)
    room = where or _("a room still to be announced")
    return Reminder(
        subject=_("New time or place: %(kind)s") % {"kind": kind.label},
        body=_("The session you serve at, a %(kind)s, has moved. It is now on %(when)s, in %(room)s. If you can't "
               "come at the new time, tell your coordinator as soon as you can.")
        % {"kind": kind.label.lower(), "when": when, "room": room},
        short=_("jurycourt: your %(kind)s has moved to %(when)s, in %(room)s.")
        % {"kind": kind.label.lower(), "when": when, "room": room},
    )


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


#: Each kind of outbox message that is written at send time, in the recipient's language, from
#: the facts kept with it (``OutboxMessage.params``: JSON, no words).
COMPOSERS: dict[str, Callable[[dict[str, Any]], Reminder]] = {
    "reminder": lambda p: reminder(SessionKind(p["kind"]), SeatRole(p["role"]), _moment(p["starts_at"]),
                                   _moment(p["ends_at"]), p["zone"], p.get("where", "")),
    "reminder_tonight": lambda p: reminder_on_the_day(True, SeatRole(p["role"]), _moment(p["starts_at"]), p["zone"],
                                                      p.get("where", "")),
    "reminder_soon": lambda p: reminder_on_the_day(False, SeatRole(p["role"]), _moment(p["starts_at"]), p["zone"],
                                                   p.get("where", "")),
    "invitation": lambda p: invitation(SessionKind(p["kind"]), SeatRole(p["role"]), p.get("seat")),
    "access_link": lambda p: access_link(p["link"], p["url"], _moment(p["expires_at"]), p["zone"]),
    "publication_withheld": lambda p: publication_withheld(int(p["publication_id"])),
    "hearing_cancelled": lambda p: hearing_cancelled(SessionKind(p["kind"]), _moment(p["starts_at"]),
                                                     _moment(p["ends_at"]), p["zone"]),
    "hearing_moved": lambda p: hearing_moved(SessionKind(p["kind"]), _moment(p["starts_at"]), _moment(p["ends_at"]),
                                             p["zone"], p.get("where", "")),
}


def compose(kind: str, params: dict[str, Any]) -> Reminder:
    """The words of an outbox message of ``kind``, in the current language."""
    return COMPOSERS[kind](params)
