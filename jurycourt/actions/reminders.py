"""Reminders before a session, queued in the outbox once per seat."""

from __future__ import annotations

from datetime import datetime

from jurycourt import clock
from jurycourt.actions.outbox import enqueue
from jurycourt.domain.duties import REMINDER_WINDOW, place
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.models import OutboxMessage, Seat

REMINDED_SEATS = (SeatStatus.INVITED, SeatStatus.ACCEPTED)


async def enqueue_reminders(now: datetime | None = None) -> int:
    """Queue a reminder (key ``reminder:<seat id>``) for every invited or accepted seat at a
    planned or confirmed hearing starting within the next 48 hours. Returns how many were queued.

    Each seat is reminded once, however often this runs and however many processes run it.
    """
    now = now or clock.now()
    seats = await Seat.filter(
        status__in=REMINDED_SEATS, hearing__starts_at__gte=now, hearing__starts_at__lt=now + REMINDER_WINDOW,
        hearing__status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED],
    ).select_related("hearing", "hearing__room", "hearing__program").order_by("hearing__starts_at", "id")
    keyed = {f"reminder:{seat.id}": seat for seat in seats}
    if not keyed:
        return 0
    done = set(await OutboxMessage.filter(dedupe_key__in=list(keyed)).values_list("dedupe_key", flat=True))
    queued = 0
    for key, seat in keyed.items():
        if key in done:
            continue
        hearing, room = seat.hearing, seat.hearing.room
        facts = {"kind": str(hearing.kind), "role": str(seat.role), "starts_at": hearing.starts_at.isoformat(),
                 "ends_at": hearing.ends_at.isoformat(), "zone": hearing.program.time_zone,
                 "where": place(room.venue, room.name) if room else ""}
        if await enqueue(seat.person_id, "reminder", key, params=facts, thread=f"hearing:{hearing.id}"):
            queued += 1
    return queued
