"""Scheduling hearings: create, move, change status. A room is never booked twice."""

from __future__ import annotations

from datetime import datetime

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.actions.outbox import enqueue
from jurycourt.actions.separation import require_for_beneficiaries
from jurycourt.actions.service_credits import attended_seats, credit_attended_seats
from jurycourt.auth.policy import coordinates, require
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.duties import place
from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import (
    HOLDING_SEATS,
    LIFECYCLE,
    SHEET_SEATS,
    HearingStatus,
    check_mark_held,
    check_times,
)
from jurycourt.domain.seating import SessionKind
from jurycourt.i18n import _, ngettext
from jurycourt.models import Hearing, Room, Seat
from jurycourt.settings import Settings


async def _check_room_free(room_id: int | None, starts_at: datetime, ends_at: datetime,
                           ignore_hearing: int | None = None) -> None:
    """Refuse when another (not cancelled) hearing holds the room at any time in the span."""
    if room_id is None:
        return
    clash = Hearing.filter(room_id=room_id, starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(
        status=HearingStatus.CANCELLED
    )
    if ignore_hearing is not None:
        clash = clash.exclude(id=ignore_hearing)
    other = await clash.select_related("room").first()
    if other is not None:
        raise Refused(
            (_("%(name)s is already booked then (%(kind)s). Choose another room or time.")
             % {"name": other.room.name, "kind": other.title or other.kind.label}), "room",
        )


async def _check_seated_free(hearing: Hearing, starts_at: datetime, ends_at: datetime) -> None:
    """Refuse a new time at which someone holding a seat here is seated at another hearing."""
    seated = Seat.filter(hearing_id=hearing.id, status__in=list(HOLDING_SEATS)).values("person_id")
    clash = await Seat.filter(
        person_id__in=Subquery(seated), status__in=list(HOLDING_SEATS),
        hearing__starts_at__lt=ends_at, hearing__ends_at__gt=starts_at,
    ).exclude(hearing_id=hearing.id).exclude(hearing__status=HearingStatus.CANCELLED).count()
    if clash:
        raise Refused(
            ngettext("%(num)s person seated here would then be seated at another hearing too. Choose another "
                     "time, or change the seats first.",
                     "%(num)s people seated here would then be seated at another hearing too. Choose another "
                     "time, or change the seats first.", clash) % {"num": clash}, "starts_at",
        )


async def _room_in_program(room_id: int | None, program_id: int) -> None:
    if room_id is not None and not await Room.exists(id=room_id, program_id=program_id):
        raise Refused(_("Choose a room of this program."), "room")


async def create_hearing(actor: Viewer, program_id: int, kind: SessionKind, title: str,
                         starts_at: datetime, ends_at: datetime, room_id: int | None) -> Hearing:
    """Schedule a hearing; refuses bad times and a room already booked at that time."""
    require(coordinates(actor, program_id), hide=False)
    check_times(starts_at, ends_at)
    await _room_in_program(room_id, program_id)
    async with in_transaction():
        await _check_room_free(room_id, starts_at, ends_at)
        hearing = await Hearing.create(program_id=program_id, kind=kind, title=title.strip(),
                                       starts_at=starts_at, ends_at=ends_at, room_id=room_id)
        await record("hearing.created", actor_id=actor.person_id, program_id=program_id,
                     subject=("hearing", hearing.id))
    return hearing


async def move_hearing(actor: Viewer, hearing: Hearing, starts_at: datetime, ends_at: datetime,
                       room_id: int | None) -> Hearing:
    """Change a hearing's time or room, with the same checks as creating it."""
    require(coordinates(actor, hearing.program_id), hide=False)
    if hearing.status in (HearingStatus.HELD, HearingStatus.CANCELLED):
        raise Refused(_("A %(status)s hearing can't be moved.") % {"status": hearing.status}, "starts_at")
    check_times(starts_at, ends_at)
    await _room_in_program(room_id, hearing.program_id)
    async with in_transaction():
        await _check_room_free(room_id, starts_at, ends_at, ignore_hearing=hearing.id)
        await _check_seated_free(hearing, starts_at, ends_at)
        await Hearing.filter(id=hearing.id).update(starts_at=starts_at, ends_at=ends_at, room_id=room_id)
        await record("hearing.moved", actor_id=actor.person_id, program_id=hearing.program_id,
                     subject=("hearing", hearing.id))
        moved = (starts_at, ends_at, room_id) != (hearing.starts_at, hearing.ends_at, hearing.room_id)
        was_at = hearing.starts_at
        await hearing.refresh_from_db()
        if moved:
            await _tell_seated(hearing, "hearing_moved", f"{starts_at.isoformat()}:{room_id}",
                               was_at=was_at.isoformat())
    return hearing


async def _tell_seated(hearing: Hearing, kind: str, version: str, **more: str) -> int:
    """Queue a message to everyone seated at ``hearing`` (invited or accepted) that it was moved or
    cancelled, once per seat and change (``version`` names the change in the dedupe key), by each
    person's channels. ``more`` adds facts (``was_at``: a moved hearing's former start, which with the
    new one decides whether the notice may break quiet hours and the pace of texts)."""
    await hearing.fetch_related("program", "room")
    facts = {"kind": str(hearing.kind), "starts_at": hearing.starts_at.isoformat(),
             "ends_at": hearing.ends_at.isoformat(), "zone": hearing.program.time_zone,
             "where": place(hearing.room.venue, hearing.room.name) if hearing.room else "", **more}
    told = 0
    for seat_id, person_id in await Seat.filter(hearing_id=hearing.id, status__in=list(SHEET_SEATS)).values_list(
            "id", "person_id"):
        if await enqueue(person_id, kind, f"{kind}:{seat_id}:{version}", params=facts,
                         thread=f"hearing:{hearing.id}"):
            told += 1
    return told


async def set_hearing_status(actor: Viewer, hearing: Hearing, status: HearingStatus, *, alone_reason: str = "",
                             settings: Settings | None = None, override: str = "",
                             now: datetime | None = None) -> None:
    """Confirm, hold, cancel or re-plan a hearing as the status table allows. Marking it held
    credits the hours served: a coordinator's own seat (or another coordinator's) is then a second,
    independent coordinator's step; and it follows the hearing's time (not before it starts, unless
    the coordinator gives a reason, which is audited). Cancelling tells everyone seated."""
    require(coordinates(actor, hearing.program_id), hide=False)
    LIFECYCLE.check(hearing.status, status)
    extra: dict[str, str] = {}
    if status == HearingStatus.HELD:
        if reason := check_mark_held(hearing.starts_at, now or clock.now(), override):
            extra["override"] = reason
        await _check_everyone_out(hearing)
    async with in_transaction():
        if status == HearingStatus.PLANNED and hearing.status == HearingStatus.CANCELLED:
            await _check_room_free(hearing.room_id, hearing.starts_at, hearing.ends_at, hearing.id)
            await _check_seated_free(hearing, hearing.starts_at, hearing.ends_at)
        await Hearing.filter(id=hearing.id).update(status=status)
        await record(f"hearing.{status}", actor_id=actor.person_id, program_id=hearing.program_id,
                     subject=("hearing", hearing.id), **extra)
        if status == HearingStatus.CANCELLED:
            await _tell_seated(hearing, "hearing_cancelled", (now or clock.now()).isoformat())
        if status == HearingStatus.HELD:  # attendance is now final: credit the hours served, once
            seats = await attended_seats(hearing)
            await require_for_beneficiaries(actor, hearing.program_id, [seat.person_id for seat in seats],
                                            "hearings.set_hearing_status", alone_reason=alone_reason,
                                            settings=settings, subject=("hearing", hearing.id))
            await credit_attended_seats(hearing, recorded_by=actor.person_id, seats=seats)
    hearing.status = status


async def _check_everyone_out(hearing: Hearing) -> None:
    """A held hearing's attendance is final (hours are credited from it), so no one may still be
    checked in without a check-out when it is marked held."""
    still_in = await Seat.filter(hearing_id=hearing.id, status__in=list(SHEET_SEATS), checked_in_at__not_isnull=True,
                                 checked_out_at=None).count()
    if still_in:
        raise Refused(ngettext("%(num)s person is still checked in: check them out on the attendance sheet first.",
                               "%(num)s people are still checked in: check them out on the attendance sheet first.",
                               still_in) % {"num": still_in},
                      "status")


async def create_room(actor: Viewer, program_id: int, venue: str, name: str, capacity: int) -> Room:
    """Add a room where the program can hold hearings; names are unique per venue."""
    require(coordinates(actor, program_id), hide=False)
    if await Room.exists(program_id=program_id, venue=venue.strip(), name=name.strip()):
        raise Refused(_("That venue already has a room of this name."), "name")
    async with in_transaction():
        room = await Room.create(program_id=program_id, venue=venue.strip(), name=name.strip(), capacity=capacity)
        await record("room.created", actor_id=actor.person_id, program_id=program_id, subject=("room", room.id))
    return room
