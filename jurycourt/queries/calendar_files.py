"""What calendar files show: a person's own duties, or a coordinator's sessions. Never a case."""

from __future__ import annotations

from datetime import timedelta

from jurycourt import clock, i18n
from jurycourt.auth.policy import NotFound, coordinates
from jurycourt.auth.tokens import digest
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.duties import duty_title, place
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.formats.ics import CalendarEvent
from jurycourt.models import CalendarFeed, Hearing, Seat

#: Seats a person knows of and means to keep: they appear in the person's calendar.
CALENDAR_SEATS = (SeatStatus.INVITED, SeatStatus.ACCEPTED)
FEED_PAST = timedelta(days=30)
FEED_LIMIT = 500
FEED_REFRESH = timedelta(hours=1)


def hearing_event(hearing: Hearing, seat: Seat | None = None) -> CalendarEvent:
    """A hearing as a calendar event: for a seat, titled with its role and named after the seat."""
    room = hearing.room
    return CalendarEvent(
        uid=f"seat-{seat.id}@jurycourt" if seat else f"hearing-{hearing.id}@jurycourt",
        title=duty_title(hearing.kind, seat.role if seat else None),
        starts_at=hearing.starts_at, ends_at=hearing.ends_at, zone=hearing.program.time_zone,
        location=place(room.venue, room.name) if room else "",
        cancelled=hearing.status == HearingStatus.CANCELLED,
    )


async def hearing_event_for(viewer: Viewer, hearing_id: int) -> CalendarEvent:
    """The viewer's own seat at a hearing, or the hearing itself for its program's coordinator; 404 otherwise."""
    seat = await Seat.filter(hearing_id=hearing_id, person_id=viewer.person_id, status__in=CALENDAR_SEATS).first()
    hearing = await Hearing.filter(id=hearing_id).select_related("room", "program").first()
    if hearing is None or (seat is None and not coordinates(viewer, hearing.program_id)):
        raise NotFound()
    return hearing_event(hearing, seat)


async def feed_events(token: str) -> list[CalendarEvent]:
    """The duties behind a personal feed token: seats at hearings from 30 days ago on; 404 for an
    unknown or revoked token."""
    feed = await CalendarFeed.get_or_none(token_hash=digest(token), revoked_at=None)
    if feed is None:
        raise NotFound()
    seats = await Seat.filter(
        person_id=feed.person_id, status__in=CALENDAR_SEATS, hearing__ends_at__gte=clock.now() - FEED_PAST,
    ).select_related("hearing", "hearing__room", "hearing__program", "person").order_by(
        "hearing__starts_at", "id").limit(FEED_LIMIT)
    # A calendar app fetches the feed without the person's session: their entries are written in
    # the language on their record, whatever the app's request asks for.
    with i18n.use_language(seats[0].person.language if seats else None):
        return [hearing_event(seat.hearing, seat) for seat in seats]


def _active_feed_query(person_id: int):
    return (CalendarFeed.filter(person_id=person_id, revoked_at=None).order_by("-id")
        .first())



async def active_feed(viewer: Viewer) -> CalendarFeed | None:
    """The viewer's working feed, if any (its address can't be shown again: only its hash is kept)."""
    return await _active_feed_query(person_id=viewer.person_id)
