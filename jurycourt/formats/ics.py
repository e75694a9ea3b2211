"""Calendar files (RFC 5545) written with the icalendar library, in the program's time zone.

Each event's times carry the program's TZID, and the file carries the matching VTIMEZONE
(built by icalendar from the zoneinfo database), so every calendar app shows the same local
times, daylight saving included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from icalendar.enums import STATUS

from jurycourt import clock

PRODID = "-//jurycourt//calendar//EN"
MEDIA_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarEvent:
    """One session as a calendar shows it. ``title`` and ``location`` hold nothing confidential."""

    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime
    zone: str
    location: str = ""
    cancelled: bool = False


def calendar_file(events: Sequence[CalendarEvent], name: str,
                  refresh: timedelta | None = None) -> bytes:
    """An .ics file with ``events``; ``refresh`` tells subscribed calendars how often to re-read it."""
    stamp = clock.now().replace(microsecond=0)
    calendar = Calendar.new(prodid=PRODID, name=name, refresh_interval=refresh)
    for item in events:
        tz = ZoneInfo(item.zone)
        calendar.add_component(Event.new(
            uid=item.uid, summary=item.title, stamp=stamp,
            start=item.starts_at.astimezone(tz), end=item.ends_at.astimezone(tz),
            location=item.location or None,
            status=STATUS.CANCELLED if item.cancelled else STATUS.CONFIRMED,
        ))
    if events:
        first = min(e.starts_at for e in events).date()
        last = max(e.ends_at for e in events).date()
        # Only the years the events need, so the VTIMEZONE stays small.
        calendar.add_missing_timezones(first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1))
    return calendar.to_ical()


def web_calendar_links(title: str, starts: datetime, ends: datetime, location: str = "") -> dict[str, str]:
    """Addresses that open a new event, filled in, in Google Calendar and Outlook on the web (Apple's
    Calendar takes the .ics file). Only what the duty's own calendar entry holds: never a case."""
    from urllib.parse import urlencode

    utc = ZoneInfo("UTC")
    start, end = starts.astimezone(utc), ends.astimezone(utc)
    stamp = "%Y%m%dT%H%M%SZ"
    google = urlencode({"action": "TEMPLATE", "text": title, "dates": f"{start:{stamp}}/{end:{stamp}}",
                        "location": location})
    outlook = urlencode({"path": "/calendar/action/compose", "rru": "addevent", "subject": title,
                         "startdt": start.isoformat(timespec="seconds"), "enddt": end.isoformat(timespec="seconds"),
                         "location": location})
    return {"google": f"https://calendar.google.com/calendar/render?{google}",
            "outlook": f"https://outlook.live.com/calendar/0/deeplink/compose?{outlook}"}
