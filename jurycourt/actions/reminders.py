"""Reminders before a duty, queued in the outbox once per seat and stage: the day before, a "tonight"
text with the place on the day of an evening session, and two hours before."""

from __future__ import annotations

from datetime import datetime

from jurycourt import clock
from jurycourt.actions.outbox import enqueue
from jurycourt.domain.duties import REMINDER_WINDOW, ReminderStage, place, reminder_stage
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.messaging import Channel
from jurycourt.models import OutboxMessage, Seat

REMINDED_SEATS = (SeatStatus.INVITED, SeatStatus.ACCEPTED)
#: The "tonight" reminder is a text: people who chose email only are not sent it.
STAGE_CHANNELS = {ReminderStage.TONIGHT: (Channel.TEXT,)}


async def enqueue_reminders(now: datetime | None = None) -> int:
    """Queue the reminder due now (``domain.duties.reminder_stage``) for every invited or accepted seat
    at a planned or confirmed hearing starting within the next 30 hours, keyed by seat and stage
    (``reminder:<seat id>``, then ``:tonight``, ``:soon``), by each person's channels. Returns how many
    were queued.

    Each reminder goes once, however often this runs and however many processes run it; quiet hours
    and the pace of texts are the sender's (a reminder queued at night waits for the morning).
    """
    now = now or clock.now()
    seats = await Seat.filter(
        status__in=REMINDED_SEATS, hearing__starts_at__gt=now, hearing__starts_at__lte=now + REMINDER_WINDOW,
        hearing__status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED],
    ).select_related("hearing", "hearing__room", "hearing__program").order_by("hearing__starts_at", "id")
    keyed: dict[str, tuple[Seat, ReminderStage]] = {}
    for seat in seats:
        stage = reminder_stage(seat.hearing.starts_at, now, seat.hearing.program.time_zone)
        if stage is not None:
            keyed[stage.key(seat.id)] = (seat, stage)
    if not keyed:
        return 0
    done = set(await OutboxMessage.filter(dedupe_key__in=list(keyed)).values_list("dedupe_key", flat=True))
    queued = 0
    for key, (seat, stage) in keyed.items():
        if key in done:
            continue
        hearing, room = seat.hearing, seat.hearing.room
        facts = {"kind": str(hearing.kind), "role": str(seat.role), "starts_at": hearing.starts_at.isoformat(),
                 "ends_at": hearing.ends_at.isoformat(), "zone": hearing.program.time_zone,
                 "where": place(room.venue, room.name) if room else ""}
        if await enqueue(seat.person_id, stage.value, key, params=facts, thread=f"hearing:{hearing.id}",
                         only=STAGE_CHANNELS.get(stage)):
            queued += 1
    return queued
