"""Attendance on the day: check in, check out, no-show and undo, one tap per person.

Attendance is the source of the hours the ledger credits (see
``jurycourt.domain.ledger.service_credit``). Each step is a conditional update on the
seat's current state, so two tablets tapping the same person at once can't both succeed, and a
held hearing's attendance is final.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from tortoise.transactions import in_transaction

from jurycourt import clock
from jurycourt.actions.audit import record
from jurycourt.auth.policy import NotFound, coordinates
from jurycourt.auth.viewer import Viewer
from jurycourt.domain.errors import Refused
from jurycourt.domain.hearings import SHEET_SEATS, check_attendance_open
from jurycourt.i18n import _
from jurycourt.models import Seat


class Step(StrEnum):
    """One tap on the attendance sheet."""

    CHECK_IN = "check_in"
    CHECK_OUT = "check_out"
    NO_SHOW = "no_show"
    UNDO = "undo"


async def _open_seat(actor: Viewer, seat_id: int, hearing_id: int | None, now: datetime,
                     override: str = "") -> Seat:
    """The seat on a sheet the actor coordinates (404 otherwise), at a hearing open for attendance
    (inside its time, or outside it with the coordinator's reason, kept as ``seat.override``)."""
    query = Seat.filter(id=seat_id, status__in=list(SHEET_SEATS))
    if hearing_id is not None:
        query = query.filter(hearing_id=hearing_id)
    seat = await query.select_related("hearing", "hearing__program").first()
    if seat is None or not coordinates(actor, seat.hearing.program_id):
        raise NotFound()
    seat.override = check_attendance_open(seat.hearing.status, seat.hearing.starts_at, now,
                                          ends_at=seat.hearing.ends_at, rules=seat.hearing.program.rules,
                                          override=override)
    return seat


async def _done(actor: Viewer, seat: Seat, step: str) -> Seat:
    # Outside the hearing's time the coordinator's reason goes on the record with the step.
    extra = {"override": seat.override} if getattr(seat, "override", "") else {}
    await record(f"attendance.{step}", actor_id=actor.person_id, program_id=seat.hearing.program_id,
                 subject=("seat", seat.id), hearing=seat.hearing_id, **extra)
    await seat.refresh_from_db(fields=["checked_in_at", "checked_out_at", "no_show"])
    return seat


async def check_in(actor: Viewer, seat_id: int, *, hearing_id: int | None = None,
                   now: datetime | None = None, override: str = "") -> Seat:
    """Record the person's arrival at ``now``; clears a no-show mark. Refused once checked in."""
    now = now or clock.now()
    seat = await _open_seat(actor, seat_id, hearing_id, now, override)
    async with in_transaction():
        if not await Seat.filter(id=seat.id, checked_in_at=None).update(
                checked_in_at=now, checked_out_at=None, no_show=False):
            raise Refused(_("Already checked in."))
        return await _done(actor, seat, Step.CHECK_IN)


async def check_out(actor: Viewer, seat_id: int, *, hearing_id: int | None = None,
                    now: datetime | None = None, override: str = "") -> Seat:
    """Record the person's departure at ``now``. Refused unless checked in and not yet out."""
    now = now or clock.now()
    seat = await _open_seat(actor, seat_id, hearing_id, now, override)
    async with in_transaction():
        if not await Seat.filter(id=seat.id, checked_in_at__not_isnull=True, checked_out_at=None).update(
                checked_out_at=now):
            raise Refused(_("Already checked out.") if seat.checked_out_at else _("Check them in first."))
        return await _done(actor, seat, Step.CHECK_OUT)


async def mark_no_show(actor: Viewer, seat_id: int, *, hearing_id: int | None = None,
                       now: datetime | None = None, override: str = "") -> Seat:
    """Mark that the person did not come. Refused once they have checked in."""
    now = now or clock.now()
    seat = await _open_seat(actor, seat_id, hearing_id, now, override)
    async with in_transaction():
        if not await Seat.filter(id=seat.id, checked_in_at=None, no_show=False).update(no_show=True):
            raise Refused(_("They checked in: undo the check-in first.") if seat.checked_in_at
                          else _("Already marked as a no-show."))
        return await _done(actor, seat, Step.NO_SHOW)


async def undo(actor: Viewer, seat_id: int, *, hearing_id: int | None = None,
               now: datetime | None = None, override: str = "") -> Seat:
    """Take back the last step: a check-out, else a check-in, else a no-show mark."""
    now = now or clock.now()
    seat = await _open_seat(actor, seat_id, hearing_id, now, override)
    if seat.checked_out_at is not None:
        undone, when, values = "check_out", {"checked_out_at__not_isnull": True}, {"checked_out_at": None}
    elif seat.checked_in_at is not None:
        undone, when = "check_in", {"checked_in_at__not_isnull": True, "checked_out_at": None}
        values = {"checked_in_at": None}
    elif seat.no_show:
        undone, when, values = "no_show", {"no_show": True, "checked_in_at": None}, {"no_show": False}
    else:
        raise Refused(_("There is nothing to undo."))
    async with in_transaction():
        if not await Seat.filter(id=seat.id, **when).update(**values):
            raise Refused(_("Someone else changed this row just now: look again."))
        extra = {"override": seat.override} if seat.override else {}
        await record("attendance.undo", actor_id=actor.person_id, program_id=seat.hearing.program_id,
                     subject=("seat", seat.id), hearing=seat.hearing_id, undone=undone, **extra)
    await seat.refresh_from_db(fields=["checked_in_at", "checked_out_at", "no_show"])
    return seat


STEPS = {Step.CHECK_IN: check_in, Step.CHECK_OUT: check_out, Step.NO_SHOW: mark_no_show, Step.UNDO: undo}


async def record_attendance(actor: Viewer, seat_id: int, step: str, *, hearing_id: int | None = None,
                            now: datetime | None = None, override: str = "") -> Seat:
    """Apply one tap (``Step`` by name) to a seat of ``hearing_id``."""
    try:
        action = STEPS[Step(step)]
    except ValueError:
        raise Refused(_("Choose check in, check out, no-show or undo.")) from None
    return await action(actor, seat_id, hearing_id=hearing_id, now=now, override=override)
