"""Reminders before a duty, queued in the outbox once per seat and stage: the day before, a "tonight"
text with the place on the day of an evening session, and two hours before. A citizens' panel's
members (who hold no seat) get one reminder per session."""

from __future__ import annotations

from datetime import datetime

from jurycourt import clock
from jurycourt.actions.outbox import enqueue
from jurycourt.domain.citizens_panels import CitizensPanelStatus, VolunteerStatus
from jurycourt.domain.duties import REMINDER_WINDOW, ReminderStage, place, reminder_stage
from jurycourt.domain.hearings import HearingStatus, SeatStatus
from jurycourt.domain.messaging import Channel
from jurycourt.domain.seating import SeatRole
from jurycourt.models import CitizensPanelSession, Hearing, OutboxMessage, Seat, Volunteer

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
    return await _seat_reminders(now) + await _panel_session_reminders(now)


def _facts(hearing: Hearing, role: SeatRole) -> dict[str, str]:
    room = hearing.room
    return {"kind": str(hearing.kind), "role": str(role), "starts_at": hearing.starts_at.isoformat(),
            "ends_at": hearing.ends_at.isoformat(), "zone": hearing.program.time_zone,
            "where": place(room.venue, room.name) if room else ""}


async def _seat_reminders(now: datetime) -> int:
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
        hearing = seat.hearing
        if await enqueue(seat.person_id, stage.value, key, params=_facts(hearing, seat.role),
                         thread=f"hearing:{hearing.id}", only=STAGE_CHANNELS.get(stage)):
            queued += 1
    return queued


def panel_reminder_key(session_id: int, person_id: int) -> str:
    return f"reminder:citizens:{session_id}:{person_id}"


async def _panel_session_reminders(now: datetime) -> int:
    """One reminder per member (a selected volunteer with a person) of a sitting citizens' panel, per
    session starting within the next 30 hours: the stage due when it is first queued, and no other
    (a panel meets for whole days, often on several weekends: one reminder each time is enough)."""
    sessions = await CitizensPanelSession.filter(
        panel__status=CitizensPanelStatus.DRAWN, hearing__starts_at__gt=now,
        hearing__starts_at__lte=now + REMINDER_WINDOW,
        hearing__status__in=[HearingStatus.PLANNED, HearingStatus.CONFIRMED],
    ).select_related("hearing", "hearing__room", "hearing__program").order_by("hearing__starts_at", "id")
    if not sessions:
        return 0
    members: dict[int, list[int]] = {}
    for panel_id, person_id in await Volunteer.filter(
            panel_id__in={s.panel_id for s in sessions}, status=VolunteerStatus.SELECTED,
            person_id__isnull=False).order_by("id").values_list("panel_id", "person_id"):
        members.setdefault(panel_id, []).append(person_id)
    keyed: dict[str, tuple[CitizensPanelSession, int, ReminderStage]] = {}
    for session in sessions:
        stage = reminder_stage(session.hearing.starts_at, now, session.hearing.program.time_zone)
        if stage is not None:
            for person_id in members.get(session.panel_id, []):
                keyed[panel_reminder_key(session.id, person_id)] = (session, person_id, stage)
    done = set(await OutboxMessage.filter(dedupe_key__in=list(keyed)).values_list("dedupe_key", flat=True))
    queued = 0
    for key, (session, person_id, stage) in keyed.items():
        if key not in done and await enqueue(person_id, stage.value, key,
                                             params=_facts(session.hearing, SeatRole.MEMBER),
                                             thread=f"hearing:{session.hearing_id}", only=STAGE_CHANNELS.get(stage)):
            queued += 1
    return queued
